//! Array: the constructor, `Array.from`/`of`/`fromAsync`/`isArray`, and every
//! ES2023 method of `Array.prototype`.
//!
//! All methods are generic (they work on any array-like through [[Get]],
//! [[Set]], [[HasProperty]] and [[Delete]], with lengths up to 2^53-1). Dense
//! arrays whose prototype chain is the untouched %Array.prototype% →
//! %Object.prototype% take fast paths that read the element vector directly;
//! the condition is re-checked at every step because callbacks may mutate the
//! array. Over sparse or huge array-likes whose prototype chain has no exotic
//! objects, loops skip runs of absent indices (an absent index there has no
//! observable [[HasProperty]]/[[Get]]).

use super::arg;
use crate::object::{flags, Elements, IterKind, JsObject, ObjectKind, PropKey};
use crate::ops::convert::{same_value_zero, strict_equals, to_boolean};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};
use std::cell::RefCell;

const MAX_SAFE: u64 = 9007199254740991;
const MAX_ARRAY_LEN: u64 = 4294967295;
/// Longest string `join` builds (UTF-16 units).
use crate::heap::MAX_STRING_LEN;

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_array(Vec::new());
    vm.obj_mut(proto).proto = op;
    vm.realm.array_proto = proto;
    let ctor = vm.new_constructor("Array", 1, array_ctor, proto);
    vm.realm.array_ctor = ctor;
    vm.define_method(ctor, "isArray", 1, |vm, _, a, _| {
        Ok(Value::bool(is_array(vm, arg(a, 0))?))
    });
    vm.define_method(ctor, "from", 1, array_from);
    vm.define_method(ctor, "fromAsync", 1, array_from_async);
    vm.define_method(ctor, "of", 0, array_of);
    vm.define_species_getter(ctor);

    vm.define_method(proto, "at", 1, at);
    vm.define_method(proto, "concat", 1, concat);
    vm.define_method(proto, "copyWithin", 2, copy_within);
    vm.define_method(proto, "entries", 0, |vm, this, _, _| {
        iterator_of(vm, this, IterKind::Entries)
    });
    vm.define_method(proto, "every", 1, |vm, this, a, _| {
        iterate(vm, this, a, Cb::Every)
    });
    vm.define_method(proto, "fill", 1, fill);
    vm.define_method(proto, "filter", 1, |vm, this, a, _| {
        iterate(vm, this, a, Cb::Filter)
    });
    vm.define_method(proto, "find", 1, |vm, this, a, _| {
        find(vm, this, a, false, false)
    });
    vm.define_method(proto, "findIndex", 1, |vm, this, a, _| {
        find(vm, this, a, false, true)
    });
    vm.define_method(proto, "findLast", 1, |vm, this, a, _| {
        find(vm, this, a, true, false)
    });
    vm.define_method(proto, "findLastIndex", 1, |vm, this, a, _| {
        find(vm, this, a, true, true)
    });
    vm.define_method(proto, "flat", 0, flat);
    vm.define_method(proto, "flatMap", 1, flat_map);
    vm.define_method(proto, "forEach", 1, |vm, this, a, _| {
        iterate(vm, this, a, Cb::ForEach)
    });
    vm.define_method(proto, "includes", 1, includes);
    vm.define_method(proto, "indexOf", 1, index_of);
    vm.define_method(proto, "join", 1, join);
    vm.define_method(proto, "keys", 0, |vm, this, _, _| {
        iterator_of(vm, this, IterKind::Keys)
    });
    vm.define_method(proto, "lastIndexOf", 1, last_index_of);
    vm.define_method(proto, "map", 1, |vm, this, a, _| {
        iterate(vm, this, a, Cb::Map)
    });
    vm.define_method(proto, "pop", 0, pop);
    vm.define_method(proto, "push", 1, push);
    vm.define_method(proto, "reduce", 1, |vm, this, a, _| {
        reduce(vm, this, a, false)
    });
    vm.define_method(proto, "reduceRight", 1, |vm, this, a, _| {
        reduce(vm, this, a, true)
    });
    vm.define_method(proto, "reverse", 0, reverse);
    vm.define_method(proto, "shift", 0, shift);
    vm.define_method(proto, "slice", 2, slice);
    vm.define_method(proto, "some", 1, |vm, this, a, _| {
        iterate(vm, this, a, Cb::Some)
    });
    vm.define_method(proto, "sort", 1, sort);
    vm.define_method(proto, "splice", 2, splice);
    vm.define_method(proto, "toLocaleString", 0, to_locale_string);
    vm.define_method(proto, "toReversed", 0, to_reversed);
    vm.define_method(proto, "toSorted", 1, to_sorted);
    vm.define_method(proto, "toSpliced", 2, to_spliced);
    vm.define_method(proto, "toString", 0, to_string);
    vm.define_method(proto, "unshift", 1, unshift);
    let values = vm.define_method(proto, "values", 0, |vm, this, _, _| {
        iterator_of(vm, this, IterKind::Values)
    });
    vm.define_method(proto, "with", 2, with);
    vm.realm.array_proto_values = values;
    let it = vm.realm.sym.iterator;
    vm.put(
        proto,
        PropKey::Sym(it),
        Value::object(values),
        attrs::HIDDEN,
    );

    let unscopables = vm.new_object_with_proto(Value::NULL);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        vm.put_str(unscopables, name, Value::TRUE, attrs::DEFAULT);
    }
    let us = vm.realm.sym.unscopables;
    vm.put(
        proto,
        PropKey::Sym(us),
        Value::object(unscopables),
        attrs::CONFIGURABLE,
    );
    vm.define_global("Array", Value::object(ctor));
}

/// IsArray (sees through proxies).
pub fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    match &vm.obj(o).kind {
        ObjectKind::Array => Ok(true),
        ObjectKind::Proxy { target, handler } => {
            if handler.is_null() {
                return vm.throw_type("Cannot perform 'IsArray' on a proxy that has been revoked");
            }
            let t = *target;
            is_array(vm, t)
        }
        _ => Ok(false),
    }
}

// ----- shared helpers ----------------------------------------------------------------------

/// ToObject(this), rooted when it is a fresh wrapper.
fn this_obj(vm: &mut Vm, this: Value) -> JsResult<(ObjId, Value)> {
    let o = vm.to_object(this)?;
    let ov = Value::object(o);
    if !this.is_object() {
        vm.root(ov);
    }
    Ok((o, ov))
}

fn len_of(vm: &mut Vm, ov: Value) -> JsResult<u64> {
    Ok(vm.length_of(ov)? as u64)
}

fn num(i: u64) -> Value {
    Value::number(i as f64)
}

/// A relative index argument clamped to [0, len].
fn rel_index(vm: &mut Vm, v: Value, len: u64) -> JsResult<u64> {
    let r = vm.to_integer_or_infinity(v)?;
    Ok(if r < 0.0 {
        (len as f64 + r).max(0.0) as u64
    } else {
        r.min(len as f64) as u64
    })
}

/// Reserves a root slot that can be overwritten (released when the native returns).
fn root_slot(vm: &mut Vm, v: Value) -> usize {
    vm.roots.push(v);
    vm.roots.len() - 1
}

fn not_callable<T>(vm: &mut Vm, v: Value) -> JsResult<T> {
    let what = describe(vm, v);
    vm.throw_type(&format!("{what} is not a function"))
}

fn describe(vm: &mut Vm, v: Value) -> String {
    if v.is_string() {
        format!("\"{}\"", vm.string_lossy(v))
    } else if v.is_object() {
        if vm.is_callable(v) {
            "function".into()
        } else {
            "object".into()
        }
    } else if v.is_symbol() {
        "symbol".into()
    } else {
        vm.to_rust_string(v).unwrap_or_default()
    }
}

/// ArrayCreate(len) with %Array.prototype%, rooted.
fn array_create(vm: &mut Vm, len: u64) -> JsResult<Value> {
    if len > MAX_ARRAY_LEN {
        return vm.throw_range("Invalid array length");
    }
    let a = vm.new_array(Vec::new());
    vm.obj_mut(a).array_len = len as u32;
    let av = Value::object(a);
    vm.root(av);
    Ok(av)
}

