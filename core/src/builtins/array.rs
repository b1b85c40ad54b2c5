//! Array (to be completed: all ES2023 methods).

use super::arg;
use crate::object::{IterKind, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_array(Vec::new());
    vm.obj_mut(proto).proto = op;
    vm.realm.array_proto = proto;
    let ctor = vm.new_constructor("Array", 1, array_ctor, proto);
    vm.realm.array_ctor = ctor;
    vm.define_method(ctor, "isArray", 1, |vm, _, a, _| Ok(Value::bool(is_array(vm, arg(a, 0))?)));
    vm.define_method(proto, "push", 1, push);
    let values = vm.define_method(proto, "values", 0, |vm, this, _, _| {
        let o = vm.to_object(this)?;
        Ok(super::iterator::create_array_iterator(vm, Value::object(o), IterKind::Values))
    });
    vm.realm.array_proto_values = values;
    let it = vm.realm.sym.iterator;
    vm.put(proto, PropKey::Sym(it), Value::object(values), attrs::HIDDEN);
    vm.define_global("Array", Value::object(ctor));
}

/// IsArray (sees through proxies).
pub fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else { return Ok(false) };
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

fn array_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let ap = vm.realm.array_proto;
    let nt = if nt.is_undefined() { vm.native_self().unwrap_or_default() } else { nt };
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

fn push(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let mut len = vm.length_of(Value::object(o))?;
    if len + a.len() as f64 > 9007199254740991.0 {
        return vm.throw_type("Pushing too many elements");
    }
    for &v in a {
        let k = vm.index_key(len as u64);
        vm.set_strict(Value::object(o), k, v)?;
        len += 1.0;
    }
    let lk = PropKey::Str(vm.names.length);
    vm.set_strict(Value::object(o), lk, Value::number(len))?;
    Ok(Value::number(len))
}
