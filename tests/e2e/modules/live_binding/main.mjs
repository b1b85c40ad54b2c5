import { count, increment, reset, viaVar, aliasCount } from "./_counter.mjs";
import * as ns from "./_counter.mjs";
console.log(count, ns.count, aliasCount);
increment(); increment();
console.log(count, ns.count, aliasCount);
reset();
console.log(count, viaVar, ns.viaVar);
const snapshot = count;
increment();
console.log("snapshot", snapshot, "live", count);
try { count = 10; } catch (e) { console.log("imports are read-only:", e.name); }
