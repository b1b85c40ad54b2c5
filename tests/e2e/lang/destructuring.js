const [a, b = 10, , d, ...rest] = [1, undefined, 3, 4, 5, 6];
console.log(a, b, d, JSON.stringify(rest));
const { x, y: why = "dflt", z: { deep } = { deep: "dd" }, ...others } = { x: 1, q: 2, r: 3 };
console.log(x, why, deep, JSON.stringify(others));
let p = 1, q = 2;
[p, q] = [q, p];
console.log(p, q);
const [c1, c2, ...cs] = "héllo";
console.log(c1, c2, cs.join(""));
const [s1, s2] = new Set(["a", "b", "c"]);
console.log(s1, s2);
const key = "dyn";
const { [key]: dynVal, ["a" + "b"]: ab } = { dyn: "D", ab: "AB" };
console.log(dynVal, ab);
function params({ a = 1, b } = {}, [c, d] = [3, 4]) { return [a, b, c, d].join(","); }
console.log(params(), params({ b: 2 }), params({ a: 9, b: 8 }, [7]));
for (const [k, v] of Object.entries({ one: 1, two: 2 })) console.log(k, v);
for (const { id, tags: [first] } of [{ id: 1, tags: ["t1", "t2"] }, { id: 2, tags: [] }]) console.log(id, first);
const order = [];
const { [(order.push("key1"), "k1")]: v1 = (order.push("default1"), 1), [(order.push("key2"), "k2")]: v2 } = { get k1() { order.push("get k1"); }, get k2() { order.push("get k2"); return 2; } };
console.log(order.join(" > "), v1, v2);
const { length } = "abcd";
console.log(length);
let m, n;
({ m, n = m * 2 } = { m: 5 });
console.log(m, n);
try { const { nope } = null; } catch (e) { console.log(e instanceof TypeError); }
try { const [z1] = {}; } catch (e) { console.log(e instanceof TypeError); }
const { 0: first, length: len } = ["f", "g"];
console.log(first, len);
const [[n1, n2], { o: [o1] }] = [[1, 2], { o: [3] }];
console.log(n1 + n2 + o1);
const target = {};
[target.a, target["b"]] = [1, 2];
({ c: target.c } = { c: 3 });
console.log(JSON.stringify(target));
