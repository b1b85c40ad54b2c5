//! Function: the constructor (dynamic functions), `call`, `apply`, `bind`,
//! `toString`, `[Symbol.hasInstance]`, and %ThrowTypeError%.

use super::arg;
use crate::object::{flags, BoundData, JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let fp = vm.realm.function_proto;
    let lk = PropKey::Str(vm.names.length);
    vm.put(fp, lk, Value::int(0), attrs::CONFIGURABLE);
    let nk = PropKey::Str(vm.names.name);
    let e = Value::string(vm.names.empty);
    vm.put(fp, nk, e, attrs::CONFIGURABLE);
    let ctor = vm.new_constructor("Function", 1, |vm, _, args, nt| create_dynamic_function(vm, args, nt, "function"), fp);
    vm.realm.function_ctor = ctor;
    vm.define_method(fp, "call", 1, call);
    vm.define_method(fp, "apply", 2, apply);
    vm.define_method(fp, "bind", 1, bind);
    vm.define_method(fp, "toString", 0, to_string);
    let hi = vm.realm.sym.has_instance;
    let f = vm.new_native("[Symbol.hasInstance]", 1, |vm, this, args, _| Ok(Value::bool(vm.ordinary_has_instance(this, arg(args, 0))?)), false);
    vm.put(fp, PropKey::Sym(hi), Value::object(f), attrs::NONE);
    let thrower = vm.new_native("", 0, |vm, _, _, _| vm.throw_type("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them"), false);
    vm.obj_mut(thrower).flags &= !flags::EXTENSIBLE;
    let lk = PropKey::Str(vm.names.length);
    vm.put(thrower, lk, Value::int(0), attrs::NONE);
    let nk = PropKey::Str(vm.names.name);
    vm.put(thrower, nk, e, attrs::NONE);
    vm.realm.throw_type_error_fn = thrower;
    for name in ["caller", "arguments"] {
        let k = vm.key_str(name);
        let pair = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: Value::object(thrower), set: Value::object(thrower) }));
        vm.put(fp, k, Value::object(pair), attrs::CONFIGURABLE | attrs::ACCESSOR);
    }
    vm.define_global("Function", Value::object(ctor));
}

/// CreateDynamicFunction: `new Function(p1, ..., body)` and its relatives.
/// `new_target` (undefined for a plain call) supplies the function's prototype.
pub fn create_dynamic_function(vm: &mut Vm, args: &[Value], new_target: Value, kind: &str) -> JsResult<Value> {
    let (params, body) = match args.len() {
        0 => (String::new(), String::new()),
        n => {
            let mut ps = Vec::new();
            for a in &args[..n - 1] {
                ps.push(vm.to_rust_string(*a)?);
            }
            (ps.join(","), vm.to_rust_string(args[n - 1])?)
        }
    };
    // The parameter list and body must each parse on their own.
    let src = format!("({kind} anonymous({params}\n) {{\n{body}\n}})");
    let check_params = format!("({kind} anonymous({params}\n) {{}})");
    let check_body = format!("({kind} anonymous() {{\n{body}\n}})");
    for s in [&check_params, &check_body] {
        if let Err(m) = crate::compiler::check_function_piece(s) {
            return vm.throw_syntax(&m);
        }
    }
    let opts = crate::compiler::CompileOptions::script();
    let unit = match crate::compiler::compile(&src, "anonymous", &opts) {
        Ok(u) => u,
        Err(e) => return vm.throw_syntax(&e.message),
    };
    // GetPrototypeFromConstructor(newTarget, fallback), whose fallback comes
    // from newTarget's realm.
    let proto = if new_target.is_object() {
        let fallback = match kind {
            "function*" => vm.realm.generator_function_proto,
            "async function" => vm.realm.async_function_proto,
            "async function*" => vm.realm.async_generator_function_proto,
            _ => vm.realm.function_proto,
        };
        let p = vm.proto_from_ctor(new_target, fallback)?;
        vm.root(p);
        Some(p)
    } else {
        None
    };
    let g = Value::object(vm.realm.global);
    let ui = vm.load_unit(std::sync::Arc::new(unit), None);
    let top = vm.new_closure(ui, 0, Value::UNDEFINED, usize::MAX);
    let f = vm.call(Value::object(top), g, &[])?;
    if let (Some(p), Some(fo)) = (proto, f.as_object()) {
        if vm.obj(fo).proto != p {
            vm.set_prototype_of(fo, p)?;
        }
    }
    Ok(f)
}

fn call(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Function.prototype.call called on non-function");
    }
    let rest = if args.len() > 1 { &args[1..] } else { &[] };
    vm.call(this, arg(args, 0), rest)
}

