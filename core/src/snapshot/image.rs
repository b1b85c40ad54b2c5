//! Heap images (`gannet compile --init`): the state of an isolate after the
//! program's top level ran, written position-independently and restored into a
//! fresh isolate.
//!
//! An image holds the four arenas cell by cell (indices are kept, so every
//! value and reference inside stays valid), the shape table, the loaded units
//! (as indices into the snapshot's unit table, with their materialised
//! constants), scope tables, module records, the symbol registry and the
//! embedder's persistent handles. It does not hold the realm's intrinsics or
//! the engine's interned names: those are indices that realm initialisation
//! produces identically in every isolate of the same engine and host setup,
//! which the image checks through `base`, a hash of the heap layout of the
//! isolate it was taken from before the program ran. Native functions are
//! stored as their index in the list of natives of that base state (plus
//! `RUNTIME_NATIVES`, created while programs run), never as addresses.
//!
//! Loading verifies every value and reference (kind, index and liveness),
//! every closure's function, every shape, and that prototype, bound-target and
//! proxy-target chains are acyclic, before the image replaces the heap.

use super::layout::Cursor;
use super::{hash, EngineLayout, Snapshot, SnapshotError};
use crate::builtins::disposable::{DisposableData, DisposableResource};
use crate::builtins::iterator::{HelperData, HelperKind, HelperState};
use crate::builtins::regexp::RegExpData;
use crate::builtins::typed_array::{BufferData, TypedArrayData};
use crate::heap::{Arena, JsString, SymbolData};
use crate::modules::{Binding, ModuleRecord, Status};
use crate::object::*;
use crate::shape::{ShapeId, Shapes};
use crate::value::*;
use crate::vm::{IcEntry, LoadedUnit, ScopeInfo};
use crate::{Isolate, Vm};
use num_bigint::BigInt;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

const NONE: u32 = u32::MAX;

/// Natives created while programs run (not present in a fresh realm), which a
/// heap image may hold: index `base natives + i`.
fn runtime_natives() -> Vec<NativeFn> {
    let mut v = crate::builtins::promise::RUNTIME_NATIVES.to_vec();
    v.push(crate::builtins::proxy::revoke_fn);
    v
}

// ----- writing -------------------------------------------------------------------

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

