//! Keyed collections: Map, Set (with the ES2025 set methods), WeakMap,
//! WeakSet, WeakRef and FinalizationRegistry, plus %MapIteratorPrototype%
//! and %SetIteratorPrototype%.
//!
//! Map and Set store their entries in an `OrderedTable`: insertion-ordered,
//! deletion leaves a tombstone. Iterators (including the internal ones used
//! by `forEach` and the set methods) register with the table; when enough
//! tombstones accumulate the table is compacted and the registered
//! iterators' positions are remapped, so live iterators never skip or repeat.

use super::arg;
use crate::object::{FinRegData, IterKind, JsObject, MapKey, ObjectKind, OrderedTable, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coll {
    Map,
    Set,
    WeakMap,
    WeakSet,
}

impl Coll {
    fn name(self) -> &'static str {
        match self {
            Coll::Map => "Map",
            Coll::Set => "Set",
            Coll::WeakMap => "WeakMap",
            Coll::WeakSet => "WeakSet",
        }
    }
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let ip = Value::object(vm.realm.iterator_proto);
    let tag = vm.realm.sym.to_string_tag;
    let iter_sym = vm.realm.sym.iterator;

    // --- Map ---
    let mp = vm.new_object_with_proto(op);
    vm.realm.map_proto = mp;
    let mc = vm.new_constructor("Map", 0, map_ctor, mp);
    vm.realm.map_ctor = mc;
    vm.define_method(mc, "groupBy", 2, map_group_by);
    vm.define_species_getter(mc);
    vm.define_method(mp, "clear", 0, |vm, this, _, _| clear(vm, this, Coll::Map));
    vm.define_method(mp, "delete", 1, |vm, this, a, _| {
        delete(vm, this, arg(a, 0), Coll::Map)
    });
    let entries = vm.define_method(mp, "entries", 0, |vm, this, _, _| {
        create_iterator(vm, this, Coll::Map, IterKind::Entries)
    });
    vm.define_method(mp, "forEach", 1, |vm, this, a, _| {
        for_each(vm, this, a, Coll::Map)
    });
    vm.define_method(mp, "get", 1, map_get);
    vm.define_method(mp, "getOrInsert", 2, |vm, this, a, _| get_or_insert(vm, this, a, Coll::Map));
    vm.define_method(mp, "getOrInsertComputed", 2, |vm, this, a, _| {
        get_or_insert_computed(vm, this, a, Coll::Map)
    });
    vm.define_method(mp, "has", 1, |vm, this, a, _| {
        has(vm, this, arg(a, 0), Coll::Map)
    });
    vm.define_method(mp, "keys", 0, |vm, this, _, _| {
        create_iterator(vm, this, Coll::Map, IterKind::Keys)
    });
    vm.define_method(mp, "set", 2, map_set);
    let sk = vm.key_str("size");
    vm.define_accessor(
        mp,
        sk,
        "size",
        Some(|vm, this, _, _| size(vm, this, Coll::Map)),
        None,
        attrs::CONFIGURABLE,
    );
    vm.define_method(mp, "values", 0, |vm, this, _, _| {
        create_iterator(vm, this, Coll::Map, IterKind::Values)
    });
    vm.put(
        mp,
        PropKey::Sym(iter_sym),
        Value::object(entries),
        attrs::HIDDEN,
    );
    let s = vm.new_string("Map");
    vm.put(mp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("Map", Value::object(mc));

    let mip = vm.new_object_with_proto(ip);
    vm.realm.map_iterator_proto = mip;
    vm.define_method(mip, "next", 0, |vm, this, _, _| {
        iterator_next(vm, this, Coll::Map)
    });
    let s = vm.new_string("Map Iterator");
    vm.put(mip, PropKey::Sym(tag), s, attrs::CONFIGURABLE);

    // --- Set ---
    let sp = vm.new_object_with_proto(op);
    vm.realm.set_proto = sp;
    let sc = vm.new_constructor("Set", 0, set_ctor, sp);
    vm.realm.set_ctor = sc;
    vm.define_species_getter(sc);
    vm.define_method(sp, "add", 1, set_add);
    vm.define_method(sp, "clear", 0, |vm, this, _, _| clear(vm, this, Coll::Set));
    vm.define_method(sp, "delete", 1, |vm, this, a, _| {
        delete(vm, this, arg(a, 0), Coll::Set)
    });
    vm.define_method(sp, "difference", 1, set_difference);
    vm.define_method(sp, "entries", 0, |vm, this, _, _| {
        create_iterator(vm, this, Coll::Set, IterKind::Entries)
    });
    vm.define_method(sp, "forEach", 1, |vm, this, a, _| {
        for_each(vm, this, a, Coll::Set)
    });
    vm.define_method(sp, "has", 1, |vm, this, a, _| {
        has(vm, this, arg(a, 0), Coll::Set)
    });
    vm.define_method(sp, "intersection", 1, set_intersection);
    vm.define_method(sp, "isDisjointFrom", 1, set_is_disjoint_from);
    vm.define_method(sp, "isSubsetOf", 1, set_is_subset_of);
    vm.define_method(sp, "isSupersetOf", 1, set_is_superset_of);
    let sk = vm.key_str("size");
    vm.define_accessor(
        sp,
        sk,
        "size",
        Some(|vm, this, _, _| size(vm, this, Coll::Set)),
        None,
        attrs::CONFIGURABLE,
    );
    vm.define_method(sp, "symmetricDifference", 1, set_symmetric_difference);
    vm.define_method(sp, "union", 1, set_union);
    let values = vm.define_method(sp, "values", 0, |vm, this, _, _| {
        create_iterator(vm, this, Coll::Set, IterKind::Values)
    });
    let kk = vm.key_str("keys");
    vm.put(sp, kk, Value::object(values), attrs::HIDDEN);
    vm.put(
        sp,
        PropKey::Sym(iter_sym),
        Value::object(values),
        attrs::HIDDEN,
    );
    let s = vm.new_string("Set");
    vm.put(sp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("Set", Value::object(sc));

    let sip = vm.new_object_with_proto(ip);
    vm.realm.set_iterator_proto = sip;
    vm.define_method(sip, "next", 0, |vm, this, _, _| {
        iterator_next(vm, this, Coll::Set)
    });
    let s = vm.new_string("Set Iterator");
    vm.put(sip, PropKey::Sym(tag), s, attrs::CONFIGURABLE);

    // --- WeakMap ---
    let wmp = vm.new_object_with_proto(op);
    vm.realm.weakmap_proto = wmp;
    let wmc = vm.new_constructor("WeakMap", 0, weakmap_ctor, wmp);
    vm.define_method(wmp, "delete", 1, |vm, this, a, _| {
        delete(vm, this, arg(a, 0), Coll::WeakMap)
    });
    vm.define_method(wmp, "get", 1, weakmap_get);
    vm.define_method(wmp, "getOrInsert", 2, |vm, this, a, _| get_or_insert(vm, this, a, Coll::WeakMap));
    vm.define_method(wmp, "getOrInsertComputed", 2, |vm, this, a, _| {
        get_or_insert_computed(vm, this, a, Coll::WeakMap)
    });
    vm.define_method(wmp, "has", 1, |vm, this, a, _| {
        has(vm, this, arg(a, 0), Coll::WeakMap)
    });
    vm.define_method(wmp, "set", 2, weakmap_set);
    let s = vm.new_string("WeakMap");
    vm.put(wmp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("WeakMap", Value::object(wmc));

    // --- WeakSet ---
    let wsp = vm.new_object_with_proto(op);
    vm.realm.weakset_proto = wsp;
    let wsc = vm.new_constructor("WeakSet", 0, weakset_ctor, wsp);
    vm.define_method(wsp, "add", 1, weakset_add);
    vm.define_method(wsp, "delete", 1, |vm, this, a, _| {
        delete(vm, this, arg(a, 0), Coll::WeakSet)
    });
    vm.define_method(wsp, "has", 1, |vm, this, a, _| {
        has(vm, this, arg(a, 0), Coll::WeakSet)
    });
    let s = vm.new_string("WeakSet");
    vm.put(wsp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("WeakSet", Value::object(wsc));

    // --- WeakRef ---
    let wrp = vm.new_object_with_proto(op);
    vm.realm.weakref_proto = wrp;
    let wrc = vm.new_constructor("WeakRef", 1, weakref_ctor, wrp);
    vm.define_method(wrp, "deref", 0, weakref_deref);
    let s = vm.new_string("WeakRef");
    vm.put(wrp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("WeakRef", Value::object(wrc));

    // --- FinalizationRegistry ---
    let frp = vm.new_object_with_proto(op);
    vm.realm.finalization_registry_proto = frp;
    let frc = vm.new_constructor("FinalizationRegistry", 1, finreg_ctor, frp);
    vm.define_method(frp, "register", 2, finreg_register);
    vm.define_method(frp, "unregister", 1, finreg_unregister);
    let s = vm.new_string("FinalizationRegistry");
    vm.put(frp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("FinalizationRegistry", Value::object(frc));
}

// ----- the table ---------------------------------------------------------------------

/// The SameValueZero key of a value.
pub fn map_key(vm: &Vm, v: Value) -> MapKey {
    if let Some(n) = v.as_number() {
        let n = if n == 0.0 {
            0.0
        } else if n.is_nan() {
            f64::NAN
        } else {
            n
        };
        return MapKey::Bits(n.to_bits());
    }
    if let Some(s) = v.as_string() {
        return MapKey::Str(vm.str_units(s).into());
    }
    if let Some(b) = v.as_bigint() {
        return MapKey::Big(vm.heap.bigint(b).to_string());
    }
    MapKey::Bits(v.bits())
}

/// CanonicalizeKeyedCollectionKey: -0 becomes +0.
fn canonical(v: Value) -> Value {
    match v.as_number() {
        Some(n) if n == 0.0 => Value::int(0),
        _ => v,
    }
}

impl OrderedTable {
    pub fn find(&self, k: &MapKey) -> Option<usize> {
        self.index.get(k).copied()
    }
    pub fn get_value(&self, k: &MapKey) -> Option<Value> {
        let i = self.find(k)?;
        self.entries.get(i).copied().flatten().map(|(_, v)| v)
    }
    /// Adds an entry, or updates the value of an existing one.
    pub fn insert(&mut self, mk: MapKey, key: Value, value: Value) {
        if let Some(i) = self.find(&mk) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                e.1 = value;
                return;
            }
        }
        self.index.insert(mk, self.entries.len());
        self.entries.push(Some((key, value)));
        self.live += 1;
    }
    pub fn remove(&mut self, mk: &MapKey) -> bool {
        match self.index.remove(mk) {
            Some(i) => {
                if let Some(e) = self.entries.get_mut(i) {
                    *e = None;
                }
                self.live -= 1;
                true
            }
            None => false,
        }
    }
    fn tombstones(&self) -> usize {
        self.entries.len() - self.live
    }
}

fn kind_of(vm: &Vm, o: ObjId) -> Option<Coll> {
    match vm.obj(o).kind {
        ObjectKind::Map(_) => Some(Coll::Map),
        ObjectKind::Set(_) => Some(Coll::Set),
        ObjectKind::WeakMap(_) => Some(Coll::WeakMap),
        ObjectKind::WeakSet(_) => Some(Coll::WeakSet),
        _ => None,
    }
}

fn tbl(vm: &Vm, o: ObjId) -> Option<&OrderedTable> {
    match &vm.obj(o).kind {
        ObjectKind::Map(t)
        | ObjectKind::Set(t)
        | ObjectKind::WeakMap(t)
        | ObjectKind::WeakSet(t) => Some(t),
        _ => None,
    }
}

fn tbl_mut(vm: &mut Vm, o: ObjId) -> Option<&mut OrderedTable> {
    match &mut vm.obj_mut(o).kind {
        ObjectKind::Map(t)
        | ObjectKind::Set(t)
        | ObjectKind::WeakMap(t)
        | ObjectKind::WeakSet(t) => Some(t),
        _ => None,
    }
}

fn this_coll(vm: &mut Vm, this: Value, c: Coll, method: &str) -> JsResult<ObjId> {
    match this.as_object() {
        Some(o) if kind_of(vm, o) == Some(c) => Ok(o),
        _ => {
            let what = describe(vm, this);
            vm.throw_type(&format!(
                "Method {}.prototype.{method} called on incompatible receiver {what}",
                c.name()
            ))
        }
    }
}

fn new_coll(vm: &mut Vm, proto: Value, c: Coll) -> ObjId {
    let t = Box::default();
    let kind = match c {
        Coll::Map => ObjectKind::Map(t),
        Coll::Set => ObjectKind::Set(t),
        Coll::WeakMap => ObjectKind::WeakMap(t),
        Coll::WeakSet => ObjectKind::WeakSet(t),
    };
    vm.alloc(JsObject::new(proto, kind))
}

/// Raw insert into a collection (no checks).
fn raw_insert(vm: &mut Vm, o: ObjId, key: Value, value: Value) {
    let key = canonical(key);
    let mk = map_key(vm, key);
    if let Some(t) = tbl_mut(vm, o) {
        t.insert(mk, key, value);
    }
}

fn raw_has(vm: &Vm, o: ObjId, key: Value) -> bool {
    let mk = map_key(vm, key);
    tbl(vm, o).is_some_and(|t| t.find(&mk).is_some())
}

fn raw_remove(vm: &mut Vm, o: ObjId, key: Value) -> bool {
    let mk = map_key(vm, key);
    let removed = tbl_mut(vm, o).is_some_and(|t| t.remove(&mk));
    if removed {
        maybe_compact(vm, o);
    }
    removed
}

fn raw_size(vm: &Vm, o: ObjId) -> usize {
    tbl(vm, o).map_or(0, |t| t.live)
}

fn maybe_compact(vm: &mut Vm, o: ObjId) {
    let Some(t) = tbl(vm, o) else { return };
    let dead = t.tombstones();
    if dead >= 32 && dead >= t.live || t.live == 0 && dead > 0 {
        compact(vm, o);
    }
}

/// Drops tombstones and remaps the positions of live iterators.
fn compact(vm: &mut Vm, o: ObjId) {
    let Some(t) = tbl_mut(vm, o) else { return };
    let old = std::mem::take(&mut t.entries);
    let mut remap = Vec::with_capacity(old.len() + 1);
    let mut count = 0usize;
    for e in old {
        remap.push(count);
        if let Some(e) = e {
            t.entries.push(Some(e));
            count += 1;
        }
    }
    remap.push(count);
    for pos in t.index.values_mut() {
        *pos = remap.get(*pos).copied().unwrap_or(0);
    }
    let mut iters = std::mem::take(&mut t.iterators);
    iters.sort_by_key(|i| i.0);
    iters.dedup();
    let me = Value::object(o);
    let mut keep = Vec::new();
    for it in iters {
        if (it.0 as usize) >= vm.heap.objects.len()
            || !vm
                .heap
                .objects
                .live
                .get(it.0 as usize)
                .copied()
                .unwrap_or(false)
        {
            continue;
        }
        if let ObjectKind::MapIterator {
            target,
            index,
            done: false,
            ..
        } = &mut vm.obj_mut(it).kind
        {
            if *target == me {
                let i = (*index as usize).min(remap.len() - 1);
                *index = remap[i] as u32;
                keep.push(it);
            }
        }
    }
    if let Some(t) = tbl_mut(vm, o) {
        t.iterators = keep;
    }
}

/// Creates an iterator object over collection `o` and registers it.
fn new_iterator(vm: &mut Vm, o: ObjId, proto: Value, kind: IterKind) -> ObjId {
    let it = vm.alloc(JsObject::new(
        proto,
        ObjectKind::MapIterator {
            target: Value::object(o),
            index: 0,
            kind,
            done: false,
        },
    ));
    let me = Value::object(o);
    let n = tbl(vm, o).map_or(0, |t| t.iterators.len());
    if n >= 64 && n.is_power_of_two() {
        // Forget iterators that finished or died.
        let list = tbl(vm, o).map(|t| t.iterators.clone()).unwrap_or_default();
        let keep: Vec<ObjId> = list
            .into_iter()
            .filter(|&i| {
                vm.heap.objects.live.get(i.0 as usize).copied().unwrap_or(false)
                    && matches!(vm.obj(i).kind, ObjectKind::MapIterator { target, done: false, .. } if target == me)
            })
            .collect();
        if let Some(t) = tbl_mut(vm, o) {
            t.iterators = keep;
        }
    }
    if let Some(t) = tbl_mut(vm, o) {
        t.iterators.push(it);
    }
    it
}

/// Advances an iterator: the next live entry, or None (and marks it done).
fn step(vm: &mut Vm, it: ObjId) -> Option<(Value, Value)> {
    let (target, index, done) = match vm.obj(it).kind {
        ObjectKind::MapIterator {
            target,
            index,
            done,
            ..
        } => (target, index, done),
        _ => return None,
    };
    if done {
        return None;
    }
    let mut i = index as usize;
    let found = match target.as_object().and_then(|t| tbl(vm, t)) {
        Some(t) => loop {
            match t.entries.get(i) {
                None => break None,
                Some(Some(e)) => break Some(*e),
                Some(None) => i += 1,
            }
        },
        None => None,
    };
    if let ObjectKind::MapIterator { index, done, .. } = &mut vm.obj_mut(it).kind {
        match found {
            Some(_) => *index = (i + 1) as u32,
            None => {
                *index = i as u32;
                *done = true;
            }
        }
    }
    found
}

/// An unexposed iterator for walking a live collection from Rust (rooted).
fn internal_iterator(vm: &mut Vm, o: ObjId) -> ObjId {
    let it = new_iterator(vm, o, Value::NULL, IterKind::Entries);
    vm.root(Value::object(it));
    it
}

fn finish_internal(vm: &mut Vm, it: ObjId) {
    if let ObjectKind::MapIterator { done, .. } = &mut vm.obj_mut(it).kind {
        *done = true;
    }
}

// ----- shared prototype methods --------------------------------------------------------

fn clear(vm: &mut Vm, this: Value, c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "clear")?;
    if let Some(t) = tbl_mut(vm, o) {
        for e in t.entries.iter_mut() {
            *e = None;
        }
        t.index.clear();
        t.live = 0;
    }
    compact(vm, o);
    Ok(Value::UNDEFINED)
}

fn delete(vm: &mut Vm, this: Value, key: Value, c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "delete")?;
    if matches!(c, Coll::WeakMap | Coll::WeakSet) && !can_be_held_weakly(vm, key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(raw_remove(vm, o, key)))
}

fn has(vm: &mut Vm, this: Value, key: Value, c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "has")?;
    if matches!(c, Coll::WeakMap | Coll::WeakSet) && !can_be_held_weakly(vm, key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(raw_has(vm, o, key)))
}

fn size(vm: &mut Vm, this: Value, c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "size")?;
    Ok(Value::number(raw_size(vm, o) as f64))
}

