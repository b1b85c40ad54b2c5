const obj = {
  name: "obj",
  regular() { return this.name; },
  arrow: () => typeof this,
  nested() { return [1].map(() => this.name)[0]; },
  nestedFn() { return [1].map(function () { return this === undefined ? "undefined" : this === globalThis ? "global" : "other"; })[0]; },
  delayed() { return () => () => this.name; },
};
console.log(obj.regular(), obj.arrow(), obj.nested(), obj.nestedFn(), obj.delayed()()());
const extracted = obj.regular;
console.log(extracted.call({ name: "call" }), extracted.bind({ name: "bound" })());
class Counter {
  count = 0;
  incArrow = () => ++this.count;
  incMethod() { return ++this.count; }
}
const c = new Counter();
const { incArrow, incMethod } = c;
console.log(incArrow(), incArrow());
try { incMethod(); } catch (e) { console.log("unbound class method:", e.name); }
const arrowBound = (() => this).bind({ ignored: true });
console.log(arrowBound() === (() => this)());
console.log([1, 2, 3].map(function (x) { return x * this.m; }, { m: 10 }).join(","));
const arrows = { v: 1, f() { const inner = () => { const innermost = () => this.v; return innermost(); }; return inner(); } };
console.log(arrows.f());
console.log(typeof (() => {}).prototype, (() => 1).length, ((a, b = 2, ...c) => 0).length);
try { new (() => {})(); } catch (e) { console.log("arrow new:", e.name); }
const curry = (a) => (b) => (c) => a + b + c;
console.log(curry(1)(2)(3));
const objReturn = () => ({ wrapped: true });
console.log(JSON.stringify(objReturn()));
function Outer() { this.v = "outer"; this.getV = () => this.v; }
const outer = new Outer();
console.log(outer.getV.call({ v: "other" }));
