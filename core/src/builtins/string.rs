//! String (ECMA-262 §22.1 and Annex B.2.2), with UTF-16 semantics: a string is
//! a sequence of code units and lone surrogates survive every operation.

use super::arg;
use super::regexp::{
    code_point_at, get_substitution, is_regexp, regexp_create, string_index_of, MAX_STRING_LEN,
};
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{StrId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let e = vm.names.empty;
    let proto = vm.alloc(JsObject::new(op, ObjectKind::StringBox(e)));
    let lk = PropKey::Str(vm.names.length);
    vm.put(proto, lk, Value::int(0), attrs::NONE);
    vm.realm.string_proto = proto;
    let ctor = vm.new_constructor("String", 1, string_ctor, proto);
    vm.realm.string_ctor = ctor;
    vm.define_method(ctor, "fromCharCode", 1, from_char_code);
    vm.define_method(ctor, "fromCodePoint", 1, from_code_point);
    vm.define_method(ctor, "raw", 1, raw);

    let methods: &[(&str, u32, crate::object::NativeFn)] = &[
        ("at", 1, at),
        ("charAt", 1, char_at),
        ("charCodeAt", 1, char_code_at),
        ("codePointAt", 1, code_point_at_m),
        ("concat", 1, concat),
        ("endsWith", 1, ends_with),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("isWellFormed", 0, is_well_formed),
        ("lastIndexOf", 1, last_index_of),
        ("localeCompare", 1, locale_compare),
        ("match", 1, match_),
        ("matchAll", 1, match_all),
        ("normalize", 0, normalize),
        ("padEnd", 1, pad_end),
        ("padStart", 1, pad_start),
        ("repeat", 1, repeat),
        ("replace", 2, replace),
        ("replaceAll", 2, replace_all),
        ("search", 1, search),
        ("slice", 2, slice),
        ("split", 2, split),
        ("startsWith", 1, starts_with),
        ("substr", 2, substr),
        ("substring", 2, substring),
        ("toLocaleLowerCase", 0, to_lower_case),
        ("toLocaleUpperCase", 0, to_upper_case),
        ("toLowerCase", 0, to_lower_case),
        ("toString", 0, this_string_value),
        ("toUpperCase", 0, to_upper_case),
        ("toWellFormed", 0, to_well_formed),
        ("trim", 0, trim),
        ("valueOf", 0, this_string_value),
    ];
    for &(name, len, f) in methods {
        vm.define_method(proto, name, len, f);
    }
    let ts = vm.define_method(proto, "trimStart", 0, trim_start);
    let te = vm.define_method(proto, "trimEnd", 0, trim_end);
    vm.put_str(proto, "trimLeft", Value::object(ts), attrs::HIDDEN);
    vm.put_str(proto, "trimRight", Value::object(te), attrs::HIDDEN);
    let it = vm.realm.sym.iterator;
    vm.define_method_sym(proto, it, "[Symbol.iterator]", 0, string_iterator);

    // Annex B.2.2.2-14: HTML methods.
    let html: &[(&str, &str, &str)] = &[
        ("anchor", "a", "name"),
        ("big", "big", ""),
        ("blink", "blink", ""),
        ("bold", "b", ""),
        ("fixed", "tt", ""),
        ("fontcolor", "font", "color"),
        ("fontsize", "font", "size"),
        ("italics", "i", ""),
        ("link", "a", "href"),
        ("small", "small", ""),
        ("strike", "strike", ""),
        ("sub", "sub", ""),
        ("sup", "sup", ""),
    ];
    for &(name, tag, attr) in html {
        let t = Value::string(vm.intern(tag));
        let a = Value::string(vm.intern(attr));
        let len = if attr.is_empty() { 0 } else { 1 };
        let f = vm.new_native_with(name, len, create_html, false, vec![t, a]);
        vm.put_str(proto, name, Value::object(f), attrs::HIDDEN);
    }

    let ip = Value::object(vm.realm.iterator_proto);
    let sip = vm.new_object_with_proto(ip);
    vm.realm.string_iterator_proto = sip;
    vm.define_method(sip, "next", 0, string_iterator_next);
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("String Iterator");
    vm.put(sip, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("String", Value::object(ctor));
}

fn string_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let s = if a.is_empty() {
        Value::string(vm.names.empty)
    } else if nt.is_undefined() && a[0].is_symbol() {
        let sym = a[0].as_symbol().unwrap_or(crate::value::SymId(0));
        super::symbol::descriptive_string(vm, sym)
    } else {
        vm.to_string(a[0])?
    };
    if nt.is_undefined() {
        return Ok(s);
    }
    vm.root(s);
    let sp = vm.realm.string_proto;
    let proto = vm.proto_from_ctor(nt, sp)?;
    let o = vm.to_object(s)?;
    vm.obj_mut(o).proto = proto;
    Ok(Value::object(o))
}

