export const red = "#f00";
export const green = "#0f0";
export function blend(a: string, b: string): string {
  return a + b;
}
