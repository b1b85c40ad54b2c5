//! Promise (ECMA-262 §27.2): states, reactions, resolving functions, the job
//! queue, combinators, and the `await` hook used by the interpreter.

use super::arg;
use crate::object::{JsObject, ObjectKind, PromiseState, PropKey, Reaction};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::vm::Job;
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.promise_proto = proto;
    let ctor = vm.new_constructor("Promise", 1, promise_ctor, proto);
    vm.realm.promise_ctor = ctor;
    vm.define_method(proto, "then", 2, then);
    vm.define_method(proto, "catch", 1, catch);
    vm.define_method(proto, "finally", 1, finally);
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Promise");
    vm.put(proto, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_method(ctor, "resolve", 1, resolve_static);
    vm.define_method(ctor, "reject", 1, reject_static);
    vm.define_method(ctor, "all", 1, all);
    vm.define_method(ctor, "allSettled", 1, all_settled);
    vm.define_method(ctor, "allKeyed", 1, |vm, this, a, _| combinator_keyed(vm, this, arg(a, 0), Combinator::All));
    vm.define_method(ctor, "allSettledKeyed", 1, |vm, this, a, _| {
        combinator_keyed(vm, this, arg(a, 0), Combinator::AllSettled)
    });
    vm.define_method(ctor, "any", 1, any);
    vm.define_method(ctor, "race", 1, race);
    vm.define_method(ctor, "withResolvers", 0, with_resolvers);
    vm.define_method(ctor, "try", 1, try_);
    vm.define_species_getter(ctor);
    vm.define_global("Promise", Value::object(ctor));
}

fn is_promise(vm: &Vm, v: Value) -> Option<ObjId> {
    v.as_object().filter(|o| matches!(vm.obj(*o).kind, ObjectKind::Promise(_)))
}

// ----- resolving functions ---------------------------------------------------------

/// CreateResolvingFunctions: (resolve, reject) sharing an "already resolved" flag.
pub fn resolving_functions(vm: &mut Vm, p: ObjId) -> (Value, Value) {
    let flag = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![Value::FALSE]))));
    let caps = vec![Value::object(p), Value::object(flag)];
    let res = vm.new_native_with("", 1, resolve_fn, false, caps.clone());
    let rej = vm.new_native_with("", 1, reject_fn, false, caps);
    (Value::object(res), Value::object(rej))
}

/// Reads (promise, flag) from the native function object currently called.
fn current_caps(vm: &Vm, f: Value) -> Option<(ObjId, ObjId)> {
    let fo = f.as_object()?;
    match &vm.obj(fo).kind {
        ObjectKind::Native(n) => Some((n.captures.first()?.as_object()?, n.captures.get(1)?.as_object()?)),
        _ => None,
    }
}

fn take_flag(vm: &mut Vm, flag: ObjId) -> bool {
    if let ObjectKind::Internal(v) = &mut vm.obj_mut(flag).kind {
        if v.first() == Some(&Value::TRUE) {
            return false;
        }
        if let Some(x) = v.first_mut() {
            *x = Value::TRUE;
        }
    }
    true
}

/// Natives this module creates while programs run (promise resolving
/// functions and `finally` wrappers), which heap images may need to store.
pub const RUNTIME_NATIVES: &[crate::object::NativeFn] = &[resolve_fn, reject_fn, capability_executor, then_finally, catch_finally];

fn resolve_fn(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((p, flag)) = vm.native_self().and_then(|f| current_caps(vm, f)) else { return Ok(Value::UNDEFINED) };
    if take_flag(vm, flag) {
        resolve_promise(vm, p, arg(args, 0))?;
    }
    Ok(Value::UNDEFINED)
}

fn reject_fn(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((p, flag)) = vm.native_self().and_then(|f| current_caps(vm, f)) else { return Ok(Value::UNDEFINED) };
    if take_flag(vm, flag) {
        reject_promise(vm, p, arg(args, 0));
    }
    Ok(Value::UNDEFINED)
}