fn this_string_value(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.as_object() {
        if let ObjectKind::StringBox(s) = vm.obj(o).kind {
            return Ok(Value::string(s));
        }
    }
    vm.throw_type("String.prototype.valueOf requires that 'this' be a String")
}

// ----- helpers ---------------------------------------------------------------------------

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// RequireObjectCoercible(this) + ToString, rooted.
fn this_str(vm: &mut Vm, this: Value, method: &str) -> JsResult<StrId> {
    if this.is_nullish() {
        return vm.throw_type(&format!(
            "String.prototype.{method} called on null or undefined"
        ));
    }
    if let Some(s) = this.as_string() {
        return Ok(s);
    }
    let s = vm.to_str_id(this)?;
    vm.root(Value::string(s));
    Ok(s)
}

fn rooted_str(vm: &mut Vm, v: Value) -> JsResult<StrId> {
    let s = vm.to_str_id(v)?;
    vm.root(Value::string(s));
    Ok(s)
}

fn new_str(vm: &mut Vm, u: Vec<u16>) -> JsResult<Value> {
    if u.len() > MAX_STRING_LEN {
        return vm.throw_range("Invalid string length");
    }
    Ok(vm.new_string_units(u))
}

fn sub(vm: &mut Vm, s: StrId, from: usize, to: usize) -> Value {
    let u = vm.str_units(s);
    let to = to.min(u.len());
    let from = from.min(to);
    if from == 0 && to == u.len() {
        return Value::string(s);
    }
    let v = u[from..to].to_vec();
    vm.new_string_units(v)
}

fn clamp_index(n: f64, len: usize) -> usize {
    n.clamp(0.0, len as f64) as usize
}

/// A relative index (negative counts from the end), clamped to [0, len].
fn relative_index(n: f64, len: usize) -> usize {
    if n < 0.0 {
        (len as f64 + n).max(0.0) as usize
    } else {
        n.min(len as f64) as usize
    }
}

// ----- constructor functions -------------------------------------------------------------

fn from_char_code(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let mut out = Vec::with_capacity(a.len());
    for &v in a {
        out.push(vm.to_uint32(v)? as u16);
    }
    Ok(vm.new_string_units(out))
}

fn from_code_point(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let mut out = Vec::with_capacity(a.len());
    for &v in a {
        let n = vm.to_number(v)?;
        if n.trunc() != n || !(0.0..=1114111.0).contains(&n) || n.is_nan() {
            let t = vm.to_rust_string(Value::number(n)).unwrap_or_default();
            return vm.throw_range(&format!("Invalid code point {t}"));
        }
        push_code_point(&mut out, n as u32);
    }
    new_str(vm, out)
}

fn push_code_point(out: &mut Vec<u16>, c: u32) {
    if c >= 0x10000 {
        let c = c - 0x10000;
        out.push(0xD800 + (c >> 10) as u16);
        out.push(0xDC00 + (c & 0x3FF) as u16);
    } else {
        out.push(c as u16);
    }
}

