// Each realm that imports this module gets its own instance.
export let count = 0;
export function bump() {
  count += 1;
  return count;
}
export const greeting = "hello from " + typeof globalThis.ShadowRealm;
export const anObject = { not: "callable" };
