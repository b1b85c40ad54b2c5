import { add } from "./math.ts";
export function greet(name: string): string {
  return `hello, ${name}`;
}
export function shout(s: string): string {
  return s.toUpperCase() + "!".repeat(add(1, 1));
}
export const VERSION = "1.0";
