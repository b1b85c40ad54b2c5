//! Node-style value formatting (what `console.log` prints), used by the CLI,
//! the REPL and error reports. Never runs user code except `toString` of
//! non-error objects is not called: getters are shown as `[Getter]`.

use crate::object::{Elements, ObjectKind, PropKey};
use crate::value::{ObjId, Value};
use crate::Vm;

const MAX_DEPTH: usize = 2;
const LINE_WIDTH: usize = 72;

/// Formats a value the way `console.log` shows it at the top level.
pub fn inspect(vm: &mut Vm, v: Value) -> String {
    if v.is_string() {
        return vm.string_lossy(v);
    }
    let mut seen = Vec::new();
    fmt_value(vm, v, 0, &mut seen, false)
}

/// Formats a value as it appears nested inside an object or array.
pub fn inspect_nested(vm: &mut Vm, v: Value) -> String {
    let mut seen = Vec::new();
    fmt_value(vm, v, 0, &mut seen, true)
}

fn quote(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn key_text(vm: &Vm, k: PropKey) -> String {
    match k {
        PropKey::Index(i) => format!("'{i}'"),
        PropKey::Str(s) => {
            let t = vm.heap.string_lossy(s);
            let ident = !t.is_empty() && t.chars().enumerate().all(|(i, c)| c == '_' || c == '$' || c.is_alphabetic() || (i > 0 && c.is_ascii_digit()));
            if ident {
                t
            } else {
                quote(&t)
            }
        }
        PropKey::Sym(s) => {
            let d = vm.heap.symbol(s).description;
            format!("[Symbol({})]", vm.string_lossy(d))
        }
    }
}

fn fmt_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        super::number::number_to_string(n)
    }
}