/// Object kind tags in images (one per `ObjectKind` variant).
mod kind {
    pub const ORDINARY: u8 = 0;
    pub const ARRAY: u8 = 1;
    pub const CLOSURE: u8 = 2;
    pub const NATIVE: u8 = 3;
    pub const BOUND: u8 = 4;
    pub const ENV: u8 = 5;
    pub const WITH_ENV: u8 = 6;
    pub const ARGUMENTS: u8 = 7;
    pub const ERROR: u8 = 8;
    pub const BOOLEAN: u8 = 9;
    pub const NUMBER: u8 = 10;
    pub const STRING: u8 = 11;
    pub const SYMBOL: u8 = 12;
    pub const BIGINT: u8 = 13;
    pub const DATE: u8 = 14;
    pub const REGEXP: u8 = 15;
    pub const MAP: u8 = 16;
    pub const SET: u8 = 17;
    pub const WEAK_MAP: u8 = 18;
    pub const WEAK_SET: u8 = 19;
    pub const WEAK_REF: u8 = 20;
    pub const FIN_REG: u8 = 21;
    pub const PROMISE: u8 = 22;
    pub const GENERATOR: u8 = 23;
    pub const ARRAY_ITER: u8 = 24;
    pub const MAP_ITER: u8 = 25;
    pub const STRING_ITER: u8 = 26;
    pub const FOR_IN: u8 = 27;
    pub const PROXY: u8 = 28;
    pub const ACCESSOR: u8 = 29;
    pub const NAMESPACE: u8 = 30;
    pub const ARRAY_BUFFER: u8 = 31;
    pub const TYPED_ARRAY: u8 = 32;
    pub const DATA_VIEW: u8 = 33;
    pub const INTERNAL: u8 = 34;
    pub const HELPER: u8 = 35;
    pub const DISPOSABLE: u8 = 36;
    pub const TEMPORAL: u8 = 37;
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
                Some((env, slots)) => {
                    w.u32(env.0);
                    w.u32(slots.len() as u32);
                    for s in slots {
                        w.u32(*s);
                    }
                }
                None => w.u32(NONE),
            }
        }
        ObjectKind::Error => w.u8(kind::ERROR),
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
        ObjectKind::ModuleNamespace { module } => {
            w.u8(kind::NAMESPACE);
            w.u32(*module);
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
            w.u8(b.shared as u8);
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
    for (i, s) in h.strings.cells.iter().enumerate() {
        if !h.strings.live[i] {
            w.u8(0);
            continue;
        }
        w.u8(if s.interned { 2 } else { 1 });
        w.units16(&s.units);
    }
    for (i, s) in h.symbols.cells.iter().enumerate() {
        if !h.symbols.live[i] {
            w.u8(0);
            continue;
        }
        w.u8(1 | (s.registered as u8) << 1 | (s.private as u8) << 2);
        w.val(s.description);
    }
    for (i, b) in h.bigints.cells.iter().enumerate() {
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
    for (i, o) in h.objects.cells.iter().enumerate() {
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
                for (k, (v, a)) in m {
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
            match b {
                Binding::Slot(o, s) => {
                    w.u8(0);
                    w.u32(o.0);
                    w.u32(*s);
                }
                Binding::Namespace(m) => {
                    w.u8(1);
                    w.u32(*m);
                    w.u32(0);
                }
            }
        }
        for v in [r.gen, r.namespace, r.meta, r.eval_promise, r.error.unwrap_or(Value::HOLE)] {
            w.val(v);
        }
        w.u8(match r.status {
            Status::Linked => 0,
            Status::Evaluating => 1,
            Status::Evaluated => 2,
        });
    }
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

// ----- reading -------------------------------------------------------------------

struct R<'a> {
    c: Cursor<'a>,
    base: usize,
}

type Res<T> = Result<T, SnapshotError>;

impl<'a> R<'a> {
    fn err<T>(&self, what: &str) -> Res<T> {
        Err(SnapshotError::Corrupt { offset: self.base + self.c.pos, what: format!("heap image: {what}") })
    }
    fn u8(&mut self) -> Res<u8> {
        match self.c.u8() {
            Some(v) => Ok(v),
            None => self.err("truncated"),
        }
    }
    fn u32(&mut self) -> Res<u32> {
        match self.c.u32() {
            Some(v) => Ok(v),
            None => self.err("truncated"),
        }
    }
    fn u64(&mut self) -> Res<u64> {
        match self.c.u64() {
            Some(v) => Ok(v),
            None => self.err("truncated"),
        }
    }
    /// A count of items of at least `min` bytes each.
    fn count(&mut self, min: usize) -> Res<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.c.remaining() {
            return self.err("count exceeds the remaining bytes");
        }
        Ok(n)
    }
    fn val(&mut self) -> Res<Value> {
        Ok(Value::from_bits_unchecked(self.u64()?))
    }
    fn vals(&mut self) -> Res<Vec<Value>> {
        let n = self.count(8)?;
        (0..n).map(|_| self.val()).collect()
    }
    fn units16(&mut self) -> Res<Vec<u16>> {
        let n = self.count(2)?;
        (0..n).map(|_| self.c.u16().map_or_else(|| self.err("truncated"), Ok)).collect()
    }
    fn str(&mut self) -> Res<String> {
        let n = self.count(1)?;
        match self.c.take(n).map(|b| std::str::from_utf8(b).map(str::to_string)) {
            Some(Ok(s)) => Ok(s),
            _ => self.err("bad text"),
        }
    }
    fn bytes(&mut self) -> Res<Vec<u8>> {
        let n = self.count(1)?;
        match self.c.take(n) {
            Some(b) => Ok(b.to_vec()),
            None => self.err("truncated"),
        }
    }
    fn key(&mut self) -> Res<PropKey> {
        let tag = self.u8()?;
        let v = self.u32()?;
        match tag {
            0 if v != u32::MAX => Ok(PropKey::Index(v)),
            1 => Ok(PropKey::Str(StrId(v))),
            2 => Ok(PropKey::Sym(SymId(v))),
            _ => self.err("bad property key"),
        }
    }
    fn opt_usize(&mut self) -> Res<Option<usize>> {
        let v = self.u64()?;
        Ok(if v == u64::MAX { None } else { Some(v as usize) })
    }
    fn flag(&mut self) -> Res<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => self.err("bad flag"),
        }
    }
}

fn read_table(r: &mut R) -> Res<OrderedTable> {
    let n = r.count(1)?;
    let mut t = OrderedTable::default();
    for _ in 0..n {
        if r.flag()? {
            let (k, v) = (r.val()?, r.val()?);
            t.entries.push(Some((k, v)));
            t.live += 1;
        } else {
            t.entries.push(None);
        }
    }
    let n = r.count(4)?;
    for _ in 0..n {
        t.iterators.push(ObjId(r.u32()?));
    }
    Ok(t)
}

fn read_iter_kind(r: &mut R) -> Res<IterKind> {
    match r.u8()? {
        0 => Ok(IterKind::Keys),
        1 => Ok(IterKind::Values),
        2 => Ok(IterKind::Entries),
        _ => r.err("bad iterator kind"),
    }
}

fn read_typed(r: &mut R) -> Res<Box<TypedArrayData>> {
    let buffer = r.val()?;
    let k = r.u8()?;
    if k as usize >= crate::builtins::typed_array::KINDS {
        return r.err("bad typed array kind");
    }
    let offset = r.u64()? as usize;
    let length = r.opt_usize()?;
    Ok(Box::new(TypedArrayData { buffer, kind: k, offset, length }))
}

