//! Suspension and resumption of frames: generators, async functions, async
//! generators and module top levels (which run as async functions).
//!
//! A suspended frame's registers are copied into its generator object
//! (`object::SavedFrame`) and copied back onto the register file on resume,
//! so a suspended frame costs no Rust stack.

use super::frame::{fflags, Frame};
use super::{Exit, Flow};
use crate::object::{GenState, ObjectKind, SavedFrame};
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

impl Vm {
    /// Suspends the top frame (Yield / Await / InitialYield).
    pub(crate) fn suspend_frame(&mut self, resume_reg: u32, value: Value, exit: Exit) -> Flow {
        let Some(frame) = self.frames.pop() else { return Flow::Done(Ok(value)) };
        self.restore_realm(frame.caller_realm);
        let Some(g) = frame.generator else {
            self.restore_stack(frame.restore_len as usize);
            let e = self.syntax_error("yield/await outside a generator or async function");
            return if frame.flags & fflags::ENTRY != 0 { Flow::Done(Err(e)) } else { self.throw_into_frames(e) };
        };
        let n_regs = self.units[frame.unit as usize].unit.functions[frame.func as usize].n_regs as usize;
        let base = frame.base as usize;
        let regs = self.stack[base..(base + n_regs).min(self.stack.len())].to_vec();
        let saved = SavedFrame {
            closure: frame.closure,
            resume_reg,
            pc: frame.pc,
            regs,
            extra_args: frame.extra_args,
            new_target: frame.new_target,
        };
        self.restore_stack(frame.restore_len as usize);
        let mut flavor = 0;
        let mut promise = Value::UNDEFINED;
        if let ObjectKind::Generator(gd) = &mut self.obj_mut(g).kind {
            gd.frame = Some(saved);
            gd.state = if resume_reg == u32::MAX { GenState::SuspendedStart } else { GenState::SuspendedYield };
            flavor = gd.flavor;
            promise = gd.promise;
        }
        match exit {
            Exit::Return => {
                self.exit = Exit::Return;
                self.deliver_suspended(frame.flags, frame.ret_dst, Value::object(g))
            }
            Exit::Yield | Exit::YieldRaw => {
                self.exit = exit;
                self.deliver_suspended(frame.flags, frame.ret_dst, value)
            }
            Exit::Await => {
                if let Some(p) = value.as_object() {
                    crate::builtins::promise::await_then(self, p, g);
                }
                self.exit = Exit::Await;
                let out = if flavor == 1 { promise } else { Value::UNDEFINED };
                self.deliver_suspended(frame.flags, frame.ret_dst, out)
            }
        }
    }

    fn deliver_suspended(&mut self, flags: u8, ret_dst: u32, v: Value) -> Flow {
        if flags & fflags::ENTRY != 0 {
            return Flow::Done(Ok(v));
        }
        if let Some(slot) = self.stack.get_mut(ret_dst as usize) {
            *slot = v;
        }
        Flow::Continue
    }

    /// A generator-ish frame completed with `result`. Async functions settle
    /// their promise and yield it as the call's value.
    pub(crate) fn generator_finished(&mut self, g: ObjId, result: JsResult<Value>) -> JsResult<Value> {
        let (flavor, promise) = match &mut self.obj_mut(g).kind {
            ObjectKind::Generator(gd) => {
                gd.state = GenState::Completed;
                gd.frame = None;
                (gd.flavor, gd.promise)
            }
            _ => (0, Value::UNDEFINED),
        };
        if flavor == 1 {
            if self.terminating.is_some() {
                return result;
            }
            if let Some(p) = promise.as_object() {
                match result {
                    Ok(v) => crate::builtins::promise::resolve_promise(self, p, v)?,
                    Err(e) => crate::builtins::promise::reject_promise(self, p, e),
                }
            }
            return Ok(promise);
        }
        result
    }

