//! JSON: `JSON.parse` (with reviver) and `JSON.stringify` (ECMA-262 §25.5), with the
//! json-parse-with-source additions (`JSON.rawJSON`, `JSON.isRawJSON`, the reviver's
//! `{ source }` context).

use super::arg;
use crate::object::{flags, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let j = vm.new_object();
    vm.realm.json_obj = j;
    vm.define_method(j, "parse", 2, json_parse);
    vm.define_method(j, "stringify", 3, json_stringify);
    vm.define_method(j, "rawJSON", 1, json_raw);
    vm.define_method(j, "isRawJSON", 1, |vm, _, a, _| {
        Ok(Value::bool(arg(a, 0).as_object().is_some_and(|o| vm.obj(o).flags & flags::RAW_JSON != 0)))
    });
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("JSON");
    vm.put(j, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("JSON", Value::object(j));
}

/// JSON.parse of module text (JSON modules).
pub fn parse_text(vm: &mut Vm, text: &str) -> JsResult<Value> {
    let units: Vec<u16> = text.encode_utf16().collect();
    parse_units(vm, &units)
}

fn parse_units(vm: &mut Vm, units: &[u16]) -> JsResult<Value> {
    Ok(parse_units_rec(vm, units, false)?.0)
}

/// Parses a JSON text; with `track`, also builds its JSON Parse Record.
fn parse_units_rec(vm: &mut Vm, units: &[u16], track: bool) -> JsResult<(Value, Option<Rec>)> {
    let mut p = Parser {
        s: units,
        pos: 0,
        depth: 0,
        track,
    };
    p.ws();
    let v = p.value(vm)?;
    p.ws();
    if p.pos < p.s.len() {
        return p.unexpected(vm);
    }
    Ok(v)
}

/// A JSON Parse Record (json-parse-with-source): the value a node parsed to, the source
/// range of a primitive, and the records of an array's elements or an object's entries.
struct Rec {
    value: Value,
    src: (usize, usize),
    elements: Vec<Rec>,
    /// In source order; for a duplicated name the last entry is the one that counts.
    entries: Vec<(PropKey, Rec)>,
}

impl Rec {
    fn leaf(value: Value, src: (usize, usize)) -> Rec {
        Rec { value, src, elements: Vec::new(), entries: Vec::new() }
    }
    /// Roots every value in the tree: the reviver may drop them from the result while
    /// their records are still compared against (SameValue) later.
    fn root_all(&self, vm: &mut Vm) {
        vm.root(self.value);
        for r in &self.elements {
            r.root_all(vm);
        }
        for (_, r) in &self.entries {
            r.root_all(vm);
        }
    }
}

// ----- parsing ---------------------------------------------------------------------

struct Parser<'a> {
    s: &'a [u16],
    pos: usize,
    depth: u32,
    /// Build parse records (only when a reviver will see them).
    track: bool,
}

