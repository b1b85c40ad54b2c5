class Counter {
  #count = 0;
  static #instances = 0;
  #secret() { return "secret" + this.#count; }
  get #double() { return this.#count * 2; }
  set #value(v) { this.#count = v; }
  constructor() { Counter.#instances++; }
  inc() { this.#count++; return this; }
  reveal() { return `${this.#secret()} double=${this.#double}`; }
  setTo(v) { this.#value = v; return this.#count; }
  static instances() { return Counter.#instances; }
  static isCounter(o) { return #count in o; }
  equals(other) { return this.#count === other.#count; }
  static #staticMethod() { return "static private"; }
  static callStatic() { return Counter.#staticMethod(); }
}
const c = new Counter().inc().inc();
console.log(c.reveal(), c.setTo(10), Counter.instances());
console.log(Counter.isCounter(c), Counter.isCounter({}), Counter.callStatic());
console.log(JSON.stringify(c), Object.keys(c).length, Object.getOwnPropertyNames(c).length);
console.log(new Counter().equals(new Counter()));
try { c.equals({}); } catch (e) { console.log("brand check:", e instanceof TypeError); }
try { Counter.prototype.inc.call({}); } catch (e) { console.log("foreign this:", e instanceof TypeError); }
class A { #x = "A"; getA() { return this.#x; } }
class B extends A { #x = "B"; getB() { return this.#x; } }
const b = new B();
console.log(b.getA(), b.getB());
class Stamper extends class { constructor(o) { return o; } } {
  #stamp = "stamped";
  static read(o) { return o.#stamp; }
}
const plain = {};
new Stamper(plain);
console.log(Stamper.read(plain), Object.keys(plain).length);
try { new Stamper(plain); } catch (e) { console.log("double init:", e instanceof TypeError); }
class ReadOnly { get #ro() { return 1; } tryWrite() { try { this.#ro = 2; } catch (e) { return e instanceof TypeError; } } }
console.log("write getter-only:", new ReadOnly().tryWrite());
class M { #m() {} tryAssign() { try { this.#m = 1; } catch (e) { return e instanceof TypeError; } } }
console.log("assign method:", new M().tryAssign());
class Nested {
  #v = 42;
  getFn() { return () => this.#v; }
  static inner(o) { return new (class { read(x) { return x.#v; } })().read(o); }
}
console.log(new Nested().getFn()(), Nested.inner(new Nested()));
