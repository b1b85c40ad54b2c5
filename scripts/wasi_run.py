#!/usr/bin/env python3
"""Run a wasm32-wasip1 program (by default Gannet's gannet.wasm) under the `wasmtime` Python package.

Usage:
    scripts/wasi_run.py [options] [--] ARGS...        # runs: gannet ARGS...
    scripts/wasi_run.py --wasm toy.wasm -- read file.txt

Options:
    --wasm PATH        module to run (default: $CARGO_TARGET_DIR/wasm32-wasip1/release/gannet.wasm,
                       CARGO_TARGET_DIR defaulting to ~/.cache/gannet-target)
    --argv0 NAME       argv[0] seen by the guest (default: gannet)
    --dir HOST[::GUEST]  preopen HOST at GUEST (default GUEST = HOST's absolute path); repeatable
    --sandbox          preopen only the --dir directories (no default preopens)
    --stdout FILE      write the guest's stdout to FILE instead of inheriting it
    --stderr FILE      write the guest's stderr to FILE instead of inheriting it
    --timeout SECS     interrupt the guest after SECS seconds (exit code 124)
    --stack-mib N      max wasm stack in MiB (default 64; the host thread gets 4x that)
    --precompile       only compile (and cache) the module, run nothing

Directories: unless --sandbox is given, every top-level host directory (/work, /tmp, /root, ...,
but not /proc, /sys, /dev) is preopened at the same path, so an absolute host path names the same
file inside the guest and error messages show the same paths; and the current directory is
preopened at ".", so relative paths resolve as on the host. Limits (wasi-libc has no real cwd): a
relative path that climbs above the current directory with ".." does not resolve, and a relative
path whose first component is the name of a top-level directory (e.g. "tmp/x" run from "/") goes
to that top-level directory. Use absolute paths to be safe.
The guest's environment is the host's. stdin is inherited.

Exit code: the guest's exit code (WASI proc_exit), 0 when _start returns, 134 when the guest
traps (e.g. a Rust panic aborts, or the wasm stack overflows), 124 on --timeout, 125 when the
module cannot be loaded.

Compiled code is cached in ~/.cache/gannet-wasi/ (keyed by module hash, wasmtime version and
settings) so that repeated runs start in well under a second.
"""

import hashlib
import os
import sys
import threading

DEFAULT_WASMTIME_VERSION = "50.0.1"
EXIT_TRAP = 134
EXIT_TIMEOUT = 124
EXIT_LOAD_ERROR = 125


def _cache_root():
    return os.path.join(os.path.expanduser("~"), ".cache")


def _import_wasmtime():
    """Import wasmtime, also looking in the directory scripts/test.sh installs it into."""
    try:
        import wasmtime  # noqa: F401
        return wasmtime
    except ImportError:
        pass
    pydeps = os.environ.get("GANNET_PYDEPS") or os.path.join(
        _cache_root(), "gannet-py", "wasmtime-" + DEFAULT_WASMTIME_VERSION)
    if os.path.isdir(pydeps):
        sys.path.insert(0, pydeps)
    try:
        import wasmtime  # noqa: F401
        return wasmtime
    except ImportError:
        sys.stderr.write(
            "wasi_run.py: the Python package 'wasmtime' is missing; install it with\n"
            "  python3 -m pip install --target %s wasmtime==%s\n"
            "(scripts/test.sh does this automatically)\n" % (pydeps, DEFAULT_WASMTIME_VERSION))
        sys.exit(EXIT_LOAD_ERROR)


def default_wasm_path():
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(_cache_root(), "gannet-target")
    return os.path.join(target, "wasm32-wasip1", "release", "gannet.wasm")


def _wasmtime_version(wasmtime):
    try:
        from importlib.metadata import version
        return version("wasmtime")
    except Exception:  # pragma: no cover - metadata missing in a --target install is unusual
        return getattr(wasmtime, "__version__", "unknown")


