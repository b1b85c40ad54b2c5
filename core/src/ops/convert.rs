//! Type conversions and equality (ECMA-262 §7.1, §7.2).

use crate::object::{ObjectKind, PropKey};
use crate::value::{StrId, Value};
use crate::{JsResult, Vm};

/// The canonical array index of a string, if it is one ("0".."4294967294").
pub fn array_index(units: &[u16]) -> Option<u32> {
    if units.is_empty() || units.len() > 10 {
        return None;
    }
    if units[0] == b'0' as u16 {
        return if units.len() == 1 { Some(0) } else { None };
    }
    let mut n: u64 = 0;
    for &u in units {
        if !(b'0' as u16..=b'9' as u16).contains(&u) {
            return None;
        }
        n = n * 10 + (u - b'0' as u16) as u64;
    }
    if n < u32::MAX as u64 {
        Some(n as u32)
    } else {
        None
    }
}

pub fn is_js_whitespace(u: u16) -> bool {
    matches!(u, 0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF)
}

pub fn trim_units(units: &[u16]) -> &[u16] {
    let start = units.iter().position(|&u| !is_js_whitespace(u)).unwrap_or(units.len());
    let end = units.iter().rposition(|&u| !is_js_whitespace(u)).map(|i| i + 1).unwrap_or(start);
    &units[start..end.max(start)]
}

/// StringToNumber.
pub fn string_to_number(units: &[u16]) -> f64 {
    let t = trim_units(units);
    if t.is_empty() {
        return 0.0;
    }
    let Ok(s) = String::from_utf16(t) else { return f64::NAN };
    let s = s.as_str();
    let radix = |prefix: &[&str], r: u32| -> Option<f64> {
        for p in prefix {
            if let Some(rest) = s.strip_prefix(p) {
                if rest.is_empty() || !rest.chars().all(|c| c.is_digit(r)) {
                    return Some(f64::NAN);
                }
                let mut v = 0f64;
                for c in rest.chars() {
                    v = v * r as f64 + c.to_digit(r).unwrap_or(0) as f64;
                }
                return Some(v);
            }
        }
        None
    };
    if let Some(v) = radix(&["0x", "0X"], 16).or_else(|| radix(&["0o", "0O"], 8)).or_else(|| radix(&["0b", "0B"], 2)) {
        return v;
    }
    let (sign, body) = match s.as_bytes()[0] {
        b'+' => (1.0, &s[1..]),
        b'-' => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    // StrDecimalLiteral: digits [. digits] [e[+-]digits] with at least one digit.
    let b = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return f64::NAN;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return f64::NAN;
        }
    }
    if i != b.len() {
        return f64::NAN;
    }
    body.parse::<f64>().map(|v| sign * v).unwrap_or(f64::NAN)
}

pub fn to_int32(n: f64) -> i32 {
    if !n.is_finite() {
        return 0;
    }
    let t = n.trunc();
    let m = t.rem_euclid(4294967296.0);
    (m as u64 as u32) as i32
}

pub fn to_uint32(n: f64) -> u32 {
    to_int32(n) as u32
}

pub fn to_integer_or_infinity(n: f64) -> f64 {
    if n.is_nan() {
        0.0
    } else if !n.is_finite() {
        n
    } else {
        n.trunc() + 0.0
    }
}

/// SameValue.
pub fn same_value(vm: &Vm, a: Value, b: Value) -> bool {
    if a.is_number() && b.is_number() {
        let (x, y) = (a.num_unchecked(), b.num_unchecked());
        if x.is_nan() && y.is_nan() {
            return true;
        }
        return x == y && x.is_sign_negative() == y.is_sign_negative();
    }
    same_non_number(vm, a, b)
}

/// SameValueZero.
pub fn same_value_zero(vm: &Vm, a: Value, b: Value) -> bool {
    if a.is_number() && b.is_number() {
        let (x, y) = (a.num_unchecked(), b.num_unchecked());
        return x == y || (x.is_nan() && y.is_nan());
    }
    same_non_number(vm, a, b)
}

