//! Name resolution at run time: globals (global object + global lexical
//! declarations) and dynamic lookups through scope records for `with` and
//! direct `eval`.

use crate::object::{ObjectKind, PropKey};
use crate::ops::property::PropDesc;
use crate::shape::attrs;
use crate::value::{ObjId, StrId, Value};
use crate::{JsResult, Vm};

/// Where a dynamic lookup found a name.
enum Found {
    Slot(ObjId, usize, u8),
    /// An eval-declared var stored as a property of a scope record.
    EnvProp(ObjId),
    With(Value),
    Global,
}

impl Vm {
    fn name_key(&self, name: Value) -> StrId {
        name.as_string().unwrap_or(self.names.empty)
    }

    fn lookup_name(&mut self, env: Value, name: StrId) -> JsResult<Found> {
        let mut e = env;
        while let Some(id) = e.as_object() {
            match &self.obj(id).kind {
                ObjectKind::Env { parent, scope } => {
                    let parent = *parent;
                    if let Some(info) = self.scopes.get(*scope as usize) {
                        if let Some(i) = info.names.iter().position(|(n, _)| *n == name) {
                            let flag = info.names[i].1;
                            return Ok(Found::Slot(id, i, flag));
                        }
                    }
                    if self.obj(id).find(&self.shapes, PropKey::Str(name)).is_some() {
                        return Ok(Found::EnvProp(id));
                    }
                    e = parent;
                }
                ObjectKind::WithEnv { parent, object } => {
                    let (parent, object) = (*parent, *object);
                    if let Some(o) = object.as_object() {
                        let key = self.key_units(&self.str_units(name).to_vec());
                        if self.has_property(o, key)? {
                            // @@unscopables may hide it.
                            let us = self.realm.sym.unscopables;
                            let u = self.get(object, PropKey::Sym(us))?;
                            let blocked = if u.is_object() {
                                let b = self.get(u, key)?;
                                crate::ops::convert::to_boolean(self, b)
                            } else {
                                false
                            };
                            if !blocked {
                                return Ok(Found::With(object));
                            }
                        }
                    }
                    e = parent;
                }
                _ => break,
            }
        }
        Ok(Found::Global)
    }

    pub(crate) fn get_name(&mut self, env: Value, name: Value, typeof_: bool, strict: bool) -> JsResult<Value> {
        let n = self.name_key(name);
        let found = self.lookup_name(env, n)?;
        self.found_value(found, name, typeof_, strict)
    }

    fn found_value(&mut self, found: Found, name: Value, typeof_: bool, strict: bool) -> JsResult<Value> {
        let n = self.name_key(name);
        match found {
            Found::Slot(e, i, _) => {
                let v = self.obj(e).slots.get(i).copied().unwrap_or_default();
                if v == Value::UNINIT {
                    let s = self.heap.string_lossy(n);
                    return self.throw_reference(&format!("Cannot access '{s}' before initialization"));
                }
                Ok(v)
            }
            Found::EnvProp(e) => self.get(Value::object(e), PropKey::Str(n)),
            Found::With(o) => self.with_get(o, n, strict),
            Found::Global => self.get_global(name, typeof_),
        }
    }

    /// GetBindingValue of an object environment record: the property may
    /// have gone since the name was resolved (9.1.1.2.6).
    fn with_get(&mut self, o: Value, n: StrId, strict: bool) -> JsResult<Value> {
        let key = self.key_units(&self.str_units(n).to_vec());
        let Some(oid) = o.as_object() else { return Ok(Value::UNDEFINED) };
        if !self.has_property(oid, key)? {
            if strict {
                let s = self.heap.string_lossy(n);
                return self.throw_reference(&format!("{s} is not defined"));
            }
            return Ok(Value::UNDEFINED);
        }
        self.get(o, key)
    }

