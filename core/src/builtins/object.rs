//! Object: the constructor, its static methods and Object.prototype.

use super::arg;
use crate::object::{ObjectKind, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = vm.realm.object_proto;
    let ctor = vm.new_constructor("Object", 1, object_ctor, op);
    vm.realm.object_ctor = ctor;
    // Function objects made before Function.prototype existed get it now.
    vm.obj_mut(ctor).proto = Value::object(vm.realm.function_proto);
    let statics: &[(&str, u32, crate::object::NativeFn)] = &[
        ("assign", 2, assign),
        ("create", 2, create),
        ("defineProperty", 3, define_property),
        ("defineProperties", 2, define_properties),
        ("entries", 1, |vm, _, a, _| list_own(vm, arg(a, 0), 2)),
        ("freeze", 1, |vm, _, a, _| integrity(vm, arg(a, 0), true)),
        ("fromEntries", 1, from_entries),
        ("getOwnPropertyDescriptor", 2, get_own_property_descriptor),
        ("getOwnPropertyDescriptors", 1, get_own_property_descriptors),
        ("getOwnPropertyNames", 1, |vm, _, a, _| own_keys_array(vm, arg(a, 0), false)),
        ("getOwnPropertySymbols", 1, |vm, _, a, _| own_keys_array(vm, arg(a, 0), true)),
        ("getPrototypeOf", 1, |vm, _, a, _| {
            let o = vm.to_object(arg(a, 0))?;
            vm.get_prototype_of(o)
        }),
        ("groupBy", 2, group_by),
        ("hasOwn", 2, |vm, _, a, _| {
            let o = vm.to_object(arg(a, 0))?;
            let k = vm.to_property_key(arg(a, 1))?;
            Ok(Value::bool(vm.get_own_property(o, k)?.is_some()))
        }),
        ("is", 2, |vm, _, a, _| Ok(Value::bool(crate::ops::convert::same_value(vm, arg(a, 0), arg(a, 1))))),
        ("isExtensible", 1, |vm, _, a, _| match arg(a, 0).as_object() {
            Some(o) => Ok(Value::bool(vm.is_extensible(o)?)),
            None => Ok(Value::FALSE),
        }),
        ("isFrozen", 1, |vm, _, a, _| test_integrity(vm, arg(a, 0), true)),
        ("isSealed", 1, |vm, _, a, _| test_integrity(vm, arg(a, 0), false)),
        ("keys", 1, |vm, _, a, _| list_own(vm, arg(a, 0), 0)),
        ("preventExtensions", 1, |vm, _, a, _| {
            if let Some(o) = arg(a, 0).as_object() {
                if !vm.prevent_extensions(o)? {
                    return vm.throw_type("Cannot prevent extensions");
                }
            }
            Ok(arg(a, 0))
        }),
        ("seal", 1, |vm, _, a, _| integrity(vm, arg(a, 0), false)),
        ("setPrototypeOf", 2, set_prototype_of),
        ("values", 1, |vm, _, a, _| list_own(vm, arg(a, 0), 1)),
    ];
    for (name, len, f) in statics {
        vm.define_method(ctor, name, *len, *f);
    }
    let protos: &[(&str, u32, crate::object::NativeFn)] = &[
        ("hasOwnProperty", 1, |vm, this, a, _| {
            let k = vm.to_property_key(arg(a, 0))?;
            let o = vm.to_object(this)?;
            Ok(Value::bool(vm.get_own_property(o, k)?.is_some()))
        }),
        ("isPrototypeOf", 1, |vm, this, a, _| {
            let Some(mut v) = arg(a, 0).as_object() else { return Ok(Value::FALSE) };
            let o = vm.to_object(this)?;
            loop {
                let p = vm.get_prototype_of(v)?;
                match p.as_object() {
                    Some(po) if po == o => return Ok(Value::TRUE),
                    Some(po) => v = po,
                    None => return Ok(Value::FALSE),
                }
            }
        }),
        ("propertyIsEnumerable", 1, |vm, this, a, _| {
            let k = vm.to_property_key(arg(a, 0))?;
            let o = vm.to_object(this)?;
            Ok(Value::bool(vm.get_own_property(o, k)?.is_some_and(|d| d.enumerable == Some(true))))
        }),
        ("toLocaleString", 0, |vm, this, _, _| {
            let tk = PropKey::Str(vm.names.to_string);
            let f = vm.get(this, tk)?;
            vm.call(f, this, &[])
        }),
        ("toString", 0, object_to_string),
        ("valueOf", 0, |vm, this, _, _| Ok(Value::object(vm.to_object(this)?))),
        ("__defineGetter__", 2, |vm, this, a, _| legacy_define(vm, this, a, true)),
        ("__defineSetter__", 2, |vm, this, a, _| legacy_define(vm, this, a, false)),
        ("__lookupGetter__", 1, |vm, this, a, _| legacy_lookup(vm, this, a, true)),
        ("__lookupSetter__", 1, |vm, this, a, _| legacy_lookup(vm, this, a, false)),
    ];
    for (name, len, f) in protos {
        vm.define_method(op, name, *len, *f);
    }
    let pk = vm.key_str("__proto__");
    vm.define_accessor(op, pk, "__proto__", Some(proto_getter), Some(proto_setter), attrs::CONFIGURABLE);
    vm.define_global("Object", Value::object(ctor));
}

