//! String (to be completed: all non-locale methods, UTF-16 semantics).

use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let e = vm.names.empty;
    let proto = vm.alloc(JsObject::new(op, ObjectKind::StringBox(e)));
    let lk = PropKey::Str(vm.names.length);
    vm.put(proto, lk, Value::int(0), attrs::NONE);
    vm.realm.string_proto = proto;
    let ctor = vm.new_constructor("String", 1, string_ctor, proto);
    vm.realm.string_ctor = ctor;
    vm.define_method(proto, "toString", 0, this_string_value);
    vm.define_method(proto, "valueOf", 0, this_string_value);
    let ip = Value::object(vm.realm.iterator_proto);
    let sip = vm.new_object_with_proto(ip);
    vm.realm.string_iterator_proto = sip;
    vm.define_global("String", Value::object(ctor));
}

fn string_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let s = if a.is_empty() {
        Value::string(vm.names.empty)
    } else if nt.is_undefined() && a[0].is_symbol() {
        let sym = a[0].as_symbol().unwrap_or(crate::value::SymId(0));
        super::symbol::descriptive_string(vm, sym)
    } else {
        vm.to_string(a[0])?
    };
    if nt.is_undefined() {
        return Ok(s);
    }
    let sp = vm.realm.string_proto;
    let proto = vm.proto_from_ctor(nt, sp)?;
    let o = vm.to_object(s)?;
    vm.obj_mut(o).proto = proto;
    Ok(Value::object(o))
}

fn this_string_value(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::StringBox(s) = vm.obj(o).kind {
            return Ok(Value::string(s));
        }
    }
    vm.throw_type("String.prototype.valueOf requires that 'this' be a String")
}
