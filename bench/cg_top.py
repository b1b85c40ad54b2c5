#!/usr/bin/env python3
"""Sums a callgrind_annotate listing by function (inlined code is attributed to
the function it was inlined into) and prints the top N (self cost; pass
--inclusive=yes after N for inclusive cost): cg_top.py FILE.cg [N] [ARGS...]"""
import re, subprocess, sys
out = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no"] + sys.argv[3:] + [sys.argv[1]],
                     capture_output=True, text=True).stdout
tot, acc = 0, {}
for line in out.splitlines():
    m = re.match(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
    if not m:
        continue
    n = int(m.group(1).replace(",", "")); rest = m.group(2)
    if "PROGRAM TOTALS" in rest:
        tot = n; continue
    fn = rest.split(":", 1)[1] if ":" in rest else rest
    fn = re.sub(r" \[[^\]]*\]$", "", fn)
    acc[fn] = acc.get(fn, 0) + n
print(f"total {tot:,} Ir")
for fn, n in sorted(acc.items(), key=lambda x: -x[1])[:int(sys.argv[2]) if len(sys.argv) > 2 else 25]:
    print(f"{n:>14,} {100 * n / tot:5.1f}%  {fn[:150]}")
