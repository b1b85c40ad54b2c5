//! RegExp (ECMA-262 §22.2), matching through the `regress` crate.
//!
//! Patterns are compiled from UTF-16 source: in Unicode mode (`u`/`v`) the
//! source is read as code points and the input is matched as UTF-16; otherwise
//! both are read as code units (UCS-2), so every index is a code-unit index.

use super::arg;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, StrId, Value};
use crate::{JsResult, Vm};
use std::sync::Arc;

/// Internal slots of a RegExp object.
pub struct RegExpData {
    /// [[OriginalSource]].
    pub source: Vec<u16>,
    /// [[OriginalFlags]].
    pub flags: String,
    /// [[RegExpMatcher]]: `None` until RegExpInitialize has run. Immutable, so
    /// RegExp objects with the same source and flags share one.
    pub regex: Option<Arc<regress::Regex>>,
    /// [[LegacyFeaturesEnabled]] (Annex B legacy RegExp features).
    pub legacy: bool,
    /// [[Realm]] (Annex B): the realm that allocated it; only that realm's
    /// legacy static properties see its matches.
    pub realm: u32,
}

impl RegExpData {
    /// Values referenced by the RegExp's internal slots (for the collector).
    pub fn trace(&self, _out: &mut Vec<Value>) {}

    fn has(&self, c: char) -> bool {
        self.flags.contains(c)
    }
}

/// Longest string the engine builds (in code units); longer results throw a RangeError.
pub(crate) use crate::heap::MAX_STRING_LEN;

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.regexp_proto = proto;
    let ctor = vm.new_constructor("RegExp", 2, regexp_ctor, proto);
    vm.realm.regexp_ctor = ctor;
    vm.define_species_getter(ctor);
    vm.define_method(ctor, "escape", 1, regexp_escape);
    init_legacy_statics(vm, ctor);

    vm.define_method(proto, "exec", 1, proto_exec);
    vm.define_method(proto, "test", 1, proto_test);
    vm.define_method(proto, "toString", 0, proto_to_string);
    vm.define_method(proto, "compile", 2, proto_compile);
    vm.define_getter(proto, "dotAll", |vm, this, _, _| {
        flag_getter(vm, this, 's', "dotAll")
    });
    vm.define_getter(proto, "flags", proto_flags);
    vm.define_getter(proto, "global", |vm, this, _, _| {
        flag_getter(vm, this, 'g', "global")
    });
    vm.define_getter(proto, "hasIndices", |vm, this, _, _| {
        flag_getter(vm, this, 'd', "hasIndices")
    });
    vm.define_getter(proto, "ignoreCase", |vm, this, _, _| {
        flag_getter(vm, this, 'i', "ignoreCase")
    });
    vm.define_getter(proto, "multiline", |vm, this, _, _| {
        flag_getter(vm, this, 'm', "multiline")
    });
    vm.define_getter(proto, "source", proto_source);
    vm.define_getter(proto, "sticky", |vm, this, _, _| {
        flag_getter(vm, this, 'y', "sticky")
    });
    vm.define_getter(proto, "unicode", |vm, this, _, _| {
        flag_getter(vm, this, 'u', "unicode")
    });
    vm.define_getter(proto, "unicodeSets", |vm, this, _, _| {
        flag_getter(vm, this, 'v', "unicodeSets")
    });
    let wk = vm.realm.sym.clone();
    vm.define_method_sym(proto, wk.match_, "[Symbol.match]", 1, proto_match);
    vm.define_method_sym(proto, wk.match_all, "[Symbol.matchAll]", 1, proto_match_all);
    vm.define_method_sym(proto, wk.replace, "[Symbol.replace]", 2, proto_replace);
    vm.define_method_sym(proto, wk.search, "[Symbol.search]", 1, proto_search);
    vm.define_method_sym(proto, wk.split, "[Symbol.split]", 2, proto_split);

    let ip = Value::object(vm.realm.iterator_proto);
    let rsip = vm.new_object_with_proto(ip);
    vm.realm.regexp_string_iterator_proto = rsip;
    vm.define_method(rsip, "next", 0, rsi_next);
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("RegExp String Iterator");
    vm.put(rsip, PropKey::Sym(tag), s, attrs::CONFIGURABLE);

    vm.define_global("RegExp", Value::object(ctor));
}

// ----- helpers shared with String.prototype ---------------------------------------------

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// The code point at `i` and its length in code units (lone surrogates are their own code point).
pub(crate) fn code_point_at(u: &[u16], i: usize) -> (u32, usize) {
    let c = u[i];
    if (0xD800..0xDC00).contains(&c) {
        if let Some(&d) = u.get(i + 1) {
            if (0xDC00..0xE000).contains(&d) {
                return (
                    0x10000 + (((c as u32) - 0xD800) << 10) + ((d as u32) - 0xDC00),
                    2,
                );
            }
        }
    }
    (c as u32, 1)
}

/// AdvanceStringIndex.
pub(crate) fn advance_string_index(u: &[u16], index: f64, unicode: bool) -> f64 {
    if !unicode {
        return index + 1.0;
    }
    let len = u.len() as f64;
    if index + 1.0 >= len {
        return index + 1.0;
    }
    let (_, n) = code_point_at(u, index as usize);
    index + n as f64
}

