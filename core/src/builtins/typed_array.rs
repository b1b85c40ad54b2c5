//! The TypedArrays: the integer-indexed exotic object hooks used by the core,
//! element encoding, %TypedArray% with its prototype, and the twelve concrete
//! constructors. ArrayBuffer/SharedArrayBuffer live in `array_buffer.rs`,
//! DataView in `data_view.rs`, Atomics in `atomics.rs`.

use super::arg;
use crate::object::{IterKind, JsObject, ObjectKind, PropKey};
use crate::ops::convert::{same_value_zero, strict_equals, to_int32};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};
use num_bigint::{BigInt, Sign};
use std::cmp::Ordering;

/// Internal slots of an ArrayBuffer or SharedArrayBuffer.
pub struct BufferData {
    /// `None` once detached.
    pub bytes: Option<Vec<u8>>,
    /// `Some` for resizable (growable) buffers.
    pub max_len: Option<usize>,
    pub shared: bool,
    /// [[ArrayBufferIsImmutable]] (immutable-arraybuffer): fixed-length, never detached,
    /// and no write path changes its bytes once created.
    pub immutable: bool,
}

/// Internal slots of a TypedArray or DataView.
pub struct TypedArrayData {
    pub buffer: Value,
    /// Element kind (`K_*`); unused (0) for DataView.
    pub kind: u8,
    /// Byte offset into the buffer.
    pub offset: usize,
    /// Element count (DataView: byte length); `None` tracks the buffer's length.
    pub length: Option<usize>,
}

pub const K_I8: u8 = 0;
pub const K_U8: u8 = 1;
pub const K_U8C: u8 = 2;
pub const K_I16: u8 = 3;
pub const K_U16: u8 = 4;
pub const K_I32: u8 = 5;
pub const K_U32: u8 = 6;
pub const K_F16: u8 = 7;
pub const K_F32: u8 = 8;
pub const K_F64: u8 = 9;
pub const K_BI64: u8 = 10;
pub const K_BU64: u8 = 11;
pub const KINDS: usize = 12;

pub const NAMES: [&str; KINDS] = [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
];
const SIZES: [usize; KINDS] = [1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8];

/// Largest buffer this engine allocates (bigger requests throw a RangeError).
pub const MAX_BYTES: usize = 1 << 31;

#[inline]
pub fn elem_size(kind: u8) -> usize {
    SIZES[kind as usize % KINDS]
}
#[inline]
pub fn is_bigint_kind(kind: u8) -> bool {
    kind == K_BI64 || kind == K_BU64
}

// ----- buffers -----------------------------------------------------------------------------

pub(crate) fn buffer_data(vm: &Vm, buf: Value) -> Option<&BufferData> {
    match &vm.obj(buf.as_object()?).kind {
        ObjectKind::ArrayBuffer(b) => Some(b),
        _ => None,
    }
}
pub(crate) fn buffer_data_mut(vm: &mut Vm, buf: Value) -> Option<&mut BufferData> {
    match &mut vm.obj_mut(buf.as_object()?).kind {
        ObjectKind::ArrayBuffer(b) => Some(b),
        _ => None,
    }
}
/// Byte length of a buffer; `None` when detached (or not a buffer).
#[inline]
pub(crate) fn buffer_len(vm: &Vm, buf: Value) -> Option<usize> {
    buffer_data(vm, buf)?.bytes.as_ref().map(|b| b.len())
}
pub(crate) fn is_shared(vm: &Vm, buf: Value) -> bool {
    buffer_data(vm, buf).is_some_and(|b| b.shared)
}
/// IsImmutableBuffer.
pub(crate) fn is_immutable(vm: &Vm, buf: Value) -> bool {
    buffer_data(vm, buf).is_some_and(|b| b.immutable)
}
pub(crate) fn is_fixed_length(vm: &Vm, buf: Value) -> bool {
    buffer_data(vm, buf).is_none_or(|b| b.max_len.is_none())
}

/// AllocateArrayBuffer / AllocateSharedArrayBuffer with a resolved prototype.
pub(crate) fn alloc_buffer(
    vm: &mut Vm,
    proto: Value,
    len: usize,
    max: Option<usize>,
    shared: bool,
) -> JsResult<ObjId> {
    if len > MAX_BYTES {
        return vm.throw_range("Array buffer allocation failed");
    }
    vm.heap.allocated_since_gc += len;
    let data = BufferData {
        bytes: Some(vec![0; len]),
        max_len: max,
        shared,
        immutable: false,
    };
    Ok(vm.alloc(JsObject::new(
        proto,
        ObjectKind::ArrayBuffer(Box::new(data)),
    )))
}

/// Copies `len` bytes from `src[src_off..]` to `dst[dst_off..]` (buffers may be the same).
pub(crate) fn copy_bytes(
    vm: &mut Vm,
    src: Value,
    src_off: usize,
    dst: Value,
    dst_off: usize,
    len: usize,
) {
    if len == 0 {
        return;
    }
    let tmp: Vec<u8> = match buffer_data(vm, src).and_then(|b| b.bytes.as_ref()) {
        Some(b) => match b.get(src_off..src_off.saturating_add(len)) {
            Some(s) => s.to_vec(),
            None => return,
        },
        None => return,
    };
    // Immutable buffers are filled when created; every write path refuses them first.
    if let Some(b) = buffer_data_mut(vm, dst).filter(|b| !b.immutable).and_then(|b| b.bytes.as_mut()) {
        if let Some(d) = b.get_mut(dst_off..dst_off.saturating_add(len)) {
            d.copy_from_slice(&tmp);
        }
    }
}

/// Reads `size` bytes at `at` as a little-endian integer (None when out of range).
#[inline]
pub(crate) fn read_raw(vm: &Vm, buf: Value, at: usize, size: usize, little: bool) -> Option<u64> {
    let b = buffer_data(vm, buf)?.bytes.as_ref()?;
    let s = b.get(at..at.checked_add(size)?)?;
    let mut out = [0u8; 8];
    out[..size].copy_from_slice(s);
    if !little {
        out[..size].reverse();
    }
    Some(u64::from_le_bytes(out))
}

/// Writes the low `size` bytes of `bits` at `at` (ignored when out of range).
#[inline]
pub(crate) fn write_raw(vm: &mut Vm, buf: Value, at: usize, size: usize, bits: u64, little: bool) {
    let Some(b) = buffer_data_mut(vm, buf).filter(|b| !b.immutable).and_then(|b| b.bytes.as_mut()) else {
        return;
    };
    let Some(end) = at.checked_add(size) else {
        return;
    };
    if let Some(d) = b.get_mut(at..end) {
        let bytes = bits.to_le_bytes();
        d.copy_from_slice(&bytes[..size]);
        if !little {
            d.reverse();
        }
    }
}

// ----- element encoding --------------------------------------------------------------------

/// f64 → IEEE binary16 bits, round to nearest, ties to even.
pub fn f64_to_f16_bits(x: f64) -> u16 {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return 0x7e00;
    }
    let a = x.abs();
    if a.is_infinite() {
        return sign | 0x7c00;
    }
    if a == 0.0 {
        return sign;
    }
    let bits = a.to_bits();
    let bexp = ((bits >> 52) & 0x7ff) as i64;
    if bexp == 0 {
        return sign; // f64 subnormals are far below the f16 range
    }
    let exp = bexp - 1023;
    if exp > 15 {
        return sign | 0x7c00;
    }
    let m = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let e16 = exp.max(-14);
    let s = 42 + e16 - exp;
    if s >= 64 {
        return sign;
    }
    let mut q = m >> s;
    let rem = m & ((1u64 << s) - 1);
    let half = 1u64 << (s - 1);
    if rem > half || (rem == half && q & 1 == 1) {
        q += 1;
    }
    let r = (((e16 + 14) as u64) << 10) + q;
    if r >= 0x7c00 {
        return sign | 0x7c00;
    }
    sign | r as u16
}