fn for_each(vm: &mut Vm, this: Value, a: &[Value], c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "forEach")?;
    let cb = arg(a, 0);
    if !vm.is_callable(cb) {
        let d = describe(vm, cb);
        return vm.throw_type(&format!("{d} is not a function"));
    }
    let this_arg = arg(a, 1);
    let it = internal_iterator(vm, o);
    while let Some((k, v)) = step(vm, it) {
        let v = if c == Coll::Set { k } else { v };
        if let Err(e) = vm.call(cb, this_arg, &[v, k, this]) {
            finish_internal(vm, it);
            return Err(e);
        }
    }
    Ok(Value::UNDEFINED)
}

fn create_iterator(vm: &mut Vm, this: Value, c: Coll, kind: IterKind) -> JsResult<Value> {
    let name = match kind {
        IterKind::Keys => "keys",
        IterKind::Values => "values",
        IterKind::Entries => "entries",
    };
    let o = this_coll(vm, this, c, name)?;
    let proto = if c == Coll::Map {
        vm.realm.map_iterator_proto
    } else {
        vm.realm.set_iterator_proto
    };
    Ok(Value::object(new_iterator(
        vm,
        o,
        Value::object(proto),
        kind,
    )))
}

fn iterator_next(vm: &mut Vm, this: Value, c: Coll) -> JsResult<Value> {
    let ok = this.as_object().and_then(|o| match vm.obj(o).kind {
        ObjectKind::MapIterator { target, kind, .. } => {
            let tk = target.as_object().and_then(|t| kind_of(vm, t));
            if tk == Some(c) {
                Some((o, kind))
            } else {
                None
            }
        }
        _ => None,
    });
    let Some((it, kind)) = ok else {
        let n = if c == Coll::Map { "Map" } else { "Set" };
        return vm.throw_type(&format!(
            "Method {n} Iterator.prototype.next called on incompatible receiver"
        ));
    };
    match step(vm, it) {
        None => Ok(vm.iter_result(Value::UNDEFINED, true)),
        Some((k, v)) => {
            let v = if c == Coll::Set { k } else { v };
            let r = match kind {
                IterKind::Keys => k,
                IterKind::Values => v,
                IterKind::Entries => Value::object(vm.new_array(vec![k, v])),
            };
            Ok(vm.iter_result(r, false))
        }
    }
}

