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
    |x| {
        if x.is_nan() || x.is_infinite() || x == 0.0 {
            x
        } else if (-0.5..0.0).contains(&x) {
            -0.0
        } else {
            // floor(x + 0.5) would round 0.49999999999999994 up.
            let f = x.floor();
            if x - f >= 0.5 { f + 1.0 } else { f }
        }
    },
    |x| crate::ops::convert::to_uint32(x).leading_zeros() as f64,
    f16round,
];

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
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    if a >= 65520.0 {
        return f64::INFINITY.copysign(x);
    }
    // Quantum at this magnitude: 2^(e-10), subnormals below 2^-14 use 2^-24.
    let e = a.log2().floor().max(-14.0);
    let q = 2f64.powf(e - 10.0);
    let scaled = a / q;
    let r = scaled.round();
    let r = if (scaled - scaled.floor() - 0.5).abs() < f64::EPSILON * scaled { if scaled.floor() % 2.0 == 0.0 { scaled.floor() } else { scaled.ceil() } } else { r };
    (r * q).copysign(x)
}
