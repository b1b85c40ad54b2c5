// Compiled into a snapshot by build.rs and embedded with include_bytes!.
import { fib } from "./fib.ts";

export function main(): number {
  const values = [10, 20, 30].map(fib);
  print(`fib: ${values.join(", ")}`);
  return values.reduce((a, b) => a + b, 0);
}

declare function print(s: string): void;
main();