fn apply(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Function.prototype.apply was called on a non-function");
    }
    let a = arg(args, 1);
    let list = if a.is_nullish() { Vec::new() } else { vm.list_from_array_like(a)? };
    vm.call(this, arg(args, 0), &list)
}

fn bind(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(target) = this.as_object().filter(|_| vm.is_callable(this)) else {
        return vm.throw_type("Bind must be called on a function");
    };
    let bound_args = if args.len() > 1 { args[1..].to_vec() } else { Vec::new() };
    let proto = vm.get_prototype_of(target)?;
    let mut o = JsObject::new(proto, ObjectKind::Bound(Box::new(BoundData { target: this, this: arg(args, 0), args: bound_args.clone() })));
    if vm.obj(target).flags & flags::CONSTRUCTOR != 0 {
        o.flags |= flags::CONSTRUCTOR;
    }
    let b = vm.alloc(o);
    vm.root(Value::object(b));
    copy_name_and_length(vm, b, this, "bound ", bound_args.len())?;
    Ok(Value::object(b))
}

/// CopyNameAndLength(f, target, prefix, argCount): `length` is
/// max(0, target.length - argCount) (a Number length only, +∞ kept), `name` is
/// prefix + target.name (a String name only).
pub(crate) fn copy_name_and_length(vm: &mut Vm, f: ObjId, target: Value, prefix: &str, arg_count: usize) -> JsResult<()> {
    let Some(t) = target.as_object() else { return Ok(()) };
    let lk = PropKey::Str(vm.names.length);
    let mut len = 0.0;
    if vm.get_own_property(t, lk)?.is_some() {
        let l = vm.get(target, lk)?;
        if let Some(n) = l.as_number() {
            if n == f64::INFINITY {
                len = f64::INFINITY;
            } else if n.is_finite() {
                // max(0, ...) with +0 (never -0) for a result of zero.
                len = (n.trunc() - arg_count as f64).max(0.0) + 0.0;
            }
        }
    }
    vm.put(f, lk, Value::number(len), attrs::CONFIGURABLE);
    let nk = PropKey::Str(vm.names.name);
    let n = vm.get(target, nk)?;
    let mut name: Vec<u16> = prefix.encode_utf16().collect();
    if let Some(s) = n.as_string() {
        name.extend_from_slice(vm.str_units(s));
    }
    let nv = vm.new_string_units(name);
    vm.put(f, nk, nv, attrs::CONFIGURABLE);
    Ok(())
}

/// Whether `function NAME() { [native code] }` conforms to the NativeFunction grammar
/// (identifier names, `get x` / `set x`, and `[Symbol.x]`).
fn native_name_ok(n: &str) -> bool {
    let ident = |s: &str| {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let prop = |s: &str| {
        ident(s)
            || s.strip_prefix("[Symbol.").and_then(|r| r.strip_suffix(']')).is_some_and(ident)
    };
    match n.strip_prefix("get ").or_else(|| n.strip_prefix("set ")) {
        Some(rest) => prop(rest),
        None => n.is_empty() || prop(n),
    }
}

fn to_string(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("Function.prototype.toString requires that 'this' be a Function");
    };
    let text = match &vm.obj(o).kind {
        ObjectKind::Closure(c) => {
            let unit = &vm.units[c.unit as usize].unit;
            let f = &unit.functions[c.func as usize];
            match &unit.source {
                Some(src) if f.flags & crate::bytecode::fflags::TOP_LEVEL == 0 => {
                    src.get(f.span.0 as usize..f.span.1 as usize).unwrap_or("function () { [native code] }").to_string()
                }
                _ => "function () { [native code] }".to_string(),
            }
        }
        ObjectKind::Native(_) => {
            let nk = PropKey::Str(vm.names.name);
            let n = vm.ordinary_own(o, nk).and_then(|d| d.value).filter(|v| v.is_string()).map(|v| vm.string_lossy(v)).unwrap_or_default();
            // NativeFunction syntax: only a name that parses as `get`/`set`? PropertyName.
            let n = if native_name_ok(&n) { n } else { String::new() };
            format!("function {n}() {{ [native code] }}")
        }
        ObjectKind::Bound(_) | ObjectKind::Wrapped { .. } => "function () { [native code] }".to_string(),
        ObjectKind::Proxy { .. } if vm.is_callable(this) => "function () { [native code] }".to_string(),
        _ => return vm.throw_type("Function.prototype.toString requires that 'this' be a Function"),
    };
    Ok(vm.new_string(&text))
}
