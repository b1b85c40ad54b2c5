//! ArrayBuffer (fixed-length and resizable) and SharedArrayBuffer (incl. growable).

use super::arg;
use super::typed_array::{
    alloc_buffer, buffer_data, buffer_data_mut, buffer_len, copy_bytes, detach, is_immutable,
    MAX_BYTES,
};
use crate::object::{ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let tag = vm.realm.sym.to_string_tag;

    // ArrayBuffer
    let proto = vm.new_object_with_proto(op);
    vm.realm.array_buffer_proto = proto;
    let ctor = vm.new_constructor("ArrayBuffer", 1, ab_ctor, proto);
    vm.realm.array_buffer_ctor = ctor;
    vm.define_method(ctor, "isView", 1, |vm, _, a, _| {
        let v = arg(a, 0);
        Ok(Value::bool(v.as_object().is_some_and(|o| {
            matches!(
                vm.obj(o).kind,
                ObjectKind::TypedArray(_) | ObjectKind::DataView(_)
            )
        })))
    });
    vm.define_species_getter(ctor);
    vm.define_getter(proto, "byteLength", |vm, this, _, _| {
        let b = this_buffer(vm, this, false, "byteLength")?;
        Ok(Value::number(buffer_len(vm, b).unwrap_or(0) as f64))
    });
    vm.define_getter(proto, "maxByteLength", |vm, this, _, _| {
        let b = this_buffer(vm, this, false, "maxByteLength")?;
        let d = buffer_data(vm, b);
        let n = match d {
            Some(d) if d.bytes.is_none() => 0,
            Some(d) => d.max_len.unwrap_or(d.bytes.as_ref().map_or(0, |x| x.len())),
            None => 0,
        };
        Ok(Value::number(n as f64))
    });
    vm.define_getter(proto, "resizable", |vm, this, _, _| {
        let b = this_buffer(vm, this, false, "resizable")?;
        Ok(Value::bool(
            buffer_data(vm, b).is_some_and(|d| d.max_len.is_some()),
        ))
    });
    vm.define_getter(proto, "detached", |vm, this, _, _| {
        let b = this_buffer(vm, this, false, "detached")?;
        Ok(Value::bool(
            buffer_data(vm, b).is_some_and(|d| d.bytes.is_none()),
        ))
    });
    vm.define_method(proto, "resize", 1, ab_resize);
    vm.define_method(proto, "slice", 2, |vm, this, a, _| {
        slice(vm, this, a, false)
    });
    vm.define_method(proto, "transfer", 0, |vm, this, a, _| {
        transfer(vm, this, a, Resizability::Preserve)
    });
    vm.define_method(proto, "transferToFixedLength", 0, |vm, this, a, _| {
        transfer(vm, this, a, Resizability::FixedLength)
    });
    // immutable-arraybuffer.
    vm.define_getter(proto, "immutable", |vm, this, _, _| {
        let b = this_buffer(vm, this, false, "immutable")?;
        Ok(Value::bool(is_immutable(vm, b)))
    });
    vm.define_method(proto, "transferToImmutable", 0, |vm, this, a, _| {
        transfer(vm, this, a, Resizability::Immutable)
    });
    vm.define_method(proto, "sliceToImmutable", 2, slice_to_immutable);
    let t = vm.new_string("ArrayBuffer");
    vm.put(proto, PropKey::Sym(tag), t, attrs::CONFIGURABLE);
    vm.define_global("ArrayBuffer", Value::object(ctor));

    // SharedArrayBuffer
    let sproto = vm.new_object_with_proto(op);
    vm.realm.shared_array_buffer_proto = sproto;
    let sctor = vm.new_constructor("SharedArrayBuffer", 1, sab_ctor, sproto);
    vm.define_species_getter(sctor);
    vm.define_getter(sproto, "byteLength", |vm, this, _, _| {
        let b = this_buffer(vm, this, true, "byteLength")?;
        Ok(Value::number(buffer_len(vm, b).unwrap_or(0) as f64))
    });
    vm.define_getter(sproto, "maxByteLength", |vm, this, _, _| {
        let b = this_buffer(vm, this, true, "maxByteLength")?;
        let n = buffer_data(vm, b).map_or(0, |d| {
            d.max_len.unwrap_or(d.bytes.as_ref().map_or(0, |x| x.len()))
        });
        Ok(Value::number(n as f64))
    });
    vm.define_getter(sproto, "growable", |vm, this, _, _| {
        let b = this_buffer(vm, this, true, "growable")?;
        Ok(Value::bool(
            buffer_data(vm, b).is_some_and(|d| d.max_len.is_some()),
        ))
    });
    vm.define_method(sproto, "grow", 1, sab_grow);
    let f = vm.new_native_with(
        "slice",
        2,
        |vm, this, a, _| slice(vm, this, a, true),
        false,
        vec![Value::object(sctor)],
    );
    let k = vm.key_str("slice");
    vm.put(sproto, k, Value::object(f), attrs::HIDDEN);
    let t = vm.new_string("SharedArrayBuffer");
    vm.put(sproto, PropKey::Sym(tag), t, attrs::CONFIGURABLE);
    vm.define_global("SharedArrayBuffer", Value::object(sctor));
}

