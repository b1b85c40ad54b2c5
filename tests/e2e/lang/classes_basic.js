class Animal {
  constructor(name) { this.name = name; }
  speak() { return `${this.name} makes a sound`; }
  get description() { return `Animal(${this.name})`; }
  set nickname(v) { this._nick = v.toUpperCase(); }
  static create(name) { return new this(name); }
  static kind = "animal";
  toString() { return `[${this.constructor.name} ${this.name}]`; }
}
class Dog extends Animal {
  constructor(name, breed) { super(name); this.breed = breed; }
  speak() { return super.speak() + " (woof)"; }
  get description() { return "Dog:" + super.description; }
  static create(name) { return super.create(name + "!"); }
}
const d = new Dog("Rex", "lab");
console.log(d.speak());
console.log(d.description);
d.nickname = "rexy";
console.log(d._nick, String(d), `${Dog.create("Fido")}`);
console.log(d instanceof Dog, d instanceof Animal, Object.getPrototypeOf(Dog) === Animal, Dog.kind);
console.log(typeof Animal, Animal.name, Dog.name, Animal.length, Dog.length);
console.log(Object.getOwnPropertyNames(Animal.prototype).join(","));
console.log(Object.keys(d).join(","), Object.getOwnPropertyDescriptor(Animal.prototype, "speak").enumerable);
try { Animal("x"); } catch (e) { console.log("call without new:", e instanceof TypeError); }
const methodName = "dyn" + "amic";
class Computed { [methodName]() { return "computed method"; } static ["s" + 1]() { return "static computed"; } }
console.log(new Computed().dynamic(), Computed.s1());
const Expr = class Named { who() { return Named.name; } };
console.log(Expr.name, new Expr().who());
class Fields {
  a = 1;
  b = this.a + 1;
  ["c" + "d"] = "computed field";
  arrow = () => this.a;
  static count = 0;
  constructor() { Fields.count++; }
}
const f = new Fields();
const { arrow } = f;
console.log(f.a, f.b, f.cd, arrow(), Fields.count, Object.keys(f).join(","));
class Base { constructor() { this.init(); } init() { this.tag = "base"; } }
class Derived extends Base { field = "field"; init() { this.tag = "derived, field=" + this.field; } }
console.log(new Derived().tag);
class MyArray extends Array { sum() { return this.reduce((a, b) => a + b, 0); } }
const ma = MyArray.from([1, 2, 3]);
console.log(ma.length, ma.sum(), ma instanceof Array, ma.map((x) => x * 2) instanceof MyArray, Array.isArray(ma));
ma.push(4);
console.log(ma.length, ma.sum());
class MyError extends Error { constructor(msg) { super(msg); this.name = "MyError"; } }
const err = new MyError("oops");
console.log(err instanceof Error, err.name, err.message, String(err));
class NoCtor extends Dog {}
console.log(new NoCtor("Tiny", "pug").breed);
try { class Bad extends Animal { constructor() { this.x = 1; } } new Bad(); } catch (e) { console.log("this before super:", e.name); }
class ReturnsObj { constructor() { return { custom: true }; } }
console.log(JSON.stringify(new ReturnsObj()));
class Accessors { static #count = 0; static get count() { return Accessors.#count; } static set count(v) { Accessors.#count = v * 10; } }
Accessors.count = 4;
console.log(Accessors.count);
class Gen { *[Symbol.iterator]() { yield 1; yield 2; } }
console.log([...new Gen()].join(","));
