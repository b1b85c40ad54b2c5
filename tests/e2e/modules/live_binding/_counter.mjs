export let count = 0;
export function increment() { count++; }
export var viaVar = "var binding";
export function reset() { count = 0; viaVar = "var reassigned"; }
export { count as aliasCount };
