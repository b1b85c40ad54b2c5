//! Proxy exotic objects (ECMA-262 §10.5): every trap with its invariant
//! checks, the `Proxy` constructor and `Proxy.revocable`.
//!
//! Each internal method roots the target and handler for its duration (a
//! trap may revoke the proxy, which drops them from the proxy object) and
//! releases its roots on exit, since these run outside native calls too.

use super::arg;
use crate::object::{flags, JsObject, ObjectKind, PropKey};
use crate::ops::convert::{same_value, to_boolean};
use crate::ops::property::PropDesc;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let ctor = vm.new_native("Proxy", 2, proxy_ctor, true);
    vm.realm.proxy_ctor = ctor;
    vm.define_method(ctor, "revocable", 2, proxy_revocable);
    vm.define_global("Proxy", Value::object(ctor));
}

/// ProxyCreate(target, handler).
fn proxy_create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<ObjId> {
    if !target.is_object() {
        return vm.throw_type("Cannot create proxy with a non-object as target or handler");
    }
    if !handler.is_object() {
        return vm.throw_type("Cannot create proxy with a non-object as target or handler");
    }
    let mut o = JsObject::new(Value::NULL, ObjectKind::Proxy { target, handler });
    if vm.is_callable(target) {
        o.flags |= flags::CALLABLE_PROXY;
    }
    if vm.is_constructor(target) {
        o.flags |= flags::CONSTRUCTOR;
    }
    Ok(vm.alloc(o))
}

fn proxy_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor Proxy requires 'new'");
    }
    Ok(Value::object(proxy_create(vm, arg(a, 0), arg(a, 1))?))
}

fn proxy_revocable(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let p = proxy_create(vm, arg(a, 0), arg(a, 1))?;
    let revoke = vm.new_native_with("", 0, revoke_fn, false, vec![Value::object(p)]);
    let r = vm.new_object();
    let pk = vm.key_str("proxy");
    vm.create_data_property_or_throw(r, pk, Value::object(p))?;
    let rk = vm.key_str("revoke");
    vm.create_data_property_or_throw(r, rk, Value::object(revoke))?;
    Ok(Value::object(r))
}

pub(crate) fn revoke_fn(vm: &mut Vm, _this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let p = vm.capture(0);
    let Some(po) = p.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    if let Some(me) = vm.native_self().and_then(|v| v.as_object()) {
        if let ObjectKind::Native(n) = &mut vm.obj_mut(me).kind {
            if let Some(c) = n.captures.get_mut(0) {
                *c = Value::NULL;
            }
        }
    }
    if let ObjectKind::Proxy { target, handler } = &mut vm.obj_mut(po).kind {
        *target = Value::NULL;
        *handler = Value::NULL;
    }
    Ok(Value::UNDEFINED)
}

// ----- helpers ---------------------------------------------------------------------------

/// The proxy's (target, handler), rooted; TypeError if revoked.
fn parts(vm: &mut Vm, p: ObjId) -> JsResult<(ObjId, Value)> {
    let (t, h) = match &vm.obj(p).kind {
        ObjectKind::Proxy { target, handler } => (*target, *handler),
        _ => (Value::NULL, Value::NULL),
    };
    match (t.as_object(), h.is_object()) {
        (Some(t), true) => {
            vm.root(Value::object(t));
            vm.root(h);
            Ok((t, h))
        }
        _ => vm.throw_type("Cannot perform operation on a revoked proxy"),
    }
}

/// GetMethod(handler, name).
fn trap(vm: &mut Vm, handler: Value, name: &str) -> JsResult<Option<Value>> {
    let k = vm.key_str(name);
    let t = vm.get_method(handler, k)?;
    if let Some(t) = t {
        vm.root(t);
    }
    Ok(t)
}

/// Runs `f` and releases whatever it rooted.
fn scoped<T>(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> JsResult<T>) -> JsResult<T> {
    let mark = vm.roots.len();
    let r = f(vm);
    vm.roots.truncate(mark);
    r
}

fn key_val(vm: &mut Vm, key: PropKey) -> Value {
    let v = vm.key_to_value(key);
    vm.root(v);
    v
}

fn complete(mut d: PropDesc) -> PropDesc {
    if !d.is_accessor() {
        d.value.get_or_insert(Value::UNDEFINED);
        d.writable.get_or_insert(false);
    } else {
        d.get.get_or_insert(Value::UNDEFINED);
        d.set.get_or_insert(Value::UNDEFINED);
    }
    d.enumerable.get_or_insert(false);
    d.configurable.get_or_insert(false);
    d
}

fn invariant<T>(vm: &mut Vm, trap: &str, msg: &str) -> JsResult<T> {
    vm.throw_type(&format!("'{trap}' on proxy: {msg}"))
}

