const e = new Error("msg");
console.log(e.name, e.message, String(e), e instanceof Error, Object.hasOwn(e, "message"), Object.hasOwn(e, "name"));
console.log(Object.getOwnPropertyDescriptor(e, "message").enumerable, "cause" in e, typeof e.stack);
const withCause = new Error("outer", { cause: new TypeError("inner") });
console.log(withCause.cause.name, withCause.cause.message, Object.getOwnPropertyDescriptor(withCause, "cause").enumerable);
console.log(new Error("x", { cause: undefined }).hasOwnProperty("cause"), new Error("x", {}).hasOwnProperty("cause"));
console.log(String(new Error()), new Error().message === "", String(new TypeError("t")), String(new RangeError()));
const custom = new Error("m"); custom.name = "";
console.log(String(custom));
const noMsg = new Error("n"); noMsg.message = "";
console.log(String(noMsg));
console.log(Error.prototype.toString.call({ name: "Fake", message: "obj" }));
console.log(Error("no new") instanceof Error, TypeError("t") instanceof TypeError);
for (const E of [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) {
  const err = new E("test");
  console.log(E.name, err.name, err instanceof Error, Object.getPrototypeOf(E) === Error, E.prototype.name);
}
const agg = new AggregateError([new Error("a"), new Error("b")], "many");
console.log(agg.name, agg.message, agg.errors.length, agg.errors.map((x) => x.message).join(","));
function kind(fn) { try { fn(); return "no error"; } catch (err) { return err.constructor.name; } }
console.log(kind(() => null.prop));
console.log(kind(() => undefined.prop));
console.log(kind(() => notDefinedAnywhere));
console.log(kind(() => new Array(-1)));
console.log(kind(() => (1).toFixed(101)));
console.log(kind(() => JSON.parse("{bad")));
console.log(kind(() => 1n + 1));
console.log(kind(() => Symbol() + ""));
console.log(kind(() => decodeURIComponent("%")));
console.log(kind(() => new (class { #p; static f(o) { return o.#p; } }).f({})));
console.log(kind(() => { "use strict"; undeclaredVar = 1; }));
console.log(kind(() => Object.defineProperty(Object.freeze({}), "x", { value: 1 })));
console.log(kind(() => "abc".repeat(-1)));
console.log(kind(() => new Function("return (")));
console.log(kind(() => ({}).x.y));
console.log(kind(() => { const c = 1; c = 2; }));
class HttpError extends Error {
  constructor(status, message, options) { super(message, options); this.status = status; }
  get name() { return "HttpError"; }
}
const he = new HttpError(404, "not found", { cause: "missing" });
console.log(String(he), he.status, he.cause, he instanceof HttpError, he instanceof Error);
try { throw { code: 42 }; } catch (thrown) { console.log("thrown object", thrown.code); }
try { throw null; } catch (thrown) { console.log("thrown null", thrown); }
console.log(typeof Error.prototype.toString, Error.prototype.message === "", Error.prototype.name);
