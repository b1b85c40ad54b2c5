// Sloppy functions have own `caller`/`arguments` (null here) instead of
// reaching Function.prototype's throwing accessors; strict ones do not.
function sloppy() { return sloppy.caller; }
(function () { "use strict"; console.log("caller from strict:", sloppy()); })();
console.log(Object.getOwnPropertyNames(function () {}).join());
console.log(Object.getOwnPropertyNames(function () { "use strict"; }).join());
console.log(Object.getOwnPropertyNames(() => 1).join());
try {
  (function () { "use strict"; }).caller;
} catch (e) {
  console.log(e.constructor.name);
}

// Function() parses the parameters and the body on their own.
console.log(Function("a", " /* a */ b, c /* b */ //", "/* c */ ; /* d */ //").toString());
for (const args of [["/*", "*/){"], ["a){}, (function(", ""], ["", "}); (function(){"]]) {
  try {
    Function(...args);
    console.log("no error");
  } catch (e) {
    console.log(e.constructor.name);
  }
}

// A static method's source text starts at the method, after `static` and comments.
class A { static /* s */ m /* a */ () {} static // x
  get g() { return 1; } }
console.log(A.m.toString());
console.log(Object.getOwnPropertyDescriptor(A, "g").get.toString());

// new.target that is a proxy revoked while its `prototype` is read.
const handle = Proxy.revocable(function () {}, { get() { handle.revoke(); } });
try {
  Reflect.construct(function () {}, [], handle.proxy);
} catch (e) {
  console.log(e.constructor.name);
}

// for await calls next() without an argument.
const sync = { [Symbol.iterator]() { return this; }, next() { console.log("next args", arguments.length); return { done: true }; } };
(async () => { for await (const x of sync); })();
