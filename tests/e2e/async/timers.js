// Timer deadlines are spaced widely so the order is stable on a loaded machine.
const start = Date.now();
setTimeout(() => console.log("timeout 100"), 100);
setTimeout(() => console.log("timeout 0 (first)"), 0);
setTimeout(() => console.log("timeout 10"), 10);
setTimeout(() => console.log("timeout 0 (second)"), 0);
setTimeout((a, b) => console.log("timeout with args", a, b), 5, "x", "y");
const cancelled = setTimeout(() => console.log("never printed"), 15);
clearTimeout(cancelled);
clearTimeout(undefined);
setTimeout(() => {
  console.log("outer timer");
  Promise.resolve().then(() => console.log("microtask inside timer"));
  setTimeout(() => console.log("nested timer"), 0);
}, 20);
let ticks = 0;
const interval = setInterval(() => {
  ticks++;
  console.log("interval tick", ticks);
  if (ticks === 3) { clearInterval(interval); console.log("interval cleared"); }
}, 150);
setTimeout(() => {
  Promise.resolve().then(() => console.log("microtask from timer A"));
  console.log("600ms timer A");
}, 600);
setTimeout(() => console.log("600ms timer B"), 600);
setTimeout(() => console.log("elapsed at least 700ms:", Date.now() - start >= 700), 700);
queueMicrotask(() => console.log("microtask before any timer"));
console.log("sync done");
