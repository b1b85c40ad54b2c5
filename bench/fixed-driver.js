// Driver for profiling (bench/profile.sh): runs every benchmark of the loaded
// V8 suites a fixed number of times (__ITER, set before this file), with no
// timing loop, so instruction counts are reproducible.
(function () {
  for (var i = 0; i < BenchmarkSuite.suites.length; i++) {
    var suite = BenchmarkSuite.suites[i];
    for (var j = 0; j < suite.benchmarks.length; j++) {
      var b = suite.benchmarks[j];
      b.Setup();
      for (var n = 0; n < __ITER; n++) b.run();
      b.TearDown();
    }
  }
})();
