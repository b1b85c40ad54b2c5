//! Object internal methods ([[Get]], [[Set]], [[DefineOwnProperty]], ...)
//! for ordinary objects and the exotic objects (arrays, string wrappers,
//! arguments, typed arrays, module namespaces, proxies).

use crate::builtins::proxy;
use crate::object::{flags, Elements, JsObject, ObjectKind, PropKey, Slot};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

/// A property descriptor with optional fields (spec §6.2.6).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PropDesc {
    pub value: Option<Value>,
    pub writable: Option<bool>,
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub enumerable: Option<bool>,
    pub configurable: Option<bool>,
}

impl PropDesc {
    pub fn data(value: Value, a: u8) -> PropDesc {
        PropDesc {
            value: Some(value),
            writable: Some(a & attrs::WRITABLE != 0),
            get: None,
            set: None,
            enumerable: Some(a & attrs::ENUMERABLE != 0),
            configurable: Some(a & attrs::CONFIGURABLE != 0),
        }
    }
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    pub fn attrs(&self) -> u8 {
        let mut a = 0;
        if self.writable == Some(true) {
            a |= attrs::WRITABLE;
        }
        if self.enumerable == Some(true) {
            a |= attrs::ENUMERABLE;
        }
        if self.configurable == Some(true) {
            a |= attrs::CONFIGURABLE;
        }
        a
    }
}

/// Whether an object kind needs the slow (exotic) paths.
fn is_exotic(o: &JsObject) -> bool {
    matches!(
        o.kind,
        ObjectKind::Proxy { .. }
            | ObjectKind::StringBox(_)
            | ObjectKind::Arguments { mapped: Some(_) }
            | ObjectKind::TypedArray(_)
            | ObjectKind::ModuleNamespace { .. }
    )
}

impl Vm {
    /// Raw own property → descriptor (no exotic behaviour, no side effects).
    pub fn ordinary_own(&self, obj: ObjId, key: PropKey) -> Option<PropDesc> {
        let o = self.obj(obj);
        let slot = o.find(&self.shapes, key)?;
        let (a, v) = match slot {
            Slot::Named { index, attrs } => (attrs, o.slots[index as usize]),
            Slot::Dict { attrs, value } | Slot::Element { value, attrs } => (attrs, value),
        };
        if a & attrs::ACCESSOR != 0 {
            let (g, s) = match v.as_object().map(|p| &self.obj(p).kind) {
                Some(ObjectKind::Accessor { get, set }) => (*get, *set),
                _ => (Value::UNDEFINED, Value::UNDEFINED),
            };
            return Some(PropDesc {
                value: None,
                writable: None,
                get: Some(g),
                set: Some(s),
                enumerable: Some(a & attrs::ENUMERABLE != 0),
                configurable: Some(a & attrs::CONFIGURABLE != 0),
            });
        }
        Some(PropDesc::data(v, a))
    }

    /// [[GetOwnProperty]].
    pub fn get_own_property(&mut self, obj: ObjId, key: PropKey) -> JsResult<Option<PropDesc>> {
        let o = self.obj(obj);
        match &o.kind {
            ObjectKind::Proxy { .. } => return proxy::get_own_property(self, obj, key),
            ObjectKind::Array if key == PropKey::Str(self.names.length) => {
                let len = o.array_len;
                let w = o.flags & flags::LENGTH_READONLY == 0;
                return Ok(Some(PropDesc::data(Value::number(len as f64), if w { attrs::WRITABLE } else { 0 })));
            }
            ObjectKind::StringBox(s) => {
                if let PropKey::Index(i) = key {
                    let s = *s;
                    if let Some(&u) = self.str_units(s).get(i as usize) {
                        let v = self.new_string_units(vec![u]);
                        return Ok(Some(PropDesc::data(v, attrs::ENUMERABLE)));
                    }
                }
            }
            ObjectKind::Arguments { mapped: Some(m) } => {
                let (env, map) = (&m.0, &m.1);
                if let PropKey::Index(i) = key {
                    if let Some(&slot) = map.get(i as usize) {
                        if slot != u32::MAX {
                            let env = *env;
                            let mut d = self.ordinary_own(obj, key);
                            if let Some(d) = &mut d {
                                d.value = Some(self.obj(env).slots.get(slot as usize).copied().unwrap_or(Value::UNDEFINED));
                            }
                            return Ok(d);
                        }
                    }
                }
            }
            ObjectKind::TypedArray(_) => {
                if let Some(r) = crate::builtins::typed_array::get_own_property(self, obj, key) {
                    return Ok(r);
                }
            }
            ObjectKind::ModuleNamespace { .. } => return crate::modules::namespace_get_own(self, obj, key),
            _ => {}
        }
        Ok(self.ordinary_own(obj, key))
    }

