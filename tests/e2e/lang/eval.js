function direct() {
  var local = "local value";
  return eval("local + '!'");
}
console.log(direct());
function indirect() {
  var local = "local value";
  return (0, eval)("typeof local");
}
console.log(indirect());
function leaksVar() { eval("var leaked = 'leaked into function scope'"); return leaked; }
console.log(leaksVar());
function strictEval() { "use strict"; eval("var contained = 1"); return typeof contained; }
console.log(strictEval());
function strictInside() { eval("'use strict'; var alsoContained = 1"); return typeof alsoContained; }
console.log(strictInside());
(0, eval)("var globalFromIndirect = 'global!'");
console.log(globalThis.globalFromIndirect);
const geval = eval;
console.log(geval("typeof globalFromIndirect"), typeof geval("this"));
console.log(eval("1 + 2; 3 * 4"), eval("if (true) { 'if branch' } else { 'else' }"), eval(""), eval(42), eval("({a: 1})").a);
console.log(eval("for (var i = 0; i < 3; i++) i * 10"));
try { eval("let x = ;"); } catch (e) { console.log(e.name, e instanceof SyntaxError); }
function letScoping() { eval("let notLeaked = 1"); return typeof notLeaked; }
console.log(letScoping());
function evalThis() { return eval("this"); }
console.log(evalThis.call("str") instanceof String);
function evalArguments() { return eval("arguments.length"); }
console.log(evalArguments(1, 2, 3));
function evalFunctionDecl() { eval("function declared() { return 'declared in eval'; }"); return declared(); }
console.log(evalFunctionDecl());
const add = new Function("a", "b", "return a + b;");
console.log(add(2, 3), add.length, add.name, typeof add);
const multi = new Function("a, b", "c", "return a * b * c");
console.log(multi(2, 3, 4));
function scopeTest() { const hidden = 1; return new Function("return typeof hidden")(); }
console.log(scopeTest());
console.log(Function("return this")() === globalThis, new Function()(), Function("...args", "return args.length")(1, 2));
try { new Function("a", "return a +"); } catch (e) { console.log("Function syntax error:", e.name); }
const closure = (() => { let counter = 0; return (code) => eval(code); })();
console.log(closure("counter += 5; counter"), closure("counter"));
console.log(eval?.("1+1"), typeof eval("(function named() {})"));
