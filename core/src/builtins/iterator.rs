//! Iteration protocol objects: %IteratorPrototype%, %ArrayIteratorPrototype%,
//! %AsyncIteratorPrototype%, %AsyncFromSyncIteratorPrototype%, and the
//! GetIterator / IteratorClose operations used by the interpreter.

use super::arg;
use crate::object::{IterKind, JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let ip = vm.new_object_with_proto(op);
    vm.realm.iterator_proto = ip;
    let it = vm.realm.sym.iterator;
    vm.define_method_sym(ip, it, "[Symbol.iterator]", 0, |_, this, _, _| Ok(this));
    install_iterator_helpers(vm, ip);

    let aip = vm.new_object_with_proto(Value::object(ip));
    vm.realm.array_iterator_proto = aip;
    let next = vm.define_method(aip, "next", 0, array_iterator_next);
    vm.realm.array_iterator_next = next;
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Array Iterator");
    vm.put(aip, PropKey::Sym(tag), s, attrs::CONFIGURABLE);

    let asp = vm.new_object_with_proto(op);
    vm.realm.async_iterator_proto = asp;
    let ai = vm.realm.sym.async_iterator;
    vm.define_method_sym(asp, ai, "[Symbol.asyncIterator]", 0, |_, this, _, _| Ok(this));

    let afs = vm.new_object_with_proto(Value::object(asp));
    vm.realm.async_from_sync_iterator_proto = afs;
    vm.define_method(afs, "next", 1, afs_next);
    vm.define_method(afs, "return", 1, afs_return);
    vm.define_method(afs, "throw", 1, afs_throw);
}

/// CreateArrayIterator.
pub fn create_array_iterator(vm: &mut Vm, target: Value, kind: IterKind) -> Value {
    let p = Value::object(vm.realm.array_iterator_proto);
    Value::object(vm.alloc(JsObject::new(p, ObjectKind::ArrayIterator { target, index: 0, kind, done: false })))
}