fn same_non_number(vm: &Vm, a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    match (a.as_string(), b.as_string()) {
        (Some(x), Some(y)) => return vm.str_units(x) == vm.str_units(y),
        _ => {}
    }
    match (a.as_bigint(), b.as_bigint()) {
        (Some(x), Some(y)) => vm.heap.bigint(x) == vm.heap.bigint(y),
        _ => false,
    }
}

/// IsStrictlyEqual.
pub fn strict_equals(vm: &Vm, a: Value, b: Value) -> bool {
    if a.is_number() && b.is_number() {
        return a.num_unchecked() == b.num_unchecked();
    }
    same_non_number(vm, a, b)
}

pub fn to_boolean(vm: &Vm, v: Value) -> bool {
    if let Some(b) = v.as_bool() {
        return b;
    }
    if let Some(i) = v.as_int() {
        return i != 0;
    }
    if v.is_double() {
        let n = v.num_unchecked();
        return !(n == 0.0 || n.is_nan());
    }
    if v.is_nullish() {
        return false;
    }
    if let Some(s) = v.as_string() {
        return !vm.str_units(s).is_empty();
    }
    if let Some(b) = v.as_bigint() {
        return !num_traits::Zero::is_zero(vm.heap.bigint(b));
    }
    if let Some(o) = v.as_object() {
        return vm.obj(o).flags & crate::object::flags::HTMLDDA == 0;
    }
    true
}

pub fn typeof_str(vm: &Vm, v: Value) -> &'static str {
    if v.is_number() {
        "number"
    } else if v.is_string() {
        "string"
    } else if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "object"
    } else if v.is_bool() {
        "boolean"
    } else if v.is_symbol() {
        "symbol"
    } else if v.is_bigint() {
        "bigint"
    } else if let Some(o) = v.as_object() {
        let obj = vm.obj(o);
        if obj.flags & crate::object::flags::HTMLDDA != 0 {
            "undefined"
        } else if obj.is_callable() {
            "function"
        } else {
            "object"
        }
    } else {
        "undefined"
    }
}

