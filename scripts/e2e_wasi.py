#!/usr/bin/env python3
"""Run the end-to-end corpus tests/e2e/ and compare with the expected outputs.

The rules are the same as the Rust harness wasi/tests/e2e.rs (keep the two in sync):
  * entry files: *.js, *.mjs, *.ts under tests/e2e/ whose name does not start with "_" and
    that are not inside a directory whose name starts with "_" (or "."); *.d.ts is skipped;
  * NAME.stdout  must equal stdout exactly (required);
  * NAME.stderr  optional: each non-blank line must occur as a substring of stderr, in order
    (left to right; several may match within one stderr line);
  * NAME.status  optional expected exit code (default 0);
  * stderr must never contain "panicked at" (a Rust panic is always a bug), and a WASI run must
    not end in a wasm trap.

Runners:
  --runner wasi   (default) gannet.wasm under scripts/wasi_run.py (the wasmtime Python package)
  --runner native the native binary: ENGINE run FILE
  --runner node   node FILE, to check that .js/.mjs expectations are what Node prints
                  (.ts files are skipped, and .stderr files are not checked: they describe
                  Gannet's messages)

--compile-with ENGINE: compile each entry first with the native ENGINE
(`ENGINE compile FILE -o .FILE.e2e.gsnap`) and run the snapshot with the runner: the
same snapshot bytes load natively and under WASI. A compile error stands in for the run.

Usage: scripts/e2e_wasi.py [--runner R] [--wasm PATH] [--engine PATH] [--compile-with ENGINE]
                           [--filter SUBSTR]...
                           [--jobs N] [--timeout SECS] [--summary FILE] [--root DIR]
Prints every failure with expected vs actual, then "N passed, M failed"; exits 1 on failure.
Environment: GANNET_E2E_FILTER (comma-separated substrings), GANNET_E2E_JOBS,
GANNET_E2E_TIMEOUT.
"""

import concurrent.futures
import difflib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ENTRY_EXTS = (".js", ".mjs", ".ts")


def discover(root):
    entries = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in sorted(filenames):
            if name.startswith(("_", ".")) or name.endswith(".d.ts"):
                continue
            if os.path.splitext(name)[1] in ENTRY_EXTS:
                entries.append(os.path.join(dirpath, name))
    return sorted(entries)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def expectations(entry):
    base = os.path.splitext(entry)[0]
    exp = {"stdout": None, "stderr": None, "status": 0}
    if os.path.exists(base + ".stdout"):
        exp["stdout"] = read_text(base + ".stdout")
    if os.path.exists(base + ".stderr"):
        exp["stderr"] = [l.rstrip("\r") for l in read_text(base + ".stderr").split("\n") if l.strip()]
    if os.path.exists(base + ".status"):
        exp["status"] = int(read_text(base + ".status").strip())
    return exp


def stderr_missing(expected_lines, stderr):
    """Return the first expected stderr line that is not found (in order), or None."""
    lines = stderr.split("\n")
    li, col = 0, 0
    for want in expected_lines:
        while li < len(lines):
            pos = lines[li].find(want, col)
            if pos >= 0:
                col = pos + len(want)
                break
            li, col = li + 1, 0
        else:
            return want
    return None


def check(entry, exp, code, stdout, stderr, runner, timed_out):
    """Return a list of problem descriptions (empty when the test passes)."""
    problems = []
    if timed_out:
        problems.append("timed out")
    if exp["stdout"] is None:
        problems.append("missing expected-output file %s.stdout" % os.path.splitext(entry)[0])
    elif stdout != exp["stdout"]:
        diff = difflib.unified_diff(exp["stdout"].splitlines(True), stdout.splitlines(True),
                                    "expected stdout", "actual stdout", n=2)
        text = "".join(l if l.endswith("\n") else l + "\n\\ No newline at end\n" for l in diff)
        problems.append("stdout differs:\n" + _clip(text, 4000))
    if code != exp["status"] and not timed_out:
        problems.append("exit status: expected %d, got %d" % (exp["status"], code))
    if exp["stderr"] is not None and runner != "node":
        missing = stderr_missing(exp["stderr"], stderr)
        if missing is not None:
            problems.append("stderr lacks (in order) %r" % missing)
    if runner != "node":
        if "panicked at" in stderr:
            problems.append("Rust panic on stderr")
        if runner == "wasi" and ("wasm trap:" in stderr or code == 134):
            problems.append("wasm trap (stack overflow or abort in the guest)")
    if problems and stderr.strip():
        problems.append("actual stderr:\n" + _clip(stderr, 2000))
    return problems


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit] + "\n... (%d more characters)" % (len(text) - limit)