fn raw(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let subs = if a.len() > 1 { &a[1..] } else { &[] };
    let cooked = vm.to_object(arg(a, 0))?;
    let rk = PropKey::Str(vm.names.raw);
    let r = vm.get(Value::object(cooked), rk)?;
    let r = vm.to_object(r)?;
    vm.root(Value::object(r));
    let literal_count = vm.length_of(Value::object(r))? as u64;
    let mut out = Vec::new();
    let mut i = 0u64;
    while i < literal_count {
        let next = vm.get_index(Value::object(r), i)?;
        out.extend(vm.to_units(next)?);
        if i + 1 == literal_count {
            break;
        }
        if let Some(&s) = subs.get(i as usize) {
            out.extend(vm.to_units(s)?);
        }
        if out.len() > MAX_STRING_LEN {
            return vm.throw_range("Invalid string length");
        }
        i += 1;
    }
    new_str(vm, out)
}

// ----- character access ------------------------------------------------------------------

fn at(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "at")?;
    let rel = vm.to_integer_or_infinity(arg(a, 0))?;
    let len = vm.heap.str_len(s) as f64;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    let u = vm.str_units(s)[k as usize];
    Ok(vm.new_string_units(vec![u]))
}

fn char_at(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "charAt")?;
    let pos = vm.to_integer_or_infinity(arg(a, 0))?;
    let len = vm.heap.str_len(s) as f64;
    if pos < 0.0 || pos >= len {
        return Ok(Value::string(vm.names.empty));
    }
    let u = vm.str_units(s)[pos as usize];
    Ok(vm.new_string_units(vec![u]))
}

fn char_code_at(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "charCodeAt")?;
    let pos = vm.to_integer_or_infinity(arg(a, 0))?;
    let u = vm.str_units(s);
    if pos < 0.0 || pos >= u.len() as f64 {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::int(u[pos as usize] as i32))
}

fn code_point_at_m(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "codePointAt")?;
    let pos = vm.to_integer_or_infinity(arg(a, 0))?;
    let u = vm.str_units(s);
    if pos < 0.0 || pos >= u.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(code_point_at(u, pos as usize).0 as i32))
}

// ----- searching -------------------------------------------------------------------------

fn concat(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "concat")?;
    // Through the `+` operator's concatenation, so long results are ropes.
    let mut acc = s;
    for &v in a {
        let next = rooted_str(vm, v)?;
        acc = vm.concat(acc, next)?.as_string().unwrap_or(acc);
        vm.root(Value::string(acc));
    }
    Ok(Value::string(acc))
}

/// The search string of includes/startsWith/endsWith (a RegExp is a TypeError).
fn search_string(vm: &mut Vm, v: Value, method: &str) -> JsResult<StrId> {
    if is_regexp(vm, v)? {
        return vm.throw_type(&format!(
            "First argument to String.prototype.{method} must not be a regular expression"
        ));
    }
    rooted_str(vm, v)
}

fn ends_with(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "endsWith")?;
    let ss = search_string(vm, arg(a, 0), "endsWith")?;
    let len = vm.heap.str_len(s);
    let end = if arg(a, 1).is_undefined() {
        len
    } else {
        clamp_index(vm.to_integer_or_infinity(arg(a, 1))?, len)
    };
    let su = vm.str_units(ss);
    let u = vm.str_units(s);
    if su.len() > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(&u[end - su.len()..end] == su))
}

fn starts_with(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "startsWith")?;
    let ss = search_string(vm, arg(a, 0), "startsWith")?;
    let len = vm.heap.str_len(s);
    let start = clamp_index(vm.to_integer_or_infinity(arg(a, 1))?, len);
    let su = vm.str_units(ss);
    let u = vm.str_units(s);
    if start + su.len() > len {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(&u[start..start + su.len()] == su))
}

fn includes(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "includes")?;
    let ss = search_string(vm, arg(a, 0), "includes")?;
    let len = vm.heap.str_len(s);
    let start = clamp_index(vm.to_integer_or_infinity(arg(a, 1))?, len);
    Ok(Value::bool(
        string_index_of(vm.str_units(s), vm.str_units(ss), start).is_some(),
    ))
}