pub fn f16_bits_to_f64(h: u16) -> f64 {
    let s = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    if e == 0 {
        s * f * 2f64.powi(-24)
    } else if e == 31 {
        if f == 0.0 {
            s * f64::INFINITY
        } else {
            f64::NAN
        }
    } else {
        s * (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    }
}

/// Encodes a Number for a numeric element kind (conversion operations ToInt8 etc.).
pub fn encode_number(kind: u8, n: f64) -> u64 {
    match kind {
        K_U8C => {
            if n.is_nan() {
                0
            } else {
                n.clamp(0.0, 255.0).round_ties_even() as u64
            }
        }
        K_F16 => f64_to_f16_bits(n) as u64,
        K_F32 => (n as f32).to_bits() as u64,
        K_F64 => n.to_bits(),
        _ => to_int32(n) as u32 as u64,
    }
}

/// The low 64 bits of a BigInt in two's complement (ToBigInt64/ToBigUint64).
pub fn bigint_bits(b: &BigInt) -> u64 {
    let (sign, d) = b.to_u64_digits();
    let low = d.first().copied().unwrap_or(0);
    if sign == Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    }
}

/// The Number value of a numeric element's bits.
#[inline]
pub fn decode_number(kind: u8, bits: u64) -> f64 {
    match kind {
        K_I8 => bits as u8 as i8 as f64,
        K_U8 | K_U8C => bits as u8 as f64,
        K_I16 => bits as u16 as i16 as f64,
        K_U16 => bits as u16 as f64,
        K_I32 => bits as u32 as i32 as f64,
        K_U32 => bits as u32 as f64,
        K_F16 => f16_bits_to_f64(bits as u16),
        K_F32 => f32::from_bits(bits as u32) as f64,
        K_F64 => f64::from_bits(bits),
        K_BI64 => bits as i64 as f64,
        _ => bits as f64,
    }
}

/// The JS value of an element's bits (BigInt kinds allocate).
#[inline]
pub fn decode(vm: &mut Vm, kind: u8, bits: u64) -> Value {
    match kind {
        K_BI64 => vm.new_bigint(BigInt::from(bits as i64)),
        K_BU64 => vm.new_bigint(BigInt::from(bits)),
        K_I8 | K_U8 | K_U8C | K_I16 | K_U16 | K_I32 => Value::int(decode_number(kind, bits) as i32),
        _ => Value::number(decode_number(kind, bits)),
    }
}

/// ToNumber/ToBigInt of `v` followed by the element conversion.
pub fn to_bits(vm: &mut Vm, kind: u8, v: Value) -> JsResult<u64> {
    if is_bigint_kind(kind) {
        if let Some(b) = v.as_bigint() {
            return Ok(bigint_bits(vm.heap.bigint(b)));
        }
        let b = super::bigint::to_bigint(vm, v)?;
        return Ok(bigint_bits(&b));
    }
    if let Some(i) = v.as_int() {
        return Ok(encode_number(kind, i as f64));
    }
    let n = vm.to_number(v)?;
    Ok(encode_number(kind, n))
}

/// Converts raw element bits of kind `from` into bits of kind `to` (same content type).
fn convert_bits(from: u8, to: u8, bits: u64) -> u64 {
    if from == to || (is_bigint_kind(from) && is_bigint_kind(to)) {
        return bits;
    }
    encode_number(to, decode_number(from, bits))
}

// ----- typed array records -----------------------------------------------------------------

/// A snapshot of a typed array's (or DataView's) slots.
#[derive(Clone, Copy)]
pub(crate) struct Ta {
    pub buf: Value,
    pub kind: u8,
    pub offset: usize,
    pub length: Option<usize>,
}

pub(crate) fn ta_of(vm: &Vm, o: ObjId) -> Option<Ta> {
    match &vm.obj(o).kind {
        ObjectKind::TypedArray(t) => Some(Ta {
            buf: t.buffer,
            kind: t.kind,
            offset: t.offset,
            length: t.length,
        }),
        _ => None,
    }
}
pub(crate) fn view_of(vm: &Vm, o: ObjId) -> Option<Ta> {
    match &vm.obj(o).kind {
        ObjectKind::DataView(t) => Some(Ta {
            buf: t.buffer,
            kind: 0,
            offset: t.offset,
            length: t.length,
        }),
        _ => None,
    }
}

/// Element length of a record, `None` when out of bounds or detached
/// (IsTypedArrayOutOfBounds + TypedArrayLength). `size` 1 gives DataView byte lengths.
#[inline]
pub(crate) fn rec_len(vm: &Vm, t: &Ta, size: usize) -> Option<usize> {
    let bl = buffer_len(vm, t.buf)?;
    if t.offset > bl {
        return None;
    }
    match t.length {
        Some(n) => {
            if t.offset.checked_add(n.checked_mul(size)?)? > bl {
                None
            } else {
                Some(n)
            }
        }
        None => Some((bl - t.offset) / size),
    }
}

/// Current length of a typed array object; `None` when out of bounds.
#[inline]
pub(crate) fn ta_len(vm: &Vm, o: ObjId) -> Option<usize> {
    let t = ta_of(vm, o)?;
    rec_len(vm, &t, elem_size(t.kind))
}

/// TypedArrayGetElement with an integral index (`None` when not a valid index).
#[inline]
pub(crate) fn get_element(vm: &mut Vm, o: ObjId, i: usize) -> Option<Value> {
    let t = ta_of(vm, o)?;
    let size = elem_size(t.kind);
    let len = rec_len(vm, &t, size)?;
    if i >= len {
        return None;
    }
    let bits = read_raw(vm, t.buf, t.offset + i * size, size, true)?;
    Some(decode(vm, t.kind, bits))
}

/// Get(O, k) on a typed array (undefined when invalid).
#[inline]
fn get_el(vm: &mut Vm, o: ObjId, i: usize) -> Value {
    get_element(vm, o, i).unwrap_or_default()
}

/// Writes already converted bits if `i` is a valid integer index.
#[inline]
fn put_bits(vm: &mut Vm, o: ObjId, i: f64, bits: u64) {
    let Some(t) = ta_of(vm, o) else { return };
    let size = elem_size(t.kind);
    let Some(len) = rec_len(vm, &t, size) else {
        return;
    };
    if i.fract() != 0.0 || i < 0.0 || (i == 0.0 && i.is_sign_negative()) || i >= len as f64 {
        return;
    }
    write_raw(vm, t.buf, t.offset + i as usize * size, size, bits, true);
}

/// TypedArraySetElement(O, index, value).
pub(crate) fn set_index(vm: &mut Vm, o: ObjId, i: f64, v: Value) -> JsResult<()> {
    let Some(t) = ta_of(vm, o) else { return Ok(()) };
    let bits = to_bits(vm, t.kind, v)?;
    put_bits(vm, o, i, bits);
    Ok(())
}

