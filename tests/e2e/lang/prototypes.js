function Animal(name) { this.name = name; }
Animal.prototype.speak = function () { return this.name + " speaks"; };
function Cat(name) { Animal.call(this, name); }
Cat.prototype = Object.create(Animal.prototype);
Cat.prototype.constructor = Cat;
Cat.prototype.speak = function () { return Animal.prototype.speak.call(this) + " (meow)"; };
const c = new Cat("Tom");
console.log(c.speak(), c instanceof Animal, Object.getPrototypeOf(Object.getPrototypeOf(c)) === Animal.prototype);
console.log(c.hasOwnProperty("name"), c.hasOwnProperty("speak"), "speak" in c, Animal.prototype.isPrototypeOf(c));
const bare = Object.create(null);
bare.x = 1;
console.log(Object.getPrototypeOf(bare), "toString" in bare, Object.keys(bare).join());
const base = { greet() { return "base"; } };
const derived = Object.setPrototypeOf({ own: 1 }, base);
console.log(derived.greet(), derived.__proto__ === base);
derived.__proto__ = { greet() { return "swapped"; } };
console.log(derived.greet());
const p1 = {}; const p2 = Object.create(p1);
try { Object.setPrototypeOf(p1, p2); } catch (e) { console.log("cycle:", e.name); }
const frozenProto = Object.preventExtensions({});
try { Object.setPrototypeOf(frozenProto, {}); } catch (e) { console.log("non-extensible:", e.name); }
console.log(Object.getPrototypeOf(Object.prototype), Object.getPrototypeOf(Function.prototype) === Object.prototype);
console.log(Object.getPrototypeOf([]) === Array.prototype, Object.getPrototypeOf(Array.prototype) === Object.prototype);
console.log(typeof Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}).constructor.name);
function Shape() {}
Shape.prototype.area = function () { return 0; };
const sq = new Shape();
Shape.prototype.area = function () { return "patched"; };
console.log(sq.area());
Shape.prototype = { area() { return "replaced proto"; } };
console.log(sq.area(), new Shape().area(), sq instanceof Shape);
const shadow = Object.create({ v: "proto" });
console.log(shadow.v);
shadow.v = "own";
delete shadow.v;
console.log(shadow.v);
const chain = [];
for (let p = new Cat("x"); p; p = Object.getPrototypeOf(p)) chain.push(p.constructor ? p.constructor.name : "?");
console.log(chain.join(" -> "));
for (const k in c) console.log("for-in key:", k);
console.log(Object.prototype.toString.call(null), Object.prototype.toString.call([]), Object.prototype.toString.call(new Date(0)), Object.prototype.toString.call(/x/));
