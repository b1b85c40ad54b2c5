#!/usr/bin/env bash
# Instruction counts (callgrind) of Gannet and QuickJS-ng on the same fixed workload:
# a machine-load-independent proxy for the speed ratio, for use while other work keeps
# the cores busy. It is not the benchmark figure (IPC differs between engines): the
# harness (bench/run.sh) on a quiet machine is.
#
#   bench/icount.sh                         # the V8 suite, 2 iterations per benchmark
#   bench/icount.sh richards splay          # some V8 benchmarks
#   ITER=5 bench/icount.sh raytrace
#   bench/icount.sh path/to/script.js ...   # any script (SunSpider, micro), prelude first
#
# GANNET / QJS override the binaries (defaults: the release build, bench/qjs-rs's build).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
suite="$here/../../shared/bench/v8-v7"
target="${CARGO_TARGET_DIR:-$HOME/.cache/gannet-target}"
gannet="${GANNET:-$target/release/gannet}"
qjs="${QJS:-$HOME/.cache/gannet-qjs-rs/release/qjs-rs}"
iter="${ITER:-2}"
[ $# -gt 0 ] || set -- richards deltablue crypto raytrace earley-boyer regexp splay navier-stokes

count() { # ENGINE-COMMAND... -> instructions, or "failed"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}

printf '| %-28s | %15s | %15s | %8s |\n' workload gannet qjs ratio
printf '|%s|%s|%s|%s|\n' ------------------------------ ----------------- ----------------- ----------
for what in "$@"; do
  name=$(basename "$what" .js)
  script="/tmp/gannet-icount-$name.js"
  if [ -f "$suite/$what.js" ]; then
    { cat "$suite/base.js" "$suite/$what.js"; echo "var __ITER = $iter;"; cat "$here/fixed-driver.js"; } > "$script"
  else
    cat "$here/prelude.js" "$what" > "$script"
  fi
  g=$(count "$gannet" run "$script")
  q=$( [ -x "$qjs" ] && count "$qjs" "$script" || echo "")
  ratio=$( [ -n "$g" ] && [ -n "$q" ] && python3 -c "print(f'{$g/$q:.2f}')" || echo "-")
  printf '| %-28s | %15s | %15s | %8s |\n' "$name" "${g:-failed}" "${q:-missing}" "$ratio"
done
