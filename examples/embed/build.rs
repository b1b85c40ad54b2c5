//! Compiles `app.ts` and its imports into `$OUT_DIR/app.gsnap` with the same
//! engine version the program links, so `include_bytes!` embeds a snapshot
//! that always matches.

use gannet::snapshot::{assemble, write, EngineLayout};
use gannet::{Host, ModuleSource};
use std::path::{Path, PathBuf};

struct Files;

impl Host for Files {
    fn resolve_module(&mut self, spec: &str, referrer: Option<&str>) -> Result<String, String> {
        let dir = referrer.and_then(|r| Path::new(r).parent()).map(Path::to_path_buf).unwrap_or_default();
        Ok(dir.join(spec).to_string_lossy().into_owned())
    }
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        let text = std::fs::read_to_string(name).map_err(|e| format!("{name}: {e}"))?;
        Ok(ModuleSource::Source { text, typescript: name.ends_with(".ts") })
    }
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let entry = dir.join("app.ts");
    for f in ["app.ts", "fib.ts"] {
        println!("cargo:rerun-if-changed={f}");
    }
    let name = entry.to_string_lossy().into_owned();
    let source = std::fs::read_to_string(&entry).unwrap_or_else(|e| panic!("{name}: {e}"));
    let assembled = assemble::assemble(&mut Files, &assemble::Entry { name: &name, source: &source, module: true, typescript: true }, EngineLayout::current().builtins)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("app.gsnap");
    std::fs::write(&out, write::write(&assembled.contents)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
