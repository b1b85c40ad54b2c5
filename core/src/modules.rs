//! ES modules: loading a graph through the host, linking imports to the
//! exporting modules' scope slots (live bindings), evaluation in post-order
//! (top-level await included), namespaces, `import.meta` and `import()`.
//!
//! A module's top level compiles to an async function whose closure scope is
//! the module scope record. Instantiation runs it to its `InitialYield`
//! (which hoists function declarations), evaluation resumes it.

use crate::bytecode::ModuleInfo;
use crate::host::ModuleSource;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, StrId, Value};
use crate::{JsResult, Vm};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Linked,
    Evaluating,
    Evaluated,
}

/// Where an import or export resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    Slot(ObjId, u32),
    Namespace(u32),
}

pub struct ModuleRecord {
    pub name: String,
    pub unit: Option<u32>,
    pub info: ModuleInfo,
    pub env: ObjId,
    pub requested: Vec<u32>,
    pub imports: Vec<Binding>,
    pub gen: Value,
    pub status: Status,
    pub error: Option<Value>,
    pub namespace: Value,
    pub meta: Value,
    /// Promise of this module's evaluation (settles when the graph below it has run).
    pub eval_promise: Value,
    pub exports_cache: Option<Vec<(StrId, Binding)>>,
}

/// The loader chain: a request is served by (1) a host-native module
/// registered under its specifier, (2) the snapshot unit it was resolved to
/// when the snapshot was compiled, or (3) the host's resolver, whose result is
/// looked up among the mounted snapshots' modules before the host loads source.
#[derive(Default)]
pub struct ModuleTable {
    pub records: Vec<ModuleRecord>,
    pub by_name: HashMap<String, u32>,
    /// Snapshots whose modules this isolate can load (`Vm::mount_snapshot`).
    pub snapshots: Vec<Arc<crate::snapshot::Snapshot>>,
    /// Module name → (snapshot, unit) for every module of a mounted snapshot.
    pub mounted: HashMap<String, (u32, u32)>,
    /// Host-native modules by specifier (`Vm::register_native_module`).
    pub native: HashMap<String, u32>,
}

impl ModuleTable {
    pub fn trace(&self, work: &mut Vec<Value>) {
        for r in &self.records {
            work.push(Value::object(r.env));
            work.extend_from_slice(&[r.gen, r.namespace, r.meta, r.eval_promise]);
            if let Some(e) = r.error {
                work.push(e);
            }
        }
    }
}

fn is_ts(name: &str) -> bool {
    name.ends_with(".ts") || name.ends_with(".mts") || name.ends_with(".cts") || name.ends_with(".tsx")
}

impl Vm {
    /// Loads (without evaluating) the module graph rooted at `specifier`.
    pub fn load_module_graph(&mut self, specifier: &str, referrer: Option<&str>) -> JsResult<u32> {
        if let Some(&m) = self.modules.native.get(specifier) {
            return Ok(m);
        }
        let name = match self.host.resolve_module(specifier, referrer) {
            Ok(n) => n,
            Err(msg) => return self.throw_type(&msg),
        };
        self.load_module_named(&name, None, specifier, referrer)
    }

