// Direct eval: declaration instantiation and completion values.

// Vars declared by eval code in a function go to that function's scope and
// can be deleted; they do not disturb the function's own variables.
(function (a) {
  var own = "own";
  eval("var x = 1; function fx() { return 'fx'; }");
  console.log(a, own, x, fx(), delete x, typeof x);
})("param");

// A var may not hoist over the caller's lexical bindings.
(function () {
  let l = 1;
  {
    try {
      eval("var l;");
    } catch (e) {
      console.log("var over let:", e.constructor.name);
    }
  }
  try {
    eval("function l() {}");
  } catch (e) {
    console.log("function over let:", e.constructor.name);
  }
})();

// Eval in parameter expressions declares in the function's own var scope.
(function (p = eval("var fromParams = 'params'"), q = () => fromParams) {
  var fromParams = "body";
  console.log("params:", q(), fromParams);
})();

// new.target and super in eval code.
function F() {
  return eval("new.target") === F;
}
console.log("new.target:", F(), Reflect.construct(F, []) instanceof F);
const obj = {
  __proto__: { greet() { return "proto"; } },
  m() {
    return eval("super.greet()");
  },
};
console.log("super:", obj.m());

// The arguments object.
function args1() {
  var arguments;
  return typeof arguments;
}
function args2(x = arguments) {
  function arguments() {}
  return [typeof x, typeof arguments];
}
console.log("arguments:", args1(), args2().join(" "));

// var in a catch block with the parameter's name.
(function () {
  try {
    throw "thrown";
  } catch (e) {
    var e = "assigned";
    console.log("catch:", e);
  }
  console.log("after catch:", e);
})();

// Completion values.
console.log(
  "completion:",
  eval("1; if (true) {}"),
  eval("2; {}"),
  eval("3; var z = 4;"),
  eval("5; do { 6; break; } while (false)"),
  eval("7; switch (1) { case 1: }"),
  eval("8; try {} finally {}")
);