fn array_iterator_next(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let (target, index, kind, done) = match &vm.obj(o).kind {
        ObjectKind::ArrayIterator { target, index, kind, done } => (*target, *index, *kind, *done),
        _ => return vm.throw_type("next method called on incompatible receiver"),
    };
    if done {
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    let len = match target.as_object().map(|t| &vm.obj(t).kind) {
        Some(ObjectKind::TypedArray(_)) => {
            let t = target.as_object().unwrap_or(ObjId(0));
            if super::typed_array::is_out_of_bounds(vm, t) {
                return vm.throw_type("Cannot iterate a detached or out-of-bounds typed array");
            }
            super::typed_array::length_of(vm, t) as f64
        }
        _ => vm.length_of(target)?,
    };
    if index as f64 >= len {
        if let ObjectKind::ArrayIterator { done, .. } = &mut vm.obj_mut(o).kind {
            *done = true;
        }
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    if let ObjectKind::ArrayIterator { index: i, .. } = &mut vm.obj_mut(o).kind {
        *i = index + 1;
    }
    let v = match kind {
        IterKind::Keys => Value::number(index as f64),
        IterKind::Values => vm.get_index(target, index as u64)?,
        IterKind::Entries => {
            let v = vm.get_index(target, index as u64)?;
            Value::object(vm.new_array(vec![Value::number(index as f64), v]))
        }
    };
    Ok(vm.iter_result(v, false))
}

/// GetIterator(v, sync|async): (iterator, next method).
pub fn get_iterator(vm: &mut Vm, v: Value, is_async: bool) -> JsResult<(Value, Value)> {
    if is_async {
        let ai = vm.realm.sym.async_iterator;
        if let Some(m) = vm.get_method(v, PropKey::Sym(ai))? {
            let it = vm.call(m, v, &[])?;
            if !it.is_object() {
                return vm.throw_type("Result of the Symbol.asyncIterator method is not an object");
            }
            let nk = PropKey::Str(vm.names.next);
            let next = vm.get(it, nk)?;
            return Ok((it, next));
        }
        let (sit, snext) = get_iterator(vm, v, false)?;
        let p = Value::object(vm.realm.async_from_sync_iterator_proto);
        let o = vm.alloc(JsObject::new(p, ObjectKind::Internal(Box::new(vec![sit, snext]))));
        let nk = PropKey::Str(vm.names.next);
        let next = vm.get(Value::object(o), nk)?;
        return Ok((Value::object(o), next));
    }
    let it_sym = vm.realm.sym.iterator;
    let m = vm.get_method(v, PropKey::Sym(it_sym))?;
    let Some(m) = m else {
        let what = if v.is_object() { "object".to_string() } else { vm.to_rust_string(v).unwrap_or_default() };
        return vm.throw_type(&format!("{what} is not iterable"));
    };
    let it = vm.call(m, v, &[])?;
    if !it.is_object() {
        return vm.throw_type("Result of the Symbol.iterator method is not an object");
    }
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(it, nk)?;
    Ok((it, next))
}

/// GetIterator for natives: also roots the iterator and its `next` method (a native holds
/// them only in Rust locals while it calls back into JS).
pub fn get_iterator_rooted(vm: &mut Vm, v: Value, is_async: bool) -> JsResult<(Value, Value)> {
    let (it, next) = get_iterator(vm, v, is_async)?;
    vm.root(it);
    vm.root(next);
    Ok((it, next))
}

/// IteratorClose for a normal completion (errors propagate).
pub fn close(vm: &mut Vm, it: Value) -> JsResult<()> {
    let rk = PropKey::Str(vm.names.return_);
    let Some(ret) = vm.get_method(it, rk)? else {
        return Ok(());
    };
    let r = vm.call(ret, it, &[])?;
    if !r.is_object() {
        return vm.throw_type("iterator.return() did not return an object");
    }
    Ok(())
}

// ----- %AsyncFromSyncIteratorPrototype% ----------------------------------------------------

fn afs_parts(vm: &Vm, this: Value) -> Option<(Value, Value)> {
    match &vm.obj(this.as_object()?).kind {
        ObjectKind::Internal(v) if v.len() == 2 => Some((v[0], v[1])),
        _ => None,
    }
}

/// Continuation: wraps a sync iterator result into a promise of {value, done}.
fn afs_continue(vm: &mut Vm, result: Value, sync_it: Value, close_on_reject: bool) -> JsResult<Value> {
    let (p, res, rej) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let r = (|| -> JsResult<()> {
        if !result.is_object() {
            return vm.throw_type("iterator result is not an object");
        }
        let dk = PropKey::Str(vm.names.done);
        let d = vm.get(result, dk)?;
        let done = crate::ops::convert::to_boolean(vm, d);
        let vk = PropKey::Str(vm.names.value);
        let value = vm.get(result, vk)?;
        let vw = match super::promise::promise_resolve(vm, Value::object(vm.realm.promise_ctor), value) {
            Ok(v) => v,
            Err(e) => {
                if !done && close_on_reject {
                    let _ = close(vm, sync_it);
                }
                return Err(e);
            }
        };
        let on_f = vm.new_native_with(
            "",
            1,
            |vm, _, args, _| {
                let done = vm.capture(0) == Value::TRUE;
                Ok(vm.iter_result(arg(args, 0), done))
            },
            false,
            vec![Value::bool(done)],
        );
        let on_r = if done || !close_on_reject {
            Value::UNDEFINED
        } else {
            Value::object(vm.new_native_with(
                "",
                1,
                |vm, _, args, _| {
                    let it = vm.capture(0);
                    let _ = close(vm, it);
                    Err(arg(args, 0))
                },
                false,
                vec![sync_it],
            ))
        };
        if let Some(po) = vw.as_object() {
            super::promise::perform_then(vm, po, Value::object(on_f), on_r, Some((p, res, rej)));
        }
        Ok(())
    })();
    if let Err(e) = r {
        if vm.terminating.is_some() {
            return Err(e);
        }
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(p)
}

fn rejected_promise(vm: &mut Vm, e: Value) -> JsResult<Value> {
    let (p, _, rej) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
    vm.call(rej, Value::UNDEFINED, &[e])?;
    Ok(p)
}

fn afs_next(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((it, next)) = afs_parts(vm, this) else {
        return vm.throw_type("not an async-from-sync iterator");
    };
    let r = if args.is_empty() { vm.call(next, it, &[]) } else { vm.call(next, it, &[arg(args, 0)]) };
    match r {
        Ok(res) => afs_continue(vm, res, it, true),
        Err(e) if vm.terminating.is_none() => rejected_promise(vm, e),
        Err(e) => Err(e),
    }
}

fn afs_return(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((it, _)) = afs_parts(vm, this) else {
        return vm.throw_type("not an async-from-sync iterator");
    };
    let rk = PropKey::Str(vm.names.return_);
    let m = match vm.get_method(it, rk) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    let Some(m) = m else {
        let (p, res, _) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
        vm.root(p);
        let r = vm.iter_result(arg(args, 0), true);
        vm.call(res, Value::UNDEFINED, &[r])?;
        return Ok(p);
    };
    let r = if args.is_empty() { vm.call(m, it, &[]) } else { vm.call(m, it, &[arg(args, 0)]) };
    match r {
        Ok(res) if !res.is_object() => {
            let e = vm.type_error("iterator.return() did not return an object");
            rejected_promise(vm, e)
        }
        Ok(res) => afs_continue(vm, res, it, false),
        Err(e) if vm.terminating.is_none() => rejected_promise(vm, e),
        Err(e) => Err(e),
    }
}

fn afs_throw(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((it, _)) = afs_parts(vm, this) else {
        return vm.throw_type("not an async-from-sync iterator");
    };
    let tk = PropKey::Str(vm.names.throw_);
    let m = match vm.get_method(it, tk) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    let Some(m) = m else {
        if let Err(e) = close(vm, it) {
            if vm.terminating.is_some() {
                return Err(e);
            }
            return rejected_promise(vm, e);
        }
        let e = vm.type_error("The iterator does not provide a 'throw' method");
        return rejected_promise(vm, e);
    };
    let r = if args.is_empty() { vm.call(m, it, &[]) } else { vm.call(m, it, &[arg(args, 0)]) };
    match r {
        Ok(res) if !res.is_object() => {
            let e = vm.type_error("iterator.throw() did not return an object");
            rejected_promise(vm, e)
        }
        Ok(res) => afs_continue(vm, res, it, true),
        Err(e) if vm.terminating.is_none() => rejected_promise(vm, e),
        Err(e) => Err(e),
    }
}

// ----- Iterator helpers (ES2025 §27.1.2 – §27.1.4) ------------------------------------------

/// What an iterator helper object does on each step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HelperKind {
    Map,
    Filter,
    Take,
    Drop,
    FlatMap,
    /// Iterator.concat: `func` is an array [method0, iterable0, method1, ...], `count` the
    /// index of the next iterable to open, `inner` the iterator being drained.
    Concat,
    /// A %WrapForValidIteratorPrototype% object (from `Iterator.from`).
    Wrap,
    /// chunks / windows (iterator-chunking): `count` is the size, `inner` an Internal
    /// object holding the buffer, `func` true for windows' "allow-partial", and
    /// `inner_next` true once the underlying iterator is exhausted.
    Chunks,
    Windows,
    /// Iterator.zip / zipKeyed (joint-iteration): `func` is an Internal object with four
    /// values per input (iterator — null once exhausted in "longest" mode —, next method,
    /// padding, still open), `count` the mode (0 shortest, 1 longest, 2 strict), `inner`
    /// an Internal object with the result keys (zipKeyed) or undefined (zip).
    Zip,
}

/// The generator-like state of an iterator helper.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HelperState {
    SuspendedStart,
    SuspendedYield,
    Running,
    Completed,
}

/// Internal slots of an iterator helper ([[UnderlyingIterator]], [[GeneratorState]] and
/// the closure's captured variables) or of a wrapper ([[Iterated]]).
pub struct HelperData {
    pub kind: HelperKind,
    pub state: HelperState,
    pub iterator: Value,
    pub next: Value,
    /// mapper / predicate.
    pub func: Value,
    /// counter (map/filter/flatMap) or remaining (take/drop).
    pub count: f64,
    /// flatMap: the inner iterator and its next method (undefined when none is active).
    pub inner: Value,
    pub inner_next: Value,
}

impl HelperData {
    pub fn trace(&self, out: &mut Vec<Value>) {
        out.extend_from_slice(&[self.iterator, self.next, self.func, self.inner, self.inner_next]);
    }
}

/// IteratorClose for a throw completion: runs `return` (ignoring its outcome) and gives back
/// the error to rethrow.
fn close_throw(vm: &mut Vm, it: Value, e: Value) -> Value {
    if vm.terminating.is_some() {
        return e;
    }
    match close(vm, it) {
        Err(e2) if vm.terminating.is_some() => e2,
        _ => e,
    }
}

fn install_iterator_helpers(vm: &mut Vm, ip: ObjId) {
    let ipv = Value::object(ip);
    // %IteratorHelperPrototype%
    let hp = vm.new_object_with_proto(ipv);
    vm.define_method(hp, "next", 0, helper_next);
    vm.define_method(hp, "return", 0, helper_return);
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Iterator Helper");
    vm.put(hp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    // %WrapForValidIteratorPrototype%
    let wp = vm.new_object_with_proto(ipv);
    vm.define_method(wp, "next", 0, wrap_next);
    vm.define_method(wp, "return", 0, wrap_return);

    // %Iterator%
    let ctor = vm.new_native("Iterator", 0, iterator_ctor, true);
    let pk = PropKey::Str(vm.names.prototype);
    vm.put(ctor, pk, ipv, attrs::NONE);
    vm.define_global("Iterator", Value::object(ctor));
    let from = vm.new_native_with("from", 1, iterator_from, false, vec![Value::object(ctor), Value::object(wp)]);
    vm.put_str(ctor, "from", Value::object(from), attrs::HIDDEN);
    let concat = vm.new_native_with("concat", 0, iterator_concat, false, vec![Value::object(hp)]);
    vm.put_str(ctor, "concat", Value::object(concat), attrs::HIDDEN);
    let zip = vm.new_native_with("zip", 1, |vm, _, a, _| iterator_zip(vm, a, false), false, vec![Value::object(hp)]);
    vm.put_str(ctor, "zip", Value::object(zip), attrs::HIDDEN);
    let zk = vm.new_native_with("zipKeyed", 1, |vm, _, a, _| iterator_zip(vm, a, true), false, vec![Value::object(hp)]);
    vm.put_str(ctor, "zipKeyed", Value::object(zk), attrs::HIDDEN);

    // Iterator.prototype methods.
    let lazy: &[(&str, u32, crate::object::NativeFn)] = &[
        ("map", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Map)),
        ("filter", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Filter)),
        ("take", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Take)),
        ("drop", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Drop)),
        ("flatMap", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::FlatMap)),
        ("chunks", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Chunks)),
        ("windows", 1, |vm, this, a, _| make_helper(vm, this, a, HelperKind::Windows)),
    ];
    for (name, len, f) in lazy {
        let m = vm.new_native_with(name, *len, *f, false, vec![Value::object(hp)]);
        vm.put_str(ip, name, Value::object(m), attrs::HIDDEN);
    }
    vm.define_method(ip, "reduce", 1, iterator_reduce);
    vm.define_method(ip, "toArray", 0, iterator_to_array);
    vm.define_method(ip, "forEach", 1, |vm, this, a, _| eager(vm, this, arg(a, 0), 0));
    vm.define_method(ip, "some", 1, |vm, this, a, _| eager(vm, this, arg(a, 0), 1));
    vm.define_method(ip, "every", 1, |vm, this, a, _| eager(vm, this, arg(a, 0), 2));
    vm.define_method(ip, "find", 1, |vm, this, a, _| eager(vm, this, arg(a, 0), 3));
    vm.define_method(ip, "includes", 1, iterator_includes);
    vm.define_method(ip, "join", 1, iterator_join);

    // The `constructor` and @@toStringTag accessors (§27.1.4.1, §27.1.4.14).
    let ck = PropKey::Str(vm.names.constructor);
    let g = vm.new_native_with("get constructor", 0, |vm, _, _, _| Ok(vm.capture(0)), false, vec![Value::object(ctor)]);
    let s = vm.new_native_with(
        "set constructor",
        1,
        |vm, this, a, _| {
            let k = PropKey::Str(vm.names.constructor);
            let home = vm.realm.iterator_proto;
            setter_ignoring_proto(vm, this, home, k, arg(a, 0))
        },
        false,
        vec![],
    );
    let pair =
        vm.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: Value::object(g), set: Value::object(s) }));
    vm.put(ip, ck, Value::object(pair), attrs::CONFIGURABLE | attrs::ACCESSOR);
    vm.define_accessor(
        ip,
        PropKey::Sym(tag),
        "[Symbol.toStringTag]",
        Some(|vm, _, _, _| Ok(vm.new_string("Iterator"))),
        Some(|vm, this, a, _| {
            let k = PropKey::Sym(vm.realm.sym.to_string_tag);
            let home = vm.realm.iterator_proto;
            setter_ignoring_proto(vm, this, home, k, arg(a, 0))
        }),
        attrs::CONFIGURABLE,
    );
}