/// ArraySpeciesCreate; the flag says the result is a fresh default array.
fn species_create(vm: &mut Vm, original: ObjId, len: u64) -> JsResult<(Value, bool)> {
    if !is_array(vm, Value::object(original))? {
        return Ok((array_create(vm, len)?, true));
    }
    let ck = PropKey::Str(vm.names.constructor);
    let mut c = vm.get(Value::object(original), ck)?;
    if vm.is_constructor(c) {
        // Another realm's %Array% makes a plain array of this realm.
        let r = vm.function_realm(c)?;
        if r != vm.realm_id && vm.realms.get(r as usize).is_some_and(|i| c == Value::object(i.array_ctor)) {
            c = Value::UNDEFINED;
        }
    }
    if c.is_object() {
        let sp = vm.realm.sym.species;
        c = vm.get(c, PropKey::Sym(sp))?;
        if c.is_null() {
            c = Value::UNDEFINED;
        }
    }
    // Construct(%Array%, len) is unobservably the same as ArrayCreate(len).
    if c.is_undefined() || c == Value::object(vm.realm.array_ctor) {
        return Ok((array_create(vm, len)?, true));
    }
    if !vm.is_constructor(c) {
        return vm.throw_type("object.constructor[Symbol.species] is not a constructor");
    }
    let a = vm.construct(c, &[num(len)], c)?;
    vm.root(a);
    Ok((a, false))
}

fn no_elements(o: &JsObject) -> bool {
    match &o.elements {
        Elements::Dense(v) => v.is_empty(),
        Elements::Sparse(m) => m.is_empty(),
    }
}

/// %Array.prototype% → %Object.prototype% → null with no indexed properties.
fn protos_clean(vm: &Vm) -> bool {
    let ap = vm.obj(vm.realm.array_proto);
    let op = vm.obj(vm.realm.object_proto);
    ap.proto == Value::object(vm.realm.object_proto)
        && op.proto.is_null()
        && no_elements(ap)
        && no_elements(op)
}

/// A dense array whose elements are plain data and whose holes read as
/// absent/undefined without running code.
fn fast_array(vm: &Vm, o: ObjId) -> bool {
    let ob = vm.obj(o);
    ob.is_array()
        && matches!(ob.elements, Elements::Dense(_))
        && ob.proto == Value::object(vm.realm.array_proto)
        && protos_clean(vm)
}

/// `fast_array` that may also be written freely (extensible, writable length).
fn fast_writable(vm: &Vm, o: ObjId) -> bool {
    let f = vm.obj(o).flags;
    f & flags::EXTENSIBLE != 0 && f & flags::LENGTH_READONLY == 0 && fast_array(vm, o)
}

fn dense(vm: &Vm, o: ObjId) -> &[Value] {
    match &vm.obj(o).elements {
        Elements::Dense(v) => v,
        Elements::Sparse(_) => &[],
    }
}

/// HasProperty(O, k) then Get(O, k).
fn has_get(vm: &mut Vm, ov: Value, o: ObjId, k: u64) -> JsResult<Option<Value>> {
    if k < MAX_ARRAY_LEN && fast_array(vm, o) {
        return Ok(dense(vm, o)
            .get(k as usize)
            .copied()
            .filter(|x| !x.is_hole()));
    }
    let key = vm.index_key(k);
    if !vm.has_property(o, key)? {
        return Ok(None);
    }
    Ok(Some(vm.get(ov, key)?))
}

fn get(vm: &mut Vm, ov: Value, k: u64) -> JsResult<Value> {
    vm.get_index(ov, k)
}

fn set(vm: &mut Vm, ov: Value, k: u64, v: Value) -> JsResult<()> {
    let key = vm.index_key(k);
    vm.set_strict(ov, key, v)
}

fn delete(vm: &mut Vm, o: ObjId, k: u64) -> JsResult<()> {
    let key = vm.index_key(k);
    if !vm.delete_property(o, key)? {
        return vm.throw_type(&format!("Cannot delete property '{k}' of [object Array]"));
    }
    Ok(())
}

fn set_length(vm: &mut Vm, ov: Value, n: u64) -> JsResult<()> {
    let lk = PropKey::Str(vm.names.length);
    vm.set_strict(ov, lk, num(n))
}

/// CreateDataPropertyOrThrow(A, k, v).
fn create(vm: &mut Vm, a: Value, k: u64, v: Value) -> JsResult<()> {
    let Some(ao) = a.as_object() else {
        return vm.throw_type("not an object");
    };
    if k < MAX_ARRAY_LEN {
        let ob = vm.obj(ao);
        if ob.is_array()
            && ob.flags & (flags::EXTENSIBLE | flags::LENGTH_READONLY) == flags::EXTENSIBLE
        {
            if let Elements::Dense(e) = &ob.elements {
                if (k as usize) <= e.len() + 1024 {
                    vm.put(ao, PropKey::Index(k as u32), v, attrs::DEFAULT);
                    return Ok(());
                }
            }
        }
    }
    let key = vm.index_key(k);
    vm.create_data_property_or_throw(ao, key, v)
}

fn plain_kind(o: &JsObject) -> bool {
    !matches!(
        o.kind,
        ObjectKind::Proxy { .. }
            | ObjectKind::StringBox(_)
            | ObjectKind::Arguments { mapped: Some(_) }
            | ObjectKind::TypedArray(_)
            | ObjectKind::ModuleNamespace { .. }
    )
}

/// A canonical integer key string in [2^32-1, 2^53-1] (not an array index).
fn big_index(units: &[u16]) -> Option<u64> {
    if units.len() < 10 || units.len() > 16 || units[0] == b'0' as u16 {
        return None;
    }
    let mut n: u64 = 0;
    for &u in units {
        if !(b'0' as u16..=b'9' as u16).contains(&u) {
            return None;
        }
        n = n * 10 + (u - b'0' as u16) as u64;
    }
    (MAX_ARRAY_LEN..=MAX_SAFE).contains(&n).then_some(n)
}

/// Integer keys ≥ 2^32-1 among an object's named properties.
fn big_keys(vm: &Vm, o: &JsObject, mut f: impl FnMut(u64)) {
    let mut visit = |k: &PropKey| {
        if let PropKey::Str(s) = k {
            if let Some(n) = big_index(vm.str_units(*s)) {
                f(n);
            }
        }
    };
    match &o.dict {
        Some(d) => d.iter().for_each(|(k, _, _)| visit(k)),
        None => vm
            .shapes
            .get(o.shape)
            .props
            .iter()
            .for_each(|(k, _)| visit(k)),
    }
}

/// The smallest index in [k, end) that is an own property of an object on
/// `o`'s prototype chain (`end` if none), or None when the chain has exotic
/// objects (then every index must be visited).
fn next_present(vm: &Vm, o: ObjId, k: u64, end: u64) -> Option<u64> {
    let mut best = end;
    let mut cur = Some(o);
    let mut depth = 0;
    while let Some(c) = cur {
        let ob = vm.obj(c);
        depth += 1;
        if !plain_kind(ob) || depth > 10_000 {
            return None;
        }
        if k < MAX_ARRAY_LEN {
            match &ob.elements {
                Elements::Dense(v) => {
                    let lim = v.len().min(best.min(MAX_ARRAY_LEN) as usize);
                    if (k as usize) < lim {
                        if let Some(p) = v[k as usize..lim].iter().position(|x| !x.is_hole()) {
                            best = best.min(k + p as u64);
                        }
                    }
                }
                Elements::Sparse(m) => {
                    if let Some((&i, _)) = m.range(k as u32..).next() {
                        best = best.min(i as u64);
                    }
                }
            }
        }
        if end > MAX_ARRAY_LEN {
            big_keys(vm, ob, |n| {
                if n >= k && n < best {
                    best = n;
                }
            });
        }
        cur = ob.proto.as_object();
    }
    Some(best)
}

/// The largest index ≤ k present on the chain: Some(None) if there is none,
/// None when the chain has exotic objects.
fn prev_present(vm: &Vm, o: ObjId, k: u64) -> Option<Option<u64>> {
    let mut best: Option<u64> = None;
    let mut cur = Some(o);
    let mut depth = 0;
    while let Some(c) = cur {
        let ob = vm.obj(c);
        depth += 1;
        if !plain_kind(ob) || depth > 10_000 {
            return None;
        }
        let lo = best.map_or(0, |b| b + 1);
        match &ob.elements {
            Elements::Dense(v) => {
                let hi = (k.min(MAX_ARRAY_LEN - 1) as usize)
                    .saturating_add(1)
                    .min(v.len());
                if (lo as usize) < hi {
                    if let Some(p) = v[lo as usize..hi].iter().rposition(|x| !x.is_hole()) {
                        best = Some(lo + p as u64);
                    }
                }
            }
            Elements::Sparse(m) => {
                let hi = k.min(MAX_ARRAY_LEN - 1) as u32;
                if let Some((&i, _)) = m.range(..=hi).next_back() {
                    if best.is_none_or(|b| i as u64 > b) {
                        best = Some(i as u64);
                    }
                }
            }
        }
        if k >= MAX_ARRAY_LEN {
            big_keys(vm, ob, |n| {
                if n <= k && best.is_none_or(|b| n > b) {
                    best = Some(n);
                }
            });
        }
        cur = ob.proto.as_object();
    }
    Some(best)
}

