//! Decoding a heap image into an `Image` (checked by `check.rs` before use).

use super::{kind, runtime_natives, NONE};
use crate::builtins::disposable::{DisposableData, DisposableResource};
use crate::builtins::iterator::{HelperData, HelperKind, HelperState};
use crate::builtins::regexp::RegExpData;
use crate::builtins::typed_array::{BufferData, TypedArrayData};
use crate::heap::{Arena, JsString, SymbolData};
use crate::modules::{Binding, ModuleRecord, Status};
use crate::object::*;
use crate::shape::{ShapeId, Shapes};
use crate::snapshot::layout::Cursor;
use crate::snapshot::{EngineLayout, Snapshot, SnapshotError};
use crate::value::*;
use crate::vm::{LoadedUnit, ScopeInfo};
use num_bigint::BigInt;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
            ObjectKind::Closure(Box::new(ClosureData { unit, func, env, home, fields, is_class_constructor: f & 1 != 0, is_derived: f & 2 != 0, realm: 0 }))
        }
        kind::NATIVE => {
            let i = r.u32()? as usize;
            let Some(&f) = natives.get(i) else { return r.err("native function index out of range") };
            let constructor = r.flag()?;
            ObjectKind::Native(Box::new(NativeData { f, constructor, captures: r.vals()?, realm: 0 }))
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
                ObjectKind::Arguments { mapped: Some(Box::new((ObjId(env), slots))) }
            }
        }
        kind::ERROR => ObjectKind::Error(r.val()?),
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
                    Ok(re) => Some(std::sync::Arc::new(re)),
                    Err(_) => return r.err("a regular expression does not compile"),
                }
            } else {
                None
            };
            ObjectKind::RegExp(Box::new(RegExpData { source, flags, regex, legacy: f & 2 != 0, realm: 0 }))
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
        kind::NAMESPACE => ObjectKind::ModuleNamespace { module: r.u32()?, deferred: r.flag()? },
        kind::MODULE_SOURCE => ObjectKind::ModuleSource { class_name: r.val()? },
        kind::ARRAY_BUFFER => {
            let bytes = if r.flag()? { Some(r.bytes()?) } else { None };
            let max_len = r.opt_usize()?;
            if let (Some(b), Some(m)) = (&bytes, max_len) {
                if b.len() > m {
                    return r.err("buffer longer than its maximum");
                }
            }
            let f = r.u8()?;
            if f > 3 {
                return r.err("bad array buffer flags");
            }
            ObjectKind::ArrayBuffer(Box::new(BufferData { bytes, max_len, shared: f & 1 != 0, immutable: f & 2 != 0 }))
        }
        kind::TYPED_ARRAY => ObjectKind::TypedArray(read_typed(r)?),
        kind::DATA_VIEW => ObjectKind::DataView(read_typed(r)?),
        kind::INTERNAL => ObjectKind::Internal(Box::new(r.vals()?)),
        kind::HELPER => {
            let k = match r.u8()? {
                0 => HelperKind::Map,
                1 => HelperKind::Filter,
                2 => HelperKind::Take,
                3 => HelperKind::Drop,
                4 => HelperKind::FlatMap,
                5 => HelperKind::Concat,
                6 => HelperKind::Wrap,
                7 => HelperKind::Chunks,
                8 => HelperKind::Windows,
                9 => HelperKind::Zip,
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
pub(super) struct Image {
    pub(super) strings: Arena<JsString>,
    pub(super) symbols: Arena<SymbolData>,
    pub(super) bigints: Arena<BigInt>,
    pub(super) objects: Arena<JsObject>,
    pub(super) shapes: Shapes,
    pub(super) units: Vec<LoadedUnit>,
    pub(super) scopes: Vec<ScopeInfo>,
    pub(super) records: Vec<ModuleRecord>,
    pub(super) async_count: u64,
    pub(super) by_name: HashMap<String, u32>,
    pub(super) native: HashMap<String, u32>,
    pub(super) registry: HashMap<Box<[u16]>, SymId>,
    pub(super) persistent: Vec<Value>,
    pub(super) persistent_free: Vec<u32>,
}

pub(super) fn read_image(bytes: &[u8], at: usize, snap: &Snapshot, base: &EngineLayout) -> Res<Image> {
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
                cells.push(JsString::dead());
                live.push(false);
            }
            t @ (1 | 2) => {
                cells.push(JsString::flat(r.units16()?.into(), t == 2));
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
                Elements::Sparse(Box::new(m))
            }
            _ => return r.err("bad elements"),
        };
        let kind = read_kind(&mut r, &natives)?;
        cells.push(JsObject { proto, shape, slots: slots.into(), dict, elements, array_len, kind, flags });
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
        let ics = crate::vm::new_ics(&su.unit);
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
                2 => Binding::DeferredNamespace(a),
                3 => Binding::Source(a),
                _ => return r.err("bad import binding"),
            });
        }
        let (gen, namespace, deferred_namespace, meta, source, error) = (r.val()?, r.val()?, r.val()?, r.val()?, r.val()?, r.val()?);
        let capability = [r.val()?, r.val()?, r.val()?];
        let status = match r.u8()? {
            0 => Status::Unlinked,
            1 => Status::Linking,
            2 => Status::Linked,
            3 => Status::Evaluating,
            4 => Status::EvaluatingAsync,
            5 => Status::Evaluated,
            _ => return r.err("bad module status"),
        };
        let (cycle_root, async_order, pending_deps) = (r.u32()?, r.u64()?, r.u32()?);
        let n = r.count(4)?;
        let async_parents = (0..n).map(|_| r.u32()).collect::<Res<Vec<_>>>()?;
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
            deferred_namespace,
            meta,
            source,
            cycle_root,
            async_order,
            pending_deps,
            async_parents,
            capability,
            dfs_index: 0,
            dfs_ancestor: 0,
            exports_cache: None,
        });
    }
    let async_count = r.u64()?;
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
    let image = Image { strings, symbols, bigints, objects, shapes, units, scopes, records, async_count, by_name, native, registry, persistent, persistent_free };
    super::check::check(&image, at)?;
    Ok(image)
}
