const people = [
  { name: "a", age: 30 }, { name: "b", age: 25 }, { name: "c", age: 30 }, { name: "d", age: 25 },
  { name: "e", age: 30 }, { name: "f", age: 20 }, { name: "g", age: 25 }, { name: "h", age: 30 },
  { name: "i", age: 20 }, { name: "j", age: 25 }, { name: "k", age: 30 }, { name: "l", age: 20 },
];
console.log(people.slice().sort((x, y) => x.age - y.age).map((p) => p.name).join(""));
console.log(people.slice().sort((x, y) => y.age - x.age).map((p) => p.name).join(""));
const many = Array.from({ length: 200 }, (_, i) => ({ key: i % 7, idx: i }));
many.sort((x, y) => x.key - y.key);
let stable = true;
for (let i = 1; i < many.length; i++) if (many[i - 1].key === many[i].key && many[i - 1].idx > many[i].idx) stable = false;
console.log("stable on 200 items:", stable, many[0].idx, many[199].idx);
console.log([10, 9, 1, 100, 25].sort().join(), [10, 9, 1, 100, 25].sort((a, b) => a - b).join());
console.log(JSON.stringify([3, undefined, 1, undefined, 2].sort()), JSON.stringify(["b", undefined, "a"].sort((a, b) => (a < b ? 1 : -1))));
const sparse = [3, , 1, , 2];
sparse.sort();
console.log(JSON.stringify(sparse), sparse.length, 3 in sparse, 4 in sparse);
console.log(["é", "e", "z", "a", "E", "Z"].sort().join(""), ["10", "9", "1e1"].sort().join());
console.log([true, false, true].sort().join(), [-1, -2, 3, 0, -0].sort((a, b) => a - b).map((x) => Object.is(x, -0) ? "-0" : String(x)).join());
const calls = [];
[2, 1].sort((a, b) => { calls.push(`${a}${b}`); return a - b; });
console.log(calls.length > 0);
console.log([5, 1, 4].sort(() => 0).join(), [5, 1, 4].sort(undefined).join());
try { [1, 2].sort("not a function"); } catch (e) { console.log("bad comparator:", e.name); }
const s = ["b", "a"]; console.log(s.sort() === s);
const words = ["banana", "Apple", "cherry", "apple"];
console.log(words.slice().sort().join(), words.slice().sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0).join());
const inconsistent = [5, 3, 8, 1, 9, 2].sort((a, b) => (a % 2) - (b % 2));
console.log(inconsistent.join());
const objs = { length: 3, 0: "z", 1: "y", 2: "x" };
Array.prototype.sort.call(objs);
console.log(objs[0] + objs[1] + objs[2]);
