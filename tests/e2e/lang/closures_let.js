const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
console.log(fns.map((f) => f()).join(","));
const vfns = [];
for (var j = 0; j < 3; j++) vfns.push(() => j);
console.log(vfns.map((f) => f()).join(","));
const mutated = [];
for (let k = 0; k < 3; k++) { mutated.push(() => k); k++; }
console.log(mutated.map((f) => f()).join(","));
const forIn = [];
for (const key in { a: 1, b: 2 }) forIn.push(() => key);
console.log(forIn.map((f) => f()).join(","));
function counter() {
  let count = 0;
  return { inc: () => ++count, get: () => count };
}
const c1 = counter(), c2 = counter();
c1.inc(); c1.inc(); c2.inc();
console.log(c1.get(), c2.get());
const adders = [1, 2, 3].map((n) => (x) => x + n);
console.log(adders.map((f) => f(10)).join(","));
try { tdz; let tdz = 1; } catch (e) { console.log(e.name); }
try { (() => { useBefore(); const v = 1; function useBefore() { return v; } })(); } catch (e) { console.log(e.name); }
{
  let shadow = "inner";
  { let shadow = "innermost"; console.log(shadow); }
  console.log(shadow);
}
let captured = "before";
const getCaptured = () => captured;
captured = "after";
console.log(getCaptured());
const once = (fn) => { let done = false, r; return (...a) => done ? r : (done = true, r = fn(...a)); };
const init = once((x) => x * 2);
console.log(init(5), init(100));
const loopClosures = [];
let w = 0;
while (w < 3) { let copy = w; loopClosures.push(() => copy); w++; }
console.log(loopClosures.map((f) => f()).join(","));
function makeFib() { const memo = new Map(); return function fib(n) { if (n < 2) return n; if (memo.has(n)) return memo.get(n); const r = fib(n - 1) + fib(n - 2); memo.set(n, r); return r; }; }
console.log(makeFib()(80));
console.log(typeof (function () { return typeof inner; function inner() {} })());
