import { fromA } from "./cycle_a.mjs";
export function fromB() { return "B+" + fromA; }
export function unusedB() { return fromA; }