/// SetterThatIgnoresPrototypeProperties(this, home, p, v).
pub(crate) fn setter_ignoring_proto(vm: &mut Vm, this: Value, home: ObjId, p: PropKey, v: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("setter called on non-object");
    };
    if o == home {
        return vm.throw_type("Cannot assign to this property of Iterator.prototype");
    }
    if vm.get_own_property(o, p)?.is_none() {
        vm.create_data_property_or_throw(o, p, v)?;
    } else {
        vm.set_strict(this, p, v)?;
    }
    Ok(Value::UNDEFINED)
}

fn iterator_ctor(vm: &mut Vm, _this: Value, _args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() || vm.native_self() == Some(nt) {
        return vm.throw_type("Iterator is an abstract class and cannot be constructed directly");
    }
    let fallback = vm.realm.iterator_proto;
    let proto = vm.proto_from_ctor(nt, fallback)?;
    Ok(Value::object(vm.new_object_with_proto(proto)))
}

/// GetIteratorFlattenable(obj, primitiveHandling): (iterator, next).
fn get_iterator_flattenable(vm: &mut Vm, obj: Value, strings: bool) -> JsResult<(Value, Value)> {
    if !(obj.is_object() || (strings && obj.is_string())) {
        return vm.throw_type("value is not an iterator or iterable object");
    }
    let it_sym = vm.realm.sym.iterator;
    let iterator = match vm.get_method(obj, PropKey::Sym(it_sym))? {
        None => obj,
        Some(m) => vm.call(m, obj, &[])?,
    };
    if !iterator.is_object() {
        return vm.throw_type("iterator is not an object");
    }
    vm.root(iterator);
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(iterator, nk)?;
    Ok((iterator, next))
}

