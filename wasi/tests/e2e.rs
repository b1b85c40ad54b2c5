//! End-to-end corpus: runs every entry file under `tests/e2e/` with `gannet run FILE` and
//! compares the result with the expected files next to it.
//!
//! Rules (keep in sync with `scripts/e2e_wasi.py`, which applies them to the WASI build):
//! * entry files: `*.js`, `*.mjs`, `*.ts` whose name does not start with `_` and that are not
//!   inside a directory whose name starts with `_` (or `.`); `*.d.ts` is skipped;
//! * `NAME.stdout`: stdout must equal it exactly (required);
//! * `NAME.stderr` (optional): each non-blank line must occur as a substring of stderr, in order
//!   (left to right; several may match within one stderr line);
//! * `NAME.status` (optional): expected exit code, default 0;
//! * every run gets 30 s (`GANNET_E2E_TIMEOUT` overrides) and is killed after that;
//! * no run may print `panicked at` on stderr (checked by a separate test).
//!
//! The corpus runs twice: from source, and compiled first (`gannet compile ENTRY -o
//! .NAME.gsnap` next to the entry, then `gannet run .NAME.gsnap`): code loaded from a
//! snapshot must behave exactly as when compiled from source. A compile error stands in
//! for the run (its status and stderr are compared).
//!
//! A third pass compiles with `--init` (the top level runs at compile time and the heap
//! is stored; `run` restores it): compile's stdout followed by run's stdout must equal
//! the expected stdout. Programs whose top level leaves timers pending, or creates a
//! second realm (ShadowRealm), cannot be initialized and are skipped (counted in the summary).
//!
//! A fourth pass compiles with `--tree-shake` (`.NAME.e2e.shaken.gsnap`): a shaken program
//! must behave exactly like the whole one.
//!
//! All mismatches are reported before the test fails. `GANNET_E2E_FILTER=a,b` runs only the
//! files whose path (relative to tests/e2e) contains one of the substrings. When
//! `GANNET_E2E_SUMMARY` names a file, "PASSED FAILED" is written to it (used by scripts/test.sh).

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

const ENTRY_EXTS: [&str; 3] = ["js", "mjs", "ts"];

struct Outcome {
    rel: String,
    problems: Vec<String>,
    panicked: bool,
    stderr: String,
    secs: f64,
}

fn corpus_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e");
    root.canonicalize().unwrap_or(root)
}

fn discover(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut items: Vec<_> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    items.sort();
    for path in items {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            discover(&path, out);
        } else if !name.ends_with(".d.ts")
            && path
                .extension()
                .is_some_and(|e| ENTRY_EXTS.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// Index of the first expected line that is not found in order, if any.
fn stderr_missing<'a>(expected: &[&'a str], stderr: &str) -> Option<&'a str> {
    let lines: Vec<&str> = stderr.split('\n').collect();
    let (mut li, mut col) = (0usize, 0usize);
    'outer: for want in expected {
        while li < lines.len() {
            let line = lines[li];
            if col <= line.len() {
                if let Some(pos) = line.get(col..).and_then(|rest| rest.find(want)) {
                    col += pos + want.len();
                    continue 'outer;
                }
            }
            li += 1;
            col = 0;
        }
        return Some(want);
    }
    None
}

