// How many microtask ticks different awaits and resolutions take (V8 and spec agree).
const order = [];
const tick = (label, n) => { let p = Promise.resolve(); for (let i = 1; i <= n; i++) { const k = i; p = p.then(() => order.push(`${label}${k}`)); } return p; };
async function awaitPlain() { await 1; order.push("await-value"); }
async function awaitPromise() { await Promise.resolve(); order.push("await-promise"); }
async function awaitThenable() { await { then(r) { r(); } }; order.push("await-thenable"); }
async function returnsPromise() { return Promise.resolve("x"); }
async function awaitAsyncReturningPromise() { await returnsPromise(); order.push("await-async-returning-promise"); }
const resolvedWithPromise = new Promise((r) => r(Promise.resolve())).then(() => order.push("resolve(promise)"));
awaitPlain();
awaitPromise();
awaitThenable();
awaitAsyncReturningPromise();
tick("t", 6).then(() => console.log(order.join(" ")));
