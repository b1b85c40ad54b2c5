//! Math.

use super::arg;
use crate::object::PropKey;
use crate::shape::attrs;
use crate::value::Value;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let m = vm.new_object();
    vm.realm.math_obj = m;
    for (n, v) in [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ] {
        vm.put_str(m, n, Value::number(v), attrs::NONE);
    }
    for (i, name) in UNARY_NAMES.iter().enumerate() {
        let func = vm.new_native_with(name, 1, math_unary, false, vec![Value::int(i as i32)]);
        let k = vm.key_str(name);
        vm.put(m, k, Value::object(func), attrs::HIDDEN);
    }
    vm.define_method(m, "atan2", 2, |vm, _, a, _| {
        let y = vm.to_number(arg(a, 0))?;
        let x = vm.to_number(arg(a, 1))?;
        Ok(Value::number(y.atan2(x)))
    });
    vm.define_method(m, "pow", 2, |vm, _, a, _| {
        let x = vm.to_number(arg(a, 0))?;
        let y = vm.to_number(arg(a, 1))?;
        Ok(Value::number(crate::ops::arith::js_pow(x, y)))
    });
    vm.define_method(m, "imul", 2, |vm, _, a, _| {
        let x = vm.to_int32(arg(a, 0))?;
        let y = vm.to_int32(arg(a, 1))?;
        Ok(Value::int(x.wrapping_mul(y)))
    });
    vm.define_method(m, "max", 2, |vm, _, a, _| minmax(vm, a, true));
    vm.define_method(m, "min", 2, |vm, _, a, _| minmax(vm, a, false));
    vm.define_method(m, "hypot", 2, |vm, _, a, _| {
        let mut ns = Vec::new();
        for &x in a {
            ns.push(vm.to_number(x)?);
        }
        if ns.iter().any(|n| n.is_infinite()) {
            return Ok(Value::number(f64::INFINITY));
        }
        if ns.iter().any(|n| n.is_nan()) {
            return Ok(Value::number(f64::NAN));
        }
        let max = ns.iter().fold(0.0f64, |m, n| m.max(n.abs()));
        if max == 0.0 {
            return Ok(Value::int(0));
        }
        let s: f64 = ns.iter().map(|n| (n / max) * (n / max)).sum();
        Ok(Value::number(s.sqrt() * max))
    });
    vm.define_method(m, "sumPrecise", 1, sum_precise);
    vm.define_method(m, "random", 0, |vm, _, _, _| {
        let r = vm.host.random_u64();
        Ok(Value::number((r >> 11) as f64 / (1u64 << 53) as f64))
    });
    let t = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Math");
    vm.put(m, PropKey::Sym(t), s, attrs::CONFIGURABLE);
    vm.define_global("Math", Value::object(m));
}

/// Unary Math functions; `UNARY_NAMES[i]` is implemented by `UNARY_FNS[i]`.
const UNARY_NAMES: &[&str] = &[
    "abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "cos", "cosh", "exp", "expm1", "floor", "fround", "log",
    "log1p", "log10", "log2", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", "round", "clz32", "f16round",
];
const UNARY_FNS: &[fn(f64) -> f64] = &[
    f64::abs, f64::acos, f64::acosh, f64::asin, |x| if x == 0.0 { x } else { x.asinh() }, f64::atan, f64::atanh, f64::cbrt, f64::ceil, f64::cos, f64::cosh, f64::exp, f64::exp_m1,
    f64::floor, |x| x as f32 as f64, f64::ln, f64::ln_1p, f64::log10, f64::log2,
    |x| if x.is_nan() || x == 0.0 { x } else { x.signum() }, f64::sin, f64::sinh, f64::sqrt, f64::tan, f64::tanh, f64::trunc,
    math_round,
    |x| crate::ops::convert::to_uint32(x).leading_zeros() as f64,
    f16round,
];

/// Math.round: the nearest integer, ties toward +∞ (`x + 0.5` would round 0.49999999999999994 up).
fn math_round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let f = x.floor();
    let r = if x - f >= 0.5 { f + 1.0 } else { f };
    if r == 0.0 && x < 0.0 {
        -0.0
    } else {
        r
    }
}

/// TwoSum: hi + lo == x + y exactly.
fn two_sum(x: f64, y: f64) -> (f64, f64) {
    let hi = x + y;
    let lo = y - (hi - x);
    (hi, lo)
}