    /// Puts a suspended frame back on the register file with (value, mode) as
    /// the result of its suspension point, and runs it until it suspends again.
    pub(crate) fn resume_frame(&mut self, g: ObjId, value: Value, mode: i32) -> JsResult<(Exit, Value)> {
        let saved = match &mut self.obj_mut(g).kind {
            ObjectKind::Generator(gd) => {
                gd.state = GenState::Executing;
                gd.frame.take()
            }
            _ => None,
        };
        let Some(saved) = saved else { return self.throw_type("generator has no frame") };
        if let Err(e) = self.check_reentry() {
            if let ObjectKind::Generator(gd) = &mut self.obj_mut(g).kind {
                gd.frame = Some(saved);
                gd.state = GenState::SuspendedYield;
            }
            return Err(e);
        }
        let (unit, func, realm) = match &self.obj(saved.closure).kind {
            ObjectKind::Closure(c) => (c.unit, c.func, c.realm),
            _ => return self.throw_type("generator has no frame"),
        };
        let caller_realm = self.realm_id;
        let restore = self.stack.len();
        self.stack.push(Value::object(saved.closure));
        let base = self.stack.len();
        self.stack.extend_from_slice(&saved.regs);
        if saved.resume_reg != u32::MAX {
            let r = base + saved.resume_reg as usize;
            if r + 1 < self.stack.len() {
                self.stack[r] = value;
                self.stack[r + 1] = Value::int(mode);
            }
        }
        self.frames.push(Frame {
            unit,
            func,
            pc: saved.pc,
            base: base as u32,
            closure: saved.closure,
            argc: 0,
            extra_args: saved.extra_args,
            new_target: saved.new_target,
            ret_dst: u32::MAX,
            restore_len: restore as u32,
            flags: fflags::ENTRY,
            caller_realm,
            generator: Some(g),
        });
        if realm != caller_realm {
            self.switch_realm(realm);
        }
        self.native_depth += 1;
        self.exit = Exit::Return;
        let r = self.run();
        self.native_depth -= 1;
        let v = r?;
        Ok((self.exit, v))
    }

    /// `generator.next/throw/return` for sync generators: returns the iterator result.
    pub fn generator_resume(&mut self, g: ObjId, value: Value, mode: i32) -> JsResult<Value> {
        let state = match &self.obj(g).kind {
            ObjectKind::Generator(gd) if gd.flavor == 0 => gd.state,
            _ => return self.throw_type("next method called on incompatible receiver"),
        };
        match state {
            GenState::Executing => return self.throw_type("Generator is already running"),
            GenState::Completed => {
                return match mode {
                    1 => Err(value),
                    2 => Ok(self.iter_result(value, true)),
                    _ => Ok(self.iter_result(Value::UNDEFINED, true)),
                };
            }
            GenState::SuspendedStart if mode != 0 => {
                if let ObjectKind::Generator(gd) = &mut self.obj_mut(g).kind {
                    gd.state = GenState::Completed;
                    gd.frame = None;
                }
                return if mode == 1 { Err(value) } else { Ok(self.iter_result(value, true)) };
            }
            _ => {}
        }
        let (exit, v) = self.resume_frame(g, value, mode)?;
        match exit {
            Exit::YieldRaw => Ok(v),
            Exit::Yield => Ok(self.iter_result(v, false)),
            _ => Ok(self.iter_result(v, true)),
        }
    }

    /// Resumes an async function/module after an awaited promise settled.
    pub(crate) fn async_resume(&mut self, g: ObjId, value: Value, rejected: bool) -> JsResult<()> {
        let flavor = match &self.obj(g).kind {
            ObjectKind::Generator(gd) => gd.flavor,
            _ => return Ok(()),
        };
        if flavor == 2 {
            return crate::builtins::generator::async_generator_resumed(self, g, value, rejected);
        }
        match self.resume_frame(g, value, rejected as i32) {
            Ok(_) => Ok(()),
            Err(e) => {
                if self.terminating.is_some() {
                    Err(e)
                } else {
                    Ok(())
                }
            }
        }
    }

    /// CreateIterResultObject.
    pub fn iter_result(&mut self, value: Value, done: bool) -> Value {
        let o = self.new_object();
        let vk = self.names.value;
        let dk = self.names.done;
        self.put(o, crate::object::PropKey::Str(vk), value, crate::shape::attrs::DEFAULT);
        self.put(o, crate::object::PropKey::Str(dk), Value::bool(done), crate::shape::attrs::DEFAULT);
        Value::object(o)
    }

    /// PromiseResolve(%Promise%, v) for `await`.
    pub(crate) fn promise_resolve_intrinsic(&mut self, v: Value) -> JsResult<Value> {
        let c = Value::object(self.realm.promise_ctor);
        crate::builtins::promise::promise_resolve(self, c, v)
    }
}