const MAX_DEPTH: u32 = 5000;

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.s.get(self.pos) {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u16> {
        self.s.get(self.pos).copied()
    }

    fn unexpected<T>(&self, vm: &mut Vm) -> JsResult<T> {
        match self.peek() {
            None => vm.throw_syntax("Unexpected end of JSON input"),
            Some(c) => {
                let ch = char::from_u32(c as u32)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| format!("\\u{c:04x}"));
                let what = if c == b'"' as u16 {
                    "string".to_string()
                } else if (b'0' as u16..=b'9' as u16).contains(&c) {
                    "number".to_string()
                } else {
                    ch
                };
                let msg = if what == "string" || what == "number" {
                    format!("Unexpected {what} in JSON at position {}", self.pos)
                } else {
                    format!("Unexpected token {what} in JSON at position {}", self.pos)
                };
                vm.throw_syntax(&msg)
            }
        }
    }

    fn lit(&mut self, vm: &mut Vm, word: &str, v: Value) -> JsResult<Value> {
        for b in word.bytes() {
            if self.peek() != Some(b as u16) {
                return self.unexpected(vm);
            }
            self.pos += 1;
        }
        Ok(v)
    }

    fn value(&mut self, vm: &mut Vm) -> JsResult<(Value, Option<Rec>)> {
        let Some(c) = self.peek() else {
            return self.unexpected(vm);
        };
        let start = self.pos;
        let v = match c {
            0x7B => return self.object(vm),
            0x5B => return self.array(vm),
            0x22 => {
                let u = self.string(vm)?;
                vm.new_string_units(u)
            }
            0x74 => self.lit(vm, "true", Value::TRUE)?,
            0x66 => self.lit(vm, "false", Value::FALSE)?,
            0x6E => self.lit(vm, "null", Value::NULL)?,
            0x2D | 0x30..=0x39 => self.number(vm)?,
            _ => return self.unexpected(vm),
        };
        Ok((v, self.track.then(|| Rec::leaf(v, (start, self.pos)))))
    }

    fn digits(&mut self) -> usize {
        let st = self.pos;
        while matches!(self.peek(), Some(0x30..=0x39)) {
            self.pos += 1;
        }
        self.pos - st
    }

    fn number(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let start = self.pos;
        if self.peek() == Some(0x2D) {
            self.pos += 1;
        }
        match self.peek() {
            Some(0x30) => {
                self.pos += 1;
            }
            Some(0x31..=0x39) => {
                self.digits();
            }
            _ => return self.unexpected(vm),
        }
        if self.peek() == Some(0x2E) {
            self.pos += 1;
            if self.digits() == 0 {
                return self.unexpected(vm);
            }
        }
        if matches!(self.peek(), Some(0x65 | 0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2B | 0x2D)) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.unexpected(vm);
            }
        }
        let text: String = self.s[start..self.pos]
            .iter()
            .map(|&u| u as u8 as char)
            .collect();
        let n: f64 = text.parse().unwrap_or(f64::NAN);
        Ok(Value::number(n))
    }

    fn hex4(&mut self, vm: &mut Vm) -> JsResult<u16> {
        let mut v: u16 = 0;
        for _ in 0..4 {
            let Some(c) = self.peek() else {
                return self.unexpected(vm);
            };
            let d = match c {
                0x30..=0x39 => c - 0x30,
                0x41..=0x46 => c - 0x41 + 10,
                0x61..=0x66 => c - 0x61 + 10,
                _ => return self.unexpected(vm),
            };
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }

    fn string(&mut self, vm: &mut Vm) -> JsResult<Vec<u16>> {
        self.pos += 1; // opening quote
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return vm.throw_syntax(&format!(
                    "Unterminated string in JSON at position {}",
                    self.pos
                ));
            };
            match c {
                0x22 => {
                    self.pos += 1;
                    return Ok(out);
                }
                0x5C => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return self.unexpected(vm);
                    };
                    let u = match e {
                        0x22 => 0x22,
                        0x5C => 0x5C,
                        0x2F => 0x2F,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            self.pos += 1;
                            let v = self.hex4(vm)?;
                            out.push(v);
                            continue;
                        }
                        _ => {
                            return vm.throw_syntax(&format!(
                                "Bad escaped character in JSON at position {}",
                                self.pos
                            ))
                        }
                    };
                    self.pos += 1;
                    out.push(u);
                }
                0..=0x1F => {
                    return vm.throw_syntax(&format!(
                        "Bad control character in string literal in JSON at position {}",
                        self.pos
                    ))
                }
                _ => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn enter(&mut self, vm: &mut Vm) -> JsResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return vm.throw_range("Maximum call stack size exceeded");
        }
        Ok(())
    }

    fn array(&mut self, vm: &mut Vm) -> JsResult<(Value, Option<Rec>)> {
        self.enter(vm)?;
        self.pos += 1;
        let mut items = Vec::new();
        let mut recs = Vec::new();
        self.ws();
        if self.peek() == Some(0x5D) {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                // Parsing runs no JavaScript, so the collector cannot run here.
                let (v, r) = self.value(vm)?;
                items.push(v);
                recs.extend(r);
                self.ws();
                match self.peek() {
                    Some(0x2C) => self.pos += 1,
                    Some(0x5D) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.unexpected(vm),
                }
            }
        }
        self.depth -= 1;
        let a = Value::object(vm.new_array(items));
        Ok((a, self.track.then(|| Rec { elements: recs, ..Rec::leaf(a, (0, 0)) })))
    }

    fn object(&mut self, vm: &mut Vm) -> JsResult<(Value, Option<Rec>)> {
        self.enter(vm)?;
        self.pos += 1;
        let o = vm.new_object();
        let mut entries = Vec::new();
        self.ws();
        if self.peek() == Some(0x7D) {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                if self.peek() != Some(0x22) {
                    return self.unexpected(vm);
                }
                let k = self.string(vm)?;
                self.ws();
                if self.peek() != Some(0x3A) {
                    return self.unexpected(vm);
                }
                self.pos += 1;
                self.ws();
                let (v, r) = self.value(vm)?;
                let key = vm.key_units(&k);
                vm.create_data_property(o, key, v)?;
                if let Some(r) = r {
                    entries.push((key, r));
                }
                self.ws();
                match self.peek() {
                    Some(0x2C) => self.pos += 1,
                    Some(0x7D) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.unexpected(vm),
                }
            }
        }
        self.depth -= 1;
        let ov = Value::object(o);
        Ok((ov, self.track.then(|| Rec { entries, ..Rec::leaf(ov, (0, 0)) })))
    }
}

