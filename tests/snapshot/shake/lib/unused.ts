import { mul } from "./math.ts";
export function unusedImport(): number {
  return mul(2, 2);
}
export class Unused extends Error {}
