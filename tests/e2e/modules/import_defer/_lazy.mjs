import "./_lazy_dep.mjs";
console.log("_lazy: evaluated");
export const value = 42;
export function then() {
  return "not a thenable";
}
