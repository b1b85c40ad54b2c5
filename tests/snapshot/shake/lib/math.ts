export const PI = 3.14159;
export function add(a: number, b: number): number {
  return a + b;
}
export function mul(a: number, b: number): number {
  return helperSquare(a) * b;
}
function helperSquare(x: number): number {
  return x * x;
}
export const table = [1, 2, 3].map((x) => x * 2); // a call: kept
export class Matrix {
  rows: number[][] = [];
  static identity(): Matrix {
    return new Matrix();
  }
}
export default function defaultOp(): string {
  return "default";
}
