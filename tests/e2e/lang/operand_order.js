// Operands read from a local's own register must be read before a later
// operand reassigns that local (the compiler copies them only when needed).
function binary() {
  var x = 1;
  var a = x + (x = 5);
  var i = 0;
  var b = (++i) + (i = 10);
  var j = 1;
  var c = j * (j += 2) * j;
  return [a, b, c].join(" ");
}
console.log(binary());

function elements() {
  var arr = [10, 20, 30, 40];
  var i = 0;
  var s = arr[i] + arr[++i] + arr[++i];
  var k = 0;
  var out = [0, 0, 0];
  out[++k] = ++k;
  var m = 0;
  out[m] = (m = 2, 9);
  var o = { p: 1 }, q = { p: 2 };
  var first = o;
  o.p = (o = q, 7);
  var n = 0;
  var t = [5, 6, 7];
  var u = t[n] + t[n = 2];
  return [s, out.join(","), first.p, q.p, u].join(" ");
}
console.log(elements());

function compound() {
  var x = 1;
  x += (x = 3);
  var y = 2;
  y *= y++ + y;
  var a = [1, 2, 3], i = 0;
  a[i] += (i = 2, 10);
  var o = { v: 1 }, p = { v: 100 }, r = o;
  r.v += (r = p, 5);
  return [x, y, a.join(","), o.v, p.v].join(" ");
}
console.log(compound());

function destructuring() {
  var x = 1, y = 2;
  var s = x + ([x, y] = [y, x], x);
  return [s, x, y].join(" ");
}
console.log(destructuring());

function loops() {
  var total = 0;
  for (var i = 0, row = 0; i < 4; i++) {
    total += i * (row += 2) - (i < 2 ? -i : i);
  }
  var cur = 3, v = [1, 2, 3, 4, 5, 6, 7];
  var last = v[cur];
  last = v[cur] = (v[++cur] + last) * 2;
  return [total, last, v.join(",")].join(" ");
}
console.log(loops());
