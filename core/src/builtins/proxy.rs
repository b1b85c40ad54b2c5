//! Proxy (to be completed: every trap with its invariant checks).

use crate::object::PropKey;
use crate::ops::property::PropDesc;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(_vm: &mut Vm) {}

fn target(vm: &mut Vm, p: ObjId) -> JsResult<ObjId> {
    match &vm.obj(p).kind {
        crate::object::ObjectKind::Proxy { target, handler } if !handler.is_null() => match target.as_object() {
            Some(t) => Ok(t),
            None => vm.throw_type("invalid proxy"),
        },
        _ => vm.throw_type("Cannot perform operation on a revoked proxy"),
    }
}

pub fn get_own_property(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<Option<PropDesc>> {
    let t = target(vm, p)?;
    vm.get_own_property(t, key)
}
pub fn define_own_property(vm: &mut Vm, p: ObjId, key: PropKey, d: PropDesc) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.define_own_property(t, key, d)
}
pub fn has(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.has_property(t, key)
}
pub fn get(vm: &mut Vm, p: ObjId, key: PropKey, receiver: Value) -> JsResult<Value> {
    let t = target(vm, p)?;
    vm.get_from(t, key, receiver)
}
pub fn set(vm: &mut Vm, p: ObjId, key: PropKey, v: Value, receiver: Value) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.set_on(t, key, v, receiver)
}
pub fn delete(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.delete_property(t, key)
}
pub fn own_keys(vm: &mut Vm, p: ObjId) -> JsResult<Vec<PropKey>> {
    let t = target(vm, p)?;
    vm.own_property_keys(t)
}
pub fn get_prototype_of(vm: &mut Vm, p: ObjId) -> JsResult<Value> {
    let t = target(vm, p)?;
    vm.get_prototype_of(t)
}
pub fn set_prototype_of(vm: &mut Vm, p: ObjId, proto: Value) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.set_prototype_of(t, proto)
}
pub fn is_extensible(vm: &mut Vm, p: ObjId) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.is_extensible(t)
}
pub fn prevent_extensions(vm: &mut Vm, p: ObjId) -> JsResult<bool> {
    let t = target(vm, p)?;
    vm.prevent_extensions(t)
}
pub fn call(vm: &mut Vm, p: ObjId, this: Value, args: &[Value]) -> JsResult<Value> {
    let t = target(vm, p)?;
    vm.call(Value::object(t), this, args)
}
pub fn construct(vm: &mut Vm, p: ObjId, args: &[Value], new_target: Value) -> JsResult<Value> {
    let t = target(vm, p)?;
    let nt = if new_target == Value::object(p) { Value::object(t) } else { new_target };
    vm.construct(Value::object(t), args, nt)
}
