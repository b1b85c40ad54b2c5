//! DataView.

use super::arg;
use super::typed_array::{
    buffer_data, buffer_len, decode, elem_size, is_fixed_length, read_raw, rec_len, to_bits,
    view_of, write_raw, TypedArrayData, K_BI64, K_BU64, K_F16, K_F32, K_F64, K_I16, K_I32, K_I8,
    K_U16, K_U32, K_U8,
};
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};

const TYPES: [(&str, u8); 11] = [
    ("Int8", K_I8),
    ("Uint8", K_U8),
    ("Int16", K_I16),
    ("Uint16", K_U16),
    ("Int32", K_I32),
    ("Uint32", K_U32),
    ("Float16", K_F16),
    ("Float32", K_F32),
    ("Float64", K_F64),
    ("BigInt64", K_BI64),
    ("BigUint64", K_BU64),
];

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.dataview_proto = proto;
    let ctor = vm.new_constructor("DataView", 1, dv_ctor, proto);
    vm.define_getter(proto, "buffer", |vm, this, _, _| {
        let t = this_view(vm, this)?;
        Ok(t.buf)
    });
    vm.define_getter(proto, "byteLength", |vm, this, _, _| {
        let t = this_view(vm, this)?;
        match rec_len(vm, &t, 1) {
            Some(n) => Ok(Value::number(n as f64)),
            None => vm.throw_type("DataView is detached or out of bounds"),
        }
    });
    vm.define_getter(proto, "byteOffset", |vm, this, _, _| {
        let t = this_view(vm, this)?;
        match rec_len(vm, &t, 1) {
            Some(_) => Ok(Value::number(t.offset as f64)),
            None => vm.throw_type("DataView is detached or out of bounds"),
        }
    });
    for (name, kind) in TYPES {
        let g = vm.new_native_with(
            &format!("get{name}"),
            1,
            get_value,
            false,
            vec![Value::int(kind as i32)],
        );
        let k = vm.key_str(&format!("get{name}"));
        vm.put(proto, k, Value::object(g), attrs::HIDDEN);
        let s = vm.new_native_with(
            &format!("set{name}"),
            2,
            set_value,
            false,
            vec![Value::int(kind as i32)],
        );
        let k = vm.key_str(&format!("set{name}"));
        vm.put(proto, k, Value::object(s), attrs::HIDDEN);
    }
    let tag = vm.realm.sym.to_string_tag;
    let t = vm.new_string("DataView");
    vm.put(proto, PropKey::Sym(tag), t, attrs::CONFIGURABLE);
    vm.define_global("DataView", Value::object(ctor));
}

fn this_view(vm: &mut Vm, this: Value) -> JsResult<super::typed_array::Ta> {
    match this.as_object().and_then(|o| view_of(vm, o)) {
        Some(t) => Ok(t),
        None => vm.throw_type("this is not a DataView"),
    }
}

fn dv_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor DataView requires 'new'");
    }
    let buffer = arg(a, 0);
    if buffer_data(vm, buffer).is_none() {
        return vm.throw_type("First argument to DataView constructor must be an ArrayBuffer");
    }
    let offset = vm.to_index(arg(a, 1))?;
    let Some(bl) = buffer_len(vm, buffer) else {
        return vm.throw_type("Cannot construct a DataView on a detached ArrayBuffer");
    };
    if offset > bl {
        return vm.throw_range(&format!(
            "Start offset {offset} is outside the bounds of the buffer"
        ));
    }
    let fixed = is_fixed_length(vm, buffer);
    let bl_arg = arg(a, 2);
    let view_len = if bl_arg.is_undefined() {
        if fixed {
            Some(bl - offset)
        } else {
            None
        }
    } else {
        let n = vm.to_index(bl_arg)?;
        if offset.checked_add(n).is_none_or(|e| e > bl) {
            return vm.throw_range(&format!("Invalid DataView length {n}"));
        }
        Some(n)
    };
    let dp = vm.realm.dataview_proto;
    let proto = vm.proto_from_ctor(nt, dp)?;
    let Some(bl) = buffer_len(vm, buffer) else {
        return vm.throw_type("Cannot construct a DataView on a detached ArrayBuffer");
    };
    if offset > bl {
        return vm.throw_range(&format!(
            "Start offset {offset} is outside the bounds of the buffer"
        ));
    }
    if !bl_arg.is_undefined() {
        if let Some(n) = view_len {
            if offset + n > bl {
                return vm.throw_range(&format!("Invalid DataView length {n}"));
            }
        }
    }
    let d = TypedArrayData {
        buffer,
        kind: 0,
        offset,
        length: view_len,
    };
    Ok(Value::object(vm.alloc(JsObject::new(
        proto,
        ObjectKind::DataView(Box::new(d)),
    ))))
}

/// GetViewValue.
fn get_value(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let kind = vm.capture(0).as_int().unwrap_or(0) as u8;
    this_view(vm, this)?;
    let idx = vm.to_index(arg(a, 0))?;
    let little = crate::ops::convert::to_boolean(vm, arg(a, 1));
    let t = this_view(vm, this)?;
    let Some(len) = rec_len(vm, &t, 1) else {
        return vm.throw_type("DataView is detached or out of bounds");
    };
    let size = elem_size(kind);
    if idx.checked_add(size).is_none_or(|e| e > len) {
        return vm.throw_range("Offset is outside the bounds of the DataView");
    }
    let bits = read_raw(vm, t.buf, t.offset + idx, size, little).unwrap_or(0);
    Ok(decode(vm, kind, bits))
}

/// SetViewValue.
fn set_value(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let kind = vm.capture(0).as_int().unwrap_or(0) as u8;
    let t = this_view(vm, this)?;
    if super::typed_array::is_immutable(vm, t.buf) {
        return vm.throw_type("Cannot write to a DataView of an immutable ArrayBuffer");
    }
    let idx = vm.to_index(arg(a, 0))?;
    let bits = to_bits(vm, kind, arg(a, 1))?;
    let little = crate::ops::convert::to_boolean(vm, arg(a, 2));
    let t = this_view(vm, this)?;
    let Some(len) = rec_len(vm, &t, 1) else {
        return vm.throw_type("DataView is detached or out of bounds");
    };
    let size = elem_size(kind);
    if idx.checked_add(size).is_none_or(|e| e > len) {
        return vm.throw_range("Offset is outside the bounds of the DataView");
    }
    write_raw(vm, t.buf, t.offset + idx, size, bits, little);
    Ok(Value::UNDEFINED)
}
