//! Atomics. The engine runs one agent, so every operation is trivially
//! atomic; `wait` can only time out and `notify` wakes nobody.

use super::arg;
use super::typed_array::{
    decode, elem_size, encode_number, is_bigint_kind, is_shared, read_raw, rec_len, ta_of,
    write_raw, Ta, K_BI64, K_BU64, K_I16, K_I32, K_I8, K_U16, K_U32, K_U8,
};
use crate::object::PropKey;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Exchange,
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let a = vm.new_object_with_proto(op);
    vm.define_method(a, "add", 3, |vm, _, a, _| rmw(vm, a, Op::Add));
    vm.define_method(a, "and", 3, |vm, _, a, _| rmw(vm, a, Op::And));
    vm.define_method(a, "compareExchange", 4, compare_exchange);
    vm.define_method(a, "exchange", 3, |vm, _, a, _| rmw(vm, a, Op::Exchange));
    vm.define_method(a, "isLockFree", 1, |vm, _, a, _| {
        let n = vm.to_integer_or_infinity(arg(a, 0))?;
        Ok(Value::bool(n == 1.0 || n == 2.0 || n == 4.0 || n == 8.0))
    });
    vm.define_method(a, "load", 2, load);
    vm.define_method(a, "notify", 3, notify);
    vm.define_method(a, "or", 3, |vm, _, a, _| rmw(vm, a, Op::Or));
    vm.define_method(a, "pause", 0, |vm, _, a, _| {
        let n = arg(a, 0);
        if !n.is_undefined() {
            match n.as_number() {
                Some(x) if x.is_finite() && x.trunc() == x => {}
                _ => return vm.throw_type("Atomics.pause: argument must be an integral Number"),
            }
        }
        Ok(Value::UNDEFINED)
    });
    vm.define_method(a, "store", 3, store);
    vm.define_method(a, "sub", 3, |vm, _, a, _| rmw(vm, a, Op::Sub));
    vm.define_method(a, "wait", 4, wait);
    vm.define_method(a, "xor", 3, |vm, _, a, _| rmw(vm, a, Op::Xor));
    let tag = vm.realm.sym.to_string_tag;
    let t = vm.new_string("Atomics");
    vm.put(a, PropKey::Sym(tag), t, attrs::CONFIGURABLE);
    vm.define_global("Atomics", Value::object(a));
}

/// ValidateIntegerTypedArray: the object and its record.
/// `write`: the operation stores (ValidateTypedArray ~write~ refuses immutable buffers).
fn validate_integer(vm: &mut Vm, v: Value, waitable: bool, write: bool) -> JsResult<(ObjId, Ta)> {
    let Some((o, t)) = v.as_object().and_then(|o| ta_of(vm, o).map(|t| (o, t))) else {
        return vm.throw_type("Atomics operation on a non-typed-array");
    };
    if write && super::typed_array::is_immutable(vm, t.buf) {
        return vm.throw_type("Atomics write to a typed array backed by an immutable ArrayBuffer");
    }
    if rec_len(vm, &t, elem_size(t.kind)).is_none() {
        return vm.throw_type("Atomics operation on a detached or out-of-bounds typed array");
    }
    let ok = if waitable {
        t.kind == K_I32 || t.kind == K_BI64
    } else {
        matches!(
            t.kind,
            K_I8 | K_U8 | K_I16 | K_U16 | K_I32 | K_U32 | K_BI64 | K_BU64
        )
    };
    if !ok {
        return vm.throw_type("Atomics operation on an unsupported typed array type");
    }
    Ok((o, t))
}

/// ValidateAtomicAccess: the byte index in the buffer.
fn validate_access(vm: &mut Vm, t: &Ta, index: Value) -> JsResult<usize> {
    let size = elem_size(t.kind);
    let len = rec_len(vm, t, size).unwrap_or(0);
    let i = vm.to_index(index)?;
    if i >= len {
        return vm.throw_range("Atomics access index out of range");
    }
    Ok(i * size + t.offset)
}

/// RevalidateAtomicAccess.
fn revalidate(vm: &mut Vm, o: ObjId, byte_index: usize) -> JsResult<Ta> {
    let Some(t) = ta_of(vm, o) else {
        return vm.throw_type("not a typed array");
    };
    let size = elem_size(t.kind);
    let Some(len) = rec_len(vm, &t, size) else {
        return vm.throw_type("Atomics operation on a detached or out-of-bounds typed array");
    };
    if byte_index >= t.offset + len * size {
        return vm.throw_range("Atomics access index out of range");
    }
    Ok(t)
}

