//! Global functions and values: parseInt, parseFloat, isNaN, isFinite, the
//! URI functions, escape/unescape, eval, NaN, Infinity, undefined.

use super::arg;
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let g = vm.realm.global;
    vm.put_str(g, "NaN", Value::number(f64::NAN), attrs::NONE);
    vm.put_str(g, "Infinity", Value::number(f64::INFINITY), attrs::NONE);
    vm.put_str(g, "undefined", Value::UNDEFINED, attrs::NONE);
    let pi = vm.define_method(g, "parseInt", 2, parse_int);
    let pf = vm.define_method(g, "parseFloat", 1, parse_float);
    let nc = vm.realm.number_ctor;
    vm.put_str(nc, "parseInt", Value::object(pi), attrs::HIDDEN);
    vm.put_str(nc, "parseFloat", Value::object(pf), attrs::HIDDEN);
    vm.define_method(g, "isNaN", 1, |vm, _, a, _| Ok(Value::bool(vm.to_number(arg(a, 0))?.is_nan())));
    vm.define_method(g, "isFinite", 1, |vm, _, a, _| Ok(Value::bool(vm.to_number(arg(a, 0))?.is_finite())));
    let ev = vm.define_method(g, "eval", 1, |vm, _, a, _| {
        let x = arg(a, 0);
        if !x.is_string() {
            return Ok(x);
        }
        let src = vm.string_lossy(x);
        vm.global_eval(&src, false)
    });
    vm.realm.eval_fn = ev;
    vm.define_method(g, "encodeURIComponent", 1, |vm, _, a, _| encode(vm, arg(a, 0), false));
    vm.define_method(g, "encodeURI", 1, |vm, _, a, _| encode(vm, arg(a, 0), true));
    vm.define_method(g, "decodeURIComponent", 1, |vm, _, a, _| decode(vm, arg(a, 0), ""));
    vm.define_method(g, "decodeURI", 1, |vm, _, a, _| decode(vm, arg(a, 0), ";/?:@&=+$,#"));
    vm.define_method(g, "escape", 1, escape);
    vm.define_method(g, "unescape", 1, unescape);
}

fn parse_int(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let u = vm.to_units(arg(a, 0))?;
    let mut r = vm.to_int32(arg(a, 1))?;
    let t = crate::ops::convert::trim_units(&u);
    let s: String = String::from_utf16_lossy(t);
    let mut chars = s.as_str();
    let mut sign = 1.0;
    if let Some(rest) = chars.strip_prefix('-') {
        sign = -1.0;
        chars = rest;
    } else if let Some(rest) = chars.strip_prefix('+') {
        chars = rest;
    }
    let mut strip = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return Ok(Value::number(f64::NAN));
        }
        if r != 16 {
            strip = false;
        }
    } else {
        r = 10;
    }
    if strip && (chars.starts_with("0x") || chars.starts_with("0X")) {
        chars = &chars[2..];
        r = 16;
    }
    let digits: String = chars.chars().take_while(|c| c.is_digit(r as u32)).collect();
    if digits.is_empty() {
        return Ok(Value::number(f64::NAN));
    }
    let v = if r == 10 {
        // Decimal: parse exactly like a numeric literal for correct rounding.
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        let mut v = 0f64;
        for c in digits.chars() {
            v = v * r as f64 + c.to_digit(r as u32).unwrap_or(0) as f64;
        }
        v
    };
    Ok(Value::number(sign * v))
}

fn parse_float(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let u = vm.to_units(arg(a, 0))?;
    let t = crate::ops::convert::trim_units(&u);
    let s = String::from_utf16_lossy(t);
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if s[i..].starts_with("Infinity") {
        return Ok(Value::number(if b.first() == Some(&b'-') { f64::NEG_INFINITY } else { f64::INFINITY }));
    }
    let start_digits = i;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        let save = i;
        i += 1;
        let mut frac = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            frac += 1;
        }
        digits += frac;
        if frac == 0 && digits == 0 {
            i = save;
        }
    }
    if digits == 0 {
        return Ok(Value::number(f64::NAN));
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let save = i;
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            i = save;
        }
    }
    let _ = start_digits;
    Ok(Value::number(s[..i].parse::<f64>().unwrap_or(f64::NAN)))
}

const HEX: &[u8] = b"0123456789ABCDEF";

