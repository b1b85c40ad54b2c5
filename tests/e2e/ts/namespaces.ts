namespace Geometry {
  export const PI2 = Math.PI * 2;
  export function circumference(r: number): number { return PI2 * r; }
  const hidden = "not exported";
  export function peek(): string { return hidden; }
  export namespace Shapes {
    export class Square { constructor(public side: number) {} area(): number { return this.side ** 2; } }
    export interface Ignored { x: number }
  }
}
namespace Geometry {
  export function twice(r: number): number { return circumference(r) * 2; }
  export function tryHidden(): string { return typeof (Geometry as any).hidden; }
}
namespace A.B.C {
  export const deep = "A.B.C.deep";
}
namespace A.B {
  export const mid = "A.B.mid sees " + C.deep;
}
console.log(Geometry.circumference(1).toFixed(4), Geometry.twice(1).toFixed(4), Geometry.peek(), Geometry.tryHidden());
console.log(new Geometry.Shapes.Square(3).area());
console.log(A.B.C.deep, A.B.mid);
console.log(typeof Geometry, Object.keys(Geometry).sort().join(","));
function Greeter(name: string): string { return "Hello " + name + Greeter.suffix; }
namespace Greeter { export const suffix = "!"; }
console.log(Greeter("merged fn"));
class Album { label = Album.Label.default; }
namespace Album { export const Label = { default: "merged class" }; }
console.log(new Album().label);
enum Status { On, Off }
namespace Status { export function parse(s: string): Status { return s === "on" ? Status.On : Status.Off; } }
console.log(Status.parse("on"), Status.parse("x"), Status[Status.parse("on")]);
namespace Counter { export let value = 0; export function inc() { value++; } }
Counter.inc(); Counter.inc();
console.log(Counter.value);
namespace Alias { export import Sq = Geometry.Shapes.Square; }
console.log(new Alias.Sq(2).area());
namespace OnlyTypes { export type T = number; export interface I {} }
console.log(typeof (globalThis as any).OnlyTypes);