/// StringIndexOf(string, search, fromIndex).
pub(crate) fn string_index_of(s: &[u16], search: &[u16], from: usize) -> Option<usize> {
    let len = s.len();
    if search.is_empty() {
        return if from <= len { Some(from) } else { None };
    }
    if search.len() > len {
        return None;
    }
    let last = len - search.len();
    let first = search[0];
    let mut i = from;
    while i <= last {
        if s[i] == first && &s[i..i + search.len()] == search {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// IsRegExp.
pub(crate) fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let mk = vm.realm.sym.match_;
    let m = vm.get(v, PropKey::Sym(mk))?;
    if !m.is_undefined() {
        return Ok(crate::ops::convert::to_boolean(vm, m));
    }
    Ok(matches!(vm.obj(o).kind, ObjectKind::RegExp(_)))
}

/// RegExpCreate(P, F).
pub(crate) fn regexp_create(vm: &mut Vm, p: Value, f: Value) -> JsResult<Value> {
    let ctor = Value::object(vm.realm.regexp_ctor);
    let o = regexp_alloc(vm, ctor)?;
    vm.root(Value::object(o));
    regexp_initialize(vm, o, p, f)
}

fn string_of(vm: &Vm, v: Value) -> Vec<u16> {
    match v.as_string() {
        Some(s) => vm.str_units(s).to_vec(),
        None => Vec::new(),
    }
}

/// GetSubstitution(matched, str, position, captures, namedCaptures, replacementTemplate).
/// `captures` hold strings or undefined; `named` is undefined or an object.
pub(crate) fn get_substitution(
    vm: &mut Vm,
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Value],
    named: Value,
    template: &[u16],
) -> JsResult<Vec<u16>> {
    const DOLLAR: u16 = b'$' as u16;
    let is_digit = |c: u16| (b'0' as u16..=b'9' as u16).contains(&c);
    let len = s.len();
    let mut out: Vec<u16> = Vec::with_capacity(template.len());
    let mut i = 0;
    let t = template;
    while i < t.len() {
        let c = t[i];
        if c != DOLLAR || i + 1 >= t.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = t[i + 1];
        if n == DOLLAR {
            out.push(DOLLAR);
            i += 2;
        } else if n == b'`' as u16 {
            out.extend_from_slice(&s[..position.min(len)]);
            i += 2;
        } else if n == b'&' as u16 {
            out.extend_from_slice(matched);
            i += 2;
        } else if n == b'\'' as u16 {
            let tail = (position + matched.len()).min(len);
            out.extend_from_slice(&s[tail..]);
            i += 2;
        } else if is_digit(n) {
            let two = i + 2 < t.len() && is_digit(t[i + 2]);
            let d1 = (n - b'0' as u16) as usize;
            let mut digit_count = if two { 2 } else { 1 };
            let mut index = if two {
                d1 * 10 + (t[i + 2] - b'0' as u16) as usize
            } else {
                d1
            };
            let m = captures.len();
            if index > m && digit_count == 2 {
                digit_count = 1;
                index = d1;
            }
            if (1..=m).contains(&index) {
                let cap = captures[index - 1];
                if let Some(cs) = cap.as_string() {
                    out.extend_from_slice(vm.str_units(cs));
                }
            } else {
                out.extend_from_slice(&t[i..i + 1 + digit_count]);
            }
            i += 1 + digit_count;
        } else if n == b'<' as u16 {
            let gt = string_index_of(&t[i..], &[b'>' as u16], 0);
            match gt {
                Some(g) if !named.is_undefined() => {
                    let name = &t[i + 2..i + g];
                    let key = vm.key_units(name);
                    let cap = vm.get(named, key)?;
                    if !cap.is_undefined() {
                        let cs = vm.to_str_id(cap)?;
                        out.extend_from_slice(vm.str_units(cs));
                    }
                    i += g + 1;
                }
                _ => {
                    out.extend_from_slice(&t[i..i + 2]);
                    i += 2;
                }
            }
        } else {
            out.push(DOLLAR);
            i += 1;
        }
        if out.len() > MAX_STRING_LEN {
            return vm.throw_range("Invalid string length");
        }
    }
    Ok(out)
}

// ----- creation ------------------------------------------------------------------------

/// Validates a flags string; returns it as Rust text.
fn parse_flags(f: &[u16]) -> Option<String> {
    let mut out = String::new();
    for &c in f {
        let ch = char::from_u32(c as u32)?;
        if !"dgimsuvy".contains(ch) || out.contains(ch) {
            return None;
        }
        out.push(ch);
    }
    if out.contains('u') && out.contains('v') {
        return None;
    }
    Some(out)
}

/// Code points of a non-Unicode pattern: code units, except that surrogate
/// pairs inside group names (`(?<name>`, `\k<name>`) form one code point.
fn non_unicode_pattern(source: &[u16]) -> Vec<u32> {
    let is = |i: usize, c: u8| source.get(i) == Some(&(c as u16));
    let mut out = Vec::with_capacity(source.len());
    let mut in_class = false;
    let mut i = 0;
    while i < source.len() {
        let c = source[i];
        let name_start = if is(i, b'\\') {
            if !in_class && is(i + 1, b'k') && is(i + 2, b'<') {
                Some(i + 3)
            } else {
                out.push(c as u32);
                if let Some(&n) = source.get(i + 1) {
                    out.push(n as u32);
                }
                i += 2;
                continue;
            }
        } else if !in_class
            && is(i, b'(')
            && is(i + 1, b'?')
            && is(i + 2, b'<')
            && !is(i + 3, b'=')
            && !is(i + 3, b'!')
        {
            Some(i + 3)
        } else {
            None
        };
        match name_start {
            Some(st) => {
                out.extend(source[i..st].iter().map(|&u| u as u32));
                i = st;
                while i < source.len() && !is(i, b'>') {
                    let (cp, n) = code_point_at(source, i);
                    out.push(cp);
                    i += n;
                }
            }
            None => {
                if c == b'[' as u16 {
                    in_class = true;
                } else if c == b']' as u16 {
                    in_class = false;
                }
                out.push(c as u32);
                i += 1;
            }
        }
    }
    out
}

/// Duplicate named groups: regress resolves `\k<name>` to one of the groups only. At most
/// one group of a name participates in a match (they sit in different alternatives, and
/// a quantifier resets the captures inside it), and a backreference to a group that did
/// not participate matches the empty string, so `\k<name>` is rewritten to
/// `(?:\i\j...)` over all the groups of that name. Patterns without duplicates (or with
/// escapes in group names) are returned unchanged.
fn rewrite_duplicate_backrefs(cps: Vec<u32>, v_mode: bool) -> Vec<u32> {
    let ch = |c: char| c as u32;
    let mut groups: Vec<(Vec<u32>, usize)> = Vec::new();
    let mut backrefs: Vec<(usize, usize, Vec<u32>)> = Vec::new();
    let mut count = 0usize;
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < cps.len() {
        let c = cps[i];
        if c == ch('\\') {
            if class_depth == 0 && cps.get(i + 1) == Some(&ch('k')) && cps.get(i + 2) == Some(&ch('<')) {
                let start = i;
                let mut j = i + 3;
                while j < cps.len() && cps[j] != ch('>') {
                    j += 1;
                }
                if j < cps.len() {
                    backrefs.push((start, j + 1, cps[i + 3..j].to_vec()));
                    i = j + 1;
                    continue;
                }
            }
            i += 2;
            continue;
        }
        if c == ch('[') && (class_depth == 0 || v_mode) {
            class_depth += 1;
        } else if c == ch(']') && class_depth > 0 {
            class_depth -= 1;
        } else if c == ch('(') && class_depth == 0 {
            if cps.get(i + 1) != Some(&ch('?')) {
                count += 1;
            } else if cps.get(i + 2) == Some(&ch('<')) && !matches!(cps.get(i + 3), Some(&x) if x == ch('=') || x == ch('!')) {
                count += 1;
                let mut j = i + 3;
                while j < cps.len() && cps[j] != ch('>') {
                    j += 1;
                }
                let name = cps[i + 3..j.min(cps.len())].to_vec();
                if name.contains(&ch('\\')) {
                    return cps;
                }
                groups.push((name, count));
            }
        }
        i += 1;
    }
    let dup = |name: &[u32]| groups.iter().filter(|(n, _)| n == name).count() > 1;
    if !backrefs.iter().any(|(_, _, n)| dup(n)) {
        return cps;
    }
    let mut out = Vec::with_capacity(cps.len() + 16);
    let mut last = 0;
    for (start, end, name) in &backrefs {
        if !dup(name) {
            continue;
        }
        out.extend_from_slice(&cps[last..*start]);
        out.extend("(?:".chars().map(ch));
        for (_, idx) in groups.iter().filter(|(n, _)| n == name) {
            out.push(ch('\\'));
            out.extend(idx.to_string().chars().map(ch));
        }
        out.push(ch(')'));
        last = *end;
    }
    out.extend_from_slice(&cps[last..]);
    out
}

/// Compiles a pattern with validated flags.
/// Entries kept in `Vm::regexp_cache` before it is emptied.
const REGEXP_CACHE_SIZE: usize = 256;

/// `compile` through the isolate's cache.
pub(crate) fn compile_cached(vm: &mut Vm, source: &[u16], flags: &str) -> Result<Arc<regress::Regex>, String> {
    let key: (Box<[u16]>, Box<str>) = (source.into(), flags.into());
    if let Some(re) = vm.regexp_cache.get(&key) {
        return Ok(re.clone());
    }
    let re = Arc::new(compile(source, flags)?);
    if vm.regexp_cache.len() >= REGEXP_CACHE_SIZE {
        vm.regexp_cache.clear();
    }
    vm.regexp_cache.insert(key, re.clone());
    Ok(re)
}

pub(crate) fn compile(source: &[u16], flags: &str) -> Result<regress::Regex, String> {
    let unicode = flags.contains('u') || flags.contains('v');
    let cps: Vec<u32> = if unicode {
        let mut v = Vec::with_capacity(source.len());
        let mut i = 0;
        while i < source.len() {
            let (c, n) = code_point_at(source, i);
            v.push(c);
            i += n;
        }
        v
    } else {
        non_unicode_pattern(source)
    };
    let cps = rewrite_duplicate_backrefs(cps, flags.contains('v'));
    let rf = regress::Flags {
        icase: flags.contains('i'),
        multiline: flags.contains('m'),
        dot_all: flags.contains('s'),
        no_opt: false,
        unicode: flags.contains('u'),
        unicode_sets: flags.contains('v'),
    };
    regress::Regex::from_unicode(cps.into_iter(), rf).map_err(|e| e.to_string())
}

/// RegExpAlloc(newTarget).
fn regexp_alloc(vm: &mut Vm, new_target: Value) -> JsResult<ObjId> {
    let fallback = vm.realm.regexp_proto;
    let proto = vm.proto_from_ctor(new_target, fallback)?;
    let legacy = new_target == Value::object(vm.realm.regexp_ctor);
    let data = RegExpData {
        source: Vec::new(),
        flags: String::new(),
        regex: None,
        legacy,
        realm: vm.realm_id,
    };
    let o = vm.alloc(JsObject::new(proto, ObjectKind::RegExp(Box::new(data))));
    let lk = PropKey::Str(vm.names.lastindex);
    vm.put(o, lk, Value::UNDEFINED, attrs::WRITABLE);
    Ok(o)
}

/// RegExpInitialize(obj, pattern, flags).
fn regexp_initialize(vm: &mut Vm, o: ObjId, pattern: Value, flags: Value) -> JsResult<Value> {
    let p = if pattern.is_undefined() {
        Vec::new()
    } else {
        vm.to_units(pattern)?
    };
    let f = if flags.is_undefined() {
        Vec::new()
    } else {
        vm.to_units(flags)?
    };
    let Some(fs) = parse_flags(&f) else {
        let text = String::from_utf16_lossy(&f);
        return vm.throw_syntax(&format!("Invalid regular expression flags '{text}'"));
    };
    let re = match compile_cached(vm, &p, &fs) {
        Ok(re) => re,
        Err(e) => {
            let text = String::from_utf16_lossy(&p);
            return vm.throw_syntax(&format!("Invalid regular expression: /{text}/{fs}: {e}"));
        }
    };
    if let ObjectKind::RegExp(d) = &mut vm.obj_mut(o).kind {
        d.source = p;
        d.flags = fs;
        d.regex = Some(re);
    }
    let lk = PropKey::Str(vm.names.lastindex);
    vm.set_strict(Value::object(o), lk, Value::int(0))?;
    Ok(Value::object(o))
}

/// Checks a regular expression literal at compile time (early errors).
pub fn validate_literal(pattern: &[u16], flags: &str) -> Result<(), String> {
    let Some(fs) = parse_flags(&units(flags)) else {
        return Err(format!("Invalid regular expression flags '{flags}'"));
    };
    match compile(pattern, &fs) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "Invalid regular expression: /{}/{fs}: {e}",
            String::from_utf16_lossy(pattern)
        )),
    }
}