fn read_kind(r: &mut R, natives: &[NativeFn]) -> Res<ObjectKind> {
    Ok(match r.u8()? {
        kind::ORDINARY => ObjectKind::Ordinary,
        kind::ARRAY => ObjectKind::Array,
        kind::CLOSURE => {
            let (unit, func) = (r.u32()?, r.u32()?);
            let (env, home, fields) = (r.val()?, r.val()?, r.val()?);
            let f = r.u8()?;
            ObjectKind::Closure(Box::new(ClosureData { unit, func, env, home, fields, is_class_constructor: f & 1 != 0, is_derived: f & 2 != 0 }))
        }
        kind::NATIVE => {
            let i = r.u32()? as usize;
            let Some(&f) = natives.get(i) else { return r.err("native function index out of range") };
            let constructor = r.flag()?;
            ObjectKind::Native(Box::new(NativeData { f, constructor, captures: r.vals()? }))
        }
        kind::BOUND => {
            let (target, this) = (r.val()?, r.val()?);
            ObjectKind::Bound(Box::new(BoundData { target, this, args: r.vals()? }))
        }
        kind::ENV => ObjectKind::Env { parent: r.val()?, scope: r.u32()? },
        kind::WITH_ENV => ObjectKind::WithEnv { parent: r.val()?, object: r.val()? },
        kind::ARGUMENTS => {
            let env = r.u32()?;
            if env == NONE {
                ObjectKind::Arguments { mapped: None }
            } else {
                let n = r.count(4)?;
                let slots = (0..n).map(|_| r.u32()).collect::<Res<Vec<u32>>>()?;
                ObjectKind::Arguments { mapped: Some((ObjId(env), slots)) }
            }
        }
        kind::ERROR => ObjectKind::Error,
        kind::BOOLEAN => ObjectKind::BooleanBox(r.flag()?),
        kind::NUMBER => ObjectKind::NumberBox(f64::from_bits(r.u64()?)),
        kind::STRING => ObjectKind::StringBox(StrId(r.u32()?)),
        kind::SYMBOL => ObjectKind::SymbolBox(SymId(r.u32()?)),
        kind::BIGINT => ObjectKind::BigIntBox(r.val()?),
        kind::DATE => ObjectKind::Date(f64::from_bits(r.u64()?)),
        kind::REGEXP => {
            let source = r.units16()?;
            let flags = r.str()?;
            let f = r.u8()?;
            let regex = if f & 1 != 0 {
                match crate::builtins::regexp::compile(&source, &flags) {
                    Ok(re) => Some(re),
                    Err(_) => return r.err("a regular expression does not compile"),
                }
            } else {
                None
            };
            ObjectKind::RegExp(Box::new(RegExpData { source, flags, regex, legacy: f & 2 != 0 }))
        }
        t @ (kind::MAP | kind::SET | kind::WEAK_MAP | kind::WEAK_SET) => {
            let table = Box::new(read_table(r)?);
            match t {
                kind::MAP => ObjectKind::Map(table),
                kind::SET => ObjectKind::Set(table),
                kind::WEAK_MAP => ObjectKind::WeakMap(table),
                _ => ObjectKind::WeakSet(table),
            }
        }
        kind::WEAK_REF => ObjectKind::WeakRef(r.val()?),
        kind::FIN_REG => {
            let cleanup = r.val()?;
            let n = r.count(24)?;
            let cells = (0..n).map(|_| Ok((r.val()?, r.val()?, r.val()?))).collect::<Res<Vec<_>>>()?;
            ObjectKind::FinalizationRegistry(Box::new(FinRegData { cleanup, cells }))
        }
        kind::PROMISE => {
            let state = match r.u8()? {
                0 => PromiseState::Pending,
                1 => PromiseState::Fulfilled,
                2 => PromiseState::Rejected,
                _ => return r.err("bad promise state"),
            };
            let result = r.val()?;
            let handled = r.flag()?;
            let n = r.count(40)?;
            let mut reactions = Vec::with_capacity(n);
            for _ in 0..n {
                reactions.push(Reaction { on_fulfilled: r.val()?, on_rejected: r.val()?, cap_promise: r.val()?, cap_resolve: r.val()?, cap_reject: r.val()? });
            }
            ObjectKind::Promise(Box::new(PromiseData { state, result, reactions, handled }))
        }
        kind::GENERATOR => {
            let state = match r.u8()? {
                0 => GenState::SuspendedStart,
                1 => GenState::SuspendedYield,
                3 => GenState::Completed,
                _ => return r.err("bad generator state"),
            };
            let flavor = r.u8()?;
            if flavor > 2 {
                return r.err("bad generator flavor");
            }
            let promise = r.val()?;
            let awaiting_return = r.flag()?;
            let n = r.count(17)?;
            let queue = (0..n).map(|_| Ok((r.u8()?, r.val()?, r.val()?))).collect::<Res<Vec<_>>>()?;
            let frame = if r.flag()? {
                let (closure, resume_reg, pc) = (ObjId(r.u32()?), r.u32()?, r.u32()?);
                Some(SavedFrame { closure, resume_reg, pc, regs: r.vals()?, extra_args: r.vals()?, new_target: r.val()? })
            } else {
                None
            };
            ObjectKind::Generator(Box::new(GeneratorData { state, frame, flavor, promise, queue, awaiting_return }))
        }
        t @ (kind::ARRAY_ITER | kind::MAP_ITER) => {
            let (target, index, ik, done) = (r.val()?, r.u32()?, read_iter_kind(r)?, r.flag()?);
            if t == kind::ARRAY_ITER {
                ObjectKind::ArrayIterator { target, index, kind: ik, done }
            } else {
                ObjectKind::MapIterator { target, index, kind: ik, done }
            }
        }
        kind::STRING_ITER => ObjectKind::StringIterator { target: r.val()?, index: r.u32()?, done: r.flag()? },
        kind::FOR_IN => {
            let keys = r.vals()?;
            let pos = r.u64()? as usize;
            ObjectKind::ForIn(Box::new(ForInState { keys, pos, object: r.val()? }))
        }
        kind::PROXY => ObjectKind::Proxy { target: r.val()?, handler: r.val()? },
        kind::ACCESSOR => ObjectKind::Accessor { get: r.val()?, set: r.val()? },
        kind::NAMESPACE => ObjectKind::ModuleNamespace { module: r.u32()? },
        kind::ARRAY_BUFFER => {
            let bytes = if r.flag()? { Some(r.bytes()?) } else { None };
            let max_len = r.opt_usize()?;
            if let (Some(b), Some(m)) = (&bytes, max_len) {
                if b.len() > m {
                    return r.err("buffer longer than its maximum");
                }
            }
            ObjectKind::ArrayBuffer(Box::new(BufferData { bytes, max_len, shared: r.flag()? }))
        }
        kind::TYPED_ARRAY => ObjectKind::TypedArray(read_typed(r)?),
        kind::DATA_VIEW => ObjectKind::DataView(read_typed(r)?),
        kind::INTERNAL => ObjectKind::Internal(r.vals()?),
        kind::HELPER => {
            let k = match r.u8()? {
                0 => HelperKind::Map,
                1 => HelperKind::Filter,
                2 => HelperKind::Take,
                3 => HelperKind::Drop,
                4 => HelperKind::FlatMap,
                5 => HelperKind::Concat,
                6 => HelperKind::Wrap,
                _ => return r.err("bad iterator helper kind"),
            };
            let state = match r.u8()? {
                0 => HelperState::SuspendedStart,
                1 => HelperState::SuspendedYield,
                3 => HelperState::Completed,
                _ => return r.err("bad iterator helper state"),
            };
            let (iterator, next, func, inner, inner_next) = (r.val()?, r.val()?, r.val()?, r.val()?, r.val()?);
            let count = f64::from_bits(r.u64()?);
            ObjectKind::IteratorHelper(Box::new(HelperData { kind: k, state, iterator, next, func, count, inner, inner_next }))
        }
        kind::DISPOSABLE => {
            let f = r.u8()?;
            let completion = r.val()?;
            let cap = [r.val()?, r.val()?, r.val()?];
            let n = r.count(17)?;
            let resources = (0..n).map(|_| Ok(DisposableResource { value: r.val()?, method: r.val()?, is_async: r.flag()? })).collect::<Res<Vec<_>>>()?;
            let mut d = DisposableData::new(f & 1 != 0);
            d.disposed = f & 2 != 0;
            d.has_error = f & 4 != 0;
            d.needs_await = f & 8 != 0;
            d.has_awaited = f & 16 != 0;
            d.completion = completion;
            d.cap = cap;
            d.resources = resources;
            ObjectKind::DisposableStack(Box::new(d))
        }
        kind::TEMPORAL => {
            let text = r.str()?;
            match crate::builtins::temporal::TemporalValue::decode(&text) {
                Some(t) => ObjectKind::Temporal(Box::new(t)),
                None => return r.err("bad Temporal value"),
            }
        }
        _ => return r.err("unknown object kind"),
    })
}

