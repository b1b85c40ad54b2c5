import type { Nothing } from "./_nothing_this_is_elided.js";
const neverUsed: Nothing[] = [];
console.log("type-only import elided", neverUsed.length);
export type Exported = number;
export interface AlsoElided { a: string }
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
const data: Json = { list: [1, "a", null], ok: true };
console.log(JSON.stringify(data));
const el = { value: "x" } as { value: string } | null;
console.log(el!.value, el?.value);
let counter: number = 0;
counter!++;
console.log(counter);
const arr = [1, 2, 3] as number[];
console.log((arr as unknown as string[]).length);
function sum(this: void, ...n: number[]): number { return n.reduce((a, b) => a + b, 0); }
console.log(sum(1, 2, 3));
const sym: unique symbol = Symbol("unique");
console.log(typeof sym);
label: for (const i of [1, 2]) { if (i === 2) break label; console.log("loop", i); }
console.log(typeof ((x: number): x is 1 => x === 1));
const optionalCall = (f?: () => string): string => f?.() ?? "no fn";
console.log(optionalCall(), optionalCall(() => "called"));
abstract class A { abstract m(): void; static create(): string { return "static on abstract"; } }
console.log(A.create());
let tupleOpt: [number, string?] = [1];
console.log(tupleOpt.length);
console.log(`${<string>"angle"} ${"as" as string}`);
