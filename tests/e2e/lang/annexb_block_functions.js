// Annex B.3.2: function declarations in blocks in sloppy code.

// Function code: the var binding starts undefined and receives the block's
// value when the declaration is evaluated.
(function () {
  console.log("before:", typeof f);
  {
    console.log("in block, hoisted:", typeof f);
    f = 1; // the block's own binding
    function f() { return "f"; }
    console.log("in block after:", f);
  }
  console.log("after:", f);
})();

// The block binding is independent of the var binding.
(function () {
  {
    function g() { return "decl"; }
    g = 42;
  }
  console.log("var g:", typeof g, g());
})();

// A later block's declaration updates the var binding again.
(function () {
  { function h() { return 1; } }
  { function h() { return 2; } }
  console.log("h:", h());
})();

// Skipped when `var h` would clash with an enclosing `let`, a parameter, or
// the arguments object.
(function (p) {
  {
    let k = "let";
    { function k() {} }
    console.log("inner k:", k);
  }
  try {
    k;
  } catch (e) {
    console.log("outer k:", e.constructor.name);
  }
  { function p() {} }
  console.log("param p:", p);
})("param");

// The copy goes to the variable scope even through a catch parameter.
(function () {
  try {
    throw null;
  } catch (c) {
    { function c() { return "c"; } }
  }
  console.log("catch:", typeof c);
})();

// `if (x) function f() {}` behaves like a block of its own.
(function () {
  console.log("if before:", typeof q);
  if (true) function q() { return q; }
  else function r() {}
  console.log("if after:", typeof q, typeof r, q() === q);
})();

// switch cases share one block.
(function () {
  switch (1) {
    case 1:
      function s() { return "s"; }
  }
  console.log("switch:", s());
})();

// Global eval code: a global var property, created up front.
(0, eval)(`
  console.log("global before:", typeof gf, Object.getOwnPropertyDescriptor(globalThis, "gf").value);
  { function gf() {} }
  console.log("global after:", typeof gf, Object.getOwnPropertyDescriptor(globalThis, "gf").configurable);
`);

// Eval code: a deletable var in the caller's scope...
(function () {
  eval("{ function ef() { return 'ef'; } }");
  console.log("eval in function:", ef(), delete ef, typeof ef);
})();
// ...but none over a lexical binding of the caller.
(function () {
  let el = "let";
  {
    eval("{ function el() {} }");
  }
  console.log("eval skips lexical:", el);
})();

// Eval's var names may not hoist over the caller's lexical bindings.
(function () {
  let x = 1;
  try {
    eval("var x;");
  } catch (e) {
    console.log("eval var over let:", e.constructor.name);
  }
})();
try {
  (0, eval)("function NaN() {}");
} catch (e) {
  console.log("indirect eval:", e.constructor.name);
}
(function () {
  eval("var ev; console.log('eval var:', typeof ev);");
})();

// Labelled function declarations are hoisted like plain ones (B.3.1).
(function () {
  lbl: function labelled() { return "labelled"; }
  console.log(labelled());
})();

// Inside with, the block function still lands in the function's scope.
(function (o) {
  with (o) {
    { function w() { return "w"; } }
  }
  console.log("with:", typeof w, typeof o.w);
})({});