fn index_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "indexOf")?;
    let ss = rooted_str(vm, arg(a, 0))?;
    let len = vm.heap.str_len(s);
    let start = clamp_index(vm.to_integer_or_infinity(arg(a, 1))?, len);
    Ok(
        match string_index_of(vm.str_units(s), vm.str_units(ss), start) {
            Some(i) => Value::number(i as f64),
            None => Value::int(-1),
        },
    )
}

fn last_index_of(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "lastIndexOf")?;
    let ss = rooted_str(vm, arg(a, 0))?;
    let num_pos = vm.to_number(arg(a, 1))?;
    let pos = if num_pos.is_nan() {
        f64::INFINITY
    } else {
        crate::ops::convert::to_integer_or_infinity(num_pos)
    };
    let u = vm.str_units(s);
    let su = vm.str_units(ss);
    let len = u.len();
    let start = clamp_index(pos, len);
    if su.len() > len {
        return Ok(Value::int(-1));
    }
    let mut i = start.min(len - su.len()) as isize;
    while i >= 0 {
        let k = i as usize;
        if &u[k..k + su.len()] == su {
            return Ok(Value::number(k as f64));
        }
        i -= 1;
    }
    Ok(Value::int(-1))
}

// ----- well-formedness, comparison, normalisation -----------------------------------------

fn is_well_formed(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "isWellFormed")?;
    Ok(Value::bool(
        char::decode_utf16(vm.str_units(s).iter().copied()).all(|r| r.is_ok()),
    ))
}

fn to_well_formed(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "toWellFormed")?;
    let u = vm.str_units(s);
    if char::decode_utf16(u.iter().copied()).all(|r| r.is_ok()) {
        return Ok(Value::string(s));
    }
    let mut out = Vec::with_capacity(u.len());
    for r in char::decode_utf16(u.iter().copied()) {
        let c = r.unwrap_or('\u{FFFD}');
        let mut b = [0u16; 2];
        out.extend_from_slice(c.encode_utf16(&mut b));
    }
    Ok(vm.new_string_units(out))
}

/// Splits UTF-16 into well-formed runs and lone surrogates, maps each run as
/// Rust text with `f`, and re-encodes (lone surrogates pass through).
fn map_runs(u: &[u16], f: impl Fn(&str) -> String) -> Vec<u16> {
    let mut out = Vec::with_capacity(u.len());
    let mut run = String::new();
    for r in char::decode_utf16(u.iter().copied()) {
        match r {
            Ok(c) => run.push(c),
            Err(e) => {
                if !run.is_empty() {
                    out.extend(f(&run).encode_utf16());
                    run.clear();
                }
                out.push(e.unpaired_surrogate());
            }
        }
    }
    if !run.is_empty() {
        out.extend(f(&run).encode_utf16());
    }
    out
}

fn nfc(u: &[u16]) -> Vec<u16> {
    use unicode_normalization::UnicodeNormalization;
    map_runs(u, |s| s.nfc().collect())
}