impl Vm {
    pub fn is_callable(&self, v: Value) -> bool {
        v.as_object().is_some_and(|o| self.obj(o).is_callable())
    }
    pub fn is_constructor(&self, v: Value) -> bool {
        v.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::CONSTRUCTOR != 0)
    }

    /// ToPrimitive with hint "default", "number" or "string".
    pub fn to_primitive(&mut self, v: Value, hint: &str) -> JsResult<Value> {
        let Some(o) = v.as_object() else { return Ok(v) };
        let tp = self.realm.sym.to_primitive;
        let exotic = self.get(Value::object(o), PropKey::Sym(tp))?;
        if !exotic.is_nullish() {
            if !self.is_callable(exotic) {
                return self.throw_type("Symbol.toPrimitive is not a function");
            }
            let h = self.new_string(hint);
            let r = self.call(exotic, v, &[h])?;
            if r.is_object() {
                return self.throw_type("Cannot convert object to primitive value");
            }
            return Ok(r);
        }
        let order = if hint == "string" { [self.names.to_string, self.names.value_of] } else { [self.names.value_of, self.names.to_string] };
        for name in order {
            let f = self.get(v, PropKey::Str(name))?;
            if self.is_callable(f) {
                let r = self.call(f, v, &[])?;
                if !r.is_object() {
                    return Ok(r);
                }
            }
        }
        self.throw_type("Cannot convert object to primitive value")
    }

    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        if let Some(n) = v.as_number() {
            return Ok(n);
        }
        if v.is_undefined() {
            return Ok(f64::NAN);
        }
        if v.is_null() || v == Value::FALSE {
            return Ok(0.0);
        }
        if v == Value::TRUE {
            return Ok(1.0);
        }
        if let Some(s) = v.as_string() {
            return Ok(string_to_number(self.str_units(s)));
        }
        if v.is_symbol() {
            return self.throw_type("Cannot convert a Symbol value to a number");
        }
        if v.is_bigint() {
            return self.throw_type("Cannot convert a BigInt value to a number");
        }
        if !v.is_object() {
            // Internal markers (holes, TDZ) never reach user code; be safe anyway.
            return Ok(f64::NAN);
        }
        let p = self.to_primitive(v, "number")?;
        self.to_number(p)
    }

    /// ToNumeric: a Number value or a BigInt value.
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Value> {
        if v.is_number() || v.is_bigint() {
            return Ok(v);
        }
        let p = self.to_primitive(v, "number")?;
        if p.is_bigint() {
            return Ok(p);
        }
        Ok(Value::number(self.to_number(p)?))
    }

    pub fn to_int32(&mut self, v: Value) -> JsResult<i32> {
        if let Some(i) = v.as_int() {
            return Ok(i);
        }
        Ok(to_int32(self.to_number(v)?))
    }
    pub fn to_uint32(&mut self, v: Value) -> JsResult<u32> {
        Ok(self.to_int32(v)? as u32)
    }
    pub fn to_integer_or_infinity(&mut self, v: Value) -> JsResult<f64> {
        if let Some(i) = v.as_int() {
            return Ok(i as f64);
        }
        Ok(to_integer_or_infinity(self.to_number(v)?))
    }
    /// ToLength.
    pub fn to_length(&mut self, v: Value) -> JsResult<f64> {
        let n = self.to_integer_or_infinity(v)?;
        Ok(n.clamp(0.0, 9007199254740991.0))
    }
    /// ToIndex.
    pub fn to_index(&mut self, v: Value) -> JsResult<usize> {
        if v.is_undefined() {
            return Ok(0);
        }
        let n = self.to_integer_or_infinity(v)?;
        if !(0.0..=9007199254740991.0).contains(&n) {
            return self.throw_range("Invalid index");
        }
        Ok(n as usize)
    }

    /// ToString, as a string value.
    pub fn to_string(&mut self, v: Value) -> JsResult<Value> {
        if v.is_string() {
            return Ok(v);
        }
        let s: String = if let Some(i) = v.as_int() {
            i.to_string()
        } else if v.is_double() {
            crate::builtins::number::number_to_string(v.num_unchecked())
        } else if v.is_undefined() {
            "undefined".into()
        } else if v.is_null() {
            "null".into()
        } else if v == Value::TRUE {
            "true".into()
        } else if v == Value::FALSE {
            "false".into()
        } else if v.is_symbol() {
            return self.throw_type("Cannot convert a Symbol value to a string");
        } else if let Some(b) = v.as_bigint() {
            self.heap.bigint(b).to_string()
        } else if v.is_object() {
            let p = self.to_primitive(v, "string")?;
            return self.to_string(p);
        } else {
            // Internal markers (holes, TDZ) never reach user code, except from
            // corrupt code; ToPrimitive would return them unchanged, forever.
            "undefined".into()
        };
        Ok(self.new_string(&s))
    }
    /// ToString, as a string id.
    pub fn to_str_id(&mut self, v: Value) -> JsResult<StrId> {
        let s = self.to_string(v)?;
        Ok(s.as_string().unwrap_or(self.names.empty))
    }
    /// ToString, as UTF-16 units (copied).
    pub fn to_units(&mut self, v: Value) -> JsResult<Vec<u16>> {
        let s = self.to_str_id(v)?;
        Ok(self.str_units(s).to_vec())
    }
    /// ToString, as Rust text (lossy for lone surrogates).
    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        let s = self.to_str_id(v)?;
        Ok(self.heap.string_lossy(s))
    }

    /// ToPropertyKey.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<PropKey> {
        if let Some(i) = v.as_int() {
            if i >= 0 {
                return Ok(PropKey::Index(i as u32));
            }
        }
        if let Some(s) = v.as_symbol() {
            return Ok(PropKey::Sym(s));
        }
        if let Some(s) = v.as_string() {
            if self.heap.is_interned(s) {
                let units = self.heap.str(s);
                if let Some(i) = array_index(units) {
                    return Ok(PropKey::Index(i));
                }
                return Ok(PropKey::Str(s));
            }
            let units = self.heap.str(s).to_vec();
            return Ok(self.key_units(&units));
        }
        let p = if v.is_object() { self.to_primitive(v, "string")? } else { v };
        if let Some(s) = p.as_symbol() {
            return Ok(PropKey::Sym(s));
        }
        let s = self.to_string(p)?;
        self.to_property_key(s)
    }

    /// ToObject.
    pub fn to_object(&mut self, v: Value) -> JsResult<crate::value::ObjId> {
        if let Some(o) = v.as_object() {
            return Ok(o);
        }
        if v.is_nullish() {
            return self.throw_type(&format!("Cannot convert {} to object", if v.is_null() { "null" } else { "undefined" }));
        }
        let (proto, kind) = if let Some(b) = v.as_bool() {
            (self.realm.boolean_proto, ObjectKind::BooleanBox(b))
        } else if let Some(n) = v.as_number() {
            (self.realm.number_proto, ObjectKind::NumberBox(n))
        } else if let Some(s) = v.as_string() {
            (self.realm.string_proto, ObjectKind::StringBox(s))
        } else if let Some(s) = v.as_symbol() {
            (self.realm.symbol_proto, ObjectKind::SymbolBox(s))
        } else {
            (self.realm.bigint_proto, ObjectKind::BigIntBox(v))
        };
        let o = self.alloc(crate::object::JsObject::new(Value::object(proto), kind));
        if let Some(s) = v.as_string() {
            let len = self.heap.str_len(s);
            let lk = self.names.length;
            self.put(o, PropKey::Str(lk), Value::int(len as i32), 0);
        }
        Ok(o)
    }

    /// IsLooselyEqual (==).
    pub fn loose_equals(&mut self, a: Value, b: Value) -> JsResult<bool> {
        if a.is_number() && b.is_number() {
            return Ok(a.num_unchecked() == b.num_unchecked());
        }
        let ta = a.tag();
        let tb = b.tag();
        if ta == tb && !a.is_number() && !a.is_nullish() && !b.is_nullish() {
            return Ok(strict_equals(self, a, b));
        }
        let ua = a.is_nullish() || a.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::HTMLDDA != 0);
        let ub = b.is_nullish() || b.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::HTMLDDA != 0);
        if a.is_nullish() || b.is_nullish() {
            return Ok(ua && ub);
        }
        if a.is_number() && b.is_string() {
            let n = self.to_number(b)?;
            return Ok(a.num_unchecked() == n);
        }
        if a.is_string() && b.is_number() {
            let n = self.to_number(a)?;
            return Ok(n == b.num_unchecked());
        }
        if a.is_bigint() && b.is_string() {
            let u = self.to_units(b)?;
            return Ok(match crate::builtins::bigint::string_to_bigint(&u) {
                Some(n) => Some(&n) == a.as_bigint().map(|x| self.heap.bigint(x)),
                None => false,
            });
        }
        if a.is_string() && b.is_bigint() {
            return self.loose_equals(b, a);
        }
        if a.is_bool() {
            let n = Value::number(self.to_number(a)?);
            return self.loose_equals(n, b);
        }
        if b.is_bool() {
            let n = Value::number(self.to_number(b)?);
            return self.loose_equals(a, n);
        }
        if (a.is_number() || a.is_string() || a.is_bigint() || a.is_symbol()) && b.is_object() {
            let p = self.to_primitive(b, "default")?;
            return self.loose_equals(a, p);
        }
        if a.is_object() && (b.is_number() || b.is_string() || b.is_bigint() || b.is_symbol()) {
            let p = self.to_primitive(a, "default")?;
            return self.loose_equals(p, b);
        }
        if a.is_bigint() && b.is_number() || a.is_number() && b.is_bigint() {
            let (big, num) = if a.is_bigint() { (a, b) } else { (b, a) };
            let n = num.num_unchecked();
            if !n.is_finite() || n.fract() != 0.0 {
                return Ok(false);
            }
            let bi = big.as_bigint().map(|x| self.heap.bigint(x).clone());
            return Ok(bi.is_some_and(|x| crate::builtins::bigint::bigint_equals_f64(&x, n)));
        }
        Ok(false)
    }
}
