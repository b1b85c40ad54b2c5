#!/usr/bin/env python3
"""Runs a JavaScript file under QuickJS-ng (the `quickjs-ng` PyPI wheel), with
`print` and `console.log` defined, for side-by-side measurements.

Usage: qjs_run.py FILE...   (files are concatenated and evaluated as one script)
Install: pip install --target ~/.cache/gannet-py/qjs quickjs-ng ; PYTHONPATH=that dir
"""
import sys

import quickjs


def main() -> int:
    src = "".join(open(p, encoding="utf-8").read() + "\n" for p in sys.argv[1:])
    ctx = quickjs.Context()
    ctx.set_max_stack_size(0)
    out = lambda *a: print(" ".join(str(x) for x in a), flush=True)
    ctx.add_callable("print", out)
    ctx.eval("globalThis.console = { log: print, error: print, warn: print };")
    try:
        ctx.eval(src)
        while ctx.execute_pending_job():
            pass
    except Exception as e:  # the engine's exception text
        print(f"Uncaught {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
