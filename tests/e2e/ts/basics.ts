interface Person {
  readonly name: string;
  age?: number;
  greet(other: Person): string;
}
type Id = string | number;
type Pair<T> = [first: T, second: T];
let count: number = 3;
const label: string = `count=${count}`;
const ids: Id[] = [1, "two", 3];
const tuple: Pair<boolean> = [true, false];
function describe(id: Id): string {
  if (typeof id === "number") return `number ${id.toFixed(1)}`;
  return `string ${id.toUpperCase()}`;
}
function optional(a: number, b?: number, ...rest: number[]): number {
  return a + (b ?? 0) + rest.length;
}
const person: Person = {
  name: "Ada",
  greet(other: Person): string { return `Hi ${other.name}, I'm ${this.name}`; },
};
console.log(label, ids.map(describe).join("; "), tuple.length);
console.log(optional(1), optional(1, 2), optional(1, 2, 3, 4));
console.log(person.greet({ name: "Bob", greet: () => "" }));
const input = "42" as unknown as string;
const asNumber = <number>(<unknown>5);
const maybe: string | undefined = ["present"][0];
console.log(input.length, asNumber + 1, maybe!.length);
const config = { port: 8080, host: "localhost" } satisfies Record<string, string | number>;
console.log(config.port + 1, config.host.toUpperCase());
const literal = { kind: "circle", radius: 2 } as const;
console.log(literal.kind, literal.radius);
let definitelyAssigned!: number;
definitelyAssigned = 7;
console.log(definitelyAssigned);
declare const declaredButNotEmitted: number;
declare function declaredFn(x: number): void;
declare let declaredLet: string;
console.log(typeof declaredButNotEmitted === "undefined" ? "declare emits nothing" : "??");
function overloaded(x: string): string;
function overloaded(x: number): number;
function overloaded(x: string | number): string | number { return typeof x === "string" ? x + "!" : x * 2; }
console.log(overloaded("hey"), overloaded(21));
function isString(v: unknown): v is string { return typeof v === "string"; }
function assertPositive(n: number): asserts n { if (n <= 0) throw new RangeError("not positive"); }
const mixed: unknown[] = [1, "a", "b", 2];
console.log(mixed.filter(isString).join(""));
assertPositive(5);
try { assertPositive(-1); } catch (e) { console.log((e as Error).message); }
type Shape = { kind: "sq"; size: number } | { kind: "rect"; w: number; h: number };
function area(s: Shape): number {
  switch (s.kind) { case "sq": return s.size ** 2; case "rect": return s.w * s.h; }
}
console.log(area({ kind: "sq", size: 3 }), area({ kind: "rect", w: 2, h: 5 }));
const fnWithThis = function (this: { v: number }, add: number): number { return this.v + add; };
console.log(fnWithThis.call({ v: 10 }, 5));
let u: unknown = "u"; let an: any = 1; let nv: never[] = []; let v: void = undefined; let n: null = null;
console.log(typeof u, an + 1, nv.length, v, n);
const obj: { [key: string]: number } = { a: 1 };
obj["b"] = 2;
console.log(Object.keys(obj).join());
const ro: readonly number[] = [3, 1, 2];
console.log([...ro].sort().join(), ro.length);
type TemplateT = `prefix-${string}`;
const tl: TemplateT = "prefix-ok";
console.log(tl);
let x = 10 as const satisfies number;
console.log(x);
const arrowGeneric = <T,>(value: T): T[] => [value, value];
console.log(arrowGeneric<string>("ab").join());
console.log(1 < 2, (3 as number) > 2);