/// The Promise Resolve Functions' steps (resolution of `p` with `v`).
pub fn resolve_promise(vm: &mut Vm, p: ObjId, v: Value) -> JsResult<()> {
    if v == Value::object(p) {
        let e = vm.type_error("Chaining cycle detected for promise");
        reject_promise(vm, p, e);
        return Ok(());
    }
    if !v.is_object() {
        fulfill_promise(vm, p, v);
        return Ok(());
    }
    let tk = PropKey::Str(vm.names.then);
    let then = match vm.get(v, tk) {
        Ok(t) => t,
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            reject_promise(vm, p, e);
            return Ok(());
        }
    };
    if !vm.is_callable(then) {
        fulfill_promise(vm, p, v);
        return Ok(());
    }
    vm.jobs.push_back(Job::ResolveThenable { promise: Value::object(p), thenable: v, then });
    Ok(())
}

pub fn fulfill_promise(vm: &mut Vm, p: ObjId, v: Value) {
    settle(vm, p, PromiseState::Fulfilled, v);
}

pub fn reject_promise(vm: &mut Vm, p: ObjId, e: Value) {
    let handled = matches!(&vm.obj(p).kind, ObjectKind::Promise(d) if d.handled);
    if !handled {
        vm.unhandled_rejections.push(Value::object(p));
    }
    settle(vm, p, PromiseState::Rejected, e);
}

fn settle(vm: &mut Vm, p: ObjId, st: PromiseState, v: Value) {
    let reactions = match &mut vm.obj_mut(p).kind {
        ObjectKind::Promise(d) if d.state == PromiseState::Pending => {
            d.state = st;
            d.result = v;
            std::mem::take(&mut d.reactions)
        }
        _ => return,
    };
    for r in reactions {
        vm.jobs.push_back(Job::Reaction { reaction: r, argument: v, rejected: st == PromiseState::Rejected });
    }
}

/// PerformPromiseThen.
pub fn perform_then(vm: &mut Vm, p: ObjId, on_f: Value, on_r: Value, cap: Option<(Value, Value, Value)>) {
    let (cp, cres, crej) = cap.unwrap_or((Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED));
    let r = Reaction {
        on_fulfilled: if vm.is_callable(on_f) || cp == Value::HOLE { on_f } else { Value::UNDEFINED },
        on_rejected: if vm.is_callable(on_r) || cp == Value::HOLE { on_r } else { Value::UNDEFINED },
        cap_promise: cp,
        cap_resolve: cres,
        cap_reject: crej,
    };
    let (st, res, handled) = match &vm.obj(p).kind {
        ObjectKind::Promise(d) => (d.state, d.result, d.handled),
        _ => return,
    };
    match st {
        PromiseState::Pending => {
            if let ObjectKind::Promise(d) = &mut vm.obj_mut(p).kind {
                d.reactions.push(r);
            }
        }
        PromiseState::Fulfilled => vm.jobs.push_back(Job::Reaction { reaction: r, argument: res, rejected: false }),
        PromiseState::Rejected => {
            if !handled {
                vm.unhandled_rejections.retain(|x| *x != Value::object(p));
            }
            vm.jobs.push_back(Job::Reaction { reaction: r, argument: res, rejected: true });
        }
    }
    if let ObjectKind::Promise(d) = &mut vm.obj_mut(p).kind {
        d.handled = true;
    }
}

/// `await`: resume generator-ish object `g` when `p` settles.
pub fn await_then(vm: &mut Vm, p: ObjId, g: ObjId) {
    perform_then(vm, p, Value::object(g), Value::object(g), Some((Value::HOLE, Value::UNDEFINED, Value::UNDEFINED)));
}

/// Runs one job; returns false when the queue is empty.
pub fn run_one_job(vm: &mut Vm) -> JsResult<bool> {
    let Some(job) = vm.jobs.pop_front() else {
        // The synchronous run is over: ClearKeptObjects.
        vm.kept_alive.clear();
        return Ok(false);
    };
    // The job's values are no longer in the queue: keep them alive while it runs.
    let mark = vm.roots.len();
    match &job {
        Job::Reaction { reaction: r, argument, .. } => {
            vm.roots.extend_from_slice(&[r.on_fulfilled, r.on_rejected, r.cap_promise, r.cap_resolve, r.cap_reject, *argument]);
        }
        Job::ResolveThenable { promise, thenable, then } => vm.roots.extend_from_slice(&[*promise, *thenable, *then]),
        Job::Call { func, args } => {
            vm.roots.push(*func);
            vm.roots.extend_from_slice(args);
        }
        Job::Native { args, .. } => vm.roots.extend_from_slice(args),
    }
    let r = run_job(vm, job);
    vm.roots.truncate(mark);
    r
}