class Runner:
    """Holds an Engine and a compiled Module; each run() gets a fresh Store and instance."""

    def __init__(self, wasm_path, stack_mib=64, timeout=None):
        self.wasmtime = wt = _import_wasmtime()
        self.stack_bytes = stack_mib * 1024 * 1024
        self.timeout = timeout
        config = wt.Config()
        _set_async_stack_size(wt, config, self.stack_bytes)
        config.max_wasm_stack = self.stack_bytes
        if timeout:
            config.epoch_interruption = True
        config.cranelift_opt_level = "speed"
        self.engine = wt.Engine(config)
        self.module = self._load_module(wasm_path, stack_mib, bool(timeout))

    def _load_module(self, wasm_path, stack_mib, epochs):
        wt = self.wasmtime
        with open(wasm_path, "rb") as f:
            wasm = f.read()
        key = hashlib.sha256()
        key.update(wasm)
        key.update(("|wasmtime=%s|stack=%d|epochs=%s|py=%s" % (
            _wasmtime_version(wt), stack_mib, epochs, sys.version_info[:2])).encode())
        cache_dir = os.path.join(_cache_root(), "gannet-wasi")
        cached = os.path.join(cache_dir, key.hexdigest()[:32] + ".cwasm")
        if os.path.exists(cached):
            try:
                module = wt.Module.deserialize_file(self.engine, cached)
                try:
                    os.utime(cached)  # mark as recently used for _prune_cache
                except OSError:
                    pass
                return module
            except Exception:
                pass  # stale or incompatible artifact: recompile below
        module = wt.Module(self.engine, wasm)
        try:
            os.makedirs(cache_dir, exist_ok=True)
            tmp = "%s.%d.tmp" % (cached, os.getpid())
            with open(tmp, "wb") as f:
                f.write(module.serialize())
            os.replace(tmp, cached)  # atomic: concurrent runs never see a partial file
            _prune_cache(cache_dir, keep=6)
        except OSError:
            pass
        return module

    def run(self, argv, preopens, env=None, stdout=None, stderr=None):
        """Run _start; returns the exit code. preopens: list of (host, guest)."""
        wt = self.wasmtime
        wasi = wt.WasiConfig()
        wasi.argv = list(argv)
        if env is None:
            wasi.inherit_env()
        else:
            wasi.env = [[k, v] for k, v in env.items()]
        wasi.inherit_stdin()
        if stdout:
            wasi.stdout_file = stdout
        else:
            wasi.inherit_stdout()
        if stderr:
            wasi.stderr_file = stderr
        else:
            wasi.inherit_stderr()
        for host, guest in preopens:
            wasi.preopen_dir(host, guest)
        store = wt.Store(self.engine)
        store.set_wasi(wasi)
        if self.timeout:
            store.set_epoch_deadline(1)
        linker = wt.Linker(self.engine)
        linker.define_wasi()

        result = {"code": EXIT_TRAP}
        timed_out = threading.Event()

        def body():
            try:
                instance = linker.instantiate(store, self.module)
                instance.exports(store)["_start"](store)
                result["code"] = 0
            except wt.ExitTrap as e:
                result["code"] = e.code
            except (wt.Trap, wt.WasmtimeError) as e:
                if timed_out.is_set():
                    result["code"] = EXIT_TIMEOUT
                    msg = "wasi_run.py: timed out after %ss\n" % self.timeout
                else:
                    result["code"] = EXIT_TRAP
                    msg = "wasi_run.py: wasm trap: %s\n" % e
                _write_guest_stderr(stderr, msg)

        timer = None
        if self.timeout:
            def interrupt():
                timed_out.set()
                self.engine.increment_epoch()
            timer = threading.Timer(self.timeout, interrupt)
            timer.daemon = True
            timer.start()
        # Wasm frames run on the calling thread's native stack: run the guest on a thread whose
        # stack has room for max_wasm_stack plus the host frames (the size applies at start()).
        old = threading.stack_size()
        threading.stack_size(max(2 * self.stack_bytes + 16 * 1024 * 1024, 32 * 1024 * 1024))
        try:
            worker = threading.Thread(target=body, name="wasi-guest")
            worker.start()
        finally:
            threading.stack_size(old)
        worker.join()
        if timer:
            timer.cancel()
        return result["code"]


