//! The embedding API: `Isolate`, typed errors and value handles.

use crate::compiler::{CompileOptions, Goal};
use crate::host::Host;
use crate::object::{NativeFn, ObjectKind, PropKey};
use crate::value::Value;
use crate::Vm;
use std::fmt;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A value kept alive for the embedder until the isolate is dropped or the
/// handle is released.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle(u32);

/// Errors surfaced by the API.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Source text that does not parse (or violates an early-error rule).
    Syntax { message: String, file: String, line: u32, column: u32 },
    /// An uncaught JavaScript exception.
    Exception {
        /// `Name: message`, or the thrown value's string form.
        summary: String,
        /// Stack frames, one per line ("    at f (file:line:col)").
        stack: String,
    },
    /// The heap limit (`set_max_heap`) was reached.
    OutOfMemory,
    /// Execution was stopped through the interrupt handle.
    Interrupted,
    /// A snapshot or heap image that cannot be used (the message names the file).
    Snapshot(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax { message, file, line, column } => write!(f, "SyntaxError: {message}\n    at {file}:{line}:{column}"),
            Error::Exception { summary, stack } => {
                write!(f, "Uncaught {summary}")?;
                if !stack.is_empty() {
                    write!(f, "\n{stack}")?;
                }
                Ok(())
            }
            Error::OutOfMemory => write!(f, "RangeError: out of memory: the heap limit was reached"),
            Error::Interrupted => write!(f, "Error: execution interrupted"),
            Error::Snapshot(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

/// An isolated JavaScript world: its own heap, realm and job queue.
pub struct Isolate {
    vm: Vm,
}

impl Isolate {
    pub fn new(host: impl Host + Send + 'static) -> Isolate {
        Isolate { vm: Vm::new(Box::new(host)) }
    }

    /// Direct access to the VM, for hosts that install their own builtins.
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    /// How much of the calling thread's stack JavaScript may use through nested
    /// calls from native code (callbacks, getters, `eval`); deeper recursion is
    /// a `RangeError`. Default 1 MiB, safe on a thread with a 2 MiB stack; raise
    /// it when running on a larger stack.
    pub fn set_stack_limit(&mut self, bytes: usize) {
        self.vm.stack_budget = bytes;
    }

    /// Limits the live heap to about `bytes`; exceeding it ends execution with `Error::OutOfMemory`.
    pub fn set_max_heap(&mut self, bytes: usize) {
        self.vm.heap.max_heap = Some(bytes);
    }

    /// A flag that, when set from any thread, interrupts running JavaScript.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.vm.interrupt.clone()
    }

    /// Runs a classic script; returns its completion value.
    pub fn eval(&mut self, source: &str, file: &str) -> Result<Handle, Error> {
        self.eval_with(source, file, CompileOptions::script())
    }

    /// Runs a script with explicit options (TypeScript, strictness).
    pub fn eval_with(&mut self, source: &str, file: &str, opts: CompileOptions) -> Result<Handle, Error> {
        self.vm.terminating = None;
        let unit = crate::compiler::compile(source, file, &opts)
            .map_err(|e| Error::Syntax { message: e.message, file: file.to_string(), line: e.line, column: e.column })?;
        let r = self.vm.run_script_unit(Arc::new(unit));
        match r {
            Ok(v) => Ok(self.persist(v)),
            Err(e) => Err(self.to_error(e)),
        }
    }

    /// Evaluates a script and converts the result to a string (ToString).
    pub fn eval_to_string(&mut self, source: &str) -> Result<String, Error> {
        let h = self.eval(source, "eval")?;
        let v = self.value(h);
        match self.vm.to_rust_string(v) {
            Ok(s) => Ok(s),
            Err(e) => Err(self.to_error(e)),
        }
    }

    /// Loads, links and evaluates an ES module graph, then runs pending jobs.
    pub fn run_module(&mut self, specifier: &str) -> Result<(), Error> {
        self.vm.terminating = None;
        let r = (|| {
            let m = self.vm.load_module_graph(specifier, None)?;
            self.vm.link_module(m)?;
            self.vm.evaluate_module(m)
        })();
        self.finish_module(r)
    }

    /// Registers a host-native module: `import { name } from "<specifier>"`
    /// gets these values, in scripts, source modules and snapshots alike.
    pub fn register_module(&mut self, specifier: &str, exports: &[(&str, Value)]) {
        let exports = exports.iter().map(|(n, v)| (Box::<str>::from(*n), *v)).collect();
        self.vm.register_native_module(specifier, exports);
    }

    /// Makes a snapshot's modules loadable (by their names under the snapshot's
    /// root) without running anything.
    pub fn mount_snapshot(&mut self, snap: &Arc<crate::snapshot::Snapshot>) {
        if !self.vm.modules.snapshots.iter().any(|s| Arc::ptr_eq(s, snap)) {
            self.vm.mount_snapshot(snap.clone());
        }
    }

    /// Runs a snapshot's (first) assembly: mounts its modules, then evaluates
    /// the entry module (and runs pending jobs) or runs the entry script.
    pub fn run_snapshot(&mut self, snap: &Arc<crate::snapshot::Snapshot>) -> Result<(), Error> {
        self.vm.terminating = None;
        self.mount_snapshot(snap);
        let Some(asm) = snap.assemblies.first() else { return Ok(()) };
        let Some(entry) = snap.units.get(asm.entry_unit as usize) else { return Ok(()) };
        if asm.entry_is_module {
            let name = entry.name.clone();
            let r = (|| {
                let m = self.vm.load_module_named(&name, None, &name, None)?;
                self.vm.link_module(m)?;
                self.vm.evaluate_module(m)
            })();
            self.finish_module(r)
        } else {
            let s = self.vm.modules.snapshots.iter().position(|s| Arc::ptr_eq(s, snap)).unwrap_or(0) as u32;
            let ui = self.vm.load_unit(entry.unit.clone(), None);
            self.vm.units[ui as usize].origin = Some((s, asm.entry_unit));
            let c = self.vm.new_closure(ui, 0, Value::UNDEFINED, usize::MAX);
            let g = Value::object(self.vm.realm.global);
            match self.vm.call(Value::object(c), g, &[]) {
                Ok(_) => Ok(()),
                Err(e) => Err(self.to_error(e)),
            }
        }
    }

    /// After a heap image is restored: calls the entry's `main` (an exported
    /// function of an entry module, or a global function of an entry script),
    /// if any, and runs pending jobs.
    pub fn call_main(&mut self, snap: &Arc<crate::snapshot::Snapshot>) -> Result<(), Error> {
        self.vm.terminating = None;
        let Some(asm) = snap.assemblies.first() else { return Ok(()) };
        let Some(entry) = snap.units.get(asm.entry_unit as usize) else { return Ok(()) };
        let main = if asm.entry_is_module {
            let Some(&m) = self.vm.modules.by_name.get(&entry.name) else { return Ok(()) };
            let rec = &self.vm.modules.records[m as usize];
            match rec.info.local_exports.iter().find(|(n, _)| &**n == "main") {
                Some((_, slot)) => self.vm.obj(rec.env).slots.get(*slot as usize).copied().unwrap_or_default(),
                None => Value::UNDEFINED,
            }
        } else {
            let g = Value::object(self.vm.realm.global);
            self.vm.get_str(g, "main").unwrap_or_default()
        };
        if !self.vm.is_callable(main) {
            return Ok(());
        }
        let r = self.vm.call(main, Value::UNDEFINED, &[]);
        self.finish_module(r)
    }

    fn finish_module(&mut self, r: crate::JsResult<Value>) -> Result<(), Error> {
        let p = match r {
            Ok(p) => p,
            Err(e) => return Err(self.to_error(e)),
        };
        self.run_jobs()?;
        if let Some(po) = p.as_object() {
            if let ObjectKind::Promise(d) = &self.vm.obj(po).kind {
                if d.state == crate::object::PromiseState::Rejected {
                    let e = d.result;
                    return Err(self.to_error(e));
                }
            }
        }
        Ok(())
    }

    /// Runs queued jobs (promise reactions) until none remain.
    pub fn run_jobs(&mut self) -> Result<(), Error> {
        loop {
            match crate::builtins::promise::run_one_job(&mut self.vm) {
                Ok(true) => {
                    if self.vm.heap.gc_wanted() {
                        self.vm.collect_garbage();
                        if let Some(max) = self.vm.heap.max_heap {
                            if self.vm.heap.live_after_gc > max {
                                return Err(Error::OutOfMemory);
                            }
                        }
                    }
                }
                Ok(false) => return Ok(()),
                Err(e) => return Err(self.to_error(e)),
            }
        }
    }

    /// Takes the promises rejected without a handler since the last call.
    pub fn take_unhandled_rejections(&mut self) -> Vec<Error> {
        let list = std::mem::take(&mut self.vm.unhandled_rejections);
        let mut out = Vec::new();
        for p in list {
            let reason = match p.as_object().map(|o| &self.vm.obj(o).kind) {
                Some(ObjectKind::Promise(d)) if !d.handled => d.result,
                _ => continue,
            };
            out.push(self.to_error(reason));
        }
        out
    }

    /// Installs a global function implemented in Rust.
    pub fn register_function(&mut self, name: &str, length: u32, f: NativeFn) {
        let func = self.vm.new_native(name, length, f, false);
        self.vm.define_global(name, Value::object(func));
    }

    /// Keeps `v` alive and returns a handle to it.
    pub fn persist(&mut self, v: Value) -> Handle {
        if let Some(i) = self.vm.persistent_free.pop() {
            self.vm.persistent[i as usize] = v;
            return Handle(i);
        }
        self.vm.persistent.push(v);
        Handle(self.vm.persistent.len() as u32 - 1)
    }

    /// The value behind a handle.
    pub fn value(&self, h: Handle) -> Value {
        self.vm.persistent.get(h.0 as usize).copied().unwrap_or_default()
    }

    /// Lets the collector reclaim a handle's value.
    pub fn release(&mut self, h: Handle) {
        if let Some(v) = self.vm.persistent.get_mut(h.0 as usize) {
            *v = Value::UNDEFINED;
            self.vm.persistent_free.push(h.0);
        }
    }

    /// Calls a function value with arguments.
    pub fn call(&mut self, f: Handle, this: Value, args: &[Value]) -> Result<Handle, Error> {
        let fv = self.value(f);
        match self.vm.call(fv, this, args) {
            Ok(v) => Ok(self.persist(v)),
            Err(e) => Err(self.to_error(e)),
        }
    }

    /// A Node-style rendering of a value (what console.log prints).
    pub fn inspect(&mut self, v: Value) -> String {
        crate::builtins::inspect::inspect(&mut self.vm, v)
    }

    /// Runs a full garbage collection.
    pub fn collect_garbage(&mut self) {
        self.vm.collect_garbage();
    }

    /// Converts a thrown value into an API error.
    pub fn to_error(&mut self, e: Value) -> Error {
        if let Some(t) = self.vm.terminating.take() {
            return if t.starts_with("interrupted") {
                Error::Interrupted
            } else if let Some(m) = t.strip_prefix("corrupt snapshot: ") {
                Error::Snapshot(m.to_string())
            } else {
                Error::OutOfMemory
            };
        }
        exception_error(&mut self.vm, e)
    }
}

/// Summarises a thrown value: `Name: message` plus stack frames.
pub fn exception_error(vm: &mut Vm, e: Value) -> Error {
    if let Some(o) = e.as_object() {
        if let Some(stack) = crate::builtins::error::stack_text(vm, o) {
            let text = vm.string_lossy(stack);
            // The stack's first line was computed at creation; recompute it from
            // the current name and message (user code may have changed them).
            let tsk = PropKey::Str(vm.names.to_string);
            let f = vm.get(e, tsk).unwrap_or_default();
            let summary = vm
                .call(f, e, &[])
                .ok()
                .filter(|s| s.is_string())
                .map(|s| vm.string_lossy(s))
                .unwrap_or_else(|| text.lines().next().unwrap_or("").to_string());
            let frames: Vec<&str> = text.lines().filter(|l| l.starts_with("    at ")).collect();
            return Error::Exception { summary, stack: frames.join("\n") };
        }
    }
    let summary = if e.is_object() {
        let tsk = PropKey::Str(vm.names.to_string);
        let f = vm.get(e, tsk).unwrap_or_default();
        match vm.call(f, e, &[]) {
            Ok(s) if s.is_string() => vm.string_lossy(s),
            _ => crate::builtins::inspect::inspect(vm, e),
        }
    } else {
        crate::builtins::inspect::inspect(vm, e)
    };
    Error::Exception { summary, stack: String::new() }
}

impl Vm {
    /// Runs a compiled script in this isolate's global scope.
    pub fn run_script_unit(&mut self, unit: Arc<crate::bytecode::CodeUnit>) -> crate::JsResult<Value> {
        let ui = self.load_unit(unit, None);
        let c = self.new_closure(ui, 0, Value::UNDEFINED, usize::MAX);
        let g = Value::object(self.realm.global);
        self.call(Value::object(c), g, &[])
    }

    /// Compiles and runs a script source.
    pub fn eval_script(&mut self, source: &str, file: &str, strict: bool) -> crate::JsResult<Value> {
        let opts = CompileOptions { goal: Goal::Script, typescript: false, force_strict: strict };
        match crate::compiler::compile(source, file, &opts) {
            Ok(u) => self.run_script_unit(Arc::new(u)),
            Err(e) => self.throw_syntax(&e.message),
        }
    }
}
