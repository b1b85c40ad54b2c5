//! Error, the NativeError constructors and AggregateError, with `stack`
//! traces of file:line:col frames.

use super::arg;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let ep = vm.new_object_with_proto(op);
    let ec = vm.new_constructor("Error", 1, error_ctor, ep);
    vm.realm.error_proto = ep;
    vm.realm.error_ctor = ec;
    proto_props(vm, ep, "Error");
    vm.define_method(ep, "toString", 0, error_to_string);
    vm.define_method(ec, "captureStackTrace", 1, capture_stack_trace);
    // Error.prototype.stack (error-stack-accessor): the trace lives in [[ErrorData]].
    let sk = PropKey::Str(vm.names.stack);
    vm.define_accessor(ep, sk, "stack", Some(stack_getter), Some(stack_setter), attrs::CONFIGURABLE);
    vm.define_method(ec, "isError", 1, |vm, _, args, _| {
        Ok(Value::bool(arg(args, 0).as_object().is_some_and(|o| matches!(vm.obj(o).kind, ObjectKind::Error(_)))))
    });
    vm.define_global("Error", Value::object(ec));
    let natives: [(&str, crate::object::NativeFn); 6] = [
        ("TypeError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.type_error_proto)),
        ("RangeError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.range_error_proto)),
        ("ReferenceError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.reference_error_proto)),
        ("SyntaxError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.syntax_error_proto)),
        ("EvalError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.eval_error_proto)),
        ("URIError", |vm, _, a, nt| native_error(vm, a, nt, vm.realm.uri_error_proto)),
    ];
    for (name, f) in natives {
        let p = vm.new_object_with_proto(Value::object(ep));
        let c = vm.new_constructor(name, 1, f, p);
        vm.obj_mut(c).proto = Value::object(ec);
        proto_props(vm, p, name);
        match name {
            "TypeError" => {
                vm.realm.type_error_proto = p;
                vm.realm.type_error_ctor = c;
            }
            "RangeError" => {
                vm.realm.range_error_proto = p;
                vm.realm.range_error_ctor = c;
            }
            "ReferenceError" => {
                vm.realm.reference_error_proto = p;
                vm.realm.reference_error_ctor = c;
            }
            "SyntaxError" => {
                vm.realm.syntax_error_proto = p;
                vm.realm.syntax_error_ctor = c;
            }
            "EvalError" => {
                vm.realm.eval_error_proto = p;
                vm.realm.eval_error_ctor = c;
            }
            _ => {
                vm.realm.uri_error_proto = p;
                vm.realm.uri_error_ctor = c;
            }
        }
        vm.define_global(name, Value::object(c));
    }
    let ap = vm.new_object_with_proto(Value::object(ep));
    let ac = vm.new_constructor("AggregateError", 2, aggregate_error, ap);
    vm.obj_mut(ac).proto = Value::object(ec);
    proto_props(vm, ap, "AggregateError");
    vm.realm.aggregate_error_proto = ap;
    vm.realm.aggregate_error_ctor = ac;
    vm.define_global("AggregateError", Value::object(ac));

    let sp = vm.new_object_with_proto(Value::object(ep));
    let sc = vm.new_constructor("SuppressedError", 3, suppressed_error, sp);
    vm.obj_mut(sc).proto = Value::object(ec);
    proto_props(vm, sp, "SuppressedError");
    vm.realm.suppressed_error_proto = sp;
    vm.realm.suppressed_error_ctor = sc;
    vm.define_global("SuppressedError", Value::object(sc));
}

/// SuppressedError ( error, suppressed, message ).
fn suppressed_error(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let p = vm.realm.suppressed_error_proto;
    let o = make_error_base(vm, nt, p, arg(args, 2), Value::UNDEFINED)?;
    let ek = vm.key_str("error");
    vm.put(o, ek, arg(args, 0), attrs::HIDDEN);
    let sk = vm.key_str("suppressed");
    vm.put(o, sk, arg(args, 1), attrs::HIDDEN);
    // `stack` after them: message, error, suppressed are defined in that order.
    attach_stack(vm, o);
    Ok(Value::object(o))
}

/// A new SuppressedError { error, suppressed } (as created by DisposeResources).
pub fn new_suppressed_error(vm: &mut Vm, error: Value, suppressed: Value) -> Value {
    let p = vm.realm.suppressed_error_proto;
    let o = vm.alloc(JsObject::new(Value::object(p), ObjectKind::Error(Value::UNDEFINED)));
    let ek = vm.key_str("error");
    vm.put(o, ek, error, attrs::HIDDEN);
    let sk = vm.key_str("suppressed");
    vm.put(o, sk, suppressed, attrs::HIDDEN);
    attach_stack(vm, o);
    Value::object(o)
}

fn proto_props(vm: &mut Vm, p: ObjId, name: &str) {
    let n = vm.new_string(name);
    vm.put_str(p, "name", n, attrs::HIDDEN);
    let e = Value::string(vm.names.empty);
    vm.put_str(p, "message", e, attrs::HIDDEN);
}

/// Shared constructor steps: prototype from newTarget, message, cause.
fn make_error(vm: &mut Vm, nt: Value, fallback: ObjId, message: Value, options: Value) -> JsResult<ObjId> {
    let o = make_error_base(vm, nt, fallback, message, options)?;
    attach_stack(vm, o);
    Ok(o)
}

/// `make_error` without the `stack` property.
fn make_error_base(vm: &mut Vm, nt: Value, fallback: ObjId, message: Value, options: Value) -> JsResult<ObjId> {
    let ntv = if nt.is_undefined() { vm.native_self().unwrap_or_default() } else { nt };
    let proto = vm.proto_from_ctor(ntv, fallback)?;
    let o = vm.alloc(JsObject::new(proto, ObjectKind::Error(Value::UNDEFINED)));
    // ToString(message) and Get(options, "cause") may run JS (and the collector).
    vm.root(Value::object(o));
    if !message.is_undefined() {
        let m = vm.to_string(message)?;
        let mk = PropKey::Str(vm.names.message);
        vm.put(o, mk, m, attrs::HIDDEN);
    }
    if let Some(opts) = options.as_object() {
        let ck = PropKey::Str(vm.names.cause);
        if vm.has_property(opts, ck)? {
            let c = vm.get(options, ck)?;
            vm.put(o, ck, c, attrs::HIDDEN);
        }
    }
    Ok(o)
}

fn error_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let p = vm.realm.error_proto;
    Ok(Value::object(make_error(vm, nt, p, arg(args, 0), arg(args, 1))?))
}

fn native_error(vm: &mut Vm, args: &[Value], nt: Value, proto: ObjId) -> JsResult<Value> {
    Ok(Value::object(make_error(vm, nt, proto, arg(args, 0), arg(args, 1))?))
}

fn aggregate_error(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let p = vm.realm.aggregate_error_proto;
    let o = make_error(vm, nt, p, arg(args, 1), arg(args, 2))?;
    let (it, next) = super::iterator::get_iterator_rooted(vm, arg(args, 0), false)?;
    let mut list = Vec::new();
    while let Some(v) = vm.iter_step(it, next)? {
        // The list is not traced: keep each value alive while the iterator runs.
        vm.root(v);
        list.push(v);
    }
    let arr = vm.new_array(list);
    let ek = PropKey::Str(vm.names.errors);
    vm.put(o, ek, Value::object(arr), attrs::HIDDEN);
    Ok(Value::object(o))
}

fn error_to_string(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Error.prototype.toString called on non-object");
    }
    let nk = PropKey::Str(vm.names.name);
    let n = vm.get(this, nk)?;
    let name = if n.is_undefined() { "Error".encode_utf16().collect() } else { vm.to_units(n)? };
    let mk = PropKey::Str(vm.names.message);
    let m = vm.get(this, mk)?;
    let msg = if m.is_undefined() { Vec::new() } else { vm.to_units(m)? };
    let out = if name.is_empty() {
        msg
    } else if msg.is_empty() {
        name
    } else {
        let mut v = name;
        v.extend(": ".encode_utf16());
        v.extend(msg);
        v
    };
    Ok(vm.new_string_units(out))
}

/// get Error.prototype.stack: the trace of an object with [[ErrorData]], else undefined.
fn stack_getter(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw_type("Error.prototype.stack getter called on a non-object");
    };
    Ok(match vm.obj(o).kind {
        ObjectKind::Error(stack) => stack,
        _ => Value::UNDEFINED,
    })
}

/// set Error.prototype.stack: a string only, stored as an own data property
/// (SetterThatIgnoresPrototypeProperties with home %Error.prototype%).
fn stack_setter(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Error.prototype.stack setter called on a non-object");
    }
    let v = arg(args, 0);
    if !v.is_string() {
        return vm.throw_type("Error.prototype.stack must be set to a string");
    }
    let home = vm.realm.error_proto;
    let k = PropKey::Str(vm.names.stack);
    super::iterator::setter_ignoring_proto(vm, this, home, k, v)
}

