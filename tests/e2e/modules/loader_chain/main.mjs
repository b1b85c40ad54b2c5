// One loader chain: a host-native module, a static import, and import() of a module
// named at run time (from a snapshot it is loaded from source beside the snapshot).
import { platform, exit } from "gannet:process";
import { label } from "./_static.mjs";

console.log(typeof platform, typeof exit, label);
const name = ["./_dyn", "amic.mjs"].join("");
const mod = await import(name);
console.log(mod.value);