// ----- constructors ----------------------------------------------------------------------

fn create_from_ctor(vm: &mut Vm, nt: Value, c: Coll) -> JsResult<ObjId> {
    if nt.is_undefined() {
        return vm.throw_type(&format!("Constructor {} requires 'new'", c.name()));
    }
    let fallback = match c {
        Coll::Map => vm.realm.map_proto,
        Coll::Set => vm.realm.set_proto,
        Coll::WeakMap => vm.realm.weakmap_proto,
        Coll::WeakSet => vm.realm.weakset_proto,
    };
    let proto = vm.proto_from_ctor(nt, fallback)?;
    let o = new_coll(vm, proto, c);
    vm.root(Value::object(o));
    Ok(o)
}

/// The constructor body shared by all four collections.
fn construct_coll(vm: &mut Vm, args: &[Value], nt: Value, c: Coll) -> JsResult<Value> {
    let o = create_from_ctor(vm, nt, c)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(o));
    }
    let adder_name = if matches!(c, Coll::Map | Coll::WeakMap) {
        "set"
    } else {
        "add"
    };
    let ak = vm.key_str(adder_name);
    let adder = vm.get(Value::object(o), ak)?;
    if !vm.is_callable(adder) {
        let d = describe(vm, adder);
        return vm.throw_type(&format!(
            "'{d}' returned for property '{adder_name}' of object '#<{}>' is not a function",
            c.name()
        ));
    }
    let (iter, next) = super::iterator::get_iterator(vm, iterable, false)?;
    vm.root(iter);
    vm.root(next);
    let pairs = matches!(c, Coll::Map | Coll::WeakMap);
    while let Some(item) = vm.iter_step(iter, next)? {
        let r = (|| -> JsResult<()> {
            if pairs {
                if !item.is_object() {
                    let s = describe(vm, item);
                    return vm.throw_type(&format!("Iterator value {s} is not an entry object"));
                }
                let k = vm.get(item, PropKey::Index(0))?;
                vm.root(k);
                let v = vm.get(item, PropKey::Index(1))?;
                vm.call(adder, Value::object(o), &[k, v])?;
            } else {
                vm.call(adder, Value::object(o), &[item])?;
            }
            Ok(())
        })();
        if let Err(e) = r {
            if vm.terminating.is_none() {
                let _ = super::iterator::close(vm, iter);
            }
            return Err(e);
        }
    }
    Ok(Value::object(o))
}