fn json_parse(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let text = vm.to_units(arg(args, 0))?;
    let reviver = arg(args, 1);
    let callable = vm.is_callable(reviver);
    let (unfiltered, rec) = parse_units_rec(vm, &text, callable)?;
    if !callable {
        return Ok(unfiltered);
    }
    vm.root(unfiltered);
    if let Some(r) = &rec {
        r.root_all(vm);
    }
    let root = vm.new_object();
    vm.root(Value::object(root));
    let ek = PropKey::Str(vm.names.empty);
    vm.create_data_property_or_throw(root, ek, unfiltered)?;
    let text = Source(&text);
    internalize(vm, root, ek, reviver, rec.as_ref(), text)
}

/// The parsed text, for the reviver context's `source`.
#[derive(Clone, Copy)]
struct Source<'a>(&'a [u16]);

/// InternalizeJSONProperty(holder, name, reviver, parseRecord).
fn internalize(vm: &mut Vm, holder: ObjId, name: PropKey, reviver: Value, rec: Option<&Rec>, text: Source) -> JsResult<Value> {
    let val = vm.get(Value::object(holder), name)?;
    vm.root(val);
    // Step 3: the record applies only while the value is still the one parsed.
    let rec = rec.filter(|r| crate::ops::convert::same_value(vm, r.value, val));
    if let Some(o) = val.as_object() {
        if super::array::is_array(vm, val)? {
            let len = vm.length_of(val)?;
            let mut i = 0f64;
            while i < len {
                let k = vm.index_key(i as u64);
                let er = rec.and_then(|r| r.elements.get(i as usize));
                walk_element(vm, o, k, reviver, er, text)?;
                i += 1.0;
            }
        } else {
            let keys = vm.own_property_keys(o)?;
            let mut list = Vec::new();
            for k in keys {
                if let PropKey::Sym(_) = k {
                    continue;
                }
                if let Some(d) = vm.get_own_property(o, k)? {
                    if d.enumerable == Some(true) {
                        list.push(k);
                    }
                }
            }
            for k in list {
                let er = rec.and_then(|r| r.entries.iter().rev().find(|(ek, _)| *ek == k).map(|(_, r)| r));
                walk_element(vm, o, k, reviver, er, text)?;
            }
        }
    }
    let nv = vm.key_to_value(name);
    vm.root(nv);
    let context = vm.new_object();
    vm.root(Value::object(context));
    if let Some(r) = rec {
        if !val.is_object() {
            let src = text.0.get(r.src.0..r.src.1).unwrap_or(&[]).to_vec();
            let s = vm.new_string_units(src);
            let sk = vm.key_str("source");
            vm.create_data_property_or_throw(context, sk, s)?;
        }
    }
    vm.call(reviver, Value::object(holder), &[nv, val, Value::object(context)])
}

