// Error.prototype.stack is an accessor (error-stack-accessor proposal); the trace lives in
// the error's internal slot, so errors have no own "stack" property.
function where() { return new TypeError("boom"); }
const e = where();
const d = Object.getOwnPropertyDescriptor(Error.prototype, "stack");
console.log(typeof d.get, typeof d.set, d.enumerable, d.configurable, d.get.name, d.set.name);
console.log(Object.hasOwn(e, "stack"), e.stack.split("\n")[0], /at where/.test(e.stack));
console.log(Error.prototype.stack, d.get.call({}), d.get.call(Object.create(Error.prototype)));
e.stack = "custom";
console.log(Object.hasOwn(e, "stack"), e.stack, d.get.call(e).split("\n")[0]);
try { e.stack = 42; } catch (x) { console.log(x.name); }
try { Error.prototype.stack = ""; } catch (x) { console.log(x.name); }
const o = {};
Error.captureStackTrace(o);
console.log(typeof o.stack, Object.hasOwn(o, "stack"));
