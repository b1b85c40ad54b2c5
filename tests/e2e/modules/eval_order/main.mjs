import "./_first.mjs";
import "./_second.mjs";
import "./_shared.mjs";
console.log("eval main (last)");