    /// [[DefineOwnProperty]]; returns false where the spec says false.
    pub fn define_own_property(&mut self, obj: ObjId, key: PropKey, desc: PropDesc) -> JsResult<bool> {
        match &self.obj(obj).kind {
            ObjectKind::Proxy { .. } => return proxy::define_own_property(self, obj, key, desc),
            ObjectKind::Array => {
                if key == PropKey::Str(self.names.length) {
                    return self.array_set_length(obj, desc);
                }
                if let PropKey::Index(i) = key {
                    let o = self.obj(obj);
                    if i >= o.array_len && o.flags & flags::LENGTH_READONLY != 0 {
                        return Ok(false);
                    }
                }
            }
            ObjectKind::StringBox(s) => {
                if let PropKey::Index(i) = key {
                    if (i as usize) < self.str_units(*s).len() {
                        let cur = self.get_own_property(obj, key)?;
                        return Ok(self.is_compatible(cur, desc, false));
                    }
                }
            }
            ObjectKind::TypedArray(_) => {
                if let Some(r) = crate::builtins::typed_array::define_own_property(self, obj, key, desc)? {
                    return Ok(r);
                }
            }
            ObjectKind::ModuleNamespace { .. } => return crate::modules::namespace_define(self, obj, key, desc),
            ObjectKind::Arguments { mapped: Some(_) } => return self.arguments_define(obj, key, desc),
            _ => {}
        }
        let current = self.ordinary_own(obj, key);
        let ext = self.obj(obj).is_extensible();
        self.validate_and_apply(obj, key, ext, desc, current)
    }

    pub(crate) fn is_compatible(&self, current: Option<PropDesc>, desc: PropDesc, ext: bool) -> bool {
        match current {
            None => ext,
            Some(cur) => self.check_change(&cur, &desc),
        }
    }

    /// Whether `desc` may be applied over `cur` (the non-configurable rules).
    fn check_change(&self, cur: &PropDesc, desc: &PropDesc) -> bool {
        if cur.configurable == Some(true) {
            return true;
        }
        if desc.configurable == Some(true) {
            return false;
        }
        if desc.enumerable.is_some() && desc.enumerable != cur.enumerable {
            return false;
        }
        if !desc.is_accessor() && !desc.is_data() {
            return true;
        }
        if cur.is_accessor() != desc.is_accessor() {
            return false;
        }
        if cur.is_accessor() {
            if let Some(g) = desc.get {
                if !crate::ops::convert::same_value(self, g, cur.get.unwrap_or_default()) {
                    return false;
                }
            }
            if let Some(s) = desc.set {
                if !crate::ops::convert::same_value(self, s, cur.set.unwrap_or_default()) {
                    return false;
                }
            }
            return true;
        }
        if cur.writable == Some(false) {
            if desc.writable == Some(true) {
                return false;
            }
            if let Some(v) = desc.value {
                return crate::ops::convert::same_value(self, v, cur.value.unwrap_or_default());
            }
        }
        true
    }

