// Pure module importing an impure one: evaluation order must not change.
import "./order_log.mjs";
export function first() { return "first"; }
export function unusedHere() { return 0; }
