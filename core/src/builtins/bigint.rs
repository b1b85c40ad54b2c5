//! BigInt: literals, conversions, the constructor, asIntN/asUintN and the prototype.

use super::arg;
use crate::object::ObjectKind;
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::{One, ToPrimitive, Zero};
use std::cmp::Ordering;

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.bigint_proto = proto;
    let ctor = vm.new_constructor("BigInt", 1, bigint_ctor, proto);
    vm.realm.bigint_ctor = ctor;
    vm.define_method(ctor, "asIntN", 2, |vm, _, a, _| as_n(vm, a, true));
    vm.define_method(ctor, "asUintN", 2, |vm, _, a, _| as_n(vm, a, false));
    vm.define_method(proto, "toString", 0, |vm, this, a, _| {
        let b = this_bigint(vm, this)?;
        let r = arg(a, 0);
        let radix = if r.is_undefined() { 10.0 } else { vm.to_integer_or_infinity(r)? };
        if !(2.0..=36.0).contains(&radix) {
            return vm.throw_range("toString() radix must be between 2 and 36");
        }
        Ok(vm.new_string(&b.to_str_radix(radix as u32)))
    });
    vm.define_method(proto, "toLocaleString", 0, |vm, this, _, _| {
        let b = this_bigint(vm, this)?;
        Ok(vm.new_string(&b.to_string()))
    });
    vm.define_method(proto, "valueOf", 0, |vm, this, _, _| {
        let b = this_bigint(vm, this)?;
        Ok(vm.new_bigint(b))
    });
    let t = vm.realm.sym.to_string_tag;
    let s = vm.new_string("BigInt");
    vm.put(proto, crate::object::PropKey::Sym(t), s, attrs::CONFIGURABLE);
    vm.define_global("BigInt", Value::object(ctor));
}

fn this_bigint(vm: &mut Vm, v: Value) -> JsResult<BigInt> {
    if let Some(b) = v.as_bigint() {
        return Ok(vm.heap.bigint(b).clone());
    }
    if let Some(o) = v.as_object() {
        if let ObjectKind::BigIntBox(b) = vm.obj(o).kind {
            if let Some(b) = b.as_bigint() {
                return Ok(vm.heap.bigint(b).clone());
            }
        }
    }
    vm.throw_type("BigInt.prototype method called on incompatible receiver")
}

fn bigint_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return vm.throw_type("BigInt is not a constructor");
    }
    let p = vm.to_primitive(arg(a, 0), "number")?;
    if let Some(n) = p.as_number() {
        if !n.is_finite() || n.trunc() != n {
            return vm.throw_range(&format!("The number {} cannot be converted to a BigInt because it is not an integer", super::number::number_to_string(n)));
        }
        return Ok(vm.new_bigint(f64_to_bigint(n)));
    }
    let b = to_bigint(vm, p)?;
    Ok(vm.new_bigint(b))
}

/// ToBigInt.
pub fn to_bigint(vm: &mut Vm, v: Value) -> JsResult<BigInt> {
    let p = vm.to_primitive(v, "number")?;
    if let Some(b) = p.as_bigint() {
        return Ok(vm.heap.bigint(b).clone());
    }
    if let Some(b) = p.as_bool() {
        return Ok(if b { BigInt::one() } else { BigInt::zero() });
    }
    if let Some(s) = p.as_string() {
        let u = vm.str_units(s).to_vec();
        return match string_to_bigint(&u) {
            Some(b) => Ok(b),
            None => {
                let t = String::from_utf16_lossy(&u);
                vm.throw_syntax(&format!("Cannot convert {t} to a BigInt"))
            }
        };
    }
    if p.is_number() {
        let t = super::number::number_to_string(p.num_unchecked());
        return vm.throw_type(&format!("Cannot convert {t} to a BigInt"));
    }
    vm.throw_type("Cannot convert value to a BigInt")
}

pub fn f64_to_bigint(n: f64) -> BigInt {
    num_bigint::BigInt::from_biguint(if n < 0.0 { Sign::Minus } else { Sign::Plus }, {
        let bits = n.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let mant = if exp == 0 { (bits & ((1 << 52) - 1)) << 1 } else { (bits & ((1 << 52) - 1)) | (1 << 52) };
        let e = if exp == 0 { -1075 } else { exp - 1075 };
        if e >= 0 {
            num_bigint::BigUint::from(mant) << (e as usize)
        } else {
            num_bigint::BigUint::from(mant) >> ((-e) as usize)
        }
    })
}

/// StringToBigInt (None for a syntax error).
pub fn string_to_bigint(units: &[u16]) -> Option<BigInt> {
    let t = crate::ops::convert::trim_units(units);
    let s = String::from_utf16(t).ok()?;
    if s.is_empty() {
        return Some(BigInt::zero());
    }
    let (radix, body) = match s.get(..2) {
        Some("0x") | Some("0X") => (16, &s[2..]),
        Some("0o") | Some("0O") => (8, &s[2..]),
        Some("0b") | Some("0B") => (2, &s[2..]),
        _ => (10, s.as_str()),
    };
    let (neg, body) = if radix == 10 {
        match body.as_bytes().first() {
            Some(b'-') => (true, &body[1..]),
            Some(b'+') => (false, &body[1..]),
            _ => (false, body),
        }
    } else {
        (false, body)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let b = BigInt::parse_bytes(body.as_bytes(), radix)?;
    Some(if neg { -b } else { b })
}

/// A BigInt literal's value (decimal, hex, octal or binary text without the `n`).
pub fn parse_literal(vm: &mut Vm, text: &str) -> Value {
    let t = text.replace('_', "");
    let t = t.strip_suffix('n').unwrap_or(&t);
    let units: Vec<u16> = t.encode_utf16().collect();
    let b = string_to_bigint(&units).unwrap_or_default();
    vm.new_bigint(b)
}

pub fn bigint_equals_f64(b: &BigInt, n: f64) -> bool {
    compare_bigint_f64(b, n) == Ordering::Equal
}

pub fn compare_bigint_f64(b: &BigInt, n: f64) -> Ordering {
    if n.is_nan() {
        return Ordering::Less;
    }
    if n == f64::INFINITY {
        return Ordering::Less;
    }
    if n == f64::NEG_INFINITY {
        return Ordering::Greater;
    }
    let fl = n.floor();
    let fb = f64_to_bigint(fl);
    match b.cmp(&fb) {
        Ordering::Equal => {
            if fl < n {
                Ordering::Less
            } else {
                Ordering::Equal
            }
        }
        o => o,
    }
}

fn as_n(vm: &mut Vm, a: &[Value], signed: bool) -> JsResult<Value> {
    let bits = vm.to_index(arg(a, 0))?;
    let b = to_bigint(vm, arg(a, 1))?;
    if bits == 0 {
        return Ok(vm.new_bigint(BigInt::zero()));
    }
    if bits > 1 << 20 {
        return Ok(vm.new_bigint(b));
    }
    let m = BigInt::one() << bits;
    let mut r = ((b % &m) + &m) % &m;
    if signed && r >= (BigInt::one() << (bits - 1)) {
        r -= m;
    }
    Ok(vm.new_bigint(r))
}

#[allow(dead_code)]
fn to_f64(b: &BigInt) -> f64 {
    b.to_f64().unwrap_or(f64::NAN)
}
