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
        let o = vm.alloc(JsObject::new(p, ObjectKind::Internal(vec![sit, snext])));
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

/// IteratorClose for a normal completion (errors propagate).
pub fn close(vm: &mut Vm, it: Value) -> JsResult<()> {
    let rk = PropKey::Str(vm.names.return_);
    let Some(ret) = vm.get_method(it, rk)? else { return Ok(()) };
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
        let on_f = vm.new_native_with("", 1, |vm, _, args, _| {
            let done = vm.capture(0) == Value::TRUE;
            Ok(vm.iter_result(arg(args, 0), done))
        }, false, vec![Value::bool(done)]);
        let on_r = if done || !close_on_reject {
            Value::UNDEFINED
        } else {
            Value::object(vm.new_native_with("", 1, |vm, _, args, _| {
                let it = vm.capture(0);
                let _ = close(vm, it);
                Err(arg(args, 0))
            }, false, vec![sync_it]))
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
    let Some((it, next)) = afs_parts(vm, this) else { return vm.throw_type("not an async-from-sync iterator") };
    let r = if args.is_empty() { vm.call(next, it, &[]) } else { vm.call(next, it, &[arg(args, 0)]) };
    match r {
        Ok(res) => afs_continue(vm, res, it, true),
        Err(e) if vm.terminating.is_none() => rejected_promise(vm, e),
        Err(e) => Err(e),
    }
}

fn afs_return(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((it, _)) = afs_parts(vm, this) else { return vm.throw_type("not an async-from-sync iterator") };
    let rk = PropKey::Str(vm.names.return_);
    let m = match vm.get_method(it, rk) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    let Some(m) = m else {
        let (p, res, _) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
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
    let Some((it, _)) = afs_parts(vm, this) else { return vm.throw_type("not an async-from-sync iterator") };
    let tk = PropKey::Str(vm.names.throw_);
    let m = match vm.get_method(it, tk) {
        Ok(m) => m,
        Err(e) => return rejected_promise(vm, e),
    };
    let Some(m) = m else {
        let _ = close(vm, it);
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
