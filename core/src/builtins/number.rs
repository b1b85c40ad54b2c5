//! Number: conversions to text (shortest round-trip via ryu-js, exact
//! `toFixed`/`toExponential`/`toPrecision` via big-integer decimal
//! expansion, `toString(radix)`), statics and constants.

use super::arg;
use crate::object::{JsObject, ObjectKind};
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};
use num_bigint::BigUint;

/// Number::toString(x) for radix 10: shortest round-trip digits.
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let mut b = ryu_js::Buffer::new();
    b.format(x).to_string()
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.alloc(JsObject::new(op, ObjectKind::NumberBox(0.0)));
    vm.realm.number_proto = proto;
    let ctor = vm.new_constructor("Number", 1, number_ctor, proto);
    vm.realm.number_ctor = ctor;
    let consts = [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ];
    for (n, v) in consts {
        vm.put_str(ctor, n, Value::number(v), attrs::NONE);
    }
    vm.define_method(ctor, "isFinite", 1, |_, _, a, _| Ok(Value::bool(arg(a, 0).as_number().is_some_and(|n| n.is_finite()))));
    vm.define_method(ctor, "isNaN", 1, |_, _, a, _| Ok(Value::bool(arg(a, 0).as_number().is_some_and(|n| n.is_nan()))));
    vm.define_method(ctor, "isInteger", 1, |_, _, a, _| Ok(Value::bool(arg(a, 0).as_number().is_some_and(|n| n.is_finite() && n.trunc() == n))));
    vm.define_method(ctor, "isSafeInteger", 1, |_, _, a, _| {
        Ok(Value::bool(arg(a, 0).as_number().is_some_and(|n| n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0)))
    });
    vm.define_method(proto, "toString", 1, to_string);
    vm.define_method(proto, "toLocaleString", 0, |vm, this, _, _| {
        let x = this_number(vm, this)?;
        Ok(vm.new_string(&number_to_string(x)))
    });
    vm.define_method(proto, "valueOf", 0, |vm, this, _, _| Ok(Value::number(this_number(vm, this)?)));
    vm.define_method(proto, "toFixed", 1, to_fixed);
    vm.define_method(proto, "toExponential", 1, to_exponential);
    vm.define_method(proto, "toPrecision", 1, to_precision);
    vm.define_global("Number", Value::object(ctor));
}

fn number_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let n = if a.is_empty() {
        0.0
    } else {
        let p = vm.to_numeric(a[0])?;
        match p.as_bigint() {
            Some(b) => num_traits::ToPrimitive::to_f64(vm.heap.bigint(b)).unwrap_or(f64::NAN),
            None => p.num_unchecked(),
        }
    };
    if nt.is_undefined() {
        return Ok(Value::number(n));
    }
    let np = vm.realm.number_proto;
    let p = vm.proto_from_ctor(nt, np)?;
    Ok(Value::object(vm.alloc(JsObject::new(p, ObjectKind::NumberBox(n)))))
}

fn this_number(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if let Some(n) = v.as_number() {
        return Ok(n);
    }
    if let Some(o) = v.as_object() {
        if let ObjectKind::NumberBox(n) = vm.obj(o).kind {
            return Ok(n);
        }
    }
    vm.throw_type("Number.prototype method called on incompatible receiver")
}

