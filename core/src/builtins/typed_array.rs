//! ArrayBuffer, SharedArrayBuffer, DataView and the TypedArrays (to be completed).

use crate::object::PropKey;
use crate::ops::property::PropDesc;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

/// Internal slots of an ArrayBuffer.
pub struct BufferData {
    pub bytes: Option<Vec<u8>>,
    pub max_len: Option<usize>,
    pub shared: bool,
}

/// Internal slots of a TypedArray or DataView.
pub struct TypedArrayData {
    pub buffer: Value,
    pub kind: u8,
    pub offset: usize,
    /// `None` tracks the buffer's length.
    pub length: Option<usize>,
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    vm.realm.array_buffer_proto = vm.new_object_with_proto(op);
    vm.realm.shared_array_buffer_proto = vm.new_object_with_proto(op);
    vm.realm.typed_array_proto = vm.new_object_with_proto(op);
    vm.realm.dataview_proto = vm.new_object_with_proto(op);
}

/// [[GetOwnProperty]] for integer-indexed keys; `None` = not an index key.
pub fn get_own_property(_vm: &mut Vm, _o: ObjId, _key: PropKey) -> Option<Option<PropDesc>> {
    None
}

/// [[DefineOwnProperty]] for integer-indexed keys; `None` = not an index key.
pub fn define_own_property(_vm: &mut Vm, _o: ObjId, _key: PropKey, _d: PropDesc) -> JsResult<Option<bool>> {
    Ok(None)
}

/// TypedArraySetElement.
pub fn set_element(_vm: &mut Vm, _o: ObjId, _key: PropKey, _v: Value) -> JsResult<()> {
    Ok(())
}

/// The current element count.
pub fn length_of(_vm: &Vm, _o: ObjId) -> usize {
    0
}

pub fn is_out_of_bounds(_vm: &Vm, _o: ObjId) -> bool {
    false
}

pub fn is_length_tracking_or_resizable(_vm: &Vm, _o: ObjId) -> bool {
    false
}

/// DetachArrayBuffer (used by the Test262 host).
pub fn detach(vm: &mut Vm, _buffer: Value) -> JsResult<Value> {
    vm.throw_type("detachArrayBuffer: not an ArrayBuffer")
}
