// Iterator.prototype.includes and Iterator.prototype.join (stage 3 / 2.7 proposals).
function* gen() { yield 1; yield NaN; yield -0; yield "x"; }
console.log(gen().includes(NaN), gen().includes(0), gen().includes(2), gen().includes(1, 1));
console.log(gen().includes("x", 3), gen().includes("x", Infinity));
try { gen().includes(1, 0.5); } catch (e) { console.log(e.name); }
try { gen().includes(1, -1); } catch (e) { console.log(e.name); }
let closed = false;
const it = { __proto__: Iterator.prototype, i: 0, next() { return { done: false, value: this.i++ }; },
  return() { closed = true; return {}; } };
console.log(it.includes(3), closed, it.i);
console.log(gen().join(), gen().join(" | "), [null, undefined, 1].values().join("-"));
console.log([].values().join(), JSON.stringify(["a"].values().join({ toString() { return "?"; } })));
console.log(Iterator.prototype.includes.length, Iterator.prototype.join.length, Iterator.prototype.join.name);
