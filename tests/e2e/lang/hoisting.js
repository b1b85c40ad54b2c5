console.log(typeof hoistedFn, hoistedFn(), typeof hoistedVar, hoistedVar);
function hoistedFn() { return "hoisted function"; }
var hoistedVar = "assigned";
console.log(hoistedVar);
function dup() { return "first"; }
function dup() { return "second"; }
console.log(dup());
function varThenFn() { var v = "var"; function v() {} return typeof v; }
console.log(varThenFn());
function fnOnly() { return typeof v; var v; function v() {} }
console.log(fnOnly());
try { useClass(); } catch (e) { console.log("class TDZ:", e.name); }
function useClass() { return new Later(); }
class Later {}
console.log(typeof useClass());
function paramAndVar(a) { var a; return a; }
console.log(paramAndVar("param kept"));
function fnExpressionName() { const fe = function inner() { return typeof inner; }; return [fe(), typeof inner].join(","); }
console.log(fnExpressionName());
var counter = 0;
for (var i = 0; i < 3; i++) { var counter = counter + i; }
console.log(counter, i);
function blockLet() { let out = []; for (let i = 0; i < 2; i++) { out.push(typeof j); let j = i; } return out.join(","); }
try { blockLet(); } catch (e) { console.log("typeof in TDZ:", e.name); }
const arrowBefore = (() => { try { return laterConst; } catch (e) { return e.name; } })();
const laterConst = 1;
console.log(arrowBefore);
function conditional(flag) { if (flag) { var x = "set"; } return x; }
console.log(conditional(true), conditional(false));
