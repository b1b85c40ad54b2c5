//! Reflect (to be completed).

use crate::value::Value;
use crate::Vm;

pub fn init(vm: &mut Vm) {
    let r = vm.new_object();
    vm.realm.reflect_obj = r;
    vm.define_global("Reflect", Value::object(r));
}
