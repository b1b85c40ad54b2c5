//! Uint8Array base64/hex (`fromBase64`, `fromHex`, `toBase64`, `toHex`,
//! `setFromBase64`, `setFromHex`).

use super::arg;
use super::typed_array::{
    alloc_ta, buffer_data, buffer_data_mut, kind_ctor, kind_proto, rec_len, ta_of, K_U8,
};
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Loose,
    Strict,
    StopBeforePartial,
}

pub fn init(vm: &mut Vm) {
    let Some(ctor) = kind_ctor(vm, K_U8).as_object() else {
        return;
    };
    let proto = kind_proto(vm, K_U8);
    vm.define_method(ctor, "fromBase64", 1, from_base64);
    vm.define_method(ctor, "fromHex", 1, from_hex);
    vm.define_method(proto, "toBase64", 0, to_base64);
    vm.define_method(proto, "toHex", 0, to_hex);
    vm.define_method(proto, "setFromBase64", 1, set_from_base64);
    vm.define_method(proto, "setFromHex", 1, set_from_hex);
}

/// ValidateUint8Array, then (for setFromBase64/setFromHex) refuse immutable buffers
/// before any argument is read.
fn validate_u8_write(vm: &mut Vm, this: Value) -> JsResult<ObjId> {
    let o = validate_u8(vm, this)?;
    if super::typed_array::ta_immutable(vm, o) {
        return vm.throw_type("Cannot write into a Uint8Array backed by an immutable ArrayBuffer");
    }
    Ok(o)
}

/// ValidateUint8Array.
fn validate_u8(vm: &mut Vm, this: Value) -> JsResult<ObjId> {
    match this.as_object() {
        Some(o) if ta_of(vm, o).is_some_and(|t| t.kind == K_U8) => Ok(o),
        _ => vm.throw_type("this is not a Uint8Array"),
    }
}

/// GetUint8ArrayBytes.
fn bytes_of(vm: &mut Vm, o: ObjId) -> JsResult<Vec<u8>> {
    let Some(t) = ta_of(vm, o) else {
        return vm.throw_type("this is not a Uint8Array");
    };
    let Some(len) = rec_len(vm, &t, 1) else {
        return vm.throw_type("Uint8Array is detached or out of bounds");
    };
    let b = buffer_data(vm, t.buf)
        .and_then(|d| d.bytes.as_ref())
        .and_then(|b| b.get(t.offset..t.offset + len));
    Ok(b.map(|s| s.to_vec()).unwrap_or_default())
}

fn options(vm: &mut Vm, v: Value) -> JsResult<Value> {
    if v.is_undefined() {
        return Ok(Value::UNDEFINED);
    }
    if !v.is_object() {
        return vm.throw_type("options must be an object");
    }
    Ok(v)
}

fn opt_get(vm: &mut Vm, opts: Value, name: &str) -> JsResult<Value> {
    if opts.is_undefined() {
        return Ok(Value::UNDEFINED);
    }
    vm.get_str(opts, name)
}

fn alphabet(vm: &mut Vm, opts: Value) -> JsResult<bool> {
    let a = opt_get(vm, opts, "alphabet")?;
    if a.is_undefined() {
        return Ok(false);
    }
    if a.is_string() {
        match vm.string_lossy(a).as_str() {
            "base64" => return Ok(false),
            "base64url" => return Ok(true),
            _ => {}
        }
    }
    vm.throw_type("alphabet must be \"base64\" or \"base64url\"")
}

fn last_chunk(vm: &mut Vm, opts: Value) -> JsResult<Last> {
    let a = opt_get(vm, opts, "lastChunkHandling")?;
    if a.is_undefined() {
        return Ok(Last::Loose);
    }
    if a.is_string() {
        match vm.string_lossy(a).as_str() {
            "loose" => return Ok(Last::Loose),
            "strict" => return Ok(Last::Strict),
            "stop-before-partial" => return Ok(Last::StopBeforePartial),
            _ => {}
        }
    }
    vm.throw_type("lastChunkHandling must be \"loose\", \"strict\" or \"stop-before-partial\"")
}

