import { a, aFn } from "./_a.mjs";
console.log("evaluating _b; aFn() =", aFn());
let seenA;
try { seenA = a; } catch (e) { seenA = "TDZ " + e.name; }
console.log("_b saw a as:", seenA);
export let b = "b-initial";
export function bFn() { return "bFn sees a=" + a; }
export function getB() { return b; }
export function setB(v) { b = v; }