def run_one(cmd, timeout):
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=REPO)
        return p.returncode, p.stdout, p.stderr, False, time.monotonic() - start
    except subprocess.TimeoutExpired as e:  # subprocess.run kills the child
        return -1, e.stdout or b"", e.stderr or b"", True, time.monotonic() - start


def main(argv):
    opts = {"runner": "wasi", "wasm": None, "engine": None, "compile-with": None, "jobs": None, "timeout": None,
            "summary": None, "root": os.path.join(REPO, "tests", "e2e")}
    filters = [f for f in os.environ.get("GANNET_E2E_FILTER", "").split(",") if f]
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(__doc__)
            return 0
        key = a[2:] if a.startswith("--") else None
        if key not in opts and key != "filter":
            sys.stderr.write("e2e_wasi.py: unknown argument %s (try --help)\n" % a)
            return 2
        if i + 1 >= len(argv):
            sys.stderr.write("e2e_wasi.py: %s needs a value\n" % a)
            return 2
        if key == "filter":
            filters.append(argv[i + 1])
        else:
            opts[key] = argv[i + 1]
        i += 2

    runner = opts["runner"]
    if runner not in ("wasi", "native", "node"):
        sys.stderr.write("e2e_wasi.py: --runner must be wasi, native or node\n")
        return 2
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "gannet-target")
    jobs = int(opts["jobs"] or os.environ.get("GANNET_E2E_JOBS") or min(2, os.cpu_count() or 1))
    timeout = float(opts["timeout"] or os.environ.get("GANNET_E2E_TIMEOUT") or (60 if runner == "wasi" else 30))
    root = os.path.abspath(opts["root"])

    if runner == "wasi":
        wasm = os.path.abspath(opts["wasm"] or os.path.join(target, "wasm32-wasip1", "release", "gannet.wasm"))
        base_cmd = [sys.executable, os.path.join(HERE, "wasi_run.py"), "--wasm", wasm, "--"]
        # Compile once (cached on disk) so parallel runs don't all compile the module.
        pre = subprocess.run([sys.executable, os.path.join(HERE, "wasi_run.py"), "--wasm", wasm, "--precompile"],
                             stdin=subprocess.DEVNULL)
        if pre.returncode != 0:
            sys.stderr.write("e2e_wasi.py: cannot load %s\n" % wasm)
            return 1
        make_cmd = lambda f: base_cmd + ["run", f]
    elif runner == "native":
        engine = os.path.abspath(opts["engine"] or os.path.join(target, "release", "gannet"))
        make_cmd = lambda f: [engine, "run", f]
    else:
        make_cmd = lambda f: ["node", f]

    entries = discover(root)
    if filters:
        entries = [e for e in entries if any(f in os.path.relpath(e, root) for f in filters)]
    if runner == "node":
        entries = [e for e in entries if not e.endswith(".ts")]
    if not entries:
        sys.stderr.write("e2e_wasi.py: no entry files under %s%s\n" % (root, " matching the filter" if filters else ""))
        return 1

    mode = " from snapshots compiled by %s" % opts["compile-with"] if opts["compile-with"] else ""
    print("e2e (%s%s): running %d files from %s with %d job(s)" % (runner, mode, len(entries), root, jobs), flush=True)

    def job(entry):
        if opts["compile-with"]:
            snap = os.path.join(os.path.dirname(entry), "." + os.path.basename(entry) + ".e2e.gsnap")
            code, out, err, timed_out, secs = run_one([opts["compile-with"], "compile", entry, "-o", snap], timeout)
            if code == 0:
                code, out, err, timed_out, secs = run_one(make_cmd(snap), timeout)
            if os.path.exists(snap):
                os.remove(snap)
        else:
            code, out, err, timed_out, secs = run_one(make_cmd(entry), timeout)
        out_s = out.decode("utf-8", errors="replace")
        err_s = err.decode("utf-8", errors="replace")
        return entry, check(entry, expectations(entry), code, out_s, err_s, runner, timed_out), secs

    failed = []
    passed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for entry, problems, secs in pool.map(job, entries):
            rel = os.path.relpath(entry, root)
            if problems:
                failed.append(rel)
                print("FAIL %s (%.1fs)" % (rel, secs))
                for p in problems:
                    print("  " + p.replace("\n", "\n    ").rstrip())
            else:
                passed += 1
            sys.stdout.flush()

    if failed:
        print("\nfailed e2e tests (%s):" % runner)
        for rel in failed:
            print("  " + rel)
    if opts["summary"]:
        with open(opts["summary"], "w") as f:
            f.write("%d %d\n" % (passed, len(failed)))
    print("%d passed, %d failed" % (passed, len(failed)), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