/// Math.sumPrecise ( items ): the exactly rounded sum (Shewchuk's partials, with the
/// overflow tracked in units of 2^1024).
fn sum_precise(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let items = arg(args, 0);
    if items.is_nullish() {
        return vm.throw_type("Math.sumPrecise called on null or undefined");
    }
    let (it, next) = super::iterator::get_iterator_rooted(vm, items, false)?;
    // 0 = minus-zero, 1 = finite, 2 = +inf, 3 = -inf, 4 = NaN
    let mut state = 0u8;
    let mut partials: Vec<f64> = Vec::new();
    let mut overflow: f64 = 0.0;
    let mut count: f64 = 0.0;
    const TWO_1023: f64 = 8.98846567431158e307; // 2^1023
    while let Some(v) = vm.iter_step(it, next)? {
        count += 1.0;
        if count >= 9007199254740992.0 {
            let e = vm.range_error("Too many values");
            let _ = super::iterator::close(vm, it);
            return Err(e);
        }
        let Some(n) = v.as_number() else {
            let e = vm.type_error("Math.sumPrecise: value is not a number");
            if vm.terminating.is_none() {
                let _ = super::iterator::close(vm, it);
            }
            return Err(e);
        };
        if state == 4 {
            continue;
        }
        if n.is_nan() {
            state = 4;
        } else if n == f64::INFINITY {
            state = if state == 3 { 4 } else { 2 };
        } else if n == f64::NEG_INFINITY {
            state = if state == 2 { 4 } else { 3 };
        } else if !(n == 0.0 && n.is_sign_negative()) && (state == 0 || state == 1) {
            state = 1;
            let mut x = n;
            let mut used = 0;
            for i in 0..partials.len() {
                let mut y = partials[i];
                if x.abs() < y.abs() {
                    std::mem::swap(&mut x, &mut y);
                }
                let (mut hi, mut lo) = two_sum(x, y);
                if hi.is_infinite() {
                    let sign = if hi > 0.0 { 1.0 } else { -1.0 };
                    overflow += sign;
                    x = (x - sign * TWO_1023) - sign * TWO_1023;
                    if x.abs() < y.abs() {
                        std::mem::swap(&mut x, &mut y);
                    }
                    (hi, lo) = two_sum(x, y);
                }
                if lo != 0.0 {
                    partials[used] = lo;
                    used += 1;
                }
                x = hi;
            }
            partials.truncate(used);
            if x != 0.0 {
                partials.push(x);
            }
        }
    }
    let r = match state {
        0 => -0.0,
        2 => f64::INFINITY,
        3 => f64::NEG_INFINITY,
        4 => f64::NAN,
        _ => sum_partials(&mut partials, overflow),
    };
    Ok(Value::number(r))
}

/// Rounds the exact sum of non-overlapping `partials` (plus `overflow` · 2^1024) to a double.
fn sum_partials(partials: &mut Vec<f64>, overflow: f64) -> f64 {
    const TWO_1023: f64 = 8.98846567431158e307; // 2^1023
    const MAX_ULP: f64 = 1.99584030953472e292; // 2^971, the ULP of f64::MAX
    let mut n = partials.len() as isize - 1;
    let (mut hi, mut lo) = (0.0f64, 0.0f64);
    let at = |p: &Vec<f64>, i: isize| if i >= 0 { p.get(i as usize).copied().unwrap_or(0.0) } else { 0.0 };
    if overflow != 0.0 {
        let next = at(partials, n);
        n -= 1;
        if overflow.abs() > 1.0 || (overflow > 0.0 && next > 0.0) || (overflow < 0.0 && next < 0.0) {
            return if overflow > 0.0 { f64::INFINITY } else { f64::NEG_INFINITY };
        }
        (hi, lo) = two_sum(overflow * TWO_1023, next / 2.0);
        lo *= 2.0;
        if (2.0 * hi).is_infinite() {
            if hi > 0.0 {
                if hi == TWO_1023 && lo == -(MAX_ULP / 2.0) && n >= 0 && at(partials, n) < 0.0 {
                    return f64::MAX;
                }
                return f64::INFINITY;
            }
            if hi == -TWO_1023 && lo == MAX_ULP / 2.0 && n >= 0 && at(partials, n) > 0.0 {
                return -f64::MAX;
            }
            return f64::NEG_INFINITY;
        }
        if lo != 0.0 {
            let idx = (n + 1) as usize;
            if idx < partials.len() {
                partials[idx] = lo;
            } else {
                partials.push(lo);
            }
            n += 1;
            lo = 0.0;
        }
        hi *= 2.0;
    }
    while n >= 0 {
        let x = hi;
        let y = at(partials, n);
        n -= 1;
        (hi, lo) = two_sum(x, y);
        if lo != 0.0 {
            break;
        }
    }
    if n >= 0 && ((lo < 0.0 && at(partials, n) < 0.0) || (lo > 0.0 && at(partials, n) > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        let yr = x - hi;
        if y == yr {
            hi = x;
        }
    }
    hi
}

fn math_unary(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let i = vm.capture(0).as_int().unwrap_or(0) as usize;
    let x = vm.to_number(arg(a, 0))?;
    let f = UNARY_FNS.get(i).copied().unwrap_or(f64::abs);
    Ok(Value::number(f(x)))
}

fn minmax(vm: &mut Vm, a: &[Value], max: bool) -> JsResult<Value> {
    let mut r = if max { f64::NEG_INFINITY } else { f64::INFINITY };
    let mut nan = false;
    for &x in a {
        let n = vm.to_number(x)?;
        if n.is_nan() {
            nan = true;
        } else if max {
            if n > r || (n == 0.0 && r == 0.0 && n.is_sign_positive()) {
                r = n;
            }
        } else if n < r || (n == 0.0 && r == 0.0 && n.is_sign_negative()) {
            r = n;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

/// Rounds to the nearest IEEE binary16 value (ties to even).
pub fn f16round(x: f64) -> f64 {
    super::typed_array::f16_bits_to_f64(super::typed_array::f64_to_f16_bits(x))
}
