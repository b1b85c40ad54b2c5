//! Embedding Gannet in a Rust program: evaluate code, expose a host function,
//! read results back, and handle errors.
//!
//! Run: `cargo run -p gannet --example api`

use gannet::builtins::arg;
use gannet::{Error, Isolate, NullHost, Value, Vm};

/// A host function: `add(a, b)` implemented in Rust.
fn add(vm: &mut Vm, _this: Value, args: &[Value], _new_target: Value) -> gannet::JsResult<Value> {
    let a = vm.to_number(arg(args, 0))?;
    let b = vm.to_number(arg(args, 1))?;
    Ok(Value::number(a + b))
}

fn main() -> Result<(), Error> {
    let mut isolate = Isolate::new(NullHost);
    isolate.register_function("add", 2, add);

    let answer = isolate.eval_to_string("add(40, 2)")?;
    println!("add(40, 2) = {answer}");

    let h = isolate.eval("({ language: 'JavaScript', years: [1995, 2015] })", "inline.js")?;
    let v = isolate.value(h);
    println!("object: {}", isolate.inspect(v));

    match isolate.eval("null.x", "oops.js") {
        Err(Error::Exception { summary, .. }) => println!("caught: {summary}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
