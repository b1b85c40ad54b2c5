function greet(greeting, punct) { return `${greeting}, ${this.name}${punct}`; }
const ada = { name: "Ada" };
console.log(greet.call(ada, "Hi", "!"), greet.apply(ada, ["Hello", "?"]), greet.apply(ada));
const bound = greet.bind(ada, "Hey");
console.log(bound("."), bound.name, bound.length, greet.length, greet.name);
const rebound = bound.bind({ name: "ignored" }, "!!");
console.log(rebound(), rebound.name);
function Point(x, y) { this.x = x; this.y = y; }
const BoundPoint = Point.bind(null, 1);
const p = new BoundPoint(2);
console.log(p.x, p.y, p instanceof Point, p instanceof BoundPoint, "prototype" in BoundPoint);
function sloppy() { return typeof this; }
function strict() { "use strict"; return this === undefined ? "undefined" : typeof this; }
console.log(sloppy.call(1), sloppy.call(null) === typeof globalThis, strict.call(1), strict.call(null), strict.call(undefined));
console.log(Math.max.apply(null, [1, 5, 3]), Array.prototype.map.call("abc", (c) => c.toUpperCase()).join(""));
console.log(Function.prototype.call.call(function () { return this.v; }, { v: "call.call" }));
console.log(Reflect.apply(greet, { name: "Reflect" }, ["Yo", "~"]));
const named = function () {}; const arrow = () => {}; const obj = { method() {}, get acc() { return 1; } };
console.log(named.name, arrow.name, obj.method.name, Object.getOwnPropertyDescriptor(obj, "acc").get.name, (function () {}).name === "", (class {}).name === "");
let assigned; assigned = function () {};
console.log(assigned.name, (() => {}).bind().name, new Function("a", "b", "").length);
function lengths(a, b = 1, c) {} function rest(a, ...b) {} function destr({ a }, [b]) {}
console.log(lengths.length, rest.length, destr.length);
const desc = Object.getOwnPropertyDescriptor(greet, "name");
console.log(desc.writable, desc.enumerable, desc.configurable);
console.log((function foo(a, b) { return a + b; }).toString());
console.log((() => 1).toString(), (class A { m() {} }).toString());
function callsCounter() { callsCounter.count = (callsCounter.count || 0) + 1; return callsCounter.count; }
callsCounter(); callsCounter();
console.log(callsCounter.count);
console.log(typeof Function.prototype, Function.prototype(), Object.getPrototypeOf(greet) === Function.prototype);
try { greet.call.call(5); } catch (e) { console.log("not callable:", e.name); }
try { Function.prototype.apply.call(greet, ada, 5); } catch (e) { console.log("apply non-object args:", e.name); }
console.log(greet.apply(ada, { length: 2, 0: "ArrayLike", 1: "#" }));
