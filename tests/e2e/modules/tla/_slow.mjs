console.log("_slow: start");
await new Promise((r) => setTimeout(r, 20));
export const slowValue = "slow ready";
console.log("_slow: done");