fn walk_element(vm: &mut Vm, o: ObjId, k: PropKey, reviver: Value, rec: Option<&Rec>, text: Source) -> JsResult<()> {
    let mark = vm.roots.len();
    let ne = internalize(vm, o, k, reviver, rec, text)?;
    vm.roots.truncate(mark);
    vm.root(ne);
    if ne.is_undefined() {
        vm.delete_property(o, k)?;
    } else {
        vm.create_data_property(o, k, ne)?;
    }
    vm.roots.truncate(mark);
    Ok(())
}

/// JSON.rawJSON ( text ).
fn json_raw(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let units = vm.to_units(s)?;
    let is_ws = |u: Option<&u16>| matches!(u, Some(0x09 | 0x0A | 0x0D | 0x20));
    if units.is_empty() || is_ws(units.first()) || is_ws(units.last()) {
        return vm.throw_syntax("JSON.rawJSON: text is empty or starts or ends with whitespace");
    }
    if matches!(units.first(), Some(0x7B | 0x5B)) {
        return vm.throw_syntax("JSON.rawJSON: text must be a primitive JSON value");
    }
    parse_units(vm, &units)?;
    // OrdinaryObjectCreate(null, « [[IsRawJSON]] ») with a "rawJSON" property, frozen.
    let o = vm.new_object_with_proto(Value::NULL);
    vm.put_str(o, "rawJSON", s, attrs::ENUMERABLE);
    vm.obj_mut(o).flags = (vm.obj(o).flags & !flags::EXTENSIBLE) | flags::RAW_JSON;
    Ok(Value::object(o))
}

// ----- stringify -------------------------------------------------------------------

struct Ser {
    replacer: Value,
    props: Option<Vec<PropKey>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    stack: Vec<ObjId>,
    out: Vec<u16>,
}