fn run_job(vm: &mut Vm, job: Job) -> JsResult<bool> {
    match job {
        Job::Reaction { reaction: r, argument, rejected } => {
            if r.cap_promise == Value::HOLE {
                if let Some(g) = r.on_fulfilled.as_object() {
                    vm.async_resume(g, argument, rejected)?;
                }
                return Ok(true);
            }
            let handler = if rejected { r.on_rejected } else { r.on_fulfilled };
            let result = if handler.is_undefined() {
                if rejected {
                    Err(argument)
                } else {
                    Ok(argument)
                }
            } else {
                vm.call(handler, Value::UNDEFINED, &[argument])
            };
            if vm.terminating.is_some() {
                return result.map(|_| true);
            }
            if r.cap_promise.is_undefined() {
                return Ok(true);
            }
            match result {
                Ok(v) => {
                    vm.call(r.cap_resolve, Value::UNDEFINED, &[v])?;
                }
                Err(e) => {
                    vm.call(r.cap_reject, Value::UNDEFINED, &[e])?;
                }
            }
        }
        Job::ResolveThenable { promise, thenable, then } => {
            let Some(p) = promise.as_object() else { return Ok(true) };
            let (res, rej) = resolving_functions(vm, p);
            if let Err(e) = vm.call(then, thenable, &[res, rej]) {
                if vm.terminating.is_some() {
                    return Err(e);
                }
                vm.call(rej, Value::UNDEFINED, &[e])?;
            }
        }
        Job::Call { func, args } => {
            vm.call(func, Value::UNDEFINED, &args)?;
        }
        Job::Native { f, args } => {
            f(vm, Value::UNDEFINED, &args, Value::UNDEFINED)?;
        }
    }
    Ok(true)
}

// ----- capabilities ----------------------------------------------------------------

/// NewPromiseCapability(C): (promise, resolve, reject).
pub fn new_capability(vm: &mut Vm, c: Value) -> JsResult<(Value, Value, Value)> {
    if c == Value::object(vm.realm.promise_ctor) {
        let p = vm.new_promise();
        let (res, rej) = resolving_functions(vm, p);
        return Ok((Value::object(p), res, rej));
    }
    if !vm.is_constructor(c) {
        return vm.throw_type("Promise capability constructor is not a constructor");
    }
    let holder = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![Value::UNDEFINED, Value::UNDEFINED]))));
    let executor = vm.new_native_with("", 2, capability_executor, false, vec![Value::object(holder)]);
    let p = vm.construct(c, &[Value::object(executor)], c)?;
    let (res, rej) = match &vm.obj(holder).kind {
        ObjectKind::Internal(v) => (v[0], v[1]),
        _ => (Value::UNDEFINED, Value::UNDEFINED),
    };
    if !vm.is_callable(res) || !vm.is_callable(rej) {
        return vm.throw_type("Promise resolve or reject function is not callable");
    }
    Ok((p, res, rej))
}

fn capability_executor(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(holder) = vm.native_self().and_then(|f| f.as_object()).and_then(|f| match &vm.obj(f).kind {
        ObjectKind::Native(n) => n.captures.first().and_then(|v| v.as_object()),
        _ => None,
    }) else {
        return Ok(Value::UNDEFINED);
    };
    let (cur_res, cur_rej) = match &vm.obj(holder).kind {
        ObjectKind::Internal(v) => (v[0], v[1]),
        _ => (Value::UNDEFINED, Value::UNDEFINED),
    };
    if !cur_res.is_undefined() || !cur_rej.is_undefined() {
        return vm.throw_type("Promise executor has already been invoked with non-undefined arguments");
    }
    if let ObjectKind::Internal(v) = &mut vm.obj_mut(holder).kind {
        v[0] = arg(args, 0);
        v[1] = arg(args, 1);
    }
    Ok(Value::UNDEFINED)
}

/// PromiseResolve(C, x).
pub fn promise_resolve(vm: &mut Vm, c: Value, x: Value) -> JsResult<Value> {
    if is_promise(vm, x).is_some() {
        let ck = PropKey::Str(vm.names.constructor);
        let xc = vm.get(x, ck)?;
        if xc == c {
            return Ok(x);
        }
    }
    let (p, res, _) = new_capability(vm, c)?;
    vm.root(p);
    vm.call(res, Value::UNDEFINED, &[x])?;
    Ok(p)
}