fn locale_compare(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "localeCompare")?;
    let that = rooted_str(vm, arg(a, 0))?;
    let x = nfc(vm.str_units(s));
    let y = nfc(vm.str_units(that));
    Ok(Value::int(match x.cmp(&y) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

fn normalize(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    use unicode_normalization::UnicodeNormalization;
    let s = this_str(vm, this, "normalize")?;
    let form = if arg(a, 0).is_undefined() {
        "NFC".to_string()
    } else {
        vm.to_rust_string(arg(a, 0))?
    };
    let u = vm.str_units(s);
    let out = match form.as_str() {
        "NFC" => map_runs(u, |t| t.nfc().collect()),
        "NFD" => map_runs(u, |t| t.nfd().collect()),
        "NFKC" => map_runs(u, |t| t.nfkc().collect()),
        "NFKD" => map_runs(u, |t| t.nfkd().collect()),
        _ => {
            return vm.throw_range("The normalization form should be one of NFC, NFD, NFKC, NFKD.")
        }
    };
    if out.as_slice() == vm.str_units(s) {
        return Ok(Value::string(s));
    }
    Ok(vm.new_string_units(out))
}

// ----- padding, repeat, slicing ----------------------------------------------------------

fn pad(vm: &mut Vm, this: Value, a: &[Value], at_start: bool) -> JsResult<Value> {
    let s = this_str(vm, this, if at_start { "padStart" } else { "padEnd" })?;
    let max_len = vm.to_length(arg(a, 0))?;
    let len = vm.heap.str_len(s);
    if max_len <= len as f64 {
        return Ok(Value::string(s));
    }
    let fill: Vec<u16> = if arg(a, 1).is_undefined() {
        vec![b' ' as u16]
    } else {
        vm.to_units(arg(a, 1))?
    };
    if fill.is_empty() {
        return Ok(Value::string(s));
    }
    if max_len > MAX_STRING_LEN as f64 {
        return vm.throw_range("Invalid string length");
    }
    let fill_len = max_len as usize - len;
    let filler: Vec<u16> = fill.iter().copied().cycle().take(fill_len).collect();
    let mut out = Vec::with_capacity(max_len as usize);
    if at_start {
        out.extend(filler);
        out.extend_from_slice(vm.str_units(s));
    } else {
        out.extend_from_slice(vm.str_units(s));
        out.extend(filler);
    }
    Ok(vm.new_string_units(out))
}

fn pad_start(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    pad(vm, this, a, true)
}

fn pad_end(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    pad(vm, this, a, false)
}

fn repeat(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "repeat")?;
    let n = vm.to_integer_or_infinity(arg(a, 0))?;
    if n < 0.0 || n == f64::INFINITY {
        return vm.throw_range("Invalid count value");
    }
    let len = vm.heap.str_len(s);
    if n == 0.0 || len == 0 {
        return Ok(Value::string(vm.names.empty));
    }
    if n * len as f64 > MAX_STRING_LEN as f64 {
        return vm.throw_range("Invalid string length");
    }
    let out = vm.str_units(s).repeat(n as usize);
    Ok(vm.new_string_units(out))
}

fn slice(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "slice")?;
    let len = vm.heap.str_len(s);
    let from = relative_index(vm.to_integer_or_infinity(arg(a, 0))?, len);
    let to = if arg(a, 1).is_undefined() {
        len
    } else {
        relative_index(vm.to_integer_or_infinity(arg(a, 1))?, len)
    };
    if from >= to {
        return Ok(Value::string(vm.names.empty));
    }
    Ok(sub(vm, s, from, to))
}

fn substring(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "substring")?;
    let len = vm.heap.str_len(s);
    let start = clamp_index(vm.to_integer_or_infinity(arg(a, 0))?, len);
    let end = if arg(a, 1).is_undefined() {
        len
    } else {
        clamp_index(vm.to_integer_or_infinity(arg(a, 1))?, len)
    };
    Ok(sub(vm, s, start.min(end), start.max(end)))
}

fn substr(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "substr")?;
    let size = vm.heap.str_len(s);
    let start = relative_index(vm.to_integer_or_infinity(arg(a, 0))?, size);
    let length = if arg(a, 1).is_undefined() {
        size as f64
    } else {
        vm.to_integer_or_infinity(arg(a, 1))?
    };
    let length = length.clamp(0.0, size as f64) as usize;
    let end = (start + length).min(size);
    if start >= end {
        return Ok(Value::string(vm.names.empty));
    }
    Ok(sub(vm, s, start, end))
}

// ----- case, trimming --------------------------------------------------------------------

fn to_lower_case(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "toLowerCase")?;
    let u = vm.str_units(s);
    if u.iter()
        .all(|&c| c < 128 && !(b'A' as u16..=b'Z' as u16).contains(&c))
    {
        return Ok(Value::string(s));
    }
    let out = map_runs(u, |t| t.to_lowercase());
    new_str(vm, out)
}

fn to_upper_case(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "toUpperCase")?;
    let u = vm.str_units(s);
    if u.iter()
        .all(|&c| c < 128 && !(b'a' as u16..=b'z' as u16).contains(&c))
    {
        return Ok(Value::string(s));
    }
    let out = map_runs(u, |t| t.to_uppercase());
    new_str(vm, out)
}