fn json_stringify(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let value = arg(args, 0);
    let replacer = arg(args, 1);
    let mut space = arg(args, 2);
    let mut st = Ser {
        replacer: Value::UNDEFINED,
        props: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    if let Some(r) = replacer.as_object() {
        if vm.is_callable(replacer) {
            st.replacer = replacer;
        } else if super::array::is_array(vm, replacer)? {
            let len = vm.length_of(replacer)?;
            let mut list: Vec<PropKey> = Vec::new();
            let mut i = 0f64;
            while i < len {
                let v = vm.get_index(Value::object(r), i as u64)?;
                i += 1.0;
                let item = if v.is_string() {
                    Some(v)
                } else if v.is_number() {
                    Some(vm.to_string(v)?)
                } else if let Some(vo) = v.as_object() {
                    match vm.obj(vo).kind {
                        ObjectKind::StringBox(_) | ObjectKind::NumberBox(_) => {
                            Some(vm.to_string(v)?)
                        }
                        _ => None,
                    }
                } else {
                    None
                };
                if let Some(item) = item {
                    let k = vm.to_property_key(item)?;
                    if !list.contains(&k) {
                        list.push(k);
                    }
                }
            }
            st.props = Some(list);
        }
    }
    if let Some(so) = space.as_object() {
        match vm.obj(so).kind {
            ObjectKind::NumberBox(_) => space = Value::number(vm.to_number(space)?),
            ObjectKind::StringBox(_) => space = vm.to_string(space)?,
            _ => {}
        }
    }
    if space.is_number() {
        let n = vm.to_integer_or_infinity(space)?.min(10.0);
        if n >= 1.0 {
            st.gap = vec![0x20; n as usize];
        }
    } else if let Some(s) = space.as_string() {
        let u = vm.str_units(s);
        st.gap = u[..u.len().min(10)].to_vec();
    }
    let wrapper = vm.new_object();
    vm.root(Value::object(wrapper));
    let ek = PropKey::Str(vm.names.empty);
    vm.create_data_property_or_throw(wrapper, ek, value)?;
    if serialize_property(vm, &mut st, ek, wrapper)? {
        Ok(vm.new_string_units(st.out))
    } else {
        Ok(Value::UNDEFINED)
    }
}

/// SerializeJSONProperty; appends to `st.out` and returns false for undefined.
fn serialize_property(vm: &mut Vm, st: &mut Ser, key: PropKey, holder: ObjId) -> JsResult<bool> {
    let mark = vm.roots.len();
    let r = serialize_property_inner(vm, st, key, holder);
    vm.roots.truncate(mark);
    r
}

fn serialize_property_inner(
    vm: &mut Vm,
    st: &mut Ser,
    key: PropKey,
    holder: ObjId,
) -> JsResult<bool> {
    let mut value = vm.get(Value::object(holder), key)?;
    vm.root(value);
    if value.is_object() || value.is_bigint() {
        let tk = vm.key_str("toJSON");
        let to_json = vm.get(value, tk)?;
        if vm.is_callable(to_json) {
            let kv = vm.key_to_value(key);
            vm.root(kv);
            value = vm.call(to_json, value, &[kv])?;
            vm.root(value);
        }
    }
    if st.replacer.is_object() {
        let kv = vm.key_to_value(key);
        vm.root(kv);
        value = vm.call(st.replacer, Value::object(holder), &[kv, value])?;
        vm.root(value);
    }
    if let Some(o) = value.as_object() {
        // A raw JSON object (frozen, its "rawJSON" a string) serializes as its text.
        if vm.obj(o).flags & flags::RAW_JSON != 0 {
            let rk = vm.key_str("rawJSON");
            let t = vm.get(value, rk)?;
            let units = vm.to_units(t)?;
            st.out.extend_from_slice(&units);
            return Ok(true);
        }
        match vm.obj(o).kind {
            ObjectKind::NumberBox(_) => value = Value::number(vm.to_number(value)?),
            ObjectKind::StringBox(_) => value = vm.to_string(value)?,
            ObjectKind::BooleanBox(b) => value = Value::bool(b),
            ObjectKind::BigIntBox(b) => value = b,
            _ => {}
        }
        vm.root(value);
    }
    if value.is_null() {
        push_ascii(&mut st.out, "null");
        return Ok(true);
    }
    if let Some(b) = value.as_bool() {
        push_ascii(&mut st.out, if b { "true" } else { "false" });
        return Ok(true);
    }
    if let Some(s) = value.as_string() {
        let units = vm.str_units(s).to_vec();
        quote(&mut st.out, &units);
        return Ok(true);
    }
    if let Some(n) = value.as_number() {
        if n.is_finite() {
            push_ascii(&mut st.out, &super::number::number_to_string(n));
        } else {
            push_ascii(&mut st.out, "null");
        }
        return Ok(true);
    }
    if value.is_bigint() {
        return vm.throw_type("Do not know how to serialize a BigInt");
    }
    if let Some(o) = value.as_object() {
        if !vm.is_callable(value) {
            if super::array::is_array(vm, value)? {
                serialize_array(vm, st, o)?;
            } else {
                serialize_object(vm, st, o)?;
            }
            return Ok(true);
        }
    }
    Ok(false)
}

fn push_ascii(out: &mut Vec<u16>, s: &str) {
    out.extend(s.bytes().map(|b| b as u16));
}

fn hex_escape(out: &mut Vec<u16>, u: u16) {
    push_ascii(out, &format!("\\u{u:04x}"));
}

/// QuoteJSONString (well-formed: lone surrogates are escaped).
fn quote(out: &mut Vec<u16>, s: &[u16]) {
    out.push(0x22);
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            0x08 => push_ascii(out, "\\b"),
            0x09 => push_ascii(out, "\\t"),
            0x0A => push_ascii(out, "\\n"),
            0x0C => push_ascii(out, "\\f"),
            0x0D => push_ascii(out, "\\r"),
            0x22 => push_ascii(out, "\\\""),
            0x5C => push_ascii(out, "\\\\"),
            0..=0x1F => hex_escape(out, c),
            0xD800..=0xDBFF => {
                if let Some(&d) = s.get(i + 1) {
                    if (0xDC00..=0xDFFF).contains(&d) {
                        out.push(c);
                        out.push(d);
                        i += 2;
                        continue;
                    }
                }
                hex_escape(out, c);
            }
            0xDC00..=0xDFFF => hex_escape(out, c),
            _ => out.push(c),
        }
        i += 1;
    }
    out.push(0x22);
}

