import * as hub from "./_hub.mjs";
import { a, b, renamedB, nsA, aDefault2, shared } from "./_hub.mjs";
import * as starOnly from "./_star_only.mjs";
console.log(a, b, renamedB, aDefault2, shared);
console.log(Object.keys(hub).join(","));
console.log(nsA.a, nsA.default, Object.keys(nsA).join(","));
console.log("default" in hub, "default" in starOnly, "shared" in starOnly, Object.keys(starOnly).join(","));
