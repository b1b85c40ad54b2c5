const out = [];
setTimeout(() => { out.push("T1"); queueMicrotask(() => out.push("T1-micro")); Promise.resolve().then(() => out.push("T1-promise")); }, 0);
setTimeout(() => out.push("T2"), 0);
queueMicrotask(() => { out.push("M1"); queueMicrotask(() => out.push("M1-nested")); });
Promise.resolve().then(() => out.push("P1")).then(() => out.push("P1-then"));
queueMicrotask(() => out.push("M2"));
(async () => { out.push("async-sync-part"); await null; out.push("async-after-await"); })();
setTimeout(() => console.log(out.join(" ")), 20);
const chain = [];
let n = 0;
function again() { if (n++ < 1000) queueMicrotask(again); else chain.push("1000 microtasks ran before timer"); }
again();
setTimeout(() => console.log(chain.join() || "timer ran first"), 0);
