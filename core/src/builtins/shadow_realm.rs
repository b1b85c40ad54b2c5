//! ShadowRealm: a realm of this isolate whose objects never cross into the
//! caller's realm. Only primitives and callables pass the boundary; callables
//! arrive as wrapped function exotic objects (`ObjectKind::Wrapped`), whose
//! calls wrap their arguments and result the other way and turn an exception
//! into a TypeError of the caller's realm.

use super::arg;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let proto = vm.new_object();
    vm.realm.shadow_realm_proto = proto;
    let ctor = vm.new_constructor("ShadowRealm", 0, construct, proto);
    vm.define_method(proto, "evaluate", 1, evaluate);
    vm.define_method(proto, "importValue", 2, import_value);
    let tag = vm.realm.sym.to_string_tag;
    let name = vm.new_string("ShadowRealm");
    vm.put(proto, PropKey::Sym(tag), name, attrs::CONFIGURABLE);
    vm.define_global("ShadowRealm", Value::object(ctor));
}

/// `new ShadowRealm()`: a fresh realm with the standard globals only.
fn construct(vm: &mut Vm, _this: Value, _args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor ShadowRealm requires 'new'");
    }
    let fallback = vm.realm.shadow_realm_proto;
    let proto = vm.proto_from_ctor(nt, fallback)?;
    let r = vm.create_realm();
    Ok(Value::object(vm.alloc(JsObject::new(proto, ObjectKind::ShadowRealm(r)))))
}

/// ValidateShadowRealmObject: the realm index of `this`.
fn this_realm(vm: &mut Vm, this: Value, method: &str) -> JsResult<u32> {
    match this.as_object().map(|o| &vm.obj(o).kind) {
        Some(ObjectKind::ShadowRealm(r)) => Ok(*r),
        _ => vm.throw_type(&format!("ShadowRealm.prototype.{method} called on an object that is not a ShadowRealm")),
    }
}

/// `ShadowRealm.prototype.evaluate(sourceText)`: PerformShadowRealmEval.
fn evaluate(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let eval_realm = this_realm(vm, this, "evaluate")?;
    let src = arg(args, 0);
    if !src.is_string() {
        return vm.throw_type("ShadowRealm.prototype.evaluate: the source text must be a string");
    }
    let caller_realm = vm.realm_id;
    let text = vm.string_lossy(src);
    // Parsed in the caller's realm (a SyntaxError is the caller's), then run
    // as indirect eval code of the ShadowRealm: `var`s and functions become
    // its globals, `let`/`const` stay local to this evaluation.
    let ctx = crate::compiler::EvalContext { strict: false, direct: false, ..Default::default() };
    let opts = crate::compiler::CompileOptions { goal: crate::compiler::Goal::Eval(ctx), typescript: false, force_strict: false };
    let unit = match crate::compiler::compile(&text, "ShadowRealm.evaluate", &opts) {
        Ok(u) => u,
        Err(e) => return vm.throw_syntax(&e.message),
    };
    let result = vm.with_realm(eval_realm, |vm| {
        let ui = vm.load_unit(std::sync::Arc::new(unit), None);
        let c = vm.new_closure(ui, 0, Value::UNDEFINED, usize::MAX);
        let g = Value::object(vm.realm.global);
        vm.call(Value::object(c), g, &[])
    });
    match result {
        Ok(v) => get_wrapped_value(vm, caller_realm, v),
        Err(e) => Err(boundary_error(vm, e, "ShadowRealm.prototype.evaluate")),
    }
}

/// The TypeError (of the current realm) that replaces exception `e` when it
/// reaches a realm boundary. Its message repeats `e`'s when that can be read
/// without running code. An uncatchable termination passes through.
fn boundary_error(vm: &mut Vm, e: Value, what: &str) -> Value {
    if vm.terminating.is_some() {
        return e;
    }
    let detail = match e.as_object() {
        Some(o) if matches!(vm.obj(o).kind, ObjectKind::Error(_)) => {
            let mk = PropKey::Str(vm.names.message);
            let m = vm.ordinary_own(o, mk).and_then(|d| d.value).filter(|v| v.is_string());
            m.map(|m| vm.string_lossy(m))
        }
        Some(_) => None,
        None if e.is_string() => Some(vm.string_lossy(e)),
        None => None,
    };
    match detail {
        Some(d) => vm.type_error(&format!("{what}: the other realm threw: {d}")),
        None => vm.type_error(&format!("{what}: the other realm threw an exception")),
    }
}

/// GetWrappedValue(realm, value): primitives pass; callables are wrapped for
/// `realm`; other objects are a TypeError.
pub fn get_wrapped_value(vm: &mut Vm, realm: u32, v: Value) -> JsResult<Value> {
    if !v.is_object() {
        return Ok(v);
    }
    if !vm.is_callable(v) {
        return vm.throw_type("ShadowRealm: only primitives and callable objects can cross a realm boundary");
    }
    wrapped_function_create(vm, realm, v)
}

