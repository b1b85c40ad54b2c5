class Point {
  constructor(public x: number, public readonly y: number, private secret: string = "s", protected prot = 1) {}
  reveal(): string { return this.secret + this.prot; }
}
const p = new Point(1, 2);
console.log(p.x, p.y, p.reveal(), Object.keys(p).join(","));
class WithDeclare {
  declare declared: string;
  real: number = 1;
  constructor() {}
}
const wd = new WithDeclare();
console.log("declared" in wd, Object.keys(wd).join(","));
abstract class Shape {
  abstract area(): number;
  abstract readonly name: string;
  describe(): string { return `${this.name} with area ${this.area().toFixed(2)}`; }
}
class Circle extends Shape {
  readonly name = "circle";
  constructor(private r: number) { super(); }
  area(): number { return Math.PI * this.r ** 2; }
}
class Rect extends Shape {
  name = "rect";
  constructor(private w: number, private h: number) { super(); }
  override area(): number { return this.w * this.h; }
}
const shapes: Shape[] = [new Circle(1), new Rect(2, 3)];
console.log(shapes.map((s) => s.describe()).join("; "));
interface Comparable<T> { compareTo(other: T): number }
class Version implements Comparable<Version> {
  constructor(private readonly major: number, private readonly minor: number) {}
  compareTo(o: Version): number { return this.major - o.major || this.minor - o.minor; }
  toString(): string { return `${this.major}.${this.minor}`; }
}
const versions = [new Version(1, 2), new Version(0, 9), new Version(1, 0)];
console.log(versions.sort((a, b) => a.compareTo(b)).join(" < "));
class Base { constructor(public id: number) {} }
class Derived extends Base {
  constructor(id: number, public tag: string) { super(id); }
}
const d = new Derived(7, "t");
console.log(d.id, d.tag, Object.keys(d).join(","));
class Statics { static count: number = 0; static inc(): number { return ++Statics.count; } private static hidden(): string { return "h"; } }
Statics.inc(); Statics.inc();
console.log(Statics.count);
class Generic<T extends { length: number }> {
  private items: T[] = [];
  add(item: T): this { this.items.push(item); return this; }
  longest(): T | undefined { return this.items.reduce<T | undefined>((a, b) => (a && a.length >= b.length ? a : b), undefined); }
}
console.log(new Generic<string>().add("ab").add("abcd").add("a").longest());
class Accessors {
  private _v = 0;
  get value(): number { return this._v; }
  set value(v: number) { this._v = Math.max(0, v); }
}
const acc = new Accessors();
acc.value = -5;
console.log(acc.value);
class Opt { maybe?(): string; definite!: number; }
console.log(typeof new Opt().maybe);
class PrivateHash { #real = "ecma private"; private tsPrivate = "ts private"; read() { return this.#real + " / " + this.tsPrivate; } }
console.log(new PrivateHash().read());
class ParamOrder { log: string[]; constructor(public a: string) { this.log = ["ctor body sees " + this.a]; } }
console.log(new ParamOrder("A").log[0]);