/// The stack text to show for a thrown or logged error: an own string `stack` data
/// property (set by user code or captureStackTrace) wins over the captured trace.
pub fn stack_text(vm: &Vm, o: ObjId) -> Option<Value> {
    let sk = PropKey::Str(vm.names.stack);
    if let Some(d) = vm.ordinary_own(o, sk) {
        return d.value.filter(|v| v.is_string());
    }
    match vm.obj(o).kind {
        ObjectKind::Error(stack) if stack.is_string() => Some(stack),
        _ => None,
    }
}

fn capture_stack_trace(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else { return vm.throw_type("Invalid argument") };
    // As in V8: an own `stack` property, on any object.
    let v = stack_string(vm, o);
    let sk = PropKey::Str(vm.names.stack);
    vm.put(o, sk, v, attrs::HIDDEN);
    Ok(Value::UNDEFINED)
}

/// The current call stack as "    at name (file:line:col)" lines, innermost first.
pub fn stack_trace_lines(vm: &Vm) -> Vec<String> {
    let mut lines = Vec::new();
    for f in vm.frames.iter().rev().take(20) {
        let unit = &vm.units[f.unit as usize].unit;
        let func = &unit.functions[f.func as usize];
        let name = match unit.constants.get(func.name as usize) {
            Some(crate::bytecode::Constant::String(s)) if !s.is_empty() => String::from_utf16_lossy(s),
            _ => String::new(),
        };
        let loc = match func.position_of(f.pc.saturating_sub(1)) {
            Some(pos) => {
                let (l, c) = unit.line_col(pos);
                format!("{}:{l}:{c}", unit.source_name)
            }
            None => unit.source_name.clone(),
        };
        if name.is_empty() {
            lines.push(format!("    at {loc}"));
        } else {
            lines.push(format!("    at {name} ({loc})"));
        }
    }
    lines
}

