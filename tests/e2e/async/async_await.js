const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
async function main() {
  console.log("start");
  const a = await sleep(20, "a");
  const [b, c] = await Promise.all([sleep(10, "b"), sleep(5, "c")]);
  console.log(a, b, c);
  try { await Promise.reject(new Error("awaited rejection")); } catch (e) { console.log("caught:", e.message); }
  const results = [];
  for (const ms of [15, 5, 10]) results.push(await sleep(ms, ms));
  console.log("sequential:", results.join());
  const parallel = await Promise.all([15, 5, 10].map(async (ms) => { await sleep(ms); return ms * 2; }));
  console.log("parallel:", parallel.join());
  const arrow = async (x) => x * 3;
  console.log(await arrow(7), arrow(1) instanceof Promise);
  class Svc { async get() { return "method"; } static async s() { return "static"; } }
  console.log(await new Svc().get(), await Svc.s());
  const obj = { async m() { return this === obj; } };
  console.log(await obj.m());
  async function thrower() { throw new TypeError("async throw"); }
  const p = thrower();
  console.log(p instanceof Promise);
  await p.catch((e) => console.log("rejected with", e.name));
  console.log(await 42, await null, await undefined);
  let finallyRan = false;
  async function withFinally() { try { return await sleep(1, "result"); } finally { finallyRan = true; } }
  console.log(await withFinally(), finallyRan);
  async function noAwaitTry() { try { return Promise.reject(new Error("not caught inside")); } catch { return "caught inside"; } }
  console.log(await noAwaitTry().catch((e) => e.message));
  async function awaitTry() { try { return await Promise.reject(new Error("x")); } catch { return "caught with return await"; } }
  console.log(await awaitTry());
  console.log(Object.prototype.toString.call(main), Object.getPrototypeOf(main).constructor.name);
  return "main done";
}
main().then((v) => console.log(v));
console.log("after main() call");
