const value = { s: "str", n: 1.5, b: true, nul: null, arr: [1, "two", [3]], nested: { a: { b: {} } }, u: undefined, f() {}, sym: Symbol("x"), nan: NaN, inf: -Infinity, negz: -0 };
console.log(JSON.stringify(value));
console.log(JSON.stringify(value.arr, null, 2));
console.log(JSON.stringify({ a: [], b: {}, c: [{}] }, null, "--"));
console.log(JSON.stringify([undefined, function () {}, Symbol("s")]), JSON.stringify(undefined), JSON.stringify(() => {}), JSON.stringify(null));
console.log(JSON.stringify("quote\" back\\ nl\n tab\t ctl\u0001 é 😀"));
console.log(JSON.stringify({ date: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)) }));
console.log(JSON.stringify({ toJSON(key) { return "toJSON with key [" + key + "]"; } }), JSON.stringify({ inner: { toJSON(k) { return k; } } }));
console.log(JSON.stringify({ a: 1, b: 2, c: { a: 3, d: 4 } }, ["a", "c"]));
console.log(JSON.stringify({ a: 1, b: "2", c: [3] }, (k, v) => (typeof v === "number" ? v * 10 : v)));
const keysSeen = [];
JSON.stringify({ x: { y: 1 }, z: [2] }, function (k, v) { keysSeen.push(k === "" ? "(root)" : k); return v; });
console.log(keysSeen.join(","));
console.log(JSON.stringify({ 2: "b", 1: "a", z: "z", y: "y" }), JSON.stringify(new Map([[1, 2]])), JSON.stringify(new Set([1])));
console.log(JSON.stringify([new Number(3), new String("s"), new Boolean(false), Object(1n).constructor.name]));
console.log(JSON.stringify({ a: 1 }, null, 20) === JSON.stringify({ a: 1 }, null, 10), JSON.stringify([1], null, "abcdefghijklmnop"));
const cyclic = {}; cyclic.self = cyclic;
try { JSON.stringify(cyclic); } catch (e) { console.log("cyclic:", e.name); }
const parsed = JSON.parse('{"a":[1,2,{"b":null}],"c":"\\u0041\\n","d":-1.5e2,"e":true,"__proto__":1}');
console.log(parsed.a[2].b, parsed.c, parsed.d, parsed.e, Object.getPrototypeOf(parsed) === Object.prototype, Object.keys(parsed).join(","));
console.log(JSON.parse(" [1, 2] ").length, JSON.parse('"str"'), JSON.parse("1e3"), JSON.parse("null"), JSON.parse(" true "));
const revived = JSON.parse('{"a":1,"b":{"c":2,"d":[3,4]}}', function (k, v) { return typeof v === "number" ? v + 100 : v; });
console.log(JSON.stringify(revived));
const order = [];
JSON.parse('{"a":{"b":1},"c":[2]}', (k, v) => { order.push(k); return v; });
console.log(order.join(","));
console.log(JSON.stringify(JSON.parse('{"a":1,"b":2}', (k, v) => (k === "a" ? undefined : v))));
for (const bad of ["{a:1}", "[1,]", "'single'", "01", "1.", ".5", "NaN", "undefined", '{"a":1}x', "", '"\t"', "+1", "[1 2]"]) {
  try { JSON.parse(bad); console.log("parsed?!", bad); } catch (e) { console.log("reject", JSON.stringify(bad), e.name); }
}
console.log(JSON.parse('"\\ud83d\\ude00"') === "😀", JSON.parse('{"a":1,"a":2}').a, JSON.parse("-0") === 0, Object.is(JSON.parse("-0"), -0));
console.log(Object.prototype.toString.call(JSON), JSON[Symbol.toStringTag]);
console.log(JSON.stringify({ big: 12345678901234567890, small: 1e-7, int: 100 }));
console.log(JSON.stringify("\ud800\udc00 \udc00\ud800"));
