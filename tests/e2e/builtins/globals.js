console.log(typeof globalThis, globalThis.globalThis === globalThis, typeof globalThis.Array, "Math" in globalThis);
console.log(isNaN("x"), Number.isNaN("x"), isFinite("12"), Number.isFinite("12"), parseInt === Number.parseInt);
console.log(encodeURIComponent("a b&c=d/é?"), encodeURI("http://x.test/a b?q=1&r=é#h"), decodeURI("%41%20%2F"), decodeURIComponent("%2F"));
try { encodeURIComponent("\uD800"); } catch (e) { console.log("lone surrogate:", e.name); }
console.log(typeof undefined, undefined === void 0, typeof NaN, typeof Infinity);
undefined = 1; NaN = 2; Infinity = 3;
console.log(undefined, NaN, Infinity);
console.log(Object.getOwnPropertyDescriptor(globalThis, "undefined").writable, Object.getOwnPropertyDescriptor(globalThis, "Array").enumerable);
const builtins = ["Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN", "undefined", "Boolean", "String", "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math", "ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map", "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "FinalizationRegistry", "WeakRef", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "eval", "isFinite", "isNaN"];
console.log(builtins.filter((n) => !(n in globalThis)).join() || "all ES globals present");
console.log(typeof console.log, typeof setTimeout, typeof clearTimeout, typeof setInterval, typeof clearInterval, typeof queueMicrotask);
