//! %AbstractModuleSource% (source-phase imports): the constructor, which
//! always throws, and its prototype with the `@@toStringTag` getter that
//! reads [[ModuleSourceClassName]]. It is an intrinsic, not a global: hosts
//! that provide module sources (`Vm::set_module_source`) build their source
//! objects on it, and the Test262 host exposes it as `$262.AbstractModuleSource`.

use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::Value;
use crate::Vm;

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.abstract_module_source_proto = proto;
    let ctor = vm.new_constructor("AbstractModuleSource", 0, |vm, _, _, _| vm.throw_type("AbstractModuleSource is an abstract class and cannot be constructed"), proto);
    vm.realm.abstract_module_source_ctor = ctor;
    let tag = vm.realm.sym.to_string_tag;
    vm.define_accessor(proto, PropKey::Sym(tag), "[Symbol.toStringTag]", Some(|vm, this, _, _| {
        Ok(match this.as_object().map(|o| &vm.obj(o).kind) {
            Some(ObjectKind::ModuleSource { class_name }) => *class_name,
            _ => Value::UNDEFINED,
        })
    }), None, attrs::CONFIGURABLE);
}

/// A module source object of class `class_name` whose prototype is `proto`
/// (which should inherit from %AbstractModuleSource%.prototype).
pub fn new_module_source(vm: &mut Vm, proto: Value, class_name: &str) -> Value {
    let name = vm.new_string(class_name);
    Value::object(vm.alloc(JsObject::new(proto, ObjectKind::ModuleSource { class_name: name })))
}
