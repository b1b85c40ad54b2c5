//! Host globals of the CLI — `console`, timers, `queueMicrotask`,
//! `performance` — and the event loop that runs jobs and timers until none
//! remain. Also the Test262 host (`print`, `$262`).

use gannet::builtins::arg;
use gannet::object::PropKey;
use gannet::shape::attrs;
use gannet::{Isolate, JsResult, Value, Vm};
use std::collections::BTreeMap;
use std::io::Write;

/// Pending timers, kept in the VM's embedder slot.
#[derive(Default)]
pub struct Timers {
    next_id: u32,
    seq: u64,
    /// (due time in ms, insertion sequence) → timer
    queue: BTreeMap<(u64, u64), Timer>,
    /// The interval timer whose callback is running, and whether it cleared itself.
    running: Option<u32>,
    running_cleared: bool,
    /// Set while `gannet compile --init` runs the top level: `exit()` is refused.
    pub initializing: bool,
}

struct Timer {
    id: u32,
    /// Index into `Vm::persistent` of [callback, ...args].
    roots: Vec<u32>,
    interval: Option<u64>,
}

fn timers(vm: &mut Vm) -> Option<&mut Timers> {
    vm.embedder.as_mut().and_then(|b| b.downcast_mut::<Timers>())
}

fn persist(vm: &mut Vm, v: Value) -> u32 {
    if let Some(i) = vm.persistent_free.pop() {
        vm.persistent[i as usize] = v;
        return i;
    }
    vm.persistent.push(v);
    vm.persistent.len() as u32 - 1
}

fn unpersist(vm: &mut Vm, i: u32) {
    if let Some(v) = vm.persistent.get_mut(i as usize) {
        *v = Value::UNDEFINED;
        vm.persistent_free.push(i);
    }
}

fn now(vm: &mut Vm) -> u64 {
    vm.host.monotonic_ms() as u64
}

fn add_timer(vm: &mut Vm, args: &[Value], repeat: bool) -> JsResult<Value> {
    let cb = arg(args, 0);
    if !vm.is_callable(cb) {
        return vm.throw_type("The \"callback\" argument must be of type function");
    }
    let d = arg(args, 1);
    let ms = if d.is_undefined() { 0.0 } else { vm.to_number(d)? };
    let ms = if ms.is_finite() && ms >= 1.0 { ms as u64 } else { 1 };
    let mut roots = vec![persist(vm, cb)];
    for &a in args.iter().skip(2) {
        roots.push(persist(vm, a));
    }
    // Rounded up, so that a timer never fires before `ms` milliseconds have passed.
    let due = (vm.host.monotonic_ms() + ms as f64).ceil() as u64;
    let Some(t) = timers(vm) else { return Ok(Value::UNDEFINED) };
    t.next_id += 1;
    t.seq += 1;
    let id = t.next_id;
    let key = (due, t.seq);
    t.queue.insert(key, Timer { id, roots, interval: repeat.then_some(ms) });
    Ok(Value::int(id as i32))
}

fn clear_timer(vm: &mut Vm, args: &[Value]) -> JsResult<Value> {
    let Some(id) = arg(args, 0).as_number() else { return Ok(Value::UNDEFINED) };
    let mut freed = Vec::new();
    if let Some(t) = timers(vm) {
        if t.running.is_some_and(|r| r as f64 == id) {
            t.running_cleared = true;
        }
        let key = t.queue.iter().find(|(_, x)| x.id as f64 == id).map(|(k, _)| *k);
        if let Some(k) = key {
            if let Some(timer) = t.queue.remove(&k) {
                freed = timer.roots;
            }
        }
    }
    for r in freed {
        unpersist(vm, r);
    }
    Ok(Value::UNDEFINED)
}

/// Writes console output; `%s %d %i %f %o %O %j %%` in a leading string are substituted.
fn format_args(vm: &mut Vm, args: &[Value]) -> String {
    let mut out = String::new();
    let mut rest = 0;
    if let Some(first) = args.first() {
        if first.is_string() {
            let f = vm.string_lossy(*first);
            if f.contains('%') && args.len() > 1 {
                let mut chars = f.chars().peekable();
                let mut next = 1;
                while let Some(c) = chars.next() {
                    if c != '%' {
                        out.push(c);
                        continue;
                    }
                    match chars.peek().copied() {
                        Some('%') => {
                            chars.next();
                            out.push('%');
                        }
                        Some(k @ ('s' | 'd' | 'i' | 'f' | 'o' | 'O' | 'j' | 'c')) if next < args.len() => {
                            chars.next();
                            let v = args[next];
                            next += 1;
                            match k {
                                's' => {
                                    if v.is_string() {
                                        out.push_str(&vm.string_lossy(v))
                                    } else {
                                        out.push_str(&gannet::builtins::inspect::inspect_nested(vm, v))
                                    }
                                }
                                'd' | 'i' => {
                                    let n = vm.to_number(v).unwrap_or(f64::NAN);
                                    let n = if k == 'i' { n.trunc() } else { n };
                                    out.push_str(&gannet::builtins::number::number_to_string(n));
                                }
                                'f' => out.push_str(&gannet::builtins::number::number_to_string(vm.to_number(v).unwrap_or(f64::NAN))),
                                'c' => {}
                                _ => out.push_str(&gannet::builtins::inspect::inspect_nested(vm, v)),
                            }
                        }
                        _ => out.push('%'),
                    }
                }
                rest = next;
            } else {
                out.push_str(&f);
                rest = 1;
            }
        }
    }
    for &a in &args[rest..] {
        if !out.is_empty() || rest > 0 {
            out.push(' ');
        }
        out.push_str(&gannet::builtins::inspect::inspect(vm, a));
    }
    out
}

