function* gen() {
  const a = yield 1;
  console.log("received", a);
  const b = yield a * 2;
  console.log("received", b);
  return "done:" + b;
}
const g = gen();
console.log(JSON.stringify(g.next("ignored")));
console.log(JSON.stringify(g.next(10)));
console.log(JSON.stringify(g.next(20)));
console.log(JSON.stringify(g.next()));
function* withFinally() {
  try { yield "a"; yield "b"; } finally { console.log("cleanup"); }
}
const wf = withFinally();
console.log(wf.next().value);
console.log(JSON.stringify(wf.return("early")));
console.log(JSON.stringify(wf.next()));
function* catcher() {
  while (true) {
    try { yield "waiting"; } catch (e) { console.log("caught inside:", e); yield "recovered"; }
  }
}
const c = catcher();
c.next();
console.log(JSON.stringify(c.throw("boom")));
console.log(JSON.stringify(c.next()));
const fresh = gen();
try { fresh.throw(new Error("before start")); } catch (e) { console.log("thrown out:", e.message); }
console.log(JSON.stringify(fresh.next()));
function* inner() { const x = yield "i1"; yield "i2:" + x; return "inner-result"; }
function* outer() { yield "o1"; const r = yield* inner(); yield "got " + r; yield* [7, 8]; yield* "hi"; }
const o = outer();
const out = [];
let step = o.next();
while (!step.done) { out.push(step.value); step = o.next("sent"); }
console.log(out.join(" "));
function* naturals() { let n = 0; while (true) yield n++; }
function* take(it, k) { for (const v of it) { if (k-- <= 0) return; yield v; } }
console.log([...take(naturals(), 5)].join(","));
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const fibs = [];
for (const f of fib()) { if (f > 50) break; fibs.push(f); }
console.log(fibs.join(","));
const genObj = gen();
console.log(typeof genObj.next, genObj[Symbol.iterator]() === genObj, Object.prototype.toString.call(genObj));
function* retInFinally() { try { yield 1; } finally { return "finally wins"; } }
const rf = retInFinally(); rf.next();
console.log(JSON.stringify(rf.return("ignored")));
function* yieldInFinally() { try { yield 1; } finally { yield "from finally"; console.log("after finally yield"); } }
const yf = yieldInFinally(); yf.next();
console.log(JSON.stringify(yf.return("r")), JSON.stringify(yf.next()), JSON.stringify(yf.next()));
const running = (function* () { try { running.next(); } catch (e) { yield e instanceof TypeError; } })();
console.log(running.next().value);
const objGen = { *items() { yield* [1, 2]; } };
console.log([...objGen.items()].join("+"));
function* delegatedThrow() { try { yield* catcher(); } finally { console.log("outer finally"); } }
const dt = delegatedThrow(); dt.next();
console.log(dt.throw("to inner").value);
console.log(JSON.stringify(dt.return("stop")));