/// Records the stack ("Name: message" + frames) in a new error object's [[ErrorData]].
pub fn attach_stack(vm: &mut Vm, o: ObjId) {
    let v = stack_string(vm, o);
    if let ObjectKind::Error(stack) = &mut vm.obj_mut(o).kind {
        *stack = v;
    }
}

/// "Name: message" + the current frames, as a string value.
fn stack_string(vm: &mut Vm, o: ObjId) -> Value {
    let lines = stack_trace_lines(vm);
    // The header uses the error's own name/message without running user code.
    let name = lookup_plain(vm, o, vm.names.name).unwrap_or_else(|| "Error".into());
    let msg = lookup_plain(vm, o, vm.names.message).unwrap_or_default();
    let mut s = if msg.is_empty() { name } else { format!("{name}: {msg}") };
    for l in lines {
        s.push('\n');
        s.push_str(&l);
    }
    vm.new_string(&s)
}

/// A string data property found on the object or its prototypes, without side effects.
fn lookup_plain(vm: &Vm, o: ObjId, key: crate::value::StrId) -> Option<String> {
    let mut cur = Some(o);
    let mut depth = 0;
    while let Some(c) = cur {
        if let Some(d) = vm.ordinary_own(c, PropKey::Str(key)) {
            return d.value.filter(|v| v.is_string()).map(|v| vm.string_lossy(v));
        }
        cur = vm.obj(c).proto.as_object();
        depth += 1;
        if depth > 100 {
            break;
        }
    }
    None
}

#[allow(dead_code)]
fn unused(_: PropDesc) {}