fn log_out(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let s = format_args(vm, args);
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{s}");
    Ok(Value::UNDEFINED)
}

fn log_err(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let s = format_args(vm, args);
    let _ = std::io::stdout().flush();
    let mut o = std::io::stderr().lock();
    let _ = writeln!(o, "{s}");
    Ok(Value::UNDEFINED)
}

/// Installs console, timers, queueMicrotask and performance.
pub fn install(iso: &mut Isolate) {
    let vm = iso.vm();
    vm.embedder = Some(Box::new(Timers::default()));
    let console = vm.new_object();
    for (name, f) in [("log", log_out as gannet::NativeFn), ("info", log_out), ("debug", log_out), ("error", log_err), ("warn", log_err), ("trace", log_err)] {
        vm.define_method(console, name, 0, f);
    }
    vm.define_method(console, "assert", 0, |vm, _, args, _| {
        if !gannet::ops::convert::to_boolean(vm, arg(args, 0)) {
            let rest = if args.len() > 1 { &args[1..] } else { &[] };
            let msg = format_args(vm, rest);
            let _ = writeln!(std::io::stderr(), "Assertion failed{}{}", if msg.is_empty() { "" } else { ": " }, msg);
        }
        Ok(Value::UNDEFINED)
    });
    vm.define_method(console, "dir", 0, log_out);
    vm.define_global("console", Value::object(console));
    let g = vm.realm.global;
    vm.define_method(g, "setTimeout", 2, |vm, _, a, _| add_timer(vm, a, false));
    vm.define_method(g, "setInterval", 2, |vm, _, a, _| add_timer(vm, a, true));
    vm.define_method(g, "clearTimeout", 1, |vm, _, a, _| clear_timer(vm, a));
    vm.define_method(g, "clearInterval", 1, |vm, _, a, _| clear_timer(vm, a));
    vm.define_method(g, "queueMicrotask", 1, |vm, _, a, _| {
        let f = arg(a, 0);
        if !vm.is_callable(f) {
            return vm.throw_type("The \"callback\" argument must be of type function");
        }
        vm.jobs.push_back(gannet::vm::Job::Call { func: f, args: Vec::new() });
        Ok(Value::UNDEFINED)
    });
    let perf = vm.new_object();
    vm.define_method(perf, "now", 0, |vm, _, _, _| Ok(Value::number(vm.host.monotonic_ms())));
    vm.define_global("performance", Value::object(perf));
    // A host-native module: `import { platform, exit } from "gannet:process"` works in
    // source modules and snapshots alike (the loader chain checks native modules first).
    let platform = vm.new_string(if cfg!(target_family = "wasm") { "wasi" } else { "native" });
    let version = vm.new_string(gannet::VERSION);
    let exit = vm.new_native("exit", 1, |vm, _, a, _| {
        use std::io::Write as _;
        if timers(vm).is_some_and(|t| t.initializing) {
            return vm.throw_type("exit() cannot run while gannet compile --init initializes the program (call it from main)");
        }
        let code = vm.to_number(arg(a, 0)).unwrap_or(0.0);
        let _ = std::io::stdout().flush();
        std::process::exit(if code.is_finite() { code as i32 } else { 0 })
    }, false);
    iso.register_module("gannet:process", &[("platform", platform), ("version", version), ("exit", Value::object(exit))]);
}

/// Outcome of running the event loop.
pub enum LoopError {
    Uncaught(gannet::Error),
    UnhandledRejection(gannet::Error),
}

