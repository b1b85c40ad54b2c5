const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
async function* ticker(n) {
  try {
    for (let i = 0; i < n; i++) { await sleep(5); yield i; }
  } finally {
    console.log("ticker cleanup");
  }
}
(async () => {
  for await (const t of ticker(3)) console.log("tick", t);
  for await (const v of [sleep(20, "slow"), "plain", Promise.resolve("resolved")]) console.log("array item", v);
  for await (const t of ticker(10)) { if (t === 1) break; console.log("before break", t); }
  const custom = {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: () => Promise.resolve(i < 2 ? { value: "custom" + i++, done: false } : { value: undefined, done: true }),
        return: () => { console.log("custom return"); return Promise.resolve({ done: true }); },
      };
    },
  };
  for await (const c of custom) console.log(c);
  for await (const c of custom) { console.log("first only", c); break; }
  const syncIterable = { *[Symbol.iterator]() { yield sleep(1, "sync-gen promise"); yield "sync-gen value"; } };
  for await (const s of syncIterable) console.log(s);
  try { for await (const x of ticker(5)) { if (x === 0) throw new Error("body threw"); } } catch (e) { console.log("caught", e.message); }
  async function* failing() { yield 1; throw new Error("generator threw"); }
  try { for await (const x of failing()) console.log("got", x); } catch (e) { console.log("caught", e.message); }
  console.log("done");
})();
