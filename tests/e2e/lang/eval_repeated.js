// Repeated direct evals of one text reuse its compiled code; each evaluation
// still gets its own template objects, bindings and errors.
function tag(s) { return s; }
var a = [];
for (var i = 0; i < 2; i++) a.push(eval("tag`x`"));
console.log(a[0] === a[1]);
function f(x) { return eval("x + 1"); }
console.log(f(1), f(41));
var s = 0; for (var j = 0; j < 5; j++) s += eval("j * 2");
console.log(s);
try { eval("}"); } catch (e) { console.log(e.name); }
try { eval("}"); } catch (e) { console.log(e.name); }
function g() { "use strict"; return eval("var q = 5; q"); }
console.log(g(), typeof q);