/// Runs jobs and timers until nothing is pending.
pub fn event_loop(iso: &mut Isolate, fail_on_unhandled: bool) -> Result<(), LoopError> {
    loop {
        iso.run_jobs().map_err(LoopError::Uncaught)?;
        if fail_on_unhandled {
            if let Some(e) = iso.take_unhandled_rejections().into_iter().next() {
                return Err(LoopError::UnhandledRejection(e));
            }
        }
        let next = {
            let vm = iso.vm();
            let Some(t) = timers(vm) else { return Ok(()) };
            let Some((&key, _)) = t.queue.iter().next() else { return Ok(()) };
            let timer = t.queue.remove(&key);
            timer.map(|x| (key, x))
        };
        let Some(((due, _), timer)) = next else { return Ok(()) };
        let vm = iso.vm();
        let cur = now(vm);
        if due > cur {
            std::thread::sleep(std::time::Duration::from_millis(due - cur));
        }
        let vals: Vec<Value> = timer.roots.iter().map(|&r| vm.persistent[r as usize]).collect();
        if let Some(t) = timers(vm) {
            t.running = Some(timer.id);
            t.running_cleared = false;
        }
        let r = vm.call(vals[0], Value::UNDEFINED, &vals[1..]);
        let cleared = timers(iso.vm()).map(|t| {
            t.running = None;
            t.running_cleared
        });
        match timer.interval {
            Some(ms) if cleared != Some(true) => {
                let vm = iso.vm();
                let due = (vm.host.monotonic_ms() + ms as f64).ceil() as u64;
                if let Some(t) = timers(vm) {
                    t.seq += 1;
                    let k = (due, t.seq);
                    t.queue.insert(k, timer);
                }
            }
            _ => {
                for r in timer.roots {
                    unpersist(iso.vm(), r);
                }
            }
        }
        if let Err(e) = r {
            return Err(LoopError::Uncaught(iso.to_error(e)));
        }
    }
}

/// `scriptArgs`: the script path followed by its arguments (as in QuickJS).
pub fn install_script_args(iso: &mut Isolate, file: &str, args: &[String]) {
    let vm = iso.vm();
    let mut items = vec![vm.new_string(file)];
    for a in args {
        items.push(vm.new_string(a));
    }
    let arr = vm.new_array(items);
    vm.define_global("scriptArgs", Value::object(arr));
}

/// Installs the Test262 host-defined `print` and `$262`.
pub fn install_test262(iso: &mut Isolate) {
    let vm = iso.vm();
    vm.test262 = true;
    install_262_globals(vm);
}

/// `print` and `$262` on the current realm's global object; returns `$262`.
fn install_262_globals(vm: &mut Vm) -> Value {
    let g = vm.realm.global;
    vm.define_method(g, "print", 1, log_out);
    let o = vm.new_object();
    vm.define_method(o, "evalScript", 1, |vm, _, a, _| {
        let src = vm.to_rust_string(arg(a, 0))?;
        vm.eval_script(&src, "evalScript", false)
    });
    vm.define_method(o, "gc", 0, |vm, _, _, _| {
        vm.collect_garbage();
        Ok(Value::UNDEFINED)
    });
    vm.define_method(o, "detachArrayBuffer", 1, |vm, _, a, _| gannet::builtins::typed_array::detach(vm, arg(a, 0)));
    // A new realm of this isolate, with its own `print` and `$262`.
    vm.define_method(o, "createRealm", 0, |vm, _, _, _| {
        let r = vm.create_realm();
        Ok(vm.with_realm(r, install_262_globals))
    });
    vm.put_str(o, "global", Value::object(g), attrs::HIDDEN);
    let dda = vm.new_native("IsHTMLDDA", 0, |_, _, _, _| Ok(Value::NULL), false);
    vm.obj_mut(dda).flags |= gannet::object::flags::HTMLDDA;
    vm.put_str(o, "IsHTMLDDA", Value::object(dda), attrs::HIDDEN);
    let agent = vm.new_object();
    vm.put_str(o, "agent", Value::object(agent), attrs::HIDDEN);
    let ams = vm.realm.abstract_module_source_ctor;
    vm.put_str(o, "AbstractModuleSource", Value::object(ams), attrs::HIDDEN);
    // INTERPRETING.md: `<module source>` names a module that has a source
    // representation (a host module whose source object extends %AbstractModuleSource%).
    let sp = Value::object(vm.realm.abstract_module_source_proto);
    let proto = vm.new_object_with_proto(sp);
    let source = gannet::builtins::module_source::new_module_source(vm, Value::object(proto), "ModuleSource");
    let m = vm.register_native_module("<module source>", Vec::new());
    vm.set_module_source(m, source);
    let k = PropKey::Str(vm.intern("$262"));
    vm.put(g, k, Value::object(o), attrs::HIDDEN);
    Value::object(o)
}

/// Marks the isolate as being initialized by `gannet compile --init`.
pub fn set_initializing(iso: &mut Isolate, on: bool) {
    if let Some(t) = timers(iso.vm()) {
        t.initializing = on;
    }
}

/// What host work the program left pending (timers), if any: a heap image
/// cannot hold it (`gannet compile --init`).
pub fn pending_work(iso: &mut Isolate) -> Option<String> {
    let n = timers(iso.vm()).map_or(0, |t| t.queue.len());
    (n > 0).then(|| format!("{n} timer{}", if n == 1 { "" } else { "s" }))
}