// ----- constructor and prototype ---------------------------------------------------------

fn promise_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Promise constructor cannot be invoked without 'new'");
    }
    let executor = arg(args, 0);
    if !vm.is_callable(executor) {
        return vm.throw_type("Promise resolver is not a function");
    }
    let pp = vm.realm.promise_proto;
    let proto = vm.proto_from_ctor(nt, pp)?;
    let p = vm.new_promise();
    vm.obj_mut(p).proto = proto;
    let (res, rej) = resolving_functions(vm, p);
    if let Err(e) = vm.call(executor, Value::UNDEFINED, &[res, rej]) {
        if vm.terminating.is_some() {
            return Err(e);
        }
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(Value::object(p))
}

fn then(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some(p) = is_promise(vm, this) else {
        return vm.throw_type("Promise.prototype.then called on incompatible receiver");
    };
    let d = Value::object(vm.realm.promise_ctor);
    let c = vm.species_constructor(this, d)?;
    let cap = new_capability(vm, c)?;
    perform_then(vm, p, arg(args, 0), arg(args, 1), Some(cap));
    Ok(cap.0)
}

fn catch(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let tk = PropKey::Str(vm.names.then);
    let t = vm.get(this, tk)?;
    if !vm.is_callable(t) {
        return vm.throw_type("then is not a function");
    }
    vm.call(t, this, &[Value::UNDEFINED, arg(args, 0)])
}

fn finally(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Promise.prototype.finally called on a non-object");
    }
    let d = Value::object(vm.realm.promise_ctor);
    let c = vm.species_constructor(this, d)?;
    let on_finally = arg(args, 0);
    let (tf, cf) = if !vm.is_callable(on_finally) {
        (on_finally, on_finally)
    } else {
        let t = vm.new_native_with("", 1, then_finally, false, vec![on_finally, c]);
        let k = vm.new_native_with("", 1, catch_finally, false, vec![on_finally, c]);
        (Value::object(t), Value::object(k))
    };
    // Get(this, "then") may run JS: keep the new closures alive.
    vm.root(tf);
    vm.root(cf);
    let tk = PropKey::Str(vm.names.then);
    let t = vm.get(this, tk)?;
    if !vm.is_callable(t) {
        return vm.throw_type("then is not a function");
    }
    vm.call(t, this, &[tf, cf])
}

fn caps2(vm: &Vm) -> (Value, Value) {
    match vm.native_self().and_then(|f| f.as_object()).map(|f| &vm.obj(f).kind) {
        Some(ObjectKind::Native(n)) => (n.captures.first().copied().unwrap_or_default(), n.captures.get(1).copied().unwrap_or_default()),
        _ => (Value::UNDEFINED, Value::UNDEFINED),
    }
}

fn then_finally(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (f, c) = caps2(vm);
    vm.root(f);
    vm.root(c);
    let r = vm.call(f, Value::UNDEFINED, &[])?;
    vm.root(r);
    let p = promise_resolve(vm, c, r)?;
    let value = arg(args, 0);
    let thunk = vm.new_native_with("", 0, |vm, _, _, _| Ok(caps2(vm).0), false, vec![value]);
    vm.root(Value::object(thunk));
    let tk = PropKey::Str(vm.names.then);
    let t = vm.get(p, tk)?;
    vm.call(t, p, &[Value::object(thunk)])
}

fn catch_finally(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (f, c) = caps2(vm);
    vm.root(f);
    vm.root(c);
    let r = vm.call(f, Value::UNDEFINED, &[])?;
    vm.root(r);
    let p = promise_resolve(vm, c, r)?;
    let reason = arg(args, 0);
    let thrower = vm.new_native_with("", 0, |vm, _, _, _| Err(caps2(vm).0), false, vec![reason]);
    vm.root(Value::object(thrower));
    let tk = PropKey::Str(vm.names.then);
    let t = vm.get(p, tk)?;
    vm.call(t, p, &[Value::object(thrower)])
}

fn resolve_static(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("PromiseResolve called on non-object");
    }
    promise_resolve(vm, this, arg(args, 0))
}