    /// ValidateAndApplyPropertyDescriptor.
    pub fn validate_and_apply(&mut self, obj: ObjId, key: PropKey, extensible: bool, desc: PropDesc, current: Option<PropDesc>) -> JsResult<bool> {
        let Some(cur) = current else {
            if !extensible {
                return Ok(false);
            }
            if desc.is_accessor() {
                let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: desc.get.unwrap_or_default(), set: desc.set.unwrap_or_default() }));
                let a = desc.attrs() & !attrs::WRITABLE | attrs::ACCESSOR;
                self.put(obj, key, Value::object(pair), a);
            } else {
                self.put(obj, key, desc.value.unwrap_or_default(), desc.attrs());
            }
            return Ok(true);
        };
        if !self.check_change(&cur, &desc) {
            return Ok(false);
        }
        // Merge.
        let enumerable = desc.enumerable.or(cur.enumerable).unwrap_or(false);
        let configurable = desc.configurable.or(cur.configurable).unwrap_or(false);
        let mut a = 0;
        if enumerable {
            a |= attrs::ENUMERABLE;
        }
        if configurable {
            a |= attrs::CONFIGURABLE;
        }
        let to_accessor = desc.is_accessor() || (!desc.is_data() && cur.is_accessor());
        if to_accessor {
            let (g, s) = if cur.is_accessor() {
                (desc.get.or(cur.get).unwrap_or_default(), desc.set.or(cur.set).unwrap_or_default())
            } else {
                (desc.get.unwrap_or_default(), desc.set.unwrap_or_default())
            };
            let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: g, set: s }));
            self.write_attrs(obj, key, Value::object(pair), a | attrs::ACCESSOR);
        } else {
            let (v, w) = if cur.is_data() {
                (desc.value.or(cur.value).unwrap_or_default(), desc.writable.or(cur.writable).unwrap_or(false))
            } else {
                (desc.value.unwrap_or_default(), desc.writable.unwrap_or(false))
            };
            if w {
                a |= attrs::WRITABLE;
            }
            self.write_attrs(obj, key, v, a);
        }
        Ok(true)
    }

    /// Overwrites an existing own property's value and attributes.
    fn write_attrs(&mut self, obj: ObjId, key: PropKey, v: Value, a: u8) {
        let Vm { heap, shapes, .. } = self;
        let o = heap.obj_mut(obj);
        match o.find(shapes, key) {
            Some(Slot::Named { index, attrs: old }) if old == a => o.slots[index as usize] = v,
            _ => o.set_attrs(shapes, key, v, a),
        }
    }

    fn array_set_length(&mut self, obj: ObjId, desc: PropDesc) -> JsResult<bool> {
        let Some(v) = desc.value else {
            // Attribute-only change of `length`.
            let o = self.obj(obj);
            let readonly = o.flags & flags::LENGTH_READONLY != 0;
            if desc.configurable == Some(true) || desc.enumerable == Some(true) || desc.is_accessor() {
                return Ok(false);
            }
            if readonly && desc.writable == Some(true) {
                return Ok(false);
            }
            if desc.writable == Some(false) {
                self.obj_mut(obj).flags |= flags::LENGTH_READONLY;
            }
            return Ok(true);
        };
        let n = self.to_number(v)?;
        let len = crate::ops::convert::to_uint32(n);
        let n2 = self.to_number(v)?;
        if len as f64 != n2 {
            return self.throw_range("Invalid array length");
        }
        if desc.configurable == Some(true) || desc.enumerable == Some(true) || desc.is_accessor() {
            return Ok(false);
        }
        let readonly = self.obj(obj).flags & flags::LENGTH_READONLY != 0;
        let old = self.obj(obj).array_len;
        if readonly {
            if desc.writable == Some(true) {
                return Ok(false);
            }
            return Ok(len == old);
        }
        let ok = self.truncate_array(obj, len);
        if desc.writable == Some(false) {
            self.obj_mut(obj).flags |= flags::LENGTH_READONLY;
        }
        Ok(ok)
    }

    /// Sets an array's length, deleting elements from the end; stops at a
    /// non-configurable element (returning false).
    pub fn truncate_array(&mut self, obj: ObjId, len: u32) -> bool {
        let o = self.obj_mut(obj);
        let old = o.array_len;
        if len >= old {
            o.array_len = len;
            return true;
        }
        match &mut o.elements {
            Elements::Dense(v) => {
                if v.len() > len as usize {
                    v.truncate(len as usize);
                }
                o.array_len = len;
                true
            }
            Elements::Sparse(m) => {
                let keys: Vec<u32> = m.range(len..).map(|(k, _)| *k).collect();
                for k in keys.into_iter().rev() {
                    if let Some(&(_, a)) = m.get(&k) {
                        if a & attrs::CONFIGURABLE == 0 {
                            o.array_len = k + 1;
                            return false;
                        }
                    }
                    m.remove(&k);
                }
                o.array_len = len;
                true
            }
        }
    }

    fn arguments_define(&mut self, obj: ObjId, key: PropKey, desc: PropDesc) -> JsResult<bool> {
        let mapped_slot = match (&self.obj(obj).kind, key) {
            (ObjectKind::Arguments { mapped: Some(m) }, PropKey::Index(i)) => {
                let (env, map) = (&m.0, &m.1);
                map.get(i as usize).copied().filter(|s| *s != u32::MAX).map(|s| (*env, s))
            }
            _ => None,
        };
        let current = self.get_own_property(obj, key)?;
        let mut d = desc;
        if let Some((_, _)) = mapped_slot {
            if d.is_data() && d.value.is_none() && d.writable == Some(false) {
                d.value = current.and_then(|c| c.value);
            }
        }
        let ext = self.obj(obj).is_extensible();
        let cur_raw = self.ordinary_own(obj, key);
        if !self.validate_and_apply(obj, key, ext, d, cur_raw)? {
            return Ok(false);
        }
        if let Some((env, slot)) = mapped_slot {
            if desc.is_accessor() {
                self.unmap_argument(obj, key);
            } else {
                if let Some(v) = desc.value {
                    if let Some(s) = self.obj_mut(env).slots.get_mut(slot as usize) {
                        *s = v;
                    }
                }
                if desc.writable == Some(false) {
                    self.unmap_argument(obj, key);
                }
            }
        }
        Ok(true)
    }

    fn unmap_argument(&mut self, obj: ObjId, key: PropKey) {
        if let (ObjectKind::Arguments { mapped: Some(m) }, PropKey::Index(i)) = (&mut self.obj_mut(obj).kind, key) {
            if let Some(s) = m.1.get_mut(i as usize) {
                *s = u32::MAX;
            }
        }
    }

    /// [[HasProperty]].
    pub fn has_property(&mut self, obj: ObjId, key: PropKey) -> JsResult<bool> {
        let mut cur = obj;
        loop {
            let o = self.obj(cur);
            if is_exotic(o) || o.is_array() {
                match o.kind {
                    ObjectKind::Proxy { .. } => return proxy::has(self, cur, key),
                    // Its prototype is null: the answer is the namespace's own.
                    ObjectKind::ModuleNamespace { .. } => return crate::modules::namespace_has(self, cur, key),
                    _ => {}
                }
                if self.get_own_property(cur, key)?.is_some() {
                    return Ok(true);
                }
                if let ObjectKind::TypedArray(_) = self.obj(cur).kind {
                    if crate::builtins::typed_array::is_numeric_key(self, key) {
                        return Ok(false);
                    }
                }
            } else if o.find(&self.shapes, key).is_some() {
                return Ok(true);
            }
            match self.obj(cur).proto.as_object() {
                Some(p) => cur = p,
                None => return Ok(false),
            }
        }
    }

    /// [[Get]] on any value (primitives use their prototype, receiver = the value).
    pub fn get(&mut self, target: Value, key: PropKey) -> JsResult<Value> {
        if let Some(o) = target.as_object() {
            return self.get_from(o, key, target);
        }
        if let Some(s) = target.as_string() {
            if key == PropKey::Str(self.names.length) {
                return Ok(Value::int(self.heap.str_len(s) as i32));
            }
            if let PropKey::Index(i) = key {
                if let Some(&u) = self.str_units(s).get(i as usize) {
                    return Ok(self.new_string_units(vec![u]));
                }
            }
        }
        let proto = self.proto_of_primitive(target)?;
        self.get_from(proto, key, target)
    }

    pub fn proto_of_primitive(&mut self, v: Value) -> JsResult<ObjId> {
        Ok(if v.is_string() {
            self.realm.string_proto
        } else if v.is_number() {
            self.realm.number_proto
        } else if v.is_bool() {
            self.realm.boolean_proto
        } else if v.is_symbol() {
            self.realm.symbol_proto
        } else if v.is_bigint() {
            self.realm.bigint_proto
        } else {
            let what = if v.is_null() { "null" } else { "undefined" };
            return self.throw_type(&format!("Cannot read properties of {what}"));
        })
    }

    /// [[Get]](key, receiver) starting at `obj`.
    pub fn get_from(&mut self, obj: ObjId, key: PropKey, receiver: Value) -> JsResult<Value> {
        let mut cur = obj;
        loop {
            let o = self.obj(cur);
            let found = if is_exotic(o) || (o.is_array() && key == PropKey::Str(self.names.length)) {
                if let ObjectKind::Proxy { .. } = o.kind {
                    return proxy::get(self, cur, key, receiver);
                }
                if let ObjectKind::TypedArray(_) = o.kind {
                    if crate::builtins::typed_array::is_numeric_key(self, key) {
                        return Ok(self.get_own_property(cur, key)?.and_then(|d| d.value).unwrap_or_default());
                    }
                }
                self.get_own_property(cur, key)?
            } else {
                match o.find(&self.shapes, key) {
                    Some(slot) => {
                        let v = o.slot_value(slot);
                        let a = match slot {
                            Slot::Named { attrs, .. } | Slot::Dict { attrs, .. } | Slot::Element { attrs, .. } => attrs,
                        };
                        if a & attrs::ACCESSOR == 0 {
                            return Ok(v);
                        }
                        let getter = match v.as_object().map(|p| &self.obj(p).kind) {
                            Some(ObjectKind::Accessor { get, .. }) => *get,
                            _ => Value::UNDEFINED,
                        };
                        if getter.is_undefined() {
                            return Ok(Value::UNDEFINED);
                        }
                        return self.call(getter, receiver, &[]);
                    }
                    None => None,
                }
            };
            if let Some(d) = found {
                if let Some(v) = d.value {
                    return Ok(v);
                }
                let g = d.get.unwrap_or_default();
                if g.is_undefined() {
                    return Ok(Value::UNDEFINED);
                }
                return self.call(g, receiver, &[]);
            }
            match self.obj(cur).proto.as_object() {
                Some(p) => cur = p,
                None => return Ok(Value::UNDEFINED),
            }
        }
    }

    /// [[Set]] with receiver = target; returns success.
    pub fn set(&mut self, target: Value, key: PropKey, v: Value) -> JsResult<bool> {
        match target.as_object() {
            Some(o) => self.set_on(o, key, v, target),
            None => {
                if target.is_nullish() {
                    let what = if target.is_null() { "null" } else { "undefined" };
                    return self.throw_type(&format!("Cannot set properties of {what}"));
                }
                let p = self.proto_of_primitive(target)?;
                self.set_on(p, key, v, target)
            }
        }
    }

    /// [[Set]] that throws a TypeError on failure (strict mode semantics).
    pub fn set_strict(&mut self, target: Value, key: PropKey, v: Value) -> JsResult<()> {
        if !self.set(target, key, v)? {
            let name = self.key_display(key);
            return self.throw_type(&format!("Cannot assign to read only property '{name}' of object"));
        }
        Ok(())
    }

    pub fn key_display(&mut self, key: PropKey) -> String {
        match key {
            PropKey::Index(i) => i.to_string(),
            PropKey::Str(s) => self.heap.string_lossy(s),
            PropKey::Sym(s) => {
                let d = self.heap.symbol(s).description;
                format!("Symbol({})", self.string_lossy(d))
            }
        }
    }

    /// OrdinarySet starting at `obj` with `receiver`.
    pub fn set_on(&mut self, obj: ObjId, key: PropKey, v: Value, receiver: Value) -> JsResult<bool> {
        // Fast path: own writable data property on an ordinary receiver.
        if receiver == Value::object(obj) {
            let Vm { heap, shapes, .. } = self;
            let o = heap.obj_mut(obj);
            if !is_exotic(o) {
                match o.find(shapes, key) {
                    Some(Slot::Named { index, attrs: a }) if a & (attrs::WRITABLE | attrs::ACCESSOR) == attrs::WRITABLE => {
                        o.slots[index as usize] = v;
                        return Ok(true);
                    }
                    Some(Slot::Element { attrs: attrs::DEFAULT, .. }) => {
                        if let (Elements::Dense(e), PropKey::Index(i)) = (&mut o.elements, key) {
                            e[i as usize] = v;
                            return Ok(true);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut cur = obj;
        let own_desc = loop {
            match self.obj(cur).kind {
                ObjectKind::Proxy { .. } => return proxy::set(self, cur, key, v, receiver),
                // A module namespace's [[Set]] always fails.
                ObjectKind::ModuleNamespace { .. } => return Ok(false),
                _ => {}
            }
            if let ObjectKind::TypedArray(_) = self.obj(cur).kind {
                if crate::builtins::typed_array::is_numeric_key(self, key) {
                    if receiver == Value::object(cur) {
                        return crate::builtins::typed_array::set_element(self, cur, key, v);
                    }
                    if self.get_own_property(cur, key)?.is_none() {
                        return Ok(true);
                    }
                }
            }
            if let Some(d) = self.get_own_property(cur, key)? {
                break d;
            }
            match self.obj(cur).proto.as_object() {
                Some(p) => cur = p,
                None => break PropDesc::data(Value::UNDEFINED, attrs::DEFAULT),
            }
        };
        if own_desc.is_accessor() {
            let s = own_desc.set.unwrap_or_default();
            if s.is_undefined() {
                return Ok(false);
            }
            self.call(s, receiver, &[v])?;
            return Ok(true);
        }
        if own_desc.writable != Some(true) {
            return Ok(false);
        }
        let Some(r) = receiver.as_object() else { return Ok(false) };
        if let ObjectKind::Arguments { mapped: Some(m) } = &self.obj(r).kind {
            let (env, map) = (&m.0, &m.1);
            if let PropKey::Index(i) = key {
                if let Some(&slot) = map.get(i as usize) {
                    if slot != u32::MAX {
                        let env = *env;
                        if let Some(s) = self.obj_mut(env).slots.get_mut(slot as usize) {
                            *s = v;
                        }
                    }
                }
            }
        }
        match self.get_own_property(r, key)? {
            Some(ed) => {
                if ed.is_accessor() || ed.writable != Some(true) {
                    return Ok(false);
                }
                self.define_own_property(r, key, PropDesc { value: Some(v), ..Default::default() })
            }
            None => self.define_own_property(r, key, PropDesc::data(v, attrs::DEFAULT)),
        }
    }

    /// CreateDataProperty.
    pub fn create_data_property(&mut self, obj: ObjId, key: PropKey, v: Value) -> JsResult<bool> {
        let o = self.obj(obj);
        if !is_exotic(o) && o.is_extensible() && !o.is_array() {
            // Fast path: new or fully configurable own property.
            match o.find(&self.shapes, key) {
                None => {
                    self.put(obj, key, v, attrs::DEFAULT);
                    return Ok(true);
                }
                Some(Slot::Named { attrs: attrs::DEFAULT, index }) => {
                    self.obj_mut(obj).slots[index as usize] = v;
                    return Ok(true);
                }
                _ => {}
            }
        }
        self.define_own_property(obj, key, PropDesc::data(v, attrs::DEFAULT))
    }

    pub fn create_data_property_or_throw(&mut self, obj: ObjId, key: PropKey, v: Value) -> JsResult<()> {
        if !self.create_data_property(obj, key, v)? {
            let name = self.key_display(key);
            return self.throw_type(&format!("Cannot define property {name}"));
        }
        Ok(())
    }

    pub fn define_property_or_throw(&mut self, obj: ObjId, key: PropKey, desc: PropDesc) -> JsResult<()> {
        if !self.define_own_property(obj, key, desc)? {
            let name = self.key_display(key);
            return self.throw_type(&format!("Cannot redefine property: {name}"));
        }
        Ok(())
    }

    /// [[Delete]].
    pub fn delete_property(&mut self, obj: ObjId, key: PropKey) -> JsResult<bool> {
        match &self.obj(obj).kind {
            ObjectKind::Proxy { .. } => return proxy::delete(self, obj, key),
            ObjectKind::ModuleNamespace { .. } => return crate::modules::namespace_delete(self, obj, key),
            ObjectKind::TypedArray(_) if crate::builtins::typed_array::is_numeric_key(self, key) => {
                return Ok(self.get_own_property(obj, key)?.is_none());
            }
            _ => {}
        }
        match self.get_own_property(obj, key)? {
            None => Ok(true),
            Some(d) if d.configurable == Some(true) => {
                let Vm { heap, shapes, .. } = self;
                heap.obj_mut(obj).remove(shapes, key);
                self.unmap_argument(obj, key);
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    /// [[OwnPropertyKeys]]: indices ascending, strings, then symbols.
    pub fn own_property_keys(&mut self, obj: ObjId) -> JsResult<Vec<PropKey>> {
        match &self.obj(obj).kind {
            ObjectKind::Proxy { .. } => return proxy::own_keys(self, obj),
            ObjectKind::ModuleNamespace { .. } => return crate::modules::namespace_keys(self, obj),
            _ => {}
        }
        let o = self.obj(obj);
        let raw = o.own_keys(&self.shapes);
        let mut idx: Vec<PropKey> = Vec::new();
        if let ObjectKind::StringBox(s) = o.kind {
            for i in 0..self.heap.str_len(s) {
                idx.push(PropKey::Index(i as u32));
            }
        }
        if let ObjectKind::TypedArray(_) = o.kind {
            let n = crate::builtins::typed_array::length_of(self, obj);
            for i in 0..n {
                idx.push(PropKey::Index(i as u32));
            }
        }
        let mut strs = Vec::new();
        let mut syms = Vec::new();
        for (k, _) in raw {
            match k {
                PropKey::Index(_) => idx.push(k),
                PropKey::Str(_) => strs.push(k),
                PropKey::Sym(s) => {
                    if !crate::builtins::symbol::is_private(self, s) {
                        syms.push(k)
                    }
                }
            }
        }
        if self.obj(obj).is_array() {
            strs.insert(0, PropKey::Str(self.names.length));
        }
        idx.extend(strs);
        idx.extend(syms);
        Ok(idx)
    }

    /// [[GetPrototypeOf]].
    pub fn get_prototype_of(&mut self, obj: ObjId) -> JsResult<Value> {
        if let ObjectKind::Proxy { .. } = self.obj(obj).kind {
            return proxy::get_prototype_of(self, obj);
        }
        Ok(self.obj(obj).proto)
    }

    /// [[SetPrototypeOf]].
    pub fn set_prototype_of(&mut self, obj: ObjId, proto: Value) -> JsResult<bool> {
        if let ObjectKind::Proxy { .. } = self.obj(obj).kind {
            return proxy::set_prototype_of(self, obj, proto);
        }
        let o = self.obj(obj);
        if o.proto == proto {
            return Ok(true);
        }
        if !o.is_extensible() || matches!(o.kind, ObjectKind::ModuleNamespace { .. }) {
            return Ok(false);
        }
        if obj == self.realm.object_proto {
            return Ok(false);
        }
        // Refuse cycles (proxies end the walk, as the spec says).
        let mut p = proto;
        while let Some(po) = p.as_object() {
            if po == obj {
                return Ok(false);
            }
            if let ObjectKind::Proxy { .. } = self.obj(po).kind {
                break;
            }
            p = self.obj(po).proto;
        }
        if self.obj(obj).flags & flags::WATCHED != 0 {
            self.shapes.bump_epoch();
        }
        self.obj_mut(obj).proto = proto;
        Ok(true)
    }

    pub fn is_extensible(&mut self, obj: ObjId) -> JsResult<bool> {
        if let ObjectKind::Proxy { .. } = self.obj(obj).kind {
            return proxy::is_extensible(self, obj);
        }
        Ok(self.obj(obj).is_extensible())
    }

    pub fn prevent_extensions(&mut self, obj: ObjId) -> JsResult<bool> {
        match self.obj(obj).kind {
            ObjectKind::Proxy { .. } => return proxy::prevent_extensions(self, obj),
            ObjectKind::TypedArray(_) => {
                if crate::builtins::typed_array::is_length_tracking_or_resizable(self, obj) {
                    return Ok(false);
                }
            }
            _ => {}
        }
        self.obj_mut(obj).flags &= !flags::EXTENSIBLE;
        Ok(true)
    }

    /// GetMethod: undefined/null → None, non-callable → TypeError.
    pub fn get_method(&mut self, v: Value, key: PropKey) -> JsResult<Option<Value>> {
        let f = self.get(v, key)?;
        if f.is_nullish() {
            return Ok(None);
        }
        if !self.is_callable(f) {
            let name = self.key_display(key);
            return self.throw_type(&format!("{name} is not a function"));
        }
        Ok(Some(f))
    }

    /// Property by Rust name (convenience for builtins).
    pub fn get_str(&mut self, target: Value, name: &str) -> JsResult<Value> {
        let k = self.key_str(name);
        self.get(target, k)
    }

    /// LengthOfArrayLike.
    pub fn length_of(&mut self, obj: Value) -> JsResult<f64> {
        if let Some(o) = obj.as_object() {
            let ob = self.obj(o);
            if ob.is_array() {
                return Ok(ob.array_len as f64);
            }
        }
        let lk = PropKey::Str(self.names.length);
        let l = self.get(obj, lk)?;
        self.to_length(l)
    }

    /// Reads element `i` of an array-like.
    pub fn get_index(&mut self, obj: Value, i: u64) -> JsResult<Value> {
        if i < u32::MAX as u64 {
            if let Some(o) = obj.as_object() {
                let ob = self.obj(o);
                if ob.is_array() && ob.proto == Value::object(self.realm.array_proto) {
                    if let Elements::Dense(v) = &ob.elements {
                        if let Some(&x) = v.get(i as usize) {
                            if !x.is_hole() {
                                return Ok(x);
                            }
                        }
                    }
                }
            }
            return self.get(obj, PropKey::Index(i as u32));
        }
        let k = self.key_str(&i.to_string());
        self.get(obj, k)
    }

    pub fn index_key(&mut self, i: u64) -> PropKey {
        if i < u32::MAX as u64 {
            PropKey::Index(i as u32)
        } else {
            self.key_str(&i.to_string())
        }
    }

    /// CreateListFromArrayLike.
    pub fn list_from_array_like(&mut self, v: Value) -> JsResult<Vec<Value>> {
        if !v.is_object() {
            return self.throw_type("CreateListFromArrayLike called on non-object");
        }
        let n = self.length_of(v)?;
        if n > 10_000_000.0 {
            return self.throw_range("Too many arguments in function call");
        }
        // Fast path: an array, ordinary or arguments object whose first n
        // elements are all present own data elements (no getter can run);
        // mapped arguments read their parameters from the scope record.
        if let Some(o) = v.as_object() {
            let ob = self.obj(o);
            if let (ObjectKind::Array | ObjectKind::Ordinary | ObjectKind::Arguments { .. }, Elements::Dense(e)) = (&ob.kind, &ob.elements) {
                if let Some(first) = e.get(..n as usize) {
                    if first.iter().all(|x| !x.is_hole()) {
                        let mut out = first.to_vec();
                        if let ObjectKind::Arguments { mapped: Some(m) } = &ob.kind {
                            let (env, map) = (&m.0, &m.1);
                            let slots = &self.obj(*env).slots;
                            for (x, &slot) in out.iter_mut().zip(map.iter()) {
                                if slot != u32::MAX {
                                    *x = slots.get(slot as usize).copied().unwrap_or(Value::UNDEFINED);
                                }
                            }
                        }
                        return Ok(out);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n as u64 {
            let x = self.get_index(v, i)?;
            // A getter may have created it: keep it alive across the next Get.
            self.root(x);
            out.push(x);
        }
        Ok(out)
    }

    /// SpeciesConstructor(o, default).
    pub fn species_constructor(&mut self, o: Value, default: Value) -> JsResult<Value> {
        let ck = PropKey::Str(self.names.constructor);
        let c = self.get(o, ck)?;
        if c.is_undefined() {
            return Ok(default);
        }
        if !c.is_object() {
            return self.throw_type("object.constructor is not an object");
        }
        let sp = self.realm.sym.species;
        let s = self.get(c, PropKey::Sym(sp))?;
        if s.is_nullish() {
            return Ok(default);
        }
        if self.is_constructor(s) {
            return Ok(s);
        }
        self.throw_type("object.constructor[Symbol.species] is not a constructor")
    }

    /// OrdinaryCreateFromConstructor's prototype lookup: newTarget.prototype or
    /// the fallback, an intrinsic of the current realm (taken from newTarget's realm).
    pub fn proto_from_ctor(&mut self, new_target: Value, fallback: ObjId) -> JsResult<Value> {
        if new_target.is_object() {
            let pk = PropKey::Str(self.names.prototype);
            let p = self.get(new_target, pk)?;
            if p.is_object() {
                return Ok(p);
            }
            return Ok(Value::object(self.intrinsic_for(new_target, fallback)?));
        }
        Ok(Value::object(fallback))
    }

    /// GetPrototypeFromConstructor for a fallback that is not an `Intrinsics`
    /// field: `fallback` finds it from a realm's intrinsics.
    pub fn proto_from_ctor_in(&mut self, new_target: Value, fallback: impl Fn(&Vm, &crate::realm::Intrinsics) -> ObjId) -> JsResult<Value> {
        if new_target.is_object() {
            let pk = PropKey::Str(self.names.prototype);
            let p = self.get(new_target, pk)?;
            if p.is_object() {
                return Ok(p);
            }
            let r = self.function_realm(new_target)?;
            if r != self.realm_id {
                if let Some(i) = self.realms.get(r as usize) {
                    return Ok(Value::object(fallback(self, i)));
                }
            }
        }
        Ok(Value::object(fallback(self, &self.realm)))
    }
}