    pub(crate) fn load_module_named(&mut self, name: &str, ty: Option<&str>, specifier: &str, referrer: Option<&str>) -> JsResult<u32> {
        let mut key = match ty {
            Some(t) => format!("{name}\u{0}{t}"),
            None => name.to_string(),
        };
        // Each realm has its own module map (a ShadowRealm imports its own instance).
        if self.realm_id != 0 {
            key = format!("{key}\u{0}realm {}", self.realm_id);
        }
        if let Some(&m) = self.modules.by_name.get(&key) {
            return Ok(m);
        }
        if let Some(&(s, u)) = self.modules.mounted.get(name) {
            let su = &self.modules.snapshots[s as usize].units[u as usize];
            let unit = su.unit.clone();
            if su.json || ty == Some("json") {
                let text = unit.source.as_deref().unwrap_or("").to_string();
                return self.add_json_module(name, &key, &text);
            }
            return self.add_module_unit(name, &key, unit, Some((s, u)));
        }
        let src = match self.host.load_module(name) {
            Ok(s) => s,
            Err(_) => {
                let from = referrer.map(|r| format!(" imported from {r}")).unwrap_or_default();
                return self.throw_type(&format!("Cannot find module '{specifier}'{from}"));
            }
        };
        match (src, ty) {
            (ModuleSource::Json(text), _) | (ModuleSource::Source { text, .. }, Some("json")) => self.add_json_module(name, &key, &text),
            (ModuleSource::Source { text, typescript }, _) => {
                let ts = typescript || is_ts(name);
                let opts = crate::compiler::CompileOptions { goal: crate::compiler::Goal::Module, typescript: ts, force_strict: false };
                let unit = match crate::compiler::compile(&text, name, &opts) {
                    Ok(u) => u,
                    Err(e) => {
                        let msg = format!("{} ({}:{}:{})", e.message, name, e.line, e.column);
                        return self.throw_syntax(&msg);
                    }
                };
                self.add_compiled_module(name, &key, Arc::new(unit))
            }
        }
    }

    /// A module whose exports are already values: one `default` slot (JSON
    /// modules) or the exports of a host-native module.
    fn add_synthetic_module(&mut self, name: &str, key: &str, exports: Vec<(Box<str>, Value)>) -> u32 {
        let index = self.modules.records.len() as u32;
        let env_size = exports.len() as u32;
        let mut env = JsObject::new(Value::NULL, ObjectKind::Env { parent: Value::UNDEFINED, scope: u32::MAX });
        env.slots = exports.iter().map(|(_, v)| *v).collect();
        let env = self.alloc(env);
        let local_exports = exports.into_iter().enumerate().map(|(i, (n, _))| (n, i as u32)).collect();
        let info = ModuleInfo { local_exports, env_size, ..Default::default() };
        self.modules.records.push(ModuleRecord {
            name: name.to_string(),
            unit: None,
            info,
            env,
            requested: Vec::new(),
            imports: Vec::new(),
            gen: Value::UNDEFINED,
            status: Status::Evaluated,
            error: None,
            namespace: Value::UNDEFINED,
            meta: Value::UNDEFINED,
            eval_promise: Value::UNDEFINED,
            exports_cache: None,
        });
        self.modules.by_name.insert(key.to_string(), index);
        index
    }

    fn add_json_module(&mut self, name: &str, key: &str, text: &str) -> JsResult<u32> {
        let v = crate::builtins::json::parse_text(self, text)?;
        Ok(self.add_synthetic_module(name, key, vec![("default".into(), v)]))
    }

    /// Registers a host-native module: `import { x } from "<specifier>"` in any
    /// module (source or snapshot) gets these values, before any file lookup.
    pub fn register_native_module(&mut self, specifier: &str, exports: Vec<(Box<str>, Value)>) -> u32 {
        let m = self.add_synthetic_module(specifier, &format!("\u{0}native:{specifier}"), exports);
        self.modules.native.insert(specifier.to_string(), m);
        m
    }

    /// Makes a snapshot's modules loadable by name; returns its index.
    pub fn mount_snapshot(&mut self, snap: Arc<crate::snapshot::Snapshot>) -> u32 {
        let s = self.modules.snapshots.len() as u32;
        for (u, su) in snap.units.iter().enumerate() {
            if su.json || su.unit.module.is_some() {
                self.modules.mounted.entry(su.name.clone()).or_insert((s, u as u32));
            }
        }
        self.modules.snapshots.push(snap);
        s
    }