fn reject_static(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (p, _, rej) = new_capability(vm, this)?;
    vm.root(p);
    vm.call(rej, Value::UNDEFINED, &[arg(args, 0)])?;
    Ok(p)
}

fn with_resolvers(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (p, res, rej) = new_capability(vm, this)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let o = vm.new_object();
    vm.put_str(o, "promise", p, attrs::DEFAULT);
    vm.put_str(o, "resolve", res, attrs::DEFAULT);
    vm.put_str(o, "reject", rej, attrs::DEFAULT);
    Ok(Value::object(o))
}

fn try_(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Promise.try called on non-object");
    }
    let (p, res, rej) = new_capability(vm, this)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let rest = if args.len() > 1 { args[1..].to_vec() } else { Vec::new() };
    match vm.call(arg(args, 0), Value::UNDEFINED, &rest) {
        Ok(v) => {
            vm.call(res, Value::UNDEFINED, &[v])?;
        }
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(p)
}

// ----- combinators -------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Combinator {
    All,
    AllSettled,
    Any,
}

fn all(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::All)
}
fn all_settled(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::AllSettled)
}
fn any(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Any)
}

/// Shared state of a combinator: Internal([values array, remaining count, capability resolve/reject, done flag]).
fn combinator(vm: &mut Vm, c: Value, iterable: Value, kind: Combinator) -> JsResult<Value> {
    let (p, res, rej) = new_capability(vm, c)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let r = combinator_inner(vm, c, iterable, kind, p, res, rej);
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.call(rej, Value::UNDEFINED, &[e])?;
            Ok(p)
        }
    }
}

fn combinator_inner(vm: &mut Vm, c: Value, iterable: Value, kind: Combinator, p: Value, res: Value, rej: Value) -> JsResult<Value> {
    let rk = vm.key_str("resolve");
    let resolve_fn = vm.get(c, rk)?;
    vm.root(resolve_fn);
    if !vm.is_callable(resolve_fn) {
        return vm.throw_type("Promise resolve is not a function");
    }
    let (it, next) = super::iterator::get_iterator_rooted(vm, iterable, false)?;
    let values = Value::object(vm.new_array(Vec::new()));
    let state = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![values, Value::int(1), res, rej]))));
    vm.root(Value::object(state));
    let mut index = 0u32;
    loop {
        let v = match vm.iter_step(it, next) {
            Ok(Some(v)) => v,
            Ok(None) => break,
            Err(e) => return Err(e),
        };
        let step = (|| -> JsResult<()> {
            if let Some(a) = values.as_object() {
                vm.put(a, PropKey::Index(index), Value::UNDEFINED, attrs::DEFAULT);
            }
            let next_p = vm.call(resolve_fn, c, &[v])?;
            bump(vm, state, 1);
            // One [[AlreadyCalled]] record shared by an element's fulfil and reject functions.
            let flag = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![Value::FALSE]))));
            let mk = |vm: &mut Vm, f: crate::object::NativeFn| -> Value {
                Value::object(vm.new_native_with("", 1, f, false, vec![Value::object(state), Value::int(index as i32), Value::object(flag)]))
            };
            let (on_f, on_r) = match kind {
                Combinator::All => (mk(vm, all_resolve_element), rej),
                Combinator::AllSettled => (mk(vm, settled_fulfilled), mk(vm, settled_rejected)),
                Combinator::Any => (res, mk(vm, any_reject_element)),
            };
            // A `then` getter runs JS: keep the promise and the element functions alive.
            vm.root(next_p);
            vm.root(on_f);
            vm.root(on_r);
            let tk = PropKey::Str(vm.names.then);
            let t = vm.get(next_p, tk)?;
            vm.call(t, next_p, &[on_f, on_r])?;
            Ok(())
        })();
        if let Err(e) = step {
            let _ = super::iterator::close(vm, it);
            return Err(e);
        }
        index += 1;
    }
    if bump(vm, state, -1) == 0 {
        finish_combinator(vm, state, kind)?;
    }
    Ok(p)
}

