//! A standalone program with a compiled TypeScript app inside: the snapshot
//! is built by build.rs and embedded with `include_bytes!`.
//!
//! Run: `cargo run -p gannet-embed-example`

use gannet::{builtins::arg, snapshot::Snapshot, Isolate, NullHost, Value, Vm};
use std::sync::Arc;

static APP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.gsnap"));

fn print(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> gannet::JsResult<Value> {
    println!("{}", vm.to_rust_string(arg(args, 0))?);
    Ok(Value::UNDEFINED)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Arc::new(Snapshot::open(Arc::new(APP), "/app")?);
    let mut isolate = Isolate::new(NullHost);
    isolate.register_function("print", 1, print);
    isolate.run_snapshot(&app)?;
    Ok(())
}
