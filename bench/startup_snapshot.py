#!/usr/bin/env python3
"""Start-up of one program three ways, measured in one interleaved run:
`gannet run app.mjs` (parse + compile), `gannet run app.gsnap` (compiled
snapshot), `gannet run app-init.gsnap` (heap image: the top level already ran).

    python3 bench/startup_snapshot.py [SIZE_KB] [RUNS]

Prints median wall times, ratios, file sizes and peak RSS.
"""
import os, resource, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/gannet-target"))
gannet = os.path.join(target, "release", "gannet")
size_kb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11

d = tempfile.mkdtemp(prefix="gannet-startup-")
src = os.path.join(d, "app.mjs")
subprocess.run([sys.executable, os.path.join(here, "gen_large.py"), src, str(size_kb)], check=True, stdout=subprocess.DEVNULL)
variants = {
    "source": src,
    "snapshot": os.path.join(d, "app.gsnap"),
    "snapshot --strip-debug": os.path.join(d, "app-strip.gsnap"),
    "snapshot --init": os.path.join(d, "app-init.gsnap"),
}
subprocess.run([gannet, "compile", src, "-o", variants["snapshot"]], check=True)
subprocess.run([gannet, "compile", "--strip-debug", src, "-o", variants["snapshot --strip-debug"]], check=True)
subprocess.run([gannet, "compile", "--init", src, "-o", variants["snapshot --init"]], check=True, stdout=subprocess.DEVNULL)

times = {k: [] for k in variants}
rss = {k: 0 for k in variants}
expected = None
for _ in range(runs):
    for name, path in variants.items():
        t = time.perf_counter()
        p = subprocess.Popen([gannet, "run", path], stdout=subprocess.PIPE)
        out, _ = p.communicate()
        _, status, usage = os.wait4(p.pid, 0) if False else (None, p.returncode, None)
        times[name].append(time.perf_counter() - t)
        if expected is None:
            expected = out
        assert out == expected, f"{name} printed {out!r}, expected {expected!r}"
for name, path in variants.items():
    # Peak RSS: one extra run under wait4.
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(gannet, [gannet, "run", path])
    _, _, usage = os.wait4(pid, 0)
    rss[name] = usage.ru_maxrss

base = statistics.median(times["source"])
print(f"program: {os.path.getsize(src)} bytes of source ({size_kb} KB requested), {runs} interleaved runs each")
print()
print("| variant | file size | median wall | vs source | peak RSS |")
print("|---|---|---|---|---|")
for name, path in variants.items():
    m = statistics.median(times[name])
    print(f"| {name} | {os.path.getsize(path) / 1e6:.2f} MB | {m * 1000:.1f} ms | {base / m:.1f}x faster | {rss[name] / 1024:.1f} MB |")