fn object_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() && vm.native_self() != Some(nt) {
        let op = vm.realm.object_proto;
        let p = vm.proto_from_ctor(nt, op)?;
        return Ok(Value::object(vm.new_object_with_proto(p)));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

fn proto_getter(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    vm.get_prototype_of(o)
}

fn proto_setter(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw_type("Object.prototype.__proto__ called on null or undefined");
    }
    let p = arg(a, 0);
    if !p.is_object() && !p.is_null() {
        return Ok(Value::UNDEFINED);
    }
    let Some(o) = this.as_object() else { return Ok(Value::UNDEFINED) };
    if !vm.set_prototype_of(o, p)? {
        return vm.throw_type("Object.prototype.__proto__ setter failed");
    }
    Ok(Value::UNDEFINED)
}

fn legacy_define(vm: &mut Vm, this: Value, a: &[Value], getter: bool) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = arg(a, 1);
    if !vm.is_callable(f) {
        return vm.throw_type("Object.prototype.__defineGetter__: Expecting function");
    }
    let k = vm.to_property_key(arg(a, 0))?;
    let d = if getter {
        PropDesc { get: Some(f), enumerable: Some(true), configurable: Some(true), ..Default::default() }
    } else {
        PropDesc { set: Some(f), enumerable: Some(true), configurable: Some(true), ..Default::default() }
    };
    vm.define_property_or_throw(o, k, d)?;
    Ok(Value::UNDEFINED)
}

fn legacy_lookup(vm: &mut Vm, this: Value, a: &[Value], getter: bool) -> JsResult<Value> {
    let mut o = vm.to_object(this)?;
    let k = vm.to_property_key(arg(a, 0))?;
    loop {
        if let Some(d) = vm.get_own_property(o, k)? {
            if d.is_accessor() {
                return Ok(if getter { d.get.unwrap_or_default() } else { d.set.unwrap_or_default() });
            }
            return Ok(Value::UNDEFINED);
        }
        match vm.get_prototype_of(o)?.as_object() {
            Some(p) => o = p,
            None => return Ok(Value::UNDEFINED),
        }
    }
}