    /// SetMutableBinding of an object environment record (9.1.1.2.5).
    fn with_set(&mut self, o: Value, n: StrId, v: Value, strict: bool) -> JsResult<()> {
        let key = self.key_units(&self.str_units(n).to_vec());
        let Some(oid) = o.as_object() else { return Ok(()) };
        if !self.has_property(oid, key)? && strict {
            let s = self.heap.string_lossy(n);
            return self.throw_reference(&format!("{s} is not defined"));
        }
        let ok = self.set(o, key, v)?;
        if !ok && strict {
            return self.throw_type("Cannot assign to read only property");
        }
        Ok(())
    }

    /// ResolveBinding ahead of use (assignments in code with `with` or direct
    /// eval, where the right-hand side may change what the name means): the
    /// with object or scope record that holds the name, or undefined (global).
    pub(crate) fn resolve_ref(&mut self, env: Value, name: Value) -> JsResult<Value> {
        let n = self.name_key(name);
        Ok(match self.lookup_name(env, n)? {
            Found::With(o) => o,
            Found::Slot(e, ..) | Found::EnvProp(e) => Value::object(e),
            Found::Global => Value::UNDEFINED,
        })
    }

    /// GetValue of a reference from `resolve_ref`.
    pub(crate) fn ref_get(&mut self, base: Value, name: Value, strict: bool) -> JsResult<Value> {
        let n = self.name_key(name);
        let Some(rec) = base.as_object() else { return self.get_global(name, false) };
        if !matches!(self.obj(rec).kind, ObjectKind::Env { .. }) {
            return self.with_get(base, n, strict);
        }
        match self.record_slot(rec, n) {
            Some((i, _)) => {
                let v = self.obj(rec).slots.get(i).copied().unwrap_or_default();
                if v == Value::UNINIT {
                    let s = self.heap.string_lossy(n);
                    return self.throw_reference(&format!("Cannot access '{s}' before initialization"));
                }
                Ok(v)
            }
            None if self.obj(rec).find(&self.shapes, PropKey::Str(n)).is_some() => self.get(base, PropKey::Str(n)),
            None => {
                let s = self.heap.string_lossy(n);
                self.throw_reference(&format!("{s} is not defined"))
            }
        }
    }

    /// PutValue of a reference from `resolve_ref`.
    pub(crate) fn ref_set(&mut self, base: Value, name: Value, v: Value, strict: bool) -> JsResult<()> {
        let n = self.name_key(name);
        let Some(rec) = base.as_object() else { return self.set_global(name, v, strict) };
        if !matches!(self.obj(rec).kind, ObjectKind::Env { .. }) {
            return self.with_set(base, n, v, strict);
        }
        match self.record_slot(rec, n) {
            Some((i, flag)) => self.set_slot_binding(rec, i, flag, n, v, strict),
            None if self.obj(rec).find(&self.shapes, PropKey::Str(n)).is_some() => {
                self.set(base, PropKey::Str(n), v)?;
                Ok(())
            }
            // An eval var deleted meanwhile (SetMutableBinding step 1).
            None if strict => {
                let s = self.heap.string_lossy(n);
                self.throw_reference(&format!("{s} is not defined"))
            }
            None => {
                self.env_put(rec, n, v);
                Ok(())
            }
        }
    }

    /// SetMutableBinding for declared slot `i` of scope record `rec` (`flag`:
    /// 1 immutable, 4 silently so in sloppy code): TDZ and const checks, then the write.
    fn set_slot_binding(&mut self, rec: ObjId, i: usize, flag: u8, n: StrId, v: Value, strict: bool) -> JsResult<()> {
        let cur = self.obj(rec).slots.get(i).copied().unwrap_or_default();
        if cur == Value::UNINIT {
            let s = self.heap.string_lossy(n);
            return self.throw_reference(&format!("Cannot access '{s}' before initialization"));
        }
        if flag & 1 != 0 {
            if flag & 4 != 0 && !strict {
                return Ok(());
            }
            return self.throw_type("Assignment to constant variable.");
        }
        if let Some(s) = self.obj_mut(rec).slots.get_mut(i) {
            *s = v;
        }
        Ok(())
    }