fn iterator_from(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let ctor = vm.capture(0);
    let wp = vm.capture(1);
    let (it, next) = get_iterator_flattenable(vm, arg(args, 0), true)?;
    vm.root(it);
    vm.root(next);
    if vm.ordinary_has_instance(ctor, it)? {
        return Ok(it);
    }
    let data = HelperData {
        kind: HelperKind::Wrap,
        state: HelperState::SuspendedStart,
        iterator: it,
        next,
        func: Value::UNDEFINED,
        count: 0.0,
        inner: Value::UNDEFINED,
        inner_next: Value::UNDEFINED,
    };
    Ok(Value::object(vm.alloc(JsObject::new(wp, ObjectKind::IteratorHelper(Box::new(data))))))
}

/// Iterator.concat ( ...items ).
fn iterator_concat(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let hp = vm.capture(0);
    let mut list = Vec::with_capacity(args.len() * 2);
    let it_sym = PropKey::Sym(vm.realm.sym.iterator);
    for &item in args {
        if !item.is_object() {
            return vm.throw_type("Iterator.concat: argument is not an object");
        }
        let Some(m) = vm.get_method(item, it_sym)? else {
            return vm.throw_type("Iterator.concat: argument is not iterable");
        };
        vm.root(m);
        list.push(m);
        list.push(item);
    }
    let arr = vm.new_array(list);
    let data = HelperData {
        kind: HelperKind::Concat,
        state: HelperState::SuspendedStart,
        iterator: Value::UNDEFINED,
        next: Value::UNDEFINED,
        func: Value::object(arr),
        count: 0.0,
        inner: Value::UNDEFINED,
        inner_next: Value::UNDEFINED,
    };
    Ok(Value::object(vm.alloc(JsObject::new(hp, ObjectKind::IteratorHelper(Box::new(data))))))
}

fn wrapped(vm: &mut Vm, this: Value) -> JsResult<(Value, Value)> {
    if let Some(o) = this.as_object() {
        if let ObjectKind::IteratorHelper(h) = &vm.obj(o).kind {
            if h.kind == HelperKind::Wrap {
                return Ok((h.iterator, h.next));
            }
        }
    }
    vm.throw_type("not a wrapped iterator")
}

fn wrap_next(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (it, next) = wrapped(vm, this)?;
    vm.call(next, it, &[])
}

fn wrap_return(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (it, _) = wrapped(vm, this)?;
    let rk = PropKey::Str(vm.names.return_);
    match vm.get_method(it, rk)? {
        None => Ok(vm.iter_result(Value::UNDEFINED, true)),
        Some(m) => vm.call(m, it, &[]),
    }
}

/// Iterator.prototype.{map,filter,take,drop,flatMap}: validates the arguments (closing the
/// receiver on failure) and creates the helper object.
fn make_helper(vm: &mut Vm, this: Value, args: &[Value], kind: HelperKind) -> JsResult<Value> {
    let hp = vm.capture(0);
    if !this.is_object() {
        return vm.throw_type("Iterator helper called on a non-object");
    }
    let a0 = arg(args, 0);
    let mut count = 0.0;
    let mut func = Value::UNDEFINED;
    let mut inner = Value::UNDEFINED;
    match kind {
        HelperKind::Chunks | HelperKind::Windows => {
            // The size must already be an integral Number (no coercion) in [1, 2^32 - 1].
            let n = match a0.as_number() {
                Some(n) if n.is_finite() && n.trunc() == n => n,
                _ => {
                    let e = vm.type_error("size must be an integral number");
                    return Err(close_throw(vm, this, e));
                }
            };
            if !(1.0..=4294967295.0).contains(&n) {
                let e = vm.range_error("size must be between 1 and 2^32 - 1");
                return Err(close_throw(vm, this, e));
            }
            count = n;
            if kind == HelperKind::Windows {
                let u = arg(args, 1);
                let partial = if u.is_undefined() || is_str(vm, u, "only-full") {
                    false
                } else if is_str(vm, u, "allow-partial") {
                    true
                } else {
                    let e = vm.type_error("undersized must be \"only-full\" or \"allow-partial\"");
                    return Err(close_throw(vm, this, e));
                };
                func = Value::bool(partial);
            }
            inner = Value::object(vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(Vec::new())))));
            vm.root(inner);
        }
        HelperKind::Take | HelperKind::Drop => {
            let n = match vm.to_number(a0) {
                Ok(n) => n,
                Err(e) => return Err(close_throw(vm, this, e)),
            };
            if n.is_nan() || (n.is_finite() && n > 9007199254740991.0) {
                let e = vm.range_error("limit must be a number no greater than 2^53 - 1");
                return Err(close_throw(vm, this, e));
            }
            let n = crate::ops::convert::to_integer_or_infinity(n);
            if n < 0.0 {
                let e = vm.range_error("limit must be non-negative");
                return Err(close_throw(vm, this, e));
            }
            count = n;
        }
        _ => {
            if !vm.is_callable(a0) {
                let e = vm.type_error("callback is not a function");
                return Err(close_throw(vm, this, e));
            }
            func = a0;
        }
    }
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(this, nk)?;
    let data = HelperData {
        kind,
        state: HelperState::SuspendedStart,
        iterator: this,
        next,
        func,
        count,
        inner,
        inner_next: Value::UNDEFINED,
    };
    Ok(Value::object(vm.alloc(JsObject::new(hp, ObjectKind::IteratorHelper(Box::new(data))))))
}

fn helper_data(vm: &mut Vm, this: Value) -> JsResult<(ObjId, HelperKind, HelperState)> {
    if let Some(o) = this.as_object() {
        if let ObjectKind::IteratorHelper(h) = &vm.obj(o).kind {
            if h.kind != HelperKind::Wrap {
                return Ok((o, h.kind, h.state));
            }
        }
    }
    vm.throw_type("not an Iterator Helper object")
}

fn helper_get(vm: &Vm, o: ObjId) -> (Value, Value, Value, f64, Value, Value) {
    match &vm.obj(o).kind {
        ObjectKind::IteratorHelper(h) => (h.iterator, h.next, h.func, h.count, h.inner, h.inner_next),
        _ => (Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED, 0.0, Value::UNDEFINED, Value::UNDEFINED),
    }
}

fn set_state(vm: &mut Vm, o: ObjId, s: HelperState) {
    if let ObjectKind::IteratorHelper(h) = &mut vm.obj_mut(o).kind {
        h.state = s;
    }
}

fn set_count(vm: &mut Vm, o: ObjId, c: f64) {
    if let ObjectKind::IteratorHelper(h) = &mut vm.obj_mut(o).kind {
        h.count = c;
    }
}

fn set_inner(vm: &mut Vm, o: ObjId, it: Value, next: Value) {
    if let ObjectKind::IteratorHelper(h) = &mut vm.obj_mut(o).kind {
        h.inner = it;
        h.inner_next = next;
    }
}

