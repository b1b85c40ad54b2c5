// `using` declarations: disposal order, every way out of a scope, SuppressedError chains.
// (Expected output written by hand: node 20 has no `using`.)
const log = [];
const res = (n, fail) => ({ [Symbol.dispose]() { log.push("d" + n); if (fail) throw new Error(n); } });
const flush = (t) => { console.log(t + ": " + log.join(" ")); log.length = 0; };
// labelled break/continue through nested using blocks
outer: for (let i = 0; i < 3; i++) {
  using a = res("a" + i);
  for (const j of [1, 2]) {
    using b = res("b" + i + j);
    if (i === 0) continue outer;
    if (i === 1 && j === 2) break outer;
    log.push("j" + j);
  }
}
flush("labels");
// labelled block
blk: { using a = res("x"); log.push("in"); break blk; }
flush("block");
// switch: block inside case
switch (2) { case 2: { using s = res("s"); log.push("case"); } case 3: log.push("fall"); }
flush("switch");
// static block
class C { static { using r = res("static"); log.push("sb"); } }
flush("static");
// disposal error replaces return
function f() { using a = res("fail", true); return 1; }
try { f(); } catch (e) { log.push(e.message); }
flush("ret");
// disposal error replaces break
for (;;) { try { using q = res("q", true); break; } catch (e) { log.push("caught " + e.message); break; } }
flush("brk");
// finally inside using and using inside finally
function g() {
  using a = res("A");
  try { using b = res("B"); return "r"; } finally { using c = res("C"); log.push("fin"); }
}
log.push(g());
flush("fin");
// closures capture using bindings
function h() { using a = res("cap"); const get = () => a; return get; }
log.push(typeof h()());
flush("cap");
// getter runs once, method called with this
let gets = 0;
const obj = { get [Symbol.dispose]() { gets++; const self = this; return function () { log.push(this === self); }; } };
{ using o = obj; }
log.push(gets);
flush("getter");
// generator return inside using
function* gen() { using a = res("g1"); try { yield 1; } finally { log.push("gfin"); } }
const it = gen(); it.next(); log.push(JSON.stringify(it.return(7)));
flush("gen");
// generator throw
const it2 = gen(); it2.next(); try { it2.throw(new Error("T")); } catch (e) { log.push(e.message); }
flush("genthrow");
// const semantics
try { (function () { using a = null; a = 1; })(); } catch (e) { log.push(e.constructor.name); }
flush("const");
// TDZ
try { (function () { { a; using a = null; } })(); } catch (e) { log.push(e.constructor.name); }
flush("tdz");
// three errors
try { using a = res(1, true), b = res(2, true), c = res(3, true); } catch (e) {
  log.push(e.error.message, e.suppressed.error.message, e.suppressed.suppressed.message);
}
flush("three");
// function name
{ using fn = Object.assign(function () {}, { [Symbol.dispose]() {} }); }
{ using named = { [Symbol.dispose]: function () {} }; }
using_in_eval: {
  log.push(eval("{ using z = res('ev'); 5; }"));
}
flush("eval");
// DisposableStack as a resource
{
  using stack = new DisposableStack();
  stack.defer(() => log.push("deferred"));
  stack.use(res("used"));
  log.push("body");
}
flush("stack");
// with: dynamic mode
with ({ k: 1 }) { using w = res("with" + k); log.push(k); }
flush("with");
// many iterations (GC)
let n = 0;
for (let i = 0; i < 20000; i++) { using r = { [Symbol.dispose]() { n++; } }; }
console.log(n);
