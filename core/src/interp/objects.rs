//! Object-related instruction helpers: inline caches, closures and classes,
//! `super`, private names, spreads, templates, `arguments`, for-in and
//! iteration steps, direct eval.

use crate::bytecode::fflags as ff;
use crate::object::{flags, ClosureData, Elements, ForInState, JsObject, ObjectKind, PropKey, Slot};
use crate::ops::property::PropDesc;
use crate::shape::{attrs, ShapeId};
use crate::value::{ObjId, Value};
use crate::vm::{IcEntry, IC_WAYS};
use crate::{JsResult, Vm};

impl Vm {
    // ----- inline caches ---------------------------------------------------------

    /// The entries of property-access site `ic`.
    #[inline]
    fn ic_site(&self, unit: usize, func: usize, ic: u32) -> Option<&[IcEntry]> {
        let at = ic as usize * IC_WAYS;
        self.units[unit].ics[func].get(at..at + IC_WAYS)
    }

    /// Records `entry` at site `ic`: it replaces an entry for the same receiver
    /// shape, else goes first, pushing the least recently filled entry out.
    fn ic_store(&mut self, unit: usize, func: usize, ic: u32, entry: IcEntry) {
        let at = ic as usize * IC_WAYS;
        let Some(site) = self.units[unit].ics[func].get_mut(at..at + IC_WAYS) else { return };
        let n = site.iter().position(|e| e.shape == entry.shape).unwrap_or(IC_WAYS - 1);
        site.copy_within(0..n, 1);
        site[0] = entry;
    }

    #[inline]
    pub(crate) fn ic_get(&self, unit: usize, func: usize, ic: u32, o: ObjId) -> Option<Value> {
        let ob = self.obj(o);
        // Empty entries hold the dictionary shape, which objects in dictionary mode have.
        if ob.shape == ShapeId::DICT {
            return None;
        }
        let e = *self.ic_site(unit, func, ic)?.iter().find(|e| e.shape == ob.shape.0)?;
        if e.holder == u32::MAX {
            return ob.slots.get(e.slot as usize).copied();
        }
        let h = ObjId(e.holder);
        if e.proto == u32::MAX {
            if ob.proto != Value::object(h) {
                return None;
            }
        } else if ob.proto != Value::object(ObjId(e.proto)) || self.shapes.epoch != e.epoch {
            return None;
        }
        let ho = self.obj(h);
        if ho.shape.0 != e.holder_shape {
            return None;
        }
        ho.slots.get(e.slot as usize).copied()
    }

    fn cacheable(o: &JsObject) -> bool {
        o.shape != ShapeId::DICT && Self::plain_kind(o)
    }

    /// Objects whose named properties have no exotic behaviour (internal slots
    /// only: a Date's methods are found through the cache like any object's).
    /// Not string wrappers, typed arrays ("Infinity" is an integer-indexed
    /// key), arguments, proxies, namespaces or scope records.
    fn plain_kind(o: &JsObject) -> bool {
        matches!(
            o.kind,
            ObjectKind::Ordinary
                | ObjectKind::Array
                | ObjectKind::Closure(_)
                | ObjectKind::Native(_)
                | ObjectKind::Bound(_)
                | ObjectKind::Error(_)
                | ObjectKind::BooleanBox(_)
                | ObjectKind::NumberBox(_)
                | ObjectKind::Date(_)
                | ObjectKind::RegExp(_)
                | ObjectKind::Map(_)
                | ObjectKind::Set(_)
                | ObjectKind::WeakMap(_)
                | ObjectKind::WeakSet(_)
                | ObjectKind::Promise(_)
                | ObjectKind::Generator(_)
                | ObjectKind::ArrayIterator { .. }
                | ObjectKind::MapIterator { .. }
                | ObjectKind::StringIterator { .. }
                | ObjectKind::ArrayBuffer(_)
                | ObjectKind::DataView(_)
        )
    }

    /// How deep inline caches follow prototype chains.
    const MAX_IC_DEPTH: usize = 8;

    pub(crate) fn ic_fill_get(&mut self, unit: usize, func: usize, ic: u32, o: ObjId, key: PropKey) {
        if matches!(key, PropKey::Str(s) if s == self.names.length) {
            return;
        }
        let ob = self.obj(o);
        if !Self::cacheable(ob) {
            return;
        }
        let entry = match self.shapes.lookup(ob.shape, key) {
            Some((slot, a)) if a & attrs::ACCESSOR == 0 => IcEntry { shape: ob.shape.0, holder: u32::MAX, holder_shape: 0, slot, ..IcEntry::default() },
            Some(_) => return,
            None => {
                let Some(p1) = ob.proto.as_object() else { return };
                let shape = ob.shape.0;
                // Walk the chain to the holder; every object passed must be plain
                // (it is then watched: adding the key to it bumps the epoch).
                let mut chain = [ObjId(0); Self::MAX_IC_DEPTH];
                let mut cur = p1;
                let mut depth = 0;
                let (holder, slot) = loop {
                    let co = self.obj(cur);
                    if !Self::plain_kind(co) || depth == Self::MAX_IC_DEPTH {
                        return;
                    }
                    chain[depth] = cur;
                    depth += 1;
                    if let Some(d) = &co.dict {
                        if d.get(key).is_some() {
                            return; // a dictionary-mode holder: no slot to cache
                        }
                    } else if let Some((slot, a)) = self.shapes.lookup(co.shape, key) {
                        if a & attrs::ACCESSOR != 0 {
                            return;
                        }
                        break (cur, slot);
                    }
                    match co.proto.as_object() {
                        Some(p) => cur = p,
                        None => return,
                    }
                };
                let holder_shape = self.obj(holder).shape.0;
                if depth == 1 {
                    IcEntry { shape, holder: holder.0, holder_shape, slot, ..IcEntry::default() }
                } else {
                    for &c in &chain[..depth] {
                        self.obj_mut(c).flags |= flags::WATCHED;
                    }
                    IcEntry { shape, holder: holder.0, holder_shape, slot, proto: p1.0, epoch: self.shapes.epoch }
                }
            }
        };
        self.ic_store(unit, func, ic, entry);
    }

