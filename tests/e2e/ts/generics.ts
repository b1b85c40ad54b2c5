function identity<T>(x: T): T { return x; }
function first<T>(xs: readonly T[]): T | undefined { return xs[0]; }
function pluck<T, K extends keyof T>(obj: T, key: K): T[K] { return obj[key]; }
function withDefault<T = string>(x?: T): T[] { return x === undefined ? [] : [x]; }
console.log(identity<number>(5), identity("s"), first([3, 2]), first<string>([]), pluck({ a: 1, b: "two" }, "b"), withDefault().length);
interface Box<T> { value: T; map<U>(f: (t: T) => U): Box<U> }
function box<T>(value: T): Box<T> { return { value, map: (f) => box(f(value)) }; }
console.log(box(3).map((n) => n * 2).map(String).map((s) => s + "!").value);
type Mapped<T> = { readonly [K in keyof T]: T[K] };
type Cond<T> = T extends string ? "str" : "other";
type Unwrapped<T> = T extends Promise<infer U> ? U : T;
const m: Mapped<{ a: number }> = { a: 1 };
const c: Cond<"x"> = "str";
const u: Unwrapped<Promise<number>> = 4;
console.log(m.a, c, u);
class Stack<T> {
  private items: T[] = [];
  push(...xs: T[]): void { this.items.push(...xs); }
  pop(): T | undefined { return this.items.pop(); }
  get size(): number { return this.items.length; }
}
const s = new Stack<number>();
s.push(1, 2, 3);
console.log(s.pop(), s.size);
function merge<A extends object, B extends object>(a: A, b: B): A & B { return { ...a, ...b }; }
console.log(JSON.stringify(merge({ x: 1 }, { y: "2" })));
const mapFn = <T, U>(xs: T[], f: (x: T, i: number) => U): U[] => xs.map(f);
console.log(mapFn([1, 2], (x, i) => `${x}@${i}`).join());
function keys<T extends object>(o: T): (keyof T)[] { return Object.keys(o) as (keyof T)[]; }
console.log(keys({ p: 1, q: 2 }).join());
type Fn = (a: number) => number;
const compose = (...fns: Fn[]): Fn => (x) => fns.reduceRight((acc, f) => f(acc), x);
console.log(compose((x) => x + 1, (x) => x * 2)(5));
async function fetchLike<T>(v: T): Promise<T> { return v; }
fetchLike<string>("async generic").then((v) => console.log(v));
const tuple = <T extends unknown[]>(...args: T): T => args;
console.log(tuple(1, "a", true).length);
let nested: Array<Array<number>> = [[1], [2, 3]];
console.log(nested.flat().join());
const gt = 2 > 1, lt = (1 as number) < 2;
console.log(gt, lt);