fn key_units(vm: &Vm, k: PropKey) -> Vec<u16> {
    match k {
        PropKey::Index(i) => i.to_string().encode_utf16().collect(),
        PropKey::Str(s) => vm.str_units(s).to_vec(),
        PropKey::Sym(_) => Vec::new(),
    }
}

fn check_cycle(vm: &mut Vm, st: &Ser, o: ObjId) -> JsResult<()> {
    if st.stack.contains(&o) {
        return vm.throw_type("Converting circular structure to JSON");
    }
    if st.stack.len() > 4000 {
        return vm.throw_range("Maximum call stack size exceeded");
    }
    Ok(())
}

fn open_item(st: &mut Ser, first: bool) {
    if !first {
        st.out.push(0x2C);
    }
    if !st.gap.is_empty() {
        st.out.push(0x0A);
        let ind = st.indent.clone();
        st.out.extend_from_slice(&ind);
    }
}

fn close_container(st: &mut Ser, stepback: &[u16], any: bool, close: u16) {
    if any && !st.gap.is_empty() {
        st.out.push(0x0A);
        st.out.extend_from_slice(stepback);
    }
    st.out.push(close);
}

fn serialize_object(vm: &mut Vm, st: &mut Ser, o: ObjId) -> JsResult<()> {
    check_cycle(vm, st, o)?;
    st.stack.push(o);
    let stepback = st.indent.clone();
    let gap = st.gap.clone();
    st.indent.extend_from_slice(&gap);
    let keys = match &st.props {
        Some(p) => p.clone(),
        None => {
            let all = vm.own_property_keys(o)?;
            let mut list = Vec::new();
            for k in all {
                if let PropKey::Sym(_) = k {
                    continue;
                }
                if let Some(d) = vm.get_own_property(o, k)? {
                    if d.enumerable == Some(true) {
                        list.push(k);
                    }
                }
            }
            list
        }
    };
    st.out.push(0x7B);
    let mut any = false;
    for k in keys {
        let save = st.out.len();
        open_item(st, !any);
        let ku = key_units(vm, k);
        quote(&mut st.out, &ku);
        st.out.push(0x3A);
        if !st.gap.is_empty() {
            st.out.push(0x20);
        }
        if serialize_property(vm, st, k, o)? {
            any = true;
        } else {
            st.out.truncate(save);
        }
    }
    close_container(st, &stepback, any, 0x7D);
    st.stack.pop();
    st.indent = stepback;
    Ok(())
}

fn serialize_array(vm: &mut Vm, st: &mut Ser, o: ObjId) -> JsResult<()> {
    check_cycle(vm, st, o)?;
    st.stack.push(o);
    let stepback = st.indent.clone();
    let gap = st.gap.clone();
    st.indent.extend_from_slice(&gap);
    let len = vm.length_of(Value::object(o))?;
    st.out.push(0x5B);
    let mut i = 0f64;
    while i < len {
        open_item(st, i == 0.0);
        let k = vm.index_key(i as u64);
        if !serialize_property(vm, st, k, o)? {
            push_ascii(&mut st.out, "null");
        }
        i += 1.0;
    }
    close_container(st, &stepback, len > 0.0, 0x5D);
    st.stack.pop();
    st.indent = stepback;
    Ok(())
}