/// After a miss at `k` in an ascending loop: the next index worth visiting.
fn skip_up(vm: &Vm, o: ObjId, k: u64, end: u64) -> u64 {
    if end - k < 32 {
        return k + 1;
    }
    next_present(vm, o, k + 1, end).unwrap_or(k + 1)
}

/// After a miss at `k` in a descending loop: the next index worth visiting (None: stop).
fn skip_down(vm: &Vm, o: ObjId, k: u64) -> Option<u64> {
    if k == 0 {
        return None;
    }
    if k < 32 {
        return Some(k - 1);
    }
    match prev_present(vm, o, k - 1) {
        Some(p) => p,
        None => Some(k - 1),
    }
}

/// IteratorClose after an abrupt completion: errors from `return` are ignored.
fn close_abrupt(vm: &mut Vm, it: Value, e: Value) -> Value {
    if vm.terminating.is_some() {
        return e;
    }
    vm.root(e);
    let rk = PropKey::Str(vm.names.return_);
    if let Ok(Some(ret)) = vm.get_method(it, rk) {
        let _ = vm.call(ret, it, &[]);
    }
    e
}

fn iterator_of(vm: &mut Vm, this: Value, kind: IterKind) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(super::iterator::create_array_iterator(
        vm,
        Value::object(o),
        kind,
    ))
}

// ----- constructor and statics -----------------------------------------------------------------

fn array_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let ap = vm.realm.array_proto;
    let nt = if nt.is_undefined() {
        vm.native_self().unwrap_or_default()
    } else {
        nt
    };
    let proto = vm.proto_from_ctor(nt, ap)?;
    let arr = if a.len() == 1 {
        let len = a[0];
        if let Some(n) = len.as_number() {
            let l = crate::ops::convert::to_uint32(n);
            if l as f64 != n {
                return vm.throw_range("Invalid array length");
            }
            let o = vm.new_array(Vec::new());
            vm.obj_mut(o).array_len = l;
            o
        } else {
            vm.new_array(vec![len])
        }
    } else {
        vm.new_array(a.to_vec())
    };
    vm.obj_mut(arr).proto = proto;
    Ok(Value::object(arr))
}

fn array_from(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let c = this;
    let items = arg(args, 0);
    let mapfn = arg(args, 1);
    let this_arg = arg(args, 2);
    let mapping = !mapfn.is_undefined();
    if mapping && !vm.is_callable(mapfn) {
        return not_callable(vm, mapfn);
    }
    let it_sym = vm.realm.sym.iterator;
    let using_iterator = vm.get_method(items, PropKey::Sym(it_sym))?;
    if let Some(method) = using_iterator {
        // Fast path: a plain array iterated by the untouched default iterator.
        if !mapping
            && c == Value::object(vm.realm.array_ctor)
            && method == Value::object(vm.realm.array_proto_values)
        {
            if let Some(io) = items.as_object() {
                if vm.is_plain_iterable_array(io) && fast_array(vm, io) {
                    let ob = vm.obj(io);
                    let n = ob.array_len as usize;
                    if let Elements::Dense(v) = &ob.elements {
                        let mut out: Vec<Value> = v
                            .iter()
                            .map(|x| if x.is_hole() { Value::UNDEFINED } else { *x })
                            .collect();
                        out.resize(n, Value::UNDEFINED);
                        return Ok(Value::object(vm.new_array(out)));
                    }
                }
            }
        }
        let a = if vm.is_constructor(c) {
            vm.construct(c, &[], c)?
        } else {
            array_create(vm, 0)?
        };
        vm.root(a);
        let it = vm.call(method, items, &[])?;
        if !it.is_object() {
            return vm.throw_type("Result of the Symbol.iterator method is not an object");
        }
        vm.root(it);
        let nk = PropKey::Str(vm.names.next);
        let next = vm.get(it, nk)?;
        vm.root(next);
        let mut k: u64 = 0;
        loop {
            if k >= MAX_SAFE {
                let e = vm.type_error("Too many elements");
                return Err(close_abrupt(vm, it, e));
            }
            let Some(v) = vm.iter_step(it, next)? else {
                set_length(vm, a, k)?;
                return Ok(a);
            };
            let mapped = if mapping {
                match vm.call(mapfn, this_arg, &[v, num(k)]) {
                    Ok(m) => m,
                    Err(e) => return Err(close_abrupt(vm, it, e)),
                }
            } else {
                v
            };
            if let Err(e) = create(vm, a, k, mapped) {
                return Err(close_abrupt(vm, it, e));
            }
            k += 1;
        }
    }
    let (_, al) = this_obj(vm, items)?;
    let len = len_of(vm, al)?;
    let a = if vm.is_constructor(c) {
        vm.construct(c, &[num(len)], c)?
    } else {
        array_create(vm, len)?
    };
    vm.root(a);
    for k in 0..len {
        let v = get(vm, al, k)?;
        let mapped = if mapping {
            vm.call(mapfn, this_arg, &[v, num(k)])?
        } else {
            v
        };
        create(vm, a, k, mapped)?;
    }
    set_length(vm, a, len)?;
    Ok(a)
}

fn array_of(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let len = args.len() as u64;
    let a = if vm.is_constructor(this) {
        vm.construct(this, &[num(len)], this)?
    } else {
        array_create(vm, len)?
    };
    vm.root(a);
    for (k, &v) in args.iter().enumerate() {
        create(vm, a, k as u64, v)?;
    }
    set_length(vm, a, len)?;
    Ok(a)
}

// ----- Array.fromAsync ---------------------------------------------------------------------------

// State slots of an Array.fromAsync run.
const FA_A: usize = 0;
const FA_MAPFN: usize = 1;
const FA_THIS: usize = 2;
const FA_ITER: usize = 3;
const FA_NEXT: usize = 4;
const FA_K: usize = 5;
const FA_RESOLVE: usize = 6;
const FA_REJECT: usize = 7;
const FA_ARRAYLIKE: usize = 8;
const FA_LEN: usize = 9;
const FA_ERROR: usize = 10;
const FA_SLOTS: usize = 11;

// Continuation phases.
const PH_NEXT_RESULT: i32 = 0;
const PH_MAPPED: i32 = 1;
const PH_CLOSED: i32 = 2;
const PH_ELEMENT: i32 = 3;
const PH_MAPPED_ARRAYLIKE: i32 = 4;

fn fa_get(vm: &Vm, st: ObjId, i: usize) -> Value {
    match &vm.obj(st).kind {
        ObjectKind::Internal(v) => v.get(i).copied().unwrap_or_default(),
        _ => Value::UNDEFINED,
    }
}

fn fa_set(vm: &mut Vm, st: ObjId, i: usize, x: Value) {
    if let ObjectKind::Internal(v) = &mut vm.obj_mut(st).kind {
        if let Some(s) = v.get_mut(i) {
            *s = x;
        }
    }
}

