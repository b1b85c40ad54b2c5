// import defer: the deferred module (and its synchronous dependencies) runs on
// first use of an export; modules with top-level await below it run eagerly.
import defer * as lazy from "./_lazy.mjs";
import defer * as usesTla from "./_uses_tla.mjs";
import defer * as bad from "./_throws.mjs";

console.log("main: start");
console.log(Object.prototype.toString.call(lazy));
// "then" never triggers evaluation, so a deferred namespace is not a thenable.
console.log("typeof lazy.then:", typeof lazy.then);
console.log("main: reading lazy.value");
console.log("lazy.value =", lazy.value);
console.log("lazy.value again =", lazy.value);
console.log("keys:", Object.keys(lazy).join(","));
console.log("main: reading usesTla.ok");
console.log("usesTla.ok =", usesTla.ok);
// An evaluation error is thrown by every access, the module runs once.
for (let i = 0; i < 2; i++) {
  try {
    bad.x;
  } catch (e) {
    console.log("bad access", i, "->", e.message);
  }
}
// Setting never evaluates and never succeeds.
console.log("set:", Reflect.set(bad, "x", 1));

const dyn = await import.defer("./_dyn.mjs");
console.log("import.defer resolved:", dyn[Symbol.toStringTag]);
console.log("dyn.answer =", dyn.answer);
const eager = await import("./_dyn.mjs");
console.log("eager namespace differs:", eager !== dyn, eager[Symbol.toStringTag]);