/// Object.prototype.toString.
pub fn object_to_string(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    if this.is_undefined() {
        return Ok(vm.new_string("[object Undefined]"));
    }
    if this.is_null() {
        return Ok(vm.new_string("[object Null]"));
    }
    let o = vm.to_object(this)?;
    let builtin = if crate::builtins::array::is_array(vm, Value::object(o))? {
        "Array"
    } else {
        match &vm.obj(o).kind {
            ObjectKind::Arguments { .. } => "Arguments",
            ObjectKind::Closure(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) | ObjectKind::Wrapped { .. } => "Function",
            ObjectKind::Proxy { .. } if vm.obj(o).is_callable() => "Function",
            ObjectKind::Error(_) => "Error",
            ObjectKind::BooleanBox(_) => "Boolean",
            ObjectKind::NumberBox(_) => "Number",
            ObjectKind::StringBox(_) => "String",
            ObjectKind::Date(_) => "Date",
            ObjectKind::RegExp(_) => "RegExp",
            _ => "Object",
        }
    };
    let tt = vm.realm.sym.to_string_tag;
    let tag = vm.get(Value::object(o), PropKey::Sym(tt))?;
    let t = if tag.is_string() { vm.string_lossy(tag) } else { builtin.to_string() };
    Ok(vm.new_string(&format!("[object {t}]")))
}

fn assign(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let to = vm.to_object(arg(a, 0))?;
    for &src in a.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        let from = vm.to_object(src)?;
        let keys = vm.own_property_keys(from)?;
        for k in keys {
            if let Some(d) = vm.get_own_property(from, k)? {
                if d.enumerable == Some(true) {
                    let v = vm.get(Value::object(from), k)?;
                    vm.set_strict(Value::object(to), k, v)?;
                }
            }
        }
    }
    Ok(Value::object(to))
}

fn create(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let p = arg(a, 0);
    if !p.is_object() && !p.is_null() {
        return vm.throw_type("Object prototype may only be an Object or null");
    }
    let o = vm.new_object_with_proto(p);
    let props = arg(a, 1);
    if !props.is_undefined() {
        object_define_properties(vm, o, props)?;
    }
    Ok(Value::object(o))
}

/// ToPropertyDescriptor.
pub fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropDesc> {
    let Some(o) = v.as_object() else {
        return vm.throw_type("Property description must be an object");
    };
    let mut d = PropDesc::default();
    let n = vm.names.enumerable;
    let fields: [(crate::value::StrId, u8); 6] =
        [(n, 0), (vm.names.configurable, 1), (vm.names.value, 2), (vm.names.writable, 3), (vm.names.get, 4), (vm.names.set, 5)];
    for (name, which) in fields {
        let k = PropKey::Str(name);
        if !vm.has_property(o, k)? {
            continue;
        }
        let x = vm.get(v, k)?;
        match which {
            0 => d.enumerable = Some(crate::ops::convert::to_boolean(vm, x)),
            1 => d.configurable = Some(crate::ops::convert::to_boolean(vm, x)),
            2 => d.value = Some(x),
            3 => d.writable = Some(crate::ops::convert::to_boolean(vm, x)),
            4 => {
                if !x.is_undefined() && !vm.is_callable(x) {
                    return vm.throw_type("Getter must be a function");
                }
                d.get = Some(x);
            }
            _ => {
                if !x.is_undefined() && !vm.is_callable(x) {
                    return vm.throw_type("Setter must be a function");
                }
                d.set = Some(x);
            }
        }
    }
    if d.is_accessor() && (d.value.is_some() || d.writable.is_some()) {
        return vm.throw_type("Invalid property descriptor. Cannot both specify accessors and a value or writable attribute");
    }
    Ok(d)
}

/// FromPropertyDescriptor.
pub fn from_property_descriptor(vm: &mut Vm, d: Option<PropDesc>) -> Value {
    let Some(d) = d else { return Value::UNDEFINED };
    let o = vm.new_object();
    let put = |vm: &mut Vm, k: crate::value::StrId, v: Value| vm.put(o, PropKey::Str(k), v, attrs::DEFAULT);
    if let Some(v) = d.value {
        put(vm, vm.names.value, v);
    }
    if let Some(w) = d.writable {
        put(vm, vm.names.writable, Value::bool(w));
    }
    if let Some(g) = d.get {
        put(vm, vm.names.get, g);
    }
    if let Some(s) = d.set {
        put(vm, vm.names.set, s);
    }
    if let Some(e) = d.enumerable {
        put(vm, vm.names.enumerable, Value::bool(e));
    }
    if let Some(c) = d.configurable {
        put(vm, vm.names.configurable, Value::bool(c));
    }
    Value::object(o)
}