/// Everything an image restores, checked before it replaces anything.
struct Image {
    strings: Arena<JsString>,
    symbols: Arena<SymbolData>,
    bigints: Arena<BigInt>,
    objects: Arena<JsObject>,
    shapes: Shapes,
    units: Vec<LoadedUnit>,
    scopes: Vec<ScopeInfo>,
    records: Vec<ModuleRecord>,
    by_name: HashMap<String, u32>,
    native: HashMap<String, u32>,
    registry: HashMap<Box<[u16]>, SymId>,
    persistent: Vec<Value>,
    persistent_free: Vec<u32>,
}

fn read_image(bytes: &[u8], at: usize, snap: &Snapshot, base: &EngineLayout) -> Res<Image> {
    let mut r = R { c: Cursor::new(bytes), base: at };
    let (hash, n_natives) = (r.u64()?, r.u32()? as usize);
    if hash != base.builtins || n_natives != base.natives.len() {
        return Err(SnapshotError::Corrupt {
            offset: at,
            what: "the heap image was taken in an isolate set up differently (other host globals); load it with the host that built it".into(),
        });
    }
    let mut natives = base.natives.clone();
    natives.extend(runtime_natives());
    let mut counts = [0usize; 8];
    for c in counts.iter_mut() {
        *c = r.u32()? as usize;
        if *c > r.c.remaining() {
            return r.err("count exceeds the remaining bytes");
        }
    }
    let [n_str, n_sym, n_big, n_obj, n_shapes, n_units, n_scopes, n_mods] = counts;

    let (mut cells, mut live) = (Vec::with_capacity(n_str), Vec::with_capacity(n_str));
    for _ in 0..n_str {
        match r.u8()? {
            0 => {
                cells.push(JsString { units: Box::new([]), interned: false });
                live.push(false);
            }
            t @ (1 | 2) => {
                cells.push(JsString { units: r.units16()?.into(), interned: t == 2 });
                live.push(true);
            }
            _ => return r.err("bad string cell"),
        }
    }
    let strings = Arena::from_cells(cells, live);
    let (mut cells, mut live) = (Vec::with_capacity(n_sym), Vec::with_capacity(n_sym));
    for _ in 0..n_sym {
        let f = r.u8()?;
        if f & 1 == 0 {
            cells.push(SymbolData { description: Value::UNDEFINED, registered: false, private: false });
            live.push(false);
        } else {
            cells.push(SymbolData { description: r.val()?, registered: f & 2 != 0, private: f & 4 != 0 });
            live.push(true);
        }
    }
    let symbols = Arena::from_cells(cells, live);
    let (mut cells, mut live) = (Vec::with_capacity(n_big), Vec::with_capacity(n_big));
    for _ in 0..n_big {
        if r.flag()? {
            cells.push(BigInt::from_signed_bytes_le(&r.bytes()?));
            live.push(true);
        } else {
            cells.push(BigInt::default());
            live.push(false);
        }
    }
    let bigints = Arena::from_cells(cells, live);

    let mut shapes = Shapes::default();
    for i in 1..n_shapes {
        let parent = r.u32()?;
        let key = r.key()?;
        let attrs = r.u8()?;
        if parent as usize >= i || shapes.add_new(ShapeId(parent), key, attrs) != Some(ShapeId(i as u32)) {
            return r.err("bad shape table");
        }
    }

    let (mut cells, mut live) = (Vec::with_capacity(n_obj), Vec::with_capacity(n_obj));
    for _ in 0..n_obj {
        if !r.flag()? {
            cells.push(JsObject::dead());
            live.push(false);
            continue;
        }
        let proto = r.val()?;
        let shape = ShapeId(r.u32()?);
        let flags = r.u8()?;
        let array_len = r.u32()?;
        let slots = r.vals()?;
        let n = r.u32()?;
        let dict = if n == NONE {
            None
        } else {
            if (n as usize).saturating_mul(14) > r.c.remaining() {
                return r.err("count exceeds the remaining bytes");
            }
            let list = (0..n).map(|_| Ok((r.key()?, r.u8()?, r.val()?))).collect::<Res<Vec<_>>>()?;
            Some(Box::new(Dict::from_entries(list)))
        };
        let elements = match r.u8()? {
            0 => Elements::Dense(r.vals()?),
            1 => {
                let n = r.count(13)?;
                let mut m = BTreeMap::new();
                for _ in 0..n {
                    let (k, v, a) = (r.u32()?, r.val()?, r.u8()?);
                    m.insert(k, (v, a));
                }
                Elements::Sparse(m)
            }
            _ => return r.err("bad elements"),
        };
        let kind = read_kind(&mut r, &natives)?;
        cells.push(JsObject { proto, shape, slots, dict, elements, array_len, kind, flags });
        live.push(true);
    }
    let objects = Arena::from_cells(cells, live);

    let mut units = Vec::with_capacity(n_units);
    for _ in 0..n_units {
        let index = r.u32()? as usize;
        let Some(su) = snap.units.get(index) else { return r.err("unit index out of range") };
        if su.json {
            return r.err("a JSON module has no code");
        }
        let module = r.u32()?;
        let consts = r.vals()?;
        if consts.len() != su.unit.constants.len() {
            return r.err("constant count does not match the unit");
        }
        let n = r.count(12)?;
        let mut templates = HashMap::new();
        for _ in 0..n {
            let k = r.u32()?;
            templates.insert(k, r.val()?);
        }
        let ics = su.unit.functions.iter().map(|f| vec![IcEntry::default(); f.n_ics as usize].into_boxed_slice()).collect();
        units.push(LoadedUnit {
            unit: su.unit.clone(),
            consts,
            ics,
            templates,
            module: (module != NONE).then_some(module),
            origin: Some((0, index as u32)),
        });
    }
    let mut scopes = Vec::with_capacity(n_scopes);
    for _ in 0..n_scopes {
        let var_scope = r.flag()?;
        let n = r.count(5)?;
        let names = (0..n).map(|_| Ok((StrId(r.u32()?), r.u8()?))).collect::<Res<Vec<_>>>()?;
        scopes.push(ScopeInfo { names: Arc::from(names), var_scope });
    }
    let mut records = Vec::with_capacity(n_mods);
    for _ in 0..n_mods {
        let name = r.str()?;
        let unit = r.u32()?;
        let info = if unit == NONE {
            let n = r.count(8)?;
            let local_exports = (0..n).map(|_| Ok((r.str()?.into_boxed_str(), r.u32()?))).collect::<Res<Vec<_>>>()?;
            crate::bytecode::ModuleInfo { env_size: local_exports.len() as u32, local_exports, ..Default::default() }
        } else {
            match units.get(unit as usize).and_then(|u: &LoadedUnit| u.unit.module.clone()) {
                Some(info) => info,
                None => return r.err("module record without module code"),
            }
        };
        let env = ObjId(r.u32()?);
        let n = r.count(4)?;
        let requested = (0..n).map(|_| r.u32()).collect::<Res<Vec<_>>>()?;
        let n = r.count(9)?;
        let mut imports = Vec::with_capacity(n);
        for _ in 0..n {
            let (t, a, b) = (r.u8()?, r.u32()?, r.u32()?);
            imports.push(match t {
                0 => Binding::Slot(ObjId(a), b),
                1 => Binding::Namespace(a),
                _ => return r.err("bad import binding"),
            });
        }
        let (gen, namespace, meta, eval_promise, error) = (r.val()?, r.val()?, r.val()?, r.val()?, r.val()?);
        let status = match r.u8()? {
            0 => Status::Linked,
            1 => Status::Evaluating,
            2 => Status::Evaluated,
            _ => return r.err("bad module status"),
        };
        records.push(ModuleRecord {
            name,
            unit: (unit != NONE).then_some(unit),
            info,
            env,
            requested,
            imports,
            gen,
            status,
            error: (error != Value::HOLE).then_some(error),
            namespace,
            meta,
            eval_promise,
            exports_cache: None,
        });
    }
    let mut by_name = HashMap::new();
    for _ in 0..r.count(5)? {
        let k = r.str()?;
        by_name.insert(k, r.u32()?);
    }
    let mut native = HashMap::new();
    for _ in 0..r.count(5)? {
        let k = r.str()?;
        native.insert(k, r.u32()?);
    }
    let mut registry = HashMap::new();
    for _ in 0..r.count(5)? {
        let k = r.units16()?;
        registry.insert(k.into_boxed_slice(), SymId(r.u32()?));
    }
    let persistent = r.vals()?;
    let n = r.count(4)?;
    let persistent_free = (0..n).map(|_| r.u32()).collect::<Res<Vec<_>>>()?;
    if r.c.remaining() != 0 {
        return r.err("trailing bytes");
    }
    let image = Image { strings, symbols, bigints, objects, shapes, units, scopes, records, by_name, native, registry, persistent, persistent_free };
    check(&image, at)?;
    Ok(image)
}

