// Plain function calls: recursive fib (call/return overhead, int arithmetic).
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
  function add3(a, b, c) { return a + b + c; }
  var t0 = Date.now();
  var r = fib(27);
  var s = 0;
  for (var i = 0; i < 1000000; i++) s = add3(s, i & 7, 1) | 0;
  if (r !== 196418 || s !== 4500000) throw new Error("calls: bad checksum " + r + " " + s);
  print("time " + (Date.now() - t0));
})();