/// CanonicalNumericIndexString for a property key (`None` = not numeric).
pub fn numeric_index(vm: &Vm, key: PropKey) -> Option<f64> {
    match key {
        PropKey::Index(i) => Some(i as f64),
        PropKey::Sym(_) => None,
        PropKey::Str(s) => {
            let u = vm.str_units(s);
            let first = *u.first()?;
            if !(first == b'-' as u16
                || first == b'I' as u16
                || first == b'N' as u16
                || (b'0' as u16..=b'9' as u16).contains(&first))
            {
                return None;
            }
            if u == [b'-' as u16, b'0' as u16] {
                return Some(-0.0);
            }
            let n = crate::ops::convert::string_to_number(u);
            let back = super::number::number_to_string(n);
            if back.encode_utf16().eq(u.iter().copied()) {
                Some(n)
            } else {
                None
            }
        }
    }
}

/// Whether `key` is a canonical numeric string (for the core's exotic paths).
pub fn is_numeric_key(vm: &Vm, key: PropKey) -> bool {
    match key {
        PropKey::Index(_) => true,
        PropKey::Sym(_) => false,
        PropKey::Str(_) => numeric_index(vm, key).is_some(),
    }
}

/// IsValidIntegerIndex → the index as usize.
fn valid_index(vm: &Vm, o: ObjId, i: f64) -> Option<usize> {
    if i.fract() != 0.0 || i < 0.0 || (i == 0.0 && i.is_sign_negative()) {
        return None;
    }
    let len = ta_len(vm, o)?;
    if i >= len as f64 {
        return None;
    }
    Some(i as usize)
}

// ----- hooks used by the core --------------------------------------------------------------

/// [[GetOwnProperty]] for integer-indexed keys; `None` = not a numeric key.
pub fn get_own_property(vm: &mut Vm, o: ObjId, key: PropKey) -> Option<Option<PropDesc>> {
    let i = numeric_index(vm, key)?;
    let Some(i) = valid_index(vm, o, i) else {
        return Some(None);
    };
    let v = get_el(vm, o, i);
    // Elements of an immutable buffer are non-writable and non-configurable.
    let a = if ta_immutable(vm, o) { attrs::ENUMERABLE } else { attrs::DEFAULT };
    Some(Some(PropDesc::data(v, a)))
}

/// IsImmutableBuffer(O.[[ViewedArrayBuffer]]) for a typed array or DataView.
pub(crate) fn ta_immutable(vm: &Vm, o: ObjId) -> bool {
    match &vm.obj(o).kind {
        ObjectKind::TypedArray(t) | ObjectKind::DataView(t) => is_immutable(vm, t.buffer),
        _ => false,
    }
}

/// [[DefineOwnProperty]] for integer-indexed keys; `None` = not a numeric key.
pub fn define_own_property(
    vm: &mut Vm,
    o: ObjId,
    key: PropKey,
    d: PropDesc,
) -> JsResult<Option<bool>> {
    let Some(i) = numeric_index(vm, key) else {
        return Ok(None);
    };
    let Some(idx) = valid_index(vm, o, i) else {
        return Ok(Some(false));
    };
    let mutable = !ta_immutable(vm, o);
    if d.configurable.is_some_and(|c| c != mutable)
        || d.enumerable == Some(false)
        || d.is_accessor()
        || d.writable.is_some_and(|w| w != mutable)
    {
        return Ok(Some(false));
    }
    if let Some(v) = d.value {
        if !mutable {
            // An immutable element can only be "redefined" to its current value.
            let cur = get_el(vm, o, idx);
            return Ok(Some(crate::ops::convert::same_value(vm, v, cur)));
        }
        set_index(vm, o, i, v)?;
    }
    Ok(Some(true))
}

/// [[Set]] of a numeric key on the typed array itself (the receiver): false for a valid
/// index of an immutable buffer, else TypedArraySetElement (non-numeric keys are ignored).
pub fn set_element(vm: &mut Vm, o: ObjId, key: PropKey, v: Value) -> JsResult<bool> {
    match numeric_index(vm, key) {
        Some(i) => {
            if ta_immutable(vm, o) && valid_index(vm, o, i).is_some() {
                return Ok(false);
            }
            set_index(vm, o, i, v)?;
            Ok(true)
        }
        None => Ok(true),
    }
}

/// Interpreter fast path for `ta[i]` (None = take the generic path).
#[inline]
pub fn fast_get(vm: &mut Vm, o: ObjId, i: u32) -> Option<Value> {
    let t = ta_of(vm, o)?;
    if is_bigint_kind(t.kind) {
        return None;
    }
    Some(get_element(vm, o, i as usize).unwrap_or_default())
}

/// Interpreter fast path for `ta[i] = number` (false = take the generic path).
#[inline]
pub fn fast_set(vm: &mut Vm, o: ObjId, i: u32, v: Value) -> bool {
    let Some(t) = ta_of(vm, o) else { return false };
    let Some(n) = v.as_number() else { return false };
    if is_bigint_kind(t.kind) || is_immutable(vm, t.buf) {
        return false;
    }
    put_bits(vm, o, i as f64, encode_number(t.kind, n));
    true
}

/// The current element count (0 when out of bounds).
pub fn length_of(vm: &Vm, o: ObjId) -> usize {
    ta_len(vm, o).unwrap_or(0)
}

/// IsTypedArrayOutOfBounds (detached counts as out of bounds).
pub fn is_out_of_bounds(vm: &Vm, o: ObjId) -> bool {
    ta_len(vm, o).is_none()
}

/// Not IsTypedArrayFixedLength (extensions cannot be prevented then).
pub fn is_length_tracking_or_resizable(vm: &Vm, o: ObjId) -> bool {
    let Some(t) = ta_of(vm, o) else { return false };
    if t.length.is_none() {
        return true;
    }
    !is_fixed_length(vm, t.buf) && !is_shared(vm, t.buf)
}

/// DetachArrayBuffer (used by the Test262 host and `transfer`).
pub fn detach(vm: &mut Vm, buffer: Value) -> JsResult<Value> {
    match buffer_data_mut(vm, buffer) {
        Some(b) if b.immutable => vm.throw_type("Cannot detach an immutable ArrayBuffer"),
        Some(b) if !b.shared => {
            b.bytes = None;
            Ok(Value::UNDEFINED)
        }
        _ => vm.throw_type("detachArrayBuffer: not an ArrayBuffer"),
    }
}

// ----- intrinsics table ----------------------------------------------------------------------

