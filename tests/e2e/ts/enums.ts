enum Direction { Up, Down, Left = 10, Right }
console.log(Direction.Up, Direction.Down, Direction.Left, Direction.Right);
console.log(Direction[0], Direction[11], Direction[Direction.Left]);
console.log(JSON.stringify(Direction));
enum Color { Red = "RED", Green = "GREEN" }
console.log(Color.Red, Color.Green, (Color as any)["RED"], JSON.stringify(Color));
enum Mixed { A = 1, B = A * 2, C = B + 1, D = "d".length, E = ~1 }
console.log(Mixed.A, Mixed.B, Mixed.C, Mixed.D, Mixed.E, Mixed[4]);
enum Flags { None = 0, Read = 1 << 0, Write = 1 << 1, Exec = 1 << 2, All = Read | Write | Exec }
console.log(Flags.All, (Flags.Read | Flags.Exec) & Flags.Exec, Flags[7]);
const enum Inlined { X = 5, Y = X * 3 }
console.log(Inlined.X, Inlined.Y, Inlined.X + Inlined.Y);
const enum Str { Hello = "hello" }
console.log(Str.Hello.toUpperCase());
enum Merged { First = 1 }
enum Merged { Second = 2 }
console.log(Merged.First, Merged.Second, Merged[2]);
function dirName(d: Direction): string {
  switch (d) { case Direction.Up: return "up"; case Direction.Down: return "down"; default: return Direction[d]; }
}
console.log(dirName(Direction.Up), dirName(Direction.Right));
enum WithComputed { Len = "abc".length, Twice = Len * 2 }
console.log(WithComputed.Len, WithComputed.Twice, WithComputed[6]);
console.log(Object.keys(Direction).join(","));
console.log(typeof Direction, typeof Color.Red);
enum E1 { A }
const key: keyof typeof E1 = "A";
console.log(E1[key]);
enum Neg { M = -1, N }
console.log(Neg.M, Neg.N, Neg[-1]);
