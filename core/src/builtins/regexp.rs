//! RegExp (to be completed, through `regress`).

use crate::value::Value;
use crate::{JsResult, Vm};

/// Internal slots of a RegExp object.
pub struct RegExpData {
    pub source: Vec<u16>,
    pub flags: String,
}

impl RegExpData {
    /// Values referenced by the RegExp's internal slots (for the collector).
    pub fn trace(&self, _out: &mut Vec<Value>) {}
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    vm.realm.regexp_proto = vm.new_object_with_proto(op);
    let ip = Value::object(vm.realm.iterator_proto);
    vm.realm.regexp_string_iterator_proto = vm.new_object_with_proto(ip);
}

/// Creates a RegExp object for a literal `/pattern/flags`.
pub fn create_from_literal(vm: &mut Vm, _pattern: &[u16], _flags: &str) -> JsResult<Value> {
    vm.throw_syntax("RegExp is not supported yet")
}
