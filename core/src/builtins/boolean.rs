//! Boolean.

use super::arg;
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.alloc(JsObject::new(op, ObjectKind::BooleanBox(false)));
    vm.realm.boolean_proto = proto;
    let ctor = vm.new_constructor("Boolean", 1, |vm, _, a, nt| {
        let b = crate::ops::convert::to_boolean(vm, arg(a, 0));
        if nt.is_undefined() {
            return Ok(Value::bool(b));
        }
        let bp = vm.realm.boolean_proto;
        let p = vm.proto_from_ctor(nt, bp)?;
        Ok(Value::object(vm.alloc(JsObject::new(p, ObjectKind::BooleanBox(b)))))
    }, proto);
    vm.realm.boolean_ctor = ctor;
    vm.define_method(proto, "toString", 0, |vm, this, _, _| {
        let b = this_bool(vm, this)?;
        Ok(vm.new_string(if b { "true" } else { "false" }))
    });
    vm.define_method(proto, "valueOf", 0, |vm, this, _, _| Ok(Value::bool(this_bool(vm, this)?)));
    vm.define_global("Boolean", Value::object(ctor));
}

fn this_bool(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if let Some(b) = v.as_bool() {
        return Ok(b);
    }
    if let Some(o) = v.as_object() {
        if let ObjectKind::BooleanBox(b) = vm.obj(o).kind {
            return Ok(b);
        }
    }
    vm.throw_type("Boolean.prototype method called on incompatible receiver")
}