/// Creates a RegExp object for a literal `/pattern/flags`.
pub fn create_from_literal(vm: &mut Vm, pattern: &[u16], flags: &str) -> JsResult<Value> {
    let Some(fs) = parse_flags(&units(flags)) else {
        return vm.throw_syntax(&format!("Invalid regular expression flags '{flags}'"));
    };
    let re = match compile_cached(vm, pattern, &fs) {
        Ok(re) => re,
        Err(e) => {
            let text = String::from_utf16_lossy(pattern);
            return vm.throw_syntax(&format!("Invalid regular expression: /{text}/{fs}: {e}"));
        }
    };
    let proto = Value::object(vm.realm.regexp_proto);
    let data = RegExpData {
        source: pattern.to_vec(),
        flags: fs,
        regex: Some(re),
        legacy: true,
        realm: vm.realm_id,
    };
    let o = vm.alloc(JsObject::new(proto, ObjectKind::RegExp(Box::new(data))));
    let lk = PropKey::Str(vm.names.lastindex);
    vm.put(o, lk, Value::int(0), attrs::WRITABLE);
    Ok(Value::object(o))
}

fn regexp_parts(vm: &Vm, v: Value) -> Option<(Vec<u16>, String)> {
    match &vm.obj(v.as_object()?).kind {
        ObjectKind::RegExp(d) if d.regex.is_some() => Some((d.source.clone(), d.flags.clone())),
        _ => None,
    }
}

