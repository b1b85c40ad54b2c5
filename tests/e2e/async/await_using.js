// `await using`: awaits in the function, Symbol.dispose fallback, rejections, generators.
// (Expected output written by hand: node 20 has no `await using`.)
const log = [];
const ares = (n, opts = {}) => ({
  async [Symbol.asyncDispose]() { log.push("ad" + n); if (opts.fail) throw new Error(n); },
});
const sres = (n) => ({ [Symbol.dispose]() { log.push("sd" + n); } });
async function ticks(label) { for (let i = 0; i < 5; i++) { log.push(label + i); await null; } }
async function run() {
  {
    await using a = ares("a"), b = sres("b");
    using c = sres("c");
    log.push("body");
  }
  console.log("basic: " + log.join(" ")); log.length = 0;
  // rejection aggregates
  try {
    await using a = ares("1", { fail: true });
    await using b = ares("2", { fail: true });
    throw new Error("body");
  } catch (e) {
    console.log("errs: " + log.join(" ") + " | " + e.error.message + " " + e.suppressed.error.message + " " + e.suppressed.suppressed.message);
    log.length = 0;
  }
  // null await using still awaits once
  const p = (async () => { { await using n = null; log.push("inner"); } log.push("after"); })();
  log.push("sync");
  await p;
  console.log("null: " + log.join(" ")); log.length = 0;
  // throwing constructor getter on the returned promise
  const bad = Promise.resolve();
  Object.defineProperty(bad, "constructor", { get() { throw new Error("ctor"); } });
  try { await using x = { [Symbol.asyncDispose]() { return bad; } }; } catch (e) { console.log("ctor: " + e.message); }
  // for await of with await using
  async function* src() { yield ares("i1"); yield ares("i2"); }
  for await (await using r of src()) log.push("it");
  console.log("forawait: " + log.join(" ")); log.length = 0;
  // async generator with await using and return()
  async function* ag() { await using r = ares("ag"); yield 1; yield 2; }
  const it = ag(); await it.next(); console.log(JSON.stringify(await it.return(3)), log.join(" ")); log.length = 0;
  // sync dispose wrapped for await using: Symbol.dispose fallback
  { await using s = sres("fallback"); }
  console.log("fallback: " + log.join(" ")); log.length = 0;
  try { await using t = 5; } catch (e) { console.log(e.constructor.name); }
  try { await using t = {}; } catch (e) { console.log(e.constructor.name); }
  // return value through await using
  async function r() { await using a = ares("r"); return "rv"; }
  console.log(await r(), log.join(" ")); log.length = 0;
}
run().catch((e) => console.log("FAIL", e));