    /// Resolves request `spec` of module `referrer` through the loader chain.
    /// `compiled` is the snapshot unit the request was resolved to at compile time.
    pub(crate) fn resolve_request(&mut self, spec: &str, ty: Option<&str>, referrer: &str, compiled: Option<(u32, u32)>) -> JsResult<u32> {
        if let Some(&m) = self.modules.native.get(spec) {
            return Ok(m);
        }
        if let Some((s, u)) = compiled {
            let name = self.modules.snapshots[s as usize].units[u as usize].name.clone();
            return self.load_module_named(&name, ty, spec, Some(referrer));
        }
        let resolved = match self.host.resolve_module(spec, Some(referrer)) {
            Ok(n) => n,
            Err(msg) => return self.throw_type(&msg),
        };
        self.load_module_named(&resolved, ty, spec, Some(referrer))
    }

    /// Registers a compiled module and loads its dependencies.
    pub fn add_compiled_module(&mut self, name: &str, key: &str, unit: Arc<crate::bytecode::CodeUnit>) -> JsResult<u32> {
        self.add_module_unit(name, key, unit, None)
    }

    /// Registers a module's code (`origin`: the snapshot unit it came from) and loads its dependencies.
    fn add_module_unit(&mut self, name: &str, key: &str, unit: Arc<crate::bytecode::CodeUnit>, origin: Option<(u32, u32)>) -> JsResult<u32> {
        let index = self.modules.records.len() as u32;
        let info = unit.module.clone().unwrap_or_default();
        let mut env = JsObject::new(Value::NULL, ObjectKind::Env { parent: Value::UNDEFINED, scope: u32::MAX });
        env.slots = vec![Value::UNINIT; info.env_size as usize];
        let env = self.alloc(env);
        let ui = self.load_unit(unit, Some(index));
        self.units[ui as usize].origin = origin;
        self.modules.records.push(ModuleRecord {
            name: name.to_string(),
            unit: Some(ui),
            info: info.clone(),
            env,
            requested: Vec::new(),
            imports: Vec::new(),
            gen: Value::UNDEFINED,
            status: Status::Linked,
            error: None,
            namespace: Value::UNDEFINED,
            meta: Value::UNDEFINED,
            eval_promise: Value::UNDEFINED,
            exports_cache: None,
        });
        self.modules.by_name.insert(key.to_string(), index);
        let mut requested = Vec::new();
        for (i, (spec, ty)) in info.requests.iter().enumerate() {
            let compiled = origin.and_then(|(s, u)| Some((s, self.modules.snapshots[s as usize].units[u as usize].targets.get(i).copied().flatten()?)));
            let m = self.resolve_request(spec, ty.as_deref(), name, compiled)?;
            requested.push(m);
        }
        self.modules.records[index as usize].requested = requested;
        Ok(index)
    }

    /// ResolveExport: where `name` exported by module `m` lives.
    fn resolve_export(&mut self, m: u32, name: &str, seen: &mut Vec<(u32, String)>) -> Result<Option<Binding>, ()> {
        if seen.iter().any(|(x, n)| *x == m && n == name) {
            return Ok(None);
        }
        seen.push((m, name.to_string()));
        let rec = &self.modules.records[m as usize];
        if let Some((_, slot)) = rec.info.local_exports.iter().find(|(n, _)| &**n == name) {
            return Ok(Some(Binding::Slot(rec.env, *slot)));
        }
        if let Some((_, req, imported)) = rec.info.indirect_exports.iter().find(|(n, _, _)| &**n == name).cloned() {
            let target = rec.requested.get(req as usize).copied().ok_or(())?;
            return match imported {
                None => Ok(Some(Binding::Namespace(target))),
                Some(i) => self.resolve_export(target, &i, seen),
            };
        }
        if name == "default" {
            return Ok(None);
        }
        let stars: Vec<u32> = rec.info.star_exports.iter().filter_map(|r| rec.requested.get(*r as usize).copied()).collect();
        let mut found: Option<Binding> = None;
        for s in stars {
            match self.resolve_export(s, name, seen)? {
                Some(b) => match found {
                    None => found = Some(b),
                    Some(f) if f != b => return Err(()),
                    _ => {}
                },
                None => {}
            }
        }
        Ok(found)
    }

