const orig = [3, 1, 2];
const sorted = orig.toSorted();
console.log(sorted.join(), orig.join(), sorted !== orig);
console.log(orig.toSorted((a, b) => b - a).join(), orig.toReversed().join(), orig.join());
console.log(orig.with(0, 9).join(), orig.with(-1, 8).join(), orig.join());
try { orig.with(5, 0); } catch (e) { console.log("with out of range:", e.name); }
try { orig.with(-4, 0); } catch (e) { console.log("with negative out of range:", e.name); }
const sp = [1, 2, 3, 4, 5];
console.log(sp.toSpliced(1, 2).join(), sp.toSpliced(1, 0, "a", "b").join(), sp.toSpliced(-1, 1, "end").join(), sp.toSpliced().join(), sp.join());
const holes = [1, , 3];
console.log(JSON.stringify(holes.toSorted()), JSON.stringify(holes.toReversed()), JSON.stringify(holes.with(0, 0)), 1 in holes.toReversed());
console.log(JSON.stringify([, "b", undefined, "a"].toSorted()));
const items = [{ n: 1, even: false }, { n: 2, even: true }, { n: 3, even: false }, { n: 4, even: true }];
console.log(items.findLast((x) => !x.even).n, items.findLastIndex((x) => x.even), items.findLastIndex((x) => x.n > 10));
const order = [];
[1, 2, 3].findLast((x, i) => { order.push(i); return false; });
console.log(order.join());
const arrayLike = { length: 3, 0: "c", 1: "a", 2: "b" };
console.log(Array.prototype.toSorted.call(arrayLike).join(), Array.prototype.toReversed.call(arrayLike).join(), Array.isArray(Array.prototype.with.call(arrayLike, 0, "z")));
class Sub extends Array {}
const sub = Sub.from([2, 1]);
console.log(sub.toSorted() instanceof Sub, sub.toSorted().constructor === Array, sub.toReversed() instanceof Sub);
const ta = new Uint8Array([3, 1, 2]);
console.log(ta.toSorted().join(), ta.toReversed().join(), ta.with(0, 300).join(), ta.join(), ta.findLast((x) => x < 3), ta.findLastIndex((x) => x > 5));
console.log([1, [2, [3]]].flat(2).with(2, "three").join(), [3, 2, 1].at(-1), [1, 2, 3].toSpliced(1, 1).length);
