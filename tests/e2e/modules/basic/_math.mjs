export const PI = 3.14159;
export function square(x) { return x * x; }
export let mutable = "initial";
export function setMutable(v) { mutable = v; }
export class Calc { add(a, b) { return a + b; } }
const internal = "internal";
export { internal as renamedExport };
export default function defaultFn() { return "default function"; }