fn trim_impl(vm: &mut Vm, this: Value, start: bool, end: bool, method: &str) -> JsResult<Value> {
    use crate::ops::convert::is_js_whitespace;
    let s = this_str(vm, this, method)?;
    let u = vm.str_units(s);
    let mut from = 0;
    let mut to = u.len();
    if start {
        while from < to && is_js_whitespace(u[from]) {
            from += 1;
        }
    }
    if end {
        while to > from && is_js_whitespace(u[to - 1]) {
            to -= 1;
        }
    }
    Ok(sub(vm, s, from, to))
}

fn trim(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, true, "trim")
}

fn trim_start(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, false, "trimStart")
}

fn trim_end(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    trim_impl(vm, this, false, true, "trimEnd")
}

// ----- RegExp-dispatching methods --------------------------------------------------------

/// Calls `regexp[sym](...)` if the argument is an object with that method
/// (primitives are not consulted, as of ES2025).
fn dispatch(
    vm: &mut Vm,
    target: Value,
    sym: crate::value::SymId,
    args: &[Value],
) -> JsResult<Option<Value>> {
    if !target.is_object() {
        return Ok(None);
    }
    match vm.get_method(target, PropKey::Sym(sym))? {
        Some(m) => Ok(Some(vm.call(m, target, args)?)),
        None => Ok(None),
    }
}

fn require_coercible(vm: &mut Vm, this: Value, method: &str) -> JsResult<()> {
    if this.is_nullish() {
        return vm.throw_type(&format!(
            "String.prototype.{method} called on null or undefined"
        ));
    }
    Ok(())
}

/// Invoke(rx, sym, «s»).
fn invoke_sym(vm: &mut Vm, rx: Value, sym: crate::value::SymId, args: &[Value]) -> JsResult<Value> {
    vm.root(rx);
    let f = vm.get(rx, PropKey::Sym(sym))?;
    if !vm.is_callable(f) {
        return vm.throw_type("RegExp method is not a function");
    }
    vm.call(f, rx, args)
}

fn match_(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "match")?;
    let regexp = arg(a, 0);
    let sym = vm.realm.sym.match_;
    if let Some(r) = dispatch(vm, regexp, sym, &[this])? {
        return Ok(r);
    }
    let s = rooted_str(vm, this)?;
    let rx = regexp_create(vm, regexp, Value::UNDEFINED)?;
    invoke_sym(vm, rx, sym, &[Value::string(s)])
}

fn match_all(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "matchAll")?;
    let regexp = arg(a, 0);
    let sym = vm.realm.sym.match_all;
    if !regexp.is_nullish() {
        if is_regexp(vm, regexp)? {
            check_global_flag(vm, regexp, "matchAll")?;
        }
        if let Some(r) = dispatch(vm, regexp, sym, &[this])? {
            return Ok(r);
        }
    }
    let s = rooted_str(vm, this)?;
    let g = vm.new_string("g");
    let rx = regexp_create(vm, regexp, g)?;
    invoke_sym(vm, rx, sym, &[Value::string(s)])
}

/// `flags` of a RegExp argument must contain "g" (matchAll, replaceAll).
fn check_global_flag(vm: &mut Vm, regexp: Value, method: &str) -> JsResult<()> {
    let fk = PropKey::Str(vm.names.flags);
    let flags = vm.get(regexp, fk)?;
    if flags.is_nullish() {
        return vm.throw_type("RegExp flags is null or undefined");
    }
    let f = vm.to_units(flags)?;
    if !f.contains(&(b'g' as u16)) {
        return vm.throw_type(&format!(
            "String.prototype.{method} called with a non-global RegExp argument"
        ));
    }
    Ok(())
}

fn search(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "search")?;
    let regexp = arg(a, 0);
    let sym = vm.realm.sym.search;
    if let Some(r) = dispatch(vm, regexp, sym, &[this])? {
        return Ok(r);
    }
    let s = rooted_str(vm, this)?;
    let rx = regexp_create(vm, regexp, Value::UNDEFINED)?;
    invoke_sym(vm, rx, sym, &[Value::string(s)])
}