// ----- internal methods ----------------------------------------------------------------------

pub fn get_prototype_of(vm: &mut Vm, p: ObjId) -> JsResult<Value> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "getPrototypeOf")? else {
            return vm.get_prototype_of(t);
        };
        let hp = vm.call(f, h, &[Value::object(t)])?;
        if !hp.is_object() && !hp.is_null() {
            return invariant(
                vm,
                "getPrototypeOf",
                "trap returned neither object nor null",
            );
        }
        vm.root(hp);
        if vm.is_extensible(t)? {
            return Ok(hp);
        }
        let tp = vm.get_prototype_of(t)?;
        if !same_value(vm, hp, tp) {
            return invariant(
                vm,
                "getPrototypeOf",
                "proxy target is non-extensible but the trap did not return its actual prototype",
            );
        }
        Ok(hp)
    })
}

pub fn set_prototype_of(vm: &mut Vm, p: ObjId, proto: Value) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "setPrototypeOf")? else {
            return vm.set_prototype_of(t, proto);
        };
        vm.root(proto);
        let r = vm.call(f, h, &[Value::object(t), proto])?;
        if !to_boolean(vm, r) {
            return Ok(false);
        }
        if vm.is_extensible(t)? {
            return Ok(true);
        }
        let tp = vm.get_prototype_of(t)?;
        if !same_value(vm, proto, tp) {
            return invariant(vm, "setPrototypeOf", "trap returned truish for setting a new prototype on the non-extensible proxy target");
        }
        Ok(true)
    })
}

pub fn is_extensible(vm: &mut Vm, p: ObjId) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "isExtensible")? else {
            return vm.is_extensible(t);
        };
        let r = vm.call(f, h, &[Value::object(t)])?;
        let b = to_boolean(vm, r);
        if b != vm.is_extensible(t)? {
            return invariant(
                vm,
                "isExtensible",
                "trap result does not reflect extensibility of proxy target",
            );
        }
        Ok(b)
    })
}

pub fn prevent_extensions(vm: &mut Vm, p: ObjId) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "preventExtensions")? else {
            return vm.prevent_extensions(t);
        };
        let r = vm.call(f, h, &[Value::object(t)])?;
        let b = to_boolean(vm, r);
        if b && vm.is_extensible(t)? {
            return invariant(
                vm,
                "preventExtensions",
                "trap returned truish but the proxy target is extensible",
            );
        }
        Ok(b)
    })
}

pub fn get_own_property(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<Option<PropDesc>> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "getOwnPropertyDescriptor")? else {
            return vm.get_own_property(t, key);
        };
        let kv = key_val(vm, key);
        let res = vm.call(f, h, &[Value::object(t), kv])?;
        if !res.is_object() && !res.is_undefined() {
            return invariant(
                vm,
                "getOwnPropertyDescriptor",
                "trap returned neither object nor undefined",
            );
        }
        vm.root(res);
        let target_desc = vm.get_own_property(t, key)?;
        if let Some(td) = target_desc {
            root_desc(vm, &td);
        }
        if res.is_undefined() {
            let Some(td) = target_desc else {
                return Ok(None);
            };
            if td.configurable == Some(false) {
                return invariant(
                    vm,
                    "getOwnPropertyDescriptor",
                    "trap returned undefined for a non-configurable property of the target",
                );
            }
            if !vm.is_extensible(t)? {
                return invariant(
                    vm,
                    "getOwnPropertyDescriptor",
                    "trap returned undefined for an existing property of a non-extensible target",
                );
            }
            return Ok(None);
        }
        let ext = vm.is_extensible(t)?;
        let rd = super::object::to_property_descriptor(vm, res)?;
        let rd = complete(rd);
        root_desc(vm, &rd);
        if !vm.is_compatible(target_desc, rd, ext) {
            return invariant(
                vm,
                "getOwnPropertyDescriptor",
                "trap returned a descriptor incompatible with the target property",
            );
        }
        if rd.configurable == Some(false) {
            match target_desc {
                None => return invariant(vm, "getOwnPropertyDescriptor", "trap reported non-configurability for a property that does not exist on the target"),
                Some(td) if td.configurable == Some(true) => {
                    return invariant(vm, "getOwnPropertyDescriptor", "trap reported non-configurability for a configurable property of the target")
                }
                Some(td) => {
                    if rd.writable == Some(false) && td.writable == Some(true) {
                        return invariant(vm, "getOwnPropertyDescriptor", "trap reported non-configurable and non-writable for a writable property of the target");
                    }
                }
            }
        }
        Ok(Some(rd))
    })
}

fn root_desc(vm: &mut Vm, d: &PropDesc) {
    for v in [d.value, d.get, d.set].into_iter().flatten() {
        vm.root(v);
    }
}

