#!/usr/bin/env python3
"""Callers of a function in a callgrind profile, by inclusive cost.

    bench/cg_callers.py /tmp/gannet-prof-raytrace.cg 'Shapes::add'
"""
import subprocess, sys, re

out = subprocess.run(["callgrind_annotate", "--tree=caller", "--inclusive=yes", sys.argv[1]],
                     capture_output=True, text=True).stdout
want = sys.argv[2]
block = []
for line in out.splitlines():
    if not line.strip():
        block = []
        continue
    if "*  " in line and want in line:
        print(line.strip()[:200])
        for b in sorted(block, key=lambda l: -int(l.split()[0].replace(",", ""))):
            print("   ", b.strip()[:200])
        print()
    block.append(line) if " < " in line else None