/// Captures of %TypedArray%: the 12 constructors, then the 12 prototypes.
fn table(vm: &Vm, i: usize) -> Value {
    table_of(vm, &vm.realm, i)
}
/// The table of the realm whose intrinsics are `r`.
fn table_of(vm: &Vm, r: &crate::realm::Intrinsics, i: usize) -> Value {
    match &vm.obj(r.typed_array_ctor).kind {
        ObjectKind::Native(n) => n.captures.get(i).copied().unwrap_or_default(),
        _ => Value::UNDEFINED,
    }
}
/// GetPrototypeFromConstructor(newTarget, the prototype of typed array `kind`).
fn kind_proto_from_ctor(vm: &mut Vm, nt: Value, kind: u8) -> JsResult<Value> {
    vm.proto_from_ctor_in(nt, |vm, r| table_of(vm, r, KINDS + kind as usize).as_object().unwrap_or(r.typed_array_proto))
}
pub(crate) fn kind_ctor(vm: &Vm, kind: u8) -> Value {
    table(vm, kind as usize)
}
pub(crate) fn kind_proto(vm: &Vm, kind: u8) -> ObjId {
    table(vm, KINDS + kind as usize)
        .as_object()
        .unwrap_or(vm.realm.typed_array_proto)
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.typed_array_proto = proto;
    let ctor = vm.new_constructor(
        "TypedArray",
        0,
        |vm, _, _, _| vm.throw_type("Abstract class TypedArray not directly constructable"),
        proto,
    );
    vm.realm.typed_array_ctor = ctor;
    vm.define_method(ctor, "from", 1, ta_from);
    vm.define_method(ctor, "of", 0, ta_of_fn);
    vm.define_species_getter(ctor);

    vm.define_getter(proto, "buffer", get_buffer);
    vm.define_getter(proto, "byteLength", get_byte_length);
    vm.define_getter(proto, "byteOffset", get_byte_offset);
    vm.define_getter(proto, "length", get_length);
    let tag = vm.realm.sym.to_string_tag;
    vm.define_accessor(
        proto,
        PropKey::Sym(tag),
        "[Symbol.toStringTag]",
        Some(get_tag),
        None,
        attrs::CONFIGURABLE,
    );

    vm.define_method(proto, "at", 1, at);
    vm.define_method(proto, "copyWithin", 2, copy_within);
    vm.define_method(proto, "entries", 0, |vm, this, _, _| {
        iter(vm, this, IterKind::Entries)
    });
    vm.define_method(proto, "every", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::Every)
    });
    vm.define_method(proto, "fill", 1, fill);
    vm.define_method(proto, "filter", 1, filter);
    vm.define_method(proto, "find", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::Find)
    });
    vm.define_method(proto, "findIndex", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::FindIndex)
    });
    vm.define_method(proto, "findLast", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::FindLast)
    });
    vm.define_method(proto, "findLastIndex", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::FindLastIndex)
    });
    vm.define_method(proto, "forEach", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::ForEach)
    });
    vm.define_method(proto, "includes", 1, includes);
    vm.define_method(proto, "indexOf", 1, index_of);
    vm.define_method(proto, "join", 1, join);
    vm.define_method(proto, "keys", 0, |vm, this, _, _| {
        iter(vm, this, IterKind::Keys)
    });
    vm.define_method(proto, "lastIndexOf", 1, last_index_of);
    vm.define_method(proto, "map", 1, map);
    vm.define_method(proto, "reduce", 1, |vm, this, a, _| {
        reduce(vm, this, a, false)
    });
    vm.define_method(proto, "reduceRight", 1, |vm, this, a, _| {
        reduce(vm, this, a, true)
    });
    vm.define_method(proto, "reverse", 0, reverse);
    vm.define_method(proto, "set", 1, set);
    vm.define_method(proto, "slice", 2, slice);
    vm.define_method(proto, "some", 1, |vm, this, a, _| {
        predicate(vm, this, a, Pred::Some)
    });
    vm.define_method(proto, "sort", 1, sort);
    vm.define_method(proto, "subarray", 2, subarray);
    vm.define_method(proto, "toLocaleString", 0, to_locale_string);
    vm.define_method(proto, "toReversed", 0, to_reversed);
    vm.define_method(proto, "toSorted", 1, to_sorted);
    let values = vm.define_method(proto, "values", 0, |vm, this, _, _| {
        iter(vm, this, IterKind::Values)
    });
    let it = vm.realm.sym.iterator;
    vm.put(
        proto,
        PropKey::Sym(it),
        Value::object(values),
        attrs::HIDDEN,
    );
    vm.define_method(proto, "with", 2, with);
    // toString is the same function object as Array.prototype.toString.
    let tsk = PropKey::Str(vm.names.to_string);
    let ap = vm.realm.array_proto;
    match vm
        .ordinary_own(ap, tsk)
        .and_then(|d| d.value)
        .filter(|v| v.is_object())
    {
        Some(f) => vm.put(proto, tsk, f, attrs::HIDDEN),
        None => {
            vm.define_method(proto, "toString", 0, array_to_string_fallback);
        }
    }

    // The concrete constructors.
    let mut captures = vec![Value::UNDEFINED; 2 * KINDS];
    for k in 0..KINDS as u8 {
        let p = vm.new_object_with_proto(Value::object(proto));
        let c = vm.new_native_with(
            NAMES[k as usize],
            3,
            concrete_ctor,
            true,
            vec![Value::int(k as i32)],
        );
        let pk = vm.names.prototype;
        vm.put(c, PropKey::Str(pk), Value::object(p), attrs::NONE);
        let ck = vm.names.constructor;
        vm.put(p, PropKey::Str(ck), Value::object(c), attrs::HIDDEN);
        vm.obj_mut(c).proto = Value::object(ctor);
        let bpe = Value::int(elem_size(k) as i32);
        vm.define_value(c, "BYTES_PER_ELEMENT", bpe, attrs::NONE);
        vm.define_value(p, "BYTES_PER_ELEMENT", bpe, attrs::NONE);
        captures[k as usize] = Value::object(c);
        captures[KINDS + k as usize] = Value::object(p);
        vm.define_global(NAMES[k as usize], Value::object(c));
    }
    if let ObjectKind::Native(n) = &mut vm.obj_mut(ctor).kind {
        n.captures = captures;
    }
}

fn array_to_string_fallback(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let jk = PropKey::Str(vm.names.join);
    let f = vm.get(Value::object(o), jk)?;
    if vm.is_callable(f) {
        return vm.call(f, Value::object(o), &[]);
    }
    super::object::object_to_string(vm, Value::object(o), &[], Value::UNDEFINED)
}

// ----- creation --------------------------------------------------------------------------

/// A new typed array object over `buf`.
pub(crate) fn new_ta(
    vm: &mut Vm,
    proto: Value,
    kind: u8,
    buf: Value,
    offset: usize,
    length: Option<usize>,
) -> ObjId {
    let d = TypedArrayData {
        buffer: buf,
        kind,
        offset,
        length,
    };
    vm.alloc(JsObject::new(proto, ObjectKind::TypedArray(Box::new(d))))
}

/// AllocateTypedArray with a length (a fresh %ArrayBuffer%).
pub(crate) fn alloc_ta(vm: &mut Vm, proto: Value, kind: u8, len: usize) -> JsResult<ObjId> {
    let Some(bytes) = len.checked_mul(elem_size(kind)) else {
        return vm.throw_range("Invalid typed array length");
    };
    if bytes > MAX_BYTES {
        return vm.throw_range(&format!("Invalid typed array length: {len}"));
    }
    let abp = Value::object(vm.realm.array_buffer_proto);
    let buf = alloc_buffer(vm, abp, bytes, None, false)?;
    Ok(new_ta(vm, proto, kind, Value::object(buf), 0, Some(len)))
}

