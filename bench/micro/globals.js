// Top-level code: loop counters and accumulators are global variables
// (properties of the global object), as in SunSpider and many scripts.
var t0 = Date.now();
var arr = [];
for (var i = 0; i < 100000; i++) arr.push(i);
var sum = 0;
for (var r = 0; r < 10; r++) {
  for (var k = 0; k < arr.length; k++) sum += arr[k] & 15;
}
var count = 0;
function bump() { count++; }
for (var j = 0; j < 300000; j++) bump();
if (sum !== 7500000 || count !== 300000) throw new Error("globals: bad checksum " + sum + " " + count);
print("time " + (Date.now() - t0));