def _prune_cache(cache_dir, keep):
    """Keep only the `keep` most recently written artifacts (each engine build adds one)."""
    entries = []
    for name in os.listdir(cache_dir):
        if name.endswith(".cwasm"):
            path = os.path.join(cache_dir, name)
            try:
                entries.append((os.path.getmtime(path), path))
            except OSError:
                pass
    for _, path in sorted(entries, reverse=True)[keep:]:
        try:
            os.remove(path)
        except OSError:
            pass


def _set_async_stack_size(wt, config, size):
    """The C API checks max_wasm_stack <= async_stack_size (2 MiB by default) even though we
    never run async; the Python wrapper has no setter for it, so call the C function directly."""
    import ctypes
    from wasmtime import _ffi
    try:
        fn = _ffi.dll.wasmtime_config_async_stack_size_set
    except AttributeError:
        return
    fn.restype = None
    fn.argtypes = [ctypes.POINTER(_ffi.wasm_config_t), ctypes.c_size_t]
    fn(config.ptr(), size + 1024 * 1024)


def _write_guest_stderr(stderr_file, msg):
    if stderr_file:
        with open(stderr_file, "a") as f:
            f.write(msg)
    else:
        sys.stderr.write(msg)
        sys.stderr.flush()


def default_preopens():
    """Host directories visible to the guest, each at its own absolute path, plus cwd at ".".

    wasi-libc has no working directory of its own: it strips a leading "/" or "./" from every
    path and picks the preopen with the longest matching prefix. So "/" and "." would be the same
    (empty) prefix and only one of them could win. Instead we preopen every top-level host
    directory at "/NAME" (so absolute paths work and look the same as on the host) and the current
    directory at "." (the empty prefix, so relative paths resolve against it)."""
    preopens = []
    for name in sorted(os.listdir("/")):
        host = "/" + name
        if name in ("proc", "sys", "dev") or not os.path.isdir(host):
            continue
        preopens.append((host, host))
    preopens.append((os.getcwd(), "."))
    return preopens


def parse_dir(spec):
    host, sep, guest = spec.partition("::")
    host = os.path.abspath(host)
    return host, (guest if sep else host)


def main(args):
    wasm = None
    argv0 = "gannet"
    dirs = []
    sandbox = False
    stdout = stderr = None
    timeout = None
    stack_mib = 64
    precompile = False
    rest = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest = args[i + 1:]
            break
        if not a.startswith("--"):
            rest = args[i:]
            break
        if a in ("-h", "--help"):
            print(__doc__)
            return 0
        if a == "--sandbox":
            sandbox = True
        elif a == "--precompile":
            precompile = True
        elif a in ("--wasm", "--argv0", "--dir", "--stdout", "--stderr", "--timeout", "--stack-mib"):
            if i + 1 >= len(args):
                sys.stderr.write("wasi_run.py: %s needs a value\n" % a)
                return 2
            v = args[i + 1]
            i += 1
            if a == "--wasm":
                wasm = v
            elif a == "--argv0":
                argv0 = v
            elif a == "--dir":
                dirs.append(parse_dir(v))
            elif a == "--stdout":
                stdout = v
            elif a == "--stderr":
                stderr = v
            elif a == "--timeout":
                timeout = float(v)
            elif a == "--stack-mib":
                stack_mib = int(v)
        else:
            sys.stderr.write("wasi_run.py: unknown option %s (try --help)\n" % a)
            return 2
        i += 1

    wasm = wasm or default_wasm_path()
    if not os.path.isfile(wasm):
        sys.stderr.write("wasi_run.py: no such module: %s\n"
                         "build it with: cargo build -p gannet-cli --target wasm32-wasip1 --release\n" % wasm)
        return EXIT_LOAD_ERROR
    try:
        runner = Runner(wasm, stack_mib=stack_mib, timeout=timeout)
    except Exception as e:  # compile errors and the like
        sys.stderr.write("wasi_run.py: cannot load %s: %s\n" % (wasm, e))
        return EXIT_LOAD_ERROR
    if precompile:
        return 0
    preopens = ([] if sandbox else default_preopens()) + dirs
    sys.stdout.flush()
    sys.stderr.flush()
    code = runner.run([argv0] + rest, preopens, stdout=stdout, stderr=stderr)
    return code & 0xFF if code >= 0 else 1


if __name__ == "__main__":
    # os._exit: don't let interpreter teardown (wasmtime finalizers) alter the exit status.
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
