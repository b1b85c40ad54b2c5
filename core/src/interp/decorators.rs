//! Decorators (the Stage 3 proposal as in the current draft, tc39/ecma262 PR #2417) and
//! auto-accessors: the run-time half of the class compiler's decorator support.
//!
//! The compiler evaluates decorator expressions into (decorator, receiver) pairs and builds
//! one *element record* per decorated class element, an internal array never visible to
//! JavaScript:
//!
//! | index | contents |
//! |---|---|
//! | 0 | flags: kind (`KIND_*`) + `STATIC` + `PRIVATE` |
//! | 1 | the key: a property key, or the private name |
//! | 2 | the method, or the getter (getters, accessors) |
//! | 3 | the setter (setters, accessors) |
//! | 4 | the decorators: an array of (decorator, receiver) pairs in source order |
//! | 5 | fields and accessors: the initializers the decorators returned (set here) |
//! | 6 | fields and accessors: their extra initializers (`addInitializer`, set here) |
//!
//! `DecorateElements` calls the decorators (innermost first) in the proposal's order —
//! static methods and accessors, instance ones, static fields, instance fields — and
//! defines the decorated public methods and accessors; the compiled code copies the
//! decorated private ones back into the class scope, and the field initialiser functions
//! use `DecInit` and `RunInitializers` with the records.

