const temp = {
  _c: 25,
  get f() { return this._c * 9 / 5 + 32; },
  set f(v) { this._c = (v - 32) * 5 / 9; },
};
console.log(temp.f);
temp.f = 212;
console.log(temp._c, temp.f);
const desc = Object.getOwnPropertyDescriptor(temp, "f");
console.log(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable, "value" in desc);
const o = {};
Object.defineProperty(o, "ro", { value: 1, writable: false, enumerable: true });
o.ro = 2;
console.log(o.ro, JSON.stringify(Object.getOwnPropertyDescriptor(o, "ro")));
(function () { "use strict"; try { o.ro = 3; } catch (e) { console.log("strict write:", e.name); } })();
const onlyGet = { get g() { return "g"; } };
onlyGet.g = "changed";
console.log(onlyGet.g);
(function () { "use strict"; try { onlyGet.g = 1; } catch (e) { console.log("strict getter-only:", e.name); } })();
const proto = { set value(v) { this._v = "proto-setter:" + v; } };
const child = Object.create(proto);
child.value = 5;
console.log(child._v, Object.hasOwn(child, "value"));
const protoRO = Object.defineProperty({}, "locked", { value: "proto", writable: false });
const child2 = Object.create(protoRO);
child2.locked = "own";
console.log(child2.locked, Object.hasOwn(child2, "locked"));
Object.defineProperty(child2, "locked", { value: "defined", writable: true });
console.log(child2.locked);
let calls = 0;
const lazy = { get data() { calls++; Object.defineProperty(this, "data", { value: "cached" }); return "computed"; } };
console.log(lazy.data, lazy.data, lazy.data, calls);
class Temp { #c = 0; get c() { return this.#c; } set c(v) { if (v < -273.15) throw new RangeError("too cold"); this.#c = v; } }
const t = new Temp();
t.c = 10;
try { t.c = -300; } catch (e) { console.log(e.name, e.message, t.c); }
const counted = Object.defineProperties({}, { a: { get() { return 1; }, enumerable: true }, b: { value: 2 } });
console.log(Object.keys(counted).join(","), counted.a + counted.b);
const withSym = { get [Symbol.toStringTag]() { return "Custom"; } };
console.log(Object.prototype.toString.call(withSym));
const numKey = { get 1() { return "one"; }, set "two words"(v) { this.x = v; } };
numKey["two words"] = "tw";
console.log(numKey[1], numKey.x);