fn map_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct_coll(vm, args, nt, Coll::Map)
}
fn set_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct_coll(vm, args, nt, Coll::Set)
}
fn weakmap_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct_coll(vm, args, nt, Coll::WeakMap)
}
fn weakset_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct_coll(vm, args, nt, Coll::WeakSet)
}

// ----- Map ----------------------------------------------------------------------------------

fn map_get(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Map, "get")?;
    let mk = map_key(vm, arg(a, 0));
    Ok(tbl(vm, o)
        .and_then(|t| t.get_value(&mk))
        .unwrap_or(Value::UNDEFINED))
}

fn map_set(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Map, "set")?;
    raw_insert(vm, o, arg(a, 0), arg(a, 1));
    Ok(this)
}

/// Map/WeakMap.prototype.getOrInsert ( key, value ) (upsert proposal).
fn get_or_insert(vm: &mut Vm, this: Value, a: &[Value], c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "getOrInsert")?;
    let k = upsert_key(vm, arg(a, 0), c)?;
    let mk = map_key(vm, k);
    if let Some(v) = tbl(vm, o).and_then(|t| t.get_value(&mk)) {
        return Ok(v);
    }
    let v = arg(a, 1);
    raw_insert(vm, o, k, v);
    if c == Coll::WeakMap {
        compact_weak(vm, o);
    }
    Ok(v)
}

