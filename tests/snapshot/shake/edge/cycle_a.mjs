import { fromB } from "./cycle_b.mjs";
export function viaCycle() { return "cycle " + fromB(); }
export const fromA = "A";
