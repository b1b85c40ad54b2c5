const m = new Map();
m.set("b", 1).set("a", 2).set(1, "num").set("1", "str");
console.log(m.size, m.get(1), m.get("1"), m.has("a"), m.get("missing"), [...m.keys()].join());
m.set("b", "updated");
console.log([...m.entries()].map(([k, v]) => `${k}=${v}`).join(" "));
m.set(NaN, "nan"); m.set(-0, "zero");
console.log(m.get(NaN), m.get(0), m.get(+0), Object.is([...m.keys()].at(-1), -0));
const objKey = {}, fnKey = () => {};
m.set(objKey, "object key").set(fnKey, "fn key");
console.log(m.get(objKey), m.get({}), m.get(fnKey), m.delete(objKey), m.delete(objKey), m.size);
const it = new Map([[1, "a"], [2, "b"], [3, "c"]]);
const seen = [];
for (const [k] of it) { seen.push(k); if (k === 1) { it.delete(2); it.set(4, "d"); } }
console.log(seen.join());
const fe = [];
new Map([["x", 1], ["y", 2]]).forEach((v, k, map) => fe.push(`${k}:${v}:${map.size}`));
console.log(fe.join(" "));
const s = new Set([3, 1, 3, 2, 1]);
console.log(s.size, [...s].join(), s.has(3), s.add(4) === s, s.delete(1), s.delete(99), [...s].join());
console.log([...new Set("mississippi")].join(""), new Set([NaN, NaN, 0, -0]).size);
const se = [];
new Set(["p", "q"]).forEach((v, k) => se.push(v + k));
console.log(se.join());
const entries = new Set(["e"]).entries().next().value;
console.log(JSON.stringify(entries), new Set().keys === new Set().values, Set.prototype.keys === Set.prototype.values);
s.clear();
console.log(s.size, [...s].length);
const grow = new Set([1]);
let count = 0;
for (const v of grow) { if (v < 5) grow.add(v + 1); count++; }
console.log("iterated", count);
const wm = new WeakMap();
const k1 = {}, k2 = {};
wm.set(k1, "v1");
console.log(wm.get(k1), wm.has(k2), wm.get(k2), wm.delete(k1), wm.has(k1));
try { wm.set("str", 1); } catch (e) { console.log("weak key:", e.name); }
const ws = new WeakSet([k1]);
console.log(ws.has(k1), ws.has(k2), ws.add(k2) === ws, ws.has(k2));
const wr = new WeakRef(k1);
console.log(wr.deref() === k1, typeof FinalizationRegistry);
console.log(Object.prototype.toString.call(new Map()), Object.prototype.toString.call(new Set()), Object.prototype.toString.call(new WeakMap()));
const mapFromObj = new Map(Object.entries({ a: 1, b: 2 }));
console.log(JSON.stringify(Object.fromEntries(mapFromObj)), JSON.stringify([...mapFromObj]));
try { Map(); } catch (e) { console.log("Map without new:", e.name); }
const mIter = new Map([[1, 1]])[Symbol.iterator]();
console.log(Object.prototype.toString.call(mIter), JSON.stringify(mIter.next()), JSON.stringify(mIter.next()));
console.log(new Map([[1, 2]]).size, Map.prototype[Symbol.iterator] === Map.prototype.entries);
