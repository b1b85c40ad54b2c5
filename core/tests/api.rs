//! Tests of the embedding API: evaluation, errors, handles, host functions,
//! modules through a host, the collector and resource limits.

use gannet::{Error, Host, Isolate, ModuleSource, NullHost};
use std::collections::HashMap;

fn eval(src: &str) -> String {
    let mut iso = Isolate::new(NullHost);
    match iso.eval_to_string(src) {
        Ok(s) => s,
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn evaluates_expressions() {
    assert_eq!(eval("1 + 2 * 3"), "7");
    assert_eq!(eval("'a' + 1"), "a1");
    assert_eq!(eval("(() => { let s = 0; for (let i = 0; i < 10; i++) s += i; return s })()"), "45");
    assert_eq!(eval("class A { #x = 4; get x() { return this.#x } }; new A().x"), "4");
    assert_eq!(eval("function* g() { yield 1; yield 2 } [...g()].length"), "2");
    assert_eq!(eval("0.1 + 0.2"), "0.30000000000000004");
}

#[test]
fn reports_syntax_errors_with_positions() {
    let mut iso = Isolate::new(NullHost);
    match iso.eval("let x = ;", "bad.js") {
        Err(Error::Syntax { line, column, file, .. }) => {
            assert_eq!(file, "bad.js");
            assert_eq!(line, 1);
            assert!(column >= 9, "column {column}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn reports_exceptions() {
    let mut iso = Isolate::new(NullHost);
    match iso.eval("function f() { null.x } f()", "t.js") {
        Err(Error::Exception { summary, stack }) => {
            assert!(summary.starts_with("TypeError: Cannot read properties of null"), "{summary}");
            assert!(stack.contains("t.js:1:"), "{stack}");
        }
        other => panic!("expected an exception, got {other:?}"),
    }
    match iso.eval("throw 42", "t.js") {
        Err(Error::Exception { summary, .. }) => assert_eq!(summary, "42"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deep_recursion_is_a_range_error() {
    assert_eq!(eval("function f(n) { return f(n + 1) } try { f(0) } catch (e) { e.message }"), "Maximum call stack size exceeded");
}

#[test]
fn host_functions_and_handles() {
    fn twice(vm: &mut gannet::Vm, _t: gannet::Value, a: &[gannet::Value], _n: gannet::Value) -> gannet::JsResult<gannet::Value> {
        let x = vm.to_number(gannet::builtins::arg(a, 0))?;
        Ok(gannet::Value::number(x * 2.0))
    }
    let mut iso = Isolate::new(NullHost);
    iso.register_function("twice", 1, twice);
    assert_eq!(iso.eval_to_string("twice(21)").ok().as_deref(), Some("42"));
    let f = iso.eval("(x) => x + 1", "f.js").expect("evaluates");
    let r = iso.call(f, gannet::Value::UNDEFINED, &[gannet::Value::int(1)]).expect("calls");
    assert_eq!(iso.value(r), gannet::Value::int(2));
}

#[test]
fn promises_run_as_jobs() {
    let mut iso = Isolate::new(NullHost);
    iso.eval("var log = []; Promise.resolve(1).then(v => log.push(v)); (async () => { await null; log.push(2) })(); log.push(0)", "p.js").expect("runs");
    iso.run_jobs().expect("jobs run");
    assert_eq!(iso.eval_to_string("log[0] + ',' + log[1] + ',' + log[2]").ok().as_deref(), Some("0,1,2"));
}

struct MemHost(HashMap<String, String>);

impl Host for MemHost {
    fn resolve_module(&mut self, specifier: &str, _referrer: Option<&str>) -> Result<String, String> {
        Ok(specifier.trim_start_matches("./").to_string())
    }
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        self.0.get(name).map(|t| ModuleSource::Source { text: t.clone(), typescript: false }).ok_or_else(|| format!("no module {name}"))
    }
}

#[test]
fn modules_through_the_host() {
    let mut files = HashMap::new();
    files.insert("main.js".to_string(), "import { n, inc } from './lib.js'; inc(); globalThis.result = n;".to_string());
    files.insert("lib.js".to_string(), "export let n = 1; export function inc() { n++ }".to_string());
    let mut iso = Isolate::new(MemHost(files));
    iso.run_module("main.js").expect("module runs");
    assert_eq!(iso.eval_to_string("result").ok().as_deref(), Some("2"));
    assert!(iso.run_module("missing.js").is_err());
}

#[test]
fn collector_reclaims_cycles() {
    let mut iso = Isolate::new(NullHost);
    iso.eval("for (let i = 0; i < 200000; i++) { const a = {}; const b = { a }; a.b = b; }", "gc.js").expect("runs");
    iso.collect_garbage();
    let live = iso.vm().heap.objects.live_count();
    assert!(live < 20000, "live objects after collection: {live}");
}

#[test]
fn heap_limit_is_a_clean_error() {
    let mut iso = Isolate::new(NullHost);
    iso.set_max_heap(16 << 20);
    let r = iso.eval("const a = []; while (true) a.push({ x: a.length });", "oom.js");
    assert_eq!(r.err(), Some(Error::OutOfMemory));
}

#[test]
fn interrupt_stops_a_loop() {
    let mut iso = Isolate::new(NullHost);
    let h = iso.interrupt_handle();
    h.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(iso.eval("while (true) {}", "loop.js").err(), Some(Error::Interrupted));
}

#[test]
fn isolates_are_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Isolate>();
}

#[test]
fn weak_refs_let_go_and_finalizers_run() {
    let mut iso = Isolate::new(NullHost);
    iso.eval(
        "var log = []; var reg = new FinalizationRegistry(h => log.push(h));
         var kept = {}; var keptRef = new WeakRef(kept);
         var ref = (() => { const o = {}; reg.register(o, 'held'); reg.register(kept, 'kept'); return new WeakRef(o); })();
         ref.deref() !== undefined",
        "weak.js",
    )
    .expect("evaluates");
    // The targets stay alive until the synchronous run ends (ClearKeptObjects).
    iso.collect_garbage();
    assert_eq!(iso.eval_to_string("ref.deref() === undefined").expect("evaluates"), "false");
    iso.run_jobs().expect("jobs");
    iso.collect_garbage();
    iso.run_jobs().expect("jobs");
    assert_eq!(iso.eval_to_string("[ref.deref(), keptRef.deref() === kept, log.join()].join('|')").expect("evaluates"), "|true|held");
}