/// %IteratorHelperPrototype%.next: GeneratorResume(this, undefined, "Iterator Helper").
fn helper_next(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, state) = helper_data(vm, this)?;
    match state {
        HelperState::Running => return vm.throw_type("Iterator Helper is already running"),
        HelperState::Completed => return Ok(vm.iter_result(Value::UNDEFINED, true)),
        _ => {}
    }
    set_state(vm, o, HelperState::Running);
    let r = helper_step(vm, o, kind);
    match r {
        Ok(Some(v)) => {
            set_state(vm, o, HelperState::SuspendedYield);
            Ok(vm.iter_result(v, false))
        }
        Ok(None) => {
            set_state(vm, o, HelperState::Completed);
            Ok(vm.iter_result(Value::UNDEFINED, true))
        }
        Err(e) => {
            set_state(vm, o, HelperState::Completed);
            Err(e)
        }
    }
}

/// IteratorStep (without reading the value): true when done.
fn iter_step_done(vm: &mut Vm, it: Value, next: Value) -> JsResult<bool> {
    let r = vm.call(next, it, &[])?;
    if !r.is_object() {
        return vm.throw_type("Iterator result is not an object");
    }
    let dk = PropKey::Str(vm.names.done);
    let d = vm.get(r, dk)?;
    Ok(crate::ops::convert::to_boolean(vm, d))
}

/// Runs the helper's closure up to its next Yield: Some(value) or None when it returns.
fn helper_step(vm: &mut Vm, o: ObjId, kind: HelperKind) -> JsResult<Option<Value>> {
    let (it, next, func, count, _, _) = helper_get(vm, o);
    match kind {
        HelperKind::Map => {
            let Some(v) = vm.iter_step(it, next)? else {
                return Ok(None);
            };
            let mapped = match vm.call(func, Value::UNDEFINED, &[v, Value::number(count)]) {
                Ok(m) => m,
                Err(e) => return Err(close_throw(vm, it, e)),
            };
            set_count(vm, o, count + 1.0);
            Ok(Some(mapped))
        }
        HelperKind::Filter => {
            let mut count = count;
            loop {
                let Some(v) = vm.iter_step(it, next)? else {
                    return Ok(None);
                };
                vm.root(v);
                let sel = match vm.call(func, Value::UNDEFINED, &[v, Value::number(count)]) {
                    Ok(m) => m,
                    Err(e) => return Err(close_throw(vm, it, e)),
                };
                count += 1.0;
                set_count(vm, o, count);
                if crate::ops::convert::to_boolean(vm, sel) {
                    return Ok(Some(v));
                }
            }
        }
        HelperKind::Take => {
            if count == 0.0 {
                close(vm, it)?;
                return Ok(None);
            }
            if count != f64::INFINITY {
                set_count(vm, o, count - 1.0);
            }
            vm.iter_step(it, next)
        }
        HelperKind::Drop => {
            let mut remaining = count;
            while remaining > 0.0 {
                if remaining != f64::INFINITY {
                    remaining -= 1.0;
                    set_count(vm, o, remaining);
                }
                if iter_step_done(vm, it, next)? {
                    return Ok(None);
                }
            }
            vm.iter_step(it, next)
        }
        HelperKind::FlatMap => loop {
            let (_, _, _, count, inner, inner_next) = helper_get(vm, o);
            if !inner.is_undefined() {
                match vm.iter_step(inner, inner_next) {
                    Err(e) => return Err(close_throw(vm, it, e)),
                    Ok(Some(v)) => return Ok(Some(v)),
                    Ok(None) => {
                        set_inner(vm, o, Value::UNDEFINED, Value::UNDEFINED);
                        continue;
                    }
                }
            }
            let Some(v) = vm.iter_step(it, next)? else {
                return Ok(None);
            };
            let mapped = match vm.call(func, Value::UNDEFINED, &[v, Value::number(count)]) {
                Ok(m) => m,
                Err(e) => return Err(close_throw(vm, it, e)),
            };
            vm.root(mapped);
            let (ii, inext) = match get_iterator_flattenable(vm, mapped, false) {
                Ok(r) => r,
                Err(e) => return Err(close_throw(vm, it, e)),
            };
            set_inner(vm, o, ii, inext);
            set_count(vm, o, count + 1.0);
        },
        HelperKind::Concat => loop {
            let (_, _, list, count, inner, inner_next) = helper_get(vm, o);
            if !inner.is_undefined() {
                match vm.iter_step(inner, inner_next)? {
                    Some(v) => return Ok(Some(v)),
                    None => {
                        set_inner(vm, o, Value::UNDEFINED, Value::UNDEFINED);
                        continue;
                    }
                }
            }
            let i = count as usize;
            let (method, iterable) = match list.as_object().map(|a| &vm.obj(a).elements) {
                Some(crate::object::Elements::Dense(v)) if 2 * i + 1 < v.len() => (v[2 * i], v[2 * i + 1]),
                _ => return Ok(None),
            };
            set_count(vm, o, count + 1.0);
            let iter = vm.call(method, iterable, &[])?;
            if !iter.is_object() {
                return vm.throw_type("Iterator.concat: iterator is not an object");
            }
            vm.root(iter);
            let nk = PropKey::Str(vm.names.next);
            let next = vm.get(iter, nk)?;
            set_inner(vm, o, iter, next);
        },
        HelperKind::Chunks | HelperKind::Windows => {
            let (_, _, partial, _, buf, exhausted) = helper_get(vm, o);
            let Some(bo) = buf.as_object() else { return Ok(None) };
            if exhausted == Value::TRUE {
                return Ok(None);
            }
            let size = count as usize;
            loop {
                let Some(v) = vm.iter_step(it, next)? else {
                    // Exhausted: a final partial chunk (or, with "allow-partial", a window
                    // shorter than the size) is yielded once, then the closure returns.
                    set_inner(vm, o, buf, Value::TRUE);
                    let items = buffer_of(vm, bo).to_vec();
                    let emit = !items.is_empty()
                        && (kind == HelperKind::Chunks || (partial == Value::TRUE && items.len() < size));
                    return Ok(if emit { Some(Value::object(vm.new_array(items))) } else { None });
                };
                let full = with_buffer(vm, bo, |b| {
                    if kind == HelperKind::Windows && b.len() == size {
                        b.remove(0);
                    }
                    b.push(v);
                    b.len() == size
                })
                .unwrap_or(false);
                if full {
                    let items = if kind == HelperKind::Chunks {
                        with_buffer(vm, bo, std::mem::take).unwrap_or_default()
                    } else {
                        buffer_of(vm, bo).to_vec()
                    };
                    return Ok(Some(Value::object(vm.new_array(items))));
                }
            }
        }
        HelperKind::Zip => zip_step(vm, o, count),
        HelperKind::Wrap => Ok(None),
    }
}

