// ShadowRealm: evaluate, wrapped functions and importValue across the boundary.
// (A namespace import keeps every export under --tree-shake, which cannot see importValue.)
import * as counter from "./_counter.mjs";
const { bump } = counter;

const show = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, "threw", e.constructor === TypeError ? "TypeError" : e.constructor === SyntaxError ? "SyntaxError" : e.name);
  }
};

const r = new ShadowRealm();
console.log(typeof ShadowRealm, Object.prototype.toString.call(r), Object.getPrototypeOf(r) === ShadowRealm.prototype);
show("call without new:", () => ShadowRealm());

// Primitives cross as they are; symbols are shared by every realm of the isolate.
console.log(r.evaluate("1 + 2"), r.evaluate("'text'"), r.evaluate("null"), r.evaluate("undefined"), r.evaluate("10n ** 20n"));
console.log(r.evaluate("Symbol.iterator") === Symbol.iterator, r.evaluate("Symbol.for('shared')") === Symbol.for("shared"));
show("object result:", () => r.evaluate("({})"));
show("array result:", () => r.evaluate("[1, 2]"));
show("bad syntax:", () => r.evaluate("let let = 1"));
show("non-string source:", () => r.evaluate(42));

// The realm has its own global object and intrinsics.
r.evaluate("globalThis.onlyThere = 1; Array.prototype.push = null;");
console.log(typeof globalThis.onlyThere, typeof [].push, r.evaluate("typeof [].push"));
console.log(r.evaluate("globalThis === this"), r.evaluate("Object.getPrototypeOf(globalThis) === Object.prototype"));
// `var` declarations persist as its globals, `let` stays in one evaluation.
r.evaluate("var counter = 0;");
console.log(r.evaluate("++counter"), r.evaluate("++counter"));
console.log(r.evaluate("let local = 5; local"), r.evaluate("typeof local"));

// An exception leaving the realm becomes a TypeError of the caller's realm.
try {
  r.evaluate("throw new RangeError('boom')");
} catch (e) {
  console.log("thrown:", e.constructor === TypeError, e.message.includes("boom"));
}

// Callables arrive wrapped: a new function each time, with the target's name and length.
const add = r.evaluate("function add(a, b) { return a + b; } add");
console.log(typeof add, add.name, add.length, add(2, 3), Object.getPrototypeOf(add) === Function.prototype);
console.log(add === r.evaluate("add"), Object.hasOwn(add, "prototype"), String(add));
show("new on a wrapped function:", () => new add(1, 2));
show("wrapped returns an object:", () => r.evaluate("() => ({})")());
show("object argument:", () => add({}, 1));
const thrower = r.evaluate("() => { throw new Error('inside'); }");
show("wrapped throws:", () => thrower());

// Callables passed in are wrapped for the other side.
const twice = r.evaluate("(f, x) => f(f(x))");
console.log(twice((x) => x * 3, 2));
const probe = r.evaluate("(f) => [typeof f, f instanceof Function, Object.getPrototypeOf(f) === Function.prototype].join(' ')");
console.log(probe(() => 0));
// A main-realm error thrown through a wrapped callback is a TypeError inside too.
const catcher = r.evaluate("(f) => { try { f(); } catch (e) { return e instanceof TypeError; } }");
console.log(catcher(() => { throw new Error("outside"); }));

// Nested realms.
const depth = r.evaluate("const inner = new ShadowRealm(); inner.evaluate('1 + 1') + 40");
console.log(depth);

// importValue: the realm evaluates its own instance of the module.
console.log(bump(), bump());
const rbump = await r.importValue("./_counter.mjs", "bump");
console.log(rbump(), rbump(), bump());
console.log(await r.importValue("./_counter.mjs", "greeting"));
for (const name of ["missing", "anObject"]) {
  try {
    await r.importValue("./_counter.mjs", name);
  } catch (e) {
    console.log(name, "rejects with", e.constructor === TypeError ? "TypeError" : e.name);
  }
}
try {
  await r.importValue("./_no_such_module.mjs", "x");
} catch (e) {
  console.log("missing module rejects with", e.constructor === TypeError ? "TypeError" : e.name);
}
