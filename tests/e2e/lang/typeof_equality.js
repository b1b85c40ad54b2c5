console.log(typeof 1, typeof "s", typeof true, typeof undefined, typeof null, typeof {}, typeof [], typeof function () {}, typeof class {}, typeof Symbol(), typeof 1n);
console.log(typeof undeclaredVariable, typeof NaN, typeof new Number(1), typeof Math, typeof JSON, typeof Object, typeof (() => {}), typeof async function () {});
const pairs = [
  [null, undefined], [null, 0], [undefined, 0], ["", 0], ["0", 0], ["0", false], ["", false], [[], false], [[], ""],
  [[0], false], [[1], 1], [[1, 2], "1,2"], [{}, "[object Object]"], [NaN, NaN], ["1", 1], [true, 1], [true, "1"], [true, "true"],
  [null, false], [0, -0], [Infinity, "Infinity"], [" \t\n", 0], ["0x10", 16], [1n, 1], [1n, "1"],
];
for (const [a, b] of pairs) console.log(JSON.stringify(String(a)), "==", JSON.stringify(String(b)), a == b, a === b, Object.is(a, b));
const o = {};
console.log(o == o, o === {}, [] == [], NaN !== NaN, [NaN].includes(NaN), [NaN].indexOf(NaN));
console.log(null === null, undefined === void 0, Object.is(NaN, 0 / 0), Object.is(0, -0), -0 === 0);
console.log(typeof globalThis, typeof globalThis.globalThis);
console.log([] instanceof Object, Object.create(null) instanceof Object, (() => {}) instanceof Function, 5 instanceof Number);
console.log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray(new Proxy([], {})));
let weird = { [Symbol.toPrimitive]: () => 7 };
console.log(weird == 7, weird === 7, weird + 1, `${weird}`);
