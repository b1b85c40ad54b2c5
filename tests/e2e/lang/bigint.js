const big = 2n ** 100n;
console.log(String(big), big.toString(16), typeof big, `${-5n}`);
console.log(String(7n / 2n), String(-7n / 2n), String(-7n % 2n), String(7n % -2n), String(10n ** 20n));
console.log(String(123456789012345678901234567890n * 987654321098765432109876543210n));
console.log(String(0x1fn), String(0b101n), String(0o17n), String(1_000n), String(BigInt("0xff")), String(BigInt("  123  ")), String(BigInt(true)));
console.log(String(BigInt(Number.MAX_SAFE_INTEGER) + 2n), String(BigInt(2 ** 64)));
console.log(String(BigInt.asIntN(8, 255n)), String(BigInt.asUintN(8, 257n)), String(BigInt.asIntN(64, 2n ** 63n)), String(BigInt.asUintN(64, -1n)));
console.log(1n == 1, 1n === 1, 2n > 1, 1n < 1.5, 10n > 9.99, 0n == "", 1n == "1", [1n < 2n, 2n >= 2n].join());
console.log(String(-(-3n)), String(5n << 3n), String(-41n >> 2n), String(5n & 3n), String(5n | 3n), String(5n ^ 3n), String(~5n));
console.log(Boolean(0n), Boolean(1n), !0n, 0n ? "truthy" : "falsy");
for (const bad of [() => 1n + 1, () => +1n, () => 1n >>> 0n, () => BigInt(1.5), () => BigInt("1.5"), () => 1n / 0n, () => Math.max(1n), () => BigInt(Symbol())]) {
  try { bad(); console.log("no error"); } catch (e) { console.log(e.name); }
}
console.log(Number(2n ** 64n), parseInt("123n"), Number(123n) + 1);
console.log([3n, 1n, 2n].sort().map(String).join(","), [10n, 9n, 1n].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(","));
let factorial = 1n;
for (let i = 1n; i <= 30n; i++) factorial *= i;
console.log(factorial.toString(), factorial.toString(36));
console.log(JSON.stringify({ n: (5n).toString() }), typeof Object(1n), (255n).toLocaleString === undefined);
try { JSON.stringify({ n: 1n }); } catch (e) { console.log("JSON bigint:", e.name); }
console.log(String(BigInt(-0)), String(0n * -1n), Object.is(0n, -0n), 2n ** 0n === 1n);
const m = new Map([[1n, "bigint key"]]);
console.log(m.get(1n), m.get(1), new Set([1n, 1n, 1]).size);
