import { slowValue } from "./_slow.mjs";
console.log("_uses_slow: sees", slowValue);
export const derived = slowValue + " (derived)";