fn clip(s: &str, limit: usize) -> String {
    if s.len() <= limit {
        return s.to_string();
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n... ({} more bytes)", &s[..end], s.len() - end)
}

/// A small line diff: the first differing line with context, plus both texts (clipped).
fn describe_stdout_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.split_inclusive('\n').collect();
    let a: Vec<&str> = actual.split_inclusive('\n').collect();
    let first = e
        .iter()
        .zip(a.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut msg = format!(
        "stdout differs at line {} (expected {} lines, got {}):\n",
        first + 1,
        e.len(),
        a.len()
    );
    let from = first.saturating_sub(2);
    for (i, line) in e.iter().enumerate().skip(from).take(first - from) {
        let _ = writeln!(msg, "      {:>4}   {}", i + 1, line.trim_end_matches('\n'));
    }
    for (i, line) in e.iter().enumerate().skip(first).take(4) {
        let _ = writeln!(msg, "    - {:>4}   {:?}", i + 1, line);
    }
    for (i, line) in a.iter().enumerate().skip(first).take(4) {
        let _ = writeln!(msg, "    + {:>4}   {:?}", i + 1, line);
    }
    if actual.is_empty() {
        msg.push_str("  actual stdout is empty");
    } else {
        let _ = write!(msg, "  full actual stdout:\n{}", clip(actual, 3000));
    }
    msg
}

/// Runs `cmd` with a timeout; returns (status or None on timeout, stdout, stderr).
fn run_with_timeout(
    mut cmd: Command,
    timeout: Duration,
) -> std::io::Result<(Option<ExitStatus>, Vec<u8>, Vec<u8>)> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Drain both pipes on threads so a chatty child cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let (out_tx, out_rx) = mpsc::channel();
    let (err_tx, err_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        let _ = out_tx.send(v);
    });
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        let _ = err_tx.send(v);
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(10));
    };
    // After a kill, a grandchild could still hold the pipes open: don't wait for it forever.
    let grace = if status.is_some() {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(2)
    };
    let out = out_rx.recv_timeout(grace).unwrap_or_default();
    let err = err_rx.recv_timeout(grace).unwrap_or_default();
    Ok((status, out, err))
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Source,
    Snapshot,
    Init,
    /// Compiled with `--tree-shake`.
    Shaken,
}