fn to_string(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let r = arg(a, 0);
    let radix = if r.is_undefined() { 10.0 } else { vm.to_integer_or_infinity(r)? };
    if !(2.0..=36.0).contains(&radix) {
        return vm.throw_range("toString() radix must be between 2 and 36");
    }
    if radix == 10.0 {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    Ok(vm.new_string(&to_radix_string(x, radix as u32)))
}

/// Number to string in radix 2..36 (V8's shortest-digits algorithm).
pub fn to_radix_string(x: f64, radix: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if x == 0.0 {
        return "0".into();
    }
    let neg = x < 0.0;
    let v = x.abs();
    let digit = |d: u32| std::char::from_digit(d, radix).unwrap_or('0');
    let mut int_part = v.trunc();
    let mut frac = v - int_part;
    let next_up = f64::from_bits(v.to_bits() + 1);
    let mut delta = (0.5 * (next_up - v)).max(f64::from_bits(1));
    let mut frac_digits: Vec<u32> = Vec::new();
    if frac >= delta {
        loop {
            frac *= radix as f64;
            delta *= radix as f64;
            let d = frac.floor() as u32;
            frac_digits.push(d);
            frac -= d as f64;
            if (frac > 0.5 || (frac == 0.5 && d & 1 == 1)) && frac + delta > 1.0 {
                // Round up, propagating carries.
                loop {
                    match frac_digits.pop() {
                        None => {
                            int_part += 1.0;
                            break;
                        }
                        Some(last) if last + 1 < radix => {
                            frac_digits.push(last + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if frac < delta {
                break;
            }
        }
    }
    // Integer part, exact.
    let bits = int_part.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut int_digits = String::new();
    if int_part == 0.0 {
        int_digits.push('0');
    } else {
        let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
        let e = exp - 1075;
        let big = if e >= 0 { BigUint::from(mant) << (e as usize) } else { BigUint::from(mant) >> ((-e) as usize) };
        int_digits = big.to_str_radix(radix);
    }
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&int_digits);
    if !frac_digits.is_empty() {
        s.push('.');
        s.extend(frac_digits.into_iter().map(digit));
    }
    s
}

/// Exact decimal expansion of a finite non-negative double: (digits, exponent)
/// meaning 0.digits × 10^exponent... as an integer string and the number of
/// digits after the decimal point.
fn exact_decimal(v: f64) -> (String, usize) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 { (bits & ((1u64 << 52) - 1)) << 1 } else { (bits & ((1u64 << 52) - 1)) | (1u64 << 52) };
    let e = if exp == 0 { -1075 } else { exp - 1075 };
    if e >= 0 {
        ((BigUint::from(mant) << (e as usize)).to_string(), 0)
    } else {
        let k = (-e) as usize;
        let n = BigUint::from(mant) * num_traits::pow::Pow::pow(BigUint::from(5u32), k);
        (n.to_string(), k)
    }
}

/// Rounds the exact value of `v` to `frac` digits after the point, half up:
/// returns the integer string of round(v × 10^frac).
fn round_to_fraction(v: f64, frac: i64) -> String {
    let (digits, point) = exact_decimal(v);
    // value = digits / 10^point; we want round(digits × 10^frac / 10^point).
    let shift = frac - point as i64;
    if shift >= 0 {
        let mut s = digits;
        s.extend(std::iter::repeat_n('0', shift as usize));
        return trim_leading_zeros(s);
    }
    let cut = (-shift) as usize;
    if cut > digits.len() {
        return "0".into();
    }
    let keep = &digits[..digits.len() - cut];
    let rest = &digits[digits.len() - cut..];
    let round_up = rest.as_bytes().first().is_some_and(|&c| c >= b'5');
    let mut n: BigUint = if keep.is_empty() { BigUint::from(0u32) } else { keep.parse().unwrap_or_default() };
    if round_up {
        n += 1u32;
    }
    n.to_string()
}

fn trim_leading_zeros(s: String) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

fn to_fixed(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let f = vm.to_integer_or_infinity(arg(a, 0))?;
    if !f.is_finite() || !(0.0..=100.0).contains(&f) {
        return vm.throw_range("toFixed() digits argument must be between 0 and 100");
    }
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if x.abs() >= 1e21 {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    let f = f as usize;
    let n = round_to_fraction(x.abs(), f as i64);
    let mut s = if f == 0 {
        n
    } else {
        let padded = if n.len() <= f { format!("{}{}", "0".repeat(f + 1 - n.len()), n) } else { n };
        let (i, d) = padded.split_at(padded.len() - f);
        format!("{i}.{d}")
    };
    if x < 0.0 {
        s.insert(0, '-');
    }
    Ok(vm.new_string(&s))
}

/// The significant digits of v rounded to `p` digits and the exponent e
/// such that v ≈ 0.d1d2...dp × 10^(e+1), i.e. d1.d2... × 10^e.
fn round_significant(v: f64, p: usize) -> (String, i64) {
    let (digits, point) = exact_decimal(v);
    let digits = trim_leading_zeros(digits);
    // v = digits × 10^-point; number of integer digits:
    let e = digits.len() as i64 - 1 - point as i64;
    let frac = p as i64 - 1 - e;
    let mut n = round_to_fraction(v, frac);
    let mut e = e;
    if n.len() > p {
        // Rounding carried into a new digit (e.g. 9.99 → 10.0).
        n.truncate(p);
        e += 1;
    }
    (n, e)
}

fn to_exponential(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let fa = arg(a, 0);
    let f = vm.to_integer_or_infinity(fa)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !f.is_finite() || !(0.0..=100.0).contains(&f) {
        return vm.throw_range("toExponential() argument must be between 0 and 100");
    }
    let neg = x < 0.0;
    let v = x.abs();
    let (digits, e) = if v == 0.0 {
        let p = if fa.is_undefined() { 1 } else { f as usize + 1 };
        ("0".repeat(p), 0)
    } else if fa.is_undefined() {
        // As many digits as needed to represent the value uniquely.
        let s = number_to_string(v);
        let (mant, exp) = shortest_digits(&s);
        (mant, exp)
    } else {
        round_significant(v, f as usize + 1)
    };
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&digits[..1]);
    if digits.len() > 1 {
        s.push('.');
        s.push_str(&digits[1..]);
    }
    s.push('e');
    s.push(if e >= 0 { '+' } else { '-' });
    s.push_str(&e.abs().to_string());
    Ok(vm.new_string(&s))
}

/// Digits and decimal exponent of the shortest representation text.
fn shortest_digits(s: &str) -> (String, i64) {
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0').to_string();
    let e = int.len() as i64 - 1 - lead as i64 + exp;
    (if digits.is_empty() { "0".into() } else { digits }, e)
}

fn to_precision(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let pa = arg(a, 0);
    if pa.is_undefined() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    let p = vm.to_integer_or_infinity(pa)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !p.is_finite() || !(1.0..=100.0).contains(&p) {
        return vm.throw_range("toPrecision() argument must be between 1 and 100");
    }
    let p = p as usize;
    let neg = x < 0.0;
    let v = x.abs();
    let (digits, e) = if v == 0.0 { ("0".repeat(p), 0) } else { round_significant(v, p) };
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if e < -6 || e >= p as i64 {
        s.push_str(&digits[..1]);
        if p > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if e >= 0 { '+' } else { '-' });
        s.push_str(&e.abs().to_string());
    } else if e >= 0 {
        let i = e as usize + 1;
        s.push_str(&digits[..i]);
        if p > i {
            s.push('.');
            s.push_str(&digits[i..]);
        }
    } else {
        s.push_str("0.");
        s.push_str(&"0".repeat((-e - 1) as usize));
        s.push_str(&digits);
    }
    Ok(vm.new_string(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest() {
        assert_eq!(number_to_string(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(123.0), "123");
        assert_eq!(number_to_string(-1.5e-7), "-1.5e-7");
    }

    #[test]
    fn radix() {
        assert_eq!(to_radix_string(255.0, 16), "ff");
        assert_eq!(to_radix_string(0.5, 2), "0.1");
        assert_eq!(to_radix_string(-8.0, 2), "-1000");
    }

    #[test]
    fn rounding() {
        assert_eq!(round_to_fraction(2.5, 0), "3");
        assert_eq!(round_to_fraction(1.005, 2), "100");
        assert_eq!(round_significant(123.456, 4), ("1235".to_string(), 2));
        assert_eq!(round_significant(9.99, 2), ("10".to_string(), 1));
    }
}