fn array_from_async(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let pc = Value::object(vm.realm.promise_ctor);
    let (p, res, rej) = super::promise::new_capability(vm, pc)?;
    vm.root(p);
    let st = vm.alloc(JsObject::new(
        Value::NULL,
        ObjectKind::Internal(Box::new(vec![Value::UNDEFINED; FA_SLOTS])),
    ));
    vm.root(Value::object(st));
    fa_set(vm, st, FA_RESOLVE, res);
    fa_set(vm, st, FA_REJECT, rej);
    if let Err(e) = from_async_start(vm, st, this, args) {
        if vm.terminating.is_some() {
            return Err(e);
        }
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(p)
}

fn from_async_start(vm: &mut Vm, st: ObjId, c: Value, args: &[Value]) -> JsResult<()> {
    let items = arg(args, 0);
    let mapfn = arg(args, 1);
    if !mapfn.is_undefined() && !vm.is_callable(mapfn) {
        return not_callable(vm, mapfn);
    }
    fa_set(vm, st, FA_MAPFN, mapfn);
    fa_set(vm, st, FA_THIS, arg(args, 2));
    let ai = vm.realm.sym.async_iterator;
    let using_async = vm.get_method(items, PropKey::Sym(ai))?;
    let using_sync = if using_async.is_none() {
        let si = vm.realm.sym.iterator;
        vm.get_method(items, PropKey::Sym(si))?
    } else {
        None
    };
    let nk = PropKey::Str(vm.names.next);
    let iter = if let Some(m) = using_async {
        let it = vm.call(m, items, &[])?;
        if !it.is_object() {
            return vm.throw_type("Result of the Symbol.asyncIterator method is not an object");
        }
        vm.root(it);
        let next = vm.get(it, nk)?;
        Some((it, next))
    } else if let Some(m) = using_sync {
        let sit = vm.call(m, items, &[])?;
        if !sit.is_object() {
            return vm.throw_type("Result of the Symbol.iterator method is not an object");
        }
        vm.root(sit);
        let snext = vm.get(sit, nk)?;
        let afs = Value::object(vm.realm.async_from_sync_iterator_proto);
        let it =
            Value::object(vm.alloc(JsObject::new(afs, ObjectKind::Internal(Box::new(vec![sit, snext])))));
        vm.root(it);
        let next = vm.get(it, nk)?;
        Some((it, next))
    } else {
        None
    };
    if let Some((it, next)) = iter {
        fa_set(vm, st, FA_ITER, it);
        fa_set(vm, st, FA_NEXT, next);
        let a = if vm.is_constructor(c) {
            vm.construct(c, &[], c)?
        } else {
            array_create(vm, 0)?
        };
        fa_set(vm, st, FA_A, a);
        fa_set(vm, st, FA_K, Value::int(0));
        return from_async_next(vm, st);
    }
    let (_, al) = this_obj(vm, items)?;
    fa_set(vm, st, FA_ARRAYLIKE, al);
    let len = len_of(vm, al)?;
    let a = if vm.is_constructor(c) {
        vm.construct(c, &[num(len)], c)?
    } else {
        array_create(vm, len)?
    };
    fa_set(vm, st, FA_A, a);
    fa_set(vm, st, FA_LEN, num(len));
    fa_set(vm, st, FA_K, Value::int(0));
    from_async_arraylike_step(vm, st)
}

fn fa_k(vm: &Vm, st: ObjId) -> u64 {
    fa_get(vm, st, FA_K).as_number().unwrap_or(0.0) as u64
}

/// Await(v), continuing at `phase`.
fn fa_await(vm: &mut Vm, st: ObjId, v: Value, phase: i32) -> JsResult<()> {
    let pc = Value::object(vm.realm.promise_ctor);
    let p = super::promise::promise_resolve(vm, pc, v)?;
    let caps = vec![Value::object(st), Value::int(phase)];
    let on_f = vm.new_native_with(
        "",
        1,
        |vm, _, a, _| from_async_resume(vm, arg(a, 0), false),
        false,
        caps.clone(),
    );
    let on_r = vm.new_native_with(
        "",
        1,
        |vm, _, a, _| from_async_resume(vm, arg(a, 0), true),
        false,
        caps,
    );
    if let Some(po) = p.as_object() {
        super::promise::perform_then(vm, po, Value::object(on_f), Value::object(on_r), None);
    }
    Ok(())
}

fn fa_finish(vm: &mut Vm, st: ObjId, r: JsResult<Value>) -> JsResult<Value> {
    if let Err(e) = r {
        if vm.terminating.is_some() {
            return Err(e);
        }
        let rej = fa_get(vm, st, FA_REJECT);
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(Value::UNDEFINED)
}

fn from_async_resume(vm: &mut Vm, v: Value, rejected: bool) -> JsResult<Value> {
    let Some(st) = vm.capture(0).as_object() else {
        return Ok(Value::UNDEFINED);
    };
    // This native function object is not rooted once it calls into JS: keep its state alive.
    vm.root(Value::object(st));
    let phase = vm.capture(1).as_int().unwrap_or(-1);
    let r = (|| -> JsResult<Value> {
        match (phase, rejected) {
            (PH_NEXT_RESULT, false) => from_async_result(vm, st, v)?,
            (PH_MAPPED, false) => from_async_store(vm, st, v)?,
            (PH_MAPPED, true) => return from_async_close(vm, st, v),
            (PH_CLOSED, _) => return Err(fa_get(vm, st, FA_ERROR)),
            (PH_ELEMENT, false) => {
                let mapfn = fa_get(vm, st, FA_MAPFN);
                if mapfn.is_undefined() {
                    from_async_arraylike_store(vm, st, v)?;
                } else {
                    let this_arg = fa_get(vm, st, FA_THIS);
                    let k = fa_k(vm, st);
                    let m = vm.call(mapfn, this_arg, &[v, num(k)])?;
                    fa_await(vm, st, m, PH_MAPPED_ARRAYLIKE)?;
                }
            }
            (PH_MAPPED_ARRAYLIKE, false) => from_async_arraylike_store(vm, st, v)?,
            (_, true) => return Err(v),
            _ => {}
        }
        Ok(Value::UNDEFINED)
    })();
    fa_finish(vm, st, r)
}

/// Calls `next()` and awaits its result.
fn from_async_next(vm: &mut Vm, st: ObjId) -> JsResult<()> {
    let k = fa_k(vm, st);
    let it = fa_get(vm, st, FA_ITER);
    if k >= MAX_SAFE {
        let e = vm.type_error("Too many elements");
        return from_async_close(vm, st, e).map(|_| ());
    }
    let next = fa_get(vm, st, FA_NEXT);
    let r = vm.call(next, it, &[])?;
    fa_await(vm, st, r, PH_NEXT_RESULT)
}

fn from_async_result(vm: &mut Vm, st: ObjId, r: Value) -> JsResult<()> {
    if !r.is_object() {
        return vm.throw_type("iterator result is not an object");
    }
    let dk = PropKey::Str(vm.names.done);
    let d = vm.get(r, dk)?;
    let k = fa_k(vm, st);
    let a = fa_get(vm, st, FA_A);
    if to_boolean(vm, d) {
        set_length(vm, a, k)?;
        let res = fa_get(vm, st, FA_RESOLVE);
        vm.call(res, Value::UNDEFINED, &[a])?;
        return Ok(());
    }
    let vk = PropKey::Str(vm.names.value);
    let v = vm.get(r, vk)?;
    let mapfn = fa_get(vm, st, FA_MAPFN);
    if mapfn.is_undefined() {
        return from_async_store(vm, st, v);
    }
    let this_arg = fa_get(vm, st, FA_THIS);
    let m = match vm.call(mapfn, this_arg, &[v, num(k)]) {
        Ok(m) => m,
        Err(e) => return from_async_close(vm, st, e).map(|_| ()),
    };
    if let Err(e) = fa_await(vm, st, m, PH_MAPPED) {
        return from_async_close(vm, st, e).map(|_| ());
    }
    Ok(())
}

fn from_async_store(vm: &mut Vm, st: ObjId, v: Value) -> JsResult<()> {
    let a = fa_get(vm, st, FA_A);
    let k = fa_k(vm, st);
    if let Err(e) = create(vm, a, k, v) {
        return from_async_close(vm, st, e).map(|_| ());
    }
    fa_set(vm, st, FA_K, num(k + 1));
    from_async_next(vm, st)
}

/// AsyncIteratorClose with a throw completion: awaits `return()` (if any)
/// and then rejects with `e`.
fn from_async_close(vm: &mut Vm, st: ObjId, e: Value) -> JsResult<Value> {
    if vm.terminating.is_some() {
        return Err(e);
    }
    fa_set(vm, st, FA_ERROR, e);
    let it = fa_get(vm, st, FA_ITER);
    let rk = PropKey::Str(vm.names.return_);
    let Ok(Some(ret)) = vm.get_method(it, rk) else {
        return Err(e);
    };
    let Ok(r) = vm.call(ret, it, &[]) else {
        return Err(e);
    };
    if fa_await(vm, st, r, PH_CLOSED).is_err() {
        return Err(e);
    }
    Ok(Value::UNDEFINED)
}

fn from_async_arraylike_step(vm: &mut Vm, st: ObjId) -> JsResult<()> {
    let k = fa_k(vm, st);
    let len = fa_get(vm, st, FA_LEN).as_number().unwrap_or(0.0) as u64;
    let a = fa_get(vm, st, FA_A);
    if k >= len {
        set_length(vm, a, len)?;
        let res = fa_get(vm, st, FA_RESOLVE);
        vm.call(res, Value::UNDEFINED, &[a])?;
        return Ok(());
    }
    let al = fa_get(vm, st, FA_ARRAYLIKE);
    let v = get(vm, al, k)?;
    fa_await(vm, st, v, PH_ELEMENT)
}

fn from_async_arraylike_store(vm: &mut Vm, st: ObjId, v: Value) -> JsResult<()> {
    let a = fa_get(vm, st, FA_A);
    let k = fa_k(vm, st);
    create(vm, a, k, v)?;
    fa_set(vm, st, FA_K, num(k + 1));
    from_async_arraylike_step(vm, st)
}

// ----- prototype methods --------------------------------------------------------------------------

fn at(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let r = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if r >= 0.0 { r } else { len as f64 + r };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get(vm, ov, k as u64)
}

fn is_concat_spreadable(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if !v.is_object() {
        return Ok(false);
    }
    let s = vm.realm.sym.is_concat_spreadable;
    let sp = vm.get(v, PropKey::Sym(s))?;
    if !sp.is_undefined() {
        return Ok(to_boolean(vm, sp));
    }
    is_array(vm, v)
}

fn concat(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let (a, fresh) = species_create(vm, o, 0)?;
    let mut n: u64 = 0;
    let mut items = Vec::with_capacity(args.len() + 1);
    items.push(ov);
    items.extend_from_slice(args);
    for e in items {
        if is_concat_spreadable(vm, e)? {
            let Some(eo) = e.as_object() else { continue };
            let len = len_of(vm, e)?;
            if n + len > MAX_SAFE {
                return vm.throw_type("Array length exceeds the maximum safe integer");
            }
            // Fast path: copy a dense array's elements (holes stay holes).
            if fresh && fast_array(vm, eo) && n + len < MAX_ARRAY_LEN {
                if let Some(ao) = a.as_object() {
                    let dl = dense(vm, ao).len() as u64;
                    if fast_writable(vm, ao)
                        && vm.obj(ao).array_len as u64 == n
                        && dl <= n
                        && n - dl <= 1024
                    {
                        let src: Vec<Value> =
                            dense(vm, eo).iter().take(len as usize).copied().collect();
                        let ob = vm.obj_mut(ao);
                        if let Elements::Dense(dst) = &mut ob.elements {
                            dst.resize(n as usize, Value::HOLE);
                            dst.extend_from_slice(&src);
                            while dst.last().is_some_and(|x| x.is_hole()) {
                                dst.pop();
                            }
                        }
                        n += len;
                        ob.array_len = n as u32;
                        continue;
                    }
                }
            }
            let mut k = 0;
            while k < len {
                match has_get(vm, e, eo, k)? {
                    Some(v) => {
                        create(vm, a, n + k, v)?;
                        k += 1;
                    }
                    None => k = skip_up(vm, eo, k, len),
                }
            }
            n += len;
        } else {
            if n >= MAX_SAFE {
                return vm.throw_type("Array length exceeds the maximum safe integer");
            }
            create(vm, a, n, e)?;
            n += 1;
        }
    }
    set_length(vm, a, n)?;
    Ok(a)
}

fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let mut to = rel_index(vm, arg(args, 0), len)?;
    let mut from = rel_index(vm, arg(args, 1), len)?;
    let end = arg(args, 2);
    let fin = if end.is_undefined() {
        len
    } else {
        rel_index(vm, end, len)?
    };
    let mut count = fin.saturating_sub(from).min(len - to);
    if count == 0 {
        return Ok(ov);
    }
    if fast_writable(vm, o) && len <= vm.obj(o).array_len as u64 {
        let ob = vm.obj_mut(o);
        if let Elements::Dense(v) = &mut ob.elements {
            let need = (from.max(to) + count) as usize;
            if need > v.len() && need <= v.len() + 1024 {
                v.resize(need, Value::HOLE);
            }
            if need <= v.len() {
                v.copy_within(from as usize..(from + count) as usize, to as usize);
                while v.last().is_some_and(|x| x.is_hole()) {
                    v.pop();
                }
                return Ok(ov);
            }
        }
    }
    let backwards = from < to && to < from + count;
    if backwards {
        from += count - 1;
        to += count - 1;
    }
    let slot = root_slot(vm, Value::UNDEFINED);
    while count > 0 {
        match has_get(vm, ov, o, from)? {
            Some(v) => {
                vm.roots[slot] = v;
                set(vm, ov, to, v)?;
            }
            None => delete(vm, o, to)?,
        }
        if backwards {
            from = from.wrapping_sub(1);
            to = to.wrapping_sub(1);
        } else {
            from += 1;
            to += 1;
        }
        count -= 1;
    }
    Ok(ov)
}

#[derive(Clone, Copy, PartialEq)]
enum Cb {
    ForEach,
    Some,
    Every,
    Map,
    Filter,
}

fn iterate(vm: &mut Vm, this: Value, args: &[Value], mode: Cb) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let cb = arg(args, 0);
    if !vm.is_callable(cb) {
        return not_callable(vm, cb);
    }
    let this_arg = arg(args, 1);
    let a = match mode {
        Cb::Map => species_create(vm, o, len)?.0,
        Cb::Filter => species_create(vm, o, 0)?.0,
        _ => Value::UNDEFINED,
    };
    let slot = root_slot(vm, Value::UNDEFINED);
    let mut to: u64 = 0;
    let mut k: u64 = 0;
    while k < len {
        let Some(kv) = has_get(vm, ov, o, k)? else {
            k = skip_up(vm, o, k, len);
            continue;
        };
        vm.roots[slot] = kv;
        let r = vm.call(cb, this_arg, &[kv, num(k), ov])?;
        match mode {
            Cb::ForEach => {}
            Cb::Some => {
                if to_boolean(vm, r) {
                    return Ok(Value::TRUE);
                }
            }
            Cb::Every => {
                if !to_boolean(vm, r) {
                    return Ok(Value::FALSE);
                }
            }
            Cb::Map => create(vm, a, k, r)?,
            Cb::Filter => {
                if to_boolean(vm, r) {
                    create(vm, a, to, kv)?;
                    to += 1;
                }
            }
        }
        k += 1;
    }
    Ok(match mode {
        Cb::ForEach => Value::UNDEFINED,
        Cb::Some => Value::FALSE,
        Cb::Every => Value::TRUE,
        Cb::Map | Cb::Filter => a,
    })
}

