export const pick = "picked from a";
export const clash = "a";
export function onlyA() { return "a"; }