    /// The declared slot of `n` in scope record `rec`, with its flags.
    fn record_slot(&self, rec: ObjId, n: StrId) -> Option<(usize, u8)> {
        match &self.obj(rec).kind {
            ObjectKind::Env { scope, .. } => {
                let info = self.scopes.get(*scope as usize)?;
                info.names.iter().position(|(x, _)| *x == n).map(|i| (i, info.names[i].1))
            }
            _ => None,
        }
    }

    pub(crate) fn get_name_call(&mut self, env: Value, name: Value, strict: bool) -> JsResult<(Value, Value)> {
        let n = self.name_key(name);
        match self.lookup_name(env, n)? {
            Found::With(o) => Ok((self.with_get(o, n, strict)?, o)),
            found => Ok((self.found_value(found, name, false, strict)?, Value::UNDEFINED)),
        }
    }

    pub(crate) fn set_name(&mut self, env: Value, name: Value, v: Value, strict: bool) -> JsResult<()> {
        let n = self.name_key(name);
        match self.lookup_name(env, n)? {
            Found::Slot(e, i, flag) => self.set_slot_binding(e, i, flag, n, v, strict),
            Found::EnvProp(e) => {
                self.set(Value::object(e), PropKey::Str(n), v)?;
                Ok(())
            }
            Found::With(o) => self.with_set(o, n, v, strict),
            Found::Global => self.set_global(name, v, strict),
        }
    }

    pub(crate) fn delete_name(&mut self, env: Value, name: Value) -> JsResult<bool> {
        let n = self.name_key(name);
        match self.lookup_name(env, n)? {
            Found::Slot(..) => Ok(false),
            Found::EnvProp(e) => self.delete_property(e, PropKey::Str(n)),
            Found::With(o) => {
                let key = self.key_units(&self.str_units(n).to_vec());
                match o.as_object() {
                    Some(oid) => self.delete_property(oid, key),
                    None => Ok(true),
                }
            }
            Found::Global => {
                let lex = self.realm.global_lexical;
                if self.obj(lex).find(&self.shapes, PropKey::Str(n)).is_some() {
                    return Ok(false);
                }
                let g = self.realm.global;
                let key = self.key_units(&self.str_units(n).to_vec());
                self.delete_property(g, key)
            }
        }
    }

    /// Adds a property to a scope record (vars that sloppy direct eval
    /// declares in a function's variable scope). Scope records keep their
    /// declared variables in `slots`, so added names live in a dictionary.
    fn env_put(&mut self, rec: ObjId, n: StrId, v: Value) {
        let o = self.obj_mut(rec);
        if o.dict.is_none() {
            o.dict = Some(Box::default());
            o.shape = crate::shape::ShapeId::DICT;
        }
        self.put(rec, PropKey::Str(n), v, attrs::DEFAULT);
    }

    /// The nearest variable scope record from `env` (None: the global scope).
    fn var_env(&self, env: Value) -> Option<ObjId> {
        let mut e = env;
        while let Some(id) = e.as_object() {
            match &self.obj(id).kind {
                ObjectKind::Env { parent, scope } => {
                    if self.scopes.get(*scope as usize).is_some_and(|i| i.var_scope) {
                        return Some(id);
                    }
                    e = *parent;
                }
                ObjectKind::WithEnv { parent, .. } => e = *parent,
                _ => break,
            }
        }
        None
    }

    /// Whether scope record `rec` binds `n`: Some(flag) for a declared slot,
    /// Some(0) for a name added by eval.
    fn env_binding(&self, rec: ObjId, n: StrId) -> Option<u8> {
        if let ObjectKind::Env { scope, .. } = &self.obj(rec).kind {
            if let Some((_, f)) = self.scopes.get(*scope as usize).and_then(|i| i.names.iter().find(|(x, _)| *x == n)) {
                return Some(*f);
            }
        }
        self.obj(rec).find(&self.shapes, PropKey::Str(n)).map(|_| 0)
    }