/// Converts the operand: (raw bits, the value to report back).
fn operand(vm: &mut Vm, kind: u8, v: Value) -> JsResult<(u64, Value)> {
    if is_bigint_kind(kind) {
        let b = super::bigint::to_bigint(vm, v)?;
        let bits = super::typed_array::bigint_bits(&b);
        let bv = vm.new_bigint(b);
        return Ok((bits, bv));
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok((encode_number(kind, n), Value::number(n)))
}

fn mask(size: usize) -> u64 {
    if size >= 8 {
        u64::MAX
    } else {
        (1u64 << (size * 8)) - 1
    }
}

fn rmw(vm: &mut Vm, a: &[Value], op: Op) -> JsResult<Value> {
    let (o, t) = validate_integer(vm, arg(a, 0), false, true)?;
    let at = validate_access(vm, &t, arg(a, 1))?;
    let (v, _) = operand(vm, t.kind, arg(a, 2))?;
    let t = revalidate(vm, o, at)?;
    let size = elem_size(t.kind);
    let old = read_raw(vm, t.buf, at, size, true).unwrap_or(0);
    let new = match op {
        Op::Add => old.wrapping_add(v),
        Op::Sub => old.wrapping_sub(v),
        Op::And => old & v,
        Op::Or => old | v,
        Op::Xor => old ^ v,
        Op::Exchange => v,
    } & mask(size);
    write_raw(vm, t.buf, at, size, new, true);
    Ok(decode(vm, t.kind, old))
}

fn compare_exchange(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, t) = validate_integer(vm, arg(a, 0), false, true)?;
    let at = validate_access(vm, &t, arg(a, 1))?;
    let (expected, _) = operand(vm, t.kind, arg(a, 2))?;
    let (replacement, _) = operand(vm, t.kind, arg(a, 3))?;
    let t = revalidate(vm, o, at)?;
    let size = elem_size(t.kind);
    let m = mask(size);
    let old = read_raw(vm, t.buf, at, size, true).unwrap_or(0);
    if old & m == expected & m {
        write_raw(vm, t.buf, at, size, replacement & m, true);
    }
    Ok(decode(vm, t.kind, old))
}

fn load(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, t) = validate_integer(vm, arg(a, 0), false, false)?;
    let at = validate_access(vm, &t, arg(a, 1))?;
    let t = revalidate(vm, o, at)?;
    let bits = read_raw(vm, t.buf, at, elem_size(t.kind), true).unwrap_or(0);
    Ok(decode(vm, t.kind, bits))
}

fn store(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, t) = validate_integer(vm, arg(a, 0), false, true)?;
    let at = validate_access(vm, &t, arg(a, 1))?;
    let (v, reported) = operand(vm, t.kind, arg(a, 2))?;
    vm.root(reported);
    let t = revalidate(vm, o, at)?;
    write_raw(vm, t.buf, at, elem_size(t.kind), v, true);
    Ok(reported)
}

fn wait(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = validate_integer(vm, arg(a, 0), true, false)?;
    if !is_shared(vm, t.buf) {
        return vm.throw_type("Atomics.wait requires a shared typed array");
    }
    let at = validate_access(vm, &t, arg(a, 1))?;
    let v = if t.kind == K_BI64 {
        let b = super::bigint::to_bigint(vm, arg(a, 2))?;
        super::typed_array::bigint_bits(&b)
    } else {
        vm.to_int32(arg(a, 2))? as u32 as u64
    };
    let q = vm.to_number(arg(a, 3))?;
    let timeout = if q.is_nan() || q == f64::INFINITY {
        f64::INFINITY
    } else {
        q.max(0.0)
    };
    let size = elem_size(t.kind);
    let cur = read_raw(vm, t.buf, at, size, true).unwrap_or(0);
    if cur != v & mask(size) {
        return Ok(vm.new_string("not-equal"));
    }
    // Nobody else can notify us: wait out the timeout (bounded).
    if timeout.is_finite() && timeout > 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(
            timeout.min(10_000.0) / 1000.0,
        ));
    }
    Ok(vm.new_string("timed-out"))
}

fn notify(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = validate_integer(vm, arg(a, 0), true, false)?;
    validate_access(vm, &t, arg(a, 1))?;
    let c = arg(a, 2);
    if !c.is_undefined() {
        vm.to_integer_or_infinity(c)?;
    }
    Ok(Value::int(0))
}