fn regexp_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    let pattern = arg(a, 0);
    let flags = arg(a, 1);
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    let new_target = if nt.is_undefined() {
        let nt = Value::object(vm.realm.regexp_ctor);
        if pattern_is_regexp && flags.is_undefined() {
            let ck = PropKey::Str(vm.names.constructor);
            let pc = vm.get(pattern, ck)?;
            if pc == nt {
                return Ok(pattern);
            }
        }
        nt
    } else {
        nt
    };
    let (p, f) = if let Some((src, fl)) = regexp_parts(vm, pattern) {
        let p = vm.new_string_units(src);
        let f = if flags.is_undefined() {
            vm.new_string(&fl)
        } else {
            flags
        };
        (p, f)
    } else if pattern_is_regexp {
        let sk = vm.key_str("source");
        let p = vm.get(pattern, sk)?;
        vm.root(p);
        let f = if flags.is_undefined() {
            let fk = PropKey::Str(vm.names.flags);
            vm.get(pattern, fk)?
        } else {
            flags
        };
        (p, f)
    } else {
        (pattern, flags)
    };
    vm.root(p);
    vm.root(f);
    let o = regexp_alloc(vm, new_target)?;
    vm.root(Value::object(o));
    regexp_initialize(vm, o, p, f)
}

/// RegExp.escape (ES2025).
fn regexp_escape(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(s) = arg(a, 0).as_string() else {
        return vm.throw_type("RegExp.escape requires a string");
    };
    let u = vm.str_units(s).to_vec();
    let mut out: Vec<u16> = Vec::with_capacity(u.len() * 2);
    let hex2 = |out: &mut Vec<u16>, c: u32| out.extend(units(&format!("\\x{c:02x}")));
    let mut i = 0;
    while i < u.len() {
        let (c, n) = code_point_at(&u, i);
        i += n;
        let ascii_alnum = c < 128 && (c as u8).is_ascii_alphanumeric();
        if out.is_empty() && ascii_alnum {
            hex2(&mut out, c);
            continue;
        }
        if c < 128 && "^$\\.*+?()[]{}|/".contains(c as u8 as char) {
            out.push(b'\\' as u16);
            out.push(c as u16);
            continue;
        }
        let ctrl = match c {
            0x09 => Some('t'),
            0x0A => Some('n'),
            0x0B => Some('v'),
            0x0C => Some('f'),
            0x0D => Some('r'),
            _ => None,
        };
        if let Some(e) = ctrl {
            out.push(b'\\' as u16);
            out.push(e as u16);
            continue;
        }
        let punct = c < 128 && ",-=<>#&!%:;@~'`\"".contains(c as u8 as char);
        let ws = c <= 0xFFFF && crate::ops::convert::is_js_whitespace(c as u16);
        let lt = matches!(c, 0x0A | 0x0D | 0x2028 | 0x2029);
        let surrogate = (0xD800..0xE000).contains(&c);
        if punct || ws || lt || surrogate {
            if c <= 0xFF {
                hex2(&mut out, c);
            } else {
                let mut buf = [0u16; 2];
                let cus: Vec<u16> = match char::from_u32(c) {
                    Some(ch) => ch.encode_utf16(&mut buf).to_vec(),
                    None => vec![c as u16],
                };
                for cu in cus {
                    out.extend(units(&format!("\\u{cu:04x}")));
                }
            }
            continue;
        }
        if n == 2 {
            out.extend_from_slice(&u[i - 2..i]);
        } else {
            out.push(c as u16);
        }
    }
    Ok(vm.new_string_units(out))
}

// ----- prototype accessors -------------------------------------------------------------

fn flag_getter(vm: &mut Vm, this: Value, flag: char, name: &str) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type(&format!(
            "RegExp.prototype.{name} getter called on non-object"
        ));
    };
    if let ObjectKind::RegExp(d) = &vm.obj(o).kind {
        return Ok(Value::bool(d.has(flag)));
    }
    if o == vm.realm.regexp_proto {
        return Ok(Value::UNDEFINED);
    }
    vm.throw_type(&format!(
        "RegExp.prototype.{name} getter called on incompatible receiver"
    ))
}

fn proto_flags(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("RegExp.prototype.flags getter called on non-object");
    }
    let mut out = String::new();
    for (name, c) in [
        ("hasIndices", 'd'),
        ("global", 'g'),
        ("ignoreCase", 'i'),
        ("multiline", 'm'),
        ("dotAll", 's'),
        ("unicode", 'u'),
        ("unicodeSets", 'v'),
        ("sticky", 'y'),
    ] {
        let k = vm.key_str(name);
        let v = vm.get(this, k)?;
        if crate::ops::convert::to_boolean(vm, v) {
            out.push(c);
        }
    }
    Ok(vm.new_string(&out))
}

