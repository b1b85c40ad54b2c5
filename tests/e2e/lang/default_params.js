function f(a, b = a * 2, c = a + b) { return [a, b, c].join(","); }
console.log(f(1), f(1, 5), f(1, undefined, 0), f(1, null));
console.log(f.length, ((a, b = 1, c) => 0).length, ((...r) => 0).length);
let evaluations = 0;
function lazy(x = ++evaluations) { return x; }
lazy(); lazy(10); lazy();
console.log(evaluations);
try { (function (a = b, b = 1) {})(); } catch (e) { console.log("param TDZ:", e.name); }
const x = "outer";
function scope(a = () => x) { const x = "inner body"; return a(); }
console.log(scope());
function paramScope(a, b = () => a) { a = "reassigned"; return b(); }
console.log(paramScope("initial"));
function separateVar(a, f = () => a) { var a = "body var"; return [a, f()].join(" / "); }
console.log(separateVar("param"));
function destructDefaults({ x = 1, y = 2 } = {}, [z = 3] = []) { return x + y + z; }
console.log(destructDefaults(), destructDefaults({ x: 10 }, [20]));
function argsLen(a, b = 2) { return arguments.length; }
console.log(argsLen(1), argsLen(1, 2), argsLen());
const defaultsCallFns = (now = (() => "called")()) => now;
console.log(defaultsCallFns(), defaultsCallFns("given"));
function thisInDefault(v = this.val) { return v; }
console.log(thisInDefault.call({ val: "from this" }));