/// Reference checks over a decoded image.
fn check(im: &Image, at: usize) -> Res<()> {
    let bad = |what: String| Err(SnapshotError::Corrupt { offset: at, what: format!("heap image: {what}") });
    let obj_ok = |o: ObjId| im.objects.live.get(o.0 as usize).copied().unwrap_or(false);
    let str_ok = |s: StrId| im.strings.live.get(s.0 as usize).copied().unwrap_or(false);
    let sym_ok = |s: SymId| im.symbols.live.get(s.0 as usize).copied().unwrap_or(false);
    let val_ok = |v: Value| -> bool {
        let low = v.bits() as u32;
        let mid = (v.bits() >> 32) & 0xFFFF;
        match v.tag() {
            TAG_INT => mid == 0,
            TAG_SPECIAL => mid == 0 && low <= 5,
            TAG_OBJECT => mid == 0 && obj_ok(ObjId(low)),
            TAG_STRING => mid == 0 && str_ok(StrId(low)),
            TAG_SYMBOL => mid == 0 && sym_ok(SymId(low)),
            TAG_BIGINT => mid == 0 && im.bigints.live.get(low as usize).copied().unwrap_or(false),
            _ => f64::from_bits(v.bits()).is_nan() && v.bits() == 0x7FF8_0000_0000_0000 || Value::number(f64::from_bits(v.bits())).bits() == v.bits(),
        }
    };
    let key_ok = |k: PropKey| match k {
        PropKey::Index(_) => true,
        PropKey::Str(s) => str_ok(s) && im.strings.cells[s.0 as usize].interned,
        PropKey::Sym(s) => sym_ok(s),
    };
    let func_ok = |unit: u32, func: u32| im.units.get(unit as usize).is_some_and(|u| (func as usize) < u.unit.functions.len());
    for (i, s) in im.symbols.cells.iter().enumerate() {
        if im.symbols.live[i] && !(s.description.is_undefined() || s.description.as_string().is_some_and(str_ok)) {
            return bad(format!("symbol {i} has a bad description"));
        }
    }
    for i in 1..im.shapes.len() {
        if !im.shapes.get(ShapeId(i as u32)).props.iter().all(|(k, _)| key_ok(*k)) {
            return bad(format!("shape {i} has a bad key"));
        }
    }
    let mut children = Vec::new();
    for (i, o) in im.objects.cells.iter().enumerate() {
        if !im.objects.live[i] {
            continue;
        }
        let fail = |what: &str| bad(format!("object {i}: {what}"));
        if !(o.proto.is_null() || o.proto.as_object().is_some_and(obj_ok)) {
            return fail("bad prototype");
        }
        if o.shape == ShapeId::DICT {
            let Some(d) = &o.dict else { return fail("dictionary object without a dictionary") };
            if !o.slots.is_empty() || !d.iter().all(|(k, _, _)| key_ok(*k)) {
                return fail("bad dictionary");
            }
        } else if o.shape.0 as usize >= im.shapes.len() || o.dict.is_some() {
            return fail("bad shape");
        } else if !matches!(o.kind, ObjectKind::Env { .. }) && im.shapes.get(o.shape).props.len() != o.slots.len() {
            // Scope records keep variables in `slots` without a shape.
            return fail("slots do not match the shape");
        }
        children.clear();
        o.trace(&mut children);
        if let Some(v) = children.iter().find(|v| !val_ok(**v)) {
            return fail(&format!("bad value {:016x}", v.bits()));
        }
        // Typed references that `trace` does not report as values.
        let ok = match &o.kind {
            ObjectKind::Closure(c) => func_ok(c.unit, c.func),
            ObjectKind::Env { scope, .. } => *scope == u32::MAX || im.scopes.get(*scope as usize).is_some_and(|s| s.names.len() <= o.slots.len()),
            ObjectKind::Arguments { mapped: Some((env, _)) } => obj_ok(*env),
            ObjectKind::ModuleNamespace { module } => (*module as usize) < im.records.len(),
            ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
                t.entries.iter().flatten().all(|(k, v)| val_ok(*k) && val_ok(*v)) && t.iterators.iter().all(|i| (i.0 as usize) < im.objects.len())
            }
            ObjectKind::Generator(g) => match &g.frame {
                Some(f) => {
                    let closure = im.objects.cells.get(f.closure.0 as usize).filter(|_| obj_ok(f.closure));
                    match closure.map(|c| &c.kind) {
                        Some(ObjectKind::Closure(c)) if func_ok(c.unit, c.func) => {
                            let func = &im.units[c.unit as usize].unit.functions[c.func as usize];
                            f.regs.len() <= func.n_regs as usize
                                && (f.resume_reg == u32::MAX || f.resume_reg + 1 < func.n_regs)
                                && (f.pc as usize) < func.code.len()
                                && f.regs.iter().chain(&f.extra_args).all(|v| val_ok(*v))
                                && val_ok(f.new_target)
                                && g.queue.iter().all(|(_, a, b)| val_ok(*a) && val_ok(*b))
                        }
                        _ => false,
                    }
                }
                None => true,
            },
            ObjectKind::FinalizationRegistry(f) => f.cells.iter().all(|(a, b, c)| val_ok(*a) && val_ok(*b) && val_ok(*c)),
            ObjectKind::ForIn(f) => f.pos <= f.keys.len(),
            _ => true,
        };
        if !ok {
            return fail("bad internal reference");
        }
    }
    // Prototype, bound-target and proxy-target chains must end (the engine walks them).
    let next = |o: usize, which: u8| -> Option<usize> {
        let obj = &im.objects.cells[o];
        let v = match (which, &obj.kind) {
            (0, _) => obj.proto,
            (1, ObjectKind::Bound(b)) => b.target,
            (1, ObjectKind::Proxy { target, .. }) => *target,
            _ => return None,
        };
        v.as_object().map(|x| x.0 as usize)
    };
    for which in 0..2u8 {
        // 0 unvisited, 1 on the current path, 2 done.
        let mut state = vec![0u8; im.objects.len()];
        for start in 0..im.objects.len() {
            if !im.objects.live[start] || state[start] != 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(o) = cur {
                match state[o] {
                    1 => return bad(format!("object {o}: cyclic chain")),
                    2 => break,
                    _ => {}
                }
                state[o] = 1;
                path.push(o);
                cur = next(o, which);
            }
            for o in path {
                state[o] = 2;
            }
        }
    }
    for (i, u) in im.units.iter().enumerate() {
        if !u.consts.iter().chain(u.templates.values()).all(|v| val_ok(*v)) {
            return bad(format!("unit {i}: bad constant"));
        }
        if u.module.is_some_and(|m| m as usize >= im.records.len()) {
            return bad(format!("unit {i}: bad module"));
        }
    }
    for (i, s) in im.scopes.iter().enumerate() {
        if !s.names.iter().all(|(n, _)| str_ok(*n)) {
            return bad(format!("scope {i}: bad name"));
        }
    }
    for (i, m) in im.records.iter().enumerate() {
        let refs_ok = obj_ok(m.env)
            && matches!(im.objects.cells[m.env.0 as usize].kind, ObjectKind::Env { .. })
            && m.unit.is_none_or(|u| (u as usize) < im.units.len())
            && m.requested.iter().all(|r| (*r as usize) < im.records.len())
            && m.imports.iter().all(|b| match b {
                Binding::Slot(o, _) => obj_ok(*o),
                Binding::Namespace(n) => (*n as usize) < im.records.len(),
            })
            && [m.gen, m.namespace, m.meta, m.eval_promise].iter().chain(m.error.iter()).all(|v| val_ok(*v));
        if !refs_ok {
            return bad(format!("module {i}: bad reference"));
        }
    }
    if !im.by_name.values().chain(im.native.values()).all(|m| (*m as usize) < im.records.len()) {
        return bad("bad module name table".into());
    }
    if !im.registry.values().all(|s| sym_ok(*s)) || !im.persistent.iter().all(|v| val_ok(*v)) {
        return bad("bad symbol registry or persistent handle".into());
    }
    if !im.persistent_free.iter().all(|f| (*f as usize) < im.persistent.len()) {
        return bad("bad persistent free list".into());
    }
    Ok(())
}