    /// EvalDeclarationInstantiation (sloppy direct or indirect eval) for the
    /// eval code's `var` and top-level function names (`decls`: name, 1 for a
    /// function): every check first (steps 3, 8, 10), then the bindings
    /// (steps 16-17). Function values are assigned by the eval code itself.
    pub(crate) fn declare_eval_vars(&mut self, env: Value, decls: &[(Box<[u16]>, u8)]) -> JsResult<()> {
        let names: Vec<(StrId, bool)> = decls.iter().map(|(n, k)| (self.heap.intern(n), *k == 1)).collect();
        // Step 3: a var may not hoist over a lexical declaration between the
        // eval and its variable scope (B.3.4: except a simple catch parameter).
        let mut e = env;
        let mut var_rec = None;
        while let Some(id) = e.as_object() {
            match &self.obj(id).kind {
                ObjectKind::Env { parent, scope } => {
                    let parent = *parent;
                    let var_scope = self.scopes.get(*scope as usize).is_some_and(|i| i.var_scope);
                    for &(n, _) in &names {
                        if let Some(f) = self.env_binding(id, n) {
                            // A function's top-level lexicals share its variable record.
                            let conflict = if var_scope { f & 3 != 0 } else { f & 8 == 0 };
                            if conflict {
                                let s = self.heap.string_lossy(n);
                                return self.throw_syntax(&format!("Identifier '{s}' has already been declared"));
                            }
                        }
                    }
                    if var_scope {
                        var_rec = Some(id);
                        break;
                    }
                    e = parent;
                }
                ObjectKind::WithEnv { parent, .. } => e = *parent,
                _ => break,
            }
        }
        if let Some(rec) = var_rec {
            for &(n, _) in &names {
                if self.env_binding(rec, n).is_none() {
                    self.env_put(rec, n, Value::UNDEFINED);
                }
            }
            return Ok(());
        }
        // The global variable scope.
        let lex = self.realm.global_lexical;
        let g = self.realm.global;
        for &(n, _) in &names {
            if self.obj(lex).find(&self.shapes, PropKey::Str(n)).is_some() {
                let s = self.heap.string_lossy(n);
                return self.throw_syntax(&format!("Identifier '{s}' has already been declared"));
            }
        }
        for &(n, is_function) in &names {
            let key = self.key_units(&self.str_units(n).to_vec());
            let existing = self.get_own_property(g, key)?;
            let ok = match existing {
                None => self.is_extensible(g)?,
                // CanDeclareGlobalFunction / CanDeclareGlobalVar.
                Some(d) => !is_function || d.configurable == Some(true) || (d.is_data() && d.writable == Some(true) && d.enumerable == Some(true)),
            };
            if !ok {
                let s = self.heap.string_lossy(n);
                let what = if is_function { "function" } else { "variable" };
                return self.throw_type(&format!("Cannot declare global {what} '{s}'"));
            }
        }
        for &(n, is_function) in &names {
            let key = self.key_units(&self.str_units(n).to_vec());
            let existing = self.get_own_property(g, key)?;
            match existing {
                // CreateGlobalFunctionBinding(fn, _, true): a configurable
                // property is redefined; the value comes with hoisting.
                Some(d) if is_function && d.configurable == Some(true) => {
                    self.define_property_or_throw(g, key, PropDesc::data(Value::UNDEFINED, attrs::DEFAULT))?;
                }
                Some(_) => {}
                None => self.define_property_or_throw(g, key, PropDesc::data(Value::UNDEFINED, attrs::DEFAULT))?,
            }
        }
        Ok(())
    }