/// EscapeRegExpPattern.
fn escape_pattern(src: &[u16]) -> Vec<u16> {
    if src.is_empty() {
        return units("(?:)");
    }
    let mut out = Vec::with_capacity(src.len() + 4);
    let mut in_class = false;
    let mut i = 0;
    let push_lt = |out: &mut Vec<u16>, c: u16| -> bool {
        let e = match c {
            0x0A => "\\n",
            0x0D => "\\r",
            0x2028 => "\\u2028",
            0x2029 => "\\u2029",
            _ => return false,
        };
        out.extend(units(e));
        true
    };
    while i < src.len() {
        let c = src[i];
        if c == b'\\' as u16 {
            if let Some(&n) = src.get(i + 1) {
                if !push_lt(&mut out, n) {
                    out.push(c);
                    out.push(n);
                }
                i += 2;
                continue;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if push_lt(&mut out, c) {
            i += 1;
            continue;
        }
        if c == b'/' as u16 && !in_class {
            out.push(b'\\' as u16);
        } else if c == b'[' as u16 {
            in_class = true;
        } else if c == b']' as u16 {
            in_class = false;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn proto_source(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("RegExp.prototype.source getter called on non-object");
    };
    if let ObjectKind::RegExp(d) = &vm.obj(o).kind {
        let e = escape_pattern(&d.source);
        return Ok(vm.new_string_units(e));
    }
    if o == vm.realm.regexp_proto {
        return Ok(vm.new_string("(?:)"));
    }
    vm.throw_type("RegExp.prototype.source getter called on incompatible receiver")
}

// ----- exec ------------------------------------------------------------------------------

fn set_last_index(vm: &mut Vm, r: Value, v: f64) -> JsResult<()> {
    let lk = PropKey::Str(vm.names.lastindex);
    vm.set_strict(r, lk, Value::number(v))
}

fn get_last_index(vm: &mut Vm, r: Value) -> JsResult<f64> {
    let lk = PropKey::Str(vm.names.lastindex);
    let v = vm.get(r, lk)?;
    vm.to_length(v)
}

/// Runs the matcher of RegExp `r` on `s` from `start`.
fn run_matcher(vm: &mut Vm, r: ObjId, s: StrId, start: usize) -> Option<regress::Match> {
    // An all-ASCII subject runs on regress's UTF-8 matcher, whose literal-prefix
    // search (memchr) the UTF-16 matchers lack; positions are the same in both
    // encodings. The UTF-8 copy is cached for the last subject string (strings
    // are immutable; the collector clears the cache, since ids are reused).
    if vm.regexp_subject.as_ref().is_none_or(|(id, _)| *id != s) {
        let units = vm.str_units(s);
        let ascii = if units.iter().all(|&u| u < 0x80) { String::from_utf8(units.iter().map(|&u| u as u8).collect()).ok().map(String::into_boxed_str) } else { None };
        vm.regexp_subject = Some((s, ascii));
    }
    let ObjectKind::RegExp(d) = &vm.obj(r).kind else {
        return None;
    };
    let re = d.regex.as_ref()?;
    if let Some((_, Some(text))) = &vm.regexp_subject {
        return if start > text.len() { None } else { re.find_from(text, start).next() };
    }
    let text = vm.str_units(s);
    if d.has('u') || d.has('v') {
        re.find_from_utf16(text, start).next()
    } else {
        re.find_from_ucs2(text, start).next()
    }
}

/// RegExpBuiltinExec(R, S).
fn builtin_exec(vm: &mut Vm, r: ObjId, s: StrId) -> JsResult<Value> {
    let rv = Value::object(r);
    let len = vm.heap.str_len(s);
    let li = get_last_index(vm, rv)?;
    let (flags, legacy, realm) = match &vm.obj(r).kind {
        ObjectKind::RegExp(d) if d.regex.is_some() => (d.flags.clone(), d.legacy, d.realm),
        _ => return vm.throw_type("RegExp exec method called on an uninitialized RegExp"),
    };
    let global = flags.contains('g');
    let sticky = flags.contains('y');
    let has_indices = flags.contains('d');
    let full_unicode = flags.contains('u') || flags.contains('v');
    let last_index = if global || sticky { li } else { 0.0 };
    if last_index > len as f64 {
        if global || sticky {
            set_last_index(vm, rv, 0.0)?;
        }
        return Ok(Value::NULL);
    }
    let mut start = last_index as usize;
    if full_unicode && start > 0 && start < len {
        // An index inside a surrogate pair denotes the pair's code point.
        let u = vm.str_units(s);
        if (0xDC00..0xE000).contains(&u[start])
            && (0xD800..0xDC00).contains(&u[start - 1])
            && !sticky
        {
            start -= 1;
        }
    }
    let m = match run_matcher(vm, r, s, start) {
        Some(m) if !sticky || m.start() == start => m,
        _ => {
            if global || sticky {
                set_last_index(vm, rv, 0.0)?;
            }
            return Ok(Value::NULL);
        }
    };
    let e = m.end();
    if global || sticky {
        set_last_index(vm, rv, e as f64)?;
    }
    if realm == vm.realm_id {
        update_legacy_statics(vm, s, &m, legacy);
    }
    Ok(build_exec_result(vm, s, &m, has_indices))
}

fn build_exec_result(vm: &mut Vm, s: StrId, m: &regress::Match, has_indices: bool) -> Value {
    let mut items = Vec::with_capacity(m.captures.len() + 1);
    let mut ranges: Vec<Option<(usize, usize)>> = Vec::with_capacity(m.captures.len() + 1);
    for g in m.groups() {
        match g {
            Some(rg) => {
                let sub = vm
                    .str_units(s)
                    .get(rg.start..rg.end)
                    .map(|x| x.to_vec())
                    .unwrap_or_default();
                items.push(vm.new_string_units(sub));
                ranges.push(Some((rg.start, rg.end)));
            }
            None => {
                items.push(Value::UNDEFINED);
                ranges.push(None);
            }
        }
    }
    let named: Vec<(String, Option<(usize, usize)>)> = m
        .named_groups()
        .map(|(n, r)| (n.to_string(), r.map(|r| (r.start, r.end))))
        .collect();
    let a = vm.new_array(items);
    let ik = PropKey::Str(vm.names.index);
    vm.put(a, ik, Value::number(m.start() as f64), attrs::DEFAULT);
    let ink = PropKey::Str(vm.names.input);
    vm.put(a, ink, Value::string(s), attrs::DEFAULT);
    let gk = PropKey::Str(vm.names.groups);
    let groups = if named.is_empty() {
        Value::UNDEFINED
    } else {
        let g = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Ordinary));
        for (name, r) in &named {
            let v = match r {
                Some((st, en)) => {
                    let sub = vm
                        .str_units(s)
                        .get(*st..*en)
                        .map(|x| x.to_vec())
                        .unwrap_or_default();
                    vm.new_string_units(sub)
                }
                None => Value::UNDEFINED,
            };
            let k = vm.key_str(name);
            vm.put(g, k, v, attrs::DEFAULT);
        }
        Value::object(g)
    };
    vm.put(a, gk, groups, attrs::DEFAULT);
    if has_indices {
        let pair = |vm: &mut Vm, r: Option<(usize, usize)>| match r {
            Some((st, en)) => Value::object(
                vm.new_array(vec![Value::number(st as f64), Value::number(en as f64)]),
            ),
            None => Value::UNDEFINED,
        };
        let mut pairs = Vec::with_capacity(ranges.len());
        for r in &ranges {
            pairs.push(pair(vm, *r));
        }
        let ia = vm.new_array(pairs);
        let ig = if named.is_empty() {
            Value::UNDEFINED
        } else {
            let g = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Ordinary));
            for (name, r) in &named {
                let v = pair(vm, *r);
                let k = vm.key_str(name);
                vm.put(g, k, v, attrs::DEFAULT);
            }
            Value::object(g)
        };
        vm.put(ia, gk, ig, attrs::DEFAULT);
        let k = vm.key_str("indices");
        vm.put(a, k, Value::object(ia), attrs::DEFAULT);
    }
    Value::object(a)
}

/// RegExpExec(R, S).
pub(crate) fn regexp_exec(vm: &mut Vm, r: Value, s: StrId) -> JsResult<Value> {
    let ek = PropKey::Str(vm.names.exec);
    let exec = vm.get(r, ek)?;
    if vm.is_callable(exec) {
        let res = vm.call(exec, r, &[Value::string(s)])?;
        if !res.is_object() && !res.is_null() {
            return vm
                .throw_type("RegExp exec method returned something other than an Object or null");
        }
        return Ok(res);
    }
    match r.as_object() {
        Some(o) if matches!(vm.obj(o).kind, ObjectKind::RegExp(_)) => builtin_exec(vm, o, s),
        _ => vm.throw_type("RegExp exec called on incompatible receiver"),
    }
}

