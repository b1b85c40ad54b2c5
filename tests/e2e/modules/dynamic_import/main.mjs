import * as staticNs from "./_static.mjs";
console.log("main start");
const p = import("./_lazy.mjs");
console.log("import() returned a promise:", p instanceof Promise);
const lazy = await p;
console.log(lazy.value, lazy.default(), Object.keys(lazy).join(","));
const again = await import("./_lazy.mjs");
console.log("same namespace object:", again === lazy);
const dynStatic = await import("./_static.mjs");
console.log("dynamic === static namespace:", dynStatic === staticNs, dynStatic.tag);
const specifier = "./_" + "lazy.mjs";
console.log("computed specifier:", (await import(specifier)) === lazy);
try { await import("./_missing_module_for_dynamic_import.mjs"); } catch (e) { console.log("missing module rejects:", e instanceof Error); }
const results = await Promise.all([import("./_lazy.mjs"), import("./_static.mjs")]);
console.log(results[0] === lazy, results[1] === staticNs);
