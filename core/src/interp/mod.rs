//! The bytecode interpreter.
//!
//! `Vm::run` executes frames from the top of the frame stack until the entry
//! frame (the one Rust called into) returns. JS→JS calls push a frame and
//! continue in the same loop, so JavaScript recursion never grows the Rust
//! stack. Safepoints (where the collector may run and interrupts are checked)
//! are backward jumps and calls.

pub mod call;
pub mod decorators;
pub mod frame;
mod names;
mod objects;
pub mod suspend;

use crate::bytecode::{fflags as ff, CodeUnit, Insn, Reg};
use std::sync::Arc;
use crate::object::{Elements, ObjectKind, PropKey};
use crate::ops::convert::{strict_equals, to_boolean};
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};
use frame::fflags;

/// How a suspended or finished generator-ish frame left `run`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Exit {
    Return,
    Yield,
    /// Yield of an iterator result object as-is (`yield*` in sync generators).
    YieldRaw,
    Await,
}

/// What to do after a frame returned or threw.
pub(crate) enum Flow {
    Continue,
    Done(JsResult<Value>),
}

const SMALL_ARGS: usize = 8;

impl Vm {
    /// Runs until the entry frame on top of the frame stack completes.
    pub(crate) fn run(&mut self) -> JsResult<Value> {
        // The code unit of the current frame, cloned out of `self.units` so its
        // instructions can be borrowed while `self` is mutated. Kept across frame
        // switches: calls and returns within one unit (the common case) do not
        // touch the reference count. (Loaded units are never replaced.)
        let mut cached_unit: Option<(usize, Arc<CodeUnit>)> = None;
        'frames: loop {
            let Some(fi) = self.frames.len().checked_sub(1) else {
                return Ok(Value::UNDEFINED);
            };
            let (unit_i, func_i, base, mut pc) = {
                let f = &self.frames[fi];
                (f.unit as usize, f.func as usize, f.base as usize, f.pc as usize)
            };
            if cached_unit.as_ref().is_none_or(|(i, _)| *i != unit_i) {
                cached_unit = Some((unit_i, self.units[unit_i].unit.clone()));
            }
            let Some((_, unit)) = &cached_unit else {
                return Err(self.type_error("invalid bytecode: no code unit"));
            };
            let func = &unit.functions[func_i];
            let code = &func.code[..];
            let top = base + func.n_regs as usize;
            debug_assert!(self.stack.len() >= top, "register file shorter than frame");

            macro_rules! reg {
                ($r:expr) => {
                    self.stack[base + $r.0 as usize]
                };
            }
            macro_rules! regn {
                ($r:expr, $n:expr) => {
                    self.stack[base + $r.0 as usize + $n]
                };
            }
            macro_rules! kval {
                ($k:expr) => {
                    self.units[unit_i].consts[$k.0 as usize]
                };
            }
            macro_rules! save_pc {
                () => {
                    self.frames[fi].pc = pc as u32
                };
            }

            let err: Value = 'exec: loop {
                macro_rules! tri {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => break 'exec e,
                        }
                    };
                }
                // A binary operator: the number fast path inline, else the full operator.
                macro_rules! arith {
                    ($op:ident, $dst:expr, $x:expr, $y:expr) => {{
                        let (x, y) = ($x, $y);
                        reg!($dst) = match crate::ops::arith::fast_binop(crate::ops::arith::BinOp::$op, x, y) {
                            Some(v) => v,
                            None => {
                                save_pc!();
                                tri!(self.binary(crate::ops::arith::BinOp::$op, x, y))
                            }
                        };
                    }};
                }
                // Every backward jump is a safepoint (collection, interrupts), so
                // no loop, however its code was produced, runs without one.
                macro_rules! goto {
                    ($t:expr) => {{
                        let t = $t as usize;
                        if t < pc {
                            save_pc!();
                            tri!(self.safepoint());
                        }
                        pc = t;
                    }};
                }
                let Some(&insn) = code.get(pc) else {
                    break 'exec self.type_error("invalid bytecode: ran off the end of a function");
                };
                pc += 1;
                match insn {
                    Insn::Nop {} | Insn::Debugger {} => {}
                    Insn::Mov { dst, src } => reg!(dst) = reg!(src),
                    Insn::LoadConst { dst, k } => reg!(dst) = kval!(k),
                    Insn::LoadInt { dst, imm } => reg!(dst) = Value::int(imm.0),
                    Insn::LoadUndef { dst } => reg!(dst) = Value::UNDEFINED,
                    Insn::LoadNull { dst } => reg!(dst) = Value::NULL,
                    Insn::LoadTrue { dst } => reg!(dst) = Value::TRUE,
                    Insn::LoadFalse { dst } => reg!(dst) = Value::FALSE,
                    Insn::LoadUninit { dst } => reg!(dst) = Value::UNINIT,
                    Insn::CheckInit { src, k } => {
                        if reg!(src) == Value::UNINIT {
                            let name = self.string_lossy(kval!(k));
                            break 'exec self.reference_error(&format!("Cannot access '{name}' before initialization"));
                        }
                    }
                    Insn::CheckThis { src } => {
                        if reg!(src) == Value::UNINIT {
                            break 'exec self.reference_error("Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
                        }
                    }
                    Insn::LoadClosureEnv { dst } => {
                        let c = self.frames[fi].closure;
                        reg!(dst) = match &self.obj(c).kind {
                            ObjectKind::Closure(cd) => cd.env,
                            _ => Value::UNDEFINED,
                        };
                    }
                    Insn::LoadCallee { dst } => reg!(dst) = Value::object(self.frames[fi].closure),
                    Insn::LoadNewTarget { dst } => reg!(dst) = self.frames[fi].new_target,
                    Insn::LoadHome { dst } => {
                        let c = self.frames[fi].closure;
                        reg!(dst) = match &self.obj(c).kind {
                            ObjectKind::Closure(cd) => cd.home,
                            _ => Value::UNDEFINED,
                        };
                    }
                    Insn::CreateEnv { dst, parent, size, k } => {
                        let scope = kval!(k).as_int().unwrap_or(0) as u32;
                        let p = reg!(parent);
                        let mut o = crate::object::JsObject::new(Value::NULL, ObjectKind::Env { parent: p, scope });
                        o.slots = smallvec::smallvec![Value::UNINIT; size.0.max(0) as usize];
                        reg!(dst) = Value::object(self.alloc(o));
                    }
                    Insn::CopyEnv { dst, src } => {
                        if let Some(e) = reg!(src).as_object() {
                            let (parent, scope, slots) = match &self.obj(e).kind {
                                ObjectKind::Env { parent, scope } => (*parent, *scope, self.obj(e).slots.clone()),
                                _ => (Value::UNDEFINED, 0, crate::object::Slots::new()),
                            };
                            let mut o = crate::object::JsObject::new(Value::NULL, ObjectKind::Env { parent, scope });
                            o.slots = slots;
                            reg!(dst) = Value::object(self.alloc(o));
                        }
                    }
                    Insn::LdEnv { dst, env, depth, slot } => {
                        let e = self.env_at(reg!(env), depth.0);
                        let v = e.and_then(|e| self.obj(e).slots.get(slot.0 as usize).copied());
                        match v {
                            Some(v) => reg!(dst) = v,
                            None => break 'exec self.type_error("invalid scope access"),
                        }
                    }
                    Insn::StEnv { env, depth, slot, src } => {
                        let v = reg!(src);
                        let e = self.env_at(reg!(env), depth.0);
                        match e.and_then(|e| self.obj_mut(e).slots.get_mut(slot.0 as usize)) {
                            Some(s) => *s = v,
                            None => break 'exec self.type_error("invalid scope access"),
                        }
                    }
                    Insn::EnvParent { dst, src } => {
                        reg!(dst) = self.env_at(reg!(src), 1).map(Value::object).unwrap_or_default();
                    }
                    Insn::CreateWithEnv { dst, parent, obj } => {
                        let o = tri!(self.to_object(reg!(obj)));
                        let p = reg!(parent);
                        let e = self.alloc(crate::object::JsObject::new(Value::NULL, ObjectKind::WithEnv { parent: p, object: Value::object(o) }));
                        reg!(dst) = Value::object(e);
                    }
                    Insn::GetName { dst, env, k } => {
                        save_pc!();
                        let v = tri!(self.get_name(reg!(env), kval!(k), false, func.flags & crate::bytecode::fflags::STRICT != 0));
                        reg!(dst) = v;
                    }
                    Insn::TypeofName { dst, env, k } => {
                        save_pc!();
                        let v = tri!(self.get_name(reg!(env), kval!(k), true, func.flags & crate::bytecode::fflags::STRICT != 0));
                        reg!(dst) = v;
                    }
                    Insn::SetName { env, k, src, flag } => {
                        save_pc!();
                        tri!(self.set_name(reg!(env), kval!(k), reg!(src), flag.0 & 1 != 0));
                    }
                    Insn::DeleteName { dst, env, k } => {
                        let v = tri!(self.delete_name(reg!(env), kval!(k)));
                        reg!(dst) = Value::bool(v);
                    }
                    Insn::ResolveRef { dst, env, k } => {
                        save_pc!();
                        let v = tri!(self.resolve_ref(reg!(env), kval!(k)));
                        reg!(dst) = v;
                    }
                    Insn::GetNameCall { dst, env, k } => {
                        save_pc!();
                        let (f, this) = tri!(self.get_name_call(reg!(env), kval!(k), func.flags & crate::bytecode::fflags::STRICT != 0));
                        reg!(dst) = f;
                        regn!(dst, 1) = this;
                    }
                    Insn::RefGet { dst, base, k, flag } => {
                        save_pc!();
                        let v = tri!(self.ref_get(reg!(base), kval!(k), flag.0 & 1 != 0));
                        reg!(dst) = v;
                    }
                    Insn::RefSet { base, k, src, flag } => {
                        save_pc!();
                        tri!(self.ref_set(reg!(base), kval!(k), reg!(src), flag.0 & 1 != 0));
                    }
                    Insn::DeclareEvalVars { env, k } => {
                        let decls = match &unit.constants[k.0 as usize] {
                            crate::bytecode::Constant::Globals(g) => g.clone(),
                            _ => Box::new([]),
                        };
                        save_pc!();
                        tri!(self.declare_eval_vars(reg!(env), &decls));
                    }
                    Insn::DeclareAnnexVar { dst, env, k, flag } => {
                        save_pc!();
                        let ok = tri!(self.declare_annex_var(reg!(env), kval!(k), flag.0 & 1 != 0));
                        reg!(dst) = Value::bool(ok);
                    }
                    Insn::SetVarName { env, k, src } => {
                        save_pc!();
                        tri!(self.set_var_name(reg!(env), kval!(k), reg!(src)));
                    }
                    Insn::GetGlobal { dst, k, ic } => {
                        let name = kval!(k);
                        if let Some(v) = self.global_ic_get(unit_i, func_i, ic.0, name) {
                            reg!(dst) = v;
                            continue;
                        }
                        save_pc!();
                        let v = tri!(self.get_global(name, false));
                        self.global_ic_fill(unit_i, func_i, ic.0, name, false);
                        reg!(dst) = v;
                    }
                    Insn::TypeofGlobal { dst, k } => {
                        save_pc!();
                        let v = tri!(self.get_global(kval!(k), true));
                        reg!(dst) = v;
                    }
                    Insn::SetGlobal { k, src, flag, ic } => {
                        let (name, v) = (kval!(k), reg!(src));
                        if self.global_ic_set(unit_i, func_i, ic.0, name, v) {
                            continue;
                        }
                        save_pc!();
                        tri!(self.set_global(name, v, flag.0 & 1 != 0));
                        self.global_ic_fill(unit_i, func_i, ic.0, name, true);
                    }
                    Insn::DeclareGlobals { k } => {
                        let decls = match &unit.constants[k.0 as usize] {
                            crate::bytecode::Constant::Globals(g) => g.clone(),
                            _ => Box::new([]),
                        };
                        tri!(self.declare_globals(&decls));
                    }
                    Insn::InitGlobalLex { k, src } => {
                        let key = PropKey::Str(kval!(k).as_string().unwrap_or(self.names.empty));
                        let v = reg!(src);
                        let lex = self.realm.global_lexical;
                        let a = self.obj(lex).find(&self.shapes, key).map(|s| match s {
                            crate::object::Slot::Named { attrs, .. } | crate::object::Slot::Dict { attrs, .. } | crate::object::Slot::Element { attrs, .. } => attrs,
                        });
                        self.put(lex, key, v, a.unwrap_or(crate::shape::attrs::WRITABLE));
                    }
                    Insn::GetProp { dst, obj, k, ic } => {
                        let o = reg!(obj);
                        if let Some(oid) = o.as_object() {
                            if let Some(v) = self.ic_get(unit_i, func_i, ic.0, oid) {
                                reg!(dst) = v;
                                continue;
                            }
                        }
                        save_pc!();
                        let key = PropKey::Str(kval!(k).as_string().unwrap_or(self.names.empty));
                        if o.is_nullish() {
                            let name = self.key_display(key);
                            let what = if o.is_null() { "null" } else { "undefined" };
                            break 'exec self.type_error(&format!("Cannot read properties of {what} (reading '{name}')"));
                        }
                        let v = tri!(self.get(o, key));
                        if let Some(oid) = o.as_object() {
                            self.ic_fill_get(unit_i, func_i, ic.0, oid, key);
                        }
                        reg!(dst) = v;
                    }
                    Insn::SetProp { obj, k, src, flag, ic } => {
                        let o = reg!(obj);
                        let v = reg!(src);
                        if let Some(oid) = o.as_object() {
                            if self.ic_set(unit_i, func_i, ic.0, oid, v) {
                                continue;
                            }
                        }
                        save_pc!();
                        let key = PropKey::Str(kval!(k).as_string().unwrap_or(self.names.empty));
                        if o.is_nullish() {
                            let name = self.key_display(key);
                            let what = if o.is_null() { "null" } else { "undefined" };
                            break 'exec self.type_error(&format!("Cannot set properties of {what} (setting '{name}')"));
                        }
                        let old_shape = o.as_object().map(|oid| self.obj(oid).shape);
                        let ok = tri!(self.set(o, key, v));
                        if !ok && flag.0 & 1 != 0 {
                            let name = self.key_display(key);
                            break 'exec self.type_error(&format!("Cannot assign to read only property '{name}' of object"));
                        }
                        if let (Some(oid), Some(old_shape)) = (o.as_object(), old_shape) {
                            self.ic_fill_set(unit_i, func_i, ic.0, oid, key, old_shape);
                        }
                    }
                    Insn::GetElem { dst, obj, key } => {
                        let o = reg!(obj);
                        let kv = reg!(key);
                        // Fast path: dense array element.
                        if let (Some(oid), Some(i)) = (o.as_object(), kv.as_int()) {
                            if i >= 0 {
                                if let ObjectKind::TypedArray(_) = self.obj(oid).kind {
                                    if let Some(x) = crate::builtins::typed_array::fast_get(self, oid, i as u32) {
                                        reg!(dst) = x;
                                        continue;
                                    }
                                }
                                let ob = self.obj(oid);
                                if let Elements::Dense(v) = &ob.elements {
                                    if let Some(&x) = v.get(i as usize) {
                                        if !x.is_hole() && !matches!(ob.kind, ObjectKind::Proxy { .. } | ObjectKind::TypedArray(_) | ObjectKind::Arguments { mapped: Some(_) }) {
                                            reg!(dst) = x;
                                            continue;
                                        }
                                    }
                                }
                            }
                        }
                        save_pc!();
                        if o.is_nullish() {
                            let what = if o.is_null() { "null" } else { "undefined" };
                            let ks = if kv.is_string() || kv.is_number() { self.to_rust_string(kv).unwrap_or_default() } else { String::new() };
                            break 'exec self.type_error(&format!("Cannot read properties of {what} (reading '{ks}')"));
                        }
                        let pk = tri!(self.to_property_key(kv));
                        let v = tri!(self.get(o, pk));
                        reg!(dst) = v;
                    }
                    Insn::SetElem { obj, key, src, flag } => {
                        let o = reg!(obj);
                        let kv = reg!(key);
                        let v = reg!(src);
                        if let (Some(oid), Some(i)) = (o.as_object(), kv.as_int()) {
                            if i >= 0 && self.fast_set_element(oid, i as u32, v) {
                                continue;
                            }
                        }
                        save_pc!();
                        if o.is_nullish() {
                            let what = if o.is_null() { "null" } else { "undefined" };
                            let ks = if kv.is_string() || kv.is_number() { self.to_rust_string(kv).unwrap_or_default() } else { String::new() };
                            break 'exec self.type_error(&format!("Cannot set properties of {what} (setting '{ks}')"));
                        }
                        let pk = tri!(self.to_property_key(kv));
                        let ok = tri!(self.set(o, pk, v));
                        if !ok && flag.0 & 1 != 0 {
                            let name = self.key_display(pk);
                            break 'exec self.type_error(&format!("Cannot assign to read only property '{name}' of object"));
                        }
                    }
                    Insn::DeleteElem { dst, obj, key, flag } => {
                        save_pc!();
                        let o = reg!(obj);
                        let oid = tri!(self.to_object(o));
                        let pk = tri!(self.to_property_key(reg!(key)));
                        let ok = tri!(self.delete_property(oid, pk));
                        if !ok && flag.0 & 1 != 0 {
                            let name = self.key_display(pk);
                            break 'exec self.type_error(&format!("Cannot delete property '{name}' of object"));
                        }
                        reg!(dst) = Value::bool(ok);
                    }
                    Insn::DefineField { obj, key, src } => {
                        // Fast path: a new named property on a plain extensible object
                        // along an existing shape transition (object literals, fields).
                        if let (Some(oid), Some(sid)) = (reg!(obj).as_object(), reg!(key).as_string()) {
                            if self.heap.is_interned(sid) && !self.str_units(sid).first().is_some_and(|&u| (u16::from(b'0')..=u16::from(b'9')).contains(&u)) {
                                let pk = PropKey::Str(sid);
                                let v = reg!(src);
                                let ob = self.obj(oid);
                                if matches!(ob.kind, ObjectKind::Ordinary) && ob.dict.is_none() && ob.flags & (crate::object::flags::EXTENSIBLE | crate::object::flags::WATCHED) == crate::object::flags::EXTENSIBLE {
                                    if let Some(to) = self.shapes.transition(ob.shape, pk, crate::shape::attrs::DEFAULT) {
                                        let ob = self.obj_mut(oid);
                                        ob.shape = to;
                                        ob.slots.push(v);
                                        continue;
                                    }
                                }
                            }
                        }
                        save_pc!();
                        let pk = tri!(self.to_property_key(reg!(key)));
                        let Some(oid) = reg!(obj).as_object() else { break 'exec self.type_error("not an object") };
                        let v = reg!(src);
                        tri!(self.create_data_property_or_throw(oid, pk, v));
                    }
                    Insn::DefineMethod { obj, key, func, flag } => {
                        save_pc!();
                        tri!(self.define_method_op(reg!(obj), reg!(key), reg!(func), flag.0));
                    }
                    Insn::SuperBase { dst } => {
                        save_pc!();
                        let b = tri!(self.super_base(fi));
                        reg!(dst) = b;
                    }
                    Insn::GetSuper { dst, base, key, this } => {
                        save_pc!();
                        let Some(base_obj) = reg!(base).as_object() else {
                            break 'exec self.type_error("Cannot read properties of null (super)");
                        };
                        let pk = tri!(self.to_property_key(reg!(key)));
                        let recv = reg!(this);
                        let v = tri!(self.get_from(base_obj, pk, recv));
                        reg!(dst) = v;
                    }
                    Insn::SetSuper { base, key, src, this, flag } => {
                        save_pc!();
                        let Some(base_obj) = reg!(base).as_object() else {
                            break 'exec self.type_error("Cannot set properties of null (super)");
                        };
                        let pk = tri!(self.to_property_key(reg!(key)));
                        let (recv, v) = (reg!(this), reg!(src));
                        let ok = tri!(self.set_on(base_obj, pk, v, recv));
                        if !ok && flag.0 & 1 != 0 {
                            let name = self.key_display(pk);
                            break 'exec self.type_error(&format!("Cannot assign to read only property '{name}' of object"));
                        }
                    }
                    Insn::GetPrivate { dst, obj, key } => {
                        save_pc!();
                        let v = tri!(self.private_get(reg!(obj), reg!(key)));
                        reg!(dst) = v;
                    }
                    Insn::SetPrivate { obj, key, src } => {
                        save_pc!();
                        tri!(self.private_set(reg!(obj), reg!(key), reg!(src)));
                    }
                    Insn::DefinePrivate { obj, key, src, flag } => {
                        save_pc!();
                        tri!(self.private_define(reg!(obj), reg!(key), reg!(src), flag.0));
                    }
                    Insn::HasPrivate { dst, obj, key } => {
                        let o = reg!(obj);
                        let Some(oid) = o.as_object() else {
                            break 'exec self.type_error("Cannot use 'in' operator to search for a private field in a non-object");
                        };
                        let k = reg!(key).as_symbol().map(PropKey::Sym);
                        let has = k.is_some_and(|k| self.obj(oid).find(&self.shapes, k).is_some());
                        reg!(dst) = Value::bool(has);
                    }
                    Insn::NewPrivateName { dst, k } => {
                        let d = kval!(k);
                        let s = self.heap.alloc_symbol(d);
                        self.heap.symbols[s.0 as usize].private = true;
                        reg!(dst) = Value::symbol(s);
                    }
                    Insn::CopyDataProps { dst, src, excl } => {
                        save_pc!();
                        tri!(self.copy_data_properties(reg!(dst), reg!(src), reg!(excl)));
                    }
                    Insn::NewObject { dst } => {
                        reg!(dst) = Value::object(self.new_object());
                    }
                    Insn::NewArray { dst, cap } => {
                        let a = self.new_array(Vec::with_capacity(cap.0.clamp(0, 1024) as usize));
                        reg!(dst) = Value::object(a);
                    }
                    Insn::ArrayPush { arr, src } => {
                        let v = reg!(src);
                        if let Some(a) = reg!(arr).as_object() {
                            let o = self.obj_mut(a);
                            let len = o.array_len;
                            if let Elements::Dense(e) = &mut o.elements {
                                if e.len() == len as usize {
                                    e.push(v);
                                    o.array_len = len + 1;
                                    continue;
                                }
                            }
                            let Vm { heap, shapes, .. } = self;
                            heap.obj_mut(a).put(shapes, PropKey::Index(len), v, crate::shape::attrs::DEFAULT);
                        }
                    }
                    Insn::ArrayHole { arr } => {
                        if let Some(a) = reg!(arr).as_object() {
                            let o = self.obj_mut(a);
                            o.array_len += 1;
                        }
                    }
                    Insn::ArraySpread { arr, src } => {
                        save_pc!();
                        tri!(self.array_spread(reg!(arr), reg!(src)));
                    }
                    Insn::NewClosure { dst, f, env } => {
                        let c = self.new_closure(unit_i as u32, f.0, reg!(env), fi);
                        reg!(dst) = Value::object(c);
                    }
                    Insn::NewClass { dst, f, env, parent } => {
                        save_pc!();
                        let (c, p) = tri!(self.new_class(unit_i as u32, f.0, reg!(env), reg!(parent)));
                        reg!(dst) = Value::object(c);
                        regn!(dst, 1) = Value::object(p);
                    }
                    Insn::SetFnName { func, key, flag } => {
                        tri!(self.set_function_name(reg!(func), reg!(key), flag.0));
                    }
                    Insn::SetClassFields { ctor, init } => {
                        if let (Some(c), Some(i)) = (reg!(ctor).as_object(), reg!(init).as_object()) {
                            let home = match &self.obj(c).kind {
                                ObjectKind::Closure(cd) => cd.home,
                                _ => Value::UNDEFINED,
                            };
                            if let ObjectKind::Closure(cd) = &mut self.obj_mut(i).kind {
                                cd.home = home;
                            }
                            if let ObjectKind::Closure(cd) = &mut self.obj_mut(c).kind {
                                cd.fields = Value::object(i);
                            }
                        }
                    }
                    Insn::InitFields { this } => {
                        save_pc!();
                        let c = self.frames[fi].closure;
                        let t = reg!(this);
                        tri!(self.init_fields(c, t));
                    }
                    Insn::NewRegExp { dst, k } => {
                        save_pc!();
                        let (pattern, flags) = match &unit.constants[k.0 as usize] {
                            crate::bytecode::Constant::RegExp { pattern, flags } => (pattern.to_vec(), flags.to_string()),
                            _ => (Vec::new(), String::new()),
                        };
                        let r = tri!(crate::builtins::regexp::create_from_literal(self, &pattern, &flags));
                        reg!(dst) = r;
                    }
                    Insn::GetTemplate { dst, k } => {
                        let v = tri!(self.template_object(unit_i, k.0));
                        reg!(dst) = v;
                    }
                    Insn::CreateArguments { dst, env, k, flag } => {
                        let map: Vec<u32> = match &unit.constants[k.0 as usize] {
                            crate::bytecode::Constant::ArgMap(m) => m.to_vec(),
                            _ => Vec::new(),
                        };
                        let n_params = func.n_params as usize;
                        let v = self.create_arguments(fi, n_params, reg!(env), &map, flag.0 & 1 != 0);
                        reg!(dst) = v;
                    }
                    Insn::CreateRest { dst, start } => {
                        let n_params = func.n_params as usize;
                        let frame = &self.frames[fi];
                        let argc = frame.argc as usize;
                        let mut items = Vec::new();
                        let s = start.0.max(0) as usize;
                        for i in s..argc.min(n_params) {
                            items.push(self.stack[base + 1 + i]);
                        }
                        let skip = s.saturating_sub(n_params);
                        items.extend(self.frames[fi].extra_args.iter().skip(skip).copied());
                        reg!(dst) = Value::object(self.new_array(items));
                    }
                    Insn::Call { dst, callee, argc } | Insn::CallEval { dst, callee, argc, .. } => {
                        let f = reg!(callee);
                        let argc = argc.0.max(0) as usize;
                        save_pc!();
                        if let Insn::CallEval { env, flag, .. } = insn {
                            if f == Value::object(self.realm.eval_fn) {
                                let arg = if argc > 0 { regn!(callee, 2) } else { Value::UNDEFINED };
                                let this = reg!(Reg(0));
                                let v = tri!(self.direct_eval(arg, reg!(env), flag.0, fi, this));
                                reg!(dst) = v;
                                continue;
                            }
                        }
                        let Some(fo) = f.as_object() else {
                            let name = self.callee_text(unit_i, func_i, pc - 1);
                            break 'exec self.type_error(&format!("{name} is not a function"));
                        };
                        match &self.obj(fo).kind {
                            ObjectKind::Closure(c) => {
                                if c.is_class_constructor {
                                    break 'exec self.class_call_error(fo);
                                }
                                let b = base + callee.0 as usize + 1;
                                tri!(self.enter_closure(fo, b, argc, Value::UNDEFINED, (base + dst.0 as usize) as u32, 0, top));
                                continue 'frames;
                            }
                            ObjectKind::Native(n) => {
                                let (nf, realm) = (n.f, n.realm);
                                let this = regn!(callee, 1);
                                let a0 = base + callee.0 as usize + 2;
                                let r = if argc <= SMALL_ARGS {
                                    let mut buf = [Value::UNDEFINED; SMALL_ARGS];
                                    buf[..argc].copy_from_slice(&self.stack[a0..a0 + argc]);
                                    self.invoke_native(f, nf, realm, this, &buf[..argc], Value::UNDEFINED)
                                } else {
                                    let args = self.stack[a0..a0 + argc].to_vec();
                                    self.invoke_native(f, nf, realm, this, &args, Value::UNDEFINED)
                                };
                                reg!(dst) = tri!(r);
                            }
                            _ => {
                                if !self.obj(fo).is_callable() {
                                    let name = self.callee_text(unit_i, func_i, pc - 1);
                                    break 'exec self.type_error(&format!("{name} is not a function"));
                                }
                                let this = regn!(callee, 1);
                                let a0 = base + callee.0 as usize + 2;
                                let args = self.stack[a0..a0 + argc].to_vec();
                                let r = tri!(self.call(f, this, &args));
                                reg!(dst) = r;
                            }
                        }
                    }
                    Insn::CallSpread { dst, callee } | Insn::CallEvalSpread { dst, callee, .. } => {
                        save_pc!();
                        let f = reg!(callee);
                        let this = regn!(callee, 1);
                        let args = tri!(self.spread_list(regn!(callee, 2)));
                        if let Insn::CallEvalSpread { env, flag, .. } = insn {
                            if f == Value::object(self.realm.eval_fn) {
                                let arg = args.first().copied().unwrap_or_default();
                                let this = reg!(Reg(0));
                                let v = tri!(self.direct_eval(arg, reg!(env), flag.0, fi, this));
                                reg!(dst) = v;
                                continue;
                            }
                        }
                        if !self.is_callable(f) {
                            let name = self.callee_text(unit_i, func_i, pc - 1);
                            break 'exec self.type_error(&format!("{name} is not a function"));
                        }
                        if let Some(fo) = f.as_object() {
                            if let ObjectKind::Closure(c) = &self.obj(fo).kind {
                                if c.is_class_constructor {
                                    break 'exec self.class_call_error(fo);
                                }
                                let b = base + callee.0 as usize + 1;
                                let need = b + 1 + args.len();
                                if self.stack.len() < need {
                                    self.stack.resize(need, Value::UNDEFINED);
                                }
                                self.stack[b] = this;
                                self.stack[b + 1..need].copy_from_slice(&args);
                                tri!(self.enter_closure(fo, b, args.len(), Value::UNDEFINED, (base + dst.0 as usize) as u32, 0, top));
                                continue 'frames;
                            }
                        }
                        let r = tri!(self.call(f, this, &args));
                        reg!(dst) = r;
                    }
                    Insn::New { dst, callee, .. } | Insn::NewSpread { dst, callee } => {
                        save_pc!();
                        let f = reg!(callee);
                        let args: Vec<Value> = match insn {
                            Insn::New { argc, .. } => {
                                let a0 = base + callee.0 as usize + 2;
                                self.stack[a0..a0 + argc.0.max(0) as usize].to_vec()
                            }
                            _ => tri!(self.spread_list(regn!(callee, 2))),
                        };
                        let _ = argc_of(&insn);
                        if !self.is_constructor(f) {
                            let name = self.callee_text(unit_i, func_i, pc - 1);
                            break 'exec self.type_error(&format!("{name} is not a constructor"));
                        }
                        let fo = f.as_object().unwrap_or(ObjId(0));
                        if let ObjectKind::Closure(c) = &self.obj(fo).kind {
                            let derived = c.is_derived;
                            let this = if derived {
                                Value::UNINIT
                            } else {
                                let op = self.realm.object_proto;
                                let proto = tri!(self.proto_from_ctor(f, op));
                                Value::object(self.new_object_with_proto(proto))
                            };
                            let b = base + callee.0 as usize + 1;
                            let need = b + 1 + args.len();
                            if self.stack.len() < need {
                                self.stack.resize(need, Value::UNDEFINED);
                            }
                            self.stack[b] = this;
                            self.stack[b + 1..need].copy_from_slice(&args);
                            tri!(self.enter_closure(fo, b, args.len(), f, (base + dst.0 as usize) as u32, fflags::CONSTRUCT, top));
                            continue 'frames;
                        }
                        let r = tri!(self.construct(f, &args, f));
                        reg!(dst) = r;
                    }
                    Insn::SuperCall { dst, args, argc } => {
                        save_pc!();
                        let a0 = base + args.0 as usize;
                        let list = self.stack[a0..a0 + argc.0.max(0) as usize].to_vec();
                        let v = tri!(self.super_call(fi, &list));
                        reg!(dst) = v;
                        reg!(Reg(0)) = v;
                    }
                    Insn::SuperCallSpread { dst, arr } => {
                        save_pc!();
                        let list = tri!(self.spread_list(reg!(arr)));
                        let v = tri!(self.super_call(fi, &list));
                        reg!(dst) = v;
                        reg!(Reg(0)) = v;
                    }
                    Insn::Return { src } => {
                        let v = reg!(src);
                        save_pc!();
                        match self.return_from_frame(v) {
                            Flow::Continue => continue 'frames,
                            Flow::Done(r) => return r,
                        }
                    }
                    Insn::Throw { src } => break 'exec reg!(src),
                    Insn::ThrowError { flag, k } => {
                        // k is out of range only in the stand-in body of code that failed
                        // verification when decoded (see `bytecode::Code`).
                        let msg = match self.units[unit_i].consts.get(k.0 as usize) {
                            Some(&v) => self.string_lossy(v),
                            None => {
                                // Snapshot code that failed verification: end the program, uncatchably.
                                let why = func.code.failure().unwrap_or("code failed verification");
                                let t = format!("corrupt snapshot: {}: {why}", unit.source_name);
                                self.terminating = Some(t.clone());
                                break 'exec self.type_error(&t);
                            }
                        };
                        break 'exec match flag.0 {
                            1 => self.reference_error(&msg),
                            2 => self.syntax_error(&msg),
                            3 => self.range_error(&msg),
                            _ => self.type_error(&msg),
                        };
                    }
                    Insn::Jump { target } => {
                        goto!(target.0);
                    }
                    Insn::JumpIfTrue { cond, target } => {
                        let c = reg!(cond);
                        if c == Value::TRUE || (c != Value::FALSE && to_boolean(self, c)) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfFalse { cond, target } => {
                        let c = reg!(cond);
                        if c == Value::FALSE || (c != Value::TRUE && !to_boolean(self, c)) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfNullish { cond, target } => {
                        let v = reg!(cond);
                        if v.is_nullish() || v.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::HTMLDDA != 0) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfNotNullish { cond, target } => {
                        let v = reg!(cond);
                        if !(v.is_nullish() || v.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::HTMLDDA != 0)) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfUndef { cond, target } => {
                        if reg!(cond).is_undefined() {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfLt { .. }
                    | Insn::JumpIfNotLt { .. }
                    | Insn::JumpIfLe { .. }
                    | Insn::JumpIfNotLe { .. }
                    | Insn::JumpIfGt { .. }
                    | Insn::JumpIfNotGt { .. }
                    | Insn::JumpIfGe { .. }
                    | Insn::JumpIfNotGe { .. }
                    | Insn::JumpIfLtI { .. }
                    | Insn::JumpIfNotLtI { .. }
                    | Insn::JumpIfLeI { .. }
                    | Insn::JumpIfNotLeI { .. }
                    | Insn::JumpIfGtI { .. }
                    | Insn::JumpIfNotGtI { .. }
                    | Insn::JumpIfGeI { .. }
                    | Insn::JumpIfNotGeI { .. } => {
                        // (kind: 0 <, 1 <=, 2 >, 3 >=; negated; operands; target)
                        let (kind, negated, x, y, target) = match insn {
                            Insn::JumpIfLt { a, b, target } => (0, false, reg!(a), reg!(b), target),
                            Insn::JumpIfNotLt { a, b, target } => (0, true, reg!(a), reg!(b), target),
                            Insn::JumpIfLe { a, b, target } => (1, false, reg!(a), reg!(b), target),
                            Insn::JumpIfNotLe { a, b, target } => (1, true, reg!(a), reg!(b), target),
                            Insn::JumpIfGt { a, b, target } => (2, false, reg!(a), reg!(b), target),
                            Insn::JumpIfNotGt { a, b, target } => (2, true, reg!(a), reg!(b), target),
                            Insn::JumpIfGe { a, b, target } => (3, false, reg!(a), reg!(b), target),
                            Insn::JumpIfNotGe { a, b, target } => (3, true, reg!(a), reg!(b), target),
                            Insn::JumpIfLtI { a, imm, target } => (0, false, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfNotLtI { a, imm, target } => (0, true, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfLeI { a, imm, target } => (1, false, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfNotLeI { a, imm, target } => (1, true, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfGtI { a, imm, target } => (2, false, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfNotGtI { a, imm, target } => (2, true, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfGeI { a, imm, target } => (3, false, reg!(a), Value::int(imm.0), target),
                            Insn::JumpIfNotGeI { a, imm, target } => (3, true, reg!(a), Value::int(imm.0), target),
                            _ => (0, false, Value::UNDEFINED, Value::UNDEFINED, crate::bytecode::Lbl(0)),
                        };
                        let r = if let (Some(p), Some(q)) = (x.as_int(), y.as_int()) {
                            match kind {
                                0 => p < q,
                                1 => p <= q,
                                2 => p > q,
                                _ => p >= q,
                            }
                        } else if x.is_number() && y.is_number() {
                            let (p, q) = (x.num_unchecked(), y.num_unchecked());
                            match kind {
                                0 => p < q,
                                1 => p <= q,
                                2 => p > q,
                                _ => p >= q,
                            }
                        } else {
                            save_pc!();
                            match kind {
                                0 => tri!(self.less_than(x, y, true)) == Some(true),
                                2 => tri!(self.less_than(y, x, false)) == Some(true),
                                1 => tri!(self.less_than(y, x, false)) == Some(false),
                                _ => tri!(self.less_than(x, y, true)) == Some(false),
                            }
                        };
                        if r != negated {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfStrictEq { a, b, target } | Insn::JumpIfStrictNe { a, b, target } => {
                        let (x, y) = (reg!(a), reg!(b));
                        let eq = if x == y && !x.is_double() { true } else { strict_equals(self, x, y) };
                        if eq == matches!(insn, Insn::JumpIfStrictEq { .. }) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfStrictEqI { a, imm, target } | Insn::JumpIfStrictNeI { a, imm, target } => {
                        let x = reg!(a);
                        let eq = match x.as_int() {
                            Some(i) => i == imm.0,
                            None => x.is_double() && x.num_unchecked() == imm.0 as f64,
                        };
                        if eq == matches!(insn, Insn::JumpIfStrictEqI { .. }) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfEqI { a, imm, target } | Insn::JumpIfNeI { a, imm, target } => {
                        let x = reg!(a);
                        let eq = match x.as_int() {
                            Some(i) => i == imm.0,
                            None if x.is_double() => x.num_unchecked() == imm.0 as f64,
                            None => {
                                save_pc!();
                                tri!(self.loose_equals(x, Value::int(imm.0)))
                            }
                        };
                        if eq == matches!(insn, Insn::JumpIfEqI { .. }) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfEq { a, b, target } | Insn::JumpIfNe { a, b, target } => {
                        let (x, y) = (reg!(a), reg!(b));
                        let eq = match self.loose_equals_fast(x, y) {
                            Some(r) => r,
                            None => {
                                save_pc!();
                                tri!(self.loose_equals(x, y))
                            }
                        };
                        if eq == matches!(insn, Insn::JumpIfEq { .. }) {
                            goto!(target.0);
                        }
                    }
                    Insn::JumpIfNotUndef { cond, target } => {
                        if !reg!(cond).is_undefined() {
                            goto!(target.0);
                        }
                    }
                    Insn::Add { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        reg!(dst) = match crate::ops::arith::fast_add(x, y) {
                            Some(v) => v,
                            None => {
                                save_pc!();
                                tri!(self.add(x, y))
                            }
                        };
                    }
                    Insn::AddI { dst, a, imm } => {
                        let (x, y) = (reg!(a), Value::int(imm.0));
                        reg!(dst) = match crate::ops::arith::fast_add(x, y) {
                            Some(v) => v,
                            None => {
                                save_pc!();
                                tri!(self.add(x, y))
                            }
                        };
                    }
                    Insn::Sub { dst, a, b } => arith!(Sub, dst, reg!(a), reg!(b)),
                    Insn::Mul { dst, a, b } => arith!(Mul, dst, reg!(a), reg!(b)),
                    Insn::Div { dst, a, b } => arith!(Div, dst, reg!(a), reg!(b)),
                    Insn::Mod { dst, a, b } => arith!(Mod, dst, reg!(a), reg!(b)),
                    Insn::Exp { dst, a, b } => {
                        save_pc!();
                        reg!(dst) = tri!(self.binary(crate::ops::arith::BinOp::Exp, reg!(a), reg!(b)));
                    }
                    Insn::BitAnd { dst, a, b } => arith!(BitAnd, dst, reg!(a), reg!(b)),
                    Insn::BitOr { dst, a, b } => arith!(BitOr, dst, reg!(a), reg!(b)),
                    Insn::BitXor { dst, a, b } => arith!(BitXor, dst, reg!(a), reg!(b)),
                    Insn::Shl { dst, a, b } => arith!(Shl, dst, reg!(a), reg!(b)),
                    Insn::Shr { dst, a, b } => arith!(Shr, dst, reg!(a), reg!(b)),
                    Insn::UShr { dst, a, b } => arith!(UShr, dst, reg!(a), reg!(b)),
                    Insn::SubI { dst, a, imm } => arith!(Sub, dst, reg!(a), Value::int(imm.0)),
                    Insn::MulI { dst, a, imm } => arith!(Mul, dst, reg!(a), Value::int(imm.0)),
                    Insn::BitAndI { dst, a, imm } => arith!(BitAnd, dst, reg!(a), Value::int(imm.0)),
                    Insn::BitOrI { dst, a, imm } => arith!(BitOr, dst, reg!(a), Value::int(imm.0)),
                    Insn::BitXorI { dst, a, imm } => arith!(BitXor, dst, reg!(a), Value::int(imm.0)),
                    Insn::ShlI { dst, a, imm } => arith!(Shl, dst, reg!(a), Value::int(imm.0)),
                    Insn::ShrI { dst, a, imm } => arith!(Shr, dst, reg!(a), Value::int(imm.0)),
                    Insn::UShrI { dst, a, imm } => arith!(UShr, dst, reg!(a), Value::int(imm.0)),
                    Insn::Eq { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        let r = match self.loose_equals_fast(x, y) {
                            Some(r) => r,
                            None => {
                                save_pc!();
                                tri!(self.loose_equals(x, y))
                            }
                        };
                        reg!(dst) = Value::bool(r);
                    }
                    Insn::Ne { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        let r = match self.loose_equals_fast(x, y) {
                            Some(r) => r,
                            None => {
                                save_pc!();
                                tri!(self.loose_equals(x, y))
                            }
                        };
                        reg!(dst) = Value::bool(!r);
                    }
                    Insn::StrictEq { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        reg!(dst) = Value::bool(if x == y && !x.is_double() { true } else { strict_equals(self, x, y) });
                    }
                    Insn::StrictNe { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        reg!(dst) = Value::bool(!(if x == y && !x.is_double() { true } else { strict_equals(self, x, y) }));
                    }
                    Insn::Lt { dst, a, b } | Insn::Le { dst, a, b } | Insn::Gt { dst, a, b } | Insn::Ge { dst, a, b } => {
                        let (x, y) = (reg!(a), reg!(b));
                        let r = if x.is_number() && y.is_number() {
                            let (p, q) = (x.num_unchecked(), y.num_unchecked());
                            match insn {
                                Insn::Lt { .. } => p < q,
                                Insn::Le { .. } => p <= q,
                                Insn::Gt { .. } => p > q,
                                _ => p >= q,
                            }
                        } else {
                            save_pc!();
                            match insn {
                                Insn::Lt { .. } => tri!(self.less_than(x, y, true)) == Some(true),
                                Insn::Gt { .. } => tri!(self.less_than(y, x, false)) == Some(true),
                                Insn::Le { .. } => tri!(self.less_than(y, x, false)) == Some(false),
                                _ => tri!(self.less_than(x, y, true)) == Some(false),
                            }
                        };
                        reg!(dst) = Value::bool(r);
                    }
                    Insn::InstanceOf { dst, a, b } => {
                        save_pc!();
                        let r = tri!(self.instance_of(reg!(a), reg!(b)));
                        reg!(dst) = Value::bool(r);
                    }
                    Insn::In { dst, a, b } => {
                        save_pc!();
                        let r = tri!(self.has_in(reg!(a), reg!(b)));
                        reg!(dst) = Value::bool(r);
                    }
                    Insn::Neg { dst, src } => {
                        let x = reg!(src);
                        if let Some(i) = x.as_int() {
                            reg!(dst) = if i == 0 { Value::number(-0.0) } else { Value::number(-(i as f64)) };
                        } else {
                            save_pc!();
                            reg!(dst) = tri!(self.negate(x));
                        }
                    }
                    Insn::ToNumber { dst, src } => {
                        let x = reg!(src);
                        if !x.is_number() {
                            save_pc!();
                            let n = tri!(self.to_number(x));
                            reg!(dst) = Value::number(n);
                        } else {
                            reg!(dst) = x;
                        }
                    }
                    Insn::ToNumeric { dst, src } => {
                        let x = reg!(src);
                        if !x.is_number() {
                            save_pc!();
                            reg!(dst) = tri!(self.to_numeric(x));
                        } else {
                            reg!(dst) = x;
                        }
                    }
                    Insn::BitNot { dst, src } => {
                        let x = reg!(src);
                        if let Some(i) = x.as_int() {
                            reg!(dst) = Value::int(!i);
                        } else {
                            save_pc!();
                            reg!(dst) = tri!(self.bit_not(x));
                        }
                    }
                    Insn::Not { dst, src } => {
                        let b = to_boolean(self, reg!(src));
                        reg!(dst) = Value::bool(!b);
                    }
                    Insn::Typeof { dst, src } => {
                        let t = crate::ops::convert::typeof_str(self, reg!(src));
                        let s = self.intern(t);
                        reg!(dst) = Value::string(s);
                    }
                    Insn::Inc { dst, src } => {
                        let x = reg!(src);
                        reg!(dst) = match x.as_int().and_then(|i| i.checked_add(1)) {
                            Some(i) => Value::int(i),
                            None => tri!(self.increment(x, 1)),
                        };
                    }
                    Insn::Dec { dst, src } => {
                        let x = reg!(src);
                        reg!(dst) = match x.as_int().and_then(|i| i.checked_sub(1)) {
                            Some(i) => Value::int(i),
                            None => tri!(self.increment(x, -1)),
                        };
                    }
                    Insn::ToString { dst, src } => {
                        let x = reg!(src);
                        if !x.is_string() {
                            save_pc!();
                            reg!(dst) = tri!(self.to_string(x));
                        } else {
                            reg!(dst) = x;
                        }
                    }
                    Insn::ToPropertyKey { dst, src } => {
                        save_pc!();
                        let k = tri!(self.to_property_key(reg!(src)));
                        reg!(dst) = match k {
                            PropKey::Index(i) => Value::number(i as f64),
                            PropKey::Str(s) => Value::string(s),
                            PropKey::Sym(s) => Value::symbol(s),
                        };
                    }
                    Insn::RequireCoercible { src } => {
                        let v = reg!(src);
                        if v.is_nullish() {
                            let what = if v.is_null() { "null" } else { "undefined" };
                            break 'exec self.type_error(&format!("Cannot destructure '{what}' as it is {what}."));
                        }
                    }
                    Insn::CheckObject { src, k } => {
                        if !reg!(src).is_object() {
                            let msg = self.string_lossy(kval!(k));
                            break 'exec self.type_error(&msg);
                        }
                    }
                    Insn::GetIterator { dst, src, flag } => {
                        save_pc!();
                        let (it, next) = tri!(crate::builtins::iterator::get_iterator(self, reg!(src), flag.0 & 1 != 0));
                        reg!(dst) = it;
                        regn!(dst, 1) = next;
                    }
                    Insn::IterStep { dst, iter } => {
                        save_pc!();
                        regn!(dst, 1) = Value::TRUE;
                        let (it, next) = (reg!(iter), regn!(iter, 1));
                        match tri!(self.iter_step(it, next)) {
                            Some(v) => {
                                reg!(dst) = v;
                                regn!(dst, 1) = Value::FALSE;
                            }
                            None => reg!(dst) = Value::UNDEFINED,
                        }
                    }
                    Insn::IterNextRaw { dst, iter, arg } => {
                        save_pc!();
                        let (it, next, a) = (reg!(iter), regn!(iter, 1), reg!(arg));
                        let args: &[Value] = if arg == iter { &[] } else { &[a] };
                        let r = tri!(self.call(next, it, args));
                        reg!(dst) = r;
                    }
                    Insn::IterClose { iter, flag } => {
                        save_pc!();
                        let it = reg!(iter);
                        let r = crate::builtins::iterator::close(self, it);
                        if flag.0 & 1 == 0 {
                            tri!(r);
                        }
                    }
                    Insn::IterCall { dst, iter, k, arg } => {
                        save_pc!();
                        let it = reg!(iter);
                        let key = PropKey::Str(kval!(k).as_string().unwrap_or(self.names.empty));
                        match tri!(self.get_method(it, key)) {
                            Some(m) => {
                                let a = reg!(arg);
                                let r = tri!(self.call(m, it, &[a]));
                                reg!(dst) = r;
                                regn!(dst, 1) = Value::TRUE;
                            }
                            None => {
                                reg!(dst) = Value::UNDEFINED;
                                regn!(dst, 1) = Value::FALSE;
                            }
                        }
                    }
                    Insn::IterResult { dst, src } => {
                        save_pc!();
                        let r = reg!(src);
                        let dk = PropKey::Str(self.names.done);
                        let d = tri!(self.get(r, dk));
                        let done = to_boolean(self, d);
                        let vk = PropKey::Str(self.names.value);
                        let v = tri!(self.get(r, vk));
                        reg!(dst) = v;
                        regn!(dst, 1) = Value::bool(done);
                    }
                    Insn::ForInPrepare { dst, src } => {
                        save_pc!();
                        let v = tri!(self.for_in_prepare(reg!(src)));
                        reg!(dst) = v;
                    }
                    Insn::ForInNext { dst, iter, target } => {
                        save_pc!();
                        match tri!(self.for_in_next(reg!(iter))) {
                            Some(k) => reg!(dst) = k,
                            None => goto!(target.0),
                        }
                    }
                    Insn::InitialYield {} => {
                        save_pc!();
                        match self.suspend_frame(u32::MAX, Value::UNDEFINED, Exit::Return) {
                            Flow::Continue => continue 'frames,
                            Flow::Done(r) => return r,
                        }
                    }
                    Insn::Yield { dst, src, flag } => {
                        save_pc!();
                        let v = reg!(src);
                        let exit = if flag.0 & 1 != 0 { Exit::YieldRaw } else { Exit::Yield };
                        match self.suspend_frame(dst.0 as u32, v, exit) {
                            Flow::Continue => continue 'frames,
                            Flow::Done(r) => return r,
                        }
                    }
                    Insn::Await { dst, src } => {
                        save_pc!();
                        let v = reg!(src);
                        let promise = tri!(self.promise_resolve_intrinsic(v));
                        match self.suspend_frame(dst.0 as u32, promise, Exit::Await) {
                            Flow::Continue => continue 'frames,
                            Flow::Done(r) => return r,
                        }
                    }
                    Insn::DisposeInit { dst } => {
                        let st = crate::builtins::disposable::new_scope_capability(self);
                        reg!(dst) = Value::object(st);
                    }
                    Insn::AddDisposable { stack, src, flag } => {
                        save_pc!();
                        let Some(st) = reg!(stack).as_object() else {
                            break 'exec self.type_error("invalid bytecode: not a dispose capability");
                        };
                        let v = reg!(src);
                        let mark = self.roots.len();
                        let r = crate::builtins::disposable::add_resource(self, st, v, flag.0 & 1 != 0, None);
                        self.roots.truncate(mark);
                        tri!(r);
                    }
                    Insn::DisposeNext { dst, stack, comp } => {
                        save_pc!();
                        let Some(st) = reg!(stack).as_object() else {
                            break 'exec self.type_error("invalid bytecode: not a dispose capability");
                        };
                        let thrown = (reg!(comp) == Value::int(1)).then(|| regn!(comp, 1));
                        let awaited_error = (regn!(dst, 1) == Value::int(1)).then(|| reg!(dst));
                        let mark = self.roots.len();
                        let r = crate::builtins::disposable::dispose_scope_step(self, st, thrown, awaited_error);
                        self.roots.truncate(mark);
                        let (err, awaitee) = tri!(r);
                        if let Some(e) = err {
                            reg!(comp) = Value::int(1);
                            regn!(comp, 1) = e;
                        }
                        reg!(dst) = awaitee.unwrap_or(Value::UNDEFINED);
                        regn!(dst, 1) = Value::bool(awaitee.is_some());
                    }
                    Insn::ImportMeta { dst } => {
                        let v = tri!(crate::modules::import_meta(self, unit_i));
                        reg!(dst) = v;
                    }
                    Insn::DynImport { dst, src, opts } => {
                        save_pc!();
                        let v = crate::modules::dynamic_import(self, unit_i, reg!(src), reg!(opts), 0);
                        reg!(dst) = v;
                    }
                    Insn::AutoAccessor { dst, key, storage } => {
                        save_pc!();
                        let (g, s) = tri!(self.auto_accessor(reg!(key), reg!(storage)));
                        reg!(dst) = g;
                        regn!(dst, 1) = s;
                    }
                    Insn::DecorateElements { dst, src } => {
                        save_pc!();
                        let (i, s) = tri!(self.decorate_elements(reg!(src), regn!(src, 1), regn!(src, 2)));
                        reg!(dst) = i;
                        regn!(dst, 1) = s;
                    }
                    Insn::DecorateClass { dst, src } => {
                        save_pc!();
                        let (c, l) = tri!(self.decorate_class(reg!(src), regn!(src, 1), regn!(src, 2)));
                        reg!(dst) = c;
                        regn!(dst, 1) = l;
                    }
                    Insn::DecInit { dst, rec, this } => {
                        save_pc!();
                        let v = tri!(self.dec_init(reg!(dst), reg!(rec), reg!(this)));
                        reg!(dst) = v;
                    }
                    Insn::RunInitializers { list, this, flag } => {
                        save_pc!();
                        tri!(self.run_initializers(reg!(list), reg!(this), flag.0 & 1 != 0));
                    }
                    Insn::DynImportPhase { dst, src, opts, phase } => {
                        save_pc!();
                        let v = crate::modules::dynamic_import(self, unit_i, reg!(src), reg!(opts), phase.0);
                        reg!(dst) = v;
                    }
                    Insn::LdImport { dst, imm } => {
                        let v = tri!(crate::modules::load_import(self, unit_i, imm.0 as u32));
                        reg!(dst) = v;
                    }
                }
            };
            // An exception: find a handler in this frame or unwind.
            self.frames[fi].pc = pc as u32;
            match self.throw_into_frames(err) {
                Flow::Continue => continue 'frames,
                Flow::Done(r) => return r,
            }
        }
    }

    /// `x == y` without conversions: numbers, identical values, two objects,
    /// and null/undefined against anything.
    /// None = take the full IsLooselyEqual.
    #[inline]
    fn loose_equals_fast(&self, x: Value, y: Value) -> Option<bool> {
        if x.is_number() && y.is_number() {
            return Some(x.num_unchecked() == y.num_unchecked());
        }
        if x == y {
            return Some(true); // not a double (NaN is a double)
        }
        if x.is_object() && y.is_object() {
            return Some(false);
        }
        let dda = |v: Value| v.as_object().is_some_and(|o| self.obj(o).flags & crate::object::flags::HTMLDDA != 0);
        if x.is_nullish() {
            return Some(y.is_nullish() || dda(y));
        }
        if y.is_nullish() {
            return Some(dda(x));
        }
        None
    }

    /// Safepoint: collect garbage if wanted; honour interrupts.
    pub(crate) fn safepoint(&mut self) -> JsResult<()> {
        if self.heap.gc_wanted() {
            self.collect_garbage();
            if let Some(max) = self.heap.max_heap {
                if self.heap.live_after_gc > max {
                    self.terminating = Some("out of memory: heap limit reached".into());
                    return Err(self.range_error("out of memory: heap limit reached"));
                }
            }
        }
        if self.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
            self.interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
            self.terminating = Some("interrupted".into());
            return Err(self.range_error("interrupted"));
        }
        Ok(())
    }

    /// Shrinks the register file after a frame is popped, keeping the new top
    /// frame's whole window (a callee's window can end below its caller's).
    pub(crate) fn restore_stack(&mut self, len: usize) {
        self.stack.truncate(len);
        if let Some(f) = self.frames.last() {
            let top = f.base as usize + self.units[f.unit as usize].unit.functions[f.func as usize].n_regs as usize;
            if self.stack.len() < top {
                self.stack.resize(top, Value::UNDEFINED);
            }
        }
    }

    /// The scope record `depth` parents above `env`.
    #[inline]
    fn env_at(&self, env: Value, depth: i32) -> Option<ObjId> {
        let mut e = env.as_object()?;
        for _ in 0..depth {
            e = match &self.obj(e).kind {
                ObjectKind::Env { parent, .. } | ObjectKind::WithEnv { parent, .. } => parent.as_object()?,
                _ => return None,
            };
        }
        Some(e)
    }

    /// Pops the top frame returning `v` and delivers the result.
    pub(crate) fn return_from_frame(&mut self, v: Value) -> Flow {
        let Some(frame) = self.frames.pop() else { return Flow::Done(Ok(v)) };
        self.restore_realm(frame.caller_realm);
        let mut v = v;
        if frame.flags & fflags::CONSTRUCT != 0 && !v.is_object() {
            let derived = matches!(&self.obj(frame.closure).kind, ObjectKind::Closure(c) if c.is_derived);
            let this = self.stack[frame.base as usize];
            if derived && !v.is_undefined() {
                self.restore_stack(frame.restore_len as usize);
                let e = self.type_error("Derived constructors may only return object or undefined");
                return self.deliver_throw(frame.flags, e);
            }
            if this == Value::UNINIT {
                self.restore_stack(frame.restore_len as usize);
                let e = self.reference_error("Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
                return self.deliver_throw(frame.flags, e);
            }
            v = this;
        }
        if let Some(g) = frame.generator {
            self.restore_stack(frame.restore_len as usize);
            match self.generator_finished(g, Ok(v)) {
                Ok(out) => v = out,
                Err(e) => return self.deliver_throw(frame.flags, e),
            }
            self.exit = Exit::Return;
            return self.deliver(frame.flags, frame.ret_dst, v);
        }
        self.restore_stack(frame.restore_len as usize);
        self.exit = Exit::Return;
        self.deliver(frame.flags, frame.ret_dst, v)
    }

    fn deliver(&mut self, flags: u8, ret_dst: u32, v: Value) -> Flow {
        if flags & fflags::ENTRY != 0 {
            return Flow::Done(Ok(v));
        }
        if let Some(slot) = self.stack.get_mut(ret_dst as usize) {
            *slot = v;
        }
        Flow::Continue
    }

    /// After a frame was popped with an exception to raise in its caller.
    fn deliver_throw(&mut self, flags: u8, e: Value) -> Flow {
        if flags & fflags::ENTRY != 0 {
            return Flow::Done(Err(e));
        }
        self.throw_into_frames(e)
    }

    /// Raises `err` at the current pc of the top frame, unwinding as needed.
    pub(crate) fn throw_into_frames(&mut self, mut err: Value) -> Flow {
        loop {
            let Some(fi) = self.frames.len().checked_sub(1) else { return Flow::Done(Err(err)) };
            let (unit_i, func_i, pc, base) = {
                let f = &self.frames[fi];
                (f.unit as usize, f.func as usize, f.pc.saturating_sub(1), f.base as usize)
            };
            if self.terminating.is_none() {
                let unit = &self.units[unit_i].unit;
                let func = &unit.functions[func_i];
                if let Some(h) = func.handlers.iter().find(|h| h.start <= pc && pc < h.end) {
                    let (target, reg, n_regs) = (h.target, h.reg as usize, func.n_regs as usize);
                    if self.stack.len() < base + n_regs {
                        self.stack.resize(base + n_regs, Value::UNDEFINED);
                    }
                    self.stack[base + reg] = err;
                    self.frames[fi].pc = target;
                    // Catching is a safepoint too: a throw/catch cycle is a loop.
                    match self.safepoint() {
                        Ok(()) => return Flow::Continue,
                        Err(e) => {
                            err = e;
                            continue;
                        }
                    }
                }
            }
            let Some(frame) = self.frames.pop() else { return Flow::Done(Err(err)) };
            self.restore_realm(frame.caller_realm);
            self.restore_stack(frame.restore_len as usize);
            if let Some(g) = frame.generator {
                match self.generator_finished(g, Err(err)) {
                    // Async functions turn the exception into a rejected promise.
                    Ok(p) => {
                        self.exit = Exit::Return;
                        return self.deliver(frame.flags, frame.ret_dst, p);
                    }
                    Err(e) => {
                        if frame.flags & fflags::ENTRY != 0 {
                            return Flow::Done(Err(e));
                        }
                        return self.throw_into_frames_with(e);
                    }
                }
            }
            if frame.flags & fflags::ENTRY != 0 {
                return Flow::Done(Err(err));
            }
        }
    }

    fn throw_into_frames_with(&mut self, e: Value) -> Flow {
        self.throw_into_frames(e)
    }

    /// Text of the callee expression at call instruction `pc` (for messages).
    pub(crate) fn callee_text(&self, unit_i: usize, func_i: usize, pc: usize) -> String {
        let unit = &self.units[unit_i].unit;
        let Some(src) = &unit.source else { return "expression".into() };
        let Some(pos) = unit.functions[func_i].position_of(pc as u32) else { return "expression".into() };
        let rest = src.get(pos as usize..).unwrap_or("");
        let mut depth = 0i32;
        let mut end = 0;
        for (i, ch) in rest.char_indices() {
            match ch {
                '(' if depth == 0 => {
                    end = i;
                    break;
                }
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                '\n' | ';' => {
                    end = i;
                    break;
                }
                _ => {}
            }
            end = i + ch.len_utf8();
        }
        let t = rest[..end].trim();
        let t = t.strip_prefix("new ").unwrap_or(t).trim();
        if t.is_empty() || t.len() > 80 {
            "expression".into()
        } else {
            t.to_string()
        }
    }
}

fn argc_of(insn: &Insn) -> usize {
    match insn {
        Insn::New { argc, .. } => argc.0.max(0) as usize,
        _ => 0,
    }
}

#[allow(dead_code)]
fn is_arrow_flags(f: u32) -> bool {
    f & ff::ARROW != 0
}
