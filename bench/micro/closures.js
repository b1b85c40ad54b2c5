// Closure creation and calls through captured variables.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  function makeCounter(start) {
    var n = start;
    return { inc: function () { return ++n; }, get: function () { return n; } };
  }
  var t0 = Date.now();
  var total = 0;
  for (var i = 0; i < 200000; i++) {
    var c = makeCounter(i & 15);
    c.inc(); c.inc();
    total += c.get();
  }
  var acc = 0;
  var add = function (x) { acc += x; };
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].forEach(add);
  for (var k = 0; k < 1000000; k++) add(k & 1);
  if (total !== 1900000 || acc !== 500055) throw new Error("closures: bad checksum " + total + " " + acc);
  print("time " + (Date.now() - t0));
})();
