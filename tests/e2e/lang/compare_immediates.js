// Comparisons against integer literals compile to compare-with-immediate
// branches; every kind of operand must still follow == / === / < semantics.
const values = [0, 1, -1, 0.5, -0, NaN, Infinity, "0", "1", "", " 1 ", true, false, null, undefined,
  0n, 1n, [], [1], {}, { valueOf() { return 1; } }, { toString() { return "0"; } }, Symbol.iterator];
function show(v) {
  if (typeof v === "symbol") return "symbol";
  if (typeof v === "bigint") return v + "n";
  if (typeof v === "object" && v !== null) return JSON.stringify(v) || "obj";
  if (Object.is(v, -0)) return "-0";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}
for (const v of values) {
  const r = [];
  if (v == 0) r.push("==0"); else r.push("!=0");
  if (v != 1) r.push("!=1"); else r.push("==1");
  if (v === 0) r.push("===0");
  if (v !== 1) r.push("!==1");
  if (0 == v) r.push("0==");
  if (typeof v !== "symbol") {
    if (v < 1) r.push("<1");
    if (v >= 0) r.push(">=0");
    if (!(v > -1)) r.push("!>-1");
  }
  console.log(show(v), r.join(" "));
}
let n = 0;
for (let i = 10; i != 0; i--) n += i;
let m = 0;
while (m !== 7) m++;
console.log(n, m);
