// Math functions with exactly-defined results.
console.log(Math.round(2.5), Math.round(-2.5), Math.round(-0.5), Math.round(0.49999999999999994));
console.log(Math.floor(-1.5), Math.ceil(-1.5), Math.trunc(-1.5), Math.trunc(1.9), Math.sign(-3), Math.sign(0));
console.log(Math.max(), Math.min(), Math.max(1, NaN, 3), Math.max(-0, 0), Math.min(0, -0));
console.log(Math.abs(-7.5), Math.sqrt(16), Math.sqrt(2), Math.sqrt(-1), Math.cbrt(27), Math.cbrt(-8));
console.log(Math.hypot(3, 4), Math.hypot(), Math.clz32(1), Math.clz32(0), Math.imul(0xffffffff, 5));
console.log(Math.fround(5.5), Math.fround(5.05), Math.log2(8), Math.log10(1000), Math.exp(0), Math.log(1));
console.log(Math.pow(2, 10), Math.pow(NaN, 0), Math.pow(1, Infinity), 2 ** 53, Math.PI, Math.E);
console.log(typeof Math.random(), Math.random() < 1, Math.random() >= 0);
console.log(Object.prototype.toString.call(Math));