fn concrete_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let kind = vm.capture(0).as_int().unwrap_or(0) as u8;
    if nt.is_undefined() {
        return vm.throw_type(&format!(
            "Constructor {} requires 'new'",
            NAMES[kind as usize % KINDS]
        ));
    }
    let first = arg(args, 0);
    let Some(f) = first.as_object() else {
        let len = if args.is_empty() {
            0
        } else {
            vm.to_index(first)?
        };
        let proto = kind_proto_from_ctor(vm, nt, kind)?;
        return Ok(Value::object(alloc_ta(vm, proto, kind, len)?));
    };
    let proto = kind_proto_from_ctor(vm, nt, kind)?;
    vm.root(proto);
    if let Some(src) = ta_of(vm, f) {
        // InitializeTypedArrayFromTypedArray
        let Some(len) = rec_len(vm, &src, elem_size(src.kind)) else {
            return vm.throw_type("Cannot construct from a detached or out-of-bounds typed array");
        };
        if is_bigint_kind(src.kind) != is_bigint_kind(kind) {
            // AllocateArrayBuffer runs first (it may throw a RangeError).
            let _ = alloc_ta(vm, proto, kind, len)?;
            return vm.throw_type("Cannot mix BigInt and other types");
        }
        let o = alloc_ta(vm, proto, kind, len)?;
        let dst = ta_of(vm, o).map(|t| t.buf).unwrap_or_default();
        if src.kind == kind {
            copy_bytes(vm, src.buf, src.offset, dst, 0, len * elem_size(kind));
        } else {
            let (ss, ds) = (elem_size(src.kind), elem_size(kind));
            for i in 0..len {
                let bits = read_raw(vm, src.buf, src.offset + i * ss, ss, true).unwrap_or(0);
                write_raw(
                    vm,
                    dst,
                    i * ds,
                    ds,
                    convert_bits(src.kind, kind, bits),
                    true,
                );
            }
        }
        return Ok(Value::object(o));
    }
    if buffer_data(vm, first).is_some() {
        // InitializeTypedArrayFromArrayBuffer
        let size = elem_size(kind);
        let offset = vm.to_index(arg(args, 1))?;
        if offset % size != 0 {
            return vm.throw_range(&format!(
                "start offset of {} should be a multiple of {size}",
                NAMES[kind as usize]
            ));
        }
        let fixed = is_fixed_length(vm, first);
        let length = arg(args, 2);
        let new_len = if length.is_undefined() {
            None
        } else {
            Some(vm.to_index(length)?)
        };
        let Some(bl) = buffer_len(vm, first) else {
            return vm.throw_type("Cannot construct a typed array on a detached ArrayBuffer");
        };
        let len = match new_len {
            None if !fixed => {
                if offset > bl {
                    return vm.throw_range(&format!(
                        "Start offset {offset} is outside the bounds of the buffer"
                    ));
                }
                None
            }
            None => {
                if bl % size != 0 {
                    return vm.throw_range(&format!(
                        "byte length of {} should be a multiple of {size}",
                        NAMES[kind as usize]
                    ));
                }
                if offset > bl {
                    return vm.throw_range(&format!(
                        "Start offset {offset} is outside the bounds of the buffer"
                    ));
                }
                Some((bl - offset) / size)
            }
            Some(n) => {
                if n.checked_mul(size)
                    .and_then(|b| b.checked_add(offset))
                    .is_none_or(|e| e > bl)
                {
                    return vm.throw_range(&format!("Invalid typed array length: {n}"));
                }
                Some(n)
            }
        };
        return Ok(Value::object(new_ta(vm, proto, kind, first, offset, len)));
    }
    // An iterable or array-like object.
    let it_sym = vm.realm.sym.iterator;
    if let Some(m) = vm.get_method(first, PropKey::Sym(it_sym))? {
        let values = iterate_to_list(vm, first, m)?;
        let o = alloc_ta(vm, proto, kind, values.len())?;
        vm.root(Value::object(o));
        for (k, v) in values.into_iter().enumerate() {
            set_index(vm, o, k as f64, v)?;
        }
        return Ok(Value::object(o));
    }
    let len = vm.length_of(first)?;
    if len > (MAX_BYTES / elem_size(kind)) as f64 {
        return vm.throw_range(&format!("Invalid typed array length: {len}"));
    }
    let o = alloc_ta(vm, proto, kind, len as usize)?;
    vm.root(Value::object(o));
    for k in 0..len as usize {
        let v = vm.get_index(first, k as u64)?;
        set_index(vm, o, k as f64, v)?;
    }
    Ok(Value::object(o))
}

/// IteratorToList(GetIteratorFromMethod(obj, method)); every value is rooted.
fn iterate_to_list(vm: &mut Vm, obj: Value, method: Value) -> JsResult<Vec<Value>> {
    let it = vm.call(method, obj, &[])?;
    if !it.is_object() {
        return vm.throw_type("Result of the Symbol.iterator method is not an object");
    }
    vm.root(it);
    let nk = PropKey::Str(vm.names.next);
    let next = vm.get(it, nk)?;
    vm.root(next);
    let mut out = Vec::new();
    while let Some(v) = vm.iter_step(it, next)? {
        vm.root(v);
        out.push(v);
    }
    Ok(out)
}

/// TypedArrayCreateFromConstructor: construct and validate (with the length check);
/// `write` when the caller will write into the result (ValidateTypedArray ~write~).
fn create_from_ctor(vm: &mut Vm, c: Value, args: &[Value], write: bool) -> JsResult<ObjId> {
    let r = vm.construct(c, args, c)?;
    let Some(o) = r.as_object().filter(|&o| ta_of(vm, o).is_some()) else {
        return vm.throw_type("The constructor did not return a typed array");
    };
    if write && ta_immutable(vm, o) {
        return vm.throw_type("The constructor returned a typed array backed by an immutable ArrayBuffer");
    }
    let Some(len) = ta_len(vm, o) else {
        return vm.throw_type("The constructor returned a detached or out-of-bounds typed array");
    };
    if args.len() == 1 {
        if let Some(n) = args[0].as_number() {
            if (len as f64) < n {
                return vm.throw_type("The constructed typed array is too short");
            }
        }
    }
    Ok(o)
}

/// TypedArraySpeciesCreate(exemplar, args).
fn species_create(vm: &mut Vm, exemplar: ObjId, args: &[Value], write: bool) -> JsResult<ObjId> {
    let kind = ta_of(vm, exemplar).map(|t| t.kind).unwrap_or(0);
    let default = kind_ctor(vm, kind);
    let c = vm.species_constructor(Value::object(exemplar), default)?;
    let r = create_from_ctor(vm, c, args, write)?;
    let rk = ta_of(vm, r).map(|t| t.kind).unwrap_or(0);
    if is_bigint_kind(rk) != is_bigint_kind(kind) {
        return vm.throw_type("Content type of the species-created typed array does not match");
    }
    Ok(r)
}

/// TypedArrayCreateSameType(exemplar, «len»).
fn create_same_type(vm: &mut Vm, kind: u8, len: usize) -> JsResult<ObjId> {
    let p = Value::object(kind_proto(vm, kind));
    alloc_ta(vm, p, kind, len)
}

// ----- %TypedArray% statics ----------------------------------------------------------------

fn ta_from(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let c = this;
    if !vm.is_constructor(c) {
        return vm.throw_type("TypedArray.from: this is not a constructor");
    }
    let mapfn = arg(a, 1);
    let this_arg = arg(a, 2);
    let mapping = !mapfn.is_undefined();
    if mapping && !vm.is_callable(mapfn) {
        return vm.throw_type("TypedArray.from: the mapping function is not callable");
    }
    let source = arg(a, 0);
    let it_sym = vm.realm.sym.iterator;
    if let Some(m) = vm.get_method(source, PropKey::Sym(it_sym))? {
        let values = iterate_to_list(vm, source, m)?;
        let len = values.len();
        let t = create_from_ctor(vm, c, &[Value::number(len as f64)], true)?;
        vm.root(Value::object(t));
        for (k, v) in values.into_iter().enumerate() {
            let mv = if mapping {
                vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
            } else {
                v
            };
            set_ta_generic(vm, t, k, mv)?;
        }
        return Ok(Value::object(t));
    }
    let al = vm.to_object(source)?;
    vm.root(Value::object(al));
    let len = vm.length_of(Value::object(al))?;
    let t = create_from_ctor(vm, c, &[Value::number(len)], true)?;
    vm.root(Value::object(t));
    for k in 0..len as u64 {
        let v = vm.get_index(Value::object(al), k)?;
        let mv = if mapping {
            vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
        } else {
            v
        };
        set_ta_generic(vm, t, k as usize, mv)?;
    }
    Ok(Value::object(t))
}