fn fill(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let value = arg(args, 0);
    let mut k = rel_index(vm, arg(args, 1), len)?;
    let end = arg(args, 2);
    let fin = if end.is_undefined() {
        len
    } else {
        rel_index(vm, end, len)?
    };
    if k < fin && fast_writable(vm, o) && fin <= vm.obj(o).array_len as u64 {
        let ob = vm.obj_mut(o);
        if let Elements::Dense(v) = &mut ob.elements {
            if fin as usize <= v.len() + 1024 {
                if v.len() < fin as usize {
                    v.resize(fin as usize, Value::HOLE);
                }
                v[k as usize..fin as usize].fill(value);
                return Ok(ov);
            }
        }
    }
    while k < fin {
        set(vm, ov, k, value)?;
        k += 1;
    }
    Ok(ov)
}

fn find(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    from_end: bool,
    want_index: bool,
) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let pred = arg(args, 0);
    if !vm.is_callable(pred) {
        return not_callable(vm, pred);
    }
    let this_arg = arg(args, 1);
    let slot = root_slot(vm, Value::UNDEFINED);
    for i in 0..len {
        let k = if from_end { len - 1 - i } else { i };
        let kv = get(vm, ov, k)?;
        vm.roots[slot] = kv;
        let r = vm.call(pred, this_arg, &[kv, num(k), ov])?;
        if to_boolean(vm, r) {
            return Ok(if want_index { num(k) } else { kv });
        }
    }
    Ok(if want_index {
        Value::int(-1)
    } else {
        Value::UNDEFINED
    })
}

/// FlattenIntoArray; returns the next target index.
#[allow(clippy::too_many_arguments)]
fn flatten_into(
    vm: &mut Vm,
    target: Value,
    source: Value,
    source_len: u64,
    start: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
    level: u32,
) -> JsResult<u64> {
    if level > 2000 {
        return vm.throw_range("Maximum call stack size exceeded");
    }
    let Some(so) = source.as_object() else {
        return Ok(start);
    };
    let mut ti = start;
    let mut si: u64 = 0;
    let slot = root_slot(vm, Value::UNDEFINED);
    while si < source_len {
        let Some(mut el) = has_get(vm, source, so, si)? else {
            si = skip_up(vm, so, si, source_len);
            continue;
        };
        if let Some((f, t)) = mapper {
            vm.roots[slot] = el;
            el = vm.call(f, t, &[el, num(si), source])?;
        }
        vm.roots[slot] = el;
        if depth > 0.0 && is_array(vm, el)? {
            let elen = len_of(vm, el)?;
            ti = flatten_into(vm, target, el, elen, ti, depth - 1.0, None, level + 1)?;
        } else {
            if ti >= MAX_SAFE {
                return vm.throw_type("Array length exceeds the maximum safe integer");
            }
            create(vm, target, ti, el)?;
            ti += 1;
        }
        si += 1;
    }
    Ok(ti)
}