/// Replaces `iso`'s heap with the snapshot's image. `iso` must be fresh and
/// set up like the isolate that took the image (same host globals).
pub fn restore(iso: &mut Isolate, snap: &Arc<Snapshot>) -> Result<(), SnapshotError> {
    let Some(bytes) = snap.heap_image() else { return Err(SnapshotError::Corrupt { offset: 0, what: "no heap image".into() }) };
    let at = snap.sections.iter().find(|(k, _)| *k == super::layout::HEAP).map_or(0, |(_, e)| e.offset as usize);
    let vm = iso.vm();
    let base = EngineLayout::of_vm(vm);
    let im = read_image(bytes, at, snap, &base)?;
    vm.heap.strings = im.strings;
    vm.heap.symbols = im.symbols;
    vm.heap.bigints = im.bigints;
    vm.heap.objects = im.objects;
    vm.heap.rebuild_interned();
    vm.shapes = im.shapes;
    vm.units = im.units;
    vm.scopes = im.scopes;
    vm.modules.records = im.records;
    vm.modules.by_name = im.by_name;
    vm.modules.native = im.native;
    vm.modules.snapshots = vec![snap.clone()];
    vm.modules.mounted.clear();
    for (u, su) in snap.units.iter().enumerate() {
        if su.json || su.unit.module.is_some() {
            vm.modules.mounted.entry(su.name.clone()).or_insert((0, u as u32));
        }
    }
    vm.symbol_registry = im.registry;
    vm.persistent = im.persistent;
    vm.persistent_free = im.persistent_free;
    vm.stack.clear();
    vm.roots.clear();
    vm.jobs.clear();
    // Map and Set indices are hash tables keyed by contents: rebuild them.
    for i in 0..vm.heap.objects.len() {
        let keys: Vec<(usize, Value)> = match &vm.heap.objects.cells[i].kind {
            ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
                t.entries.iter().enumerate().filter_map(|(j, e)| e.map(|(k, _)| (j, k))).collect()
            }
            _ => continue,
        };
        let index: HashMap<MapKey, usize> = keys.into_iter().map(|(j, k)| (crate::builtins::map::map_key(vm, k), j)).collect();
        if let ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) = &mut vm.heap.objects.cells[i].kind {
            t.index = index;
        }
    }
    vm.heap.allocated_since_gc = 0;
    vm.heap.live_after_gc = vm.heap.estimate_live_bytes();
    Ok(())
}

