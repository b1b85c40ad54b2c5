const s1 = Symbol("desc"), s2 = Symbol("desc");
console.log(s1 === s2, s1.description, Symbol().description, String(s1), s1.toString(), typeof s1);
console.log(Symbol.for("app") === Symbol.for("app"), Symbol.keyFor(Symbol.for("app")), Symbol.keyFor(s1));
const obj = { [s1]: "sym value", normal: 1 };
console.log(Object.keys(obj).join(), JSON.stringify(obj), obj[s1], Object.getOwnPropertySymbols(obj).length, Reflect.ownKeys(obj).length);
try { s1 + ""; } catch (e) { console.log("implicit conversion:", e.name); }
try { new Symbol(); } catch (e) { console.log("new Symbol:", e.name); }
class Range {
  constructor(a, b) { this.a = a; this.b = b; }
  *[Symbol.iterator]() { for (let i = this.a; i <= this.b; i++) yield i; }
}
console.log([...new Range(1, 5)].join(","), Math.max(...new Range(3, 7)));
const money = {
  [Symbol.toPrimitive](hint) { console.log("hint:", hint); return hint === "number" ? 42 : hint === "string" ? "forty-two" : "default!"; },
};
console.log(+money);
console.log(`${money}`);
console.log(money + "");
console.log(money * 2);
console.log(money == "default!");
console.log(String(money));
const d = new Date(0);
console.log(typeof d[Symbol.toPrimitive], d[Symbol.toPrimitive]("number"));
class Even { static [Symbol.hasInstance](n) { return n % 2 === 0; } }
console.log(2 instanceof Even, 3 instanceof Even);
class Tagged { get [Symbol.toStringTag]() { return "Tagged!"; } }
console.log(Object.prototype.toString.call(new Tagged()), String(new Tagged()));
const arrayLike = { length: 2, 0: "a", 1: "b", [Symbol.isConcatSpreadable]: true };
console.log([1].concat(arrayLike).join(","), [1].concat([2, 3]).length);
const noSpread = [4, 5];
noSpread[Symbol.isConcatSpreadable] = false;
console.log([1].concat(noSpread).length);
console.log(typeof Symbol.iterator, typeof Symbol.asyncIterator, Symbol.iterator.description, String(Symbol.hasInstance));
class MyArr extends Array { static get [Symbol.species]() { return Array; } }
const mine = MyArr.of(1, 2, 3);
console.log(mine instanceof MyArr, mine.map((x) => x) instanceof MyArr, mine.filter(Boolean).constructor.name);
const unscopablesKeys = Object.keys(Array.prototype[Symbol.unscopables]);
console.log(unscopablesKeys.includes("flat"), unscopablesKeys.includes("toSorted"), unscopablesKeys.includes("map"));
const re = { [Symbol.match](s) { return ["custom match " + s]; }, [Symbol.replace](s, r) { return "replaced:" + s + r; } };
console.log("abc".match(re)[0], "abc".replace(re, "!"));
console.log(Object(s1) instanceof Symbol, typeof Object(s1), Object(s1).description);
const symKeyed = {};
symKeyed[Symbol.for("x")] = 1;
console.log(symKeyed[Symbol.for("x")], Object.getOwnPropertySymbols(symKeyed)[0] === Symbol.for("x"));
