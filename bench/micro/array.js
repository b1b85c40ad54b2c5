// Arrays: push, indexed read/write, length, on int and double elements.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  var t0 = Date.now();
  var sum = 0;
  for (var r = 0; r < 10; r++) {
    var a = [];
    for (var i = 0; i < 200000; i++) a.push(i);
    for (var k = 0; k < a.length; k++) a[k] = a[k] * 2;
    for (var m = 0; m < a.length; m++) sum += a[m];
  }
  var d = new Array(1000);
  for (var q = 0; q < 1000; q++) d[q] = q * 0.5;
  var ds = 0;
  for (var n = 0; n < 1000; n++) for (var q2 = 0; q2 < 1000; q2++) ds += d[q2];
  if (sum !== 399998000000 || ds !== 249750000) throw new Error("array: bad checksum " + sum + " " + ds);
  print("time " + (Date.now() - t0));
})();