fn this_regexp(vm: &mut Vm, this: Value, method: &str) -> JsResult<ObjId> {
    match this.as_object() {
        Some(o) if matches!(vm.obj(o).kind, ObjectKind::RegExp(_)) => Ok(o),
        _ => vm.throw_type(&format!(
            "RegExp.prototype.{method} called on incompatible receiver"
        )),
    }
}

fn this_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<()> {
    if this.is_object() {
        Ok(())
    } else {
        vm.throw_type(&format!("RegExp.prototype.{method} called on non-object"))
    }
}

fn rooted_str(vm: &mut Vm, v: Value) -> JsResult<StrId> {
    let s = vm.to_str_id(v)?;
    vm.root(Value::string(s));
    Ok(s)
}

fn proto_exec(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let r = this_regexp(vm, this, "exec")?;
    let s = rooted_str(vm, arg(a, 0))?;
    builtin_exec(vm, r, s)
}

fn proto_test(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "test")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let m = regexp_exec(vm, this, s)?;
    Ok(Value::bool(!m.is_null()))
}

fn proto_to_string(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "toString")?;
    let sk = vm.key_str("source");
    let p = vm.get(this, sk)?;
    let mut out = vec![b'/' as u16];
    out.extend(vm.to_units(p)?);
    out.push(b'/' as u16);
    let fk = PropKey::Str(vm.names.flags);
    let f = vm.get(this, fk)?;
    out.extend(vm.to_units(f)?);
    Ok(vm.new_string_units(out))
}

fn proto_compile(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_regexp(vm, this, "compile")?;
    if let ObjectKind::RegExp(d) = &vm.obj(o).kind {
        if d.realm != vm.realm_id {
            return vm.throw_type("RegExp.prototype.compile called on a RegExp of another realm");
        }
        if !d.legacy {
            return vm.throw_type("RegExp.prototype.compile called on a RegExp subclass instance");
        }
    }
    let pattern = arg(a, 0);
    let flags = arg(a, 1);
    let (p, f) = if let Some((src, fl)) = regexp_parts(vm, pattern) {
        if !flags.is_undefined() {
            return vm.throw_type("Cannot supply flags when constructing one RegExp from another");
        }
        let p = vm.new_string_units(src);
        vm.root(p);
        let f = vm.new_string(&fl);
        vm.root(f);
        (p, f)
    } else {
        (pattern, flags)
    };
    regexp_initialize(vm, o, p, f)
}

fn flags_string(vm: &mut Vm, rx: Value) -> JsResult<Vec<u16>> {
    let fk = PropKey::Str(vm.names.flags);
    let f = vm.get(rx, fk)?;
    vm.to_units(f)
}

fn result_get(vm: &mut Vm, result: Value, key: PropKey) -> JsResult<Value> {
    vm.get(result, key)
}

// ----- @@match / @@matchAll / @@search --------------------------------------------------

fn proto_match(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "[Symbol.match]")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let flags = flags_string(vm, this)?;
    if !flags.contains(&(b'g' as u16)) {
        return regexp_exec(vm, this, s);
    }
    let full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    set_last_index(vm, this, 0.0)?;
    let arr = vm.new_array(Vec::new());
    vm.root(Value::object(arr));
    let mut n: u32 = 0;
    loop {
        let result = regexp_exec(vm, this, s)?;
        if result.is_null() {
            return Ok(if n == 0 {
                Value::NULL
            } else {
                Value::object(arr)
            });
        }
        let mark = vm.roots.len();
        vm.root(result);
        let m = result_get(vm, result, PropKey::Index(0))?;
        let ms = vm.to_str_id(m)?;
        vm.create_data_property_or_throw(arr, PropKey::Index(n), Value::string(ms))?;
        if vm.str_units(ms).is_empty() {
            let this_index = get_last_index(vm, this)?;
            let next = advance_string_index(vm.str_units(s), this_index, full_unicode);
            set_last_index(vm, this, next)?;
        }
        n += 1;
        // Keep the handle scope from growing with every match.
        vm.roots.truncate(mark);
    }
}

fn proto_search(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "[Symbol.search]")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let lk = PropKey::Str(vm.names.lastindex);
    let prev = vm.get(this, lk)?;
    vm.root(prev);
    if !crate::ops::convert::same_value(vm, prev, Value::int(0)) {
        vm.set_strict(this, lk, Value::int(0))?;
    }
    let result = regexp_exec(vm, this, s)?;
    vm.root(result);
    let cur = vm.get(this, lk)?;
    if !crate::ops::convert::same_value(vm, cur, prev) {
        vm.set_strict(this, lk, prev)?;
    }
    if result.is_null() {
        return Ok(Value::int(-1));
    }
    let ik = PropKey::Str(vm.names.index);
    vm.get(result, ik)
}

fn proto_match_all(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "[Symbol.matchAll]")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let c = vm.species_constructor(this, Value::object(vm.realm.regexp_ctor))?;
    vm.root(c);
    let flags = flags_string(vm, this)?;
    let fv = vm.new_string_units(flags.clone());
    vm.root(fv);
    let matcher = vm.construct(c, &[this, fv], c)?;
    vm.root(matcher);
    let li = get_last_index(vm, this)?;
    set_last_index(vm, matcher, li)?;
    let global = flags.contains(&(b'g' as u16));
    let full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let brand = Value::object(vm.realm.regexp_string_iterator_proto);
    let it = vm.alloc(JsObject::new(
        brand,
        ObjectKind::Internal(Box::new(vec![
            brand,
            matcher,
            Value::string(s),
            Value::bool(global),
            Value::bool(full_unicode),
            Value::FALSE,
        ])),
    ));
    Ok(Value::object(it))
}