fn run_entry(root: &Path, entry: &Path, timeout: Duration, mode: Mode) -> Outcome {
    let rel = entry
        .strip_prefix(root)
        .unwrap_or(entry)
        .display()
        .to_string();
    let start = Instant::now();
    let mut problems = Vec::new();
    let base = entry.with_extension("");
    let read = |ext: &str| std::fs::read(format!("{}.{ext}", base.display())).ok();
    let expected_stdout = read("stdout").map(|b| String::from_utf8_lossy(&b).into_owned());
    let expected_stderr = read("stderr").map(|b| String::from_utf8_lossy(&b).into_owned());
    let expected_status: i32 = match read("status") {
        Some(b) => match String::from_utf8_lossy(&b).trim().parse() {
            Ok(n) => n,
            Err(_) => {
                problems.push(format!(
                    "{}.status does not hold an integer",
                    base.display()
                ));
                0
            }
        },
        None => 0,
    };

    let snapshot = entry.with_file_name(format!(
        ".{}.e2e.gsnap",
        entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    let snapshot = if mode == Mode::Shaken {
        snapshot.with_extension("shaken.gsnap")
    } else {
        snapshot
    };
    let result = if mode != Mode::Source {
        let mut compile = Command::new(env!("CARGO_BIN_EXE_gannet"));
        compile.arg("compile").arg(entry).arg("-o").arg(&snapshot);
        if mode == Mode::Init {
            compile.arg("--init");
        }
        if mode == Mode::Shaken {
            compile.arg("--tree-shake");
        }
        match run_with_timeout(compile, timeout) {
            Ok((Some(st), out, _)) if st.success() => {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_gannet"));
                cmd.arg("run").arg(&snapshot);
                let r = run_with_timeout(cmd, timeout);
                let _ = std::fs::remove_file(&snapshot);
                r.map(|(st, run_out, err)| ([out, run_out].concat(), st, err)).map(|(o, st, e)| (st, o, e))
            }
            Ok((Some(_), _, err)) if mode == Mode::Init && uninitializable(&String::from_utf8_lossy(&err)) => {
                return Outcome { rel, problems: Vec::new(), panicked: false, stderr: String::new(), secs: -1.0 };
            }
            other => other,
        }
    } else {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gannet"));
        cmd.arg("run").arg(entry);
        run_with_timeout(cmd, timeout)
    };
    let (status, stdout, stderr) = match result {
        Ok(r) => r,
        Err(e) => {
            problems.push(format!("could not start gannet: {e}"));
            return Outcome {
                rel,
                problems,
                panicked: false,
                stderr: String::new(),
                secs: 0.0,
            };
        }
    };
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();

    match &expected_stdout {
        None => problems.push(format!(
            "missing expected-output file {}.stdout",
            base.display()
        )),
        Some(exp) if *exp != stdout => problems.push(describe_stdout_diff(exp, &stdout)),
        Some(_) => {}
    }
    match status {
        None => problems.push(format!(
            "timed out after {}s (killed)",
            timeout.as_secs_f64()
        )),
        Some(st) => match st.code() {
            Some(code) if code == expected_status => {}
            Some(code) => problems.push(format!(
                "exit status: expected {expected_status}, got {code}"
            )),
            None => problems.push(format!(
                "killed by a signal ({st}); expected exit status {expected_status}"
            )),
        },
    }
    if let Some(exp) = &expected_stderr {
        let lines: Vec<&str> = exp
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty())
            .collect();
        if let Some(missing) = stderr_missing(&lines, &stderr) {
            problems.push(format!("stderr lacks (in order) {missing:?}"));
        }
    }
    let panicked = stderr.contains("panicked at");
    if !problems.is_empty() && !stderr.trim().is_empty() {
        problems.push(format!("actual stderr:\n{}", clip(&stderr, 2000)));
    }
    Outcome {
        rel,
        problems,
        panicked,
        stderr,
        secs: start.elapsed().as_secs_f64(),
    }
}

/// Whether `compile --init` refused the program for a documented reason: host work
/// left pending, or more than one realm (a heap image holds one).
fn uninitializable(stderr: &str) -> bool {
    stderr.contains("cannot hold host work") || stderr.contains("a heap image holds one realm")
}

/// Runs the whole corpus once per test process and mode (the tests share the results).
fn outcomes(mode: Mode) -> &'static [Outcome] {
    static SOURCE: OnceLock<Vec<Outcome>> = OnceLock::new();
    static SNAPSHOT: OnceLock<Vec<Outcome>> = OnceLock::new();
    static INIT: OnceLock<Vec<Outcome>> = OnceLock::new();
    static SHAKEN: OnceLock<Vec<Outcome>> = OnceLock::new();
    let cell = match mode {
        Mode::Source => &SOURCE,
        Mode::Snapshot => &SNAPSHOT,
        Mode::Init => &INIT,
        Mode::Shaken => &SHAKEN,
    };
    // One mode at a time: several corpora at once would load the machine enough to
    // reorder timers that are a few milliseconds apart.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    cell.get_or_init(|| {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let root = corpus_root();
        let mut entries = Vec::new();
        discover(&root, &mut entries);
        let filters: Vec<String> = std::env::var("GANNET_E2E_FILTER")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !filters.is_empty() {
            entries.retain(|e| {
                let rel = e
                    .strip_prefix(&root)
                    .unwrap_or(e)
                    .to_string_lossy()
                    .into_owned();
                filters.iter().any(|f| rel.contains(f.as_str()))
            });
        }
        let timeout = Duration::from_secs_f64(
            std::env::var("GANNET_E2E_TIMEOUT")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(30.0),
        );
        let jobs = std::env::var("GANNET_E2E_JOBS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(4)
            })
            .max(1);
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
        thread::scope(|s| {
            for _ in 0..jobs {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(entry) = entries.get(i) else { break };
                    let outcome = run_entry(&root, entry, timeout, mode);
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((i, outcome));
                });
            }
        });
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, o)| o).collect()
    })
}

#[test]
fn e2e_corpus() {
    check_corpus(Mode::Source);
}

