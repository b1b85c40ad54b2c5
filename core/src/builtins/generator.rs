//! Generator, async function and async generator objects:
//! %GeneratorFunction%, %GeneratorPrototype%, %AsyncFunction%,
//! %AsyncGeneratorFunction%, %AsyncGeneratorPrototype% and the async
//! generator request queue (§27.6).

use super::arg;
use crate::interp::Exit;
use crate::object::{GenState, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

fn tag(vm: &mut Vm, o: ObjId, name: &str) {
    let t = vm.realm.sym.to_string_tag;
    let s = vm.new_string(name);
    vm.put(o, PropKey::Sym(t), s, attrs::CONFIGURABLE);
}

/// Creates a `Function`-like constructor (GeneratorFunction etc.) and links its prototype.
fn function_family(vm: &mut Vm, name: &str, ctor_fn: crate::object::NativeFn, fn_proto: ObjId, instance_proto: ObjId) -> ObjId {
    let ctor = vm.new_native(name, 1, ctor_fn, true);
    let fc = vm.realm.function_ctor;
    vm.obj_mut(ctor).proto = Value::object(fc);
    let pk = PropKey::Str(vm.names.prototype);
    vm.put(ctor, pk, Value::object(fn_proto), attrs::NONE);
    let ck = PropKey::Str(vm.names.constructor);
    vm.put(fn_proto, ck, Value::object(ctor), attrs::CONFIGURABLE);
    if instance_proto != ObjId(0) {
        vm.put(fn_proto, pk, Value::object(instance_proto), attrs::CONFIGURABLE);
        vm.put(instance_proto, ck, Value::object(fn_proto), attrs::CONFIGURABLE);
    }
    tag(vm, fn_proto, name);
    ctor
}

pub fn init(vm: &mut Vm) {
    let fp = Value::object(vm.realm.function_proto);
    // Generators.
    let ip = Value::object(vm.realm.iterator_proto);
    let gp = vm.new_object_with_proto(ip);
    vm.realm.generator_proto = gp;
    vm.define_method(gp, "next", 1, |vm, this, args, _| gen_method(vm, this, arg(args, 0), 0));
    vm.define_method(gp, "return", 1, |vm, this, args, _| gen_method(vm, this, arg(args, 0), 2));
    vm.define_method(gp, "throw", 1, |vm, this, args, _| gen_method(vm, this, arg(args, 0), 1));
    tag(vm, gp, "Generator");
    let gfp = vm.new_object_with_proto(fp);
    vm.realm.generator_function_proto = gfp;
    let gf = function_family(vm, "GeneratorFunction", |vm, _, args, nt| super::function::create_dynamic_function(vm, args, nt, "function*"), gfp, gp);
    vm.realm.generator_function_ctor = gf;

    // Async functions.
    let afp = vm.new_object_with_proto(fp);
    vm.realm.async_function_proto = afp;
    let af = function_family(vm, "AsyncFunction", |vm, _, args, nt| super::function::create_dynamic_function(vm, args, nt, "async function"), afp, ObjId(0));
    vm.realm.async_function_ctor = af;

    // Async generators.
    let aip = Value::object(vm.realm.async_iterator_proto);
    let agp = vm.new_object_with_proto(aip);
    vm.realm.async_generator_proto = agp;
    vm.define_method(agp, "next", 1, |vm, this, args, _| async_gen_enqueue(vm, this, 0, arg(args, 0)));
    vm.define_method(agp, "return", 1, |vm, this, args, _| async_gen_enqueue(vm, this, 2, arg(args, 0)));
    vm.define_method(agp, "throw", 1, |vm, this, args, _| async_gen_enqueue(vm, this, 1, arg(args, 0)));
    tag(vm, agp, "AsyncGenerator");
    let agfp = vm.new_object_with_proto(fp);
    vm.realm.async_generator_function_proto = agfp;
    let agf = function_family(vm, "AsyncGeneratorFunction", |vm, _, args, nt| super::function::create_dynamic_function(vm, args, nt, "async function*"), agfp, agp);
    vm.realm.async_generator_function_ctor = agf;
}

fn gen_method(vm: &mut Vm, this: Value, v: Value, mode: i32) -> JsResult<Value> {
    match this.as_object() {
        Some(g) if matches!(&vm.obj(g).kind, ObjectKind::Generator(d) if d.flavor == 0) => vm.generator_resume(g, v, mode),
        _ => vm.throw_type("next method called on incompatible receiver"),
    }
}

// ----- async generators --------------------------------------------------------------

fn async_gen_enqueue(vm: &mut Vm, this: Value, mode: u8, v: Value) -> JsResult<Value> {
    let (p, res, rej) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let g = match this.as_object() {
        Some(g) if matches!(&vm.obj(g).kind, ObjectKind::Generator(d) if d.flavor == 2) => g,
        _ => {
            let e = vm.type_error("AsyncGenerator method called on incompatible receiver");
            vm.call(rej, Value::UNDEFINED, &[e])?;
            return Ok(p);
        }
    };
    // A request is (mode, value, capability object holding [promise, resolve, reject]).
    let cap = vm.new_array(vec![p, res, rej]);
    let executing = match &mut vm.obj_mut(g).kind {
        ObjectKind::Generator(d) => {
            d.queue.push((mode, v, Value::object(cap)));
            d.state == GenState::Executing || d.awaiting_return
        }
        _ => true,
    };
    if !executing {
        drain(vm, g)?;
    }
    Ok(p)
}

fn front(vm: &Vm, g: ObjId) -> Option<(u8, Value, Value)> {
    match &vm.obj(g).kind {
        ObjectKind::Generator(d) => d.queue.first().copied(),
        _ => None,
    }
}

/// Settles the front request with a result or an error and removes it.
fn complete_step(vm: &mut Vm, g: ObjId, result: JsResult<Value>, done: bool) -> JsResult<()> {
    let req = match &mut vm.obj_mut(g).kind {
        ObjectKind::Generator(d) if !d.queue.is_empty() => d.queue.remove(0),
        _ => return Ok(()),
    };
    let cap = req.2;
    match result {
        Ok(v) => {
            let r = vm.iter_result(v, done);
            let res = vm.get_index(cap, 1)?;
            vm.call(res, Value::UNDEFINED, &[r])?;
        }
        Err(e) => {
            let rej = vm.get_index(cap, 2)?;
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(())
}

fn set_state(vm: &mut Vm, g: ObjId, s: GenState) {
    if let ObjectKind::Generator(d) = &mut vm.obj_mut(g).kind {
        d.state = s;
    }
}

fn state(vm: &Vm, g: ObjId) -> GenState {
    match &vm.obj(g).kind {
        ObjectKind::Generator(d) => d.state,
        _ => GenState::Completed,
    }
}

/// Runs queued requests while the generator is not executing.
fn drain(vm: &mut Vm, g: ObjId) -> JsResult<()> {
    loop {
        let Some((mode, v, _)) = front(vm, g) else { return Ok(()) };
        let st = state(vm, g);
        if st == GenState::Executing {
            return Ok(());
        }
        if st == GenState::SuspendedStart && mode != 0 {
            set_state(vm, g, GenState::Completed);
            if let ObjectKind::Generator(d) = &mut vm.obj_mut(g).kind {
                d.frame = None;
            }
            continue;
        }
        if st == GenState::Completed {
            match mode {
                0 => complete_step(vm, g, Ok(Value::UNDEFINED), true)?,
                1 => complete_step(vm, g, Err(v), true)?,
                _ => {
                    // Await the return value, then settle.
                    if let ObjectKind::Generator(d) = &mut vm.obj_mut(g).kind {
                        d.awaiting_return = true;
                    }
                    let pc = Value::object(vm.realm.promise_ctor);
                    match super::promise::promise_resolve(vm, pc, v) {
                        Ok(p) => {
                            let on_f = vm.new_native_with("", 1, |vm, _, args, _| return_settled(vm, args, false), false, vec![Value::object(g)]);
                            let on_r = vm.new_native_with("", 1, |vm, _, args, _| return_settled(vm, args, true), false, vec![Value::object(g)]);
                            if let Some(po) = p.as_object() {
                                super::promise::perform_then(vm, po, Value::object(on_f), Value::object(on_r), None);
                            }
                        }
                        Err(e) => {
                            if let ObjectKind::Generator(d) = &mut vm.obj_mut(g).kind {
                                d.awaiting_return = false;
                            }
                            complete_step(vm, g, Err(e), true)?;
                            continue;
                        }
                    }
                    return Ok(());
                }
            }
            continue;
        }
        // Suspended: resume the frame with this request.
        let r = vm.resume_frame(g, v, mode as i32);
        after_run(vm, g, r)?;
        if state(vm, g) == GenState::Executing {
            return Ok(());
        }
    }
}

fn return_settled(vm: &mut Vm, args: &[Value], rejected: bool) -> JsResult<Value> {
    let Some(g) = vm.capture(0).as_object() else { return Ok(Value::UNDEFINED) };
    if let ObjectKind::Generator(d) = &mut vm.obj_mut(g).kind {
        d.awaiting_return = false;
    }
    let v = arg(args, 0);
    complete_step(vm, g, if rejected { Err(v) } else { Ok(v) }, true)?;
    drain(vm, g)?;
    Ok(Value::UNDEFINED)
}

/// Handles how a resumed async generator frame stopped.
fn after_run(vm: &mut Vm, g: ObjId, r: JsResult<(Exit, Value)>) -> JsResult<()> {
    match r {
        Ok((Exit::Await, _)) => {
            set_state(vm, g, GenState::Executing);
            Ok(())
        }
        Ok((Exit::Yield | Exit::YieldRaw, v)) => {
            set_state(vm, g, GenState::SuspendedYield);
            complete_step(vm, g, Ok(v), false)
        }
        Ok((Exit::Return, v)) => {
            set_state(vm, g, GenState::Completed);
            complete_step(vm, g, Ok(v), true)
        }
        Err(e) => {
            if vm.terminating.is_some() {
                return Err(e);
            }
            set_state(vm, g, GenState::Completed);
            complete_step(vm, g, Err(e), true)
        }
    }
}

/// An awaited promise settled inside an async generator: continue it.
pub fn async_generator_resumed(vm: &mut Vm, g: ObjId, value: Value, rejected: bool) -> JsResult<()> {
    let r = vm.resume_frame(g, value, rejected as i32);
    after_run(vm, g, r)?;
    if state(vm, g) != GenState::Executing {
        drain(vm, g)?;
    }
    Ok(())
}
