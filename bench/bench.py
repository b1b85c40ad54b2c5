#!/usr/bin/env python3
"""Gannet benchmark harness: runs the V8 benchmark suite v7, SunSpider 1.0.1,
our micro-benchmarks (bench/micro/*.js) and start-up measurements on Gannet
and on the peer engines found on this machine, interleaved (A B A B ...),
repeated, and prints Markdown tables of medians, Gannet/peer ratios and peak
RSS. Standard library only. See bench/README.md.

  bench/bench.py                         # everything, --repeat 3
  bench/bench.py --suites v8 --bench richards,deltablue --engines gannet,qjs
  bench/bench.py --suites micro,startup --repeat 5 --json out.json
"""
import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
HOME = os.path.expanduser("~")

V8_BENCHES = ["richards", "deltablue", "crypto", "raytrace", "earley-boyer",
              "regexp", "splay", "navier-stokes"]
# Names the suite prints, per file.
V8_NAMES = {"richards": "Richards", "deltablue": "DeltaBlue", "crypto": "Crypto",
            "raytrace": "RayTrace", "earley-boyer": "EarleyBoyer", "regexp": "RegExp",
            "splay": "Splay", "navier-stokes": "NavierStokes"}
SUITES = ["v8", "sunspider", "micro", "startup"]


# ---------------------------------------------------------------- engines

class Engine:
    """One engine: `argv(files)` gives the command running the script files."""

    def __init__(self, name, prefix, version="", env=None, missing=None, note=""):
        self.name = name
        self.prefix = prefix  # argv before the script path
        self.version = version
        self.env = env
        self.missing = missing  # None if present, else how to get it
        self.note = note

    def argv(self, path):
        return self.prefix + [path]