    /// SetProp through the cache: an own writable data property (`holder` ==
    /// u32::MAX), or the addition of a new property (`holder` = the receiver's
    /// prototype, `holder_shape` = the shape after the addition, `slot` = its
    /// slot) while the prototype chain is unchanged (`epoch`).
    #[inline]
    pub(crate) fn ic_set(&mut self, unit: usize, func: usize, ic: u32, o: ObjId, v: Value) -> bool {
        let shape = self.obj(o).shape.0;
        if shape == ShapeId::DICT.0 {
            return false;
        }
        let Some(&e) = self.ic_site(unit, func, ic).and_then(|site| site.iter().find(|e| e.shape == shape)) else { return false };
        if e.holder != u32::MAX {
            let epoch = self.shapes.epoch;
            let ob = self.obj_mut(o);
            if ob.shape.0 != e.shape
                || ob.proto != Value::object(ObjId(e.holder))
                || epoch != e.epoch
                || ob.flags & flags::EXTENSIBLE == 0
                || !matches!(ob.kind, ObjectKind::Ordinary)
                || ob.slots.len() != e.slot as usize
            {
                return false;
            }
            ob.shape = ShapeId(e.holder_shape);
            ob.slots.push(v);
            return true;
        }
        let ob = self.obj_mut(o);
        if ob.shape.0 != e.shape {
            return false;
        }
        match ob.slots.get_mut(e.slot as usize) {
            Some(s) => {
                *s = v;
                true
            }
            None => false,
        }
    }

    /// Fills a SetProp cache after the slow path stored `key` on `o`, whose
    /// shape before the store was `old_shape`.
    pub(crate) fn ic_fill_set(&mut self, unit: usize, func: usize, ic: u32, o: ObjId, key: PropKey, old_shape: ShapeId) {
        let ob = self.obj(o);
        if !Self::cacheable(ob) {
            return;
        }
        let Some((slot, a)) = self.shapes.lookup(ob.shape, key) else { return };
        let entry = if ob.shape == old_shape {
            if a & (attrs::WRITABLE | attrs::ACCESSOR) != attrs::WRITABLE {
                return;
            }
            IcEntry { shape: ob.shape.0, holder: u32::MAX, holder_shape: 0, slot, ..IcEntry::default() }
        } else {
            // An addition: cache the transition if it was the plain one (an
            // ordinary object, a default data property appended, and nothing on
            // the prototype chain that could have intervened).
            if old_shape == ShapeId::DICT
                || a != attrs::DEFAULT
                || !matches!(ob.kind, ObjectKind::Ordinary)
                || slot as usize + 1 != ob.slots.len()
                || self.shapes.transition(old_shape, key, a) != Some(ob.shape)
            {
                return;
            }
            let new_shape = ob.shape.0;
            let Some(p1) = ob.proto.as_object() else { return };
            let mut chain = [ObjId(0); Self::MAX_IC_DEPTH];
            let mut depth = 0;
            let mut cur = Some(p1);
            while let Some(c) = cur {
                let co = self.obj(c);
                if !Self::plain_kind(co) || depth == Self::MAX_IC_DEPTH {
                    return;
                }
                let found = match &co.dict {
                    Some(d) => d.get(key).map(|(a, _)| a),
                    None => self.shapes.lookup(co.shape, key).map(|(_, a)| a),
                };
                if let Some(pa) = found {
                    if pa & (attrs::WRITABLE | attrs::ACCESSOR) != attrs::WRITABLE {
                        return;
                    }
                }
                chain[depth] = c;
                depth += 1;
                cur = co.proto.as_object();
            }
            for &c in &chain[..depth] {
                self.obj_mut(c).flags |= flags::WATCHED;
            }
            IcEntry { shape: old_shape.0, holder: p1.0, holder_shape: new_shape, slot, proto: u32::MAX, epoch: self.shapes.epoch }
        };
        self.ic_store(unit, func, ic, entry);
    }

    // ----- global variable caches (GetGlobal / SetGlobal) ---------------------------
    //
    // An entry is valid while the global lexical scope keeps the shape it had
    // when the entry was filled (`shape`), so a later `let`/`const`/`class` of the
    // same name is seen. `holder` says where the binding lives:
    //   GLOBAL_DICT  — entry `slot` of the global object's dictionary (its key is
    //                  re-checked on every hit: entries move when the table is compacted),
    //   GLOBAL_LEX   — slot `slot` of the global lexical scope (`holder_shape` = attributes),
    //   GLOBAL_SHAPE — slot `slot` of the global object while its shape is `holder_shape`.

    const GLOBAL_DICT: u32 = 0;
    const GLOBAL_LEX: u32 = 1;
    const GLOBAL_SHAPE: u32 = 2;

    #[inline]
    pub(crate) fn global_ic_get(&self, unit: usize, func: usize, ic: u32, name: Value) -> Option<Value> {
        let e = *self.ic_site(unit, func, ic)?.first()?;
        let lex = self.obj(self.realm.global_lexical);
        if lex.shape.0 != e.shape || lex.shape == ShapeId::DICT {
            return None;
        }
        match e.holder {
            Self::GLOBAL_DICT => {
                let d = self.obj(self.realm.global).dict.as_ref()?;
                let &(key, a, v) = d.entries.get(e.slot as usize)?.as_ref()?;
                (key == PropKey::Str(name.as_string()?) && a & attrs::ACCESSOR == 0).then_some(v)
            }
            Self::GLOBAL_LEX => lex.slots.get(e.slot as usize).copied().filter(|&v| v != Value::UNINIT),
            Self::GLOBAL_SHAPE => {
                let g = self.obj(self.realm.global);
                if g.shape.0 != e.holder_shape {
                    return None;
                }
                g.slots.get(e.slot as usize).copied()
            }
            _ => None,
        }
    }