fn replace(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "replace")?;
    let search_value = arg(a, 0);
    let replace_value = arg(a, 1);
    let sym = vm.realm.sym.replace;
    if let Some(r) = dispatch(vm, search_value, sym, &[this, replace_value])? {
        return Ok(r);
    }
    let s = rooted_str(vm, this)?;
    let ss = rooted_str(vm, search_value)?;
    let functional = vm.is_callable(replace_value);
    let template = if functional {
        None
    } else {
        Some(rooted_str(vm, replace_value)?)
    };
    let Some(pos) = string_index_of(vm.str_units(s), vm.str_units(ss), 0) else {
        return Ok(Value::string(s));
    };
    let search_len = vm.heap.str_len(ss);
    let replacement = match template {
        None => {
            let r = vm.call(
                replace_value,
                Value::UNDEFINED,
                &[
                    Value::string(ss),
                    Value::number(pos as f64),
                    Value::string(s),
                ],
            )?;
            vm.to_units(r)?
        }
        Some(t) => {
            let (m, su, tu) = (
                vm.str_units(ss).to_vec(),
                vm.str_units(s).to_vec(),
                vm.str_units(t).to_vec(),
            );
            get_substitution(vm, &m, &su, pos, &[], Value::UNDEFINED, &tu)?
        }
    };
    let u = vm.str_units(s);
    let mut out = Vec::with_capacity(u.len() + replacement.len());
    out.extend_from_slice(&u[..pos]);
    out.extend(replacement);
    out.extend_from_slice(&u[pos + search_len..]);
    new_str(vm, out)
}

fn replace_all(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "replaceAll")?;
    let search_value = arg(a, 0);
    let replace_value = arg(a, 1);
    let sym = vm.realm.sym.replace;
    if !search_value.is_nullish() {
        if is_regexp(vm, search_value)? {
            check_global_flag(vm, search_value, "replaceAll")?;
        }
        if let Some(r) = dispatch(vm, search_value, sym, &[this, replace_value])? {
            return Ok(r);
        }
    }
    let s = rooted_str(vm, this)?;
    let ss = rooted_str(vm, search_value)?;
    let functional = vm.is_callable(replace_value);
    let template = if functional {
        None
    } else {
        Some(rooted_str(vm, replace_value)?)
    };
    let search_len = vm.heap.str_len(ss);
    let advance = search_len.max(1);
    let mut positions = Vec::new();
    let mut p = string_index_of(vm.str_units(s), vm.str_units(ss), 0);
    while let Some(i) = p {
        positions.push(i);
        p = string_index_of(vm.str_units(s), vm.str_units(ss), i + advance);
    }
    let mut end_of_last = 0;
    let mut out: Vec<u16> = Vec::new();
    let su = vm.str_units(s).to_vec();
    let mu = vm.str_units(ss).to_vec();
    let tu = template.map(|t| vm.str_units(t).to_vec());
    for p in positions {
        out.extend_from_slice(&su[end_of_last..p]);
        let replacement = match &tu {
            None => {
                let r = vm.call(
                    replace_value,
                    Value::UNDEFINED,
                    &[Value::string(ss), Value::number(p as f64), Value::string(s)],
                )?;
                vm.to_units(r)?
            }
            Some(t) => get_substitution(vm, &mu, &su, p, &[], Value::UNDEFINED, t)?,
        };
        out.extend(replacement);
        if out.len() > MAX_STRING_LEN {
            return vm.throw_range("Invalid string length");
        }
        end_of_last = p + search_len;
    }
    if end_of_last < su.len() {
        out.extend_from_slice(&su[end_of_last..]);
    }
    new_str(vm, out)
}

