//! Writing a heap image (see `mod.rs` and docs/snapshot-format.md).

use super::{kind, runtime_natives, NONE};
use crate::builtins::iterator::{HelperKind, HelperState};
use crate::builtins::typed_array::TypedArrayData;
use crate::modules::{Binding, Status};
use crate::object::*;
use crate::shape::ShapeId;
use crate::snapshot::{EngineLayout, Snapshot};
use crate::value::{SymId, Value};
use crate::Vm;
use std::collections::HashMap;
use std::sync::Arc;

struct W {
    out: Vec<u8>,
}

impl W {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn val(&mut self, v: Value) {
        self.u64(v.bits());
    }
    fn vals(&mut self, vs: &[Value]) {
        self.u32(vs.len() as u32);
        for v in vs {
            self.val(*v);
        }
    }
    fn units16(&mut self, u: &[u16]) {
        self.u32(u.len() as u32);
        for c in u {
            self.out.extend_from_slice(&c.to_le_bytes());
        }
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.out.extend_from_slice(s.as_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.out.extend_from_slice(b);
    }
    fn key(&mut self, k: PropKey) {
        match k {
            PropKey::Index(i) => {
                self.u8(0);
                self.u32(i);
            }
            PropKey::Str(s) => {
                self.u8(1);
                self.u32(s.0);
            }
            PropKey::Sym(s) => {
                self.u8(2);
                self.u32(s.0);
            }
        }
    }
    fn opt_usize(&mut self, v: Option<usize>) {
        self.u64(v.map_or(u64::MAX, |x| x as u64));
    }
}

fn iter_kind(k: IterKind) -> u8 {
    match k {
        IterKind::Keys => 0,
        IterKind::Values => 1,
        IterKind::Entries => 2,
    }
}

fn table(w: &mut W, t: &OrderedTable) {
    w.u32(t.entries.len() as u32);
    for e in &t.entries {
        match e {
            Some((k, v)) => {
                w.u8(1);
                w.val(*k);
                w.val(*v);
            }
            None => w.u8(0),
        }
    }
    w.u32(t.iterators.len() as u32);
    for i in &t.iterators {
        w.u32(i.0);
    }
}

fn typed(w: &mut W, t: &TypedArrayData) {
    w.val(t.buffer);
    w.u8(t.kind);
    w.u64(t.offset as u64);
    w.opt_usize(t.length);
}

fn write_kind(w: &mut W, k: &ObjectKind, natives: &HashMap<usize, u32>) -> Result<(), String> {
    match k {
        // Only reachable with a second realm, which `write_image` refuses.
        ObjectKind::ShadowRealm(_) | ObjectKind::Wrapped { .. } => return Err("a heap image cannot hold a ShadowRealm or a wrapped function".into()),
        ObjectKind::Ordinary => w.u8(kind::ORDINARY),
        ObjectKind::Array => w.u8(kind::ARRAY),
        ObjectKind::Closure(c) => {
            w.u8(kind::CLOSURE);
            w.u32(c.unit);
            w.u32(c.func);
            w.val(c.env);
            w.val(c.home);
            w.val(c.fields);
            w.u8(c.is_class_constructor as u8 | (c.is_derived as u8) << 1);
        }
        ObjectKind::Native(n) => {
            let Some(&i) = natives.get(&(n.f as usize)) else {
                return Err("it holds an internal built-in function that images cannot store yet".into());
            };
            w.u8(kind::NATIVE);
            w.u32(i);
            w.u8(n.constructor as u8);
            w.vals(&n.captures);
        }
        ObjectKind::Bound(b) => {
            w.u8(kind::BOUND);
            w.val(b.target);
            w.val(b.this);
            w.vals(&b.args);
        }
        ObjectKind::Env { parent, scope } => {
            w.u8(kind::ENV);
            w.val(*parent);
            w.u32(*scope);
        }
        ObjectKind::WithEnv { parent, object } => {
            w.u8(kind::WITH_ENV);
            w.val(*parent);
            w.val(*object);
        }
        ObjectKind::Arguments { mapped } => {
            w.u8(kind::ARGUMENTS);
            match mapped {
                Some(m) => {
                    let (env, slots) = (&m.0, &m.1);
                    w.u32(env.0);
                    w.u32(slots.len() as u32);
                    for s in slots {
                        w.u32(*s);
                    }
                }
                None => w.u32(NONE),
            }
        }
        ObjectKind::Error(stack) => {
            w.u8(kind::ERROR);
            w.val(*stack);
        }
        ObjectKind::BooleanBox(b) => {
            w.u8(kind::BOOLEAN);
            w.u8(*b as u8);
        }
        ObjectKind::NumberBox(n) => {
            w.u8(kind::NUMBER);
            w.u64(n.to_bits());
        }
        ObjectKind::StringBox(s) => {
            w.u8(kind::STRING);
            w.u32(s.0);
        }
        ObjectKind::SymbolBox(s) => {
            w.u8(kind::SYMBOL);
            w.u32(s.0);
        }
        ObjectKind::BigIntBox(v) => {
            w.u8(kind::BIGINT);
            w.val(*v);
        }
        ObjectKind::Date(t) => {
            w.u8(kind::DATE);
            w.u64(t.to_bits());
        }
        ObjectKind::RegExp(r) => {
            w.u8(kind::REGEXP);
            w.units16(&r.source);
            w.str(&r.flags);
            w.u8(r.regex.is_some() as u8 | (r.legacy as u8) << 1);
        }
        ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
            w.u8(match k {
                ObjectKind::Map(_) => kind::MAP,
                ObjectKind::Set(_) => kind::SET,
                ObjectKind::WeakMap(_) => kind::WEAK_MAP,
                _ => kind::WEAK_SET,
            });
            table(w, t);
        }
        ObjectKind::WeakRef(v) => {
            w.u8(kind::WEAK_REF);
            w.val(*v);
        }
        ObjectKind::FinalizationRegistry(f) => {
            w.u8(kind::FIN_REG);
            w.val(f.cleanup);
            w.u32(f.cells.len() as u32);
            for (a, b, c) in &f.cells {
                w.val(*a);
                w.val(*b);
                w.val(*c);
            }
        }
        ObjectKind::Promise(p) => {
            w.u8(kind::PROMISE);
            w.u8(match p.state {
                PromiseState::Pending => 0,
                PromiseState::Fulfilled => 1,
                PromiseState::Rejected => 2,
            });
            w.val(p.result);
            w.u8(p.handled as u8);
            w.u32(p.reactions.len() as u32);
            for r in &p.reactions {
                for v in [r.on_fulfilled, r.on_rejected, r.cap_promise, r.cap_resolve, r.cap_reject] {
                    w.val(v);
                }
            }
        }
        ObjectKind::Generator(g) => {
            w.u8(kind::GENERATOR);
            w.u8(match g.state {
                GenState::SuspendedStart => 0,
                GenState::SuspendedYield => 1,
                GenState::Executing => return Err("a generator is running".into()),
                GenState::Completed => 3,
            });
            w.u8(g.flavor);
            w.val(g.promise);
            w.u8(g.awaiting_return as u8);
            w.u32(g.queue.len() as u32);
            for (m, a, b) in &g.queue {
                w.u8(*m);
                w.val(*a);
                w.val(*b);
            }
            match &g.frame {
                Some(f) => {
                    w.u8(1);
                    w.u32(f.closure.0);
                    w.u32(f.resume_reg);
                    w.u32(f.pc);
                    w.vals(&f.regs);
                    w.vals(&f.extra_args);
                    w.val(f.new_target);
                }
                None => w.u8(0),
            }
        }
        ObjectKind::ArrayIterator { target, index, kind: ik, done } | ObjectKind::MapIterator { target, index, kind: ik, done } => {
            w.u8(if matches!(k, ObjectKind::ArrayIterator { .. }) { kind::ARRAY_ITER } else { kind::MAP_ITER });
            w.val(*target);
            w.u32(*index);
            w.u8(iter_kind(*ik));
            w.u8(*done as u8);
        }
        ObjectKind::StringIterator { target, index, done } => {
            w.u8(kind::STRING_ITER);
            w.val(*target);
            w.u32(*index);
            w.u8(*done as u8);
        }
        ObjectKind::ForIn(f) => {
            w.u8(kind::FOR_IN);
            w.vals(&f.keys);
            w.u64(f.pos as u64);
            w.val(f.object);
        }
        ObjectKind::Proxy { target, handler } => {
            w.u8(kind::PROXY);
            w.val(*target);
            w.val(*handler);
        }
        ObjectKind::Accessor { get, set } => {
            w.u8(kind::ACCESSOR);
            w.val(*get);
            w.val(*set);
        }
        ObjectKind::ModuleNamespace { module, deferred } => {
            w.u8(kind::NAMESPACE);
            w.u32(*module);
            w.u8(*deferred as u8);
        }
        ObjectKind::ModuleSource { class_name } => {
            w.u8(kind::MODULE_SOURCE);
            w.val(*class_name);
        }
        ObjectKind::ArrayBuffer(b) => {
            w.u8(kind::ARRAY_BUFFER);
            match &b.bytes {
                Some(bytes) => {
                    w.u8(1);
                    w.bytes(bytes);
                }
                None => w.u8(0),
            }
            w.opt_usize(b.max_len);
            w.u8(b.shared as u8 | (b.immutable as u8) << 1);
        }
        ObjectKind::TypedArray(t) => {
            w.u8(kind::TYPED_ARRAY);
            typed(w, t);
        }
        ObjectKind::DataView(t) => {
            w.u8(kind::DATA_VIEW);
            typed(w, t);
        }
        ObjectKind::Internal(v) => {
            w.u8(kind::INTERNAL);
            w.vals(v);
        }
        ObjectKind::IteratorHelper(h) => {
            w.u8(kind::HELPER);
            w.u8(match h.kind {
                HelperKind::Map => 0,
                HelperKind::Filter => 1,
                HelperKind::Take => 2,
                HelperKind::Drop => 3,
                HelperKind::FlatMap => 4,
                HelperKind::Concat => 5,
                HelperKind::Wrap => 6,
                HelperKind::Chunks => 7,
                HelperKind::Windows => 8,
                HelperKind::Zip => 9,
            });
            w.u8(match h.state {
                HelperState::SuspendedStart => 0,
                HelperState::SuspendedYield => 1,
                HelperState::Running => return Err("an iterator helper is running".into()),
                HelperState::Completed => 3,
            });
            for v in [h.iterator, h.next, h.func, h.inner, h.inner_next] {
                w.val(v);
            }
            w.u64(h.count.to_bits());
        }
        ObjectKind::DisposableStack(d) => {
            w.u8(kind::DISPOSABLE);
            w.u8(d.is_async as u8 | (d.disposed as u8) << 1 | (d.has_error as u8) << 2 | (d.needs_await as u8) << 3 | (d.has_awaited as u8) << 4);
            w.val(d.completion);
            for v in d.cap {
                w.val(v);
            }
            w.u32(d.resources.len() as u32);
            for r in &d.resources {
                w.val(r.value);
                w.val(r.method);
                w.u8(r.is_async as u8);
            }
        }
        ObjectKind::Temporal(t) => {
            w.u8(kind::TEMPORAL);
            w.str(&t.encode());
        }
    }
    Ok(())
}

