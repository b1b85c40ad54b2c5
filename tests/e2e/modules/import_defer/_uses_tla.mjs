import { ready } from "./_tla.mjs";
console.log("_uses_tla: evaluated, tla ready =", ready);
export const ok = ready;
