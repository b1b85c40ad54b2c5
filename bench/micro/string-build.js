// String building: += in a loop (the case ropes or builders serve), join,
// and short concatenations of numbers.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  var t0 = Date.now();
  var len = 0;
  for (var r = 0; r < 20; r++) {
    var s = "";
    for (var i = 0; i < 20000; i++) s += "ab" + (i % 10);
    len += s.length;
  }
  for (var r2 = 0; r2 < 20; r2++) {
    var parts = [];
    for (var j = 0; j < 20000; j++) parts.push("x" + j);
    len += parts.join(",").length;
  }
  if (len !== 3777780) throw new Error("string-build: bad checksum " + len);
  print("time " + (Date.now() - t0));
})();