    /// Annex B.3.2.2 / B.3.2.3: whether the var binding for a block-level
    /// function `name` may exist in the variable scope seen from `env`;
    /// creates it if needed (`deletable` for eval code).
    pub(crate) fn declare_annex_var(&mut self, env: Value, name: Value, deletable: bool) -> JsResult<bool> {
        let n = self.name_key(name);
        let mut e = env;
        while let Some(id) = e.as_object() {
            match &self.obj(id).kind {
                ObjectKind::Env { parent, scope } => {
                    let parent = *parent;
                    let var_scope = self.scopes.get(*scope as usize).is_some_and(|i| i.var_scope);
                    let found = self.env_binding(id, n);
                    if var_scope {
                        // A top-level lexical of the function is "bindingExists".
                        match found {
                            Some(f) if f & 3 != 0 => return Ok(false),
                            Some(_) => {}
                            None => self.env_put(id, n, Value::UNDEFINED),
                        }
                        return Ok(true);
                    }
                    if found.is_some() {
                        return Ok(false);
                    }
                    e = parent;
                }
                ObjectKind::WithEnv { parent, .. } => e = *parent,
                _ => break,
            }
        }
        let lex = self.realm.global_lexical;
        if self.obj(lex).find(&self.shapes, PropKey::Str(n)).is_some() {
            return Ok(false);
        }
        let g = self.realm.global;
        let key = self.key_units(&self.str_units(n).to_vec());
        if self.get_own_property(g, key)?.is_some() {
            return Ok(true);
        }
        if !self.is_extensible(g)? {
            return Ok(false);
        }
        let a = if deletable { attrs::DEFAULT } else { attrs::WRITABLE | attrs::ENUMERABLE };
        self.define_property_or_throw(g, key, PropDesc::data(Value::UNDEFINED, a))?;
        Ok(true)
    }

    /// Sets `name` in the variable scope seen from `env` (the
    /// VariableEnvironment, not the name's resolution): Annex B's copy of a
    /// block function, eval code's hoisted functions.
    pub(crate) fn set_var_name(&mut self, env: Value, name: Value, v: Value) -> JsResult<()> {
        let n = self.name_key(name);
        let Some(rec) = self.var_env(env) else {
            return self.set_global(name, v, false);
        };
        let slot = match &self.obj(rec).kind {
            ObjectKind::Env { scope, .. } => self.scopes.get(*scope as usize).and_then(|i| i.names.iter().position(|(x, _)| *x == n)),
            _ => None,
        };
        match slot {
            Some(i) => {
                if let Some(s) = self.obj_mut(rec).slots.get_mut(i) {
                    *s = v;
                }
            }
            None => self.env_put(rec, n, v),
        }
        Ok(())
    }

    pub(crate) fn get_global(&mut self, name: Value, typeof_: bool) -> JsResult<Value> {
        let n = self.name_key(name);
        let lex = self.realm.global_lexical;
        if let Some(slot) = self.obj(lex).find(&self.shapes, PropKey::Str(n)) {
            let v = self.obj(lex).slot_value(slot);
            if v == Value::UNINIT {
                let s = self.heap.string_lossy(n);
                return self.throw_reference(&format!("Cannot access '{s}' before initialization"));
            }
            return Ok(v);
        }
        let g = self.realm.global;
        let key = if self.heap.is_interned(n) { PropKey::Str(n) } else { self.key_units(&self.str_units(n).to_vec()) };
        // Fast path: own data property of the global object.
        if let Some(slot) = self.obj(g).find(&self.shapes, key) {
            let a = match slot {
                crate::object::Slot::Named { attrs, .. } | crate::object::Slot::Dict { attrs, .. } | crate::object::Slot::Element { attrs, .. } => attrs,
            };
            if a & attrs::ACCESSOR == 0 {
                return Ok(self.obj(g).slot_value(slot));
            }
        }
        if self.has_property(g, key)? {
            return self.get(Value::object(g), key);
        }
        if typeof_ {
            return Ok(Value::UNDEFINED);
        }
        let s = self.heap.string_lossy(n);
        self.throw_reference(&format!("{s} is not defined"))
    }

