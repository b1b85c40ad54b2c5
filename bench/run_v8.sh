#!/usr/bin/env bash
# Kept for old notes: the V8 suite only, through the harness (bench/bench.py).
#   bench/run_v8.sh [BENCH...]     e.g. bench/run_v8.sh richards deltablue
here=$(cd "$(dirname "$0")" && pwd)
benches=$(IFS=,; echo "$*")
exec "$here/run.sh" --suites v8 --repeat 1 ${benches:+--bench "$benches"}
