export const clash = "b";
export function onlyB() { return "b"; }