    pub(crate) fn set_global(&mut self, name: Value, v: Value, strict: bool) -> JsResult<()> {
        let n = self.name_key(name);
        let lex = self.realm.global_lexical;
        if let Some(slot) = self.obj(lex).find(&self.shapes, PropKey::Str(n)) {
            let cur = self.obj(lex).slot_value(slot);
            let s = self.heap.string_lossy(n);
            if cur == Value::UNINIT {
                return self.throw_reference(&format!("Cannot access '{s}' before initialization"));
            }
            let a = match slot {
                crate::object::Slot::Named { attrs, .. } | crate::object::Slot::Dict { attrs, .. } | crate::object::Slot::Element { attrs, .. } => attrs,
            };
            if a & attrs::WRITABLE == 0 {
                return self.throw_type("Assignment to constant variable.");
            }
            self.put(lex, PropKey::Str(n), v, a);
            return Ok(());
        }
        let g = self.realm.global;
        let key = if self.heap.is_interned(n) { PropKey::Str(n) } else { self.key_units(&self.str_units(n).to_vec()) };
        if strict && !self.has_property(g, key)? {
            let s = self.heap.string_lossy(n);
            return self.throw_reference(&format!("{s} is not defined"));
        }
        let ok = self.set(Value::object(g), key, v)?;
        if !ok && strict {
            let s = self.heap.string_lossy(n);
            return self.throw_type(&format!("Cannot assign to read only property '{s}' of object"));
        }
        Ok(())
    }

    /// GlobalDeclarationInstantiation for a script.
    pub(crate) fn declare_globals(&mut self, decls: &[(Box<[u16]>, u8)]) -> JsResult<()> {
        let lex = self.realm.global_lexical;
        let g = self.realm.global;
        // Checks first: nothing is created if any check fails.
        for (name, kind) in decls {
            let id = self.heap.intern(name);
            let in_lex = self.obj(lex).find(&self.shapes, PropKey::Str(id)).is_some();
            let s = String::from_utf16_lossy(name);
            if in_lex {
                return self.throw_syntax(&format!("Identifier '{s}' has already been declared"));
            }
            let key = self.key_units(name);
            if *kind >= 2 {
                if let Some(d) = self.get_own_property(g, key)? {
                    if d.configurable != Some(true) {
                        return self.throw_syntax(&format!("Identifier '{s}' has already been declared"));
                    }
                }
            } else if *kind == 1 {
                let existing = self.get_own_property(g, key)?;
                let ok = match existing {
                    None => self.is_extensible(g)?,
                    Some(d) => d.configurable == Some(true) || (d.is_data() && d.writable == Some(true) && d.enumerable == Some(true)),
                };
                if !ok {
                    return self.throw_type(&format!("Cannot declare global function '{s}'"));
                }
            } else if self.get_own_property(g, key)?.is_none() && !self.is_extensible(g)? {
                return self.throw_type(&format!("Cannot declare global variable '{s}'"));
            }
        }
        for (name, kind) in decls {
            let key = self.key_units(name);
            match kind {
                0 => {
                    if self.get_own_property(g, key)?.is_none() {
                        self.define_property_or_throw(g, key, PropDesc::data(Value::UNDEFINED, attrs::WRITABLE | attrs::ENUMERABLE))?;
                    }
                }
                1 => {
                    let existing = self.get_own_property(g, key)?;
                    let desc = match existing {
                        Some(d) if d.configurable != Some(true) => PropDesc { value: Some(Value::UNDEFINED), ..Default::default() },
                        _ => PropDesc::data(Value::UNDEFINED, attrs::WRITABLE | attrs::ENUMERABLE),
                    };
                    self.define_property_or_throw(g, key, desc)?;
                }
                _ => {
                    let id = self.heap.intern(name);
                    let a = if *kind == 3 { 0 } else { attrs::WRITABLE };
                    self.put(lex, PropKey::Str(id), Value::UNINIT, a);
                }
            }
        }
        Ok(())
    }
}