/// Promise.allKeyed / Promise.allSettledKeyed ( promises ) (await-dictionary). The shared
/// state is that of the other combinators plus a fifth entry: an Internal object with the
/// result keys, in the order of the values.
fn combinator_keyed(vm: &mut Vm, c: Value, promises: Value, kind: Combinator) -> JsResult<Value> {
    let (p, res, rej) = new_capability(vm, c)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let r = (|| -> JsResult<Value> {
        let rk = vm.key_str("resolve");
        let resolve_fn = vm.get(c, rk)?;
        vm.root(resolve_fn);
        if !vm.is_callable(resolve_fn) {
            return vm.throw_type("Promise resolve is not a function");
        }
        let Some(po) = promises.as_object() else {
            return vm.throw_type("Promise keyed combinator argument is not an object");
        };
        perform_keyed(vm, c, po, kind, p, res, rej, resolve_fn)
    })();
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.call(rej, Value::UNDEFINED, &[e])?;
            Ok(p)
        }
    }
}

/// PerformPromiseAllKeyed(variant, promises, constructor, resultCapability, promiseResolve).
#[allow(clippy::too_many_arguments)]
fn perform_keyed(
    vm: &mut Vm,
    c: Value,
    promises: ObjId,
    kind: Combinator,
    p: Value,
    res: Value,
    rej: Value,
    resolve_fn: Value,
) -> JsResult<Value> {
    let all_keys = vm.own_property_keys(promises)?;
    let values = Value::object(vm.new_array(Vec::new()));
    let keys = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(Vec::new()))));
    let state = vm.alloc(JsObject::new(
        Value::NULL,
        ObjectKind::Internal(Box::new(vec![values, Value::int(1), res, rej, Value::object(keys)])),
    ));
    vm.root(Value::object(state));
    let mut index = 0u32;
    for k in all_keys {
        let Some(desc) = vm.get_own_property(promises, k)? else { continue };
        if desc.enumerable != Some(true) {
            continue;
        }
        let v = vm.get(Value::object(promises), k)?;
        let kv = vm.key_to_value(k);
        if let ObjectKind::Internal(list) = &mut vm.obj_mut(keys).kind {
            list.push(kv);
        }
        if let Some(a) = values.as_object() {
            vm.put(a, PropKey::Index(index), Value::UNDEFINED, attrs::DEFAULT);
        }
        let next_p = vm.call(resolve_fn, c, &[v])?;
        // One [[AlreadyCalled]] record shared by an element's fulfil and reject functions.
        let flag = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Internal(Box::new(vec![Value::FALSE]))));
        let mk = |vm: &mut Vm, f: crate::object::NativeFn| -> Value {
            Value::object(vm.new_native_with("", 1, f, false, vec![Value::object(state), Value::int(index as i32), Value::object(flag)]))
        };
        let (on_f, on_r) = match kind {
            Combinator::AllSettled => (mk(vm, settled_fulfilled), mk(vm, settled_rejected)),
            _ => (mk(vm, all_resolve_element), rej),
        };
        bump(vm, state, 1);
        // A `then` getter runs JS: keep the promise and the element functions alive.
        vm.root(next_p);
        vm.root(on_f);
        vm.root(on_r);
        let tk = PropKey::Str(vm.names.then);
        let t = vm.get(next_p, tk)?;
        vm.call(t, next_p, &[on_f, on_r])?;
        index += 1;
    }
    if bump(vm, state, -1) == 0 {
        finish_combinator(vm, state, kind)?;
    }
    Ok(p)
}

fn bump(vm: &mut Vm, state: ObjId, d: i32) -> i32 {
    if let ObjectKind::Internal(v) = &mut vm.obj_mut(state).kind {
        let n = v[1].as_int().unwrap_or(0) + d;
        v[1] = Value::int(n);
        return n;
    }
    0
}