/// RequireInternalSlot [[ArrayBufferData]] with the shared-ness check.
fn this_buffer(vm: &mut Vm, this: Value, shared: bool, what: &str) -> JsResult<Value> {
    match buffer_data(vm, this) {
        Some(d) if d.shared == shared => Ok(this),
        _ => {
            let n = if shared {
                "SharedArrayBuffer"
            } else {
                "ArrayBuffer"
            };
            vm.throw_type(&format!(
                "{n}.prototype.{what} called on an incompatible receiver"
            ))
        }
    }
}

/// GetArrayBufferMaxByteLengthOption.
fn max_len_option(vm: &mut Vm, options: Value) -> JsResult<Option<usize>> {
    if !options.is_object() {
        return Ok(None);
    }
    let m = vm.get_str(options, "maxByteLength")?;
    if m.is_undefined() {
        return Ok(None);
    }
    Ok(Some(vm.to_index(m)?))
}

fn construct(vm: &mut Vm, args: &[Value], nt: Value, shared: bool) -> JsResult<Value> {
    let name = if shared {
        "SharedArrayBuffer"
    } else {
        "ArrayBuffer"
    };
    if nt.is_undefined() {
        return vm.throw_type(&format!("Constructor {name} requires 'new'"));
    }
    let len = vm.to_index(arg(args, 0))?;
    let max = max_len_option(vm, arg(args, 1))?;
    if let Some(m) = max {
        if len > m {
            return vm.throw_range(&format!("{name} byte length exceeds maxByteLength"));
        }
    }
    let fallback = if shared {
        vm.realm.shared_array_buffer_proto
    } else {
        vm.realm.array_buffer_proto
    };
    let proto = vm.proto_from_ctor(nt, fallback)?;
    if max.is_some_and(|m| m as u64 > 1u64 << 32) {
        return vm.throw_range("Invalid maxByteLength");
    }
    Ok(Value::object(alloc_buffer(vm, proto, len, max, shared)?))
}

fn ab_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, args, nt, false)
}
fn sab_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, args, nt, true)
}

fn ab_resize(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "resize")?;
    let Some(max) = buffer_data(vm, b).and_then(|d| d.max_len) else {
        return vm.throw_type("ArrayBuffer.prototype.resize called on a fixed-length buffer");
    };
    let n = vm.to_index(arg(a, 0))?;
    if buffer_len(vm, b).is_none() {
        return vm.throw_type("Cannot resize a detached ArrayBuffer");
    }
    if n > max || n > MAX_BYTES {
        return vm.throw_range("ArrayBuffer.prototype.resize: invalid length");
    }
    if let Some(v) = buffer_data_mut(vm, b).and_then(|d| d.bytes.as_mut()) {
        v.resize(n, 0);
    }
    Ok(Value::UNDEFINED)
}

fn sab_grow(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "grow")?;
    let Some(max) = buffer_data(vm, b).and_then(|d| d.max_len) else {
        return vm.throw_type("SharedArrayBuffer.prototype.grow called on a fixed-length buffer");
    };
    let n = vm.to_index(arg(a, 0))?;
    let cur = buffer_len(vm, b).unwrap_or(0);
    if n > max || n < cur || n > MAX_BYTES {
        return vm.throw_range("SharedArrayBuffer.prototype.grow: invalid length");
    }
    if let Some(v) = buffer_data_mut(vm, b).and_then(|d| d.bytes.as_mut()) {
        v.resize(n, 0);
    }
    Ok(Value::UNDEFINED)
}