/// Set(O, k, v, true) where O is a validated typed array.
fn set_ta_generic(vm: &mut Vm, o: ObjId, k: usize, v: Value) -> JsResult<()> {
    set_index(vm, o, k as f64, v)
}

fn ta_of_fn(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return vm.throw_type("TypedArray.of: this is not a constructor");
    }
    let t = create_from_ctor(vm, this, &[Value::number(a.len() as f64)], true)?;
    vm.root(Value::object(t));
    for (k, &v) in a.iter().enumerate() {
        set_ta_generic(vm, t, k, v)?;
    }
    Ok(Value::object(t))
}

// ----- %TypedArray%.prototype --------------------------------------------------------------

/// ValidateTypedArray: (object, kind, current length).
fn validate(vm: &mut Vm, this: Value) -> JsResult<(ObjId, u8, usize)> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("this is not a typed array");
    };
    let Some(t) = ta_of(vm, o) else {
        return vm.throw_type("this is not a typed array");
    };
    let Some(len) = rec_len(vm, &t, elem_size(t.kind)) else {
        return vm.throw_type(
            "Cannot perform this operation on a detached or out-of-bounds typed array",
        );
    };
    Ok((o, t.kind, len))
}

/// ValidateTypedArray(O, seq-cst, ~write~): also refuses immutable buffers, before any
/// argument is read.
fn validate_write(vm: &mut Vm, this: Value) -> JsResult<(ObjId, u8, usize)> {
    if let Some(o) = this.as_object() {
        if ta_of(vm, o).is_some() && ta_immutable(vm, o) {
            return vm.throw_type("Cannot modify a typed array backed by an immutable ArrayBuffer");
        }
    }
    validate(vm, this)
}

fn require_ta(vm: &mut Vm, this: Value) -> JsResult<(ObjId, Ta)> {
    if let Some(o) = this.as_object() {
        if let Some(t) = ta_of(vm, o) {
            return Ok((o, t));
        }
    }
    vm.throw_type("this is not a typed array")
}

fn get_buffer(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = require_ta(vm, this)?;
    Ok(t.buf)
}
fn get_byte_length(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = require_ta(vm, this)?;
    let n = rec_len(vm, &t, elem_size(t.kind)).unwrap_or(0) * elem_size(t.kind);
    Ok(Value::number(n as f64))
}
fn get_byte_offset(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = require_ta(vm, this)?;
    if rec_len(vm, &t, elem_size(t.kind)).is_none() {
        return Ok(Value::int(0));
    }
    Ok(Value::number(t.offset as f64))
}
fn get_length(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (_, t) = require_ta(vm, this)?;
    Ok(Value::number(
        rec_len(vm, &t, elem_size(t.kind)).unwrap_or(0) as f64,
    ))
}
fn get_tag(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    match this.as_object().and_then(|o| ta_of(vm, o)) {
        Some(t) => Ok(vm.new_string(NAMES[t.kind as usize % KINDS])),
        None => Ok(Value::UNDEFINED),
    }
}

fn iter(vm: &mut Vm, this: Value, kind: IterKind) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this)?;
    Ok(super::iterator::create_array_iterator(
        vm,
        Value::object(o),
        kind,
    ))
}

/// Relative index resolution (start/end arguments) clamped to [0, len].
fn relative(vm: &mut Vm, v: Value, len: usize, default: f64) -> JsResult<usize> {
    let r = if v.is_undefined() {
        default
    } else {
        vm.to_integer_or_infinity(v)?
    };
    let l = len as f64;
    Ok(if r < 0.0 { (l + r).max(0.0) } else { r.min(l) } as usize)
}

fn at(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let r = vm.to_integer_or_infinity(arg(a, 0))?;
    let k = if r >= 0.0 { r } else { len as f64 + r };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(get_el(vm, o, k as usize))
}

fn copy_within(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate_write(vm, this)?;
    let to = relative(vm, arg(a, 0), len, 0.0)?;
    let from = relative(vm, arg(a, 1), len, 0.0)?;
    let fin = relative(vm, arg(a, 2), len, len as f64)?;
    let count = fin.saturating_sub(from).min(len - to);
    if count > 0 {
        let Some(len) = ta_len(vm, o) else {
            return vm.throw_type(
                "Cannot perform copyWithin on a detached or out-of-bounds typed array",
            );
        };
        let Some(t) = ta_of(vm, o) else {
            return Ok(this);
        };
        let size = elem_size(kind);
        let count = count
            .min(len.saturating_sub(from))
            .min(len.saturating_sub(to));
        copy_bytes(
            vm,
            t.buf,
            t.offset + from * size,
            t.buf,
            t.offset + to * size,
            count * size,
        );
    }
    Ok(this)
}

#[derive(Clone, Copy, PartialEq)]
enum Pred {
    Every,
    Some,
    Find,
    FindIndex,
    FindLast,
    FindLastIndex,
    ForEach,
}

fn predicate(vm: &mut Vm, this: Value, a: &[Value], p: Pred) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let f = arg(a, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("callback is not a function");
    }
    let t = arg(a, 1);
    let reverse = matches!(p, Pred::FindLast | Pred::FindLastIndex);
    for j in 0..len {
        let k = if reverse { len - 1 - j } else { j };
        let v = get_el(vm, o, k);
        let r = vm.call(f, t, &[v, Value::number(k as f64), Value::object(o)])?;
        let b = crate::ops::convert::to_boolean(vm, r);
        match p {
            Pred::Every if !b => return Ok(Value::FALSE),
            Pred::Some if b => return Ok(Value::TRUE),
            Pred::Find | Pred::FindLast if b => return Ok(v),
            Pred::FindIndex | Pred::FindLastIndex if b => return Ok(Value::number(k as f64)),
            _ => {}
        }
    }
    Ok(match p {
        Pred::Every => Value::TRUE,
        Pred::Some => Value::FALSE,
        Pred::FindIndex | Pred::FindLastIndex => Value::int(-1),
        _ => Value::UNDEFINED,
    })
}

fn fill(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate_write(vm, this)?;
    let bits = to_bits(vm, kind, arg(a, 0))?;
    let k = relative(vm, arg(a, 1), len, 0.0)?;
    let fin = relative(vm, arg(a, 2), len, len as f64)?;
    let Some(len) = ta_len(vm, o) else {
        return vm.throw_type("Cannot perform fill on a detached or out-of-bounds typed array");
    };
    let fin = fin.min(len);
    let Some(t) = ta_of(vm, o) else {
        return Ok(this);
    };
    let size = elem_size(kind);
    let bytes = bits.to_le_bytes();
    if let Some(b) = buffer_data_mut(vm, t.buf).and_then(|b| b.bytes.as_mut()) {
        for i in k..fin {
            let at = t.offset + i * size;
            if let Some(d) = b.get_mut(at..at + size) {
                d.copy_from_slice(&bytes[..size]);
            }
        }
    }
    Ok(this)
}