fn finish_combinator(vm: &mut Vm, state: ObjId, kind: Combinator) -> JsResult<()> {
    let (values, res, rej, keys) = match &vm.obj(state).kind {
        ObjectKind::Internal(v) => (v[0], v[2], v[3], v.get(4).copied()),
        _ => return Ok(()),
    };
    if let Some(keys) = keys.and_then(|k| k.as_object()) {
        // CreateKeyedPromiseCombinatorResultObject: a null-prototype object, keys in order.
        let list = match &vm.obj(keys).kind {
            ObjectKind::Internal(l) => l.to_vec(),
            _ => Vec::new(),
        };
        let obj = vm.new_object_with_proto(Value::NULL);
        for (i, k) in list.into_iter().enumerate() {
            let v = vm.get_index(values, i as u64)?;
            let pk = vm.to_property_key(k)?;
            vm.create_data_property_or_throw(obj, pk, v)?;
        }
        vm.call(res, Value::UNDEFINED, &[Value::object(obj)])?;
        return Ok(());
    }
    if kind == Combinator::Any {
        let msg = "All promises were rejected";
        let e = vm.new_error(vm.realm.aggregate_error_proto, msg);
        if let Some(eo) = e.as_object() {
            let ek = PropKey::Str(vm.names.errors);
            vm.put(eo, ek, values, attrs::HIDDEN);
        }
        vm.call(rej, Value::UNDEFINED, &[e])?;
    } else {
        vm.call(res, Value::UNDEFINED, &[values])?;
    }
    Ok(())
}

fn element_caps(vm: &mut Vm) -> Option<(ObjId, u32)> {
    let f = vm.native_self()?.as_object()?;
    let (state, index, flag) = match &vm.obj(f).kind {
        ObjectKind::Native(n) => (n.captures.first()?.as_object()?, n.captures.get(1)?.as_int()? as u32, n.captures.get(2)?.as_object()?),
        _ => return None,
    };
    if !take_flag(vm, flag) {
        return None;
    }
    Some((state, index))
}

fn store_element(vm: &mut Vm, state: ObjId, index: u32, v: Value, kind: Combinator) -> JsResult<Value> {
    let values = match &vm.obj(state).kind {
        ObjectKind::Internal(x) => x[0],
        _ => return Ok(Value::UNDEFINED),
    };
    if let Some(a) = values.as_object() {
        vm.put(a, PropKey::Index(index), v, attrs::DEFAULT);
    }
    if bump(vm, state, -1) == 0 {
        finish_combinator(vm, state, kind)?;
    }
    Ok(Value::UNDEFINED)
}

fn all_resolve_element(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((state, index)) = element_caps(vm) else { return Ok(Value::UNDEFINED) };
    store_element(vm, state, index, arg(args, 0), Combinator::All)
}

fn settled_obj(vm: &mut Vm, ok: bool, v: Value) -> Value {
    let o = vm.new_object();
    let s = vm.new_string(if ok { "fulfilled" } else { "rejected" });
    vm.put_str(o, "status", s, attrs::DEFAULT);
    vm.put_str(o, if ok { "value" } else { "reason" }, v, attrs::DEFAULT);
    Value::object(o)
}

fn settled_fulfilled(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((state, index)) = element_caps(vm) else { return Ok(Value::UNDEFINED) };
    let o = settled_obj(vm, true, arg(args, 0));
    store_element(vm, state, index, o, Combinator::AllSettled)
}

fn settled_rejected(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((state, index)) = element_caps(vm) else { return Ok(Value::UNDEFINED) };
    let o = settled_obj(vm, false, arg(args, 0));
    store_element(vm, state, index, o, Combinator::AllSettled)
}

fn any_reject_element(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let Some((state, index)) = element_caps(vm) else { return Ok(Value::UNDEFINED) };
    store_element(vm, state, index, arg(args, 0), Combinator::Any)
}

fn race(vm: &mut Vm, this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let (p, res, rej) = new_capability(vm, this)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let r = (|| -> JsResult<()> {
        let rk = vm.key_str("resolve");
        let resolve_fn = vm.get(this, rk)?;
        vm.root(resolve_fn);
        if !vm.is_callable(resolve_fn) {
            return vm.throw_type("Promise resolve is not a function");
        }
        let (it, next) = super::iterator::get_iterator_rooted(vm, arg(args, 0), false)?;
        while let Some(v) = vm.iter_step(it, next)? {
            let step = (|| -> JsResult<()> {
                let np = vm.call(resolve_fn, this, &[v])?;
                let tk = PropKey::Str(vm.names.then);
                let t = vm.get(np, tk)?;
                vm.call(t, np, &[res, rej])?;
                Ok(())
            })();
            if let Err(e) = step {
                let _ = super::iterator::close(vm, it);
                return Err(e);
            }
        }
        Ok(())
    })();
    if let Err(e) = r {
        if vm.terminating.is_some() {
            return Err(e);
        }
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(p)
}