fn buffer_of(vm: &Vm, o: ObjId) -> &[Value] {
    match &vm.obj(o).kind {
        ObjectKind::Internal(v) => v,
        _ => &[],
    }
}

/// Runs `f` on a chunks/windows buffer (an Internal object).
fn with_buffer<R>(vm: &mut Vm, o: ObjId, f: impl FnOnce(&mut Vec<Value>) -> R) -> Option<R> {
    match &mut vm.obj_mut(o).kind {
        ObjectKind::Internal(v) => Some(f(v)),
        _ => None,
    }
}

/// `v` is the string `s` (no coercion).
fn is_str(vm: &Vm, v: Value, s: &str) -> bool {
    v.as_string().is_some_and(|id| vm.str_units(id).iter().copied().eq(s.encode_utf16()))
}

/// %IteratorHelperPrototype%.return.
fn helper_return(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, state) = helper_data(vm, this)?;
    let (it, _, _, _, inner, inner_next) = helper_get(vm, o);
    match state {
        HelperState::SuspendedStart if kind == HelperKind::Zip => {
            set_state(vm, o, HelperState::Completed);
            zip_close_all(vm, o, Ok(()))?;
            Ok(vm.iter_result(Value::UNDEFINED, true))
        }
        HelperState::SuspendedStart => {
            set_state(vm, o, HelperState::Completed);
            if kind != HelperKind::Concat {
                close(vm, it)?;
            }
            Ok(vm.iter_result(Value::UNDEFINED, true))
        }
        HelperState::Running => vm.throw_type("Iterator Helper is already running"),
        HelperState::Completed => Ok(vm.iter_result(Value::UNDEFINED, true)),
        HelperState::SuspendedYield => {
            set_state(vm, o, HelperState::Running);
            let r = (|| -> JsResult<()> {
                if kind == HelperKind::Zip {
                    return zip_close_all(vm, o, Ok(()));
                }
                if kind == HelperKind::Concat {
                    return if inner.is_undefined() { Ok(()) } else { close(vm, inner) };
                }
                if matches!(kind, HelperKind::Chunks | HelperKind::Windows) && inner_next == Value::TRUE {
                    // Suspended at the final partial yield: the underlying iterator is done.
                    return Ok(());
                }
                if kind == HelperKind::FlatMap && !inner.is_undefined() {
                    if let Err(e) = close(vm, inner) {
                        return Err(close_throw(vm, it, e));
                    }
                }
                close(vm, it)
            })();
            set_state(vm, o, HelperState::Completed);
            r?;
            Ok(vm.iter_result(Value::UNDEFINED, true))
        }
    }
}

/// Receiver check + GetIteratorDirect for the eager methods, closing on a bad callback.
fn eager_prologue(vm: &mut Vm, this: Value, f: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Iterator method called on a non-object");
    }
    if !vm.is_callable(f) {
        let e = vm.type_error("callback is not a function");
        return Err(close_throw(vm, this, e));
    }
    let nk = PropKey::Str(vm.names.next);
    vm.get(this, nk)
}

/// forEach (0), some (1), every (2), find (3).
fn eager(vm: &mut Vm, this: Value, f: Value, which: u8) -> JsResult<Value> {
    let next = eager_prologue(vm, this, f)?;
    vm.root(next);
    let mut counter = 0.0;
    loop {
        let Some(v) = vm.iter_step(this, next)? else {
            return Ok(match which {
                2 => Value::TRUE,
                1 => Value::FALSE,
                _ => Value::UNDEFINED,
            });
        };
        vm.root(v);
        let r = match vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]) {
            Ok(r) => r,
            Err(e) => return Err(close_throw(vm, this, e)),
        };
        let b = crate::ops::convert::to_boolean(vm, r);
        match which {
            1 if b => {
                close(vm, this)?;
                return Ok(Value::TRUE);
            }
            2 if !b => {
                close(vm, this)?;
                return Ok(Value::FALSE);
            }
            3 if b => {
                close(vm, this)?;
                return Ok(v);
            }
            _ => {}
        }
        counter += 1.0;
    }
}

fn iterator_reduce(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    let next = eager_prologue(vm, this, f)?;
    vm.root(next);
    let (mut acc, mut counter) = if args.len() < 2 {
        match vm.iter_step(this, next)? {
            Some(v) => (v, 1.0),
            None => return vm.throw_type("Reduce of empty iterator with no initial value"),
        }
    } else {
        (args[1], 0.0)
    };
    loop {
        vm.root(acc);
        let Some(v) = vm.iter_step(this, next)? else {
            return Ok(acc);
        };
        acc = match vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(counter)]) {
            Ok(r) => r,
            Err(e) => return Err(close_throw(vm, this, e)),
        };
        counter += 1.0;
    }
}

fn iterator_to_array(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Iterator.prototype.toArray called on a non-object");
    }
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(this, nk)?;
    vm.root(next);
    let arr = vm.new_array(Vec::new());
    vm.root(Value::object(arr));
    let mut i: u32 = 0;
    while let Some(v) = vm.iter_step(this, next)? {
        vm.create_data_property_or_throw(arr, PropKey::Index(i), v)?;
        i = i.saturating_add(1);
    }
    Ok(Value::object(arr))
}