/// WrappedFunctionCreate(callerRealm, target).
fn wrapped_function_create(vm: &mut Vm, realm: u32, target: Value) -> JsResult<Value> {
    let Some(proto) = vm.realms.get(realm as usize).map(|i| i.function_proto) else {
        return vm.throw_type("ShadowRealm: unknown realm");
    };
    let f = vm.alloc(JsObject::new(Value::object(proto), ObjectKind::Wrapped { target, realm }));
    vm.root(Value::object(f));
    if let Err(e) = super::function::copy_name_and_length(vm, f, target, "", 0) {
        if vm.terminating.is_some() {
            return Err(e);
        }
        return vm.throw_type("ShadowRealm: the name or length of a function could not be copied across the boundary");
    }
    Ok(Value::object(f))
}

/// [[Call]] of a wrapped function exotic object `f`.
pub fn call_wrapped(vm: &mut Vm, f: ObjId, this: Value, args: &[Value]) -> JsResult<Value> {
    let (target, caller_realm) = match vm.obj(f).kind {
        ObjectKind::Wrapped { target, realm } => (target, realm),
        _ => return vm.throw_type("not a function"),
    };
    let mark = vm.roots.len();
    // PrepareForWrappedFunctionCall: the call runs in the wrapper's realm.
    let r = vm.with_realm(caller_realm, |vm| -> JsResult<Value> {
        let target_realm = vm.function_realm(target)?;
        let mut wrapped = Vec::with_capacity(args.len());
        for &a in args {
            let w = get_wrapped_value(vm, target_realm, a)?;
            vm.root(w);
            wrapped.push(w);
        }
        let wthis = get_wrapped_value(vm, target_realm, this)?;
        vm.root(wthis);
        match vm.call(target, wthis, &wrapped) {
            Ok(v) => get_wrapped_value(vm, caller_realm, v),
            Err(e) => Err(boundary_error(vm, e, "wrapped function")),
        }
    });
    vm.roots.truncate(mark);
    r
}

/// `ShadowRealm.prototype.importValue(specifier, exportName)`:
/// ShadowRealmImportValue.
fn import_value(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let eval_realm = this_realm(vm, this, "importValue")?;
    let spec = vm.to_string(arg(args, 0))?;
    vm.root(spec);
    let export_name = arg(args, 1);
    if !export_name.is_string() {
        return vm.throw_type("ShadowRealm.prototype.importValue: the export name must be a string");
    }
    // Relative specifiers resolve against the code that called importValue.
    let referrer = vm.frames.last().map(|f| {
        let lu = &vm.units[f.unit as usize];
        lu.module.map(|m| vm.modules.records[m as usize].name.clone()).unwrap_or_else(|| lu.unit.source_name.clone())
    });
    // The inner promise belongs to the ShadowRealm, which loads and evaluates
    // the module (a separate instance from any other realm's) in a later job.
    let (inner, res, rej) = vm.with_realm(eval_realm, |vm| {
        let pc = Value::object(vm.realm.promise_ctor);
        crate::builtins::promise::new_capability(vm, pc)
    })?;
    vm.root(inner);
    let rv = match referrer {
        Some(r) => vm.new_string(&r),
        None => Value::UNDEFINED,
    };
    crate::modules::queue_import(vm, eval_realm, spec, rv, Value::UNDEFINED, res, rej, None, 0);
    let on_fulfilled = vm.new_native_with("", 1, export_getter, false, vec![export_name]);
    vm.root(Value::object(on_fulfilled));
    let thrower = Value::object(vm.realm.throw_type_error_fn);
    let pc = Value::object(vm.realm.promise_ctor);
    let (p, pres, prej) = crate::builtins::promise::new_capability(vm, pc)?;
    if let Some(io) = inner.as_object() {
        crate::builtins::promise::perform_then(vm, io, Value::object(on_fulfilled), thrower, Some((p, pres, prej)));
    }
    Ok(p)
}

/// ExportGetter: the named export of the imported namespace, wrapped for the
/// caller's realm (this function's realm).
fn export_getter(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let ns = arg(args, 0);
    let name = vm.capture(0);
    let Some(o) = ns.as_object() else { return vm.throw_type("ShadowRealm.prototype.importValue: no module namespace") };
    let key = vm.to_property_key(name)?;
    if vm.get_own_property(o, key)?.is_none() {
        let n = vm.string_lossy(name);
        return vm.throw_type(&format!("ShadowRealm.prototype.importValue: the module has no export named '{n}'"));
    }
    let v = vm.get(ns, key)?;
    let realm = vm.realm_id;
    get_wrapped_value(vm, realm, v)
}
