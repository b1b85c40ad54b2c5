console.log("side effect runs first");
export function notUsed(): number {
  return 1;
}
