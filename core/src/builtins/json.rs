//! JSON (to be completed).

use crate::value::Value;
use crate::Vm;

pub fn init(vm: &mut Vm) {
    let j = vm.new_object();
    vm.realm.json_obj = j;
    vm.define_global("JSON", Value::object(j));
}

/// JSON.parse of module text (JSON modules).
pub fn parse_text(vm: &mut Vm, _text: &str) -> crate::JsResult<Value> {
    vm.throw_syntax("JSON is not supported yet")
}