fn rsi_next(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let brand = Value::object(vm.realm.regexp_string_iterator_proto);
    let state = this.as_object().and_then(|o| match &vm.obj(o).kind {
        ObjectKind::Internal(v) if v.len() == 6 && v[0] == brand => Some((
            o,
            v[1],
            v[2],
            v[3] == Value::TRUE,
            v[4] == Value::TRUE,
            v[5] == Value::TRUE,
        )),
        _ => None,
    });
    let Some((o, r, sv, global, full_unicode, done)) = state else {
        return vm.throw_type("%RegExpStringIterator%.next called on incompatible receiver");
    };
    if done {
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    let s = sv.as_string().unwrap_or(vm.names.empty);
    let set_done = |vm: &mut Vm| {
        if let ObjectKind::Internal(v) = &mut vm.obj_mut(o).kind {
            v[5] = Value::TRUE;
        }
    };
    let m = regexp_exec(vm, r, s)?;
    if m.is_null() {
        set_done(vm);
        return Ok(vm.iter_result(Value::UNDEFINED, true));
    }
    if !global {
        set_done(vm);
        return Ok(vm.iter_result(m, false));
    }
    vm.root(m);
    let ms = result_get(vm, m, PropKey::Index(0))?;
    let ms = vm.to_str_id(ms)?;
    if vm.str_units(ms).is_empty() {
        let this_index = get_last_index(vm, r)?;
        let next = advance_string_index(vm.str_units(s), this_index, full_unicode);
        set_last_index(vm, r, next)?;
    }
    Ok(vm.iter_result(m, false))
}

// ----- @@replace -------------------------------------------------------------------------

fn proto_replace(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "[Symbol.replace]")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let length_s = vm.heap.str_len(s);
    let mut replace_value = arg(a, 1);
    let functional = vm.is_callable(replace_value);
    if !functional {
        let rs = rooted_str(vm, replace_value)?;
        replace_value = Value::string(rs);
    }
    let flags = flags_string(vm, this)?;
    let global = flags.contains(&(b'g' as u16));
    let mut full_unicode = false;
    if global {
        full_unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
        set_last_index(vm, this, 0.0)?;
    }
    let mut results = Vec::new();
    loop {
        let result = regexp_exec(vm, this, s)?;
        if result.is_null() {
            break;
        }
        vm.root(result);
        results.push(result);
        if !global {
            break;
        }
        let m = result_get(vm, result, PropKey::Index(0))?;
        let ms = vm.to_str_id(m)?;
        if vm.str_units(ms).is_empty() {
            let this_index = get_last_index(vm, this)?;
            let next = advance_string_index(vm.str_units(s), this_index, full_unicode);
            set_last_index(vm, this, next)?;
        }
    }
    let mut acc: Vec<u16> = Vec::new();
    let mut next_source = 0usize;
    let template: Vec<u16> = if functional { Vec::new() } else { string_of(vm, replace_value) };
    let mut subject: Option<Vec<u16>> = None;
    let gk = PropKey::Str(vm.names.groups);
    let ik = PropKey::Str(vm.names.index);
    for result in results {
        let result_length = vm.length_of(result)?;
        let n_captures = (result_length - 1.0).max(0.0) as u64;
        let m = result_get(vm, result, PropKey::Index(0))?;
        let matched = rooted_str(vm, m)?;
        let match_length = vm.heap.str_len(matched);
        let pv = result_get(vm, result, ik)?;
        let position = vm.to_integer_or_infinity(pv)?.clamp(0.0, length_s as f64) as usize;
        let mark = vm.roots.len();
        let mut captures = Vec::new();
        let mut n = 1u64;
        while n <= n_captures {
            let cap = vm.get_index(result, n)?;
            let cap = if cap.is_undefined() {
                cap
            } else {
                Value::string(rooted_str(vm, cap)?)
            };
            captures.push(cap);
            n += 1;
        }
        let mut named = result_get(vm, result, gk)?;
        vm.root(named);
        let replacement: Vec<u16> = if functional {
            let mut args = Vec::with_capacity(captures.len() + 4);
            args.push(Value::string(matched));
            args.extend_from_slice(&captures);
            args.push(Value::number(position as f64));
            args.push(Value::string(s));
            if !named.is_undefined() {
                args.push(named);
            }
            let rv = vm.call(replace_value, Value::UNDEFINED, &args)?;
            vm.to_units(rv)?
        } else {
            if !named.is_undefined() {
                named = Value::object(vm.to_object(named)?);
                vm.root(named);
            }
            if !template.contains(&(b'$' as u16)) {
                template.clone()
            } else {
                // The subject is copied once (not per match): substitutions need it
                // while `get_substitution` may run JS (named-group getters).
                if subject.is_none() {
                    subject = Some(vm.str_units(s).to_vec());
                }
                let mu = vm.str_units(matched).to_vec();
                get_substitution(vm, &mu, subject.as_deref().unwrap_or(&[]), position, &captures, named, &template)?
            }
        };
        vm.roots.truncate(mark);
        if position >= next_source {
            acc.extend_from_slice(&vm.str_units(s)[next_source..position]);
            acc.extend_from_slice(&replacement);
            next_source = position + match_length;
            if acc.len() > MAX_STRING_LEN {
                return vm.throw_range("Invalid string length");
            }
        }
    }
    if next_source < length_s {
        acc.extend_from_slice(&vm.str_units(s)[next_source..]);
    }
    Ok(vm.new_string_units(acc))
}

// ----- @@split ---------------------------------------------------------------------------

fn proto_split(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    this_object(vm, this, "[Symbol.split]")?;
    let s = rooted_str(vm, arg(a, 0))?;
    let c = vm.species_constructor(this, Value::object(vm.realm.regexp_ctor))?;
    vm.root(c);
    let mut flags = flags_string(vm, this)?;
    let unicode_matching = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    if !flags.contains(&(b'y' as u16)) {
        flags.push(b'y' as u16);
    }
    let fv = vm.new_string_units(flags);
    vm.root(fv);
    let splitter = vm.construct(c, &[this, fv], c)?;
    vm.root(splitter);
    let arr = vm.new_array(Vec::new());
    vm.root(Value::object(arr));
    let limit = arg(a, 1);
    let lim: u32 = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    if lim == 0 {
        return Ok(Value::object(arr));
    }
    let size = vm.heap.str_len(s);
    if size == 0 {
        let z = regexp_exec(vm, splitter, s)?;
        if !z.is_null() {
            return Ok(Value::object(arr));
        }
        vm.create_data_property_or_throw(arr, PropKey::Index(0), Value::string(s))?;
        return Ok(Value::object(arr));
    }
    // When the splitter is a %RegExp% instance using the built-in exec, the
    // positions where the sticky exec below fails are unobservable: jump
    // straight to the next position where it succeeds (the leftmost match at
    // or after q, which is what the sticky attempts would find first). This
    // turns the per-position loop (quadratic on long strings) into one search
    // per piece.
    let fast = c == Value::object(vm.realm.regexp_ctor) && {
        let ek = PropKey::Str(vm.names.exec);
        let exec = vm.get(splitter, ek)?;
        matches!(exec.as_object().map(|o| &vm.obj(o).kind), Some(ObjectKind::Native(n)) if std::ptr::fn_addr_eq(n.f, proto_exec as crate::object::NativeFn))
    };
    let mut length_a: u32 = 0;
    let mut p = 0usize;
    let mut q = p;
    while q < size {
        if fast {
            let Some(so) = splitter.as_object() else { break };
            match run_matcher(vm, so, s, q) {
                Some(m) if m.start() < size => q = q.max(m.start()),
                _ => break,
            }
        }
        set_last_index(vm, splitter, q as f64)?;
        let z = regexp_exec(vm, splitter, s)?;
        if z.is_null() {
            q = advance_string_index(vm.str_units(s), q as f64, unicode_matching) as usize;
            continue;
        }
        let mark = vm.roots.len();
        vm.root(z);
        let e = get_last_index(vm, splitter)?;
        let e = (e as usize).min(size);
        if e == p {
            q = advance_string_index(vm.str_units(s), q as f64, unicode_matching) as usize;
            vm.roots.truncate(mark);
            continue;
        }
        let t = vm.str_units(s)[p..q.min(size).max(p)].to_vec();
        let tv = vm.new_string_units(t);
        vm.create_data_property_or_throw(arr, PropKey::Index(length_a), tv)?;
        length_a += 1;
        if length_a == lim {
            return Ok(Value::object(arr));
        }
        p = e;
        let n = vm.length_of(z)?;
        let n_captures = (n - 1.0).max(0.0) as u64;
        let mut i = 1u64;
        while i <= n_captures {
            let cap = vm.get_index(z, i)?;
            vm.create_data_property_or_throw(arr, PropKey::Index(length_a), cap)?;
            i += 1;
            length_a += 1;
            if length_a == lim {
                return Ok(Value::object(arr));
            }
        }
        q = p;
        vm.roots.truncate(mark);
    }
    let t = vm.str_units(s)[p.min(size)..size].to_vec();
    let tv = vm.new_string_units(t);
    vm.create_data_property_or_throw(arr, PropKey::Index(length_a), tv)?;
    Ok(Value::object(arr))
}