fn flat(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let d = arg(args, 0);
    let depth = if d.is_undefined() {
        1.0
    } else {
        vm.to_integer_or_infinity(d)?.max(0.0)
    };
    let (a, _) = species_create(vm, o, 0)?;
    flatten_into(vm, a, ov, len, 0, depth, None, 0)?;
    Ok(a)
}

fn flat_map(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return not_callable(vm, f);
    }
    let (a, _) = species_create(vm, o, 0)?;
    flatten_into(vm, a, ov, len, 0, 1.0, Some((f, arg(args, 1))), 0)?;
    Ok(a)
}

/// The start index of indexOf/includes (None: nothing to search).
fn search_start(vm: &mut Vm, from: Value, len: u64) -> JsResult<Option<u64>> {
    let n = vm.to_integer_or_infinity(from)?;
    if n == f64::INFINITY {
        return Ok(None);
    }
    let k = if n >= 0.0 {
        n
    } else {
        (len as f64 + n).max(0.0)
    };
    Ok(if k >= len as f64 {
        None
    } else {
        Some(k as u64)
    })
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let search = arg(args, 0);
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::FALSE);
    };
    if fast_array(vm, o) && len <= MAX_ARRAY_LEN {
        let v = dense(vm, o);
        let end = (len as usize).min(v.len());
        for &x in v.iter().take(end).skip(k as usize) {
            let x = if x.is_hole() { Value::UNDEFINED } else { x };
            if same_value_zero(vm, x, search) {
                return Ok(Value::TRUE);
            }
        }
        return Ok(Value::bool(
            search.is_undefined() && (len as usize) > end.max(k as usize),
        ));
    }
    while k < len {
        let v = get(vm, ov, k)?;
        if same_value_zero(vm, v, search) {
            return Ok(Value::TRUE);
        }
        // Absent elements read as undefined; skip them unless that is the target.
        if !search.is_undefined() && len - k > 32 {
            if let Some(nk) = next_present(vm, o, k + 1, len) {
                k = nk;
                continue;
            }
        }
        k += 1;
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let search = arg(args, 0);
    let Some(mut k) = search_start(vm, arg(args, 1), len)? else {
        return Ok(Value::int(-1));
    };
    if fast_array(vm, o) && len <= MAX_ARRAY_LEN {
        let v = dense(vm, o);
        let end = (len as usize).min(v.len());
        for (i, &x) in v.iter().enumerate().take(end).skip(k as usize) {
            if !x.is_hole() && strict_equals(vm, x, search) {
                return Ok(num(i as u64));
            }
        }
        return Ok(Value::int(-1));
    }
    while k < len {
        match has_get(vm, ov, o, k)? {
            Some(v) => {
                if strict_equals(vm, v, search) {
                    return Ok(num(k));
                }
                k += 1;
            }
            None => k = skip_up(vm, o, k, len),
        }
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let search = arg(args, 0);
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args[1])?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let mut k = k as u64;
    loop {
        match has_get(vm, ov, o, k)? {
            Some(v) => {
                if strict_equals(vm, v, search) {
                    return Ok(num(k));
                }
                if k == 0 {
                    break;
                }
                k -= 1;
            }
            None => match skip_down(vm, o, k) {
                Some(nk) => k = nk,
                None => break,
            },
        }
    }
    Ok(Value::int(-1))
}

thread_local! {
    /// Arrays being joined (cycle detection: a cyclic element joins as "").
    static JOIN_STACK: RefCell<Vec<ObjId>> = const { RefCell::new(Vec::new()) };
}

struct JoinGuard;

impl JoinGuard {
    /// None if `o` is already being joined.
    fn enter(o: ObjId) -> Option<JoinGuard> {
        JOIN_STACK.with(|s| {
            let mut s = s.borrow_mut();
            if s.contains(&o) {
                None
            } else {
                s.push(o);
                Some(JoinGuard)
            }
        })
    }
}

impl Drop for JoinGuard {
    fn drop(&mut self) {
        JOIN_STACK.with(|s| {
            s.borrow_mut().pop();
        });
    }
}

fn push_units(vm: &mut Vm, out: &mut Vec<u16>, units: &[u16]) -> JsResult<()> {
    if out.len() + units.len() > MAX_STRING_LEN {
        return vm.throw_range("Invalid string length");
    }
    out.extend_from_slice(units);
    Ok(())
}

/// Appends ToString(v) (nothing for null/undefined).
pub(crate) fn append_element(vm: &mut Vm, out: &mut Vec<u16>, v: Value) -> JsResult<()> {
    if v.is_nullish() {
        return Ok(());
    }
    if let Some(s) = v.as_string() {
        let units = vm.str_units(s);
        if out.len() + units.len() > MAX_STRING_LEN {
            return vm.throw_range("Invalid string length");
        }
        out.extend_from_slice(units);
        return Ok(());
    }
    if let Some(i) = v.as_int() {
        let t = i.to_string();
        out.extend(t.bytes().map(|b| b as u16));
        return Ok(());
    }
    let s = vm.to_str_id(v)?;
    let units = vm.str_units(s);
    if out.len() + units.len() > MAX_STRING_LEN {
        return vm.throw_range("Invalid string length");
    }
    out.extend_from_slice(units);
    Ok(())
}

fn join(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let sep_arg = arg(args, 0);
    let sep: Vec<u16> = if sep_arg.is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_units(sep_arg)?
    };
    let Some(_guard) = JoinGuard::enter(o) else {
        return Ok(Value::string(vm.names.empty));
    };
    if len > 1 && (sep.len() as u64).saturating_mul(len - 1) > MAX_STRING_LEN as u64 {
        return vm.throw_range("Invalid string length");
    }
    let mut out: Vec<u16> = Vec::new();
    let mut k: u64 = 0;
    while k < len {
        if k > 0 {
            push_units(vm, &mut out, &sep)?;
        }
        let fast = k < MAX_ARRAY_LEN && fast_array(vm, o);
        let v = if fast {
            dense(vm, o)
                .get(k as usize)
                .copied()
                .filter(|x| !x.is_hole())
        } else {
            None
        };
        let v = match v {
            Some(v) => v,
            None if fast => Value::UNDEFINED,
            None => {
                let v = get(vm, ov, k)?;
                if v.is_undefined() && len - k > 32 {
                    // A run of absent elements contributes only separators.
                    if let Some(nk) = next_present(vm, o, k, len) {
                        if nk > k {
                            for _ in k + 1..nk {
                                push_units(vm, &mut out, &sep)?;
                            }
                            k = nk;
                            continue;
                        }
                    }
                }
                v
            }
        };
        append_element(vm, &mut out, v)?;
        k += 1;
    }
    Ok(vm.new_string_units(out))
}

fn to_string(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let jk = PropKey::Str(vm.names.join);
    let f = vm.get(ov, jk)?;
    if vm.is_callable(f) {
        return vm.call(f, ov, &[]);
    }
    super::object::object_to_string(vm, ov, &[], Value::UNDEFINED)
}

fn to_locale_string(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let Some(_guard) = JoinGuard::enter(o) else {
        return Ok(Value::string(vm.names.empty));
    };
    let tk = vm.key_str("toLocaleString");
    let mut out: Vec<u16> = Vec::new();
    let slot = root_slot(vm, Value::UNDEFINED);
    for k in 0..len {
        if k > 0 {
            push_units(vm, &mut out, &[b',' as u16])?;
        }
        let v = get(vm, ov, k)?;
        if v.is_nullish() {
            continue;
        }
        vm.roots[slot] = v;
        let f = vm.get(v, tk)?;
        if !vm.is_callable(f) {
            return vm.throw_type("toLocaleString is not a function");
        }
        let s = vm.call(f, v, &[])?;
        let s = vm.to_str_id(s)?;
        let units = vm.str_units(s).to_vec();
        push_units(vm, &mut out, &units)?;
    }
    Ok(vm.new_string_units(out))
}

