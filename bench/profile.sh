#!/usr/bin/env bash
# Profiles one V8 v7 benchmark (fixed iteration count, no timing loop) or any
# script under callgrind, and prints the top functions by instructions (Ir).
#
#   bench/profile.sh richards [ITER=20]        # V8 benchmark by file name
#   bench/profile.sh path/to/script.js         # any script (prelude.js first)
#   TOOL=perf bench/profile.sh splay 50         # perf record/report instead
#
# Output: the callgrind file in /tmp/gannet-prof-NAME.cg (inspect it further with
# callgrind_annotate --inclusive=yes, or kcachegrind).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
suite="$here/../../shared/bench/v8-v7"
target="${CARGO_TARGET_DIR:-$HOME/.cache/gannet-target}"
gannet="${GANNET:-$target/release/gannet}"
[ -x "$gannet" ] || { echo "profile.sh: $gannet not found (set GANNET or CARGO_TARGET_DIR)" >&2; exit 2; }
what=$1; iter=${2:-20}
name=$(basename "$what" .js)
script="/tmp/gannet-prof-$name.js"
if [ -f "$suite/$what.js" ]; then
  { cat "$suite/base.js" "$suite/$what.js"; echo "var __ITER = $iter;"; cat "$here/fixed-driver.js"; } > "$script"
else
  cat "$here/prelude.js" "$what" > "$script"
fi
if [ "${TOOL:-callgrind}" = perf ]; then
  perf record -g -o "/tmp/gannet-prof-$name.perf" "$gannet" run "$script" >/dev/null
  perf report -i "/tmp/gannet-prof-$name.perf" --no-children --percent-limit 1 --stdio 2>/dev/null | grep -v '^$' | head -60
else
  out="/tmp/gannet-prof-$name.cg"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$gannet" run "$script" >/dev/null 2>/tmp/gannet-prof-$name.log \
    || { echo "profile.sh: valgrind failed, see /tmp/gannet-prof-$name.log" >&2; exit 1; }
  grep -E "Collected" /tmp/gannet-prof-$name.log || true
  python3 "$here/cg_top.py" "$out" "${TOP:-30}"
fi