// ----- Annex B legacy static properties (RegExp.$1, RegExp.lastMatch, ...) ---------------
//
// The state lives in the captures of the %RegExp% function object:
// [input (string, or undefined once invalidated), start, end, then 9 pairs of
// capture ranges (-1 when unmatched), then the last capture's range].

const LEGACY_SLOTS: usize = 3 + 18 + 2;

fn init_legacy_statics(vm: &mut Vm, ctor: ObjId) {
    let mut state = vec![Value::int(-1); LEGACY_SLOTS];
    state[0] = Value::string(vm.names.empty);
    state[1] = Value::int(0);
    state[2] = Value::int(0);
    if let ObjectKind::Native(n) = &mut vm.obj_mut(ctor).kind {
        n.captures = state;
    }
    // (name, which): 0 input, 1 lastMatch, 2 lastParen, 3 leftContext, 4 rightContext, 5.. $1-$9
    let mut names: Vec<(String, i32)> = vec![
        ("input".into(), 0),
        ("$_".into(), 0),
        ("lastMatch".into(), 1),
        ("$&".into(), 1),
        ("lastParen".into(), 2),
        ("$+".into(), 2),
        ("leftContext".into(), 3),
        ("$`".into(), 3),
        ("rightContext".into(), 4),
        ("$'".into(), 4),
    ];
    for i in 1..=9 {
        names.push((format!("${i}"), 4 + i));
    }
    for (name, which) in names {
        let g = vm.new_native_with(
            &format!("get {name}"),
            0,
            legacy_get,
            false,
            vec![Value::int(which)],
        );
        let st = if which == 0 {
            Value::object(vm.new_native(&format!("set {name}"), 1, legacy_set_input, false))
        } else {
            Value::UNDEFINED
        };
        let pair = vm.alloc(JsObject::new(
            Value::NULL,
            ObjectKind::Accessor {
                get: Value::object(g),
                set: st,
            },
        ));
        let k = vm.key_str(&name);
        vm.put(
            ctor,
            k,
            Value::object(pair),
            attrs::CONFIGURABLE | attrs::ACCESSOR,
        );
    }
}

fn legacy_state(vm: &Vm) -> Vec<Value> {
    match &vm.obj(vm.realm.regexp_ctor).kind {
        ObjectKind::Native(n) => n.captures.clone(),
        _ => Vec::new(),
    }
}

fn update_legacy_statics(vm: &mut Vm, s: StrId, m: &regress::Match, legacy: bool) {
    let ctor = vm.realm.regexp_ctor;
    let ObjectKind::Native(n) = &mut vm.obj_mut(ctor).kind else {
        return;
    };
    if n.captures.len() != LEGACY_SLOTS {
        return;
    }
    if !legacy {
        n.captures[0] = Value::UNDEFINED;
        return;
    }
    let c = &mut n.captures;
    c[0] = Value::string(s);
    c[1] = Value::int(m.start() as i32);
    c[2] = Value::int(m.end() as i32);
    for i in 0..9 {
        let r = m.captures.get(i).cloned().flatten();
        c[3 + 2 * i] = Value::int(r.as_ref().map_or(-1, |r| r.start as i32));
        c[4 + 2 * i] = Value::int(r.as_ref().map_or(-1, |r| r.end as i32));
    }
    let last = m.captures.last().cloned().flatten();
    c[21] = Value::int(last.as_ref().map_or(-1, |r| r.start as i32));
    c[22] = Value::int(last.as_ref().map_or(-1, |r| r.end as i32));
}

fn legacy_get(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let which = vm.capture(0).as_int().unwrap_or(0);
    if this != Value::object(vm.realm.regexp_ctor) {
        return vm
            .throw_type("RegExp legacy static property getter called on an incompatible receiver");
    }
    let st = legacy_state(vm);
    let Some(s) = st.first().and_then(|v| v.as_string()) else {
        return vm.throw_type("RegExp legacy static properties are not available");
    };
    let int = |i: usize| st.get(i).and_then(|v| v.as_int()).unwrap_or(-1);
    let len = vm.heap.str_len(s) as i32;
    let (a, b) = match which {
        0 => return Ok(Value::string(s)),
        1 => (int(1), int(2)),
        2 => (int(21), int(22)),
        3 => (0, int(1)),
        4 => (int(2), len),
        k => {
            let i = (k - 5) as usize;
            (int(3 + 2 * i), int(4 + 2 * i))
        }
    };
    if a < 0 || b < a || b > len {
        return Ok(Value::string(vm.names.empty));
    }
    let sub = vm.str_units(s)[a as usize..b as usize].to_vec();
    Ok(vm.new_string_units(sub))
}

fn legacy_set_input(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    if this != Value::object(vm.realm.regexp_ctor) {
        return vm.throw_type("RegExp.input setter called on an incompatible receiver");
    }
    let s = vm.to_str_id(arg(a, 0))?;
    let ctor = vm.realm.regexp_ctor;
    if let ObjectKind::Native(n) = &mut vm.obj_mut(ctor).kind {
        if let Some(v) = n.captures.first_mut() {
            *v = Value::string(s);
        }
    }
    Ok(Value::UNDEFINED)
}