fn define_property(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = arg(a, 0).as_object() else {
        return vm.throw_type("Object.defineProperty called on non-object");
    };
    let k = vm.to_property_key(arg(a, 1))?;
    let d = to_property_descriptor(vm, arg(a, 2))?;
    vm.define_property_or_throw(o, k, d)?;
    Ok(arg(a, 0))
}

fn object_define_properties(vm: &mut Vm, o: ObjId, props: Value) -> JsResult<()> {
    let p = vm.to_object(props)?;
    let keys = vm.own_property_keys(p)?;
    let mut descs = Vec::new();
    for k in keys {
        if let Some(pd) = vm.get_own_property(p, k)? {
            if pd.enumerable == Some(true) {
                let dv = vm.get(Value::object(p), k)?;
                let d = to_property_descriptor(vm, dv)?;
                descs.push((k, d));
            }
        }
    }
    for (k, d) in descs {
        vm.define_property_or_throw(o, k, d)?;
    }
    Ok(())
}

fn define_properties(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(o) = arg(a, 0).as_object() else {
        return vm.throw_type("Object.defineProperties called on non-object");
    };
    object_define_properties(vm, o, arg(a, 1))?;
    Ok(arg(a, 0))
}

fn get_own_property_descriptor(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(a, 0))?;
    let k = vm.to_property_key(arg(a, 1))?;
    let d = vm.get_own_property(o, k)?;
    Ok(from_property_descriptor(vm, d))
}

fn get_own_property_descriptors(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(a, 0))?;
    let keys = vm.own_property_keys(o)?;
    let out = vm.new_object();
    for k in keys {
        let d = vm.get_own_property(o, k)?;
        if d.is_some() {
            let dv = from_property_descriptor(vm, d);
            vm.create_data_property(out, k, dv)?;
        }
    }
    Ok(Value::object(out))
}

fn own_keys_array(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_property_keys(o)?;
    let mut out = Vec::new();
    for k in keys {
        match (k, symbols) {
            (PropKey::Sym(s), true) => out.push(Value::symbol(s)),
            (PropKey::Sym(_), false) | (_, true) => {}
            (k, false) => out.push(vm.key_to_value(k)),
        }
    }
    Ok(Value::object(vm.new_array(out)))
}

/// EnumerableOwnProperties: 0 keys, 1 values, 2 entries.
fn list_own(vm: &mut Vm, v: Value, kind: u8) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_property_keys(o)?;
    let mut out = Vec::new();
    for k in keys {
        if let PropKey::Sym(_) = k {
            continue;
        }
        if let Some(d) = vm.get_own_property(o, k)? {
            if d.enumerable != Some(true) {
                continue;
            }
            let kv = vm.key_to_value(k);
            match kind {
                0 => out.push(kv),
                1 => out.push(vm.get(Value::object(o), k)?),
                _ => {
                    let val = vm.get(Value::object(o), k)?;
                    out.push(Value::object(vm.new_array(vec![kv, val])));
                }
            }
        }
    }
    Ok(Value::object(vm.new_array(out)))
}

/// SetIntegrityLevel (frozen or sealed).
pub fn set_integrity(vm: &mut Vm, o: ObjId, frozen: bool) -> JsResult<bool> {
    if !vm.prevent_extensions(o)? {
        return Ok(false);
    }
    let keys = vm.own_property_keys(o)?;
    for k in keys {
        let d = if frozen {
            match vm.get_own_property(o, k)? {
                Some(cur) if cur.is_accessor() => PropDesc { configurable: Some(false), ..Default::default() },
                Some(_) => PropDesc { configurable: Some(false), writable: Some(false), ..Default::default() },
                None => continue,
            }
        } else {
            PropDesc { configurable: Some(false), ..Default::default() }
        };
        vm.define_property_or_throw(o, k, d)?;
    }
    Ok(true)
}