/// Map/WeakMap.prototype.getOrInsertComputed ( key, callbackfn ).
fn get_or_insert_computed(vm: &mut Vm, this: Value, a: &[Value], c: Coll) -> JsResult<Value> {
    let o = this_coll(vm, this, c, "getOrInsertComputed")?;
    let f = arg(a, 1);
    if !vm.is_callable(f) {
        return vm.throw_type("getOrInsertComputed: callback is not a function");
    }
    let k = upsert_key(vm, arg(a, 0), c)?;
    let mk = map_key(vm, k);
    if let Some(v) = tbl(vm, o).and_then(|t| t.get_value(&mk)) {
        return Ok(v);
    }
    let v = vm.call(f, Value::UNDEFINED, &[k])?;
    // The callback may have added (or removed) the key: set, overwriting any such entry.
    raw_insert(vm, o, k, v);
    if c == Coll::WeakMap {
        compact_weak(vm, o);
    }
    Ok(v)
}

/// Map: CanonicalizeKeyedCollectionKey; WeakMap: CanBeHeldWeakly or throw.
fn upsert_key(vm: &mut Vm, k: Value, c: Coll) -> JsResult<Value> {
    if c == Coll::WeakMap && !can_be_held_weakly(vm, k) {
        let s = describe(vm, k);
        return vm.throw_type(&format!("Invalid value used as weak map key: {s}"));
    }
    Ok(canonical(k))
}