fn pop(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    {
        let ob = vm.obj_mut(o);
        if ob.is_array() && ob.flags & flags::LENGTH_READONLY == 0 && ob.array_len > 0 {
            let n = ob.array_len as usize;
            if let Elements::Dense(v) = &mut ob.elements {
                if v.len() == n && v.last().is_some_and(|x| !x.is_hole()) {
                    let x = v.pop().unwrap_or_default();
                    while v.last().is_some_and(|x| x.is_hole()) {
                        v.pop();
                    }
                    ob.array_len -= 1;
                    return Ok(x);
                }
            }
        }
    }
    let len = len_of(vm, ov)?;
    if len == 0 {
        set_length(vm, ov, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let x = get(vm, ov, len - 1)?;
    vm.root(x);
    delete(vm, o, len - 1)?;
    set_length(vm, ov, len - 1)?;
    Ok(x)
}

fn push(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    if fast_writable(vm, o) {
        let ob = vm.obj_mut(o);
        let n = ob.array_len as usize;
        if n + a.len() < MAX_ARRAY_LEN as usize {
            if let Elements::Dense(v) = &mut ob.elements {
                if v.len() == n {
                    let cap = v.capacity();
                    v.extend_from_slice(a);
                    let grown = v.capacity() - cap;
                    ob.array_len = (n + a.len()) as u32;
                    let len = ob.array_len;
                    vm.heap.allocated_since_gc += grown * 8;
                    return Ok(num(len as u64));
                }
            }
        }
    }
    let mut len = len_of(vm, ov)?;
    if len + a.len() as u64 > MAX_SAFE {
        return vm.throw_type("Pushing too many elements");
    }
    for &v in a {
        set(vm, ov, len, v)?;
        len += 1;
    }
    set_length(vm, ov, len)?;
    Ok(num(len))
}

fn reduce(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let cb = arg(args, 0);
    if !vm.is_callable(cb) {
        return not_callable(vm, cb);
    }
    if len == 0 && args.len() < 2 {
        return vm.throw_type("Reduce of empty array with no initial value");
    }
    // `k` is the next index to visit; `None` when exhausted.
    let step = |vm: &mut Vm, k: u64, hit: bool| -> Option<u64> {
        if right {
            if hit {
                k.checked_sub(1)
            } else {
                skip_down(vm, o, k)
            }
        } else {
            let n = if hit { k + 1 } else { skip_up(vm, o, k, len) };
            (n < len).then_some(n)
        }
    };
    let mut k = if len == 0 {
        None
    } else if right {
        Some(len - 1)
    } else {
        Some(0)
    };
    let acc_slot = root_slot(vm, Value::UNDEFINED);
    if args.len() >= 2 {
        vm.roots[acc_slot] = args[1];
    } else {
        loop {
            let Some(i) = k else {
                return vm.throw_type("Reduce of empty array with no initial value");
            };
            match has_get(vm, ov, o, i)? {
                Some(v) => {
                    vm.roots[acc_slot] = v;
                    k = step(vm, i, true);
                    break;
                }
                None => k = step(vm, i, false),
            }
        }
    }
    while let Some(i) = k {
        match has_get(vm, ov, o, i)? {
            Some(v) => {
                let acc = vm.roots[acc_slot];
                let r = vm.call(cb, Value::UNDEFINED, &[acc, v, num(i), ov])?;
                vm.roots[acc_slot] = r;
                k = step(vm, i, true);
            }
            None => k = step(vm, i, false),
        }
    }
    Ok(vm.roots[acc_slot])
}

fn reverse(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    if fast_writable(vm, o) {
        let ob = vm.obj_mut(o);
        let n = ob.array_len as usize;
        if let Elements::Dense(v) = &mut ob.elements {
            if n <= v.len() + 1024 {
                v.resize(n, Value::HOLE);
                v.reverse();
                while v.last().is_some_and(|x| x.is_hole()) {
                    v.pop();
                }
                return Ok(ov);
            }
        }
    }
    let middle = len / 2;
    let mut lower: u64 = 0;
    let ls = root_slot(vm, Value::UNDEFINED);
    let us = root_slot(vm, Value::UNDEFINED);
    while lower != middle {
        let upper = len - lower - 1;
        let lv = has_get(vm, ov, o, lower)?;
        if let Some(v) = lv {
            vm.roots[ls] = v;
        }
        let uv = has_get(vm, ov, o, upper)?;
        if let Some(v) = uv {
            vm.roots[us] = v;
        }
        match (lv, uv) {
            (Some(l), Some(u)) => {
                set(vm, ov, lower, u)?;
                set(vm, ov, upper, l)?;
            }
            (None, Some(u)) => {
                set(vm, ov, lower, u)?;
                delete(vm, o, upper)?;
            }
            (Some(l), None) => {
                delete(vm, o, lower)?;
                set(vm, ov, upper, l)?;
            }
            (None, None) => {
                // Skip to the next pair with an element on either side.
                if middle - lower > 32 {
                    let a = next_present(vm, o, lower + 1, middle);
                    let b = prev_present(vm, o, upper - 1);
                    if let (Some(a), Some(b)) = (a, b) {
                        let from_b = b.map_or(middle, |b| {
                            if b >= len - middle {
                                len - 1 - b
                            } else {
                                middle
                            }
                        });
                        lower = a.min(from_b).max(lower + 1);
                        continue;
                    }
                }
            }
        }
        lower += 1;
    }
    Ok(ov)
}

fn shift(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    if fast_writable(vm, o) {
        let ob = vm.obj_mut(o);
        if ob.array_len > 0 {
            if let Elements::Dense(v) = &mut ob.elements {
                let first = if v.is_empty() {
                    Value::HOLE
                } else {
                    v.remove(0)
                };
                ob.array_len -= 1;
                return Ok(if first.is_hole() {
                    Value::UNDEFINED
                } else {
                    first
                });
            }
        }
    }
    let len = len_of(vm, ov)?;
    if len == 0 {
        set_length(vm, ov, 0)?;
        return Ok(Value::UNDEFINED);
    }
    let first = get(vm, ov, 0)?;
    vm.root(first);
    let slot = root_slot(vm, Value::UNDEFINED);
    let mut k: u64 = 1;
    while k < len {
        match has_get(vm, ov, o, k)? {
            Some(v) => {
                vm.roots[slot] = v;
                set(vm, ov, k - 1, v)?;
            }
            None => delete(vm, o, k - 1)?,
        }
        k += 1;
    }
    delete(vm, o, len - 1)?;
    set_length(vm, ov, len - 1)?;
    Ok(first)
}

fn unshift(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    if fast_writable(vm, o) {
        let ob = vm.obj_mut(o);
        let n = ob.array_len as u64;
        if n + (args.len() as u64) < MAX_ARRAY_LEN {
            if let Elements::Dense(v) = &mut ob.elements {
                v.splice(0..0, args.iter().copied());
                ob.array_len = (n + args.len() as u64) as u32;
                return Ok(num(ob.array_len as u64));
            }
        }
    }
    let len = len_of(vm, ov)?;
    let argc = args.len() as u64;
    if argc > 0 {
        if len + argc > MAX_SAFE {
            return vm.throw_type("Array length exceeds the maximum safe integer");
        }
        let slot = root_slot(vm, Value::UNDEFINED);
        let mut k = len;
        while k > 0 {
            let from = k - 1;
            let to = k + argc - 1;
            match has_get(vm, ov, o, from)? {
                Some(v) => {
                    vm.roots[slot] = v;
                    set(vm, ov, to, v)?;
                }
                None => delete(vm, o, to)?,
            }
            k -= 1;
        }
        for (j, &e) in args.iter().enumerate() {
            set(vm, ov, j as u64, e)?;
        }
    }
    set_length(vm, ov, len + argc)?;
    Ok(num(len + argc))
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let mut k = rel_index(vm, arg(args, 0), len)?;
    let end = arg(args, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        rel_index(vm, end, len)?
    };
    let count = fin.saturating_sub(k);
    let (a, fresh) = species_create(vm, o, count)?;
    if fresh && fast_array(vm, o) && fin <= MAX_ARRAY_LEN {
        let v = dense(vm, o);
        let lo = (k as usize).min(v.len());
        let hi = (fin as usize).min(v.len()).max(lo);
        let mut items = v[lo..hi].to_vec();
        while items.last().is_some_and(|x| x.is_hole()) {
            items.pop();
        }
        if let Some(ao) = a.as_object() {
            let ob = vm.obj_mut(ao);
            ob.elements = Elements::Dense(items);
            ob.array_len = count as u32;
        }
        return Ok(a);
    }
    let mut n: u64 = 0;
    while k < fin {
        match has_get(vm, ov, o, k)? {
            Some(v) => {
                create(vm, a, n, v)?;
                k += 1;
                n += 1;
            }
            None => {
                let nk = skip_up(vm, o, k, fin);
                n += nk - k;
                k = nk;
            }
        }
    }
    set_length(vm, a, n)?;
    Ok(a)
}

/// SortCompare with a user comparator: Ok(true) when `x` sorts after `y`.
fn compare_fn(vm: &mut Vm, f: Value, x: Value, y: Value) -> JsResult<bool> {
    let r = vm.call(f, Value::UNDEFINED, &[x, y])?;
    let n = vm.to_number(r)?;
    Ok(n > 0.0)
}

/// Stable merge sort with a fallible "sorts after" predicate.
fn merge_sort(
    vm: &mut Vm,
    items: &mut [Value],
    after: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<bool>,
) -> JsResult<()> {
    let n = items.len();
    if n <= 10 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && after(vm, items[j - 1], items[j])? {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    merge_sort(vm, &mut items[..mid], after)?;
    merge_sort(vm, &mut items[mid..], after)?;
    if !after(vm, items[mid - 1], items[mid])? {
        return Ok(());
    }
    let left = items[..mid].to_vec();
    let (mut i, mut j, mut out) = (0, mid, 0);
    while i < left.len() && j < n {
        if after(vm, left[i], items[j])? {
            items[out] = items[j];
            j += 1;
        } else {
            items[out] = left[i];
            i += 1;
        }
        out += 1;
    }
    while i < left.len() {
        items[out] = left[i];
        i += 1;
        out += 1;
    }
    Ok(())
}

/// SortIndexedProperties + the sort itself: the sorted values (undefined last).
fn sort_values(
    vm: &mut Vm,
    o: ObjId,
    ov: Value,
    len: u64,
    cmp: Value,
    skip_holes: bool,
) -> JsResult<Vec<Value>> {
    let mut items: Vec<Value> = Vec::new();
    let mut undefined_count: u64 = 0;
    let mut k: u64 = 0;
    while k < len {
        let v = if skip_holes {
            match has_get(vm, ov, o, k)? {
                Some(v) => v,
                None => {
                    k = skip_up(vm, o, k, len);
                    continue;
                }
            }
        } else {
            get(vm, ov, k)?
        };
        if v.is_undefined() {
            undefined_count += 1;
        } else {
            vm.root(v);
            items.push(v);
        }
        k += 1;
    }
    if cmp.is_undefined() {
        // Default order: by ToString, each value converted once.
        let mut keyed: Vec<(Value, crate::value::StrId)> = Vec::with_capacity(items.len());
        for &v in &items {
            let s = vm.to_str_id(v)?;
            vm.root(Value::string(s));
            keyed.push((v, s));
        }
        keyed.sort_by(|a, b| vm.str_units(a.1).cmp(vm.str_units(b.1)));
        items = keyed.into_iter().map(|(v, _)| v).collect();
    } else {
        merge_sort(vm, &mut items, &mut |vm, x, y| compare_fn(vm, cmp, x, y))?;
    }
    for _ in 0..undefined_count {
        items.push(Value::UNDEFINED);
    }
    Ok(items)
}

fn sort(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let cmp = arg(args, 0);
    if !cmp.is_undefined() && !vm.is_callable(cmp) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let items = sort_values(vm, o, ov, len, cmp, true)?;
    let n = items.len() as u64;
    if fast_writable(vm, o) && len == vm.obj(o).array_len as u64 {
        let ob = vm.obj_mut(o);
        if let Elements::Dense(v) = &mut ob.elements {
            *v = items;
            return Ok(ov);
        }
    }
    for (j, &v) in items.iter().enumerate() {
        set(vm, ov, j as u64, v)?;
    }
    let mut j = n;
    while j < len {
        delete(vm, o, j)?;
        j = skip_up(vm, o, j, len);
    }
    Ok(ov)
}

fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let cmp = arg(args, 0);
    if !cmp.is_undefined() && !vm.is_callable(cmp) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let a = array_create(vm, len)?;
    let items = sort_values(vm, o, ov, len, cmp, false)?;
    if let Some(ao) = a.as_object() {
        vm.obj_mut(ao).elements = Elements::Dense(items);
    }
    Ok(a)
}

fn splice(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let start = rel_index(vm, arg(args, 0), len)?;
    let items: &[Value] = if args.len() > 2 { &args[2..] } else { &[] };
    let item_count = items.len() as u64;
    let del = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = vm.to_integer_or_infinity(args[1])?;
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    if len + item_count - del > MAX_SAFE {
        return vm.throw_type("Array length exceeds the maximum safe integer");
    }
    let (a, fresh) = species_create(vm, o, del)?;
    let new_len = len + item_count - del;
    if fresh && fast_writable(vm, o) && len == vm.obj(o).array_len as u64 && new_len < MAX_ARRAY_LEN
    {
        let ob = vm.obj_mut(o);
        if let Elements::Dense(v) = &mut ob.elements {
            if len as usize <= v.len() + 1024 {
                v.resize(len as usize, Value::HOLE);
                let mut removed: Vec<Value> = v
                    .splice(
                        start as usize..(start + del) as usize,
                        items.iter().copied(),
                    )
                    .collect();
                while v.last().is_some_and(|x| x.is_hole()) {
                    v.pop();
                }
                ob.array_len = new_len as u32;
                while removed.last().is_some_and(|x| x.is_hole()) {
                    removed.pop();
                }
                if let Some(ao) = a.as_object() {
                    let ab = vm.obj_mut(ao);
                    ab.elements = Elements::Dense(removed);
                    ab.array_len = del as u32;
                }
                return Ok(a);
            }
        }
    }
    let slot = root_slot(vm, Value::UNDEFINED);
    let mut k: u64 = 0;
    while k < del {
        match has_get(vm, ov, o, start + k)? {
            Some(v) => {
                create(vm, a, k, v)?;
                k += 1;
            }
            None => k = skip_up(vm, o, start + k, start + del) - start,
        }
    }
    set_length(vm, a, del)?;
    if item_count < del {
        let mut k = start;
        while k < len - del {
            let from = k + del;
            let to = k + item_count;
            match has_get(vm, ov, o, from)? {
                Some(v) => {
                    vm.roots[slot] = v;
                    set(vm, ov, to, v)?;
                }
                None => delete(vm, o, to)?,
            }
            k += 1;
        }
        let mut k = len;
        while k > len - del + item_count {
            delete(vm, o, k - 1)?;
            k -= 1;
        }
    } else if item_count > del {
        let mut k = len - del;
        while k > start {
            let from = k + del - 1;
            let to = k + item_count - 1;
            match has_get(vm, ov, o, from)? {
                Some(v) => {
                    vm.roots[slot] = v;
                    set(vm, ov, to, v)?;
                }
                None => delete(vm, o, to)?,
            }
            k -= 1;
        }
    }
    for (j, &e) in items.iter().enumerate() {
        set(vm, ov, start + j as u64, e)?;
    }
    set_length(vm, ov, new_len)?;
    Ok(a)
}

fn to_reversed(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let a = array_create(vm, len)?;
    for k in 0..len {
        let v = get(vm, ov, len - k - 1)?;
        create(vm, a, k, v)?;
    }
    Ok(a)
}

fn to_spliced(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let start = rel_index(vm, arg(args, 0), len)?;
    let items: &[Value] = if args.len() > 2 { &args[2..] } else { &[] };
    let skip = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let sc = vm.to_integer_or_infinity(args[1])?;
            sc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    let new_len = len + items.len() as u64 - skip;
    if new_len > MAX_SAFE {
        return vm.throw_type("Array length exceeds the maximum safe integer");
    }
    let a = array_create(vm, new_len)?;
    let mut i: u64 = 0;
    while i < start {
        let v = get(vm, ov, i)?;
        create(vm, a, i, v)?;
        i += 1;
    }
    for &e in items {
        create(vm, a, i, e)?;
        i += 1;
    }
    let mut r = start + skip;
    while i < new_len {
        let v = get(vm, ov, r)?;
        create(vm, a, i, v)?;
        i += 1;
        r += 1;
    }
    Ok(a)
}

fn with(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, ov) = this_obj(vm, this)?;
    let len = len_of(vm, ov)?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let idx = if rel >= 0.0 { rel } else { len as f64 + rel };
    if idx >= len as f64 || idx < 0.0 {
        return vm.throw_range("Invalid index");
    }
    let idx = idx as u64;
    let value = arg(args, 1);
    let a = array_create(vm, len)?;
    for k in 0..len {
        let v = if k == idx { value } else { get(vm, ov, k)? };
        create(vm, a, k, v)?;
    }
    Ok(a)
}
