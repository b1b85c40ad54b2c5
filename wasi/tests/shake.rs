//! `gannet compile --tree-shake` on the sample programs in `tests/snapshot/shake/`:
//! the shaken snapshot must print exactly `NAME.stdout` (which is also what
//! `gannet run NAME` prints from source), and the compile log must say what
//! was dropped and kept.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/snapshot/shake");
    d.canonicalize().unwrap_or(d)
}

fn gannet(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gannet"))
        .args(args)
        .current_dir(dir())
        .output();
    match out {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (false, String::new(), format!("could not start gannet: {e}")),
    }
}

/// Compiles `entry` shaken and unshaken, runs both and the source; returns the compile log.
fn check(entry: &str) -> String {
    let expected = std::fs::read_to_string(dir().join(Path::new(entry).with_extension("stdout")))
        .unwrap_or_default();
    assert!(!expected.is_empty(), "missing {entry} expected output");
    let (ok, src_out, err) = gannet(&["run", entry]);
    assert!(ok, "{entry} from source failed: {err}");
    assert_eq!(src_out, expected, "{entry} from source");
    let shaken = format!(".{entry}.shaken.gsnap");
    let (ok, _, log) = gannet(&["compile", entry, "-o", &shaken, "--tree-shake"]);
    assert!(ok, "compile --tree-shake {entry} failed: {log}");
    let (ok, out, err) = gannet(&["run", &shaken]);
    let _ = std::fs::remove_file(dir().join(&shaken));
    assert!(ok, "shaken {entry} failed: {err}");
    assert_eq!(out, expected, "shaken {entry}; log:\n{log}");
    log
}

#[test]
fn shaken_sample_behaves_like_source() {
    let log = check("main.ts");
    for line in [
        "kept: lib/lazy.ts (reached by import('./lib/lazy.ts') in main.ts)",
        "dropped: lib/unused.ts (no export used, no side effects)",
        "kept: lib/side.ts (top level has side effects",
        "dropped export: lib/math.ts: mul (unused; function `mul` removed)",
        "dropped export: lib/math.ts: table (unused; declaration kept: not removable: initializer may have side effects)",
        "dropped: lib/math.ts: function `helperSquare` (no longer referenced)",
        "kept: lib/colors.ts (all exports used",
        "tree-shake: 9 modules -> 8, 29 functions -> 17,",
    ] {
        assert!(log.contains(line), "log lacks {line:?}:\n{log}");
    }
}

#[test]
fn shaken_edge_cases_behave_like_source() {
    let log = check("edge.mjs");
    assert!(
        log.contains("dropped: edge/ns_unused.mjs (no export used, no side effects)"),
        "{log}"
    );
    assert!(log.contains("kept: edge/order_a.mjs"), "{log}");
}
