//! Operators: arithmetic, bitwise, relational (with BigInt), `instanceof`, `in`.
//! The interpreter handles int32/double fast paths inline and calls these for
//! everything else.

use crate::object::PropKey;
use crate::value::Value;
use crate::{JsResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BinOp {
    Sub,
    Mul,
    Div,
    Mod,
    Exp,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    UShr,
}

pub fn js_mod(a: f64, b: f64) -> f64 {
    if b.is_infinite() && a.is_finite() {
        return a;
    }
    let r = a % b;
    if r == 0.0 && a.is_sign_negative() {
        -0.0
    } else {
        r
    }
}

pub fn js_pow(a: f64, b: f64) -> f64 {
    if b.is_nan() {
        return f64::NAN;
    }
    if b == 0.0 {
        return 1.0;
    }
    if (a == 1.0 || a == -1.0) && b.is_infinite() {
        return f64::NAN;
    }
    a.powf(b)
}

/// The number-only part of a binary operator, shared by the interpreter's
/// register and immediate forms: int32 and double operands, no conversions.
/// `None` means the operands need the full operator (`Vm::binary`).
#[inline(always)]
pub fn fast_binop(op: BinOp, x: Value, y: Value) -> Option<Value> {
    if let (Some(i), Some(j)) = (x.as_int(), y.as_int()) {
        let v = match op {
            BinOp::Sub => i.checked_sub(j).map_or_else(|| Value::number(i as f64 - j as f64), Value::int),
            // 0 * -n is -0, which is not an int32.
            BinOp::Mul => match i.checked_mul(j) {
                Some(0) if i < 0 || j < 0 => Value::number(-0.0),
                Some(p) => Value::int(p),
                None => Value::number(i as f64 * j as f64),
            },
            BinOp::Mod if i >= 0 && j > 0 => Value::int(i % j),
            BinOp::BitAnd => Value::int(i & j),
            BinOp::BitOr => Value::int(i | j),
            BinOp::BitXor => Value::int(i ^ j),
            BinOp::Shl => Value::int(i.wrapping_shl(j as u32 & 31)),
            BinOp::Shr => Value::int(i >> (j as u32 & 31)),
            BinOp::UShr => Value::number(((i as u32) >> (j as u32 & 31)) as f64),
            _ => Value::number(num_op(op, i as f64, j as f64)),
        };
        return Some(v);
    }
    if x.is_number() && y.is_number() {
        return Some(Value::number(num_op(op, x.num_unchecked(), y.num_unchecked())));
    }
    None
}

/// `+` on numbers (int32 and double), `None` for everything else.
#[inline(always)]
pub fn fast_add(x: Value, y: Value) -> Option<Value> {
    if let (Some(i), Some(j)) = (x.as_int(), y.as_int()) {
        return Some(i.checked_add(j).map_or_else(|| Value::number(i as f64 + j as f64), Value::int));
    }
    if x.is_number() && y.is_number() {
        return Some(Value::number(x.num_unchecked() + y.num_unchecked()));
    }
    None
}

fn num_op(op: BinOp, a: f64, b: f64) -> f64 {
    use crate::ops::convert::{to_int32, to_uint32};
    match op {
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        BinOp::Mod => js_mod(a, b),
        BinOp::Exp => js_pow(a, b),
        BinOp::BitAnd => (to_int32(a) & to_int32(b)) as f64,
        BinOp::BitOr => (to_int32(a) | to_int32(b)) as f64,
        BinOp::BitXor => (to_int32(a) ^ to_int32(b)) as f64,
        BinOp::Shl => to_int32(a).wrapping_shl(to_uint32(b) & 31) as f64,
        BinOp::Shr => (to_int32(a) >> (to_uint32(b) & 31)) as f64,
        BinOp::UShr => (to_uint32(a) >> (to_uint32(b) & 31)) as f64,
    }
}

impl Vm {
    fn big(&self, v: Value) -> BigInt {
        v.as_bigint().map(|b| self.heap.bigint(b).clone()).unwrap_or_default()
    }
    pub fn new_bigint(&mut self, b: BigInt) -> Value {
        Value::bigint(self.heap.alloc_bigint(b))
    }

    /// The `+` operator.
    pub fn add(&mut self, a: Value, b: Value) -> JsResult<Value> {
        if a.is_number() && b.is_number() {
            return Ok(Value::number(a.num_unchecked() + b.num_unchecked()));
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return self.concat(x, y);
        }
        let pa = self.to_primitive(a, "default")?;
        let pb = self.to_primitive(b, "default")?;
        if pa.is_string() || pb.is_string() {
            let sa = self.to_str_id(pa)?;
            let sb = self.to_str_id(pb)?;
            return self.concat(sa, sb);
        }
        let na = self.to_numeric(pa)?;
        let nb = self.to_numeric(pb)?;
        if na.is_bigint() || nb.is_bigint() {
            if !(na.is_bigint() && nb.is_bigint()) {
                return self.throw_type("Cannot mix BigInt and other types, use explicit conversions");
            }
            let r = self.big(na) + self.big(nb);
            return Ok(self.new_bigint(r));
        }
        Ok(Value::number(na.num_unchecked() + nb.num_unchecked()))
    }

    pub fn concat(&mut self, a: crate::value::StrId, b: crate::value::StrId) -> JsResult<Value> {
        let (la, lb) = (self.heap.str_len(a), self.heap.str_len(b));
        if la == 0 {
            return Ok(Value::string(b));
        }
        if lb == 0 {
            return Ok(Value::string(a));
        }
        if la + lb >= crate::heap::MIN_ROPE_LEN {
            if la + lb > crate::heap::MAX_STRING_LEN {
                return self.throw_range("Invalid string length");
            }
            return Ok(Value::string(self.heap.alloc_rope(a, b)));
        }
        let (x, y) = (self.str_units(a), self.str_units(b));
        let mut v = Vec::with_capacity(x.len() + y.len());
        v.extend_from_slice(x);
        v.extend_from_slice(y);
        Ok(self.new_string_units(v))
    }

    /// Binary operators other than `+` and comparisons.
    pub fn binary(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        let na = self.to_numeric(a)?;
        let nb = self.to_numeric(b)?;
        if na.is_bigint() || nb.is_bigint() {
            if !(na.is_bigint() && nb.is_bigint()) {
                return self.throw_type("Cannot mix BigInt and other types, use explicit conversions");
            }
            let (x, y) = (self.big(na), self.big(nb));
            let r = match op {
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y.is_zero() {
                        return self.throw_range("Division by zero");
                    }
                    x / y
                }
                BinOp::Mod => {
                    if y.is_zero() {
                        return self.throw_range("Division by zero");
                    }
                    x % y
                }
                BinOp::Exp => {
                    if y.is_negative() {
                        return self.throw_range("Exponent must be non-negative");
                    }
                    match y.to_u32() {
                        Some(e) => num_traits::pow::Pow::pow(x, e),
                        None => {
                            if x.is_zero() || x == BigInt::from(1) {
                                x
                            } else {
                                return self.throw_range("Maximum BigInt size exceeded");
                            }
                        }
                    }
                }
                BinOp::BitAnd => x & y,
                BinOp::BitOr => x | y,
                BinOp::BitXor => x ^ y,
                BinOp::Shl | BinOp::Shr => {
                    let shift = match y.to_i64() {
                        Some(s) => s,
                        None => return self.throw_range("Maximum BigInt size exceeded"),
                    };
                    let left = if op == BinOp::Shl { shift } else { -shift };
                    if left >= 0 {
                        if left > 1 << 24 {
                            return self.throw_range("Maximum BigInt size exceeded");
                        }
                        x << (left as usize)
                    } else {
                        // Arithmetic shift right rounds toward -infinity.
                        let s = (-left).min(1 << 30) as usize;
                        if x.is_negative() {
                            -((-x - 1u32) >> s) - 1u32
                        } else {
                            x >> s
                        }
                    }
                }
                BinOp::UShr => return self.throw_type("BigInts have no unsigned right shift, use >> instead"),
            };
            return Ok(self.new_bigint(r));
        }
        Ok(Value::number(num_op(op, na.num_unchecked(), nb.num_unchecked())))
    }

    /// Unary minus.
    pub fn negate(&mut self, v: Value) -> JsResult<Value> {
        let n = self.to_numeric(v)?;
        if n.is_bigint() {
            let r = -self.big(n);
            return Ok(self.new_bigint(r));
        }
        Ok(Value::number(-n.num_unchecked()))
    }

    pub fn bit_not(&mut self, v: Value) -> JsResult<Value> {
        let n = self.to_numeric(v)?;
        if n.is_bigint() {
            let r = -self.big(n) - 1u32;
            return Ok(self.new_bigint(r));
        }
        Ok(Value::int(!crate::ops::convert::to_int32(n.num_unchecked())))
    }

    /// `++`/`--` on a numeric value.
    pub fn increment(&mut self, v: Value, delta: i32) -> JsResult<Value> {
        if v.is_bigint() {
            let r = self.big(v) + delta;
            return Ok(self.new_bigint(r));
        }
        let n = self.to_number(v)?;
        Ok(Value::number(n + delta as f64))
    }

    /// IsLessThan: Some(true/false), or None for undefined (NaN involved).
    pub fn less_than(&mut self, a: Value, b: Value, left_first: bool) -> JsResult<Option<bool>> {
        let (pa, pb) = if left_first {
            let x = self.to_primitive(a, "number")?;
            let y = self.to_primitive(b, "number")?;
            (x, y)
        } else {
            let y = self.to_primitive(b, "number")?;
            let x = self.to_primitive(a, "number")?;
            (x, y)
        };
        if let (Some(x), Some(y)) = (pa.as_string(), pb.as_string()) {
            return Ok(Some(self.str_units(x) < self.str_units(y)));
        }
        if pa.is_bigint() && pb.is_string() {
            let u = self.to_units(pb)?;
            let Some(y) = crate::builtins::bigint::string_to_bigint(&u) else { return Ok(None) };
            return Ok(Some(self.big(pa) < y));
        }
        if pa.is_string() && pb.is_bigint() {
            let u = self.to_units(pa)?;
            let Some(x) = crate::builtins::bigint::string_to_bigint(&u) else { return Ok(None) };
            return Ok(Some(x < self.big(pb)));
        }
        let na = self.to_numeric(pa)?;
        let nb = self.to_numeric(pb)?;
        match (na.is_bigint(), nb.is_bigint()) {
            (true, true) => Ok(Some(self.big(na) < self.big(nb))),
            (true, false) => {
                let y = nb.num_unchecked();
                if y.is_nan() {
                    return Ok(None);
                }
                Ok(Some(crate::builtins::bigint::compare_bigint_f64(&self.big(na), y) == std::cmp::Ordering::Less))
            }
            (false, true) => {
                let x = na.num_unchecked();
                if x.is_nan() {
                    return Ok(None);
                }
                Ok(Some(crate::builtins::bigint::compare_bigint_f64(&self.big(nb), x) == std::cmp::Ordering::Greater))
            }
            _ => {
                let (x, y) = (na.num_unchecked(), nb.num_unchecked());
                if x.is_nan() || y.is_nan() {
                    Ok(None)
                } else {
                    Ok(Some(x < y))
                }
            }
        }
    }

    /// `a instanceof b`.
    pub fn instance_of(&mut self, v: Value, target: Value) -> JsResult<bool> {
        if !target.is_object() {
            return self.throw_type("Right-hand side of 'instanceof' is not an object");
        }
        let hi = self.realm.sym.has_instance;
        if let Some(h) = self.get_method(target, PropKey::Sym(hi))? {
            let r = self.call(h, target, &[v])?;
            return Ok(crate::ops::convert::to_boolean(self, r));
        }
        if !self.is_callable(target) {
            return self.throw_type("Right-hand side of 'instanceof' is not callable");
        }
        self.ordinary_has_instance(target, v)
    }

    pub fn ordinary_has_instance(&mut self, c: Value, v: Value) -> JsResult<bool> {
        if !self.is_callable(c) {
            return Ok(false);
        }
        let Some(co) = c.as_object() else { return Ok(false) };
        if let crate::object::ObjectKind::Bound(b) = &self.obj(co).kind {
            let t = b.target;
            return self.instance_of(v, t);
        }
        let Some(mut o) = v.as_object() else { return Ok(false) };
        let pk = PropKey::Str(self.names.prototype);
        let proto = self.get(c, pk)?;
        if !proto.is_object() {
            return self.throw_type("Function has non-object prototype in instanceof check");
        }
        loop {
            let p = self.get_prototype_of(o)?;
            if p.is_null() {
                return Ok(false);
            }
            if p == proto {
                return Ok(true);
            }
            match p.as_object() {
                Some(x) => o = x,
                None => return Ok(false),
            }
        }
    }

    /// `key in obj`.
    pub fn has_in(&mut self, key: Value, obj: Value) -> JsResult<bool> {
        let Some(o) = obj.as_object() else {
            return self.throw_type("Cannot use 'in' operator to search for a key in a non-object");
        };
        let k = self.to_property_key(key)?;
        self.has_property(o, k)
    }
}
