#!/usr/bin/env bash
# Runs the V8 benchmark suite v7 (../shared/bench/v8-v7) on Gannet and on the
# peers found on this machine, one after another in the same run, and prints
# each engine's per-benchmark scores and geometric mean (higher is better).
# A missing peer is reported as missing. (The full harness is issue 4.)
#
#   bench/run_v8.sh [BENCH...]     e.g. bench/run_v8.sh richards deltablue
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
suite="$root/../shared/bench/v8-v7"
target="${CARGO_TARGET_DIR:-$HOME/.cache/gannet-target}"
gannet="$target/release/gannet"
qjs_py="$HOME/.cache/gannet-py/qjs"
benches=("$@")
[ ${#benches[@]} -eq 0 ] && benches=(richards deltablue crypto raytrace earley-boyer regexp splay navier-stokes)
tmp=$(mktemp -d)
cat "$suite/base.js" > "$tmp/all.js"
for b in "${benches[@]}"; do cat "$suite/$b.js" >> "$tmp/all.js"; done
cat "$suite/run-bare.js" >> "$tmp/all.js"

run() {
  local name=$1; shift
  echo "## $name"
  timeout 1200 "$@" "$tmp/all.js" 2>&1 | grep -v '^Warning' | sed 's/^/    /'
}
[ -x "$gannet" ] && run "gannet" "$gannet" run || echo "## gannet: missing ($gannet; cargo build --release)"
if [ -d "$qjs_py" ]; then
  run "qjs (quickjs-ng $(PYTHONPATH=$qjs_py python3 -c 'import importlib.metadata as m; print(m.version("quickjs-ng"))' 2>/dev/null))" env PYTHONPATH="$qjs_py" python3 "$here/qjs_run.py"
else
  echo "## qjs: missing (pip install --target $qjs_py quickjs-ng)"
fi
if command -v node >/dev/null; then
  run "node --jitless ($(node --version))" node --jitless
  run "node ($(node --version))" node
else
  echo "## node: missing"
fi
command -v boa >/dev/null && run "boa" boa || echo "## boa: missing (cargo install boa_cli --locked)"
rm -rf "$tmp"