/// Writes the image of `vm`, whose code came from `snap` (mounted first).
/// `base` describes `vm` before the program ran. Returns the image and the
/// code units created at run time (eval, `new Function`), which the caller
/// appends to the snapshot's units (their indices follow the snapshot's).
pub fn write_image(vm: &mut Vm, snap: &Arc<Snapshot>, base: &EngineLayout) -> Result<(Vec<u8>, Vec<Arc<crate::bytecode::CodeUnit>>), String> {
    if !vm.frames.is_empty() || !vm.jobs.is_empty() {
        return Err("code or jobs are still running".into());
    }
    if vm.realms.len() > 1 {
        // Images rebuild intrinsics by re-running realm initialisation once;
        // the objects of further realms would not be re-created.
        return Err("the program created more than one realm (ShadowRealm or $262.createRealm); a heap image holds one realm".into());
    }
    if !vm.unhandled_rejections.is_empty() {
        return Err("a promise was rejected and not handled".into());
    }
    vm.roots.clear();
    vm.stack.clear();
    vm.collect_garbage();
    let mut natives: HashMap<usize, u32> = HashMap::new();
    for (i, f) in base.natives.iter().chain(runtime_natives().iter()).enumerate() {
        natives.entry(*f as usize).or_insert(i as u32);
    }
    let mut w = W { out: Vec::new() };
    w.u64(base.builtins);
    w.u32(base.natives.len() as u32);
    let h = &vm.heap;
    w.u32(h.strings.len() as u32);
    w.u32(h.symbols.len() as u32);
    w.u32(h.bigints.len() as u32);
    w.u32(h.objects.len() as u32);
    w.u32(vm.shapes.len() as u32);
    w.u32(vm.units.len() as u32);
    w.u32(vm.scopes.len() as u32);
    w.u32(vm.modules.records.len() as u32);
    for (i, s) in h.strings.iter().enumerate() {
        if !h.strings.live[i] {
            w.u8(0);
            continue;
        }
        // Ropes are written flat: an image holds no rope structure.
        w.u8(if s.interned { 2 } else { 1 });
        w.units16(h.str(crate::value::StrId(i as u32)));
    }
    for (i, s) in h.symbols.iter().enumerate() {
        if !h.symbols.live[i] {
            w.u8(0);
            continue;
        }
        w.u8(1 | (s.registered as u8) << 1 | (s.private as u8) << 2);
        w.val(s.description);
    }
    for (i, b) in h.bigints.iter().enumerate() {
        if !h.bigints.live[i] {
            w.u8(0);
            continue;
        }
        w.u8(1);
        w.bytes(&b.to_signed_bytes_le());
    }
    for i in 1..vm.shapes.len() {
        let Some((parent, key, attrs)) = vm.shapes.parent_of(ShapeId(i as u32)) else { return Err("inconsistent shape table".into()) };
        w.u32(parent.0);
        w.key(key);
        w.u8(attrs);
    }
    for (i, o) in h.objects.iter().enumerate() {
        if !h.objects.live[i] {
            w.u8(0);
            continue;
        }
        w.u8(1);
        w.val(o.proto);
        w.u32(o.shape.0);
        w.u8(o.flags);
        w.u32(o.array_len);
        w.vals(&o.slots);
        match &o.dict {
            Some(d) => {
                let entries: Vec<&(PropKey, u8, Value)> = d.iter().collect();
                w.u32(entries.len() as u32);
                for (k, a, v) in entries {
                    w.key(*k);
                    w.u8(*a);
                    w.val(*v);
                }
            }
            None => w.u32(NONE),
        }
        match &o.elements {
            Elements::Dense(v) => {
                w.u8(0);
                w.vals(v);
            }
            Elements::Sparse(m) => {
                w.u8(1);
                w.u32(m.len() as u32);
                for (k, (v, a)) in m.iter() {
                    w.u32(*k);
                    w.val(*v);
                    w.u8(*a);
                }
            }
        }
        write_kind(&mut w, &o.kind, &natives).map_err(|e| format!("object {i}: {e}"))?;
    }
    // Units: snapshot units by their index; others become extra units.
    let mut extra: Vec<Arc<crate::bytecode::CodeUnit>> = Vec::new();
    for lu in &vm.units {
        let index = match lu.origin {
            Some((0, su)) => su,
            _ => {
                extra.push(lu.unit.clone());
                (snap.units.len() + extra.len() - 1) as u32
            }
        };
        w.u32(index);
        w.u32(lu.module.unwrap_or(NONE));
        w.vals(&lu.consts);
        let mut templates: Vec<(&u32, &Value)> = lu.templates.iter().collect();
        templates.sort_by_key(|(k, _)| **k);
        w.u32(templates.len() as u32);
        for (k, v) in templates {
            w.u32(*k);
            w.val(*v);
        }
    }
    for s in &vm.scopes {
        w.u8(s.var_scope as u8);
        w.u32(s.names.len() as u32);
        for (n, f) in s.names.iter() {
            w.u32(n.0);
            w.u8(*f);
        }
    }
    for r in &vm.modules.records {
        w.str(&r.name);
        w.u32(r.unit.unwrap_or(NONE));
        if r.unit.is_none() {
            w.u32(r.info.local_exports.len() as u32);
            for (n, slot) in &r.info.local_exports {
                w.str(n);
                w.u32(*slot);
            }
        }
        w.u32(r.env.0);
        w.u32(r.requested.len() as u32);
        for m in &r.requested {
            w.u32(*m);
        }
        w.u32(r.imports.len() as u32);
        for b in &r.imports {
            let (tag, a, c) = match b {
                Binding::Slot(o, s) => (0, o.0, *s),
                Binding::Namespace(m) => (1, *m, 0),
                Binding::DeferredNamespace(m) => (2, *m, 0),
                Binding::Source(m) => (3, *m, 0),
            };
            w.u8(tag);
            w.u32(a);
            w.u32(c);
        }
        for v in [r.gen, r.namespace, r.deferred_namespace, r.meta, r.source, r.error.unwrap_or(Value::HOLE)] {
            w.val(v);
        }
        for v in r.capability {
            w.val(v);
        }
        w.u8(match r.status {
            Status::Unlinked => 0,
            Status::Linking => 1,
            Status::Linked => 2,
            Status::Evaluating => 3,
            Status::EvaluatingAsync => 4,
            Status::Evaluated => 5,
        });
        w.u32(r.cycle_root);
        w.u64(r.async_order);
        w.u32(r.pending_deps);
        w.u32(r.async_parents.len() as u32);
        for p in &r.async_parents {
            w.u32(*p);
        }
    }
    w.u64(vm.modules.async_count);
    let mut by_name: Vec<(&String, &u32)> = vm.modules.by_name.iter().collect();
    by_name.sort();
    w.u32(by_name.len() as u32);
    for (k, m) in by_name {
        w.str(k);
        w.u32(*m);
    }
    let mut native: Vec<(&String, &u32)> = vm.modules.native.iter().collect();
    native.sort();
    w.u32(native.len() as u32);
    for (k, m) in native {
        w.str(k);
        w.u32(*m);
    }
    let mut registry: Vec<(&Box<[u16]>, &SymId)> = vm.symbol_registry.iter().collect();
    registry.sort();
    w.u32(registry.len() as u32);
    for (k, s) in registry {
        w.units16(k);
        w.u32(s.0);
    }
    w.vals(&vm.persistent);
    w.u32(vm.persistent_free.len() as u32);
    for f in &vm.persistent_free {
        w.u32(*f);
    }
    Ok((w.out, extra))
}
