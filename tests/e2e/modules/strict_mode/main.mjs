import { thisInFunction, topThis } from "./_helper.mjs";
console.log(this, topThis, thisInFunction());
try { undeclared = 1; } catch (e) { console.log("implicit global:", e.name); }
try { Object.freeze({ a: 1 }).a = 2; } catch (e) { console.log("frozen write:", e.name); }
try { delete Object.prototype; } catch (e) { console.log("delete non-configurable:", e.name); }
console.log((function () { return typeof this; })());
try { (function () { return arguments.callee; })(); } catch (e) { console.log("arguments.callee:", e.name); }
console.log(typeof eval("var evalVar = 1; evalVar"), typeof evalVar);
var topVar = "module var";
console.log("topVar" in globalThis);
