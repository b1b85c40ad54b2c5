//! Reflect: the 13 functions mirroring the object internal methods.

use super::arg;
use crate::object::PropKey;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let r = vm.new_object();
    vm.realm.reflect_obj = r;
    let fns: &[(&str, u32, crate::object::NativeFn)] = &[
        ("apply", 3, apply),
        ("construct", 2, construct),
        ("defineProperty", 3, define_property),
        ("deleteProperty", 2, |vm, _, a, _| {
            let o = target(vm, a, "deleteProperty")?;
            let k = vm.to_property_key(arg(a, 1))?;
            Ok(Value::bool(vm.delete_property(o, k)?))
        }),
        ("get", 2, |vm, _, a, _| {
            let o = target(vm, a, "get")?;
            let k = vm.to_property_key(arg(a, 1))?;
            let receiver = if a.len() > 2 { a[2] } else { Value::object(o) };
            vm.get_from(o, k, receiver)
        }),
        ("getOwnPropertyDescriptor", 2, |vm, _, a, _| {
            let o = target(vm, a, "getOwnPropertyDescriptor")?;
            let k = vm.to_property_key(arg(a, 1))?;
            let d = vm.get_own_property(o, k)?;
            Ok(super::object::from_property_descriptor(vm, d))
        }),
        ("getPrototypeOf", 1, |vm, _, a, _| {
            let o = target(vm, a, "getPrototypeOf")?;
            vm.get_prototype_of(o)
        }),
        ("has", 2, |vm, _, a, _| {
            let o = target(vm, a, "has")?;
            let k = vm.to_property_key(arg(a, 1))?;
            Ok(Value::bool(vm.has_property(o, k)?))
        }),
        ("isExtensible", 1, |vm, _, a, _| {
            let o = target(vm, a, "isExtensible")?;
            Ok(Value::bool(vm.is_extensible(o)?))
        }),
        ("ownKeys", 1, |vm, _, a, _| {
            let o = target(vm, a, "ownKeys")?;
            let keys = vm.own_property_keys(o)?;
            let vals: Vec<Value> = keys
                .into_iter()
                .map(|k: PropKey| vm.key_to_value(k))
                .collect();
            Ok(Value::object(vm.new_array(vals)))
        }),
        ("preventExtensions", 1, |vm, _, a, _| {
            let o = target(vm, a, "preventExtensions")?;
            Ok(Value::bool(vm.prevent_extensions(o)?))
        }),
        ("set", 3, |vm, _, a, _| {
            let o = target(vm, a, "set")?;
            let k = vm.to_property_key(arg(a, 1))?;
            let receiver = if a.len() > 3 { a[3] } else { Value::object(o) };
            Ok(Value::bool(vm.set_on(o, k, arg(a, 2), receiver)?))
        }),
        ("setPrototypeOf", 2, |vm, _, a, _| {
            let o = target(vm, a, "setPrototypeOf")?;
            let p = arg(a, 1);
            if !p.is_object() && !p.is_null() {
                return vm.throw_type("Object prototype may only be an Object or null");
            }
            Ok(Value::bool(vm.set_prototype_of(o, p)?))
        }),
    ];
    for (name, len, f) in fns {
        vm.define_method(r, name, *len, *f);
    }
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Reflect");
    vm.put(r, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("Reflect", Value::object(r));
}

fn target(vm: &mut Vm, a: &[Value], name: &str) -> JsResult<ObjId> {
    match arg(a, 0).as_object() {
        Some(o) => Ok(o),
        None => vm.throw_type(&format!("Reflect.{name} called on non-object")),
    }
}

fn apply(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let f = arg(a, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("Reflect.apply: target is not a function");
    }
    let list = vm.list_from_array_like(arg(a, 2))?;
    vm.call(f, arg(a, 1), &list)
}

fn construct(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let f = arg(a, 0);
    if !vm.is_constructor(f) {
        return vm.throw_type("Reflect.construct: target is not a constructor");
    }
    let nt = if a.len() > 2 { a[2] } else { f };
    if !vm.is_constructor(nt) {
        return vm.throw_type("Reflect.construct: newTarget is not a constructor");
    }
    let list = vm.list_from_array_like(arg(a, 1))?;
    vm.construct(f, &list, nt)
}

fn define_property(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = target(vm, a, "defineProperty")?;
    let k = vm.to_property_key(arg(a, 1))?;
    let d = super::object::to_property_descriptor(vm, arg(a, 2))?;
    Ok(Value::bool(vm.define_own_property(o, k, d)?))
}
