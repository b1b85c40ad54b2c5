const log = [];
const target = { a: 1, b: 2 };
const p = new Proxy(target, {
  get(t, k, r) { log.push(`get ${String(k)}`); return Reflect.get(t, k, r); },
  set(t, k, v, r) { log.push(`set ${String(k)}=${v}`); return Reflect.set(t, k, v, r); },
  has(t, k) { log.push(`has ${String(k)}`); return k !== "hidden" && k in t; },
  deleteProperty(t, k) { log.push(`delete ${String(k)}`); return delete t[k]; },
  ownKeys(t) { log.push("ownKeys"); return Reflect.ownKeys(t).reverse(); },
});
p.a; p.c = 3; "a" in p; "hidden" in p; delete p.b;
console.log(log.join(" | "));
log.length = 0;
console.log(Object.keys(p).join(), log[0]);
console.log(JSON.stringify(target));
const fnProxy = new Proxy(function (a, b) { return a + b; }, {
  apply(t, thisArg, args) { return "apply:" + t(...args) * 10; },
  construct(t, args, newTarget) { return { constructed: args.join("+") }; },
});
console.log(fnProxy(1, 2), JSON.stringify(new fnProxy(3, 4)), typeof fnProxy);
const defaults = new Proxy({}, { get: (t, k) => (k in t ? t[k] : `default(${String(k)})`) });
defaults.real = "real";
console.log(defaults.real, defaults.anything);
const validator = new Proxy({}, { set(t, k, v) { if (typeof v !== "number") throw new TypeError(`${k} must be a number`); t[k] = v; return true; } });
validator.age = 30;
try { validator.age = "old"; } catch (e) { console.log(e.message, validator.age); }
const { proxy, revoke } = Proxy.revocable({ x: 1 }, {});
console.log(proxy.x);
revoke();
try { proxy.x; } catch (e) { console.log("revoked:", e.name); }
const frozenTarget = Object.freeze({ fixed: 1 });
const liar = new Proxy(frozenTarget, { get: () => 2 });
try { liar.fixed; } catch (e) { console.log("invariant:", e.name); }
console.log(Reflect.has({ x: 1 }, "x"), Reflect.ownKeys({ b: 1, [Symbol.iterator]: 0, 1: 1 }).length, Reflect.getPrototypeOf([]) === Array.prototype);
console.log(Reflect.defineProperty(Object.freeze({}), "x", { value: 1 }), Reflect.set(Object.freeze({ y: 1 }), "y", 2), Reflect.deleteProperty(Object.seal({ z: 1 }), "z"));
const receiver = { mult: 10 };
const withGetter = { get val() { return this.mult * 2; } };
console.log(Reflect.get(withGetter, "val", receiver), Reflect.construct(Date, [0]).getTime(), Reflect.isExtensible(Object.preventExtensions({})));
const arrProxy = new Proxy([1, 2, 3], {});
console.log(Array.isArray(arrProxy), arrProxy.length, arrProxy.map((x) => x * 2).join(), JSON.stringify(arrProxy));
const protoProxy = Object.create(new Proxy({}, { get: (t, k, r) => (typeof k === "string" ? `inherited ${k}` : undefined) }));
console.log(protoProxy.foo);