fn integrity(vm: &mut Vm, v: Value, frozen: bool) -> JsResult<Value> {
    if let Some(o) = v.as_object() {
        if !set_integrity(vm, o, frozen)? {
            return vm.throw_type("Cannot freeze or seal object");
        }
    }
    Ok(v)
}

fn test_integrity(vm: &mut Vm, v: Value, frozen: bool) -> JsResult<Value> {
    let Some(o) = v.as_object() else { return Ok(Value::TRUE) };
    if vm.is_extensible(o)? {
        return Ok(Value::FALSE);
    }
    let keys = vm.own_property_keys(o)?;
    for k in keys {
        if let Some(d) = vm.get_own_property(o, k)? {
            if d.configurable == Some(true) {
                return Ok(Value::FALSE);
            }
            if frozen && d.is_data() && d.writable == Some(true) {
                return Ok(Value::FALSE);
            }
        }
    }
    Ok(Value::TRUE)
}

fn set_prototype_of(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = arg(a, 0);
    if o.is_nullish() {
        return vm.throw_type("Object.setPrototypeOf called on null or undefined");
    }
    let p = arg(a, 1);
    if !p.is_object() && !p.is_null() {
        return vm.throw_type("Object prototype may only be an Object or null");
    }
    if let Some(oo) = o.as_object() {
        if !vm.set_prototype_of(oo, p)? {
            return vm.throw_type("Cannot set prototype (cyclic or non-extensible object)");
        }
    }
    Ok(o)
}

fn from_entries(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let it = arg(a, 0);
    if it.is_nullish() {
        return vm.throw_type("Object.fromEntries requires an iterable");
    }
    let o = vm.new_object();
    vm.root(Value::object(o));
    let (iter, next) = super::iterator::get_iterator_rooted(vm, it, false)?;
    while let Some(e) = vm.iter_step(iter, next)? {
        let r = (|| -> JsResult<()> {
            if !e.is_object() {
                return vm.throw_type("Iterator value is not an entry object");
            }
            vm.root(e);
            let k = vm.get(e, PropKey::Index(0))?;
            vm.root(k);
            let v = vm.get(e, PropKey::Index(1))?;
            vm.root(v);
            let pk = vm.to_property_key(k)?;
            vm.create_data_property_or_throw(o, pk, v)
        })();
        if let Err(err) = r {
            let _ = super::iterator::close(vm, iter);
            return Err(err);
        }
    }
    Ok(Value::object(o))
}

fn group_by(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let items = arg(a, 0);
    let cb = arg(a, 1);
    if items.is_nullish() {
        return vm.throw_type("Object.groupBy called on null or undefined");
    }
    if !vm.is_callable(cb) {
        return vm.throw_type("callback is not a function");
    }
    let out = vm.new_object_with_proto(Value::NULL);
    vm.root(Value::object(out));
    let (iter, next) = super::iterator::get_iterator_rooted(vm, items, false)?;
    let mut k = 0u32;
    while let Some(v) = vm.iter_step(iter, next)? {
        vm.root(v);
        let r = (|| -> JsResult<()> {
            let key = vm.call(cb, Value::UNDEFINED, &[v, Value::number(k as f64)])?;
            let pk = vm.to_property_key(key)?;
            let existing = vm.get(Value::object(out), pk)?;
            let arr = match existing.as_object() {
                Some(a) => a,
                None => {
                    let a = vm.new_array(Vec::new());
                    vm.create_data_property_or_throw(out, pk, Value::object(a))?;
                    a
                }
            };
            let len = vm.obj(arr).array_len;
            vm.put(arr, PropKey::Index(len), v, attrs::DEFAULT);
            Ok(())
        })();
        if let Err(e) = r {
            let _ = super::iterator::close(vm, iter);
            return Err(e);
        }
        k += 1;
    }
    Ok(Value::object(out))
}
