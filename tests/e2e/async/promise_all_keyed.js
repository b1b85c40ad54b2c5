// Promise.allKeyed / Promise.allSettledKeyed (await-dictionary proposal).
const later = (v, ms) => new Promise((r) => setTimeout(() => r(v), ms));
(async () => {
  const r = await Promise.allKeyed({ b: later("B", 5), a: 1, [Symbol.for("s")]: Promise.resolve("S") });
  console.log(Object.getPrototypeOf(r), Object.keys(r), r.a, r.b, r[Symbol.for("s")]);
  const s = await Promise.allSettledKeyed({ ok: later(1, 1), bad: Promise.reject(new Error("no")) });
  console.log(s.ok.status, s.ok.value, s.bad.status, s.bad.reason.message);
  try { await Promise.allKeyed({ x: Promise.reject(new TypeError("t")), y: later(2, 1) }); }
  catch (e) { console.log("rejected:", e.name, e.message); }
  try { await Promise.allKeyed([1]).then((v) => console.log("array:", JSON.stringify(v))); } catch {}
  try { await Promise.allKeyed(5); } catch (e) { console.log(e.name); }
  console.log(JSON.stringify(await Promise.allKeyed({})), Promise.allKeyed.length, Promise.allSettledKeyed.name);
})();