    /// GetExportedNames.
    fn exported_names(&self, m: u32, seen: &mut Vec<u32>) -> Vec<String> {
        if seen.contains(&m) {
            return Vec::new();
        }
        seen.push(m);
        let rec = &self.modules.records[m as usize];
        let mut names: Vec<String> = rec.info.local_exports.iter().map(|(n, _)| n.to_string()).collect();
        names.extend(rec.info.indirect_exports.iter().map(|(n, _, _)| n.to_string()));
        for r in rec.info.star_exports.clone() {
            if let Some(&t) = rec.requested.get(r as usize) {
                for n in self.exported_names(t, seen) {
                    if n != "default" && !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        names
    }

    /// Links every module in the graph below `root` (imports → bindings) and
    /// instantiates them (hoisting function declarations).
    pub fn link_module(&mut self, root: u32) -> JsResult<()> {
        let mut order = Vec::new();
        let mut seen = Vec::new();
        self.post_order(root, &mut seen, &mut order);
        for &m in &order {
            if !self.modules.records[m as usize].imports.is_empty() || self.modules.records[m as usize].info.imports.is_empty() {
                continue;
            }
            let entries = self.modules.records[m as usize].info.imports.clone();
            let mut bindings = Vec::new();
            for e in entries {
                let Some(&target) = self.modules.records[m as usize].requested.get(e.request as usize) else {
                    return self.throw_syntax("bad module request");
                };
                let b = match &e.name {
                    None => Binding::Namespace(target),
                    Some(n) => match self.resolve_export(target, n, &mut Vec::new()) {
                        Ok(Some(b)) => b,
                        Ok(None) => {
                            let (tn, mn) = (self.modules.records[target as usize].name.clone(), self.modules.records[m as usize].name.clone());
                            return self.throw_syntax(&format!("The requested module '{tn}' does not provide an export named '{n}' (imported by {mn})"));
                        }
                        Err(()) => {
                            let tn = self.modules.records[target as usize].name.clone();
                            return self.throw_syntax(&format!("The requested module '{tn}' contains conflicting star exports for name '{n}'"));
                        }
                    },
                };
                bindings.push(b);
            }
            self.modules.records[m as usize].imports = bindings;
        }
        // Indirect exports must resolve too.
        for &m in &order {
            let names: Vec<String> = self.modules.records[m as usize].info.indirect_exports.iter().map(|(n, _, _)| n.to_string()).collect();
            for n in names {
                if !matches!(self.resolve_export(m, &n, &mut Vec::new()), Ok(Some(_))) {
                    let mn = self.modules.records[m as usize].name.clone();
                    return self.throw_syntax(&format!("Module '{mn}' re-exports '{n}', which cannot be resolved"));
                }
            }
        }
        for &m in &order {
            let rec = &self.modules.records[m as usize];
            if !rec.gen.is_undefined() || rec.unit.is_none() {
                continue;
            }
            let (ui, env) = (rec.unit.unwrap_or(0), rec.env);
            let c = self.new_closure(ui, 0, Value::object(env), usize::MAX);
            let g = self.call(Value::object(c), Value::UNDEFINED, &[])?;
            self.modules.records[m as usize].gen = g;
        }
        Ok(())
    }

    fn post_order(&self, m: u32, seen: &mut Vec<u32>, out: &mut Vec<u32>) {
        if seen.contains(&m) {
            return;
        }
        seen.push(m);
        for &r in &self.modules.records[m as usize].requested {
            self.post_order(r, seen, out);
        }
        out.push(m);
    }

    /// Evaluates the graph below `root`; returns a promise that settles when done.
    pub fn evaluate_module(&mut self, root: u32) -> JsResult<Value> {
        let mut order = Vec::new();
        self.post_order(root, &mut Vec::new(), &mut order);
        let pc = Value::object(self.realm.promise_ctor);
        let (p, res, rej) = crate::builtins::promise::new_capability(self, pc)?;
        let list = Value::object(self.new_array(order.iter().map(|m| Value::int(*m as i32)).collect()));
        evaluate_from(self, list, res, rej)?;
        Ok(p)
    }

    /// The namespace object of module `m`.
    pub fn module_namespace(&mut self, m: u32) -> Value {
        let ns = self.modules.records[m as usize].namespace;
        if ns.is_object() {
            return ns;
        }
        let o = self.alloc(JsObject::new(Value::NULL, ObjectKind::ModuleNamespace { module: m }));
        self.obj_mut(o).flags &= !crate::object::flags::EXTENSIBLE;
        let t = self.realm.sym.to_string_tag;
        let s = self.new_string("Module");
        self.put(o, PropKey::Sym(t), s, attrs::NONE);
        let v = Value::object(o);
        self.modules.records[m as usize].namespace = v;
        v
    }

    fn namespace_exports(&mut self, m: u32) -> Vec<(StrId, Binding)> {
        if let Some(c) = &self.modules.records[m as usize].exports_cache {
            return c.clone();
        }
        let mut names = self.exported_names(m, &mut Vec::new());
        names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let mut out = Vec::new();
        for n in names {
            if let Ok(Some(b)) = self.resolve_export(m, &n, &mut Vec::new()) {
                let id = self.intern(&n);
                out.push((id, b));
            }
        }
        self.modules.records[m as usize].exports_cache = Some(out.clone());
        out
    }

    fn binding_value(&mut self, b: Binding) -> Value {
        match b {
            Binding::Slot(env, slot) => self.obj(env).slots.get(slot as usize).copied().unwrap_or_default(),
            Binding::Namespace(m) => self.module_namespace(m),
        }
    }
}

/// Evaluates the modules of `list` (post-order) whose dependencies have all
/// finished; a module whose dependency is still awaiting (top-level await)
/// waits, while independent modules run. Re-runs itself when an awaiting
/// module settles; resolves `res` once every module has finished.
fn evaluate_from(vm: &mut Vm, list: Value, res: Value, rej: Value) -> JsResult<()> {
    let n = vm.length_of(list)? as u32;
    let mut order = Vec::with_capacity(n as usize);
    for i in 0..n {
        order.push(vm.get_index(list, i as u64)?.as_int().unwrap_or(0) as u32);
    }
    let mut waiting_on: Option<ObjId> = None;
    let mut all_done = true;
    for i in 0..n {
        let m = vm.get_index(list, i as u64)?.as_int().unwrap_or(0) as u32;
        // Settle modules whose async evaluation finished.
        if vm.modules.records[m as usize].status == Status::Evaluating {
            settle_evaluation(vm, m);
        }
        let rec = &vm.modules.records[m as usize];
        if let Some(e) = rec.error {
            vm.call(rej, Value::UNDEFINED, &[e])?;
            return Ok(());
        }
        match rec.status {
            Status::Evaluated => continue,
            Status::Evaluating => {
                all_done = false;
                waiting_on = waiting_on.or(rec.eval_promise.as_object());
                continue;
            }
            Status::Linked => {}
        }
        // Wait while a dependency that precedes this module in post-order is
        // unfinished; later ones are cycle back-edges and do not block.
        let deps_pending = rec.requested.clone().iter().any(|&d| {
            let before = order.iter().position(|&x| x == d).is_some_and(|p| p < i as usize);
            before && vm.modules.records[d as usize].status != Status::Evaluated
        });
        if deps_pending {
            all_done = false;
            continue;
        }
        let Some(g) = rec.gen.as_object() else {
            vm.modules.records[m as usize].status = Status::Evaluated;
            continue;
        };
        vm.modules.records[m as usize].status = Status::Evaluating;
        let promise = match &vm.obj(g).kind {
            ObjectKind::Generator(d) => d.promise,
            _ => Value::UNDEFINED,
        };
        vm.modules.records[m as usize].eval_promise = promise;
        if let Err(e) = vm.async_resume(g, Value::UNDEFINED, false) {
            vm.modules.records[m as usize].error = Some(e);
            vm.call(rej, Value::UNDEFINED, &[e])?;
            return Err(e);
        }
        match settle_evaluation(vm, m) {
            Settled::Rejected(result) => {
                vm.call(rej, Value::UNDEFINED, &[result])?;
                return Ok(());
            }
            Settled::Pending(po) => {
                all_done = false;
                waiting_on = waiting_on.or(Some(po));
            }
            Settled::Fulfilled => {}
        }
    }
    if all_done {
        vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
    } else if let Some(p) = waiting_on {
        chain(vm, p, list, res, rej);
    }
    Ok(())
}

enum Settled {
    Fulfilled,
    Rejected(Value),
    Pending(ObjId),
}

/// Updates module `m`'s status from its evaluation promise.
fn settle_evaluation(vm: &mut Vm, m: u32) -> Settled {
    let p = vm.modules.records[m as usize].eval_promise;
    let Some(po) = p.as_object() else {
        vm.modules.records[m as usize].status = Status::Evaluated;
        return Settled::Fulfilled;
    };
    let (st, result) = match &vm.obj(po).kind {
        ObjectKind::Promise(d) => (d.state, d.result),
        _ => (crate::object::PromiseState::Fulfilled, Value::UNDEFINED),
    };
    match st {
        crate::object::PromiseState::Fulfilled => {
            vm.modules.records[m as usize].status = Status::Evaluated;
            Settled::Fulfilled
        }
        crate::object::PromiseState::Rejected => {
            // The module's failure is reported through the evaluation promise.
            if let ObjectKind::Promise(d) = &mut vm.obj_mut(po).kind {
                d.handled = true;
            }
            vm.unhandled_rejections.retain(|x| *x != p);
            vm.modules.records[m as usize].error = Some(result);
            vm.modules.records[m as usize].status = Status::Evaluated;
            Settled::Rejected(result)
        }
        crate::object::PromiseState::Pending => Settled::Pending(po),
    }
}

fn chain(vm: &mut Vm, p: ObjId, list: Value, res: Value, rej: Value) {
    let caps = vec![list, res, rej];
    // Settling either way re-runs the scheduler, which records errors.
    let again = vm.new_native_with("", 1, |vm, _, _, _| {
        let (list, res, rej) = (vm.capture(0), vm.capture(1), vm.capture(2));
        evaluate_from(vm, list, res, rej)?;
        Ok(Value::UNDEFINED)
    }, false, caps);
    crate::builtins::promise::perform_then(vm, p, Value::object(again), Value::object(again), None);
}

/// The live value of import `idx` of the module whose code is `unit`.
pub fn load_import(vm: &mut Vm, unit: usize, idx: u32) -> JsResult<Value> {
    let Some(m) = vm.units[unit].module else { return vm.throw_reference("import outside a module") };
    let Some(&b) = vm.modules.records[m as usize].imports.get(idx as usize) else {
        return vm.throw_reference("unlinked import");
    };
    Ok(vm.binding_value(b))
}

pub fn import_meta(vm: &mut Vm, unit: usize) -> JsResult<Value> {
    let Some(m) = vm.units[unit].module else { return vm.throw_syntax("import.meta outside a module") };
    let meta = vm.modules.records[m as usize].meta;
    if meta.is_object() {
        return Ok(meta);
    }
    let o = vm.new_object_with_proto(Value::NULL);
    let name = vm.modules.records[m as usize].name.clone();
    let url = vm.host.module_url(&name);
    let u = vm.new_string(&url);
    vm.put_str(o, "url", u, attrs::DEFAULT);
    let v = Value::object(o);
    vm.modules.records[m as usize].meta = v;
    Ok(v)
}

/// `import(specifier, options)` from code in `unit`: a promise of the
/// namespace. Loading and evaluation happen in a later job, as in browsers
/// and Node, never synchronously inside the `import()` call.
pub fn dynamic_import(vm: &mut Vm, unit: usize, spec: Value, opts: Value) -> Value {
    let pc = Value::object(vm.realm.promise_ctor);
    let Ok((p, res, rej)) = crate::builtins::promise::new_capability(vm, pc) else { return Value::UNDEFINED };
    let r = (|| -> JsResult<(String, Option<String>)> {
        let s = vm.to_rust_string(spec)?;
        let mut ty: Option<String> = None;
        if !opts.is_undefined() {
            if !opts.is_object() {
                return vm.throw_type("The second argument to import() must be an object");
            }
            let w = vm.get_str(opts, "with")?;
            if !w.is_undefined() {
                if !w.is_object() {
                    return vm.throw_type("The 'with' option must be an object");
                }
                let t = vm.get_str(w, "type")?;
                if !t.is_undefined() {
                    if !t.is_string() {
                        return vm.throw_type("Import attribute value must be a string");
                    }
                    ty = Some(vm.string_lossy(t));
                }
            }
        }
        Ok((s, ty))
    })();
    match r {
        Ok((s, ty)) => {
            let referrer = vm.units[unit].module.map(|m| vm.modules.records[m as usize].name.clone()).unwrap_or_else(|| vm.units[unit].unit.source_name.clone());
            let sv = vm.new_string(&s);
            let rv = vm.new_string(&referrer);
            let tv = match ty {
                Some(t) => vm.new_string(&t),
                None => Value::UNDEFINED,
            };
            let realm = vm.realm_id;
            queue_import(vm, realm, sv, rv, tv, res, rej, Some(unit));
        }
        Err(e) => {
            let _ = vm.call(rej, Value::UNDEFINED, &[e]);
        }
    }
    p
}

/// Queues the job that loads, links and evaluates module `spec` (a string)
/// for `import()` or `ShadowRealm.prototype.importValue`, in realm `realm`
/// (whose module map it uses), then calls `res` with the namespace or `rej`
/// with the error. `referrer` (a string or undefined) is the importing
/// script or module; `ty` the `type` import attribute or undefined; `unit`
/// the code unit that contains the `import()`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue_import(vm: &mut Vm, realm: u32, spec: Value, referrer: Value, ty: Value, res: Value, rej: Value, unit: Option<usize>) {
    let unit = unit.map_or(-1, |u| u as i32);
    vm.jobs.push_back(crate::vm::Job::Native { f: import_job, args: vec![spec, referrer, ty, res, rej, Value::int(unit), Value::int(realm as i32)] });
}

/// The job behind `import()`: load, link, evaluate, then resolve with the namespace.
fn import_job(vm: &mut Vm, this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let realm = args.get(6).and_then(|v| v.as_int()).unwrap_or(0) as u32;
    vm.with_realm(realm, |vm| import_in_realm(vm, this, args, nt))
}

fn import_in_realm(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (s, ty, res, rej) = (vm.string_lossy(args[0]), args[2], args[3], args[4]);
    let referrer = if args[1].is_string() { Some(vm.string_lossy(args[1])) } else { None };
    let ty = if ty.is_undefined() { None } else { Some(vm.string_lossy(ty)) };
    let r = (|| -> JsResult<(Value, Value)> {
        // A literal specifier resolved when the snapshot was compiled keeps that target.
        let unit = args.get(5).and_then(|v| v.as_int()).unwrap_or(-1);
        let compiled = vm.units.get(unit as usize).and_then(|lu| {
            let (snap, su) = lu.origin?;
            let i = lu.unit.dynamic_imports.iter().position(|d| **d == *s)?;
            Some((snap, vm.modules.snapshots[snap as usize].units[su as usize].dyn_targets.get(i).copied().flatten()?))
        });
        let m = match &referrer {
            Some(r) => vm.resolve_request(&s, ty.as_deref(), r, compiled)?,
            None => vm.load_module_graph(&s, None)?,
        };
        vm.link_module(m)?;
        let ev = vm.evaluate_module(m)?;
        Ok((ev, vm.module_namespace(m)))
    })();
    match r {
        Ok((ev, ns)) => {
            let then_res = vm.new_native_with("", 1, |vm, _, _, _| {
                let (ns, res) = (vm.capture(0), vm.capture(1));
                vm.call(res, Value::UNDEFINED, &[ns])
            }, false, vec![ns, res]);
            if let Some(evp) = ev.as_object() {
                crate::builtins::promise::perform_then(vm, evp, Value::object(then_res), rej, None);
            }
        }
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(Value::UNDEFINED)
}

// ----- namespace exotic object -------------------------------------------------------

fn ns_module(vm: &Vm, o: ObjId) -> u32 {
    match vm.obj(o).kind {
        ObjectKind::ModuleNamespace { module } => module,
        _ => 0,
    }
}

pub fn namespace_get_own(vm: &mut Vm, o: ObjId, key: PropKey) -> JsResult<Option<PropDesc>> {
    if let PropKey::Sym(_) = key {
        return Ok(vm.ordinary_own(o, key));
    }
    let m = ns_module(vm, o);
    let exports = vm.namespace_exports(m);
    let id = match key {
        PropKey::Str(s) => s,
        PropKey::Index(i) => vm.intern(&i.to_string()),
        PropKey::Sym(_) => return Ok(None),
    };
    match exports.iter().find(|(n, _)| *n == id) {
        Some((n, b)) => {
            let v = vm.binding_value(*b);
            if v == Value::UNINIT {
                let s = vm.heap.string_lossy(*n);
                return vm.throw_reference(&format!("Cannot access '{s}' before initialization"));
            }
            Ok(Some(PropDesc::data(v, attrs::WRITABLE | attrs::ENUMERABLE)))
        }
        None => Ok(None),
    }
}

pub fn namespace_define(vm: &mut Vm, o: ObjId, key: PropKey, d: PropDesc) -> JsResult<bool> {
    if let PropKey::Sym(_) = key {
        let cur = vm.ordinary_own(o, key);
        return vm.validate_and_apply(o, key, false, d, cur);
    }
    let Some(cur) = namespace_get_own(vm, o, key)? else { return Ok(false) };
    if d.configurable == Some(true) || d.enumerable == Some(false) || d.is_accessor() || d.writable == Some(false) {
        return Ok(false);
    }
    if let Some(v) = d.value {
        return Ok(crate::ops::convert::same_value(vm, v, cur.value.unwrap_or_default()));
    }
    Ok(true)
}

pub fn namespace_delete(vm: &mut Vm, o: ObjId, key: PropKey) -> JsResult<bool> {
    if let PropKey::Sym(_) = key {
        return Ok(vm.ordinary_own(o, key).is_none());
    }
    let m = ns_module(vm, o);
    let exports = vm.namespace_exports(m);
    let id = match key {
        PropKey::Str(s) => Some(s),
        _ => None,
    };
    Ok(!exports.iter().any(|(n, _)| Some(*n) == id))
}

pub fn namespace_keys(vm: &mut Vm, o: ObjId) -> Vec<PropKey> {
    let m = ns_module(vm, o);
    let exports = vm.namespace_exports(m);
    let mut keys: Vec<PropKey> = exports.iter().map(|(n, _)| {
        let u = vm.str_units(*n).to_vec();
        vm.key_units(&u)
    }).collect();
    let t = vm.realm.sym.to_string_tag;
    keys.push(PropKey::Sym(t));
    keys
}
