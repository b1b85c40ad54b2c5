//! ES modules: loading a graph through the host, linking imports to the
//! exporting modules' scope slots (live bindings), evaluation (top-level
//! await included), namespaces, `import.meta` and `import()`.
//!
//! A module's top level compiles to an async function whose closure scope is
//! the module scope record. Instantiation runs it to its `InitialYield`
//! (which hoists function declarations), evaluation resumes it.
//!
//! Linking and evaluation follow the specification's Cyclic Module Record
//! algorithms (Link / InnerModuleLinking, Evaluate / InnerModuleEvaluation with
//! strongly connected components, ExecuteAsyncModule, AsyncModuleExecution-
//! Fulfilled/Rejected), extended by the import-defer proposal (deferred
//! namespaces, GatherAsynchronousTransitiveDependencies, ReadyForSyncExecution,
//! EvaluateSync) and the source-phase-imports proposal (`import source`).

use crate::bytecode::{phase, ModuleInfo};
use crate::host::ModuleSource;
use crate::object::{JsObject, ObjectKind, PromiseState, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, StrId, Value};
use crate::{JsResult, Vm};
use std::collections::HashMap;
use std::sync::Arc;

/// [[Status]] of a module record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// Where an import or export resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    Slot(ObjId, u32),
    /// The module's namespace object.
    Namespace(u32),
    /// The module's deferred namespace object (`import defer * as ns`).
    DeferredNamespace(u32),
    /// The module's source object (`import source x`).
    Source(u32),
}

/// No module (an unset [[CycleRoot]]).
pub const NO_MODULE: u32 = u32::MAX;
/// [[AsyncEvaluationOrder]] ~done~ (0 is ~unset~, other values are the order).
pub const ASYNC_DONE: u64 = u64::MAX;

pub struct ModuleRecord {
    pub name: String,
    /// The loaded unit of a source module; `None` for a synthetic module
    /// (JSON, text, host-native), which is evaluated from the start.
    pub unit: Option<u32>,
    pub info: ModuleInfo,
    pub env: ObjId,
    pub requested: Vec<u32>,
    pub imports: Vec<Binding>,
    pub gen: Value,
    pub status: Status,
    /// [[EvaluationError]].
    pub error: Option<Value>,
    pub namespace: Value,
    /// [[DeferredNamespace]].
    pub deferred_namespace: Value,
    pub meta: Value,
    /// [[ModuleSource]] for `import source` (host modules only), else undefined.
    pub source: Value,
    /// [[CycleRoot]], or `NO_MODULE`.
    pub cycle_root: u32,
    /// [[AsyncEvaluationOrder]]: 0 unset, `ASYNC_DONE`, else the order.
    pub async_order: u64,
    /// [[PendingAsyncDependencies]].
    pub pending_deps: u32,
    /// [[AsyncParentModules]].
    pub async_parents: Vec<u32>,
    /// [[TopLevelCapability]]: promise, resolve, reject (undefined when empty).
    pub capability: [Value; 3],
    /// [[DFSIndex]] and [[DFSAncestorIndex]] (only meaningful during Link/Evaluate).
    pub dfs_index: u32,
    pub dfs_ancestor: u32,
    pub exports_cache: Option<Vec<(StrId, Binding)>>,
}

impl ModuleRecord {
    fn new(name: &str, unit: Option<u32>, info: ModuleInfo, env: ObjId, status: Status) -> ModuleRecord {
        ModuleRecord {
            name: name.to_string(),
            unit,
            info,
            env,
            requested: Vec::new(),
            imports: Vec::new(),
            gen: Value::UNDEFINED,
            status,
            error: None,
            namespace: Value::UNDEFINED,
            deferred_namespace: Value::UNDEFINED,
            meta: Value::UNDEFINED,
            source: Value::UNDEFINED,
            cycle_root: NO_MODULE,
            async_order: 0,
            pending_deps: 0,
            async_parents: Vec::new(),
            capability: [Value::UNDEFINED; 3],
            dfs_index: 0,
            dfs_ancestor: 0,
            exports_cache: None,
        }
    }
    /// A Cyclic Module Record (source text), as opposed to a synthetic one.
    fn cyclic(&self) -> bool {
        self.unit.is_some()
    }
    /// [[AsyncEvaluationOrder]] is an integer (evaluation started, not done).
    fn async_pending(&self) -> bool {
        self.async_order != 0 && self.async_order != ASYNC_DONE
    }
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
    /// The agent's [[ModuleAsyncEvaluationCount]].
    pub async_count: u64,
}

