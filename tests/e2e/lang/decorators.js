// Decorators (Stage 3) and auto-accessors: evaluation and application order,
// replacement values, initializers and the context object.
const log = [];

function logged(value, context) {
  log.push(`decorate ${context.kind} ${String(context.name)} static=${context.static} private=${context.private}`);
  return function (...args) {
    return value.call(this, ...args) * 10;
  };
}

function double(value, context) {
  log.push(`decorate ${context.kind} ${context.name} (double)`);
  return (initial) => initial * 2;
}

function plusOne(value, context) {
  log.push(`decorate ${context.kind} ${context.name} (plusOne)`);
  return (initial) => initial + 1;
}

function tracked(target, context) {
  log.push(`decorate ${context.kind} ${context.name}`);
  return {
    get() { return target.get.call(this); },
    set(v) { target.set.call(this, v * 2); },
    init(v) { log.push(`init ${context.name} ${v}`); return v + 100; },
  };
}

function withInit(label) {
  return function (value, context) {
    log.push(`decorate ${context.kind} ${label}`);
    context.addInitializer(function () {
      log.push(`init ${label} this=${typeof this === "function" ? this.name : "instance"}`);
    });
  };
}

function register(cls, context) {
  log.push(`register ${context.kind} ${context.name}`);
  context.addInitializer(function () { log.push(`class init ${this.name}`); });
  return class Registered extends cls {
    static tag = "sub";
    describe() { return "decorated " + super.describe(); }
  };
}

@register
@withInit("C")
class C {
  @logged m(x) { return x + 1; }
  @withInit("sm") static sm() { return "sm"; }
  @plusOne @double x = 5;
  @tracked accessor y = 1;
  static accessor count = 3;
  #secret = 7;
  @withInit("im") im() {}
  describe() { return `x=${this.x}`; }
  static { log.push("static block, C is " + C.name); }
}
log.push("--- construct");
const c = new C();
console.log(log.join("\n"));

console.log(c.m(2));
console.log(c.x, c.y);
c.y = 5;
console.log(c.y);
console.log(C.count);
C.count = 4;
console.log(C.count);
console.log(C.name, C.tag, c.describe());
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(C).prototype).join());
console.log(Object.getOwnPropertyNames(c).join());

let acc;
function grab(value, context) { acc = context.access; }
class D { @grab #p = 42; }
console.log(acc.get(new D()), acc.has(new D()), acc.has({}));

try {
  class E { @(() => 1) m() {} }
  console.log("no error");
} catch (e) {
  console.log("bad result", e instanceof TypeError);
}

let late;
function keep(value, context) { late = context.addInitializer; }
class G { @keep m() {} }
try {
  late(() => {});
} catch (e) {
  console.log("late", e instanceof TypeError);
}