/// Encode: `keep_reserved` is true for encodeURI (which leaves `;/?:@&=+$,#` alone).
fn encode(vm: &mut Vm, v: Value, keep_reserved: bool) -> JsResult<Value> {
    let u = vm.to_units(v)?;
    let mut out: Vec<u16> = Vec::new();
    let keep = |c: u16| -> bool {
        c < 128 && {
            let ch = c as u8 as char;
            ch.is_ascii_alphanumeric() || "-_.!~*'()".contains(ch) || (keep_reserved && ";/?:@&=+$,#".contains(ch))
        }
    };
    let mut i = 0;
    while i < u.len() {
        let c = u[i];
        if keep(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let cp: u32 = if (0xD800..0xDC00).contains(&c) {
            match u.get(i + 1) {
                Some(&d) if (0xDC00..0xE000).contains(&d) => {
                    i += 1;
                    0x10000 + ((c as u32 - 0xD800) << 10) + (d as u32 - 0xDC00)
                }
                _ => return vm.throw_uri("URI malformed"),
            }
        } else if (0xDC00..0xE000).contains(&c) {
            return vm.throw_uri("URI malformed");
        } else {
            c as u32
        };
        let mut buf = [0u8; 4];
        let s = char::from_u32(cp).map(|ch| ch.encode_utf8(&mut buf).len()).unwrap_or(0);
        for &byte in &buf[..s] {
            out.push(b'%' as u16);
            out.push(HEX[(byte >> 4) as usize] as u16);
            out.push(HEX[(byte & 15) as usize] as u16);
        }
        i += 1;
    }
    Ok(vm.new_string_units(out))
}

fn decode(vm: &mut Vm, v: Value, reserved: &str) -> JsResult<Value> {
    let u = vm.to_units(v)?;
    let mut out: Vec<u16> = Vec::new();
    let hexval = |c: u16| -> Option<u8> { (c < 128).then(|| (c as u8 as char).to_digit(16).map(|d| d as u8)).flatten() };
    let mut i = 0;
    while i < u.len() {
        if u[i] != b'%' as u16 {
            out.push(u[i]);
            i += 1;
            continue;
        }
        let byte_at = |j: usize| -> Option<u8> {
            if u.get(j) != Some(&(b'%' as u16)) {
                return None;
            }
            Some(hexval(*u.get(j + 1)?)? * 16 + hexval(*u.get(j + 2)?)?)
        };
        let Some(b0) = byte_at(i) else { return vm.throw_uri("URI malformed") };
        if b0 < 0x80 {
            let ch = b0 as char;
            if reserved.contains(ch) {
                out.extend_from_slice(&u[i..i + 3]);
            } else {
                out.push(b0 as u16);
            }
            i += 3;
            continue;
        }
        let n = if b0 & 0xE0 == 0xC0 { 2 } else if b0 & 0xF0 == 0xE0 { 3 } else if b0 & 0xF8 == 0xF0 { 4 } else { 0 };
        if n == 0 {
            return vm.throw_uri("URI malformed");
        }
        let mut bytes = vec![b0];
        for k in 1..n {
            match byte_at(i + 3 * k) {
                Some(b) if b & 0xC0 == 0x80 => bytes.push(b),
                _ => return vm.throw_uri("URI malformed"),
            }
        }
        match std::str::from_utf8(&bytes) {
            Ok(s) => out.extend(s.encode_utf16()),
            Err(_) => return vm.throw_uri("URI malformed"),
        }
        i += 3 * n;
    }
    Ok(vm.new_string_units(out))
}

fn escape(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let u = vm.to_units(arg(a, 0))?;
    let mut out = String::new();
    for c in u {
        if c < 128 && ((c as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(c as u8))) {
            out.push(c as u8 as char);
        } else if c < 256 {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push_str(&format!("%u{c:04X}"));
        }
    }
    Ok(vm.new_string(&out))
}

fn unescape(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let u = vm.to_units(arg(a, 0))?;
    let hex = |s: &[u16]| -> Option<u16> {
        let t = String::from_utf16(s).ok()?;
        if !t.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(&t, 16).ok()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < u.len() {
        if u[i] == b'%' as u16 {
            if u.get(i + 1) == Some(&(b'u' as u16)) && i + 6 <= u.len() {
                if let Some(v) = hex(&u[i + 2..i + 6]) {
                    out.push(v);
                    i += 6;
                    continue;
                }
            }
            if i + 3 <= u.len() {
                if let Some(v) = hex(&u[i + 1..i + 3]) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(u[i]);
        i += 1;
    }
    Ok(vm.new_string_units(out))
}

impl Vm {
    pub fn throw_uri<T>(&mut self, msg: &str) -> JsResult<T> {
        let p = self.realm.uri_error_proto;
        Err(self.new_error(p, msg))
    }
}
