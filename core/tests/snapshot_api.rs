//! The snapshot API from an embedder's side: compile a module graph in memory,
//! load it, and run it next to a host-native module and a source module that
//! only exists at run time (one loader chain); heap images keep state and run `main`.

use gannet::snapshot::assemble::{assemble, Entry};
use gannet::snapshot::{image, write, EngineLayout, Snapshot, UnitEntry};
use gannet::{builtins::arg, Host, Isolate, ModuleSource, Value, Vm};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
struct MemHost(HashMap<String, String>);

impl Host for MemHost {
    fn resolve_module(&mut self, spec: &str, referrer: Option<&str>) -> Result<String, String> {
        if !spec.starts_with('.') && !spec.starts_with('/') {
            return Err(format!("Cannot find package '{spec}'"));
        }
        let dir = referrer.and_then(|r| r.rfind('/').map(|i| &r[..i])).unwrap_or("/app");
        Ok(gannet::snapshot::read::join_path(dir, spec))
    }
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        self.0.get(name).map(|t| ModuleSource::Source { text: t.clone(), typescript: false }).ok_or_else(|| format!("no {name}"))
    }
}

fn twice(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> gannet::JsResult<Value> {
    Ok(Value::number(vm.to_number(arg(args, 0))? * 2.0))
}

const MAIN: &str = r#"
import { twice } from "host:math";
import { base } from "./lib.mjs";
const which = "./late" + ".mjs";
const late = await import(which);
globalThis.result = [twice(base), late.extra].join(",");
"#;

fn compile(files: &HashMap<String, String>, layout: &EngineLayout) -> Vec<u8> {
    let mut host = MemHost(files.clone());
    let entry = Entry { name: "/app/main.mjs", source: &files["/app/main.mjs"], module: true, typescript: false };
    let a = assemble(&mut host, &entry, layout.builtins).expect("compiles");
    // "host:math" is left to the run-time loader, and so is the computed import().
    assert!(a.log.iter().any(|l| l.contains("host:math")), "{:?}", a.log);
    assert_eq!(a.contents.units.len(), 2);
    write::write(&a.contents)
}

#[test]
fn snapshot_source_and_native_modules_share_one_loader_chain() {
    let layout = EngineLayout::current();
    let mut files = HashMap::new();
    files.insert("/app/main.mjs".to_string(), MAIN.to_string());
    files.insert("/app/lib.mjs".to_string(), "export const base = 21;".to_string());
    let bytes = compile(&files, &layout);
    // At run time the host also has a module the snapshot does not contain.
    files.insert("/app/late.mjs".to_string(), "export const extra = 'from source';".to_string());
    let snap = Arc::new(Snapshot::load(Arc::new(bytes), layout.builtins, "/app").expect("loads"));
    let mut iso = Isolate::new(MemHost(files));
    let f = iso.vm().new_native("twice", 1, twice, false);
    iso.register_module("host:math", &[("twice", Value::object(f))]);
    iso.run_snapshot(&snap).expect("runs");
    assert_eq!(iso.eval_to_string("result").expect("result"), "42,from source");
}

#[test]
fn heap_image_keeps_state_and_runs_main() {
    let layout = EngineLayout::current();
    let src = "let n = 0; const seen = new Map([['a', 1]]); n = 40; export function main() { globalThis.out = n + seen.get('a') + 1; }";
    let mut files = HashMap::new();
    files.insert("/app/main.mjs".to_string(), src.to_string());
    let mut host = MemHost(files.clone());
    let a = assemble(&mut host, &Entry { name: "/app/main.mjs", source: src, module: true, typescript: false }, layout.builtins).expect("compiles");
    let snap = Arc::new(Snapshot::load(Arc::new(write::write(&a.contents)), layout.builtins, "/app").expect("loads"));
    let mut iso = Isolate::new(MemHost(files.clone()));
    let base = EngineLayout::of_vm(iso.vm());
    iso.run_snapshot(&snap).expect("top level runs");
    let (heap, extra) = image::write_image(iso.vm(), &snap, &base).expect("image");
    let mut contents = a.contents.clone();
    for unit in extra {
        contents.units.push(UnitEntry { name: unit.source_name.clone(), unit, targets: vec![], dyn_targets: vec![], json: false });
    }
    contents.heap = Some(heap);
    let snap = Arc::new(Snapshot::load(Arc::new(write::write(&contents)), layout.builtins, "/app").expect("loads"));
    // Two isolates from one loaded snapshot, independent of each other.
    for _ in 0..2 {
        let mut iso = Isolate::new(MemHost(files.clone()));
        image::restore(&mut iso, &snap).expect("restores");
        iso.call_main(&snap).expect("main runs");
        assert_eq!(iso.eval_to_string("out").expect("out"), "42");
    }
    // An isolate set up differently (an extra global before restoring) is refused.
    let mut other = Isolate::new(MemHost(files));
    other.eval("globalThis.extra = {}", "setup.js").expect("setup");
    let err = image::restore(&mut other, &snap).expect_err("refused");
    assert!(err.to_string().contains("set up differently"), "{err}");
}