impl ModuleTable {
    pub fn trace(&self, work: &mut Vec<Value>) {
        for r in &self.records {
            work.push(Value::object(r.env));
            work.extend_from_slice(&[r.gen, r.namespace, r.deferred_namespace, r.meta, r.source]);
            work.extend_from_slice(&r.capability);
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
            if ty == Some("text") {
                // The unit's source is the file's text (a data unit, or a
                // module compiled without stripping); else the host loads it.
                if let Some(text) = unit.source.as_deref() {
                    let v = self.new_string(text);
                    return Ok(self.add_synthetic_module(name, &key, vec![("default".into(), v)]));
                }
            } else if su.json || ty == Some("json") {
                let text = unit.source.as_deref().unwrap_or("").to_string();
                return self.add_json_module(name, &key, &text);
            } else {
                return self.add_module_unit(name, &key, unit, Some((s, u)));
            }
        }
        let src = match self.host.load_module(name) {
            Ok(s) => s,
            Err(_) => {
                let from = referrer.map(|r| format!(" imported from {r}")).unwrap_or_default();
                return self.throw_type(&format!("Cannot find module '{specifier}'{from}"));
            }
        };
        match (src, ty) {
            // `with { type: "text" }`: the file's text as the default export.
            (ModuleSource::Json(text) | ModuleSource::Source { text, .. }, Some("text")) => {
                let v = self.new_string(&text);
                Ok(self.add_synthetic_module(name, &key, vec![("default".into(), v)]))
            }
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
    /// and text modules) or the exports of a host-native module.
    fn add_synthetic_module(&mut self, name: &str, key: &str, exports: Vec<(Box<str>, Value)>) -> u32 {
        let index = self.modules.records.len() as u32;
        let env_size = exports.len() as u32;
        let mut env = JsObject::new(Value::NULL, ObjectKind::Env { parent: Value::UNDEFINED, scope: u32::MAX });
        env.slots = exports.iter().map(|(_, v)| *v).collect();
        let env = self.alloc(env);
        let local_exports = exports.into_iter().enumerate().map(|(i, (n, _))| (n, i as u32)).collect();
        let info = ModuleInfo { local_exports, env_size, ..Default::default() };
        let mut rec = ModuleRecord::new(name, None, info, env, Status::Evaluated);
        rec.cycle_root = index;
        self.modules.records.push(rec);
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

    /// Gives host-native module `m` a module source object: `import source x`
    /// and `import.source()` of it produce `source` (an object whose prototype
    /// chain should reach %AbstractModuleSource%.prototype).
    pub fn set_module_source(&mut self, m: u32, source: Value) {
        if let Some(r) = self.modules.records.get_mut(m as usize) {
            r.source = source;
        }
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
        env.slots = smallvec::smallvec![Value::UNINIT; info.env_size as usize];
        let env = self.alloc(env);
        let ui = self.load_unit(unit, Some(index));
        self.units[ui as usize].origin = origin;
        self.modules.records.push(ModuleRecord::new(name, Some(ui), info.clone(), env, Status::Unlinked));
        self.modules.by_name.insert(key.to_string(), index);
        let mut requested = Vec::new();
        for (i, (spec, ty)) in info.requests.iter().enumerate() {
            let compiled = origin.and_then(|(s, u)| Some((s, self.modules.snapshots[s as usize].units[u as usize].targets.get(i).copied().flatten()?)));
            match self.resolve_request(spec, ty.as_deref(), name, compiled) {
                Ok(m) => requested.push(m),
                Err(e) => {
                    // The records loaded since this one have incomplete
                    // dependencies: forget their names, so that a later import
                    // loads them again (and fails again) instead of using them.
                    self.modules.by_name.retain(|_, m| *m < index);
                    return Err(e);
                }
            }
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
                None => Ok(Some(whole_module_binding(rec.info.phase(req), target))),
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

    // ----- Link -----------------------------------------------------------------------

    /// Link(): links every module in the graph below `root` (imports →
    /// bindings) and instantiates them (hoisting function declarations). On
    /// failure the modules being linked return to ~unlinked~.
    pub fn link_module(&mut self, root: u32) -> JsResult<()> {
        let mut stack = Vec::new();
        if let Err(e) = self.inner_link(root, &mut stack, 0) {
            for m in stack {
                let r = &mut self.modules.records[m as usize];
                r.status = Status::Unlinked;
                r.imports.clear();
            }
            return Err(e);
        }
        Ok(())
    }

    /// InnerModuleLinking.
    fn inner_link(&mut self, m: u32, stack: &mut Vec<u32>, mut index: u32) -> JsResult<u32> {
        let rec = &mut self.modules.records[m as usize];
        if !rec.cyclic() || rec.status != Status::Unlinked {
            return Ok(index);
        }
        rec.status = Status::Linking;
        rec.dfs_index = index;
        rec.dfs_ancestor = index;
        index += 1;
        stack.push(m);
        for r in rec.requested.clone() {
            index = self.inner_link(r, stack, index)?;
            let req = &self.modules.records[r as usize];
            if req.cyclic() && req.status == Status::Linking {
                let a = req.dfs_ancestor;
                let rec = &mut self.modules.records[m as usize];
                rec.dfs_ancestor = rec.dfs_ancestor.min(a);
            }
        }
        self.initialize_environment(m)?;
        let rec = &self.modules.records[m as usize];
        if rec.dfs_ancestor == rec.dfs_index {
            while let Some(x) = stack.pop() {
                self.modules.records[x as usize].status = Status::Linked;
                if x == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// InitializeEnvironment: checks re-exports, binds imports, and runs the
    /// module function to its initial yield (hoisted functions).
    fn initialize_environment(&mut self, m: u32) -> JsResult<()> {
        let names: Vec<String> = self.modules.records[m as usize].info.indirect_exports.iter().map(|(n, _, _)| n.to_string()).collect();
        for n in names {
            match self.resolve_export(m, &n, &mut Vec::new()) {
                Ok(Some(b)) => self.check_source_binding(b)?,
                _ => {
                    let mn = self.modules.records[m as usize].name.clone();
                    return self.throw_syntax(&format!("Module '{mn}' re-exports '{n}', which cannot be resolved"));
                }
            }
        }
        let entries = self.modules.records[m as usize].info.imports.clone();
        let mut bindings = Vec::with_capacity(entries.len());
        for e in entries {
            let rec = &self.modules.records[m as usize];
            let Some(&target) = rec.requested.get(e.request as usize) else {
                return self.throw_syntax("bad module request");
            };
            let b = match &e.name {
                None => whole_module_binding(rec.info.phase(e.request), target),
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
            self.check_source_binding(b)?;
            bindings.push(b);
        }
        self.modules.records[m as usize].imports = bindings;
        let rec = &self.modules.records[m as usize];
        if rec.gen.is_undefined() {
            if let Some(ui) = rec.unit {
                let env = rec.env;
                let c = self.new_closure(ui, 0, Value::object(env), usize::MAX);
                let g = self.call(Value::object(c), Value::UNDEFINED, &[])?;
                self.modules.records[m as usize].gen = g;
            }
        }
        Ok(())
    }

    /// A source-phase binding needs a module with a source representation:
    /// a JavaScript module has none (GetModuleSource throws a SyntaxError).
    fn check_source_binding(&mut self, b: Binding) -> JsResult<()> {
        if let Binding::Source(t) = b {
            if !self.modules.records[t as usize].source.is_object() {
                let tn = self.modules.records[t as usize].name.clone();
                return self.throw_syntax(&format!("Module '{tn}' has no source phase representation"));
            }
        }
        Ok(())
    }

    // ----- Evaluate -------------------------------------------------------------------

    /// Evaluate(): evaluates the graph below `root`; returns a promise that
    /// settles when done (already settled unless some module awaits).
    pub fn evaluate_module(&mut self, root: u32) -> JsResult<Value> {
        let mut module = root;
        let rec = &self.modules.records[module as usize];
        if matches!(rec.status, Status::EvaluatingAsync | Status::Evaluated) && rec.cycle_root != NO_MODULE {
            module = rec.cycle_root;
        }
        let cap = self.modules.records[module as usize].capability;
        if cap[0].is_object() {
            return Ok(cap[0]);
        }
        let pc = Value::object(self.realm.promise_ctor);
        let (p, res, rej) = crate::builtins::promise::new_capability(self, pc)?;
        self.modules.records[module as usize].capability = [p, res, rej];
        let mut stack = Vec::new();
        match self.inner_evaluate(module, &mut stack, 0) {
            Err(e) => {
                if self.terminating.is_some() {
                    return Err(e);
                }
                for m in stack {
                    let r = &mut self.modules.records[m as usize];
                    r.status = Status::Evaluated;
                    r.error = Some(e);
                }
                self.call(rej, Value::UNDEFINED, &[e])?;
            }
            Ok(_) => {
                if self.modules.records[module as usize].async_order == 0 {
                    self.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
                }
            }
        }
        Ok(p)
    }

    /// InnerModuleEvaluation.
    fn inner_evaluate(&mut self, m: u32, stack: &mut Vec<u32>, mut index: u32) -> JsResult<u32> {
        let rec = &mut self.modules.records[m as usize];
        if !rec.cyclic() {
            // Synthetic modules are evaluated when created.
            return Ok(index);
        }
        match rec.status {
            Status::EvaluatingAsync | Status::Evaluated => {
                return match rec.error {
                    None => Ok(index),
                    Some(e) => Err(e),
                }
            }
            Status::Evaluating => return Ok(index),
            Status::Linked => {}
            Status::Unlinked | Status::Linking => return self.throw_type("Cannot evaluate a module that is not linked"),
        }
        rec.status = Status::Evaluating;
        rec.dfs_index = index;
        rec.dfs_ancestor = index;
        rec.pending_deps = 0;
        index += 1;
        stack.push(m);
        for r in self.evaluation_list(m) {
            index = self.inner_evaluate(r, stack, index)?;
            let req = &self.modules.records[r as usize];
            if !req.cyclic() {
                continue;
            }
            // The module to wait for: a dependency still on the stack (same
            // component) itself, else the root of its finished component.
            let wait_for = if req.status == Status::Evaluating {
                let a = req.dfs_ancestor;
                let rec = &mut self.modules.records[m as usize];
                rec.dfs_ancestor = rec.dfs_ancestor.min(a);
                r
            } else {
                let root = if req.cycle_root == NO_MODULE { r } else { req.cycle_root };
                if let Some(e) = self.modules.records[root as usize].error {
                    return Err(e);
                }
                root
            };
            let w = &mut self.modules.records[wait_for as usize];
            if w.async_pending() {
                w.async_parents.push(m);
                self.modules.records[m as usize].pending_deps += 1;
            }
        }
        let rec = &self.modules.records[m as usize];
        if rec.pending_deps > 0 || rec.info.has_tla {
            self.modules.async_count += 1;
            let order = self.modules.async_count;
            let rec = &mut self.modules.records[m as usize];
            rec.async_order = order;
            if rec.pending_deps == 0 {
                self.execute_async_module(m)?;
            }
        } else if let Some(p) = self.execute_module(m)? {
            // An await the compiler did not flag (a unit compiled before
            // [[HasTLA]] was recorded): continue as an async module.
            self.modules.async_count += 1;
            self.modules.records[m as usize].async_order = self.modules.async_count;
            self.watch_async_module(m, p);
        }
        let rec = &self.modules.records[m as usize];
        if rec.dfs_ancestor == rec.dfs_index {
            while let Some(x) = stack.pop() {
                let r = &mut self.modules.records[x as usize];
                r.status = if r.async_order == 0 { Status::Evaluated } else { Status::EvaluatingAsync };
                r.cycle_root = m;
                if x == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// The modules InnerModuleEvaluation visits for `m`'s requests, in order:
    /// a deferred request contributes only its asynchronous dependencies,
    /// a source-phase request nothing.
    fn evaluation_list(&self, m: u32) -> Vec<u32> {
        let rec = &self.modules.records[m as usize];
        let mut list: Vec<u32> = Vec::new();
        for (i, &r) in rec.requested.iter().enumerate() {
            match rec.info.phase(i as u32) {
                phase::DEFER => {
                    for x in self.gather_async_deps(r, &mut Vec::new()) {
                        if !list.contains(&x) {
                            list.push(x);
                        }
                    }
                }
                phase::SOURCE => {}
                _ => {
                    if !list.contains(&r) {
                        list.push(r);
                    }
                }
            }
        }
        list
    }

    /// IsModuleSCCEvaluated.
    fn scc_evaluated(&self, m: u32) -> bool {
        let rec = &self.modules.records[m as usize];
        match rec.cycle_root {
            NO_MODULE => rec.status == Status::Evaluated,
            root => self.modules.records[root as usize].status == Status::Evaluated,
        }
    }

    /// GatherAsynchronousTransitiveDependencies: the modules with top-level
    /// await that a deferred import of `m` evaluates eagerly.
    fn gather_async_deps(&self, m: u32, seen: &mut Vec<u32>) -> Vec<u32> {
        if seen.contains(&m) {
            return Vec::new();
        }
        seen.push(m);
        let rec = &self.modules.records[m as usize];
        if !rec.cyclic() || rec.status == Status::Evaluating || self.scc_evaluated(m) {
            return Vec::new();
        }
        if rec.info.has_tla {
            return vec![m];
        }
        let mut out: Vec<u32> = Vec::new();
        for &r in &rec.requested {
            for x in self.gather_async_deps(r, seen) {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
        }
        out
    }

    /// ReadyForSyncExecution: `m` and its dependencies can be evaluated now,
    /// synchronously (none is evaluating or awaits).
    fn ready_for_sync(&self, m: u32, seen: &mut Vec<u32>) -> bool {
        let rec = &self.modules.records[m as usize];
        if !rec.cyclic() || seen.contains(&m) {
            return true;
        }
        seen.push(m);
        if self.scc_evaluated(m) {
            return true;
        }
        if rec.status != Status::Linked || rec.info.has_tla {
            return false;
        }
        rec.requested.iter().all(|&r| self.ready_for_sync(r, seen))
    }

    /// EnsureDeferredNamespaceEvaluation + EvaluateSync: evaluates the module
    /// of a deferred namespace on first use, throwing its evaluation error.
    fn ensure_deferred_evaluated(&mut self, m: u32) -> JsResult<()> {
        let rec = &self.modules.records[m as usize];
        if rec.cyclic() && rec.status != Status::Evaluated && !self.ready_for_sync(m, &mut Vec::new()) {
            let n = rec.name.clone();
            return self.throw_type(&format!("Cannot evaluate deferred module '{n}': it or one of its dependencies is being evaluated or uses top-level await"));
        }
        let p = self.evaluate_module(m)?;
        let Some(po) = p.as_object() else { return Ok(()) };
        let (st, result) = match &self.obj(po).kind {
            ObjectKind::Promise(d) => (d.state, d.result),
            _ => return Ok(()),
        };
        if st == PromiseState::Rejected {
            mark_handled(self, po);
            return Err(result);
        }
        Ok(())
    }

    /// Resumes module `m`'s body for a synchronous execution: `Err` when it
    /// throws, `Some(promise)` when it unexpectedly awaits.
    fn execute_module(&mut self, m: u32) -> JsResult<Option<ObjId>> {
        let Some(g) = self.modules.records[m as usize].gen.as_object() else { return Ok(None) };
        self.async_resume(g, Value::UNDEFINED, false)?;
        let Some(po) = body_promise(self, g) else { return Ok(None) };
        let (st, result) = match &self.obj(po).kind {
            ObjectKind::Promise(d) => (d.state, d.result),
            _ => return Ok(None),
        };
        match st {
            PromiseState::Fulfilled => Ok(None),
            PromiseState::Rejected => {
                // The error is the module's evaluation error, not an unhandled rejection.
                mark_handled(self, po);
                Err(result)
            }
            PromiseState::Pending => Ok(Some(po)),
        }
    }

    /// ExecuteAsyncModule: starts `m`'s body; its completion continues the graph.
    fn execute_async_module(&mut self, m: u32) -> JsResult<()> {
        let Some(g) = self.modules.records[m as usize].gen.as_object() else {
            return async_fulfilled(self, m);
        };
        self.async_resume(g, Value::UNDEFINED, false)?;
        match body_promise(self, g) {
            Some(po) => self.watch_async_module(m, po),
            None => async_fulfilled(self, m)?,
        }
        Ok(())
    }

    fn watch_async_module(&mut self, m: u32, po: ObjId) {
        let f = self.new_native_with("", 1, async_module_fulfilled, false, vec![Value::int(m as i32)]);
        let r = self.new_native_with("", 1, async_module_rejected, false, vec![Value::int(m as i32)]);
        crate::builtins::promise::perform_then(self, po, Value::object(f), Value::object(r), None);
    }

    // ----- namespaces -----------------------------------------------------------------

    /// The namespace object of module `m`.
    pub fn module_namespace(&mut self, m: u32) -> Value {
        self.namespace_of(m, false)
    }

    /// GetModuleNamespace(m, phase): the (deferred) namespace object of `m`.
    fn namespace_of(&mut self, m: u32, deferred: bool) -> Value {
        let rec = &self.modules.records[m as usize];
        let ns = if deferred { rec.deferred_namespace } else { rec.namespace };
        if ns.is_object() {
            return ns;
        }
        let o = self.alloc(JsObject::new(Value::NULL, ObjectKind::ModuleNamespace { module: m, deferred }));
        self.obj_mut(o).flags &= !crate::object::flags::EXTENSIBLE;
        let t = self.realm.sym.to_string_tag;
        let s = self.new_string(if deferred { "Deferred Module" } else { "Module" });
        self.put(o, PropKey::Sym(t), s, attrs::NONE);
        let v = Value::object(o);
        let rec = &mut self.modules.records[m as usize];
        if deferred {
            rec.deferred_namespace = v;
        } else {
            rec.namespace = v;
        }
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
            Binding::Namespace(m) => self.namespace_of(m, false),
            Binding::DeferredNamespace(m) => self.namespace_of(m, true),
            Binding::Source(m) => self.modules.records[m as usize].source,
        }
    }
}

/// What a request binds when no export is named (`* as ns`, `import source`).
fn whole_module_binding(p: u8, target: u32) -> Binding {
    match p {
        phase::DEFER => Binding::DeferredNamespace(target),
        phase::SOURCE => Binding::Source(target),
        _ => Binding::Namespace(target),
    }
}

/// The promise of a module function's generator object.
fn body_promise(vm: &Vm, g: ObjId) -> Option<ObjId> {
    match &vm.obj(g).kind {
        ObjectKind::Generator(d) => d.promise.as_object(),
        _ => None,
    }
}

/// Marks a rejected promise as handled (HostPromiseRejectionTracker "handle").
fn mark_handled(vm: &mut Vm, po: ObjId) {
    if let ObjectKind::Promise(d) = &mut vm.obj_mut(po).kind {
        d.handled = true;
    }
    vm.unhandled_rejections.retain(|x| *x != Value::object(po));
}

fn module_capture(vm: &Vm) -> Option<u32> {
    let m = vm.capture(0).as_int()?;
    (m >= 0 && (m as usize) < vm.modules.records.len()).then_some(m as u32)
}

fn async_module_fulfilled(vm: &mut Vm, _this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    if let Some(m) = module_capture(vm) {
        async_fulfilled(vm, m)?;
    }
    Ok(Value::UNDEFINED)
}

fn async_module_rejected(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if let Some(m) = module_capture(vm) {
        async_rejected(vm, m, crate::builtins::arg(args, 0))?;
    }
    Ok(Value::UNDEFINED)
}

/// AsyncModuleExecutionFulfilled: `m` finished; runs the ancestors that were
/// waiting only on it, in the order their evaluation started.
fn async_fulfilled(vm: &mut Vm, m: u32) -> JsResult<()> {
    let rec = &mut vm.modules.records[m as usize];
    if rec.status == Status::Evaluated {
        return Ok(());
    }
    rec.async_order = ASYNC_DONE;
    rec.status = Status::Evaluated;
    let res = rec.capability[1];
    if rec.capability[0].is_object() {
        vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
    }
    let mut exec = Vec::new();
    gather_available_ancestors(vm, m, &mut exec);
    exec.sort_by_key(|&x| vm.modules.records[x as usize].async_order);
    for x in exec {
        let rec = &vm.modules.records[x as usize];
        if rec.status == Status::Evaluated {
            continue;
        }
        if rec.info.has_tla {
            vm.execute_async_module(x)?;
            continue;
        }
        match vm.execute_module(x) {
            Err(e) => {
                if vm.terminating.is_some() {
                    return Err(e);
                }
                async_rejected(vm, x, e)?;
            }
            Ok(Some(p)) => vm.watch_async_module(x, p),
            Ok(None) => {
                let rec = &mut vm.modules.records[x as usize];
                rec.async_order = ASYNC_DONE;
                rec.status = Status::Evaluated;
                let (p, res) = (rec.capability[0], rec.capability[1]);
                if p.is_object() {
                    vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
                }
            }
        }
    }
    Ok(())
}

/// GatherAvailableAncestors.
fn gather_available_ancestors(vm: &mut Vm, m: u32, exec: &mut Vec<u32>) {
    for p in vm.modules.records[m as usize].async_parents.clone() {
        let root = vm.modules.records[p as usize].cycle_root;
        let root_failed = root != NO_MODULE && vm.modules.records[root as usize].error.is_some();
        if exec.contains(&p) || root_failed {
            continue;
        }
        let rec = &mut vm.modules.records[p as usize];
        rec.pending_deps = rec.pending_deps.saturating_sub(1);
        if rec.pending_deps == 0 {
            exec.push(p);
            if !rec.info.has_tla {
                gather_available_ancestors(vm, p, exec);
            }
        }
    }
}

/// AsyncModuleExecutionRejected: `m` failed; so do the modules waiting on it.
fn async_rejected(vm: &mut Vm, m: u32, e: Value) -> JsResult<()> {
    let rec = &mut vm.modules.records[m as usize];
    if rec.status == Status::Evaluated {
        return Ok(());
    }
    rec.error = Some(e);
    rec.status = Status::Evaluated;
    rec.async_order = ASYNC_DONE;
    let parents = rec.async_parents.clone();
    // This module's own promise rejects before those of the modules waiting on it.
    let (p, rej) = (rec.capability[0], rec.capability[2]);
    if p.is_object() {
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    for p in parents {
        async_rejected(vm, p, e)?;
    }
    Ok(())
}

/// Natives that module evaluation leaves in promise reactions (a heap image
/// may hold them).
pub const RUNTIME_NATIVES: &[crate::object::NativeFn] = &[async_module_fulfilled, async_module_rejected, import_fulfilled, all_settled_one];

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

/// The `type` import attribute of an `import()` options argument (the only
/// attribute supported): EnumerableOwnProperties of `with`, every value a string.
fn import_attributes(vm: &mut Vm, opts: Value) -> JsResult<Option<String>> {
    if opts.is_undefined() {
        return Ok(None);
    }
    if !opts.is_object() {
        return vm.throw_type("The second argument to import() must be an object");
    }
    let w = vm.get_str(opts, "with")?;
    let Some(wo) = w.as_object() else {
        if w.is_undefined() {
            return Ok(None);
        }
        return vm.throw_type("The 'with' option must be an object");
    };
    let mut entries = Vec::new();
    for k in vm.own_property_keys(wo)? {
        if let PropKey::Sym(_) = k {
            continue;
        }
        let Some(d) = vm.get_own_property(wo, k)? else { continue };
        if d.enumerable != Some(true) {
            continue;
        }
        let v = vm.get(w, k)?;
        entries.push((k, v));
    }
    let mut ty = None;
    for (k, v) in entries {
        if !v.is_string() {
            return vm.throw_type("Import attribute value must be a string");
        }
        let name = vm.key_display(k);
        if name != "type" {
            return vm.throw_type(&format!("Unsupported import attribute '{name}'"));
        }
        ty = Some(vm.string_lossy(v));
    }
    Ok(ty)
}

/// `import(specifier, options)` (`phase` 0), `import.defer(...)` (1) or
/// `import.source(...)` (2) from code in `unit`: a promise of the namespace
/// (deferred namespace, module source). Loading and evaluation happen in a
/// later job, as in browsers and Node, never inside the call.
pub fn dynamic_import(vm: &mut Vm, unit: usize, spec: Value, opts: Value, phase: u8) -> Value {
    let pc = Value::object(vm.realm.promise_ctor);
    let Ok((p, res, rej)) = crate::builtins::promise::new_capability(vm, pc) else { return Value::UNDEFINED };
    let r = (|| -> JsResult<(String, Option<String>)> {
        let s = vm.to_rust_string(spec)?;
        let ty = import_attributes(vm, opts)?;
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
            queue_import(vm, realm, sv, rv, tv, res, rej, Some(unit), phase);
        }
        Err(e) => {
            if vm.terminating.is_none() {
                let _ = vm.call(rej, Value::UNDEFINED, &[e]);
            }
        }
    }
    p
}

/// Queues the job that loads, links and evaluates module `spec` (a string)
/// for `import()` or `ShadowRealm.prototype.importValue`, in realm `realm`
/// (whose module map it uses), then calls `res` with the namespace or `rej`
/// with the error. `referrer` (a string or undefined) is the importing
/// script or module; `ty` the `type` import attribute or undefined; `unit`
/// the code unit that contains the `import()`; `phase` its import phase.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue_import(vm: &mut Vm, realm: u32, spec: Value, referrer: Value, ty: Value, res: Value, rej: Value, unit: Option<usize>, phase: u8) {
    let unit = unit.map_or(-1, |u| u as i32);
    let args = vec![spec, referrer, ty, res, rej, Value::int(unit), Value::int(phase as i32), Value::int(realm as i32)];
    vm.jobs.push_back(crate::vm::Job::Native { f: import_job, args });
}

/// The job behind `import()` (ContinueDynamicImport), in the importing realm:
/// load, link, evaluate (for `import.defer`, only the asynchronous
/// dependencies), then resolve.
fn import_job(vm: &mut Vm, this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let realm = args.get(7).and_then(|v| v.as_int()).unwrap_or(0) as u32;
    vm.with_realm(realm, |vm| import_in_realm(vm, this, args, nt))
}

fn import_in_realm(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (s, ty, res, rej) = (vm.string_lossy(args[0]), args[2], args[3], args[4]);
    let referrer = if args[1].is_string() { Some(vm.string_lossy(args[1])) } else { None };
    let ty = if ty.is_undefined() { None } else { Some(vm.string_lossy(ty)) };
    let phase = args.get(6).and_then(|v| v.as_int()).unwrap_or(0) as u8;
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
        if phase == phase::SOURCE {
            // The source phase neither links nor evaluates the module.
            let b = Binding::Source(m);
            vm.check_source_binding(b)?;
            return Ok((Value::UNDEFINED, vm.binding_value(b)));
        }
        vm.link_module(m)?;
        if phase == phase::DEFER {
            let deps = vm.gather_async_deps(m, &mut Vec::new());
            let ns = vm.namespace_of(m, true);
            if deps.is_empty() {
                return Ok((Value::UNDEFINED, ns));
            }
            let mut promises = Vec::with_capacity(deps.len());
            for d in deps {
                promises.push(vm.evaluate_module(d)?);
            }
            return Ok((all_settled(vm, &promises)?, ns));
        }
        let ev = vm.evaluate_module(m)?;
        Ok((ev, vm.module_namespace(m)))
    })();
    match r {
        Ok((ev, ns)) => match ev.as_object() {
            Some(evp) => {
                let then_res = vm.new_native_with("", 1, import_fulfilled, false, vec![ns, res]);
                crate::builtins::promise::perform_then(vm, evp, Value::object(then_res), rej, None);
            }
            None => {
                vm.call(res, Value::UNDEFINED, &[ns])?;
            }
        },
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(Value::UNDEFINED)
}

fn import_fulfilled(vm: &mut Vm, _this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (ns, res) = (vm.capture(0), vm.capture(1));
    vm.call(res, Value::UNDEFINED, &[ns])
}

/// A promise fulfilled once every promise of `list` is, rejected with the
/// first rejection: Promise.all without observable `then` lookups.
fn all_settled(vm: &mut Vm, list: &[Value]) -> JsResult<Value> {
    let pc = Value::object(vm.realm.promise_ctor);
    let (p, res, rej) = crate::builtins::promise::new_capability(vm, pc)?;
    let remaining = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![Value::int(list.len() as i32)]))));
    for &q in list {
        let Some(qo) = q.as_object() else { continue };
        let f = vm.new_native_with("", 1, all_settled_one, false, vec![Value::object(remaining), res]);
        crate::builtins::promise::perform_then(vm, qo, Value::object(f), rej, None);
    }
    Ok(p)
}

fn all_settled_one(vm: &mut Vm, _this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (counter, res) = (vm.capture(0), vm.capture(1));
    let Some(c) = counter.as_object() else { return Ok(Value::UNDEFINED) };
    let left = match &mut vm.obj_mut(c).kind {
        ObjectKind::Internal(v) if !v.is_empty() => {
            let n = v[0].as_int().unwrap_or(1) - 1;
            v[0] = Value::int(n);
            n
        }
        _ => return Ok(Value::UNDEFINED),
    };
    if left == 0 {
        vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
    }
    Ok(Value::UNDEFINED)
}

// ----- namespace exotic object -------------------------------------------------------

fn ns_data(vm: &Vm, o: ObjId) -> (u32, bool) {
    match vm.obj(o).kind {
        ObjectKind::ModuleNamespace { module, deferred } => (module, deferred),
        _ => (0, false),
    }
}

/// IsSymbolLikeNamespaceKey: keys handled as on an ordinary object, which
/// never trigger a deferred module's evaluation.
fn symbol_like(vm: &Vm, o: ObjId, key: PropKey) -> bool {
    match key {
        PropKey::Sym(_) => true,
        PropKey::Str(s) => ns_data(vm, o).1 && s == vm.names.then,
        PropKey::Index(_) => false,
    }
}

/// GetModuleExportsList: the sorted exports (evaluating a deferred module first).
fn exports_list(vm: &mut Vm, o: ObjId) -> JsResult<Vec<(StrId, Binding)>> {
    let (m, deferred) = ns_data(vm, o);
    if deferred {
        vm.ensure_deferred_evaluated(m)?;
    }
    Ok(vm.namespace_exports(m))
}

fn key_id(vm: &mut Vm, key: PropKey) -> Option<StrId> {
    match key {
        PropKey::Str(s) => Some(s),
        PropKey::Index(i) => Some(vm.intern(&i.to_string())),
        PropKey::Sym(_) => None,
    }
}

/// [[Get]] of an export: its live value (a ReferenceError in its TDZ).
fn export_value(vm: &mut Vm, exports: &[(StrId, Binding)], key: PropKey) -> JsResult<Option<Value>> {
    let Some(id) = key_id(vm, key) else { return Ok(None) };
    let Some(&(n, b)) = exports.iter().find(|(n, _)| *n == id) else { return Ok(None) };
    let v = vm.binding_value(b);
    if v == Value::UNINIT {
        let s = vm.heap.string_lossy(n);
        return vm.throw_reference(&format!("Cannot access '{s}' before initialization"));
    }
    Ok(Some(v))
}

pub fn namespace_get_own(vm: &mut Vm, o: ObjId, key: PropKey) -> JsResult<Option<PropDesc>> {
    if symbol_like(vm, o, key) {
        return Ok(vm.ordinary_own(o, key));
    }
    let exports = exports_list(vm, o)?;
    Ok(export_value(vm, &exports, key)?.map(|v| PropDesc::data(v, attrs::WRITABLE | attrs::ENUMERABLE)))
}

/// [[HasProperty]]: whether `key` is an export (no TDZ check).
pub fn namespace_has(vm: &mut Vm, o: ObjId, key: PropKey) -> JsResult<bool> {
    if symbol_like(vm, o, key) {
        return Ok(vm.ordinary_own(o, key).is_some());
    }
    let exports = exports_list(vm, o)?;
    let id = key_id(vm, key);
    Ok(exports.iter().any(|(n, _)| Some(*n) == id))
}

pub fn namespace_define(vm: &mut Vm, o: ObjId, key: PropKey, d: PropDesc) -> JsResult<bool> {
    if symbol_like(vm, o, key) {
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
    if symbol_like(vm, o, key) {
        return Ok(vm.ordinary_own(o, key).is_none());
    }
    let exports = exports_list(vm, o)?;
    let id = key_id(vm, key);
    Ok(!exports.iter().any(|(n, _)| Some(*n) == id))
}

pub fn namespace_keys(vm: &mut Vm, o: ObjId) -> JsResult<Vec<PropKey>> {
    let exports = exports_list(vm, o)?;
    let mut keys: Vec<PropKey> = exports
        .iter()
        .map(|(n, _)| {
            let u = vm.str_units(*n).to_vec();
            vm.key_units(&u)
        })
        .collect();
    let t = vm.realm.sym.to_string_tag;
    keys.push(PropKey::Sym(t));
    Ok(keys)
}
