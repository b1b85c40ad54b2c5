//! Calls and construction: entering JS frames (without Rust recursion from
//! the interpreter) and calling from Rust (re-entrant `Vm::call`).

use super::frame::{fflags, Frame};
use crate::bytecode::fflags as ff;
use crate::object::{flags, GenState, GeneratorData, JsObject, ObjectKind, PromiseData, PromiseState, PropKey};
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

/// What the interpreter should do after `enter_closure`.
pub(crate) enum Entered {
    /// A new frame was pushed; continue the loop in it.
    Pushed,
}

impl Vm {
    /// Pushes a frame for closure `callee` whose `this` and arguments already sit
    /// at `stack[base..base+1+argc]`. `ret_dst` is where the caller wants the result.
    pub(crate) fn enter_closure(
        &mut self,
        callee: ObjId,
        base: usize,
        argc: usize,
        new_target: Value,
        ret_dst: u32,
        frame_flags: u8,
        restore_len: usize,
    ) -> JsResult<Entered> {
        let (unit, func, realm) = match &self.obj(callee).kind {
            ObjectKind::Closure(c) => (c.unit, c.func, c.realm),
            _ => return self.throw_type("not a function"),
        };
        if self.frames.len() >= self.max_frames {
            return self.throw_range("Maximum call stack size exceeded");
        }
        // Interrupts are honoured on calls too: recursion needs no loop to run away.
        if self.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
            self.interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
            self.terminating = Some("interrupted".into());
            return Err(self.range_error("interrupted"));
        }
        let f = &self.units[unit as usize].unit.functions[func as usize];
        let n_params = f.n_params as usize;
        let n_regs = f.n_regs as usize;
        let fl = f.flags;
        let top = base + n_regs;
        if top > self.max_stack {
            return self.throw_range("Maximum call stack size exceeded");
        }
        let extra_args = if argc > n_params { self.stack[base + 1 + n_params..base + 1 + argc].to_vec() } else { Vec::new() };
        // Missing parameters and locals start undefined: clear what the register
        // file already holds of the window and grow it for the rest (each
        // slot written once; the arguments are below `first_local`).
        let first_local = base + 1 + argc.min(n_params);
        let len = self.stack.len();
        if len < top {
            self.stack[first_local.min(len)..].fill(Value::UNDEFINED);
            self.stack.resize(top, Value::UNDEFINED);
        } else {
            self.stack[first_local..top].fill(Value::UNDEFINED);
        }
        // The callee runs in its own realm (its `this` wrapper and generator
        // object too); the frame restores the caller's realm when popped.
        let caller_realm = self.realm_id;
        if realm != caller_realm {
            self.switch_realm(realm);
        }
        // `this` binding: sloppy functions see the global object for nullish and a wrapper for primitives.
        if frame_flags & fflags::CONSTRUCT == 0 && fl & (ff::STRICT | ff::ARROW) == 0 {
            let t = self.stack[base];
            if t.is_nullish() {
                self.stack[base] = Value::object(self.realm.global);
            } else if !t.is_object() {
                let o = self.to_object(t);
                let o = self.or_restore_realm(o, caller_realm)?;
                self.stack[base] = Value::object(o);
            }
        }
        let generator = if fl & (ff::GENERATOR | ff::ASYNC) != 0 {
            let g = self.new_generator_object(callee, fl);
            Some(self.or_restore_realm(g, caller_realm)?)
        } else {
            None
        };
        self.frames.push(Frame {
            unit,
            func,
            pc: 0,
            base: base as u32,
            closure: callee,
            argc: argc as u32,
            extra_args,
            new_target,
            ret_dst,
            restore_len: restore_len as u32,
            flags: frame_flags,
            caller_realm,
            generator,
        });
        Ok(Entered::Pushed)
    }

    /// The TypeError of calling class constructor `fo` without `new`, created in
    /// the constructor's realm (its [[Call]] runs in a new context of that realm).
    #[cold]
    pub(crate) fn class_call_error(&mut self, fo: ObjId) -> Value {
        let r = match &self.obj(fo).kind {
            ObjectKind::Closure(c) => c.realm,
            _ => self.realm_id,
        };
        self.with_realm(r, |vm| vm.type_error("Class constructor cannot be invoked without 'new'"))
    }

    /// Passes `r` through, making `caller_realm` current again if it is an error
    /// (a call that fails before its frame is pushed).
    #[inline]
    fn or_restore_realm<T>(&mut self, r: JsResult<T>, caller_realm: u32) -> JsResult<T> {
        if r.is_err() && self.realm_id != caller_realm {
            self.switch_realm(caller_realm);
        }
        r
    }

    /// Makes `r` current again (after popping a frame whose caller ran in `r`).
    #[inline]
    pub(crate) fn restore_realm(&mut self, r: u32) {
        if r != self.realm_id {
            self.switch_realm(r);
        }
    }

    /// The object that drives a generator, async function or async generator frame.
    fn new_generator_object(&mut self, callee: ObjId, fl: u32) -> JsResult<ObjId> {
        let flavor = match (fl & ff::GENERATOR != 0, fl & ff::ASYNC != 0) {
            (true, false) => 0,
            (false, true) => 1,
            _ => 2,
        };
        let proto = if flavor == 1 {
            Value::NULL
        } else {
            let pk = PropKey::Str(self.names.prototype);
            let p = self.get(Value::object(callee), pk)?;
            if p.is_object() {
                p
            } else if flavor == 0 {
                Value::object(self.realm.generator_proto)
            } else {
                Value::object(self.realm.async_generator_proto)
            }
        };
        let promise = if flavor == 1 { Value::object(self.new_promise()) } else { Value::UNDEFINED };
        let data = GeneratorData { state: GenState::SuspendedStart, frame: None, flavor, promise, queue: Vec::new(), awaiting_return: false };
        Ok(self.alloc(JsObject::new(proto, ObjectKind::Generator(Box::new(data)))))
    }

    pub fn new_promise(&mut self) -> ObjId {
        let p = Value::object(self.realm.promise_proto);
        self.alloc(JsObject::new(p, ObjectKind::Promise(Box::new(PromiseData { state: PromiseState::Pending, result: Value::UNDEFINED, reactions: Vec::new(), handled: false }))))
    }

    /// Checks that native code may re-enter the interpreter once more: within
    /// `max_native_depth` nested runs and within `stack_budget` bytes of Rust
    /// stack below the outermost one.
    pub(crate) fn check_reentry(&mut self) -> JsResult<()> {
        let marker = 0u8;
        let sp = std::ptr::addr_of!(marker) as usize;
        if self.native_depth == 0 {
            self.stack_base = sp;
        } else if self.native_depth >= self.max_native_depth || self.stack_base.saturating_sub(sp) > self.stack_budget {
            return self.throw_range("Maximum call stack size exceeded");
        }
        Ok(())
    }

    /// Calls `f` with `this` and `args` from Rust.
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        let Some(fo) = f.as_object() else {
            return self.throw_type("not a function");
        };
        match &self.obj(fo).kind {
            ObjectKind::Native(n) => {
                let (nf, realm) = (n.f, n.realm);
                self.invoke_native(f, nf, realm, this, args, Value::UNDEFINED)
            }
            ObjectKind::Closure(c) => {
                if c.is_class_constructor {
                    return Err(self.class_call_error(fo));
                }
                self.call_closure(fo, this, args, Value::UNDEFINED, 0)
            }
            ObjectKind::Bound(b) => {
                let (t, th) = (b.target, b.this);
                let mut all = b.args.clone();
                all.extend_from_slice(args);
                self.call(t, th, &all)
            }
            ObjectKind::Proxy { .. } if self.obj(fo).flags & flags::CALLABLE_PROXY != 0 => crate::builtins::proxy::call(self, fo, this, args),
            ObjectKind::Wrapped { .. } => crate::builtins::shadow_realm::call_wrapped(self, fo, this, args),
            _ => self.throw_type("not a function"),
        }
    }

    /// Runs a closure to completion from Rust.
    fn call_closure(&mut self, fo: ObjId, this: Value, args: &[Value], new_target: Value, fl: u8) -> JsResult<Value> {
        self.check_reentry()?;
        let restore = self.stack.len();
        self.stack.push(Value::object(fo));
        let base = self.stack.len();
        self.stack.push(this);
        self.stack.extend_from_slice(args);
        if let Err(e) = self.enter_closure(fo, base, args.len(), new_target, u32::MAX, fflags::ENTRY | fl, restore) {
            self.stack.truncate(restore);
            return Err(e);
        }
        self.native_depth += 1;
        let r = self.run();
        self.native_depth -= 1;
        r
    }

    /// [[Construct]] from Rust.
    pub fn construct(&mut self, f: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
        let Some(fo) = f.as_object() else {
            return self.throw_type("not a constructor");
        };
        if self.obj(fo).flags & flags::CONSTRUCTOR == 0 {
            return self.throw_type("not a constructor");
        }
        match &self.obj(fo).kind {
            ObjectKind::Native(n) => {
                let (nf, realm) = (n.f, n.realm);
                self.invoke_native(f, nf, realm, Value::UNDEFINED, args, new_target)
            }
            ObjectKind::Closure(c) => {
                let derived = c.is_derived;
                let this = if derived {
                    Value::UNINIT
                } else {
                    let op = self.realm.object_proto;
                    let proto = self.proto_from_ctor(new_target, op)?;
                    Value::object(self.new_object_with_proto(proto))
                };
                self.call_closure(fo, this, args, new_target, fflags::CONSTRUCT)
            }
            ObjectKind::Bound(b) => {
                let t = b.target;
                let mut all = b.args.clone();
                all.extend_from_slice(args);
                let nt = if new_target == f { t } else { new_target };
                self.construct(t, &all, nt)
            }
            ObjectKind::Proxy { .. } => crate::builtins::proxy::construct(self, fo, args, new_target),
            _ => self.throw_type("not a constructor"),
        }
    }

    /// Runs the instance field initialiser of class constructor `ctor` on `this`.
    pub(crate) fn init_fields(&mut self, ctor: ObjId, this: Value) -> JsResult<()> {
        let init = match &self.obj(ctor).kind {
            ObjectKind::Closure(c) => c.fields,
            _ => Value::UNDEFINED,
        };
        if init.is_object() {
            self.call(init, this, &[])?;
        }
        Ok(())
    }
}
