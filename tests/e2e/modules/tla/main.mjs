import { derived } from "./_uses_slow.mjs";
import { syncValue } from "./_sync.mjs";
console.log("main:", derived, "/", syncValue);
const value = await Promise.resolve("awaited at top level");
console.log(value);
for await (const x of [Promise.resolve(1), 2]) console.log("top-level for await", x);
const timed = await new Promise((r) => setTimeout(() => r("after timeout"), 10));
console.log(timed);
try { await Promise.reject(new Error("tla rejection caught")); } catch (e) { console.log(e.message); }
