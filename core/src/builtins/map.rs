//! Map, Set, WeakMap, WeakSet, WeakRef (to be completed).

use crate::Vm;

pub fn init(vm: &mut Vm) {
    let op = crate::value::Value::object(vm.realm.object_proto);
    vm.realm.map_proto = vm.new_object_with_proto(op);
    vm.realm.set_proto = vm.new_object_with_proto(op);
    vm.realm.weakmap_proto = vm.new_object_with_proto(op);
    vm.realm.weakset_proto = vm.new_object_with_proto(op);
    vm.realm.weakref_proto = vm.new_object_with_proto(op);
}
