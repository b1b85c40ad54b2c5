//! Date (to be completed).

use crate::Vm;

pub fn init(vm: &mut Vm) {
    let op = crate::value::Value::object(vm.realm.object_proto);
    vm.realm.date_proto = vm.new_object_with_proto(op);
}

/// ISO 8601 text of a time value (e.g. for inspection).
pub fn to_iso_string(t: f64) -> String {
    let _ = t;
    String::from("Date")
}
