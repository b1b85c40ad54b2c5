// Named property reads and writes on objects of one shape, plus a prototype
// method read: what inline caches at GetProp/SetProp sites serve.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  function Point(x, y) { this.x = x; this.y = y; this.z = 0; }
  Point.prototype.norm1 = function () { return this.x + this.y + this.z; };
  var t0 = Date.now();
  var pts = [];
  for (var i = 0; i < 100; i++) pts.push(new Point(i, i * 2));
  var sum = 0;
  for (var n = 0; n < 30000; n++) {
    for (var j = 0; j < 100; j++) {
      var p = pts[j];
      p.z = p.x + p.y;
      sum += p.z - p.x;
    }
  }
  var o = { a: 1, b: 2, c: 3, d: 4 };
  for (var k = 0; k < 1000000; k++) { o.d = o.a + o.b + o.c; sum += o.d & 1; }
  if (sum !== 297000000) throw new Error("prop-access: bad checksum " + sum);
  print("time " + (Date.now() - t0));
})();
