// Sloppy-mode only features (this file is a classic script).
const obj = { a: 1, b: 2 };
with (obj) {
  console.log(a + b);
  a = 10;
  var declared = "var in with";
}
console.log(obj.a, declared, "declared" in obj);
function withScope() { const o = { x: "from obj" }; let x = "local"; with (o) { return x; } }
console.log(withScope());
const arr = [1, 2, 3];
with (arr) { console.log(length, join("-")); }
const unsc = { values: "shadowed?", [Symbol.unscopables]: { values: true } };
var values = "outer values";
with (unsc) { console.log(values); }
function implicitGlobal() { leaked = "implicit global"; }
implicitGlobal();
console.log(globalThis.leaked, typeof leaked);
function sloppyThis() { return this === globalThis; }
function strictThis() { "use strict"; return this; }
console.log(sloppyThis(), strictThis(), typeof sloppyThis.call(5), strictThis.call(5));
console.log(010, 0o10, 08, 019);
function callee(n) { return n <= 1 ? 1 : n * arguments.callee(n - 1); }
console.log(callee(5));
{ function blockFn() { return "annex B block function"; } }
console.log(typeof blockFn, blockFn());
if (true) function ifFn() { return "if fn"; }
console.log(ifFn());
var x1 = 1;
console.log(delete globalThis.leaked, typeof leaked);
try { undefinedThing = 5; console.log("sloppy assignment ok", undefinedThing); } finally { delete globalThis.undefinedThing; }
var o2 = Object.freeze({ p: 1 });
o2.p = 2; o2.q = 3;
console.log(o2.p, o2.q);
console.log(typeof escape, escape("a b"), unescape("%41"));
var f = function f() { f = "reassigned"; return typeof f; };
console.log(f());
label: function labelledFn() {}
console.log("html comment below is ignored");
<!-- this is an Annex B HTML comment
console.log(NaN = 5, NaN, typeof undefined);
console.log("str".length = 10, Object.freeze([1]).push === Array.prototype.push);