/// Iterator.prototype.includes ( searchElement [ , skippedElements ] ) (iterator-includes).
fn iterator_includes(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Iterator.prototype.includes called on a non-object");
    }
    let search = arg(args, 0);
    // Steps 4-8: skippedElements must already be an integral Number (no coercion) within
    // [0, 2^53 - 1] or +Infinity; otherwise the receiver is closed before `next` is read.
    let skip = arg(args, 1);
    let to_skip = if skip.is_undefined() {
        0.0
    } else {
        match skip.as_number() {
            Some(n) if n.is_infinite() || (n.is_finite() && n.trunc() == n) => n,
            _ => {
                let e = vm.type_error("skippedElements must be an integral number");
                return Err(close_throw(vm, this, e));
            }
        }
    };
    if to_skip < 0.0 || (to_skip.is_finite() && to_skip > 9007199254740991.0) {
        let e = vm.range_error("skippedElements must be between 0 and 2^53 - 1, or Infinity");
        return Err(close_throw(vm, this, e));
    }
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(this, nk)?;
    vm.root(next);
    let mut skipped = 0.0;
    while let Some(v) = vm.iter_step(this, next)? {
        if skipped < to_skip {
            skipped += 1.0;
        } else if crate::ops::convert::same_value_zero(vm, v, search) {
            close(vm, this)?;
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// Iterator.prototype.join ( separator ) (Iterator.prototype.join proposal).
fn iterator_join(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Iterator.prototype.join called on a non-object");
    }
    let sep_arg = arg(args, 0);
    let sep: Vec<u16> = if sep_arg.is_undefined() {
        vec![b',' as u16]
    } else {
        match vm.to_units(sep_arg) {
            Ok(u) => u,
            Err(e) => return Err(close_throw(vm, this, e)),
        }
    };
    // `next` is read only after the separator is converted.
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(this, nk)?;
    vm.root(next);
    let mut out: Vec<u16> = Vec::new();
    let mut first = true;
    while let Some(v) = vm.iter_step(this, next)? {
        if !first {
            if out.len() + sep.len() > 1 << 30 {
                let e = vm.range_error("Invalid string length");
                return Err(close_throw(vm, this, e));
            }
            out.extend_from_slice(&sep);
        }
        first = false;
        if let Err(e) = super::array::append_element(vm, &mut out, v) {
            return Err(close_throw(vm, this, e));
        }
    }
    Ok(vm.new_string_units(out))
}

// ----- Iterator.zip / Iterator.zipKeyed (joint-iteration) ------------------------------------

const ZIP_SHORTEST: f64 = 0.0;
const ZIP_LONGEST: f64 = 1.0;
const ZIP_STRICT: f64 = 2.0;
/// Values per input in a zip helper's state: iterator, next, padding, open.
const ZIP_STRIDE: usize = 4;

/// IteratorCloseAll(iters, completion): closes the given iterators in reverse order, each
/// with the completion left by the previous close.
fn close_all(vm: &mut Vm, iters: &[Value], mut completion: JsResult<()>) -> JsResult<()> {
    for &it in iters.iter().rev() {
        completion = match completion {
            Ok(()) => close(vm, it),
            Err(e) => Err(close_throw(vm, it, e)),
        };
    }
    completion
}

fn zip_state(vm: &Vm, o: ObjId) -> (Vec<Value>, Value) {
    match &vm.obj(o).kind {
        ObjectKind::IteratorHelper(h) => match h.func.as_object().map(|s| &vm.obj(s).kind) {
            Some(ObjectKind::Internal(v)) => (v.to_vec(), h.inner),
            _ => (Vec::new(), h.inner),
        },
        _ => (Vec::new(), Value::UNDEFINED),
    }
}

/// Updates slot `j` of input `i` in a zip helper's state.
fn zip_set(vm: &mut Vm, o: ObjId, i: usize, j: usize, v: Value) {
    let f = match &vm.obj(o).kind {
        ObjectKind::IteratorHelper(h) => h.func.as_object(),
        _ => None,
    };
    if let Some(f) = f {
        if let ObjectKind::Internal(st) = &mut vm.obj_mut(f).kind {
            if let Some(slot) = st.get_mut(i * ZIP_STRIDE + j) {
                *slot = v;
            }
        }
    }
}

/// The zip helper's open iterators ([[UnderlyingIterators]] / openIters), in input order.
fn zip_open(vm: &Vm, o: ObjId) -> Vec<Value> {
    let (st, _) = zip_state(vm, o);
    st.chunks_exact(ZIP_STRIDE).filter(|c| c[3] == Value::TRUE).map(|c| c[0]).collect()
}

/// IteratorCloseAll(openIters, completion) for a zip helper.
fn zip_close_all(vm: &mut Vm, o: ObjId, completion: JsResult<()>) -> JsResult<()> {
    let open = zip_open(vm, o);
    close_all(vm, &open, completion)
}

/// Iterator.zip ( iterables [ , options ] ) and Iterator.zipKeyed ( iterables [ , options ] ).
fn iterator_zip(vm: &mut Vm, args: &[Value], keyed: bool) -> JsResult<Value> {
    let hp = vm.capture(0);
    let iterables = arg(args, 0);
    let Some(io) = iterables.as_object() else {
        return vm.throw_type("Iterator.zip: iterables is not an object");
    };
    // GetOptionsObject, then the mode (a string, never coerced) and, for "longest", the padding.
    let options = arg(args, 1);
    if !options.is_undefined() && !options.is_object() {
        return vm.throw_type("Iterator.zip: options must be an object");
    }
    let mode = if options.is_undefined() {
        ZIP_SHORTEST
    } else {
        let mk = vm.key_str("mode");
        let m = vm.get(options, mk)?;
        if m.is_undefined() || is_str(vm, m, "shortest") {
            ZIP_SHORTEST
        } else if is_str(vm, m, "longest") {
            ZIP_LONGEST
        } else if is_str(vm, m, "strict") {
            ZIP_STRICT
        } else {
            return vm.throw_type("Iterator.zip: mode must be \"shortest\", \"longest\" or \"strict\"");
        }
    };
    let mut padding_opt = Value::UNDEFINED;
    if mode == ZIP_LONGEST {
        let pk = vm.key_str("padding");
        padding_opt = vm.get(options, pk)?;
        if !padding_opt.is_undefined() && !padding_opt.is_object() {
            return vm.throw_type("Iterator.zip: padding must be an object");
        }
        vm.root(padding_opt);
    }

    // Collect the inputs (iterator, next); abrupt completions close those opened so far.
    let mut iters: Vec<Value> = Vec::new();
    let mut nexts: Vec<Value> = Vec::new();
    let mut keys: Vec<Value> = Vec::new();
    if keyed {
        let all = vm.own_property_keys(io)?;
        for k in all {
            let r = (|| -> JsResult<Option<(Value, Value)>> {
                let Some(desc) = vm.get_own_property(io, k)? else { return Ok(None) };
                if desc.enumerable != Some(true) {
                    return Ok(None);
                }
                let v = vm.get(iterables, k)?;
                if v.is_undefined() {
                    return Ok(None);
                }
                let (it, next) = get_iterator_flattenable(vm, v, false)?;
                Ok(Some((it, next)))
            })();
            match r {
                Ok(Some((it, next))) => {
                    let kv = vm.key_to_value(k);
                    vm.root(next);
                    vm.root(kv);
                    iters.push(it);
                    nexts.push(next);
                    keys.push(kv);
                }
                Ok(None) => {}
                Err(e) => return Err(close_all_err(vm, &iters, e)),
            }
        }
    } else {
        let (input, input_next) = get_iterator_rooted(vm, iterables, false)?;
        loop {
            let v = match vm.iter_step(input, input_next) {
                Ok(Some(v)) => v,
                Ok(None) => break,
                Err(e) => return Err(close_all_err(vm, &iters, e)),
            };
            match get_iterator_flattenable(vm, v, false) {
                Ok((it, next)) => {
                    vm.root(next);
                    iters.push(it);
                    nexts.push(next);
                }
                Err(e) => {
                    let mut all = vec![input];
                    all.extend_from_slice(&iters);
                    return Err(close_all_err(vm, &all, e));
                }
            }
        }
    }

    // The padding values ("longest" only).
    let n = iters.len();
    let mut padding = vec![Value::UNDEFINED; n];
    if mode == ZIP_LONGEST && !padding_opt.is_undefined() {
        if keyed {
            for (i, &k) in keys.iter().enumerate() {
                let r = (|| {
                    let pk = vm.to_property_key(k)?;
                    vm.get(padding_opt, pk)
                })();
                match r {
                    Ok(v) => {
                        vm.root(v);
                        padding[i] = v;
                    }
                    Err(e) => return Err(close_all_err(vm, &iters, e)),
                }
            }
        } else {
            let (pit, pnext) = match get_iterator_rooted(vm, padding_opt, false) {
                Ok(r) => r,
                Err(e) => return Err(close_all_err(vm, &iters, e)),
            };
            let mut using = true;
            for slot in padding.iter_mut() {
                match vm.iter_step(pit, pnext) {
                    Ok(Some(v)) => {
                        vm.root(v);
                        *slot = v;
                    }
                    Ok(None) => {
                        using = false;
                        break;
                    }
                    Err(e) => return Err(close_all_err(vm, &iters, e)),
                }
            }
            if using {
                if let Err(e) = close(vm, pit) {
                    return Err(close_all_err(vm, &iters, e));
                }
            }
        }
    }

    let mut state = Vec::with_capacity(n * ZIP_STRIDE);
    for i in 0..n {
        state.extend_from_slice(&[iters[i], nexts[i], padding[i], Value::TRUE]);
    }
    let st = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(state))));
    vm.root(Value::object(st));
    let inner = if keyed {
        Value::object(vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(keys)))))
    } else {
        Value::UNDEFINED
    };
    let data = HelperData {
        kind: HelperKind::Zip,
        state: HelperState::SuspendedStart,
        iterator: Value::UNDEFINED,
        next: Value::UNDEFINED,
        func: Value::object(st),
        count: mode,
        inner,
        inner_next: Value::UNDEFINED,
    };
    Ok(Value::object(vm.alloc(JsObject::new(hp, ObjectKind::IteratorHelper(Box::new(data))))))
}

