const log = [];
class Config {
  static a = (log.push("field a"), 1);
  static {
    log.push("block 1 sees a=" + this.a);
    this.b = this.a + 1;
  }
  static c = (log.push("field c"), 3);
  static #hidden = "hidden";
  static {
    log.push("block 2 sees c=" + Config.c + " hidden=" + Config.#hidden);
    var local = "block-scoped var";
    log.push(typeof local);
  }
}
console.log(log.join(" | "));
console.log(Config.a, Config.b, Config.c, typeof local);
let getHidden;
class Exposer { static #priv = "exposed"; static { getHidden = () => Exposer.#priv; } }
console.log(getHidden());
function F() { return new.target === undefined ? "called" : "constructed:" + new.target.name; }
console.log(F(), new F().constructor === F ? "obj" : "?", Reflect.construct(F, []).constructor === F);
function G() { this.nt = new.target; }
console.log(new G().nt === G);
class Parent { constructor() { this.created = new.target.name; } }
class Child extends Parent {}
console.log(new Parent().created, new Child().created);
class Abstract { constructor() { if (new.target === Abstract) throw new TypeError("abstract!"); } }
class Concrete extends Abstract {}
try { new Abstract(); } catch (e) { console.log(e.message); }
console.log(new Concrete() instanceof Abstract);
function Other() {}
const viaReflect = Reflect.construct(Parent, [], Other);
console.log(viaReflect.created, Object.getPrototypeOf(viaReflect) === Other.prototype);
const arrowNT = function () { return (() => new.target)(); };
console.log(new arrowNT() === undefined, arrowNT());
class Order {
  static x = Order.name + "-x";
  static y = this.x + "-y";
}
console.log(Order.x, Order.y);
