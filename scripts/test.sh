#!/usr/bin/env bash
# Gannet's test command (CI runs it through .ci/run).
#
#   scripts/test.sh           everything: native build + tests, browser-wasm build, WASI build +
#                             e2e corpus under WASI, Test262
#   scripts/test.sh --quick   only the native build and `cargo test`
#
# Environment:
#   CARGO_TARGET_DIR   build directory (default: ~/.cache/gannet-target, outside the checkout)
#   GANNET_TEST262=0   skip the Test262 run
#   GANNET_E2E_FILTER  comma-separated substrings: run only matching e2e files
#
# Installs what it needs, idempotently: the wasm32-wasip1 / wasm32-unknown-unknown Rust targets
# and the `wasmtime` Python package (into ~/.cache/gannet-py, not the checkout).
set -euo pipefail

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# rustup's toolchain may not be on PATH in a non-login shell (CI).
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gannet-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CARGO_NET_RETRY="${CARGO_NET_RETRY:-5}"
PYTHON="${PYTHON:-python3}"
WASMTIME_PY_VERSION="50.0.1"
export GANNET_PYDEPS="${GANNET_PYDEPS:-$HOME/.cache/gannet-py/wasmtime-$WASMTIME_PY_VERSION}"

SUMMARY_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gannet-test.XXXXXX")"
SECTION="setup"
START_TIME=$SECONDS

section() {
  SECTION="$1"
  printf '\n==== [%s] %s (%ss elapsed)\n' "$(date +%H:%M:%S)" "$1" "$((SECONDS - START_TIME))"
}

# Sum the e2e counts written by the native harness and the WASI runner.
print_e2e_summary() {
  local passed=0 failed=0 any=0 p f file
  for file in "$SUMMARY_DIR"/native.txt* "$SUMMARY_DIR"/wasi*.txt; do
    if [ -s "$file" ]; then
      read -r p f < "$file" || continue
      passed=$((passed + p)); failed=$((failed + f)); any=1
    fi
  done
  if [ "$any" = 1 ]; then
    echo "e2e total:"
    echo "$passed passed, $failed failed"
  fi
}

on_exit() {
  local code=$?
  print_e2e_summary
  if [ "$code" -ne 0 ]; then
    echo
    echo "test.sh: FAILED in section: $SECTION (exit code $code)"
  fi
  rm -rf "$SUMMARY_DIR"
  exit "$code"
}
trap on_exit EXIT

ensure_rust_targets() {
  local installed missing=() t
  installed="$(rustup target list --installed 2>/dev/null || true)"
  for t in wasm32-wasip1 wasm32-unknown-unknown; do
    grep -qx "$t" <<<"$installed" || missing+=("$t")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Rust targets: ${missing[*]}"
    rustup target add "${missing[@]}"
  fi
}

ensure_wasmtime_py() {
  if PYTHONPATH="$GANNET_PYDEPS${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" -c 'import wasmtime' >/dev/null 2>&1; then
    return 0
  fi
  echo "installing the wasmtime Python package $WASMTIME_PY_VERSION into $GANNET_PYDEPS"
  mkdir -p "$GANNET_PYDEPS"
  # --target installs into a plain directory: no venv needed, and it is not blocked by
  # Debian's "externally managed environment" rule.
  if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
    else
      echo "test.sh: pip is missing (install python3-pip)" >&2
      return 1
    fi
  fi
  PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install --disable-pip-version-check --no-input -q \
    --upgrade --target "$GANNET_PYDEPS" "wasmtime==$WASMTIME_PY_VERSION"
  PYTHONPATH="$GANNET_PYDEPS" "$PYTHON" -c 'import wasmtime'
}

# ---------------------------------------------------------------------------------------------
section "setup"
echo "repo: $ROOT"
echo "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"
cargo --version
rustc --version
if [ "$QUICK" = 0 ]; then
  ensure_rust_targets
  ensure_wasmtime_py
fi

section "a. native build: cargo build --release --workspace"
cargo build --release --workspace

section "b. cargo test --release --workspace (unit tests + e2e corpus, native)"
GANNET_E2E_SUMMARY="$SUMMARY_DIR/native.txt" cargo test --release --workspace --no-fail-fast

if [ "$QUICK" = 1 ]; then
  section "done (--quick: skipped browser wasm, WASI and Test262)"
  exit 0
fi

section "c. browser wasm: cargo build -p gannet --target wasm32-unknown-unknown --release"
cargo build -p gannet --target wasm32-unknown-unknown --release

section "d. WASI: cargo build -p gannet-cli --target wasm32-wasip1 --release + e2e corpus"
cargo build -p gannet-cli --target wasm32-wasip1 --release
PYTHONPATH="$GANNET_PYDEPS${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" scripts/e2e_wasi.py \
  --runner wasi --wasm "$CARGO_TARGET_DIR/wasm32-wasip1/release/gannet.wasm" \
  --summary "$SUMMARY_DIR/wasi.txt"
echo "the same corpus from snapshots compiled by the native gannet, run under WASI:"
PYTHONPATH="$GANNET_PYDEPS${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" scripts/e2e_wasi.py \
  --runner wasi --wasm "$CARGO_TARGET_DIR/wasm32-wasip1/release/gannet.wasm" \
  --compile-with "$CARGO_TARGET_DIR/release/gannet" --summary "$SUMMARY_DIR/wasi-snapshot.txt"

section "e. Test262"
if [ "${GANNET_TEST262:-1}" = 0 ]; then
  echo "skipped (GANNET_TEST262=0)"
else
  # Run only if the workspace defines the test262 binary (spec-tests/) — a stale binary left in
  # the target directory by an older checkout does not count.
  if cargo metadata --no-deps --format-version 1 2>/dev/null \
      | "$PYTHON" -c 'import json,sys; m=json.load(sys.stdin); sys.exit(0 if any(t["name"]=="test262" and "bin" in t["kind"] for p in m["packages"] for t in p["targets"]) else 1)' \
     && [ -x "$CARGO_TARGET_DIR/release/test262" ]; then
    # A generous per-test timeout: CI machines are slower and a timeout counts as a regression.
    "$CARGO_TARGET_DIR/release/test262" --engine "$CARGO_TARGET_DIR/release/gannet" --timeout 60
  else
    echo "skipped: the workspace has no test262 binary yet"
  fi
fi

section "done: all sections passed"