use crate::object::{ObjectKind, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

pub const KIND_METHOD: i32 = 0;
pub const KIND_GETTER: i32 = 1;
pub const KIND_SETTER: i32 = 2;
pub const KIND_FIELD: i32 = 3;
pub const KIND_ACCESSOR: i32 = 4;
pub const STATIC: i32 = 8;
pub const PRIVATE: i32 = 16;

/// Natives created while programs run (for heap images).
pub const RUNTIME_NATIVES: &[crate::object::NativeFn] = &[add_initializer, access_get, access_set, access_has, auto_get, auto_set];

/// Element `i` of an internal dense array (undefined when absent).
fn item(vm: &Vm, a: Value, i: usize) -> Value {
    match a.as_object().map(|o| &vm.obj(o).elements) {
        Some(crate::object::Elements::Dense(v)) => v.get(i).copied().unwrap_or_default(),
        _ => Value::UNDEFINED,
    }
}

/// The elements of an internal array, copied out.
fn items(vm: &Vm, a: Value) -> Vec<Value> {
    match a.as_object().map(|o| &vm.obj(o).elements) {
        Some(crate::object::Elements::Dense(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// Sets element `i` of an internal array (appending when `i` is its length).
fn set_item(vm: &mut Vm, a: Value, i: usize, v: Value) {
    let Some(o) = a.as_object() else { return };
    let ob = vm.obj_mut(o);
    let len = ob.array_len as usize;
    if let crate::object::Elements::Dense(e) = &mut ob.elements {
        if i < e.len() {
            e[i] = v;
            return;
        }
        if i == e.len() && i == len {
            e.push(v);
            ob.array_len += 1;
            return;
        }
    }
    vm.put(o, PropKey::Index(i as u32), v, attrs::DEFAULT);
}

fn push_item(vm: &mut Vm, a: Value, v: Value) {
    let len = a.as_object().map(|o| vm.obj(o).array_len as usize).unwrap_or(0);
    set_item(vm, a, len, v);
}

fn is_private_name(vm: &Vm, key: Value) -> bool {
    key.as_symbol().is_some_and(|s| vm.heap.symbol(s).private)
}

/// `addInitializer(f)`: captures the list it appends to and whether decoration finished.
fn add_initializer(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if vm.capture(1) == Value::TRUE {
        return vm.throw_type("addInitializer cannot be called after the decorator returned");
    }
    let f = args.first().copied().unwrap_or_default();
    if !vm.is_callable(f) {
        return vm.throw_type("addInitializer: the initializer is not a function");
    }
    let list = vm.capture(0);
    push_item(vm, list, f);
    Ok(Value::UNDEFINED)
}

/// The object argument of an access function.
fn access_target(vm: &mut Vm, args: &[Value]) -> JsResult<Value> {
    let o = args.first().copied().unwrap_or_default();
    if !o.is_object() {
        return vm.throw_type("decorator access: the receiver is not an object");
    }
    Ok(o)
}

/// `context.access.get(obj)`: captures the key.
fn access_get(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let o = access_target(vm, args)?;
    let key = vm.capture(0);
    if is_private_name(vm, key) {
        return vm.private_get(o, key);
    }
    let pk = vm.to_property_key(key)?;
    vm.get(o, pk)
}

/// `context.access.set(obj, value)`.
fn access_set(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let o = access_target(vm, args)?;
    let v = args.get(1).copied().unwrap_or_default();
    let key = vm.capture(0);
    if is_private_name(vm, key) {
        vm.private_set(o, key, v)?;
        return Ok(Value::UNDEFINED);
    }
    let pk = vm.to_property_key(key)?;
    if !vm.set(o, pk, v)? {
        let name = vm.key_display(pk);
        return vm.throw_type(&format!("Cannot assign to read only property '{name}' of object"));
    }
    Ok(Value::UNDEFINED)
}

/// `context.access.has(obj)`.
fn access_has(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let o = access_target(vm, args)?;
    let key = vm.capture(0);
    let Some(oid) = o.as_object() else { return Ok(Value::FALSE) };
    if is_private_name(vm, key) {
        let k = key.as_symbol().map(PropKey::Sym);
        let has = k.is_some_and(|k| vm.obj(oid).find(&vm.shapes, k).is_some());
        return Ok(Value::bool(has));
    }
    let pk = vm.to_property_key(key)?;
    Ok(Value::bool(vm.has_property(oid, pk)?))
}

/// An auto-accessor's getter: captures the private storage name.
fn auto_get(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let k = vm.capture(0);
    vm.private_get(this, k)
}

/// An auto-accessor's setter.
fn auto_set(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let k = vm.capture(0);
    vm.private_set(this, k, args.first().copied().unwrap_or_default())?;
    Ok(Value::UNDEFINED)
}

impl Vm {
    /// `AutoAccessor`: the getter and setter of `accessor key`, named after `key`.
    pub(crate) fn auto_accessor(&mut self, key: Value, storage: Value) -> JsResult<(Value, Value)> {
        let g = Value::object(self.new_native_with("", 0, auto_get, false, vec![storage]));
        let s = Value::object(self.new_native_with("", 1, auto_set, false, vec![storage]));
        if let Some(sym) = key.as_symbol().filter(|&s| self.heap.symbol(s).private) {
            // Private names are named by their description ("#x"), without brackets.
            let d = self.heap.symbol(sym).description;
            let text = self.string_lossy(d);
            let nk = self.names.name;
            for (f, p) in [(g, "get "), (s, "set ")] {
                let n = self.new_string(&format!("{p}{text}"));
                if let Some(o) = f.as_object() {
                    self.put(o, PropKey::Str(nk), n, attrs::CONFIGURABLE);
                }
            }
        } else {
            self.set_function_name(g, key, 1)?;
            self.set_function_name(s, key, 2)?;
        }
        Ok((g, s))
    }

    /// A decorator context object (CreateDecoratorContextObject).
    fn decorator_context(&mut self, kind: i32, key: Value, flags: i32, list: Value) -> (Value, ObjId) {
        let ctx = self.new_object();
        let kind_s = match kind {
            KIND_METHOD => "method",
            KIND_GETTER => "getter",
            KIND_SETTER => "setter",
            KIND_FIELD => "field",
            KIND_ACCESSOR => "accessor",
            _ => "class",
        };
        let ks = self.new_string(kind_s);
        self.put_str(ctx, "kind", ks, attrs::DEFAULT);
        if kind <= KIND_ACCESSOR {
            let access = self.new_object();
            if kind != KIND_SETTER {
                let g = self.new_native_with("get", 1, access_get, false, vec![key]);
                self.put_str(access, "get", Value::object(g), attrs::DEFAULT);
            }
            if matches!(kind, KIND_SETTER | KIND_FIELD | KIND_ACCESSOR) {
                let s = self.new_native_with("set", 2, access_set, false, vec![key]);
                self.put_str(access, "set", Value::object(s), attrs::DEFAULT);
            }
            let h = self.new_native_with("has", 1, access_has, false, vec![key]);
            self.put_str(access, "has", Value::object(h), attrs::DEFAULT);
            self.put_str(ctx, "access", Value::object(access), attrs::DEFAULT);
            self.put_str(ctx, "static", Value::bool(flags & STATIC != 0), attrs::DEFAULT);
            let private = flags & PRIVATE != 0;
            self.put_str(ctx, "private", Value::bool(private), attrs::DEFAULT);
            let name = match key.as_symbol() {
                Some(s) if private => self.heap.symbol(s).description,
                _ => key,
            };
            self.put_str(ctx, "name", name, attrs::DEFAULT);
        } else {
            self.put_str(ctx, "name", key, attrs::DEFAULT);
        }
        let add = self.new_native_with("addInitializer", 1, add_initializer, false, vec![list, Value::FALSE]);
        self.put_str(ctx, "addInitializer", Value::object(add), attrs::DEFAULT);
        (Value::object(ctx), add)
    }

    /// Marks an `addInitializer` function as finished (its decorator returned).
    fn finish_add_initializer(&mut self, add: ObjId) {
        if let ObjectKind::Native(n) = &mut self.obj_mut(add).kind {
            if let Some(done) = n.captures.get_mut(1) {
                *done = Value::TRUE;
            }
        }
    }

    /// `DecorateElements`: returns the instance and static method extra-initializer lists.
    pub(crate) fn decorate_elements(&mut self, records: Value, class: Value, proto: Value) -> JsResult<(Value, Value)> {
        let mark = self.roots.len();
        let r = self.decorate_elements_inner(records, class, proto);
        self.roots.truncate(mark);
        r
    }

    fn decorate_elements_inner(&mut self, records: Value, class: Value, proto: Value) -> JsResult<(Value, Value)> {
        let inst = Value::object(self.new_array(Vec::new()));
        let stat = Value::object(self.new_array(Vec::new()));
        self.root(inst);
        self.root(stat);
        let recs = items(self, records);
        // ClassDefinitionEvaluation: static non-fields, instance non-fields, static
        // fields, instance fields.
        for (want_static, want_field) in [(true, false), (false, false), (true, true), (false, true)] {
            for &rec in &recs {
                let flags = item(self, rec, 0).as_int().unwrap_or(0);
                let kind = flags & 7;
                if (flags & STATIC != 0) != want_static || (kind == KIND_FIELD) != want_field {
                    continue;
                }
                let method_list = if want_static { stat } else { inst };
                let home = if want_static { class } else { proto };
                self.apply_element_decorators(rec, flags, method_list)?;
                if flags & PRIVATE == 0 && kind != KIND_FIELD {
                    self.define_decorated(home, rec, kind)?;
                }
            }
        }
        Ok((inst, stat))
    }

    /// ApplyDecoratorsToElementDefinition for one element record.
    fn apply_element_decorators(&mut self, rec: Value, flags: i32, method_list: Value) -> JsResult<()> {
        let kind = flags & 7;
        let key = item(self, rec, 1);
        let decs = items(self, item(self, rec, 4));
        let extra = if kind == KIND_FIELD || kind == KIND_ACCESSOR {
            let inits = Value::object(self.new_array(Vec::new()));
            set_item(self, rec, 5, inits);
            let extra = Value::object(self.new_array(Vec::new()));
            set_item(self, rec, 6, extra);
            extra
        } else {
            method_list
        };
        // Decorators apply innermost (last written) first.
        for pair in decs.chunks(2).rev() {
            let (dec, recv) = (pair[0], pair.get(1).copied().unwrap_or_default());
            let (ctx, add) = self.decorator_context(kind, key, flags, extra);
            let value = match kind {
                KIND_METHOD | KIND_GETTER => item(self, rec, 2),
                KIND_SETTER => item(self, rec, 3),
                KIND_ACCESSOR => {
                    let o = self.new_object();
                    let (g, s) = (item(self, rec, 2), item(self, rec, 3));
                    self.put_str(o, "get", g, attrs::DEFAULT);
                    self.put_str(o, "set", s, attrs::DEFAULT);
                    Value::object(o)
                }
                _ => Value::UNDEFINED,
            };
            if !self.is_callable(dec) {
                return self.throw_type("a decorator must be a function");
            }
            self.root(ctx);
            self.root(value);
            let out = self.call(dec, recv, &[value, ctx])?;
            self.finish_add_initializer(add);
            self.root(out);
            match kind {
                KIND_FIELD => {
                    if self.is_callable(out) {
                        self.prepend_initializer(rec, out);
                    } else if !out.is_undefined() {
                        return self.throw_type("a field decorator must return a function or undefined");
                    }
                }
                KIND_ACCESSOR => {
                    let Some(o) = out.as_object() else {
                        if out.is_undefined() {
                            continue;
                        }
                        return self.throw_type("an accessor decorator must return an object or undefined");
                    };
                    for (name, slot) in [("get", Some(2)), ("set", Some(3)), ("init", None)] {
                        let k = self.key_str(name);
                        let f = self.get(Value::object(o), k)?;
                        if self.is_callable(f) {
                            match slot {
                                Some(i) => set_item(self, rec, i, f),
                                None => self.prepend_initializer(rec, f),
                            }
                        } else if !f.is_undefined() {
                            return self.throw_type(&format!("the '{name}' of an accessor decorator's result must be a function or undefined"));
                        }
                    }
                }
                _ => {
                    if self.is_callable(out) {
                        set_item(self, rec, if kind == KIND_SETTER { 3 } else { 2 }, out);
                    } else if !out.is_undefined() {
                        return self.throw_type("a method decorator must return a function or undefined");
                    }
                }
            }
        }
        Ok(())
    }

    /// Initializers run outermost decorator first, so each newly applied one goes in front.
    fn prepend_initializer(&mut self, rec: Value, f: Value) {
        let list = item(self, rec, 5);
        let mut v = items(self, list);
        v.insert(0, f);
        let a = Value::object(self.new_array(v));
        set_item(self, rec, 5, a);
    }

    /// Defines a decorated public method, getter, setter or auto-accessor on its home object.
    fn define_decorated(&mut self, home: Value, rec: Value, kind: i32) -> JsResult<()> {
        let Some(h) = home.as_object() else { return Ok(()) };
        let key = item(self, rec, 1);
        let pk = self.to_property_key(key)?;
        let (g, s) = (item(self, rec, 2), item(self, rec, 3));
        let desc = match kind {
            KIND_METHOD => PropDesc { value: Some(g), writable: Some(true), ..Default::default() },
            KIND_GETTER => PropDesc { get: Some(g), ..Default::default() },
            KIND_SETTER => PropDesc { set: Some(s), ..Default::default() },
            _ => PropDesc { get: Some(g), set: Some(s), ..Default::default() },
        };
        let desc = PropDesc { enumerable: Some(false), configurable: Some(true), ..desc };
        self.define_property_or_throw(h, pk, desc)
    }

    /// `DecorateClass`: the decorated class and its extra-initializer list.
    pub(crate) fn decorate_class(&mut self, decs: Value, class: Value, name: Value) -> JsResult<(Value, Value)> {
        let mark = self.roots.len();
        let list = Value::object(self.new_array(Vec::new()));
        self.root(list);
        let mut cur = class;
        let pairs = items(self, decs);
        let mut r = Ok(());
        for pair in pairs.chunks(2).rev() {
            let (dec, recv) = (pair[0], pair.get(1).copied().unwrap_or_default());
            if !self.is_callable(dec) {
                r = self.throw_type("a decorator must be a function");
                break;
            }
            let (ctx, add) = self.decorator_context(5, name, 0, list);
            self.root(ctx);
            let out = match self.call(dec, recv, &[cur, ctx]) {
                Ok(v) => v,
                Err(e) => {
                    r = Err(e);
                    break;
                }
            };
            self.finish_add_initializer(add);
            if self.is_callable(out) {
                cur = out;
                self.root(cur);
            } else if !out.is_undefined() {
                r = self.throw_type("a class decorator must return a function or undefined");
                break;
            }
        }
        self.roots.truncate(mark);
        r.map(|()| (cur, list))
    }

    /// `DecInit`: passes a field's initial value through its decorators' initializers.
    pub(crate) fn dec_init(&mut self, v: Value, rec: Value, this: Value) -> JsResult<Value> {
        let inits = items(self, item(self, rec, 5));
        let mark = self.roots.len();
        let mut v = v;
        let mut r = Ok(());
        for f in inits {
            self.root(v);
            match self.call(f, this, &[v]) {
                Ok(x) => v = x,
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        self.roots.truncate(mark);
        r.map(|()| v)
    }

    /// `RunInitializers`: calls each extra initializer with `this`.
    pub(crate) fn run_initializers(&mut self, list: Value, this: Value, of_record: bool) -> JsResult<()> {
        let list = if of_record { item(self, list, 6) } else { list };
        for f in items(self, list) {
            self.call(f, this, &[])?;
        }
        Ok(())
    }
}