    /// Writes a global variable through the cache; false = take the slow path.
    #[inline]
    pub(crate) fn global_ic_set(&mut self, unit: usize, func: usize, ic: u32, name: Value, v: Value) -> bool {
        let Some(&e) = self.ic_site(unit, func, ic).and_then(|site| site.first()) else { return false };
        let (lex_id, g_id) = (self.realm.global_lexical, self.realm.global);
        {
            let lex = self.obj(lex_id);
            if lex.shape.0 != e.shape || lex.shape == ShapeId::DICT {
                return false;
            }
        }
        match e.holder {
            Self::GLOBAL_DICT => {
                let Some(n) = name.as_string() else { return false };
                let Some(d) = self.obj_mut(g_id).dict.as_mut() else { return false };
                match d.entries.get_mut(e.slot as usize) {
                    Some(Some((key, a, slot))) if *key == PropKey::Str(n) && *a & (attrs::ACCESSOR | attrs::WRITABLE) == attrs::WRITABLE => {
                        *slot = v;
                        true
                    }
                    _ => false,
                }
            }
            Self::GLOBAL_LEX => {
                if e.holder_shape as u8 & attrs::WRITABLE == 0 {
                    return false;
                }
                match self.obj_mut(lex_id).slots.get_mut(e.slot as usize) {
                    Some(s) if *s != Value::UNINIT => {
                        *s = v;
                        true
                    }
                    _ => false,
                }
            }
            Self::GLOBAL_SHAPE => {
                let g = self.obj_mut(g_id);
                if g.shape.0 != e.holder_shape {
                    return false;
                }
                match g.slots.get_mut(e.slot as usize) {
                    Some(s) => {
                        *s = v;
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// Fills a global variable cache after the slow path found `name`.
    /// `write`: the entry serves SetGlobal (only writable data bindings are cached).
    pub(crate) fn global_ic_fill(&mut self, unit: usize, func: usize, ic: u32, name: Value, write: bool) {
        let Some(n) = name.as_string() else { return };
        let key = PropKey::Str(n);
        let lex = self.obj(self.realm.global_lexical);
        if lex.shape == ShapeId::DICT || lex.dict.is_some() {
            return;
        }
        let lex_shape = lex.shape.0;
        let g = self.obj(self.realm.global);
        let entry = if let Some((slot, a)) = self.shapes.lookup(lex.shape, key) {
            IcEntry { shape: lex_shape, holder: Self::GLOBAL_LEX, holder_shape: a as u32, slot, ..IcEntry::default() }
        } else if !matches!(g.kind, ObjectKind::Ordinary) {
            return;
        } else if let Some(d) = &g.dict {
            let Some(&i) = d.index.get(&key) else { return };
            match d.entries.get(i) {
                Some(Some((_, a, _))) if a & attrs::ACCESSOR == 0 && (!write || a & attrs::WRITABLE != 0) => {}
                _ => return,
            }
            IcEntry { shape: lex_shape, holder: Self::GLOBAL_DICT, holder_shape: 0, slot: i as u32, ..IcEntry::default() }
        } else {
            match self.shapes.lookup(g.shape, key) {
                Some((slot, a)) if a & attrs::ACCESSOR == 0 && (!write || a & attrs::WRITABLE != 0) => {
                    IcEntry { shape: lex_shape, holder: Self::GLOBAL_SHAPE, holder_shape: g.shape.0, slot, ..IcEntry::default() }
                }
                _ => return,
            }
        };
        if let Some(e) = self.units[unit].ics[func].get_mut(ic as usize * IC_WAYS) {
            *e = entry;
        }
    }

    /// `obj[i] = v` for dense arrays and ordinary objects; false = take the slow path.
    #[inline]
    pub(crate) fn fast_set_element(&mut self, o: ObjId, i: u32, v: Value) -> bool {
        let array_proto = self.realm.array_proto;
        if let ObjectKind::TypedArray(_) = self.obj(o).kind {
            return crate::builtins::typed_array::fast_set(self, o, i, v);
        }
        let ob = self.obj_mut(o);
        if !matches!(ob.kind, ObjectKind::Array | ObjectKind::Ordinary) || ob.flags & flags::EXTENSIBLE == 0 {
            return false;
        }
        let is_array = matches!(ob.kind, ObjectKind::Array);
        let len = ob.array_len;
        if let Elements::Dense(e) = &mut ob.elements {
            let idx = i as usize;
            if idx < e.len() && !e[idx].is_hole() {
                e[idx] = v;
                return true;
            }
            // Appending to an array whose prototype is the plain Array.prototype.
            if is_array && idx == e.len() && i == len && ob.flags & flags::LENGTH_READONLY == 0 && ob.proto == Value::object(array_proto) {
                let cap = e.capacity();
                e.push(v);
                let grown = e.capacity() - cap;
                ob.array_len = len + 1;
                self.heap.allocated_since_gc += grown * 8;
                return true;
            }
        }
        false
    }

    // ----- closures and classes ----------------------------------------------------

    /// Creates a closure object for function `f` of loaded unit `unit`.
    pub(crate) fn new_closure(&mut self, unit: u32, f: u32, env: Value, creating_frame: usize) -> ObjId {
        let code = &self.units[unit as usize].unit.functions[f as usize];
        let fl = code.flags;
        let length = code.length;
        let name_k = code.name;
        let is_arrow = fl & ff::ARROW != 0;
        let proto = match (fl & ff::GENERATOR != 0, fl & ff::ASYNC != 0) {
            (true, false) => self.realm.generator_function_proto,
            (false, true) => self.realm.async_function_proto,
            (true, true) => self.realm.async_generator_function_proto,
            _ => self.realm.function_proto,
        };
        // Arrows (and eval code) inherit the home object of the code that creates them.
        let home = if is_arrow || fl & ff::TOP_LEVEL != 0 {
            self.frames.get(creating_frame).map(|fr| match &self.obj(fr.closure).kind {
                ObjectKind::Closure(c) => c.home,
                _ => Value::UNDEFINED,
            }).unwrap_or_default()
        } else {
            Value::UNDEFINED
        };
        let data = ClosureData { unit, func: f, env, home, fields: Value::UNDEFINED, is_class_constructor: false, is_derived: false, realm: self.realm_id };
        let mut o = JsObject::new(Value::object(proto), ObjectKind::Closure(Box::new(data)));
        let constructor = fl & (ff::ARROW | ff::METHOD | ff::GENERATOR | ff::ASYNC | ff::ACCESSOR) == 0;
        if constructor {
            o.flags |= flags::CONSTRUCTOR;
        }
        // Sloppy plain functions also get the usual non-standard `arguments` and
        // `caller` (null: never a strict function, 17.1 Forbidden Extensions), so
        // reading them does not reach Function.prototype's %ThrowTypeError%.
        let sloppy = constructor && fl & ff::STRICT == 0;
        let has_proto = constructor || fl & ff::GENERATOR != 0;
        let kind = if sloppy { 2 } else { has_proto as usize };
        let name = if name_k == u32::MAX {
            Value::string(self.names.empty)
        } else {
            self.units[unit as usize].consts.get(name_k as usize).copied().unwrap_or_default()
        };
        // The slots in the order of `closure_shape(kind)`; `prototype` is filled below.
        let mut slots = crate::object::Slots::new();
        slots.extend([Value::int(length as i32), name]);
        if sloppy {
            slots.extend([Value::NULL, Value::NULL]);
        }
        if has_proto {
            slots.push(Value::UNDEFINED);
        }
        o.shape = self.closure_shape(kind);
        o.slots = slots;
        let id = self.alloc(o);
        if has_proto {
            let pproto = if fl & ff::GENERATOR != 0 {
                if fl & ff::ASYNC != 0 {
                    self.realm.async_generator_proto
                } else {
                    self.realm.generator_proto
                }
            } else {
                self.realm.object_proto
            };
            let p = self.new_object_with_proto(Value::object(pproto));
            if constructor {
                let ck = self.names.constructor;
                self.put(p, PropKey::Str(ck), Value::object(id), attrs::HIDDEN);
            }
            if let Some(v) = self.obj_mut(id).slots.last_mut() {
                *v = Value::object(p);
            }
        }
        id
    }

    /// The shape of a fresh closure: `length`, `name`, then for kind 1
    /// `prototype`, for kind 2 `arguments`, `caller` and `prototype`.
    fn closure_shape(&mut self, kind: usize) -> ShapeId {
        let cached = self.shapes.closure_shapes[kind];
        if cached != ShapeId::ROOT {
            return cached;
        }
        let n = &self.names;
        let mut props = vec![(n.length, attrs::CONFIGURABLE), (n.name, attrs::CONFIGURABLE)];
        if kind == 2 {
            props.extend([(n.arguments, attrs::NONE), (n.caller, attrs::NONE)]);
        }
        if kind >= 1 {
            props.push((n.prototype, attrs::WRITABLE));
        }
        let mut s = ShapeId::ROOT;
        for (k, a) in props {
            s = self.shapes.add(s, PropKey::Str(k), a);
        }
        self.shapes.closure_shapes[kind] = s;
        s
    }

    /// ClassDefinitionEvaluation's object creation: returns (constructor, prototype).
    pub(crate) fn new_class(&mut self, unit: u32, f: u32, env: Value, parent: Value) -> JsResult<(ObjId, ObjId)> {
        let (proto_parent, ctor_parent) = if parent == Value::UNINIT {
            (Value::object(self.realm.object_proto), Value::object(self.realm.function_proto))
        } else if parent.is_null() {
            (Value::NULL, Value::object(self.realm.function_proto))
        } else {
            if !self.is_constructor(parent) {
                let d = if parent.is_object() { "object".to_string() } else { self.to_rust_string(parent).unwrap_or_default() };
                return self.throw_type(&format!("Class extends value {d} is not a constructor or null"));
            }
            let pk = PropKey::Str(self.names.prototype);
            let pp = self.get(parent, pk)?;
            if !pp.is_object() && !pp.is_null() {
                return self.throw_type("Class extends value does not have valid prototype property");
            }
            (pp, parent)
        };
        let proto = self.new_object_with_proto(proto_parent);
        let code = &self.units[unit as usize].unit.functions[f as usize];
        let derived = code.flags & ff::DERIVED != 0;
        let length = code.length;
        let name_k = code.name;
        let data = ClosureData { unit, func: f, env, home: Value::object(proto), fields: Value::UNDEFINED, is_class_constructor: true, is_derived: derived, realm: self.realm_id };
        let mut o = JsObject::new(ctor_parent, ObjectKind::Closure(Box::new(data)));
        o.flags |= flags::CONSTRUCTOR | flags::CLASS;
        let ctor = self.alloc(o);
        let lk = self.names.length;
        self.put(ctor, PropKey::Str(lk), Value::int(length as i32), attrs::CONFIGURABLE);
        // `name` precedes `prototype` even for anonymous classes (SetFunctionName
        // runs before MakeConstructor); NamedEvaluation may overwrite it later.
        let name = if name_k != u32::MAX {
            self.units[unit as usize].consts.get(name_k as usize).copied().unwrap_or_default()
        } else {
            Value::string(self.names.empty)
        };
        let nk = self.names.name;
        self.put(ctor, PropKey::Str(nk), name, attrs::CONFIGURABLE);
        let pk = self.names.prototype;
        self.put(ctor, PropKey::Str(pk), Value::object(proto), attrs::NONE);
        let ck = self.names.constructor;
        self.put(proto, PropKey::Str(ck), Value::object(ctor), attrs::HIDDEN);
        Ok((ctor, proto))
    }

    /// DefineMethod op: methods, accessors, `__proto__: v`, home-object setting.
    pub(crate) fn define_method_op(&mut self, obj: Value, key: Value, func: Value, flag: u8) -> JsResult<()> {
        let Some(o) = obj.as_object() else { return Ok(()) };
        if let Some(fo) = func.as_object() {
            if flag & 7 != 7 {
                if let ObjectKind::Closure(c) = &mut self.obj_mut(fo).kind {
                    c.home = obj;
                }
            }
        }
        if flag == 8 {
            return Ok(());
        }
        if flag & 7 == 7 {
            if func.is_object() || func.is_null() {
                self.set_prototype_of(o, func)?;
            }
            return Ok(());
        }
        let pk = self.to_property_key(key)?;
        let enumerable = flag & 4 != 0;
        let desc = match flag & 3 {
            1 => PropDesc { get: Some(func), enumerable: Some(enumerable), configurable: Some(true), ..Default::default() },
            2 => PropDesc { set: Some(func), enumerable: Some(enumerable), configurable: Some(true), ..Default::default() },
            _ => PropDesc { value: Some(func), writable: Some(true), enumerable: Some(enumerable), configurable: Some(true), ..Default::default() },
        };
        self.define_property_or_throw(o, pk, desc)
    }

    /// SetFunctionName.
    pub(crate) fn set_function_name(&mut self, func: Value, key: Value, flag: u8) -> JsResult<()> {
        let Some(f) = func.as_object() else { return Ok(()) };
        let mut name: Vec<u16> = if let Some(s) = key.as_symbol() {
            let d = self.heap.symbol(s).description;
            match d.as_string() {
                Some(ds) => {
                    let mut v: Vec<u16> = "[".encode_utf16().collect();
                    v.extend_from_slice(self.str_units(ds));
                    v.push(b']' as u16);
                    v
                }
                None => Vec::new(),
            }
        } else {
            self.to_units(key)?
        };
        let prefix: &str = match flag {
            1 => "get ",
            2 => "set ",
            _ => "",
        };
        if !prefix.is_empty() {
            let mut p: Vec<u16> = prefix.encode_utf16().collect();
            p.append(&mut name);
            name = p;
        }
        let v = self.new_string_units(name);
        let nk = self.names.name;
        // Classes with a static `name` member keep it.
        if flag == 0 {
            if let Some(d) = self.ordinary_own(f, PropKey::Str(nk)) {
                if d.is_accessor() || d.value.is_some_and(|x| x.is_object()) {
                    return Ok(());
                }
            }
        }
        self.put(f, PropKey::Str(nk), v, attrs::CONFIGURABLE);
        Ok(())
    }

    /// The object `super` lookups start from: [[HomeObject]].[[GetPrototypeOf]]().
    pub(crate) fn super_base(&mut self, fi: usize) -> JsResult<Value> {
        let c = self.frames[fi].closure;
        let home = match &self.obj(c).kind {
            ObjectKind::Closure(cd) => cd.home,
            _ => Value::UNDEFINED,
        };
        let Some(h) = home.as_object() else {
            return self.throw_syntax("'super' keyword unexpected here");
        };
        // A null base is not an error yet: GetValue/PutValue on the reference throw, after
        // the right-hand side of an assignment has run.
        self.get_prototype_of(h)
    }

    /// `super(...args)` in a derived constructor (or an arrow inside one).
    pub(crate) fn super_call(&mut self, fi: usize, args: &[Value]) -> JsResult<Value> {
        // The active function is the nearest non-arrow frame's closure.
        let mut ctor_frame = fi;
        loop {
            let c = self.frames[ctor_frame].closure;
            let is_arrow_or_eval = match &self.obj(c).kind {
                ObjectKind::Closure(cd) => {
                    let f = &self.units[cd.unit as usize].unit.functions[cd.func as usize];
                    f.flags & (ff::ARROW | ff::TOP_LEVEL) != 0
                }
                _ => false,
            };
            if !is_arrow_or_eval || ctor_frame == 0 {
                break;
            }
            ctor_frame -= 1;
        }
        let (func, new_target) = self.super_call_target(fi, ctor_frame);
        let parent = self.get_prototype_of(func)?;
        if !self.is_constructor(parent) {
            return self.throw_type("Super constructor is not a constructor");
        }
        let result = self.construct(parent, args, new_target)?;
        // `this` may be bound only once.
        let this_slot = self.frames[ctor_frame].base as usize;
        if ctor_frame == fi || self.frames[fi].closure == self.frames[ctor_frame].closure {
            if self.stack[this_slot] != Value::UNINIT {
                return self.throw_reference("Super constructor may only be called once");
            }
        }
        self.stack[this_slot] = result;
        self.init_fields(func, result)?;
        Ok(result)
    }

    /// The derived constructor whose `super()` is being called and its new.target.
    fn super_call_target(&mut self, fi: usize, ctor_frame: usize) -> (ObjId, Value) {
        // Arrow functions find the constructor through their home object's `constructor`.
        let f = &self.frames[ctor_frame];
        let _ = fi;
        (f.closure, f.new_target)
    }

    // ----- private names --------------------------------------------------------------

    fn private_name_text(&self, key: Value) -> String {
        key.as_symbol().map(|s| self.string_lossy(self.heap.symbol(s).description)).unwrap_or_default()
    }

    pub(crate) fn private_get(&mut self, obj: Value, key: Value) -> JsResult<Value> {
        let k = key.as_symbol().map(PropKey::Sym);
        let Some((o, k)) = obj.as_object().zip(k) else {
            let n = self.private_name_text(key);
            return self.throw_type(&format!("Cannot read private member {n} from an object whose class did not declare it"));
        };
        match self.ordinary_own(o, k) {
            Some(d) if d.is_accessor() => {
                let g = d.get.unwrap_or_default();
                if g.is_undefined() {
                    let n = self.private_name_text(key);
                    return self.throw_type(&format!("'{n}' was defined without a getter"));
                }
                self.call(g, obj, &[])
            }
            Some(d) => Ok(d.value.unwrap_or_default()),
            None => {
                let n = self.private_name_text(key);
                self.throw_type(&format!("Cannot read private member {n} from an object whose class did not declare it"))
            }
        }
    }

    pub(crate) fn private_set(&mut self, obj: Value, key: Value, v: Value) -> JsResult<()> {
        let k = key.as_symbol().map(PropKey::Sym);
        let Some((o, k)) = obj.as_object().zip(k) else {
            let n = self.private_name_text(key);
            return self.throw_type(&format!("Cannot write private member {n} to an object whose class did not declare it"));
        };
        match self.ordinary_own(o, k) {
            Some(d) if d.is_accessor() => {
                let s = d.set.unwrap_or_default();
                if s.is_undefined() {
                    let n = self.private_name_text(key);
                    return self.throw_type(&format!("'{n}' was defined without a setter"));
                }
                self.call(s, obj, &[v])?;
                Ok(())
            }
            Some(d) => {
                if d.writable != Some(true) {
                    let n = self.private_name_text(key);
                    return self.throw_type(&format!("Private method '{n}' is not writable"));
                }
                self.put(o, k, v, attrs::WRITABLE);
                Ok(())
            }
            None => {
                let n = self.private_name_text(key);
                self.throw_type(&format!("Cannot write private member {n} to an object whose class did not declare it"))
            }
        }
    }

    pub(crate) fn private_define(&mut self, obj: Value, key: Value, v: Value, flag: u8) -> JsResult<()> {
        let k = key.as_symbol().map(PropKey::Sym);
        let Some((o, k)) = obj.as_object().zip(k) else { return self.throw_type("Cannot define a private member on a non-object") };
        let existing = self.ordinary_own(o, k);
        // PrivateFieldAdd / PrivateMethodOrAccessorAdd: a new private element
        // needs O.[[Extensible]] (the nonextensible-applies-to-private change);
        // a proxy has no such slot of its own.
        if existing.is_none() && !self.obj(o).is_extensible() && !matches!(self.obj(o).kind, ObjectKind::Proxy { .. }) {
            let n = self.private_name_text(key);
            return self.throw_type(&format!("Cannot define {n} on a non-extensible object"));
        }
        match flag {
            2 | 3 => {
                if let Some(d) = existing {
                    if d.is_accessor() {
                        let (mut g, mut s) = (d.get.unwrap_or_default(), d.set.unwrap_or_default());
                        let fresh = if flag == 2 { g.is_undefined() } else { s.is_undefined() };
                        if fresh {
                            if flag == 2 {
                                g = v;
                            } else {
                                s = v;
                            }
                            let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: g, set: s }));
                            self.put(o, k, Value::object(pair), attrs::ACCESSOR);
                            return Ok(());
                        }
                    }
                    let n = self.private_name_text(key);
                    return self.throw_type(&format!("Cannot initialize {n} twice on the same object"));
                }
                let (g, s) = if flag == 2 { (v, Value::UNDEFINED) } else { (Value::UNDEFINED, v) };
                let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: g, set: s }));
                self.put(o, k, Value::object(pair), attrs::ACCESSOR);
                Ok(())
            }
            _ => {
                if existing.is_some() {
                    let n = self.private_name_text(key);
                    return self.throw_type(&format!("Cannot initialize {n} twice on the same object"));
                }
                let a = if flag == 1 { 0 } else { attrs::WRITABLE };
                self.put(o, k, v, a);
                Ok(())
            }
        }
    }

    // ----- spreads, copies, templates -----------------------------------------------------

    pub(crate) fn copy_data_properties(&mut self, dst: Value, src: Value, excl: Value) -> JsResult<()> {
        if src.is_nullish() {
            return Ok(());
        }
        let Some(d) = dst.as_object() else { return Ok(()) };
        let from = self.to_object(src)?;
        let mut excluded = Vec::new();
        if let Some(e) = excl.as_object() {
            if let Elements::Dense(v) = &self.obj(e).elements {
                let v = v.clone();
                for x in v {
                    excluded.push(self.to_property_key(x)?);
                }
            }
        }
        let keys = self.own_property_keys(from)?;
        for k in keys {
            if excluded.contains(&k) {
                continue;
            }
            if let Some(desc) = self.get_own_property(from, k)? {
                if desc.enumerable == Some(true) {
                    let v = self.get(Value::object(from), k)?;
                    self.create_data_property(d, k, v)?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn array_spread(&mut self, arr: Value, src: Value) -> JsResult<()> {
        let Some(a) = arr.as_object() else { return Ok(()) };
        let mark = self.roots.len();
        let items = self.spread_iterable(src);
        self.roots.truncate(mark);
        let items = items?;
        for v in items {
            let len = self.obj(a).array_len;
            self.put(a, PropKey::Index(len), v, attrs::DEFAULT);
        }
        Ok(())
    }

    /// All values of an iterable (fast path for plain arrays with the default iterator).
    pub(crate) fn spread_iterable(&mut self, src: Value) -> JsResult<Vec<Value>> {
        if let Some(o) = src.as_object() {
            if self.is_plain_iterable_array(o) {
                let ob = self.obj(o);
                if let Elements::Dense(v) = &ob.elements {
                    let mut out: Vec<Value> = v.iter().map(|x| if x.is_hole() { Value::UNDEFINED } else { *x }).collect();
                    out.resize(ob.array_len as usize, Value::UNDEFINED);
                    return Ok(out);
                }
            }
        }
        let (it, next) = crate::builtins::iterator::get_iterator(self, src, false)?;
        let mut out = Vec::new();
        while let Some(v) = self.iter_step(it, next)? {
            out.push(v);
            self.root(v);
        }
        Ok(out)
    }

    /// An array whose iteration is unobservable (default iterator, no holes issue).
    pub(crate) fn is_plain_iterable_array(&self, o: ObjId) -> bool {
        let ob = self.obj(o);
        if !ob.is_array() || ob.proto != Value::object(self.realm.array_proto) || ob.shape != ShapeId::ROOT {
            return false;
        }
        // %Array.prototype%[@@iterator] and %ArrayIteratorPrototype%.next untouched.
        let ap = self.obj(self.realm.array_proto);
        let it = ap.find(&self.shapes, PropKey::Sym(self.realm.sym.iterator)).map(|s| ap.slot_value(s));
        if it != Some(Value::object(self.realm.array_proto_values)) {
            return false;
        }
        let aip = self.obj(self.realm.array_iterator_proto);
        let n = aip.find(&self.shapes, PropKey::Str(self.names.next)).map(|s| aip.slot_value(s));
        n == Some(Value::object(self.realm.array_iterator_next))
    }

    /// The argument list of a spread call (the compiler built an array).
    pub(crate) fn spread_list(&mut self, arr: Value) -> JsResult<Vec<Value>> {
        let Some(a) = arr.as_object() else { return Ok(Vec::new()) };
        let ob = self.obj(a);
        match &ob.elements {
            Elements::Dense(v) => {
                let mut out: Vec<Value> = v.iter().map(|x| if x.is_hole() { Value::UNDEFINED } else { *x }).collect();
                out.resize(ob.array_len as usize, Value::UNDEFINED);
                Ok(out)
            }
            Elements::Sparse(_) => {
                let n = ob.array_len;
                let mut out = Vec::with_capacity(n as usize);
                for i in 0..n {
                    out.push(self.get(arr, PropKey::Index(i))?);
                }
                Ok(out)
            }
        }
    }

    pub(crate) fn template_object(&mut self, unit: usize, k: u32) -> JsResult<Value> {
        if let Some(v) = self.units[unit].templates.get(&k) {
            return Ok(*v);
        }
        let (cooked, raw) = match &self.units[unit].unit.constants[k as usize] {
            crate::bytecode::Constant::Template { cooked, raw } => (cooked.clone(), raw.clone()),
            _ => return Ok(Value::UNDEFINED),
        };
        let raw_vals: Vec<Value> = raw.iter().map(|r| self.new_string_units(r.to_vec())).collect();
        let cooked_vals: Vec<Value> = cooked.iter().map(|c| match c {
            Some(u) => self.new_string_units(u.to_vec()),
            None => Value::UNDEFINED,
        }).collect();
        let raw_arr = self.new_array(raw_vals);
        let arr = self.new_array(cooked_vals);
        let rk = self.names.raw;
        self.put(arr, PropKey::Str(rk), Value::object(raw_arr), attrs::NONE);
        for a in [raw_arr, arr] {
            crate::builtins::object::set_integrity(self, a, true)?;
        }
        let v = Value::object(arr);
        self.units[unit].templates.insert(k, v);
        Ok(v)
    }

    pub(crate) fn create_arguments(&mut self, fi: usize, n_params: usize, env: Value, map: &[u32], mapped: bool) -> Value {
        let frame = &self.frames[fi];
        let base = frame.base as usize;
        let argc = frame.argc as usize;
        let mut items: Vec<Value> = (0..argc.min(n_params)).map(|i| self.stack[base + 1 + i]).collect();
        items.extend_from_slice(&self.frames[fi].extra_args);
        let closure = self.frames[fi].closure;
        let mapping = if mapped {
            let mut m: Vec<u32> = (0..items.len()).map(|i| map.get(i).copied().unwrap_or(u32::MAX)).collect();
            // With duplicate parameter names the last one wins.
            for i in 0..m.len() {
                if m[i] != u32::MAX && m[i + 1..].contains(&m[i]) {
                    m[i] = u32::MAX;
                }
            }
            env.as_object().map(|e| Box::new((e, m)))
        } else {
            None
        };
        let len = items.len();
        let op = Value::object(self.realm.object_proto);
        let mut o = JsObject::new(op, ObjectKind::Arguments { mapped: mapping });
        o.elements = Elements::Dense(items);
        // length, @@iterator, callee: built directly along the shape transitions
        // (what three `put`s would do, without their lookups).
        let (lk, it, ck) = (self.names.length, self.realm.sym.iterator, self.names.callee);
        let values = Value::object(self.realm.array_proto_values);
        let (callee, callee_attrs) = if mapped {
            (Value::object(closure), attrs::HIDDEN)
        } else {
            let thrower = Value::object(self.realm.throw_type_error_fn);
            let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: thrower, set: thrower }));
            (Value::object(pair), attrs::ACCESSOR)
        };
        o.shape = match self.shapes.arguments[mapped as usize] {
            Some(s) => s,
            None => {
                let s = self.shapes.add(ShapeId::ROOT, PropKey::Str(lk), attrs::HIDDEN);
                let s = self.shapes.add(s, PropKey::Sym(it), attrs::HIDDEN);
                let s = self.shapes.add(s, PropKey::Str(ck), callee_attrs);
                self.shapes.arguments[mapped as usize] = Some(s);
                s
            }
        };
        o.slots = smallvec::smallvec![Value::int(len as i32), values, callee];
        Value::object(self.alloc(o))
    }

    // ----- iteration -------------------------------------------------------------------

    /// One `next()` step: Some(value) or None when done.
    pub(crate) fn iter_step(&mut self, it: Value, next: Value) -> JsResult<Option<Value>> {
        // Fast path: built-in array iterator over an array-like.
        if next == Value::object(self.realm.array_iterator_next) {
            if let Some(io) = it.as_object() {
                if let ObjectKind::ArrayIterator { target, index, kind: crate::object::IterKind::Values, done: false } = self.obj(io).kind {
                    if let Some(t) = target.as_object() {
                        let tob = self.obj(t);
                        if tob.is_array() {
                            if index >= tob.array_len {
                                if let ObjectKind::ArrayIterator { done, .. } = &mut self.obj_mut(io).kind {
                                    *done = true;
                                }
                                return Ok(None);
                            }
                            let v = match &tob.elements {
                                Elements::Dense(v) => v.get(index as usize).copied().filter(|x| !x.is_hole()),
                                _ => None,
                            };
                            let v = match v {
                                Some(v) => v,
                                None => self.get(target, PropKey::Index(index))?,
                            };
                            if let ObjectKind::ArrayIterator { index: i, .. } = &mut self.obj_mut(io).kind {
                                *i = index + 1;
                            }
                            return Ok(Some(v));
                        }
                    }
                }
            }
        }
        let r = self.call(next, it, &[])?;
        if !r.is_object() {
            return self.throw_type("Iterator result is not an object");
        }
        let dk = PropKey::Str(self.names.done);
        let d = self.get(r, dk)?;
        if crate::ops::convert::to_boolean(self, d) {
            return Ok(None);
        }
        let vk = PropKey::Str(self.names.value);
        Ok(Some(self.get(r, vk)?))
    }

    /// EnumerateObjectProperties: the enumerable string keys of `v` and its
    /// prototypes, each name once (a key seen on a nearer object, enumerable or
    /// not, hides the same key further up the chain).
    pub(crate) fn for_in_prepare(&mut self, v: Value) -> JsResult<Value> {
        let mut keys = Vec::new();
        // Keys of the objects already visited; only consulted for enumerable
        // keys of later objects, so a chain ending in Object.prototype (no
        // enumerable keys) costs no lookups.
        let mut hidden: Vec<PropKey> = Vec::new();
        let mut hidden_set: crate::fxhash::FxHashSet<PropKey> = Default::default();
        let object = if v.is_nullish() { Value::UNDEFINED } else { Value::object(self.to_object(v)?) };
        let mut cur = object.as_object();
        while let Some(o) = cur {
            if hidden.len() > 16 && hidden_set.len() < hidden.len() {
                hidden_set.extend(hidden[hidden_set.len()..].iter().copied());
            }
            let first_new = hidden.len();
            let is_hidden = |hidden: &[PropKey], k: &PropKey| {
                if first_new > 16 {
                    hidden_set.contains(k)
                } else {
                    hidden[..first_new].contains(k)
                }
            };
            let ob = self.obj(o);
            // Objects without exotic keys are read from raw storage, with no
            // property descriptors built.
            if matches!(ob.kind, ObjectKind::Ordinary | ObjectKind::Array | ObjectKind::Closure(_) | ObjectKind::Native(_) | ObjectKind::Error(_)) {
                let (own, proto, is_array) = (ob.own_keys(&self.shapes), ob.proto, matches!(ob.kind, ObjectKind::Array));
                for (k, a) in own {
                    if matches!(k, PropKey::Sym(_)) {
                        continue;
                    }
                    if a & attrs::ENUMERABLE != 0 && !is_hidden(&hidden, &k) {
                        let kv = self.key_to_value(k);
                        keys.push(kv);
                    }
                    hidden.push(k);
                }
                if is_array {
                    hidden.push(PropKey::Str(self.names.length));
                }
                cur = proto.as_object();
                continue;
            }
            let own = self.own_property_keys(o)?;
            for k in own {
                if matches!(k, PropKey::Sym(_)) || is_hidden(&hidden, &k) {
                    continue;
                }
                hidden.push(k);
                if let Some(d) = self.get_own_property(o, k)? {
                    if d.enumerable == Some(true) {
                        let kv = self.key_to_value(k);
                        keys.push(kv);
                    }
                }
            }
            cur = self.get_prototype_of(o)?.as_object();
        }
        let st = ForInState { keys, pos: 0, object };
        Ok(Value::object(self.alloc(JsObject::new(Value::NULL, ObjectKind::ForIn(Box::new(st))))))
    }

    pub(crate) fn for_in_next(&mut self, it: Value) -> JsResult<Option<Value>> {
        let Some(io) = it.as_object() else { return Ok(None) };
        loop {
            let (k, object) = match &mut self.obj_mut(io).kind {
                ObjectKind::ForIn(st) => {
                    if st.pos >= st.keys.len() {
                        return Ok(None);
                    }
                    st.pos += 1;
                    (st.keys[st.pos - 1], st.object)
                }
                _ => return Ok(None),
            };
            // Keys deleted before being visited are skipped.
            if let Some(o) = object.as_object() {
                let pk = self.to_property_key(k)?;
                if !self.has_property(o, pk)? {
                    continue;
                }
            }
            return Ok(Some(k));
        }
    }

    // ----- eval --------------------------------------------------------------------------

    /// Direct eval: compiles `arg` (or reuses its compiled unit) and runs it
    /// in the caller's scopes.
    pub(crate) fn direct_eval(&mut self, arg: Value, env: Value, flag: u8, fi: usize, this: Value) -> JsResult<Value> {
        if !arg.is_string() {
            return Ok(arg);
        }
        let src = self.string_lossy(arg);
        let ctx = crate::compiler::EvalContext {
            strict: flag & 1 != 0,
            direct: true,
            in_function: flag & 2 != 0,
            in_method: flag & 4 != 0,
            in_field: flag & 8 != 0,
            in_derived_ctor: flag & 16 != 0,
        };
        let caller = self.frames[fi].unit;
        // The compiled code depends only on the text, the caller's unit (its
        // source name) and the flags. Text with a template literal is not
        // reused: each evaluation must create its own template objects.
        let key = (caller, flag, Box::<str>::from(src.as_str()));
        let cached = self.eval_cache.get(&key).and_then(|(ui, code)| {
            self.units.get(*ui as usize).filter(|lu| std::sync::Arc::ptr_eq(&lu.unit, code)).map(|_| *ui)
        });
        let ui = match cached {
            Some(ui) => ui,
            None => {
                let name = self.units[caller as usize].unit.source_name.clone();
                let unit = match crate::compiler::compile(&src, &name, &crate::compiler::CompileOptions { goal: crate::compiler::Goal::Eval(ctx), typescript: false, force_strict: false }) {
                    Ok(u) => std::sync::Arc::new(u),
                    Err(e) => return self.throw_syntax(&e.message),
                };
                let ui = self.load_unit(unit.clone(), None);
                if !src.contains('`') && self.eval_cache.len() < EVAL_CACHE_MAX {
                    self.eval_cache.insert(key, (ui, unit));
                }
                ui
            }
        };
        let c = self.new_closure(ui, 0, env, fi);
        self.call_eval_closure(c, this, fi)
    }

    fn call_eval_closure(&mut self, c: ObjId, this: Value, fi: usize) -> JsResult<Value> {
        // Eval code runs with the caller's `this` and new.target.
        let nt = self.frames[fi].new_target;
        self.check_reentry()?;
        let restore = self.stack.len();
        self.stack.push(Value::object(c));
        let base = self.stack.len();
        self.stack.push(this);
        if let Err(e) = self.enter_closure(c, base, 0, nt, u32::MAX, crate::interp::frame::fflags::ENTRY, restore) {
            self.stack.truncate(restore);
            return Err(e);
        }
        // Strict `this` semantics: the eval function is compiled strict/sloppy as its caller.
        let top = self.frames.len() - 1;
        self.stack[self.frames[top].base as usize] = this;
        self.native_depth += 1;
        let r = self.run();
        self.native_depth -= 1;
        r
    }

    /// Indirect eval / global eval of a script source.
    pub fn global_eval(&mut self, src: &str, strict: bool) -> JsResult<Value> {
        let ctx = crate::compiler::EvalContext { strict, direct: false, ..Default::default() };
        let unit = match crate::compiler::compile(src, "eval", &crate::compiler::CompileOptions { goal: crate::compiler::Goal::Eval(ctx), typescript: false, force_strict: false }) {
            Ok(u) => u,
            Err(e) => return self.throw_syntax(&e.message),
        };
        let ui = self.load_unit(std::sync::Arc::new(unit), None);
        let c = self.new_closure(ui, 0, Value::UNDEFINED, usize::MAX);
        let g = Value::object(self.realm.global);
        self.call(Value::object(c), g, &[])
    }
}

/// Distinct direct-eval texts kept compiled (beyond it, evals compile each time).
const EVAL_CACHE_MAX: usize = 256;

#[allow(dead_code)]
fn slot_attrs(s: Slot) -> u8 {
    match s {
        Slot::Named { attrs, .. } | Slot::Dict { attrs, .. } | Slot::Element { attrs, .. } => attrs,
    }
}