pub fn define_own_property(vm: &mut Vm, p: ObjId, key: PropKey, d: PropDesc) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "defineProperty")? else {
            return vm.define_own_property(t, key, d);
        };
        root_desc(vm, &d);
        let desc_obj = super::object::from_property_descriptor(vm, Some(d));
        vm.root(desc_obj);
        let kv = key_val(vm, key);
        let r = vm.call(f, h, &[Value::object(t), kv, desc_obj])?;
        if !to_boolean(vm, r) {
            return Ok(false);
        }
        let target_desc = vm.get_own_property(t, key)?;
        if let Some(td) = target_desc {
            root_desc(vm, &td);
        }
        let ext = vm.is_extensible(t)?;
        let setting_config_false = d.configurable == Some(false);
        match target_desc {
            None => {
                if !ext {
                    return invariant(
                        vm,
                        "defineProperty",
                        "trap returned truish for adding a property to the non-extensible target",
                    );
                }
                if setting_config_false {
                    return invariant(vm, "defineProperty", "trap returned truish for defining a non-configurable property which does not exist on the target");
                }
            }
            Some(td) => {
                if !vm.is_compatible(Some(td), d, ext) {
                    return invariant(vm, "defineProperty", "trap returned truish for adding a property incompatible with the existing property of the target");
                }
                if setting_config_false && td.configurable == Some(true) {
                    return invariant(vm, "defineProperty", "trap returned truish for defining a non-configurable property which is configurable on the target");
                }
                if td.is_data()
                    && td.configurable == Some(false)
                    && td.writable == Some(true)
                    && d.writable == Some(false)
                {
                    return invariant(vm, "defineProperty", "trap returned truish for defining a non-configurable, non-writable property which is writable on the target");
                }
            }
        }
        Ok(true)
    })
}

pub fn has(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "has")? else {
            return vm.has_property(t, key);
        };
        let kv = key_val(vm, key);
        let r = vm.call(f, h, &[Value::object(t), kv])?;
        let b = to_boolean(vm, r);
        if !b {
            if let Some(td) = vm.get_own_property(t, key)? {
                if td.configurable == Some(false) {
                    return invariant(
                        vm,
                        "has",
                        "trap returned falsish for a non-configurable property of the target",
                    );
                }
                if !vm.is_extensible(t)? {
                    return invariant(
                        vm,
                        "has",
                        "trap returned falsish for an existing property of a non-extensible target",
                    );
                }
            }
        }
        Ok(b)
    })
}

pub fn get(vm: &mut Vm, p: ObjId, key: PropKey, receiver: Value) -> JsResult<Value> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "get")? else {
            return vm.get_from(t, key, receiver);
        };
        let kv = key_val(vm, key);
        vm.root(receiver);
        let r = vm.call(f, h, &[Value::object(t), kv, receiver])?;
        vm.root(r);
        if let Some(td) = vm.get_own_property(t, key)? {
            if td.configurable == Some(false) {
                if td.is_data()
                    && td.writable == Some(false)
                    && !same_value(vm, r, td.value.unwrap_or_default())
                {
                    return invariant(vm, "get", "the reported value of a non-writable, non-configurable data property differs from the target's");
                }
                if td.is_accessor()
                    && td.get.unwrap_or_default().is_undefined()
                    && !r.is_undefined()
                {
                    return invariant(vm, "get", "trap must report undefined for a non-configurable accessor property without a getter");
                }
            }
        }
        Ok(r)
    })
}

pub fn set(vm: &mut Vm, p: ObjId, key: PropKey, v: Value, receiver: Value) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "set")? else {
            return vm.set_on(t, key, v, receiver);
        };
        let kv = key_val(vm, key);
        vm.root(v);
        vm.root(receiver);
        let r = vm.call(f, h, &[Value::object(t), kv, v, receiver])?;
        if !to_boolean(vm, r) {
            return Ok(false);
        }
        if let Some(td) = vm.get_own_property(t, key)? {
            if td.configurable == Some(false) {
                if td.is_data()
                    && td.writable == Some(false)
                    && !same_value(vm, v, td.value.unwrap_or_default())
                {
                    return invariant(vm, "set", "trap returned truish for a non-writable, non-configurable property with a different value");
                }
                if td.is_accessor() && td.set.unwrap_or_default().is_undefined() {
                    return invariant(vm, "set", "trap returned truish for a non-configurable accessor property without a setter");
                }
            }
        }
        Ok(true)
    })
}

