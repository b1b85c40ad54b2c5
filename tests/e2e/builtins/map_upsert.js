// Map / WeakMap getOrInsert and getOrInsertComputed (upsert proposal).
const m = new Map([["a", 1]]);
console.log(m.getOrInsert("a", 2), m.getOrInsert("b", 3), [...m]);
console.log(m.getOrInsertComputed("c", (k) => k + "!"), m.getOrInsertComputed("a", () => 99));
// -0 is canonicalised before the callback sees it.
console.log(Object.is(m.getOrInsertComputed(-0, (k) => k), 0), m.has(0));
// A callback that inserts the key itself is overwritten.
console.log(m.getOrInsertComputed("d", () => { m.set("d", "inner"); return "outer"; }), m.get("d"));
const wm = new WeakMap();
const key = {};
console.log(wm.getOrInsert(key, 1), wm.getOrInsertComputed(key, () => 2), wm.get(key));
try { wm.getOrInsert(1, 2); } catch (e) { console.log(e.name); }
try { m.getOrInsertComputed("x", 1); } catch (e) { console.log(e.name); }
console.log(Map.prototype.getOrInsert.length, Map.prototype.getOrInsertComputed.name);