fn split(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    require_coercible(vm, this, "split")?;
    let separator = arg(a, 0);
    let limit = arg(a, 1);
    let sym = vm.realm.sym.split;
    if let Some(r) = dispatch(vm, separator, sym, &[this, limit])? {
        return Ok(r);
    }
    let s = rooted_str(vm, this)?;
    let lim: u32 = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    let r = rooted_str(vm, separator)?;
    if lim == 0 {
        return Ok(Value::object(vm.new_array(Vec::new())));
    }
    if separator.is_undefined() {
        return Ok(Value::object(vm.new_array(vec![Value::string(s)])));
    }
    let su = vm.str_units(s).to_vec();
    let ru = vm.str_units(r).to_vec();
    let lim = lim as usize;
    if su.is_empty() {
        let items = if ru.is_empty() {
            Vec::new()
        } else {
            vec![Value::string(s)]
        };
        return Ok(Value::object(vm.new_array(items)));
    }
    let mut items = Vec::new();
    if ru.is_empty() {
        for &c in su.iter().take(lim) {
            items.push(vm.new_string_units(vec![c]));
        }
        return Ok(Value::object(vm.new_array(items)));
    }
    let mut i = 0;
    let mut j = string_index_of(&su, &ru, 0);
    while let Some(k) = j {
        items.push(vm.new_string_units(su[i..k].to_vec()));
        if items.len() >= lim {
            return Ok(Value::object(vm.new_array(items)));
        }
        i = k + ru.len();
        j = string_index_of(&su, &ru, i);
    }
    items.push(vm.new_string_units(su[i..].to_vec()));
    Ok(Value::object(vm.new_array(items)))
}

// ----- iteration -------------------------------------------------------------------------

fn string_iterator(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let s = this_str(vm, this, "[Symbol.iterator]")?;
    let p = Value::object(vm.realm.string_iterator_proto);
    let o = vm.alloc(JsObject::new(
        p,
        ObjectKind::StringIterator {
            target: Value::string(s),
            index: 0,
            done: false,
        },
    ));
    Ok(Value::object(o))
}

fn string_iterator_next(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let state = this.as_object().and_then(|o| match &vm.obj(o).kind {
        ObjectKind::StringIterator {
            target,
            index,
            done,
        } => Some((o, *target, *index, *done)),
        _ => None,
    });
    let Some((o, target, index, done)) = state else {
        return vm.throw_type("%StringIteratorPrototype%.next called on incompatible receiver");
    };
    if done {
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    let sid = target.as_string().unwrap_or(vm.names.empty);
    let u = vm.str_units(sid);
    let i = index as usize;
    if i >= u.len() {
        if let ObjectKind::StringIterator { done, target, .. } = &mut vm.obj_mut(o).kind {
            *done = true;
            *target = Value::UNDEFINED;
        }
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    let (_, n) = code_point_at(u, i);
    let piece = u[i..i + n].to_vec();
    if let ObjectKind::StringIterator { index, .. } = &mut vm.obj_mut(o).kind {
        *index += n as u32;
    }
    let v = vm.new_string_units(piece);
    Ok(vm.iter_result(v, false))
}

// ----- Annex B HTML methods --------------------------------------------------------------

/// CreateHTML(this, tag, attribute, value); tag and attribute are the native's captures.
fn create_html(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let tag = vm.capture(0);
    let attr = vm.capture(1);
    let s = this_str(vm, this, "anchor")?;
    let tag = vm
        .str_units(tag.as_string().unwrap_or(vm.names.empty))
        .to_vec();
    let attr = vm
        .str_units(attr.as_string().unwrap_or(vm.names.empty))
        .to_vec();
    let mut out = vec![b'<' as u16];
    out.extend_from_slice(&tag);
    if !attr.is_empty() {
        let v = vm.to_units(arg(a, 0))?;
        out.push(b' ' as u16);
        out.extend_from_slice(&attr);
        out.extend(units("=\""));
        for c in v {
            if c == b'"' as u16 {
                out.extend(units("&quot;"));
            } else {
                out.push(c);
            }
        }
        out.push(b'"' as u16);
    }
    out.push(b'>' as u16);
    out.extend_from_slice(vm.str_units(s));
    out.extend(units("</"));
    out.extend_from_slice(&tag);
    out.push(b'>' as u16);
    new_str(vm, out)
}