fn map_group_by(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let items = arg(a, 0);
    let cb = arg(a, 1);
    if items.is_nullish() {
        return vm.throw_type("Map.groupBy called on null or undefined");
    }
    if !vm.is_callable(cb) {
        return vm.throw_type("callback is not a function");
    }
    let mp = Value::object(vm.realm.map_proto);
    let out = new_coll(vm, mp, Coll::Map);
    vm.root(Value::object(out));
    let (iter, next) = super::iterator::get_iterator(vm, items, false)?;
    vm.root(iter);
    vm.root(next);
    let mut k = 0f64;
    while let Some(v) = vm.iter_step(iter, next)? {
        if k >= 9007199254740991.0 {
            let e = vm.type_error("Too many elements");
            let _ = super::iterator::close(vm, iter);
            return Err(e);
        }
        vm.root(v);
        let key = match vm.call(cb, Value::UNDEFINED, &[v, Value::number(k)]) {
            Ok(key) => canonical(key),
            Err(e) => {
                if vm.terminating.is_none() {
                    let _ = super::iterator::close(vm, iter);
                }
                return Err(e);
            }
        };
        let mk = map_key(vm, key);
        match tbl(vm, out)
            .and_then(|t| t.get_value(&mk))
            .and_then(|g| g.as_object())
        {
            Some(arr) => {
                let len = vm.obj(arr).array_len;
                vm.put(arr, PropKey::Index(len), v, attrs::DEFAULT);
            }
            None => {
                let arr = vm.new_array(vec![v]);
                if let Some(t) = tbl_mut(vm, out) {
                    t.insert(mk, key, Value::object(arr));
                }
            }
        }
        k += 1.0;
    }
    Ok(Value::object(out))
}

// ----- Set ------------------------------------------------------------------------------------

fn set_add(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "add")?;
    let k = arg(a, 0);
    if !raw_has(vm, o, k) {
        raw_insert(vm, o, k, Value::UNDEFINED);
    }
    Ok(this)
}

/// GetSetRecord: (object, size, has, keys).
struct SetRec {
    set: Value,
    size: f64,
    has: Value,
    keys: Value,
}

fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRec> {
    if !obj.is_object() {
        return vm.throw_type("The argument must be an object (a set-like)");
    }
    let sk = vm.key_str("size");
    let raw = vm.get(obj, sk)?;
    let num = vm.to_number(raw)?;
    if num.is_nan() {
        return vm.throw_type("The 'size' of a set-like must be a number");
    }
    let size = crate::ops::convert::to_integer_or_infinity(num);
    if size < 0.0 {
        return vm.throw_range("The 'size' of a set-like must not be negative");
    }
    let hk = vm.key_str("has");
    let has = vm.get(obj, hk)?;
    if !vm.is_callable(has) {
        return vm.throw_type("The 'has' property of a set-like must be a function");
    }
    vm.root(has);
    let kk = vm.key_str("keys");
    let keys = vm.get(obj, kk)?;
    if !vm.is_callable(keys) {
        return vm.throw_type("The 'keys' property of a set-like must be a function");
    }
    vm.root(keys);
    Ok(SetRec {
        set: obj,
        size,
        has,
        keys,
    })
}

/// GetIteratorFromMethod(set, keys) with the callable-`next` check.
fn keys_iterator(vm: &mut Vm, rec: &SetRec) -> JsResult<(Value, Value)> {
    let it = vm.call(rec.keys, rec.set, &[])?;
    if !it.is_object() {
        return vm.throw_type("The 'keys' method of a set-like must return an object");
    }
    vm.root(it);
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(it, nk)?;
    if !vm.is_callable(next) {
        return vm.throw_type("The iterator's 'next' property must be a function");
    }
    vm.root(next);
    Ok((it, next))
}

fn other_has(vm: &mut Vm, rec: &SetRec, e: Value) -> JsResult<bool> {
    let r = vm.call(rec.has, rec.set, &[e])?;
    Ok(crate::ops::convert::to_boolean(vm, r))
}

