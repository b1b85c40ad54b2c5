#!/usr/bin/env bash
# Runs the Gannet benchmark harness (bench/bench.py) — see bench/README.md.
#
#   bench/run.sh [--build] [bench.py options...]
#
# --build first builds what is missing or stale: the release `gannet`
# (cargo build --release -p gannet-cli) and the `qjs` peer (bench/qjs-rs).
# Everything else is passed to bench.py, e.g.
#   bench/run.sh --suites v8 --bench richards,splay --engines gannet,qjs --repeat 5
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gannet-target}"
if [ "${1:-}" = "--build" ]; then
  shift
  (cd "$root" && cargo build --release -p gannet-cli)
  (cd "$here/qjs-rs" && CARGO_TARGET_DIR="${QJS_RS_TARGET:-$HOME/.cache/gannet-qjs-rs}" cargo build --release)
fi
exec python3 "$here/bench.py" "$@"