fn filter(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let f = arg(a, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("callback is not a function");
    }
    let t = arg(a, 1);
    let mut kept = Vec::new();
    for k in 0..len {
        let v = get_el(vm, o, k);
        vm.root(v);
        let r = vm.call(f, t, &[v, Value::number(k as f64), Value::object(o)])?;
        if crate::ops::convert::to_boolean(vm, r) {
            kept.push(v);
        }
    }
    let r = species_create(vm, o, &[Value::number(kept.len() as f64)], true)?;
    for (n, v) in kept.into_iter().enumerate() {
        set_ta_generic(vm, r, n, v)?;
    }
    Ok(Value::object(r))
}

fn includes(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer_or_infinity(arg(a, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::FALSE);
    }
    let start = if n >= 0.0 {
        n
    } else {
        (len as f64 + n).max(0.0)
    } as usize;
    let target = arg(a, 0);
    for k in start..len {
        let v = get_el(vm, o, k);
        if same_value_zero(vm, v, target) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer_or_infinity(arg(a, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 {
        n
    } else {
        (len as f64 + n).max(0.0)
    } as usize;
    let target = arg(a, 0);
    for k in start..len {
        if let Some(v) = get_element(vm, o, k) {
            if strict_equals(vm, v, target) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if a.len() > 1 {
        vm.to_integer_or_infinity(a[1])?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let target = arg(a, 0);
    let mut k = k as i64;
    while k >= 0 {
        if let Some(v) = get_element(vm, o, k as usize) {
            if strict_equals(vm, v, target) {
                return Ok(Value::number(k as f64));
            }
        }
        k -= 1;
    }
    Ok(Value::int(-1))
}

fn join(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let sep: Vec<u16> = if arg(a, 0).is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_units(arg(a, 0))?
    };
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        let v = get_el(vm, o, k);
        if !v.is_undefined() {
            let s = vm.to_units(v)?;
            out.extend_from_slice(&s);
        }
    }
    Ok(vm.new_string_units(out))
}

fn map(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let f = arg(a, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("callback is not a function");
    }
    let t = arg(a, 1);
    let r = species_create(vm, o, &[Value::number(len as f64)], true)?;
    vm.root(Value::object(r));
    for k in 0..len {
        let v = get_el(vm, o, k);
        let m = vm.call(f, t, &[v, Value::number(k as f64), Value::object(o)])?;
        set_ta_generic(vm, r, k, m)?;
    }
    Ok(Value::object(r))
}

fn reduce(vm: &mut Vm, this: Value, a: &[Value], right: bool) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let f = arg(a, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("callback is not a function");
    }
    if len == 0 && a.len() < 2 {
        return vm.throw_type("Reduce of empty array with no initial value");
    }
    let mut j = 0;
    let mut acc = if a.len() >= 2 {
        a[1]
    } else {
        j = 1;
        get_el(vm, o, if right { len - 1 } else { 0 })
    };
    while j < len {
        let k = if right { len - 1 - j } else { j };
        let v = get_el(vm, o, k);
        vm.root(acc);
        acc = vm.call(
            f,
            Value::UNDEFINED,
            &[acc, v, Value::number(k as f64), Value::object(o)],
        )?;
        j += 1;
    }
    Ok(acc)
}

fn reverse(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate_write(vm, this)?;
    let Some(t) = ta_of(vm, o) else {
        return Ok(this);
    };
    let size = elem_size(kind);
    if let Some(b) = buffer_data_mut(vm, t.buf).and_then(|b| b.bytes.as_mut()) {
        if let Some(s) = b.get_mut(t.offset..t.offset + len * size) {
            s.reverse();
            for c in s.chunks_mut(size) {
                c.reverse();
            }
        }
    }
    Ok(this)
}

fn set(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, t) = require_ta(vm, this)?;
    if is_immutable(vm, t.buf) {
        return vm.throw_type("Cannot modify a typed array backed by an immutable ArrayBuffer");
    }
    let off = vm.to_integer_or_infinity(arg(a, 1))?;
    if off < 0.0 {
        return vm.throw_range("offset is out of bounds");
    }
    let source = arg(a, 0);
    let tsize = elem_size(t.kind);
    if let Some(src_o) = source.as_object() {
        if let Some(s) = ta_of(vm, src_o) {
            // SetTypedArrayFromTypedArray
            let Some(tlen) = rec_len(vm, &t, tsize) else {
                return vm.throw_type("Target typed array is detached or out of bounds");
            };
            let ssize = elem_size(s.kind);
            let Some(slen) = rec_len(vm, &s, ssize) else {
                return vm.throw_type("Source typed array is detached or out of bounds");
            };
            if off == f64::INFINITY || slen as f64 + off > tlen as f64 {
                return vm.throw_range("offset is out of bounds");
            }
            if is_bigint_kind(t.kind) != is_bigint_kind(s.kind) {
                return vm.throw_type("Cannot mix BigInt and other types");
            }
            let off = off as usize;
            let tidx = t.offset + off * tsize;
            if s.kind == t.kind {
                copy_bytes(vm, s.buf, s.offset, t.buf, tidx, slen * ssize);
            } else {
                // Read everything first: the buffers may overlap.
                let mut vals = Vec::with_capacity(slen);
                for i in 0..slen {
                    vals.push(read_raw(vm, s.buf, s.offset + i * ssize, ssize, true).unwrap_or(0));
                }
                for (i, bits) in vals.into_iter().enumerate() {
                    write_raw(
                        vm,
                        t.buf,
                        tidx + i * tsize,
                        tsize,
                        convert_bits(s.kind, t.kind, bits),
                        true,
                    );
                }
            }
            return Ok(Value::UNDEFINED);
        }
    }
    // SetTypedArrayFromArrayLike
    let Some(tlen) = rec_len(vm, &t, tsize) else {
        return vm.throw_type("Target typed array is detached or out of bounds");
    };
    let src = vm.to_object(source)?;
    vm.root(Value::object(src));
    let slen = vm.length_of(Value::object(src))?;
    if off == f64::INFINITY || slen + off > tlen as f64 {
        return vm.throw_range("offset is out of bounds");
    }
    for k in 0..slen as u64 {
        let v = vm.get_index(Value::object(src), k)?;
        set_index(vm, o, off + k as f64, v)?;
    }
    Ok(Value::UNDEFINED)
}

fn slice(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate(vm, this)?;
    let start = relative(vm, arg(a, 0), len, 0.0)?;
    let end = relative(vm, arg(a, 1), len, len as f64)?;
    let count = end.saturating_sub(start);
    let r = species_create(vm, o, &[Value::number(count as f64)], true)?;
    if count > 0 {
        let Some(len) = ta_len(vm, o) else {
            return vm
                .throw_type("Cannot perform slice on a detached or out-of-bounds typed array");
        };
        let end = end.min(len);
        let count = end.saturating_sub(start);
        let rt =
            ta_of(vm, r)
                .map(|t| (t.kind, t.buf, t.offset))
                .unwrap_or((kind, Value::UNDEFINED, 0));
        let st = ta_of(vm, o)
            .map(|t| (t.buf, t.offset))
            .unwrap_or((Value::UNDEFINED, 0));
        if rt.0 == kind {
            let size = elem_size(kind);
            let src_at = st.1 + start * size;
            let n = count * size;
            let rlen = buffer_len(vm, rt.1).unwrap_or(0);
            let slen = buffer_len(vm, st.0).unwrap_or(0);
            // Byte-by-byte, as the spec does (the buffers may be the same).
            for i in 0..n {
                if src_at + i >= slen || rt.2 + i >= rlen {
                    break;
                }
                let b = read_raw(vm, st.0, src_at + i, 1, true).unwrap_or(0);
                write_raw(vm, rt.1, rt.2 + i, 1, b, true);
            }
        } else {
            for (n, k) in (start..start + count).enumerate() {
                let v = get_el(vm, o, k);
                set_ta_generic(vm, r, n, v)?;
            }
        }
    }
    Ok(Value::object(r))
}

/// Stable merge sort with a fallible comparator (`cmp(a, b)` > 0 means a after b).
fn merge_sort(
    vm: &mut Vm,
    v: &mut Vec<Value>,
    cmp: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<f64>,
) -> JsResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let mut buf = v.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < hi {
                if cmp(vm, v[l], v[r])? > 0.0 {
                    buf[k] = v[r];
                    r += 1;
                } else {
                    buf[k] = v[l];
                    l += 1;
                }
                k += 1;
            }
            while l < mid {
                buf[k] = v[l];
                l += 1;
                k += 1;
            }
            while r < hi {
                buf[k] = v[r];
                r += 1;
                k += 1;
            }
            i += 2 * width;
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
    }
    Ok(())
}

