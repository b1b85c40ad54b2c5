async function* gen() {
  const x = yield "first";
  console.log("gen got", x);
  yield await Promise.resolve("awaited");
  yield Promise.resolve("yielded promise is awaited");
  return "ret";
}
(async () => {
  const g = gen();
  console.log(Object.prototype.toString.call(g), typeof g[Symbol.asyncIterator], g[Symbol.asyncIterator]() === g);
  const p1 = g.next();
  console.log(p1 instanceof Promise);
  console.log(JSON.stringify(await p1));
  console.log(JSON.stringify(await g.next("sent")));
  console.log(JSON.stringify(await g.next()));
  console.log(JSON.stringify(await g.next()));
  console.log(JSON.stringify(await g.next()));
  const q = gen();
  const queued = [q.next(), q.next("queued value"), q.next(), q.return("early")];
  console.log((await Promise.all(queued)).map((r) => JSON.stringify(r)).join(" "));
  async function* thrower() { try { yield 1; } catch (e) { console.log("inside caught", e); yield "after catch"; } }
  const t = thrower();
  await t.next();
  console.log(JSON.stringify(await t.throw("injected")));
  async function* delegate() { yield* gen(); yield* [10, Promise.resolve(20)]; }
  const all = [];
  for await (const v of delegate()) all.push(v);
  console.log(all.join(" | "));
  async function* rejectYield() { yield Promise.reject(new Error("rejected yield")); }
  try { await rejectYield().next(); } catch (e) { console.log("next rejected:", e.message); }
})();
