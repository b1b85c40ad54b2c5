//! Every unit the compiler produces for the end-to-end corpus passes the
//! bytecode verifier, and survives an encode/decode round trip.

use gannet::bytecode::{decode_code, encode_code, verify_unit};
use gannet::compiler::{compile, looks_like_module, CompileOptions, Goal};
use std::path::Path;

fn visit(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            visit(&p, out);
        } else if ["js", "mjs", "ts", "mts"].iter().any(|x| p.extension().is_some_and(|e| e == *x)) {
            out.push(p);
        }
    }
}

#[test]
fn compiled_corpus_verifies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e");
    let mut files = Vec::new();
    visit(&root, &mut files);
    assert!(!files.is_empty());
    let mut checked = 0;
    for f in files {
        let src = std::fs::read_to_string(&f).expect("readable");
        let name = f.to_string_lossy().to_string();
        let ts = name.ends_with(".ts") || name.ends_with(".mts");
        let module = name.ends_with(".mjs") || name.ends_with(".mts") || looks_like_module(&src, ts);
        let goal = if module { Goal::Module } else { Goal::Script };
        let Ok(unit) = compile(&src, &name, &CompileOptions { goal, typescript: ts, force_strict: false }) else { continue };
        if let Err(e) = verify_unit(&unit) {
            panic!("{name}: {e}");
        }
        for func in &unit.functions {
            let mut bytes = Vec::new();
            encode_code(&func.code, &mut bytes);
            let (back, used) = decode_code(&bytes, func.code.len()).expect("decodes");
            assert_eq!(back, *func.code, "{name}");
            assert_eq!(used, bytes.len());
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files compiled");
}