/// A new Set (with %Set.prototype%) holding a copy of `o`'s entries.
fn copy_set(vm: &mut Vm, o: Option<ObjId>) -> ObjId {
    let sp = Value::object(vm.realm.set_proto);
    let r = new_coll(vm, sp, Coll::Set);
    vm.root(Value::object(r));
    if let Some(o) = o {
        let mut t = tbl(vm, o).cloned().unwrap_or_default();
        t.iterators.clear();
        if let Some(rt) = tbl_mut(vm, r) {
            *rt = t;
        }
        compact(vm, r);
    }
    r
}

fn set_union(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "union")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    let (it, next) = keys_iterator(vm, &rec)?;
    let r = copy_set(vm, Some(o));
    while let Some(v) = vm.iter_step(it, next)? {
        if !raw_has(vm, r, v) {
            raw_insert(vm, r, v, Value::UNDEFINED);
        }
    }
    Ok(Value::object(r))
}

fn set_intersection(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "intersection")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    let r = copy_set(vm, None);
    if raw_size(vm, o) as f64 <= rec.size {
        let it = internal_iterator(vm, o);
        while let Some((e, _)) = step(vm, it) {
            let inside = match other_has(vm, &rec, e) {
                Ok(b) => b,
                Err(err) => {
                    finish_internal(vm, it);
                    return Err(err);
                }
            };
            if inside && !raw_has(vm, r, e) {
                raw_insert(vm, r, e, Value::UNDEFINED);
            }
        }
    } else {
        let (kit, next) = keys_iterator(vm, &rec)?;
        while let Some(v) = vm.iter_step(kit, next)? {
            if raw_has(vm, o, v) && !raw_has(vm, r, v) {
                raw_insert(vm, r, v, Value::UNDEFINED);
            }
        }
    }
    Ok(Value::object(r))
}

fn set_difference(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "difference")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    let r = copy_set(vm, Some(o));
    if raw_size(vm, o) as f64 <= rec.size {
        let it = internal_iterator(vm, r);
        while let Some((e, _)) = step(vm, it) {
            let inside = match other_has(vm, &rec, e) {
                Ok(b) => b,
                Err(err) => {
                    finish_internal(vm, it);
                    return Err(err);
                }
            };
            if inside {
                raw_remove(vm, r, e);
            }
        }
    } else {
        let (kit, next) = keys_iterator(vm, &rec)?;
        while let Some(v) = vm.iter_step(kit, next)? {
            raw_remove(vm, r, v);
        }
    }
    Ok(Value::object(r))
}

fn set_symmetric_difference(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "symmetricDifference")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    let (kit, next) = keys_iterator(vm, &rec)?;
    let r = copy_set(vm, Some(o));
    while let Some(v) = vm.iter_step(kit, next)? {
        let v = canonical(v);
        let in_result = raw_has(vm, r, v);
        if raw_has(vm, o, v) {
            if in_result {
                raw_remove(vm, r, v);
            }
        } else if !in_result {
            raw_insert(vm, r, v, Value::UNDEFINED);
        }
    }
    Ok(Value::object(r))
}

fn set_is_subset_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "isSubsetOf")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    if raw_size(vm, o) as f64 > rec.size {
        return Ok(Value::FALSE);
    }
    let it = internal_iterator(vm, o);
    while let Some((e, _)) = step(vm, it) {
        match other_has(vm, &rec, e) {
            Ok(true) => {}
            Ok(false) => {
                finish_internal(vm, it);
                return Ok(Value::FALSE);
            }
            Err(err) => {
                finish_internal(vm, it);
                return Err(err);
            }
        }
    }
    Ok(Value::TRUE)
}

fn set_is_superset_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "isSupersetOf")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    if (raw_size(vm, o) as f64) < rec.size {
        return Ok(Value::FALSE);
    }
    let (kit, next) = keys_iterator(vm, &rec)?;
    while let Some(v) = vm.iter_step(kit, next)? {
        if !raw_has(vm, o, v) {
            super::iterator::close(vm, kit)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn set_is_disjoint_from(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::Set, "isDisjointFrom")?;
    let rec = get_set_record(vm, arg(a, 0))?;
    if raw_size(vm, o) as f64 <= rec.size {
        let it = internal_iterator(vm, o);
        while let Some((e, _)) = step(vm, it) {
            match other_has(vm, &rec, e) {
                Ok(false) => {}
                Ok(true) => {
                    finish_internal(vm, it);
                    return Ok(Value::FALSE);
                }
                Err(err) => {
                    finish_internal(vm, it);
                    return Err(err);
                }
            }
        }
    } else {
        let (kit, next) = keys_iterator(vm, &rec)?;
        while let Some(v) = vm.iter_step(kit, next)? {
            if raw_has(vm, o, v) {
                super::iterator::close(vm, kit)?;
                return Ok(Value::FALSE);
            }
        }
    }
    Ok(Value::TRUE)
}

// ----- WeakMap / WeakSet ------------------------------------------------------------------------

/// A short description of a value for error messages (runs no JS).
fn describe(vm: &mut Vm, v: Value) -> String {
    if v.is_object() {
        if vm.is_callable(v) {
            return "function".into();
        }
        return "#<Object>".into();
    }
    if v.is_symbol() {
        return "Symbol()".into();
    }
    if v.is_string() {
        return format!("\"{}\"", vm.string_lossy(v));
    }
    vm.to_rust_string(v).unwrap_or_default()
}

/// CanBeHeldWeakly: objects and symbols not in the global registry.
pub fn can_be_held_weakly(vm: &Vm, v: Value) -> bool {
    if v.is_object() {
        return true;
    }
    match v.as_symbol() {
        Some(s) => !vm.heap.symbol(s).registered,
        None => false,
    }
}

fn weakmap_get(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::WeakMap, "get")?;
    let k = arg(a, 0);
    if !can_be_held_weakly(vm, k) {
        return Ok(Value::UNDEFINED);
    }
    let mk = map_key(vm, k);
    Ok(tbl(vm, o)
        .and_then(|t| t.get_value(&mk))
        .unwrap_or(Value::UNDEFINED))
}