/// `gannet run` of a snapshot with a heap image: restores it, then calls the
/// entry's `main` (an exported function of an entry module, or a global
/// function `main` of an entry script) if there is one.
pub fn resume(iso: &mut Isolate, snap: &Arc<Snapshot>) -> Result<(), crate::Error> {
    let name = snap.units.first().map(|u| u.name.clone()).unwrap_or_default();
    restore(iso, snap).map_err(|e| crate::Error::Snapshot(format!("{name}: {e}")))?;
    iso.call_main(snap)
}

/// Hash of an isolate's heap layout and its natives, for `EngineLayout::of_vm`.
pub(crate) fn layout_hash(vm: &Vm, with_strings: bool) -> (u64, Vec<NativeFn>) {
    let mut text: Vec<u8> = Vec::new();
    text.extend_from_slice(&super::layout::FORMAT_VERSION.to_le_bytes());
    text.extend_from_slice(crate::bytecode::OPCODE_TABLE.as_bytes());
    text.extend_from_slice(&(vm.heap.strings.len() as u32).to_le_bytes());
    text.extend_from_slice(&(vm.heap.symbols.len() as u32).to_le_bytes());
    if with_strings {
        for s in &vm.heap.strings.cells {
            text.extend_from_slice(&(s.units.len() as u32).to_le_bytes());
            for u in s.units.iter() {
                text.extend_from_slice(&u.to_le_bytes());
            }
        }
    }
    let mut natives = Vec::new();
    for o in &vm.heap.objects.cells {
        text.extend_from_slice(&(o.slots.len() as u32).to_le_bytes());
        text.push(super::image_kind_tag(&o.kind));
        if let ObjectKind::Native(n) = &o.kind {
            natives.push(n.f);
        }
    }
    (hash::xxh64(&text), natives)
}