fn is_ws(u: u16) -> bool {
    matches!(u, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

fn b64_value(u: u16) -> Option<u32> {
    let c = u8::try_from(u).ok()?;
    STD.iter().position(|&x| x == c).map(|p| p as u32)
}

/// DecodeBase64Chunk: false when strict extra bits are set.
fn decode_chunk(chunk: &[u32], strict: bool, out: &mut Vec<u8>) -> bool {
    let mut c = chunk.to_vec();
    let n = c.len();
    while c.len() < 4 {
        c.push(0);
    }
    let v = (c[0] << 18) | (c[1] << 12) | (c[2] << 6) | c[3];
    let b = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
    match n {
        2 => {
            if strict && b[1] != 0 {
                return false;
            }
            out.push(b[0]);
        }
        3 => {
            if strict && b[2] != 0 {
                return false;
            }
            out.extend_from_slice(&b[..2]);
        }
        _ => out.extend_from_slice(&b),
    }
    true
}

/// FromBase64: (read, bytes, error?).
fn from_base64_impl(s: &[u16], url: bool, last: Last, max: usize) -> (usize, Vec<u8>, bool) {
    let mut bytes = Vec::new();
    if max == 0 {
        return (0, bytes, false);
    }
    let mut read = 0;
    let mut chunk: Vec<u32> = Vec::with_capacity(4);
    let len = s.len();
    let mut i = 0;
    let skip = |mut i: usize| {
        while i < len && is_ws(s[i]) {
            i += 1;
        }
        i
    };
    loop {
        i = skip(i);
        if i == len {
            if !chunk.is_empty() {
                match last {
                    Last::StopBeforePartial => return (read, bytes, false),
                    Last::Loose => {
                        if chunk.len() == 1 {
                            return (read, bytes, true);
                        }
                        decode_chunk(&chunk, false, &mut bytes);
                    }
                    Last::Strict => return (read, bytes, true),
                }
            }
            return (len, bytes, false);
        }
        let mut c = s[i];
        i += 1;
        if c == b'=' as u16 {
            if chunk.len() < 2 {
                return (read, bytes, true);
            }
            i = skip(i);
            if chunk.len() == 2 {
                if i == len {
                    if last == Last::StopBeforePartial {
                        return (read, bytes, false);
                    }
                    return (read, bytes, true);
                }
                if s[i] == b'=' as u16 {
                    i = skip(i + 1);
                }
            }
            if i < len {
                return (read, bytes, true);
            }
            if !decode_chunk(&chunk, last == Last::Strict, &mut bytes) {
                return (read, bytes, true);
            }
            return (len, bytes, false);
        }
        if url {
            if c == b'+' as u16 || c == b'/' as u16 {
                return (read, bytes, true);
            }
            if c == b'-' as u16 {
                c = b'+' as u16;
            } else if c == b'_' as u16 {
                c = b'/' as u16;
            }
        }
        let Some(v) = b64_value(c) else {
            return (read, bytes, true);
        };
        let remaining = max - bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return (read, bytes, false);
        }
        chunk.push(v);
        if chunk.len() == 4 {
            decode_chunk(&chunk, false, &mut bytes);
            chunk.clear();
            read = i;
            if bytes.len() == max {
                return (read, bytes, false);
            }
        }
    }
}

fn hex_val(u: u16) -> Option<u8> {
    let c = u8::try_from(u).ok()? as char;
    c.to_digit(16).map(|d| d as u8)
}

/// FromHex: (read, bytes, error?).
fn from_hex_impl(s: &[u16], max: usize) -> (usize, Vec<u8>, bool) {
    let mut bytes = Vec::new();
    let mut read = 0;
    if !s.len().is_multiple_of(2) {
        return (0, bytes, true);
    }
    while read < s.len() && bytes.len() < max {
        let (Some(h), Some(l)) = (hex_val(s[read]), hex_val(s[read + 1])) else {
            return (read, bytes, true);
        };
        read += 2;
        bytes.push(h << 4 | l);
    }
    (read, bytes, false)
}

fn new_u8(vm: &mut Vm, bytes: Vec<u8>) -> JsResult<Value> {
    let p = Value::object(kind_proto(vm, K_U8));
    let o = alloc_ta(vm, p, K_U8, bytes.len())?;
    if let Some(t) = ta_of(vm, o) {
        if let Some(b) = buffer_data_mut(vm, t.buf).and_then(|d| d.bytes.as_mut()) {
            b.copy_from_slice(&bytes);
        }
    }
    Ok(Value::object(o))
}

fn from_base64(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = arg(a, 0);
    let Some(sid) = s.as_string() else {
        return vm.throw_type("fromBase64 requires a string");
    };
    let opts = options(vm, arg(a, 1))?;
    let url = alphabet(vm, opts)?;
    let last = last_chunk(vm, opts)?;
    let units = vm.str_units(sid).to_vec();
    let (_, bytes, err) = from_base64_impl(&units, url, last, usize::MAX);
    if err {
        return vm.throw_syntax("Invalid base64 string");
    }
    new_u8(vm, bytes)
}

fn from_hex(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = arg(a, 0);
    let Some(sid) = s.as_string() else {
        return vm.throw_type("fromHex requires a string");
    };
    let units = vm.str_units(sid).to_vec();
    let (_, bytes, err) = from_hex_impl(&units, usize::MAX);
    if err {
        return vm.throw_syntax("Invalid hex string");
    }
    new_u8(vm, bytes)
}

fn write_into(vm: &mut Vm, o: ObjId, bytes: &[u8]) {
    if let Some(t) = ta_of(vm, o) {
        if let Some(b) = buffer_data_mut(vm, t.buf).and_then(|d| d.bytes.as_mut()) {
            if let Some(d) = b.get_mut(t.offset..t.offset + bytes.len()) {
                d.copy_from_slice(bytes);
            }
        }
    }
}

fn result_object(vm: &mut Vm, read: usize, written: usize) -> JsResult<Value> {
    let r = vm.new_object();
    let k = vm.key_str("read");
    vm.create_data_property_or_throw(r, k, Value::number(read as f64))?;
    let k = vm.key_str("written");
    vm.create_data_property_or_throw(r, k, Value::number(written as f64))?;
    Ok(Value::object(r))
}

fn set_from_base64(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = validate_u8_write(vm, this)?;
    let s = arg(a, 0);
    let Some(sid) = s.as_string() else {
        return vm.throw_type("setFromBase64 requires a string");
    };
    let opts = options(vm, arg(a, 1))?;
    let url = alphabet(vm, opts)?;
    let last = last_chunk(vm, opts)?;
    let Some(t) = ta_of(vm, o) else {
        return vm.throw_type("this is not a Uint8Array");
    };
    let Some(len) = rec_len(vm, &t, 1) else {
        return vm.throw_type("Uint8Array is detached or out of bounds");
    };
    let units = vm.str_units(sid).to_vec();
    let (read, bytes, err) = from_base64_impl(&units, url, last, len);
    write_into(vm, o, &bytes);
    if err {
        return vm.throw_syntax("Invalid base64 string");
    }
    result_object(vm, read, bytes.len())
}

fn set_from_hex(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = validate_u8_write(vm, this)?;
    let s = arg(a, 0);
    let Some(sid) = s.as_string() else {
        return vm.throw_type("setFromHex requires a string");
    };
    let Some(t) = ta_of(vm, o) else {
        return vm.throw_type("this is not a Uint8Array");
    };
    let Some(len) = rec_len(vm, &t, 1) else {
        return vm.throw_type("Uint8Array is detached or out of bounds");
    };
    let units = vm.str_units(sid).to_vec();
    let (read, bytes, err) = from_hex_impl(&units, len);
    write_into(vm, o, &bytes);
    if err {
        return vm.throw_syntax("Invalid hex string");
    }
    result_object(vm, read, bytes.len())
}

fn to_base64(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = validate_u8(vm, this)?;
    let opts = options(vm, arg(a, 0))?;
    let url = alphabet(vm, opts)?;
    let op = opt_get(vm, opts, "omitPadding")?;
    let omit = crate::ops::convert::to_boolean(vm, op);
    let bytes = bytes_of(vm, o)?;
    let table = if url { URL } else { STD };
    let mut out: Vec<u16> = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let v = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        let n = c.len() + 1;
        for j in 0..4 {
            if j < n {
                out.push(table[((v >> (18 - 6 * j)) & 63) as usize] as u16);
            } else if !omit {
                out.push(b'=' as u16);
            }
        }
    }
    Ok(vm.new_string_units(out))
}

fn to_hex(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = validate_u8(vm, this)?;
    let bytes = bytes_of(vm, o)?;
    let digits = b"0123456789abcdef";
    let mut out: Vec<u16> = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digits[(b >> 4) as usize] as u16);
        out.push(digits[(b & 15) as usize] as u16);
    }
    Ok(vm.new_string_units(out))
}
