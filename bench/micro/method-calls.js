// Method calls on class instances (prototype lookup + call + return).
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  class Counter {
    constructor() { this.n = 0; }
    inc(d) { this.n += d; return this; }
    get() { return this.n; }
  }
  class Sub extends Counter {
    inc(d) { return super.inc(d + 1); }
  }
  var t0 = Date.now();
  var c = new Counter(), s = new Sub();
  for (var i = 0; i < 2000000; i++) { c.inc(1); s.inc(i & 3); }
  var total = c.get() + s.get();
  if (total !== 2000000 + 5000000) throw new Error("method-calls: bad checksum " + total);
  print("time " + (Date.now() - t0));
})();
