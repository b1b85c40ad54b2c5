function sum(...nums) { return nums.reduce((a, b) => a + b, 0); }
console.log(sum(), sum(1, 2, 3), sum(...[1, 2], 3, ...new Set([4, 5])));
console.log(Math.max(...[3, 9, 2]), [..."abc", ..."de"].join("-"));
function first(a, ...rest) { return `${a}|${rest.length}|${Array.isArray(rest)}`; }
console.log(first(), first(1), first(1, 2, 3), first.length);
const base = { a: 1, b: 2 };
const ext = { ...base, b: 3, c: 4 };
console.log(JSON.stringify(ext), JSON.stringify({ ...null, ...undefined, ..."hi", ...[9] }));
const sym = Symbol("s");
const src = { visible: 1, [sym]: "symval" };
Object.defineProperty(src, "hidden", { value: 2, enumerable: false });
const copy = { ...src };
console.log(Object.keys(copy).join(","), copy[sym], "hidden" in copy);
let getterCalls = 0;
const withGetter = { get g() { getterCalls++; return "got"; } };
const spreadCopy = { ...withGetter };
console.log(getterCalls, Object.getOwnPropertyDescriptor(spreadCopy, "g").value);
const proto = { inherited: true };
const child = Object.create(proto);
child.own = true;
console.log(JSON.stringify({ ...child }));
const arr = [1, 2];
const arr2 = [...arr, ...arr];
arr2[0] = 99;
console.log(arr.join(","), arr2.join(","));
const holes = [, 1];
console.log(JSON.stringify([...holes]), 0 in [...holes]);
function spreadArgs(a, b, c) { return [a, b, c].join("/"); }
console.log(spreadArgs(..."xy"), spreadArgs(...[1, 2, 3, 4]));
const { a, ...others } = { a: 1, b: 2, c: 3 };
console.log(a, JSON.stringify(others));
console.log(new Array(...[3]).length, [...Array(2)].join("x"), [...new Map([[1, "a"]])].length);
