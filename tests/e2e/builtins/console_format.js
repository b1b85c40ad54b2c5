// The only file that depends on console.log's Node-style (util.inspect) formatting of non-strings.
console.log("string", 42, -0, 0, 1.5, NaN, -Infinity, true, null, undefined);
console.log(10n, -5n, Symbol("sym"), Symbol());
console.log([1, 2, 3]);
console.log([]);
console.log(["a", "b"]);
console.log([1, "two", null, undefined, true]);
console.log([[1, 2], [3]]);
console.log({});
console.log({ a: 1, b: "x" });
console.log({ a: [1, 2], b: { c: null } });
console.log({ "key-with-dash": 1, valid_id: 2 });
console.log([-0, 0]);
console.log("multiple", "args", 1, [2], { three: 3 });
console.log();
console.log("after empty line");
console.log("", "empty-first-arg");