fn numeric_compare(vm: &Vm, x: Value, y: Value) -> f64 {
    if let (Some(a), Some(b)) = (x.as_bigint(), y.as_bigint()) {
        return match vm.heap.bigint(a).cmp(vm.heap.bigint(b)) {
            Ordering::Less => -1.0,
            Ordering::Equal => 0.0,
            Ordering::Greater => 1.0,
        };
    }
    let (a, b) = (
        x.as_number().unwrap_or(f64::NAN),
        y.as_number().unwrap_or(f64::NAN),
    );
    if a.is_nan() {
        return if b.is_nan() { 0.0 } else { 1.0 };
    }
    if b.is_nan() {
        return -1.0;
    }
    if a < b {
        return -1.0;
    }
    if a > b {
        return 1.0;
    }
    if a == 0.0 && b == 0.0 {
        return match (a.is_sign_negative(), b.is_sign_negative()) {
            (true, false) => -1.0,
            (false, true) => 1.0,
            _ => 0.0,
        };
    }
    0.0
}

/// Reads all elements and sorts them with SortCompare.
fn sorted_values(vm: &mut Vm, o: ObjId, len: usize, cmpfn: Value) -> JsResult<Vec<Value>> {
    let mut vals = Vec::with_capacity(len);
    for k in 0..len {
        let v = get_el(vm, o, k);
        if v.is_bigint() {
            vm.root(v);
        }
        vals.push(v);
    }
    if cmpfn.is_undefined() {
        merge_sort(vm, &mut vals, &mut |vm, x, y| Ok(numeric_compare(vm, x, y)))?;
    } else {
        merge_sort(vm, &mut vals, &mut |vm, x, y| {
            let r = vm.call(cmpfn, Value::UNDEFINED, &[x, y])?;
            let n = vm.to_number(r)?;
            Ok(if n.is_nan() { 0.0 } else { n })
        })?;
    }
    Ok(vals)
}

fn sort(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let cmpfn = arg(a, 0);
    if !cmpfn.is_undefined() && !vm.is_callable(cmpfn) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let (o, _, len) = validate_write(vm, this)?;
    let vals = sorted_values(vm, o, len, cmpfn)?;
    for (k, v) in vals.into_iter().enumerate() {
        set_ta_generic(vm, o, k, v)?;
    }
    Ok(this)
}

fn to_sorted(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let cmpfn = arg(a, 0);
    if !cmpfn.is_undefined() && !vm.is_callable(cmpfn) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let (o, kind, len) = validate(vm, this)?;
    let r = create_same_type(vm, kind, len)?;
    vm.root(Value::object(r));
    let vals = sorted_values(vm, o, len, cmpfn)?;
    for (k, v) in vals.into_iter().enumerate() {
        set_ta_generic(vm, r, k, v)?;
    }
    Ok(Value::object(r))
}

fn subarray(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, t) = require_ta(vm, this)?;
    let size = elem_size(t.kind);
    let src_len = rec_len(vm, &t, size).unwrap_or(0);
    let start = relative(vm, arg(a, 0), src_len, 0.0)?;
    let begin = t.offset + start * size;
    let end_arg = arg(a, 1);
    let args: Vec<Value> = if t.length.is_none() && end_arg.is_undefined() {
        vec![t.buf, Value::number(begin as f64)]
    } else {
        let end = relative(vm, end_arg, src_len, src_len as f64)?;
        let n = end.saturating_sub(start);
        vec![t.buf, Value::number(begin as f64), Value::number(n as f64)]
    };
    let r = species_create(vm, o, &args, false)?;
    Ok(Value::object(r))
}

fn to_locale_string(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this)?;
    let mut out: Vec<u16> = Vec::new();
    let tls = vm.key_str("toLocaleString");
    for k in 0..len {
        if k > 0 {
            out.push(b',' as u16);
        }
        let v = get_el(vm, o, k);
        vm.root(v);
        if !v.is_nullish() {
            let f = vm.get(v, tls)?;
            if !vm.is_callable(f) {
                return vm.throw_type("toLocaleString is not a function");
            }
            let r = vm.call(f, v, &[])?;
            let s = vm.to_units(r)?;
            out.extend_from_slice(&s);
        }
    }
    Ok(vm.new_string_units(out))
}

fn to_reversed(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate(vm, this)?;
    let r = create_same_type(vm, kind, len)?;
    let size = elem_size(kind);
    let (Some(s), Some(d)) = (ta_of(vm, o), ta_of(vm, r)) else {
        return Ok(Value::object(r));
    };
    for k in 0..len {
        let bits = read_raw(vm, s.buf, s.offset + (len - 1 - k) * size, size, true).unwrap_or(0);
        write_raw(vm, d.buf, d.offset + k * size, size, bits, true);
    }
    Ok(Value::object(r))
}

fn with(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let (o, kind, len) = validate(vm, this)?;
    let rel = vm.to_integer_or_infinity(arg(a, 0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    let bits = to_bits(vm, kind, arg(a, 1))?;
    if valid_index(vm, o, actual).is_none() {
        return vm.throw_range("Invalid typed array index");
    }
    let r = create_same_type(vm, kind, len)?;
    let size = elem_size(kind);
    let (Some(s), Some(d)) = (ta_of(vm, o), ta_of(vm, r)) else {
        return Ok(Value::object(r));
    };
    let cur = rec_len(vm, &s, size).unwrap_or(0);
    for k in 0..len {
        let b = if k as f64 == actual {
            bits
        } else if k < cur {
            read_raw(vm, s.buf, s.offset + k * size, size, true).unwrap_or(0)
        } else if is_bigint_kind(kind) {
            return vm.throw_type("Cannot convert undefined to a BigInt");
        } else if kind == K_F16 {
            0x7e00
        } else if kind == K_F32 {
            f32::NAN.to_bits() as u64
        } else if kind == K_F64 {
            f64::NAN.to_bits()
        } else {
            0
        };
        write_raw(vm, d.buf, d.offset + k * size, size, b, true);
    }
    Ok(Value::object(r))
}
