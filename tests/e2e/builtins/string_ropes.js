// Long concatenations are ropes, flattened on first read: the results must be
// indistinguishable from copied strings.
let s = "";
for (let i = 0; i < 20000; i++) s += "ab" + (i % 10);
console.log(s.length, s.slice(0, 9), s.slice(-6), s.charCodeAt(29997));
// A rope read while it is still being extended, and both halves ropes.
let a = "x".repeat(40), b = "y".repeat(40);
let ab = a + b, ba = b + a;
let both = ab + ba;
console.log(both.length, both.indexOf("yx"), both === ab + ba, both[79], both[80]);
// Ropes as property keys, Map keys, in comparisons and JSON.
const o = {};
o[a + b] = 1;
console.log(o["x".repeat(40) + "y".repeat(40)], new Map([[ab, 2]]).get(a + b), ab < ba, JSON.stringify(ab).length);
// Left-deep and right-deep ropes of many pieces survive collections.
let left = "", right = "";
for (let i = 0; i < 5000; i++) { left = left + "L" + i; right = i + "R" + right; }
const junk = [];
for (let i = 0; i < 200000; i++) junk.push({ i });
console.log(left.length, right.length, left.slice(0, 6), right.slice(-6));
// Template literals and String.prototype.concat build ropes too.
let t = "";
for (let i = 0; i < 1000; i++) t = `${t}<${i}>`;
console.log(t.length, t.endsWith("<999>"), "".concat(t, t).length);