pub fn delete(vm: &mut Vm, p: ObjId, key: PropKey) -> JsResult<bool> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "deleteProperty")? else {
            return vm.delete_property(t, key);
        };
        let kv = key_val(vm, key);
        let r = vm.call(f, h, &[Value::object(t), kv])?;
        if !to_boolean(vm, r) {
            return Ok(false);
        }
        let Some(td) = vm.get_own_property(t, key)? else {
            return Ok(true);
        };
        if td.configurable == Some(false) {
            return invariant(
                vm,
                "deleteProperty",
                "trap returned truish for a non-configurable property of the target",
            );
        }
        if !vm.is_extensible(t)? {
            return invariant(
                vm,
                "deleteProperty",
                "trap returned truish for a property of a non-extensible target",
            );
        }
        Ok(true)
    })
}

pub fn own_keys(vm: &mut Vm, p: ObjId) -> JsResult<Vec<PropKey>> {
    let mark = vm.roots.len();
    let r = own_keys_inner(vm, p);
    vm.roots.truncate(mark);
    // Keys that are symbols may only be referenced from the returned list.
    if let Ok(keys) = &r {
        for k in keys {
            if let PropKey::Sym(s) = k {
                vm.root(Value::symbol(*s));
            }
        }
    }
    r
}

fn own_keys_inner(vm: &mut Vm, p: ObjId) -> JsResult<Vec<PropKey>> {
    let (t, h) = parts(vm, p)?;
    let Some(f) = trap(vm, h, "ownKeys")? else {
        return vm.own_property_keys(t);
    };
    let arr = vm.call(f, h, &[Value::object(t)])?;
    if !arr.is_object() {
        return invariant(vm, "ownKeys", "trap result must be an object");
    }
    vm.root(arr);
    let len = vm.length_of(arr)?;
    let mut keys: Vec<PropKey> = Vec::new();
    let mut i = 0f64;
    while i < len {
        let v = vm.get_index(arr, i as u64)?;
        i += 1.0;
        if !v.is_string() && !v.is_symbol() {
            return invariant(
                vm,
                "ownKeys",
                "trap result elements must be strings or symbols",
            );
        }
        vm.root(v);
        let k = vm.to_property_key(v)?;
        if keys.contains(&k) {
            let name = vm.key_display(k);
            return invariant(
                vm,
                "ownKeys",
                &format!("trap returned duplicate entries ({name})"),
            );
        }
        keys.push(k);
    }
    let ext = vm.is_extensible(t)?;
    let target_keys = vm.own_property_keys(t)?;
    let mut configurable = Vec::new();
    let mut nonconfigurable = Vec::new();
    for k in target_keys {
        match vm.get_own_property(t, k)? {
            Some(d) if d.configurable == Some(false) => nonconfigurable.push(k),
            _ => configurable.push(k),
        }
    }
    if ext && nonconfigurable.is_empty() {
        return Ok(keys);
    }
    let mut unchecked: Vec<Option<PropKey>> = keys.iter().copied().map(Some).collect();
    for k in nonconfigurable {
        match unchecked.iter_mut().find(|x| **x == Some(k)) {
            Some(slot) => *slot = None,
            None => {
                let name = vm.key_display(k);
                return invariant(vm, "ownKeys", &format!("trap result did not include '{name}' (a non-configurable key of the target)"));
            }
        }
    }
    if ext {
        return Ok(keys);
    }
    for k in configurable {
        match unchecked.iter_mut().find(|x| **x == Some(k)) {
            Some(slot) => *slot = None,
            None => {
                let name = vm.key_display(k);
                return invariant(
                    vm,
                    "ownKeys",
                    &format!("trap result did not include '{name}' (the target is non-extensible)"),
                );
            }
        }
    }
    if unchecked.iter().any(|x| x.is_some()) {
        return invariant(
            vm,
            "ownKeys",
            "trap returned extra keys but the proxy target is non-extensible",
        );
    }
    Ok(keys)
}

pub fn call(vm: &mut Vm, p: ObjId, this: Value, args: &[Value]) -> JsResult<Value> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "apply")? else {
            return vm.call(Value::object(t), this, args);
        };
        vm.root(this);
        for &a in args {
            vm.root(a);
        }
        let arr = vm.new_array(args.to_vec());
        vm.root(Value::object(arr));
        vm.call(f, h, &[Value::object(t), this, Value::object(arr)])
    })
}

pub fn construct(vm: &mut Vm, p: ObjId, args: &[Value], new_target: Value) -> JsResult<Value> {
    scoped(vm, |vm| {
        let (t, h) = parts(vm, p)?;
        let Some(f) = trap(vm, h, "construct")? else {
            return vm.construct(Value::object(t), args, new_target);
        };
        vm.root(new_target);
        for &a in args {
            vm.root(a);
        }
        let arr = vm.new_array(args.to_vec());
        vm.root(Value::object(arr));
        let r = vm.call(f, h, &[Value::object(t), Value::object(arr), new_target])?;
        if !r.is_object() {
            return invariant(vm, "construct", "trap returned non-object");
        }
        Ok(r)
    })
}