fn slice(vm: &mut Vm, this: Value, a: &[Value], shared: bool) -> JsResult<Value> {
    let b = this_buffer(vm, this, shared, "slice")?;
    let Some(len) = buffer_len(vm, b) else {
        return vm.throw_type("Cannot slice a detached ArrayBuffer");
    };
    let rel = |vm: &mut Vm, v: Value, d: f64| -> JsResult<usize> {
        let r = if v.is_undefined() {
            d
        } else {
            vm.to_integer_or_infinity(v)?
        };
        let l = len as f64;
        Ok(if r < 0.0 { (l + r).max(0.0) } else { r.min(l) } as usize)
    };
    let first = rel(vm, arg(a, 0), 0.0)?;
    let fin = rel(vm, arg(a, 1), len as f64)?;
    let new_len = fin.saturating_sub(first);
    let default = if shared {
        vm.capture(0)
    } else {
        Value::object(vm.realm.array_buffer_ctor)
    };
    let c = vm.species_constructor(b, default)?;
    let new = vm.construct(c, &[Value::number(new_len as f64)], c)?;
    let ok = buffer_data(vm, new).is_some_and(|d| d.shared == shared);
    if !ok {
        return vm.throw_type("Species constructor did not return an ArrayBuffer");
    }
    if !shared && buffer_len(vm, new).is_none() {
        return vm.throw_type("Species constructor returned a detached ArrayBuffer");
    }
    if is_immutable(vm, new) {
        return vm.throw_type("Species constructor returned an immutable ArrayBuffer");
    }
    if new == b {
        return vm.throw_type("Species constructor returned the same ArrayBuffer");
    }
    if buffer_len(vm, new).unwrap_or(0) < new_len {
        return vm.throw_type("Species constructor returned a too small ArrayBuffer");
    }
    let Some(cur) = buffer_len(vm, b) else {
        return vm.throw_type("ArrayBuffer was detached during slice");
    };
    if first < cur {
        let count = new_len.min(cur - first);
        copy_bytes(vm, b, first, new, 0, count);
    }
    Ok(new)
}

/// ArrayBufferCopyAndDetach's preserveResizability.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resizability {
    Preserve,
    FixedLength,
    Immutable,
}

/// ArrayBufferCopyAndDetach.
fn transfer(vm: &mut Vm, this: Value, a: &[Value], mode: Resizability) -> JsResult<Value> {
    let name = match mode {
        Resizability::Preserve => "transfer",
        Resizability::FixedLength => "transferToFixedLength",
        Resizability::Immutable => "transferToImmutable",
    };
    let b = this_buffer(vm, this, false, name)?;
    let nl = arg(a, 0);
    let new_len = if nl.is_undefined() {
        buffer_len(vm, b).unwrap_or(0)
    } else {
        vm.to_index(nl)?
    };
    let Some(cur) = buffer_len(vm, b) else {
        return vm.throw_type(&format!("Cannot {name} a detached ArrayBuffer"));
    };
    if is_immutable(vm, b) {
        return vm.throw_type(&format!("Cannot {name} an immutable ArrayBuffer"));
    }
    let max = if mode == Resizability::Preserve {
        buffer_data(vm, b).and_then(|d| d.max_len)
    } else {
        None
    };
    if let Some(m) = max {
        if new_len > m {
            return vm.throw_range("New length exceeds maxByteLength");
        }
    }
    let proto = Value::object(vm.realm.array_buffer_proto);
    let new: ObjId = if new_len == cur {
        // Move the block without copying.
        let bytes = buffer_data_mut(vm, b)
            .and_then(|d| d.bytes.take())
            .unwrap_or_default();
        let o = alloc_buffer(vm, proto, 0, max, false)?;
        if let Some(d) = buffer_data_mut(vm, Value::object(o)) {
            d.bytes = Some(bytes);
        }
        o
    } else {
        let o = alloc_buffer(vm, proto, new_len, max, false)?;
        copy_bytes(vm, b, 0, Value::object(o), 0, new_len.min(cur));
        o
    };
    // Marked immutable only once filled: nothing can write to it afterwards.
    if mode == Resizability::Immutable {
        if let Some(d) = buffer_data_mut(vm, Value::object(new)) {
            d.immutable = true;
        }
    }
    detach(vm, b)?;
    Ok(Value::object(new))
}

/// ArrayBuffer.prototype.sliceToImmutable ( start, end ).
fn slice_to_immutable(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "sliceToImmutable")?;
    let Some(len) = buffer_len(vm, b) else {
        return vm.throw_type("Cannot slice a detached ArrayBuffer");
    };
    // ResolveBounds(len, start, end).
    let rel = |vm: &mut Vm, v: Value, d: f64| -> JsResult<usize> {
        let r = if v.is_undefined() { d } else { vm.to_integer_or_infinity(v)? };
        let l = len as f64;
        Ok(if r < 0.0 { (l + r).max(0.0) } else { r.min(l) } as usize)
    };
    let first = rel(vm, arg(a, 0), 0.0)?;
    let fin = rel(vm, arg(a, 1), len as f64)?;
    let new_len = fin.saturating_sub(first);
    // The conversions may have detached or shrunk the buffer.
    let Some(cur) = buffer_len(vm, b) else {
        return vm.throw_type("ArrayBuffer was detached during sliceToImmutable");
    };
    if cur < fin {
        return vm.throw_range("ArrayBuffer was shrunk below the end of the slice");
    }
    let proto = Value::object(vm.realm.array_buffer_proto);
    let new = alloc_buffer(vm, proto, new_len, None, false)?;
    copy_bytes(vm, b, first, Value::object(new), 0, new_len);
    if let Some(d) = buffer_data_mut(vm, Value::object(new)) {
        d.immutable = true;
    }
    Ok(Value::object(new))
}