fn fmt_value(vm: &mut Vm, v: Value, depth: usize, seen: &mut Vec<ObjId>, nested: bool) -> String {
    if let Some(n) = v.as_number() {
        return fmt_number(n);
    }
    if v.is_string() {
        let s = vm.string_lossy(v);
        return if nested { quote(&s) } else { s };
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if let Some(b) = v.as_bool() {
        return b.to_string();
    }
    if let Some(s) = v.as_symbol() {
        let d = vm.heap.symbol(s).description;
        return if d.is_undefined() { "Symbol()".into() } else { format!("Symbol({})", vm.string_lossy(d)) };
    }
    if let Some(b) = v.as_bigint() {
        return format!("{}n", vm.heap.bigint(b));
    }
    let Some(o) = v.as_object() else { return String::new() };
    if seen.contains(&o) {
        return "[Circular *1]".into();
    }
    fmt_object(vm, o, depth, seen)
}

fn own_entries(vm: &mut Vm, o: ObjId, skip_indices: bool) -> Vec<(PropKey, Option<Value>, bool)> {
    let keys = vm.obj(o).own_keys(&vm.shapes);
    let mut out = Vec::new();
    for (k, a) in keys {
        if a & crate::shape::attrs::ENUMERABLE == 0 {
            continue;
        }
        if skip_indices && matches!(k, PropKey::Index(_)) {
            continue;
        }
        if let PropKey::Sym(s) = k {
            if vm.heap.symbol(s).private {
                continue;
            }
        }
        let d = vm.ordinary_own(o, k);
        match d {
            Some(d) if d.is_accessor() => out.push((k, None, true)),
            Some(d) => out.push((k, d.value, false)),
            None => {}
        }
    }
    out
}

fn class_name(vm: &mut Vm, o: ObjId) -> Option<String> {
    let proto = vm.obj(o).proto.as_object()?;
    let ck = PropKey::Str(vm.names.constructor);
    let c = vm.ordinary_own(proto, ck)?.value?.as_object()?;
    let nk = PropKey::Str(vm.names.name);
    let n = vm.ordinary_own(c, nk)?.value?;
    n.is_string().then(|| vm.string_lossy(n))
}

fn wrap(items: Vec<String>, open: &str, close: &str, prefix: &str) -> String {
    if items.is_empty() {
        return format!("{prefix}{open}{close}");
    }
    let total: usize = items.iter().map(|s| s.len() + 2).sum::<usize>() + prefix.len();
    if total <= LINE_WIDTH && !items.iter().any(|s| s.contains('\n')) {
        format!("{prefix}{open} {} {close}", items.join(", "))
    } else {
        let inner: Vec<String> = items.iter().map(|s| format!("  {}", s.replace('\n', "\n  "))).collect();
        format!("{prefix}{open}\n{}\n{close}", inner.join(",\n"))
    }
}

fn fmt_object(vm: &mut Vm, o: ObjId, depth: usize, seen: &mut Vec<ObjId>) -> String {
    let kind_desc = match &vm.obj(o).kind {
        ObjectKind::Closure(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) | ObjectKind::Wrapped { .. } => {
            let nk = PropKey::Str(vm.names.name);
            let n = vm.ordinary_own(o, nk).and_then(|d| d.value).filter(|v| v.is_string()).map(|v| vm.string_lossy(v)).unwrap_or_default();
            let is_class = vm.obj(o).flags & crate::object::flags::CLASS != 0;
            let s = if is_class {
                if n.is_empty() { "[class (anonymous)]".to_string() } else { format!("[class {n}]") }
            } else if n.is_empty() {
                "[Function (anonymous)]".to_string()
            } else {
                format!("[Function: {n}]")
            };
            return s;
        }
        ObjectKind::Error(_) => {
            if let Some(s) = super::error::stack_text(vm, o) {
                let text = vm.string_lossy(s);
                return if depth > 0 { format!("[{}]", text.lines().next().unwrap_or("")) } else { text };
            }
            return "[Error]".into();
        }
        ObjectKind::BooleanBox(b) => return format!("[Boolean: {b}]"),
        ObjectKind::NumberBox(n) => return format!("[Number: {}]", fmt_number(*n)),
        ObjectKind::StringBox(s) => return format!("[String: {}]", quote(&vm.heap.string_lossy(*s))),
        ObjectKind::SymbolBox(_) => return "[Symbol]".into(),
        ObjectKind::Promise(p) => {
            let st = p.state;
            let r = p.result;
            seen.push(o);
            let inner = match st {
                crate::object::PromiseState::Pending => "<pending>".to_string(),
                crate::object::PromiseState::Fulfilled => fmt_value(vm, r, depth + 1, seen, true),
                crate::object::PromiseState::Rejected => format!("<rejected> {}", fmt_value(vm, r, depth + 1, seen, true)),
            };
            seen.pop();
            return format!("Promise {{ {inner} }}");
        }
        ObjectKind::Date(t) => {
            let t = *t;
            return if t.is_nan() { "Invalid Date".into() } else { super::date::to_iso_string(t) };
        }
        ObjectKind::Temporal(t) => return t.display(),
        ObjectKind::RegExp(r) => {
            return format!("/{}/{}", String::from_utf16_lossy(&r.source), r.flags);
        }
        ObjectKind::Map(_) | ObjectKind::Set(_) => {
            let is_map = matches!(vm.obj(o).kind, ObjectKind::Map(_));
            let entries: Vec<(Value, Value)> = match &vm.obj(o).kind {
                ObjectKind::Map(t) | ObjectKind::Set(t) => t.entries.iter().flatten().copied().collect(),
                _ => Vec::new(),
            };
            if depth > MAX_DEPTH {
                return if is_map { "[Map]".into() } else { "[Set]".into() };
            }
            seen.push(o);
            let items: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    if is_map {
                        format!("{} => {}", fmt_value(vm, *k, depth + 1, seen, true), fmt_value(vm, *v, depth + 1, seen, true))
                    } else {
                        fmt_value(vm, *k, depth + 1, seen, true)
                    }
                })
                .collect();
            seen.pop();
            let prefix = format!("{}({}) ", if is_map { "Map" } else { "Set" }, entries.len());
            return wrap(items, "{", "}", &prefix);
        }
        ObjectKind::TypedArray(_) => {
            let n = super::typed_array::length_of(vm, o);
            let name = class_name(vm, o).unwrap_or_else(|| "TypedArray".into());
            let mut items = Vec::new();
            for i in 0..n.min(100) {
                let v = vm.get_index(Value::object(o), i as u64).unwrap_or_default();
                items.push(fmt_value(vm, v, depth + 1, seen, true));
            }
            if n > 100 {
                items.push(format!("... {} more items", n - 100));
            }
            return wrap(items, "[", "]", &format!("{name}({n}) "));
        }
        ObjectKind::WeakMap(_) => return "WeakMap { <items unknown> }".into(),
        ObjectKind::WeakSet(_) => return "WeakSet { <items unknown> }".into(),
        ObjectKind::Proxy { target, .. } => {
            let t = *target;
            return fmt_value(vm, t, depth, seen, true);
        }
        ObjectKind::ModuleNamespace { .. } => "[Module: null prototype]",
        _ => "",
    };
    let is_array = vm.obj(o).is_array();
    if depth > MAX_DEPTH {
        return if is_array { "[Array]".into() } else { "[Object]".into() };
    }
    seen.push(o);
    let mut items = Vec::new();
    if is_array {
        let len = vm.obj(o).array_len;
        let mut holes = 0;
        let elems: Vec<Option<Value>> = match &vm.obj(o).elements {
            Elements::Dense(v) => (0..len as usize).map(|i| v.get(i).copied().filter(|x| !x.is_hole())).collect(),
            Elements::Sparse(m) => (0..len.min(1000)).map(|i| m.get(&i).map(|x| x.0)).collect(),
        };
        for (i, e) in elems.iter().enumerate() {
            if i >= 100 {
                items.push(format!("... {} more items", len as usize - 100));
                break;
            }
            match e {
                Some(v) => {
                    if holes > 0 {
                        items.push(format!("<{holes} empty item{}>", if holes > 1 { "s" } else { "" }));
                        holes = 0;
                    }
                    items.push(fmt_value(vm, *v, depth + 1, seen, true));
                }
                None => holes += 1,
            }
        }
        if holes > 0 {
            items.push(format!("<{holes} empty item{}>", if holes > 1 { "s" } else { "" }));
        }
    }
    for (k, v, getter) in own_entries(vm, o, is_array) {
        let kt = key_text(vm, k);
        let vt = match (v, getter) {
            (_, true) => "[Getter/Setter]".to_string(),
            (Some(v), _) => fmt_value(vm, v, depth + 1, seen, true),
            (None, _) => "undefined".into(),
        };
        items.push(format!("{kt}: {vt}"));
    }
    seen.pop();
    if is_array {
        return wrap(items, "[", "]", "");
    }
    let prefix = if !kind_desc.is_empty() {
        format!("{kind_desc} ")
    } else {
        match vm.obj(o).proto.is_null() {
            true => "[Object: null prototype] ".to_string(),
            false => match class_name(vm, o) {
                Some(n) if n != "Object" => format!("{n} "),
                _ => String::new(),
            },
        }
    };
    wrap(items, "{", "}", &prefix)
}
