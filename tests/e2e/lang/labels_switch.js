const found = [];
outer: for (let i = 0; i < 4; i++) {
  inner: for (let j = 0; j < 4; j++) {
    if (j === 2) continue outer;
    if (i === 3) break outer;
    found.push(`${i}${j}`);
  }
}
console.log(found.join(" "));
block: {
  console.log("in block");
  if (found.length) break block;
  console.log("never");
}
let n = 0;
loop: while (true) { do { n++; if (n > 5) break loop; } while (n % 2); }
console.log("n =", n);
function classify(x) {
  const out = [];
  switch (x) {
    case 1: out.push("one");
    case 2: out.push("two (or fell through)"); break;
    default: out.push("default");
    case 3: out.push("three"); break;
    case "1": out.push("string one"); break;
  }
  return out.join(", ");
}
console.log(classify(1)); console.log(classify(2)); console.log(classify(3)); console.log(classify(9)); console.log(classify("1"));
function sw(v) { switch (true) { case v < 0: return "neg"; case v === 0: return "zero"; default: return "pos"; } }
console.log(sw(-1), sw(0), sw(5));
switch (1) { case 1: { let scoped = "block in case"; console.log(scoped); } }
const evalOrder = [];
switch (evalOrder.push("disc"), 3) {
  case (evalOrder.push("case1"), 1): break;
  case (evalOrder.push("case3"), 3): evalOrder.push("body3"); break;
  case (evalOrder.push("case4"), 4): break;
}
console.log(evalOrder.join(" "));
switch (NaN) { case NaN: console.log("NaN matched"); break; default: console.log("NaN never matches"); }
let count = 0;
for (let i = 0; i < 10; i++) { if (i % 2) continue; if (i > 6) break; count += i; }
console.log(count);
lbl: for (const x of [1, 2]) { for (const y of [1, 2]) { if (y === 2) continue lbl; console.log("pair", x, y); } }