fn weakmap_set(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::WeakMap, "set")?;
    let k = arg(a, 0);
    if !can_be_held_weakly(vm, k) {
        let s = describe(vm, k);
        return vm.throw_type(&format!("Invalid value used as weak map key: {s}"));
    }
    raw_insert(vm, o, k, arg(a, 1));
    compact_weak(vm, o);
    Ok(this)
}

fn weakset_add(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_coll(vm, this, Coll::WeakSet, "add")?;
    let k = arg(a, 0);
    if !can_be_held_weakly(vm, k) {
        let s = describe(vm, k);
        return vm.throw_type(&format!("Invalid value used in weak set: {s}"));
    }
    if !raw_has(vm, o, k) {
        raw_insert(vm, o, k, Value::UNDEFINED);
    }
    compact_weak(vm, o);
    Ok(this)
}

/// Weak collections have no iterators: compact whenever tombstones dominate.
fn compact_weak(vm: &mut Vm, o: ObjId) {
    maybe_compact(vm, o);
}

// ----- WeakRef --------------------------------------------------------------------------------

fn weakref_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor WeakRef requires 'new'");
    }
    let target = arg(a, 0);
    if !can_be_held_weakly(vm, target) {
        return vm.throw_type("WeakRef: invalid target");
    }
    let fb = vm.realm.weakref_proto;
    let proto = vm.proto_from_ctor(nt, fb)?;
    vm.kept_alive.push(target);
    Ok(Value::object(
        vm.alloc(JsObject::new(proto, ObjectKind::WeakRef(target))),
    ))
}

fn weakref_deref(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    match this.as_object().map(|o| &vm.obj(o).kind) {
        Some(ObjectKind::WeakRef(t)) => {
            let t = *t;
            if !t.is_undefined() {
                vm.kept_alive.push(t);
            }
            Ok(t)
        }
        _ => vm.throw_type("WeakRef.prototype.deref called on incompatible receiver"),
    }
}

// ----- FinalizationRegistry -------------------------------------------------------------------------
// The collector drops cells whose target dies and queues a job that calls the
// cleanup callback with the cell's held value (`gc.rs`).

fn finreg_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor FinalizationRegistry requires 'new'");
    }
    let cleanup = arg(a, 0);
    if !vm.is_callable(cleanup) {
        return vm.throw_type("FinalizationRegistry: cleanup must be callable");
    }
    let fb = vm.realm.finalization_registry_proto;
    let proto = vm.proto_from_ctor(nt, fb)?;
    let data = FinRegData {
        cleanup,
        cells: Vec::new(),
    };
    Ok(Value::object(vm.alloc(JsObject::new(
        proto,
        ObjectKind::FinalizationRegistry(Box::new(data)),
    ))))
}

fn this_finreg(vm: &mut Vm, this: Value, method: &str) -> JsResult<ObjId> {
    match this.as_object() {
        Some(o) if matches!(vm.obj(o).kind, ObjectKind::FinalizationRegistry(_)) => Ok(o),
        _ => vm.throw_type(&format!(
            "Method FinalizationRegistry.prototype.{method} called on incompatible receiver"
        )),
    }
}

fn finreg_register(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_finreg(vm, this, "register")?;
    let (target, held, token) = (arg(a, 0), arg(a, 1), arg(a, 2));
    if !can_be_held_weakly(vm, target) {
        return vm.throw_type("FinalizationRegistry.prototype.register: invalid target");
    }
    if crate::ops::convert::same_value(vm, target, held) {
        return vm.throw_type(
            "FinalizationRegistry.prototype.register: target and holdings must not be same",
        );
    }
    if !can_be_held_weakly(vm, token) && !token.is_undefined() {
        return vm.throw_type("FinalizationRegistry.prototype.register: invalid unregister token");
    }
    if let ObjectKind::FinalizationRegistry(f) = &mut vm.obj_mut(o).kind {
        f.cells.push((target, held, token));
    }
    Ok(Value::UNDEFINED)
}

fn finreg_unregister(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_finreg(vm, this, "unregister")?;
    let token = arg(a, 0);
    if !can_be_held_weakly(vm, token) {
        return vm
            .throw_type("FinalizationRegistry.prototype.unregister: invalid unregister token");
    }
    let mut removed = false;
    if let ObjectKind::FinalizationRegistry(f) = &mut vm.obj_mut(o).kind {
        let before = f.cells.len();
        f.cells.retain(|&(_, _, k)| k != token);
        removed = f.cells.len() != before;
    }
    Ok(Value::bool(removed))
}