/// IfAbruptCloseIterators(error, iters): closes them all and gives back the error.
fn close_all_err(vm: &mut Vm, iters: &[Value], e: Value) -> Value {
    match close_all(vm, iters, Err(e)) {
        Err(e) => e,
        Ok(()) => Value::UNDEFINED,
    }
}

/// One step of IteratorZip's closure (proposal-joint-iteration, IteratorZip step 3).
fn zip_step(vm: &mut Vm, o: ObjId, mode: f64) -> JsResult<Option<Value>> {
    let (st, keys) = zip_state(vm, o);
    let n = st.len() / ZIP_STRIDE;
    if n == 0 {
        return Ok(None);
    }
    let mut results = Vec::with_capacity(n);
    for i in 0..n {
        let (it, next, pad) = (st[i * ZIP_STRIDE], st[i * ZIP_STRIDE + 1], st[i * ZIP_STRIDE + 2]);
        if it.is_null() {
            results.push(pad);
            continue;
        }
        let v = match vm.iter_step(it, next) {
            Ok(Some(v)) => v,
            Err(e) => {
                zip_set(vm, o, i, 3, Value::FALSE);
                return Err(close_all_err_zip(vm, o, e));
            }
            Ok(None) => {
                zip_set(vm, o, i, 3, Value::FALSE);
                if mode == ZIP_SHORTEST {
                    zip_close_all(vm, o, Ok(()))?;
                    return Ok(None);
                }
                if mode == ZIP_STRICT {
                    if i != 0 {
                        let e = vm.type_error("Iterator.zip: iterators have different lengths (strict mode)");
                        return Err(close_all_err_zip(vm, o, e));
                    }
                    for k in 1..n {
                        let (kit, knext) = (st[k * ZIP_STRIDE], st[k * ZIP_STRIDE + 1]);
                        match iter_step_done(vm, kit, knext) {
                            Err(e) => {
                                zip_set(vm, o, k, 3, Value::FALSE);
                                return Err(close_all_err_zip(vm, o, e));
                            }
                            Ok(true) => zip_set(vm, o, k, 3, Value::FALSE),
                            Ok(false) => {
                                let e =
                                    vm.type_error("Iterator.zip: iterators have different lengths (strict mode)");
                                return Err(close_all_err_zip(vm, o, e));
                            }
                        }
                    }
                    return Ok(None);
                }
                // "longest": this input now yields its padding.
                if zip_open(vm, o).is_empty() {
                    return Ok(None);
                }
                zip_set(vm, o, i, 0, Value::NULL);
                pad
            }
        };
        vm.root(v);
        results.push(v);
    }
    // finishResults: an array, or a null-prototype object keyed like the input (zipKeyed).
    let Some(ko) = keys.as_object() else {
        return Ok(Some(Value::object(vm.new_array(results))));
    };
    let key_list = match &vm.obj(ko).kind {
        ObjectKind::Internal(v) => v.to_vec(),
        _ => Vec::new(),
    };
    let obj = vm.new_object_with_proto(Value::NULL);
    for (k, v) in key_list.into_iter().zip(results) {
        let pk = vm.to_property_key(k)?;
        vm.create_data_property_or_throw(obj, pk, v)?;
    }
    Ok(Some(Value::object(obj)))
}

fn close_all_err_zip(vm: &mut Vm, o: ObjId, e: Value) -> Value {
    match zip_close_all(vm, o, Err(e)) {
        Err(e) => e,
        Ok(()) => Value::UNDEFINED,
    }
}