#[test]
fn e2e_corpus_from_snapshots() {
    check_corpus(Mode::Snapshot);
}

#[test]
fn e2e_corpus_from_heap_images() {
    check_corpus(Mode::Init);
}

#[test]
fn e2e_corpus_from_shaken_snapshots() {
    check_corpus(Mode::Shaken);
}

fn check_corpus(mode: Mode) {
    let results = outcomes(mode);
    assert!(
        !results.is_empty(),
        "no entry files found under {}",
        corpus_root().display()
    );
    let failed: Vec<&Outcome> = results.iter().filter(|o| !o.problems.is_empty()).collect();
    let passed = results.len() - failed.len();
    let mut report = String::new();
    for o in &failed {
        let _ = writeln!(report, "FAIL {} ({:.1}s)", o.rel, o.secs);
        for p in &o.problems {
            let _ = writeln!(report, "  {}", p.replace('\n', "\n    ").trim_end());
        }
    }
    if !failed.is_empty() {
        let _ = writeln!(report, "\nfailed e2e tests:");
        for o in &failed {
            let _ = writeln!(report, "  {}", o.rel);
        }
    }
    let skipped = results.iter().filter(|o| o.secs < 0.0).count();
    let passed = passed - skipped;
    let label = match mode {
        Mode::Source => "e2e-native",
        Mode::Snapshot => "e2e-snapshot",
        Mode::Init => "e2e-heap-image",
        Mode::Shaken => "e2e-shaken-snapshot",
    };
    if let Ok(path) = std::env::var("GANNET_E2E_SUMMARY") {
        let path = match mode {
            Mode::Source => path,
            Mode::Snapshot => format!("{path}.snapshot"),
            Mode::Init => format!("{path}.init"),
            Mode::Shaken => format!("{path}.shaken"),
        };
        let _ = std::fs::write(&path, format!("{passed} {}\n", failed.len()));
    }
    eprint!("{report}");
    // Written past libtest's output capture so the count is visible even when the test passes.
    let _ = writeln!(
        std::io::stderr(),
        "\n{label}: {passed} passed, {} failed{}",
        failed.len(),
        if skipped > 0 { format!(", {skipped} skipped (timers pending or several realms after the top level)") } else { String::new() }
    );
    assert!(
        failed.is_empty(),
        "{} of {} e2e tests failed (details above)",
        failed.len(),
        results.len()
    );
}

#[test]
fn e2e_no_panics() {
    let panicked: Vec<String> = outcomes(Mode::Source)
        .iter()
        .chain(outcomes(Mode::Snapshot))
        .chain(outcomes(Mode::Init))
        .chain(outcomes(Mode::Shaken))
        .filter(|o| o.panicked)
        .map(|o| {
            let at = o.stderr.find("panicked at").unwrap_or(0);
            format!("{}: {}", o.rel, clip(&o.stderr[at..], 400))
        })
        .collect();
    assert!(
        panicked.is_empty(),
        "gannet panicked (\"panicked at\" on stderr) in:\n{}",
        panicked.join("\n")
    );
}

#[test]
fn e2e_stderr_matching_rules() {
    let stderr = "Uncaught TypeError: x is not a function\n    at main (a.js:3:1)\n";
    assert_eq!(stderr_missing(&["Uncaught TypeError:"], stderr), None);
    assert_eq!(stderr_missing(&["TypeError:", "a.js:3:"], stderr), None);
    assert_eq!(
        stderr_missing(&["Uncaught", "TypeError:"], stderr),
        None,
        "two matches within one line"
    );
    assert_eq!(
        stderr_missing(&["a.js:3:", "TypeError:"], stderr),
        Some("TypeError:"),
        "order matters"
    );
    assert_eq!(stderr_missing(&["RangeError"], stderr), Some("RangeError"));
    assert_eq!(stderr_missing(&[], ""), None);
}
