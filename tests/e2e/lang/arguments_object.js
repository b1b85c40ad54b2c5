function mapped(a, b) {
  arguments[0] = "changed via arguments";
  b = "changed via param";
  return [a, arguments[1], arguments.length].join(" | ");
}
console.log(mapped(1, 2));
console.log(mapped(1));
function unmappedStrict(a) { "use strict"; arguments[0] = "x"; a = "y"; return [a, arguments[0]].join(","); }
console.log(unmappedStrict(1));
function unmappedDefaults(a = 0) { arguments[0] = "x"; return a; }
console.log(unmappedDefaults(1));
function unmappedRest(a, ...r) { a = "changed"; return arguments[0]; }
console.log(unmappedRest("orig"));
function info() { return [typeof arguments, Array.isArray(arguments), Object.prototype.toString.call(arguments), arguments.length].join(" "); }
console.log(info(1, 2, 3));
function toArray() { return Array.from(arguments).concat([...arguments]).join(","); }
console.log(toArray("a", "b"));
function outerFn() { const arrow = () => arguments[0]; return arrow("arrow arg"); }
console.log(outerFn("outer arg"));
function extra() { return arguments.length + ":" + arguments[3]; }
console.log(extra(1, 2, 3, 4, 5));
function deleted(a) { delete arguments[0]; arguments[0] = "new"; return a; }
console.log(deleted("kept"));
function lengthWrite() { arguments.length = 1; return Array.prototype.slice.call(arguments).join(","); }
console.log(lengthWrite(1, 2, 3));
function calleeStrict() { "use strict"; try { return arguments.callee; } catch (e) { return e.name; } }
console.log(calleeStrict());
function shadow(arguments) { return arguments; }
console.log(shadow("param named arguments"));
function beyond(a) { arguments[1] = "b"; return [arguments.length, arguments[1]].join(","); }
console.log(beyond(1));
console.log((function () { return typeof arguments[Symbol.iterator]; })());
