// Prepended by bench/bench.py to every SunSpider and micro-benchmark script,
// for every engine: a `print` for shells that only have console.log (Gannet,
// node, Boa). The V8 suite's run-bare.js carries the same shim.
if (typeof print === 'undefined') {
  var print = function (s) { console.log(s); };
}