def git_version():
    try:
        out = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10)
        return "git " + out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def find_engines(args):
    engines = {}
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HOME, ".cache", "gannet-target"))
    gannet = args.gannet or os.path.join(target, "release", "gannet")
    if os.access(gannet, os.X_OK):
        engines["gannet"] = Engine("gannet", [gannet, "run"], git_version(), note=gannet)
    else:
        engines["gannet"] = Engine("gannet", [], missing=f"{gannet} not found: "
                                   "cargo build --release -p gannet-cli")

    if args.base:
        if os.access(args.base, os.X_OK):
            engines["gannet-base"] = Engine("gannet-base", [args.base, "run"], "--base", note=args.base)
        else:
            engines["gannet-base"] = Engine("gannet-base", [], missing=f"{args.base} not found")

    qjs = args.qjs or os.environ.get("QJS_RS") or os.path.join(
        HOME, ".cache", "gannet-qjs-rs", "release", "qjs-rs")
    if os.access(qjs, os.X_OK):
        engines["qjs"] = Engine("qjs", [qjs], "quickjs-ng via rquickjs " + rquickjs_version(),
                                note=qjs)
    else:
        engines["qjs"] = Engine("qjs", [], missing="bench/qjs-rs not built: "
                                "(cd bench/qjs-rs && CARGO_TARGET_DIR=~/.cache/gannet-qjs-rs "
                                "cargo build --release)")

    qjs_py = os.environ.get("QJS_PY", os.path.join(HOME, ".cache", "gannet-py", "qjs"))
    if os.path.isdir(os.path.join(qjs_py, "quickjs")):
        ver = ""
        try:
            ver = subprocess.run(
                [sys.executable, "-c",
                 "import importlib.metadata as m; print(m.version('quickjs-ng'))"],
                env=dict(os.environ, PYTHONPATH=qjs_py), capture_output=True, text=True,
                timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
        engines["qjs-py"] = Engine("qjs-py", [sys.executable, os.path.join(HERE, "qjs_run.py")],
                                   "quickjs-ng wheel " + ver,
                                   env=dict(os.environ, PYTHONPATH=qjs_py),
                                   note="start-up and RSS include the Python interpreter")
    else:
        engines["qjs-py"] = Engine("qjs-py", [], missing=f"pip install --target {qjs_py} "
                                   "quickjs-ng")

    node = shutil.which("node")
    if node:
        ver = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        engines["node-jitless"] = Engine("node-jitless", [node, "--jitless"], ver)
        engines["node"] = Engine("node", [node], ver)
    else:
        for n in ("node-jitless", "node"):
            engines[n] = Engine(n, [], missing="apt-get install nodejs")

    boa = shutil.which("boa")
    if boa:
        ver = subprocess.run([boa, "--version"], capture_output=True, text=True).stdout.strip()
        engines["boa"] = Engine("boa", [boa], ver)
    else:
        engines["boa"] = Engine("boa", [], missing="cargo install boa_cli --locked")
    return engines


def rquickjs_version():
    lock = os.path.join(HERE, "qjs-rs", "Cargo.lock")
    try:
        text = open(lock, encoding="utf-8").read()
    except OSError:
        return ""
    m = re.search(r'name = "rquickjs"\nversion = "([^"]+)"', text)
    return m.group(1) if m else ""


# ---------------------------------------------------------------- running

class Result:
    def __init__(self, ok, out, wall, rss_kb, error=""):
        self.ok = ok
        self.out = out
        self.wall = wall  # seconds, fork to exit, measured here
        self.rss_kb = rss_kb  # peak resident set of the child (ru_maxrss)
        self.error = error


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_process(argv, env, timeout, rss=True):
    """Runs argv with stdout/stderr to a temporary file; returns a Result with the
    wall time (measured here, fork to exit) and the engine's peak RSS.

    Linux carries the RSS high-water mark of the process that calls exec into the
    new program's ru_maxrss, so a child forked from this (~20 MB) Python process
    would never report less than Python's size. The engine is therefore started
    by /usr/bin/time (GNU time, a small process) and its %M is used; without it,
    os.wait4's figure is used and is only an upper bound. With rss=False the
    engine is started directly (no /usr/bin/time in the wall time) and the RSS
    figure is not meaningful."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as tfile:
        via_time = TIME and rss
        full = ([TIME, "-q", "-f", "%M", "-o", tfile.name] + argv) if via_time else argv
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        except OSError as e:
            return Result(False, "", 0.0, 0, str(e))
        timed_out = []

        def kill():
            timed_out.append(True)
            try:  # the process group this harness created for the run (time + engine)
                os.killpg(proc.pid, 9)
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        rss_kb = usage.ru_maxrss
        if via_time:
            m = re.findall(r"^(\d+)\s*$", tfile.read(), re.M)
            if m:
                rss_kb = int(m[-1])
    if timed_out:
        return Result(False, text, wall, rss_kb, f"timeout ({timeout:g} s)")
    if proc.returncode != 0:
        last = [l for l in text.splitlines() if l.strip()][-1:] or [""]
        return Result(False, text, wall, rss_kb,
                      f"exit {proc.returncode}: {last[0][:120]}")
    return Result(True, text, wall, rss_kb)


# ---------------------------------------------------------------- suites

class Bench:
    """One measured item: a script file and a parser turning output into a number."""

    def __init__(self, suite, name, path, parse, unit, higher_better):
        self.suite, self.name, self.path = suite, name, path
        self.parse, self.unit, self.higher_better = parse, unit, higher_better


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def parse_time(res):
    m = re.findall(r"^time (\d+(?:\.\d+)?)\s*$", res.out, re.M)
    return float(m[-1]) if m else None


def make_v8(tmp, names):
    base = read(os.path.join(SHARED, "v8-v7", "base.js"))
    runner = read(os.path.join(SHARED, "v8-v7", "run-bare.js"))
    out = []
    for b in names:
        path = os.path.join(tmp, f"v8-{b}.js")
        write(path, base + "\n" + read(os.path.join(SHARED, "v8-v7", b + ".js")) + "\n" + runner)
        label = V8_NAMES[b]

        def parse(res, label=label):
            m = re.search(r"^" + label + r": (\d+(?:\.\d+)?)\s*$", res.out, re.M)
            return float(m.group(1)) if m else None
        out.append(Bench("v8", label, path, parse, "score", True))
    return out


def sunspider_list():
    return [l.strip() for l in read(os.path.join(SHARED, "sunspider", "LIST")).splitlines()
            if l.strip() and not l.startswith("#")]


def make_sunspider(tmp, names, prelude):
    out = []
    for t in names:
        src = read(os.path.join(SHARED, "sunspider", t + ".js"))
        # Times the evaluation of the test's code (not parsing/compiling the file).
        path = os.path.join(tmp, f"ss-{t}.js")
        write(path, prelude + "\nvar __bench_t0 = Date.now();\n" + src +
              "\n;print('time ' + (Date.now() - __bench_t0));\n")
        out.append(Bench("sunspider", t, path, parse_time, "ms", False))
    return out


def micro_list():
    d = os.path.join(HERE, "micro")
    return sorted(f[:-3] for f in os.listdir(d) if f.endswith(".js"))


def make_micro(tmp, names, prelude):
    out = []
    for t in names:
        path = os.path.join(tmp, f"micro-{t}.js")
        write(path, prelude + "\n" + read(os.path.join(HERE, "micro", t + ".js")))
        out.append(Bench("micro", t, path, parse_time, "ms", False))
    return out


def generate_big_script(approx_bytes):
    """~approx_bytes of varied, plain JavaScript: function declarations with
    control flow, object and array literals, strings; a little of it runs."""
    parts = []
    size = 0
    i = 0
    while size < approx_bytes:
        chunk = (
            f"function f{i}(a, b) {{\n"
            f"  var x = a * {i % 97} + b, s = 'str{i}';\n"
            f"  if (x > {i % 13}) {{ for (var k = 0; k < 3; k++) x += k; }} else {{ x = -x; }}\n"
            f"  var o = {{ id: {i}, name: s + x, list: [a, b, {i}.5, 'v{i}'], nested: {{ q: x > 0 }} }};\n"
            f"  return o.list.length + (o.nested.q ? 1 : 0);\n"
            f"}}\n"
            f"var g{i} = {{ key{i}: {i}, fn: function (y) {{ return y + {i}; }}, arr: [1, 2, 3] }};\n")
        parts.append(chunk)
        size += len(chunk)
        i += 1
    parts.append(f"var __n = 0; for (var j = 0; j < {i}; j += 50) __n += this['f' + j] ? 1 : 0;\n")
    return "".join(parts), i


def make_startup(tmp):
    empty = os.path.join(tmp, "startup-empty.js")
    write(empty, "")
    big = os.path.join(tmp, "startup-1mb.js")
    text, _ = generate_big_script(1 << 20)
    write(big, text)
    return [Bench("startup", "empty script", empty, None, "ms", False),
            Bench("startup", f"1 MB script ({len(text) >> 10} KiB)", big, None, "ms", False)]


# ---------------------------------------------------------------- report

def median(xs):
    return statistics.median(xs) if xs else None


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs and all(x > 0 for x in xs) else None


def fmt(x, unit=""):
    if x is None:
        return "—"
    if unit == "MiB":
        return f"{x:.1f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_ratio(g, p):
    if g is None or p is None or p == 0:
        return "—"
    return f"{g / p:.2f}"


def table(title, rows, engines, unit, higher_better, peers, extra_rows=()):
    """rows: list of (label, {engine: value or error string})."""
    direction = "higher is better" if higher_better else "lower is better"
    lines = [f"### {title}", "",
             f"Medians ({unit}, {direction}). Ratio columns: Gannet / peer of the same figure"
             f" ({'>' if higher_better else '<'} 1 means Gannet is faster).", ""]
    head = ["benchmark"] + engines + [f"gannet/{p}" for p in peers]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for label, vals in list(rows) + list(extra_rows):
        cells = [label]
        for e in engines:
            v = vals.get(e)
            cells.append(v if isinstance(v, str) else fmt(v, unit))
        g = vals.get("gannet")
        for p in peers:
            pv = vals.get(p)
            cells.append(fmt_ratio(g if not isinstance(g, str) else None,
                                   pv if not isinstance(pv, str) else None))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suites", default=",".join(SUITES),
                    help=f"comma-separated subset of {','.join(SUITES)} (default: all)")
    ap.add_argument("--engines", default="gannet,qjs,qjs-py,node-jitless,node,boa",
                    help="comma-separated engines (default: all known; missing ones are reported)")
    ap.add_argument("--bench", default="",
                    help="comma-separated benchmark names or substrings to keep "
                         "(e.g. richards,3d-cube,calls); default: all")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each benchmark per engine (default 3)")
    ap.add_argument("--startup-repeat", type=int, default=0,
                    help="runs of each start-up item (default: 5 x --repeat; they are short)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per process (default 600)")
    ap.add_argument("--gannet", default="", help="path of the gannet binary "
                    "(default $CARGO_TARGET_DIR/release/gannet)")
    ap.add_argument("--base", default="", help="a second gannet binary (e.g. an older build) "
                    "measured as engine `gannet-base`, for before/after comparisons")
    ap.add_argument("--qjs", default="", help="path of the qjs-rs binary "
                    "(default $QJS_RS or ~/.cache/gannet-qjs-rs/release/qjs-rs)")
    ap.add_argument("--json", default="", help="also write all raw measurements to this file")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args()

    suites = [s for s in args.suites.split(",") if s]
    for s in suites:
        if s not in SUITES:
            ap.error(f"unknown suite {s!r}")
    known = find_engines(args)
    wanted = [e for e in args.engines.split(",") if e]
    if args.base and "gannet-base" not in wanted:
        wanted.insert(1 if wanted and wanted[0] == "gannet" else 0, "gannet-base")
    for e in wanted:
        if e not in known:
            ap.error(f"unknown engine {e!r} (known: {', '.join(known)})")
    engines = [e for e in wanted if known[e].missing is None]
    missing = [e for e in wanted if known[e].missing is not None]
    peers = [e for e in engines if e != "gannet"] if "gannet" in engines else []
    filters = [f for f in args.bench.split(",") if f]

    def keep(name):
        return not filters or any(f.lower() in name.lower() for f in filters)

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    tmp = tempfile.mkdtemp(prefix="gannet-bench-")
    prelude = read(os.path.join(HERE, "prelude.js"))
    benches = []
    if "v8" in suites:
        benches += make_v8(tmp, [b for b in V8_BENCHES if keep(b) or keep(V8_NAMES[b])])
    if "sunspider" in suites:
        benches += make_sunspider(tmp, [t for t in sunspider_list() if keep(t)], prelude)
    if "micro" in suites:
        benches += make_micro(tmp, [t for t in micro_list() if keep(t)], prelude)
    startup = make_startup(tmp) if "startup" in suites else []

    # raw[(suite, name)][engine] = list of Result (with .value)
    raw = {}
    started = time.time()
    for r in range(args.repeat):
        for b in benches:
            for e in engines:  # interleaved: each benchmark runs on A, B, C, then the next
                eng = known[e]
                res = run_process(eng.argv(b.path), eng.env, args.timeout)
                res.value = b.parse(res) if res.ok else None
                if res.ok and res.value is None:
                    res.ok, res.error = False, "no result in output: " + res.out.strip()[-120:]
                raw.setdefault((b.suite, b.name), {}).setdefault(e, []).append(res)
                log(f"[{r + 1}/{args.repeat}] {b.suite}/{b.name} {e}: "
                    + (f"{res.value:g} {b.unit}" if res.ok else res.error)
                    + f"  ({res.wall:.2f} s, {res.rss_kb / 1024:.1f} MiB)")
    su_repeat = args.startup_repeat or 5 * args.repeat
    for r in range(su_repeat):
        for b in startup:
            for e in engines:
                eng = known[e]
                # wall time without /usr/bin/time in between; RSS from a second run
                res = run_process(eng.argv(b.path), eng.env, args.timeout, rss=False)
                res.value = res.wall * 1000 if res.ok else None
                if res.ok and b is startup[0] and r < args.repeat:
                    res.rss_kb = run_process(eng.argv(b.path), eng.env, args.timeout).rss_kb
                else:
                    res.rss_kb = None
                raw.setdefault((b.suite, b.name), {}).setdefault(e, []).append(res)
    if startup:
        log(f"start-up: {su_repeat} runs per item per engine done")
    # Python's own start-up, to read the qjs-py start-up figures against.
    py_overhead = None
    if startup and "qjs-py" in engines:
        walls, rss = [], []
        for _ in range(su_repeat):
            cmd = [sys.executable, "-c", "import quickjs"]
            res = run_process(cmd, known["qjs-py"].env, args.timeout, rss=False)
            if res.ok:
                walls.append(res.wall * 1000)
                rss.append(run_process(cmd, known["qjs-py"].env, args.timeout).rss_kb / 1024)
        py_overhead = (median(walls), median(rss))
    elapsed = time.time() - started

    # ---- report
    out = ["# Gannet benchmark results", "",
           f"{time.strftime('%Y-%m-%d %H:%M')}, {args.repeat} interleaved runs per benchmark "
           f"(start-up: {su_repeat}), {os.cpu_count()} CPUs, load average "
           f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end, {elapsed / 60:.1f} min.",
           "", "| engine | version | command |", "|---|---|---|"]
    for e in wanted:
        eng = known[e]
        if eng.missing:
            out.append(f"| {e} | **missing** | {eng.missing} |")
        else:
            note = f" ({eng.note})" if eng.note and eng.note not in eng.prefix else ""
            out.append(f"| {e} | {eng.version} | `{' '.join(os.path.basename(p) if i == 0 else p for i, p in enumerate(eng.prefix))} FILE`{note} |")
    out.append("")

    def cell(res_list):
        oks = [x.value for x in res_list if x.ok]
        if oks:
            return median(oks)
        return res_list[0].error.split(":")[0] if res_list else "—"

    def peak_rss(suite):
        vals = {}
        for e in engines:
            per_run = []
            for r in range(args.repeat):
                m = [lst[r].rss_kb for (s, _), d in raw.items() if s == suite
                     for ee, lst in d.items() if ee == e and len(lst) > r]
                if m:
                    per_run.append(max(m) / 1024)
            vals[e] = median(per_run)
        return vals

    def suite_rows(suite, names):
        rows = []
        for n in names:
            d = raw.get((suite, n), {})
            rows.append((n, {e: cell(d.get(e, [])) for e in engines}))
        return rows

    if "v8" in suites:
        names = [b.name for b in benches if b.suite == "v8"]
        rows = suite_rows("v8", names)
        gm = {}
        for e in engines:
            vs = [v[e] for _, v in rows if not isinstance(v.get(e), str)]
            gm[e] = geomean(vs) if len(vs) == len(rows) and rows else "incomplete"
        extra = [("**geometric mean**", gm), ("peak RSS (MiB)", peak_rss("v8"))]
        out.append(table("V8 benchmark suite v7 (scores)", rows, engines, "score", True, peers, []))
        # the RSS row is "lower is better" but shares the table; keep ratios meaningful
        out[-1] = out[-1].rstrip("\n")
        out.append(table_rows_only(extra, engines, peers))
    if "sunspider" in suites:
        names = [b.name for b in benches if b.suite == "sunspider"]
        rows = suite_rows("sunspider", names)
        total = {}
        for e in engines:
            vs = [v[e] for _, v in rows if not isinstance(v.get(e), str)]
            total[e] = sum(vs) if len(vs) == len(rows) and rows else "incomplete"
        out.append(table("SunSpider 1.0.1 (ms per test; evaluation time measured in the script)",
                         rows, engines, "ms", False, peers, []).rstrip("\n"))
        out.append(table_rows_only([("**total**", total), ("peak RSS (MiB)", peak_rss("sunspider"))],
                                   engines, peers))
    if "micro" in suites:
        names = [b.name for b in benches if b.suite == "micro"]
        rows = suite_rows("micro", names)
        gm = {}
        for e in engines:
            vs = [v[e] for _, v in rows if not isinstance(v.get(e), str)]
            gm[e] = geomean(vs) if len(vs) == len(rows) and rows else "incomplete"
        out.append(table("Micro-benchmarks (bench/micro, ms measured in the script)",
                         rows, engines, "ms", False, peers, []).rstrip("\n"))
        out.append(table_rows_only([("**geometric mean**", gm), ("peak RSS (MiB)", peak_rss("micro"))],
                                   engines, peers))
    if startup:
        rows = suite_rows("startup", [b.name for b in startup])
        rss = {e: median([x.rss_kb / 1024 for x in raw[("startup", startup[0].name)].get(e, [])
                          if x.ok and x.rss_kb is not None]) for e in engines}
        out.append(table("Start-up (wall ms of the whole process, fork to exit)", rows, engines,
                         "ms", False, peers, []).rstrip("\n"))
        out.append(table_rows_only([("peak RSS, empty script (MiB)", rss)], engines, peers))
        if py_overhead:
            out.append(f"qjs-py runs inside Python: `python3 -c 'import quickjs'` alone takes "
                       f"{fmt(py_overhead[0])} ms and {fmt(py_overhead[1], 'MiB')} MiB; its "
                       "start-up and RSS figures are dominated by that. `qjs` (bench/qjs-rs) is a "
                       "native QuickJS-ng shell and is the honest peer for start-up and memory.\n")
    failures = [(s, n, e, lst[0].error) for (s, n), d in raw.items() for e, lst in d.items()
                if any(not x.ok for x in lst)]
    if failures:
        out += ["### Failures", ""]
        for s, n, e, err in failures:
            nfail = sum(1 for x in raw[(s, n)][e] if not x.ok)
            out.append(f"- {s}/{n} on {e}: {nfail} of {len(raw[(s, n)][e])} runs failed: {err}")
        out.append("")
    print("\n".join(out))

    if args.json:
        data = {"engines": {e: {"version": known[e].version, "argv": known[e].prefix,
                                "missing": known[e].missing} for e in wanted},
                "repeat": args.repeat, "results": []}
        for (s, n), d in raw.items():
            for e, lst in d.items():
                data["results"].append({"suite": s, "bench": n, "engine": e, "runs": [
                    {"ok": x.ok, "value": x.value, "wall_s": x.wall, "rss_kib": x.rss_kb,
                     "error": x.error} for x in lst]})
        write(args.json, json.dumps(data, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def table_rows_only(rows, engines, peers):
    lines = []
    for label, vals in rows:
        cells = [label]
        for e in engines:
            v = vals.get(e)
            cells.append(v if isinstance(v, str) else fmt(v, "MiB" if "MiB" in label else ""))
        g = vals.get("gannet")
        for p in peers:
            pv = vals.get(p)
            cells.append(fmt_ratio(g if not isinstance(g, str) else None,
                                   pv if not isinstance(pv, str) else None))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
