import { b, bFn, getB } from "./_b.mjs";
export let a = "a-initial";
export function aFn() { return "aFn (hoisted)"; }
console.log("evaluating _a; b =", b, "bFn() =", bFn());
export function bump() { a = "a-bumped"; }
export function readB() { return getB(); }
