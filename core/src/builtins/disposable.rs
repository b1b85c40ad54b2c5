//! Explicit resource management (ES2026): DisposableStack, AsyncDisposableStack,
//! %IteratorPrototype%[@@dispose], %AsyncIteratorPrototype%[@@asyncDispose], and the
//! DisposeCapability operations (AddDisposableResource, DisposeResources) that `using`
//! declarations need. SuppressedError lives in `error.rs`.

use super::arg;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

/// One entry of a [[DisposableResourceStack]].
#[derive(Clone, Copy)]
pub struct DisposableResource {
    pub value: Value,
    /// The dispose method (undefined for `await using x = null`).
    pub method: Value,
    /// hint: async-dispose (true) or sync-dispose (false).
    pub is_async: bool,
}

/// [[DisposableState]] / [[AsyncDisposableState]] and [[DisposeCapability]]. The same
/// record holds the progress of an asynchronous DisposeResources.
pub struct DisposableData {
    pub is_async: bool,
    pub disposed: bool,
    pub resources: Vec<DisposableResource>,
    // Asynchronous DisposeResources in progress:
    /// The completion so far (valid when `has_error`).
    pub completion: Value,
    pub has_error: bool,
    pub needs_await: bool,
    pub has_awaited: bool,
    /// The promise capability to settle when done (promise, resolve, reject).
    pub cap: [Value; 3],
}

impl DisposableData {
    pub fn new(is_async: bool) -> DisposableData {
        DisposableData {
            is_async,
            disposed: false,
            resources: Vec::new(),
            completion: Value::UNDEFINED,
            has_error: false,
            needs_await: false,
            has_awaited: false,
            cap: [Value::UNDEFINED; 3],
        }
    }
    pub fn trace(&self, out: &mut Vec<Value>) {
        for r in &self.resources {
            out.push(r.value);
            out.push(r.method);
        }
        out.push(self.completion);
        out.extend_from_slice(&self.cap);
    }
}

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let tag = vm.realm.sym.to_string_tag;
    let dispose = vm.realm.sym.dispose;
    let async_dispose = vm.realm.sym.async_dispose;

    // %IteratorPrototype%[@@dispose] and %AsyncIteratorPrototype%[@@asyncDispose].
    let ip = vm.realm.iterator_proto;
    vm.define_method_sym(ip, dispose, "[Symbol.dispose]", 0, iterator_dispose);
    let aip = vm.realm.async_iterator_proto;
    vm.define_method_sym(aip, async_dispose, "[Symbol.asyncDispose]", 0, async_iterator_dispose);

    // DisposableStack
    let dp = vm.new_object_with_proto(op);
    vm.realm.disposable_stack_proto = dp;
    let dc = vm.new_constructor("DisposableStack", 0, |vm, _, _, nt| stack_ctor(vm, nt, false), dp);
    vm.define_getter(dp, "disposed", |vm, this, _, _| {
        let o = this_stack(vm, this, false)?;
        Ok(Value::bool(stack_data(vm, o).is_some_and(|d| d.disposed)))
    });
    let df = vm.define_method(dp, "dispose", 0, stack_dispose);
    vm.put(dp, PropKey::Sym(dispose), Value::object(df), attrs::HIDDEN);
    vm.define_method(dp, "use", 1, |vm, this, a, _| stack_use(vm, this, arg(a, 0), false));
    vm.define_method(dp, "adopt", 2, |vm, this, a, _| stack_adopt(vm, this, arg(a, 0), arg(a, 1), false));
    vm.define_method(dp, "defer", 1, |vm, this, a, _| stack_defer(vm, this, arg(a, 0), false));
    vm.define_method(dp, "move", 0, |vm, this, _, _| stack_move(vm, this, false));
    let s = vm.new_string("DisposableStack");
    vm.put(dp, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("DisposableStack", Value::object(dc));

    // AsyncDisposableStack
    let ap = vm.new_object_with_proto(op);
    vm.realm.async_disposable_stack_proto = ap;
    let ac = vm.new_constructor("AsyncDisposableStack", 0, |vm, _, _, nt| stack_ctor(vm, nt, true), ap);
    vm.define_getter(ap, "disposed", |vm, this, _, _| {
        let o = this_stack(vm, this, true)?;
        Ok(Value::bool(stack_data(vm, o).is_some_and(|d| d.disposed)))
    });
    let af = vm.define_method(ap, "disposeAsync", 0, stack_dispose_async);
    vm.put(ap, PropKey::Sym(async_dispose), Value::object(af), attrs::HIDDEN);
    vm.define_method(ap, "use", 1, |vm, this, a, _| stack_use(vm, this, arg(a, 0), true));
    vm.define_method(ap, "adopt", 2, |vm, this, a, _| stack_adopt(vm, this, arg(a, 0), arg(a, 1), true));
    vm.define_method(ap, "defer", 1, |vm, this, a, _| stack_defer(vm, this, arg(a, 0), true));
    vm.define_method(ap, "move", 0, |vm, this, _, _| stack_move(vm, this, true));
    let s = vm.new_string("AsyncDisposableStack");
    vm.put(ap, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.define_global("AsyncDisposableStack", Value::object(ac));
}

// ----- abstract operations ------------------------------------------------------------------

fn stack_data(vm: &Vm, o: ObjId) -> Option<&DisposableData> {
    match &vm.obj(o).kind {
        ObjectKind::DisposableStack(d) => Some(d),
        _ => None,
    }
}

fn stack_data_mut(vm: &mut Vm, o: ObjId) -> Option<&mut DisposableData> {
    match &mut vm.obj_mut(o).kind {
        ObjectKind::DisposableStack(d) => Some(d),
        _ => None,
    }
}

/// GetDisposeMethod(V, hint).
pub fn get_dispose_method(vm: &mut Vm, v: Value, is_async: bool) -> JsResult<Option<Value>> {
    if is_async {
        let ak = PropKey::Sym(vm.realm.sym.async_dispose);
        if let Some(m) = vm.get_method(v, ak)? {
            return Ok(Some(m));
        }
        let dk = PropKey::Sym(vm.realm.sym.dispose);
        let Some(m) = vm.get_method(v, dk)? else { return Ok(None) };
        // Wrap the sync method: a function returning a promise for its completion.
        let f = vm.new_native_with("", 0, sync_as_async_dispose, false, vec![m]);
        return Ok(Some(Value::object(f)));
    }
    let dk = PropKey::Sym(vm.realm.sym.dispose);
    vm.get_method(v, dk)
}

fn sync_as_async_dispose(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let m = vm.capture(0);
    let (p, res, rej) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    match vm.call(m, this, &[]) {
        Ok(_) => {
            vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
        }
        Err(e) if vm.terminating.is_none() => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
        Err(e) => return Err(e),
    }
    Ok(p)
}

/// CreateDisposableResource(V, hint [, method]).
pub fn create_resource(vm: &mut Vm, v: Value, is_async: bool, method: Option<Value>) -> JsResult<DisposableResource> {
    match method {
        None => {
            if v.is_nullish() {
                return Ok(DisposableResource { value: Value::UNDEFINED, method: Value::UNDEFINED, is_async });
            }
            if !v.is_object() {
                return vm.throw_type("Value is not an object and cannot be disposed");
            }
            match get_dispose_method(vm, v, is_async)? {
                Some(m) => Ok(DisposableResource { value: v, method: m, is_async }),
                None => vm.throw_type("Value does not have a dispose method"),
            }
        }
        Some(m) => {
            if !vm.is_callable(m) {
                return vm.throw_type("Dispose method is not callable");
            }
            Ok(DisposableResource { value: Value::UNDEFINED, method: m, is_async })
        }
    }
}

/// AddDisposableResource(disposeCapability of `holder`, V, hint [, method]).
pub fn add_resource(vm: &mut Vm, holder: ObjId, v: Value, is_async: bool, method: Option<Value>) -> JsResult<()> {
    if method.is_none() && v.is_nullish() && !is_async {
        return Ok(());
    }
    let r = create_resource(vm, v, is_async, method)?;
    if let Some(d) = stack_data_mut(vm, holder) {
        d.resources.push(r);
    }
    Ok(())
}

/// Combines a new disposal error with the completion so far (SuppressedError chaining).
fn combine_error(vm: &mut Vm, completion: Option<Value>, e: Value) -> Value {
    match completion {
        Some(prev) => super::error::new_suppressed_error(vm, e, prev),
        None => e,
    }
}

/// DisposeResources for a capability whose resources are all sync-dispose:
/// `completion` is Err(thrown value) or Ok(()).
pub fn dispose_resources_sync(
    vm: &mut Vm,
    resources: Vec<DisposableResource>,
    completion: JsResult<()>,
) -> JsResult<()> {
    let mut err = completion.err();
    // Keep the resources alive while their dispose methods run.
    for r in &resources {
        vm.root(r.value);
        vm.root(r.method);
    }
    for r in resources.iter().rev() {
        if r.method.is_undefined() {
            continue;
        }
        if let Err(e) = vm.call(r.method, r.value, &[]) {
            if vm.terminating.is_some() {
                return Err(e);
            }
            vm.root(e);
            let c = combine_error(vm, err, e);
            vm.root(c);
            err = Some(c);
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

// ----- the constructors and prototype methods ---------------------------------------------

fn stack_ctor(vm: &mut Vm, nt: Value, is_async: bool) -> JsResult<Value> {
    if nt.is_undefined() {
        let n = if is_async { "AsyncDisposableStack" } else { "DisposableStack" };
        return vm.throw_type(&format!("Constructor {n} requires 'new'"));
    }
    let fallback = if is_async { vm.realm.async_disposable_stack_proto } else { vm.realm.disposable_stack_proto };
    let proto = vm.proto_from_ctor(nt, fallback)?;
    let o = vm.alloc(JsObject::new(proto, ObjectKind::DisposableStack(Box::new(DisposableData::new(is_async)))));
    Ok(Value::object(o))
}

/// RequireInternalSlot(this, [[DisposableState]] / [[AsyncDisposableState]]).
fn this_stack(vm: &mut Vm, this: Value, is_async: bool) -> JsResult<ObjId> {
    if let Some(o) = this.as_object() {
        if let ObjectKind::DisposableStack(d) = &vm.obj(o).kind {
            if d.is_async == is_async {
                return Ok(o);
            }
        }
    }
    let n = if is_async { "AsyncDisposableStack" } else { "DisposableStack" };
    vm.throw_type(&format!("Receiver is not a {n}"))
}

/// RequireInternalSlot + the "already disposed" ReferenceError.
fn live_stack(vm: &mut Vm, this: Value, is_async: bool) -> JsResult<ObjId> {
    let o = this_stack(vm, this, is_async)?;
    if stack_data(vm, o).is_some_and(|d| d.disposed) {
        let n = if is_async { "AsyncDisposableStack" } else { "DisposableStack" };
        return vm.throw_reference(&format!("{n} has already been disposed"));
    }
    Ok(o)
}

fn stack_use(vm: &mut Vm, this: Value, v: Value, is_async: bool) -> JsResult<Value> {
    let o = live_stack(vm, this, is_async)?;
    add_resource(vm, o, v, is_async, None)?;
    Ok(v)
}

fn stack_adopt(vm: &mut Vm, this: Value, v: Value, on_dispose: Value, is_async: bool) -> JsResult<Value> {
    let o = live_stack(vm, this, is_async)?;
    if !vm.is_callable(on_dispose) {
        return vm.throw_type("onDispose is not a function");
    }
    let f = vm.new_native_with(
        "",
        0,
        |vm, _, _, _| {
            let (f, v) = (vm.capture(0), vm.capture(1));
            vm.call(f, Value::UNDEFINED, &[v])
        },
        false,
        vec![on_dispose, v],
    );
    add_resource(vm, o, Value::UNDEFINED, is_async, Some(Value::object(f)))?;
    Ok(v)
}

fn stack_defer(vm: &mut Vm, this: Value, on_dispose: Value, is_async: bool) -> JsResult<Value> {
    let o = live_stack(vm, this, is_async)?;
    if !vm.is_callable(on_dispose) {
        return vm.throw_type("onDispose is not a function");
    }
    add_resource(vm, o, Value::UNDEFINED, is_async, Some(on_dispose))?;
    Ok(Value::UNDEFINED)
}

fn stack_move(vm: &mut Vm, this: Value, is_async: bool) -> JsResult<Value> {
    let o = live_stack(vm, this, is_async)?;
    let proto = if is_async { vm.realm.async_disposable_stack_proto } else { vm.realm.disposable_stack_proto };
    let mut data = DisposableData::new(is_async);
    if let Some(d) = stack_data_mut(vm, o) {
        data.resources = std::mem::take(&mut d.resources);
        d.disposed = true;
    }
    let n = vm.alloc(JsObject::new(Value::object(proto), ObjectKind::DisposableStack(Box::new(data))));
    Ok(Value::object(n))
}

fn stack_dispose(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_stack(vm, this, false)?;
    let resources = match stack_data_mut(vm, o) {
        Some(d) if !d.disposed => {
            d.disposed = true;
            std::mem::take(&mut d.resources)
        }
        _ => return Ok(Value::UNDEFINED),
    };
    dispose_resources_sync(vm, resources, Ok(()))?;
    Ok(Value::UNDEFINED)
}

// ----- asynchronous DisposeResources ------------------------------------------------------

fn stack_dispose_async(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let (p, res, rej) = super::promise::new_capability(vm, Value::object(vm.realm.promise_ctor))?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let o = match this_stack(vm, this, true) {
        Ok(o) => o,
        Err(e) => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
            return Ok(p);
        }
    };
    let resources = match stack_data_mut(vm, o) {
        Some(d) if !d.disposed => {
            d.disposed = true;
            std::mem::take(&mut d.resources)
        }
        _ => {
            vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
            return Ok(p);
        }
    };
    dispose_resources_async(vm, resources, None, [p, res, rej])?;
    Ok(p)
}

/// Starts an asynchronous DisposeResources over `resources` with the completion so far
/// (`Some(error)` for a throw completion); settles `cap` (promise, resolve, reject) with
/// the result.
pub fn dispose_resources_async(
    vm: &mut Vm,
    resources: Vec<DisposableResource>,
    completion: Option<Value>,
    cap: [Value; 3],
) -> JsResult<()> {
    let mut data = DisposableData::new(true);
    data.disposed = true;
    data.resources = resources;
    data.has_error = completion.is_some();
    data.completion = completion.unwrap_or(Value::UNDEFINED);
    data.cap = cap;
    let st = vm.alloc(JsObject::new(Value::NULL, ObjectKind::DisposableStack(Box::new(data))));
    vm.root(Value::object(st));
    async_dispose_step(vm, st)
}

fn record_error(vm: &mut Vm, st: ObjId, e: Value) {
    let prev = stack_data(vm, st).and_then(|d| if d.has_error { Some(d.completion) } else { None });
    let c = combine_error(vm, prev, e);
    if let Some(d) = stack_data_mut(vm, st) {
        d.completion = c;
        d.has_error = true;
    }
}

/// Await(v), then continue the disposal loop of `st`.
fn await_then_step(vm: &mut Vm, st: ObjId, v: Value) -> JsResult<()> {
    let pc = Value::object(vm.realm.promise_ctor);
    let p = match super::promise::promise_resolve(vm, pc, v) {
        Ok(p) => p,
        Err(e) if vm.terminating.is_none() => {
            record_error(vm, st, e);
            return async_dispose_step(vm, st);
        }
        Err(e) => return Err(e),
    };
    let on_f = vm.new_native_with(
        "",
        1,
        |vm, _, _, _| {
            if let Some(st) = vm.capture(0).as_object() {
                vm.root(Value::object(st));
                async_dispose_step(vm, st)?;
            }
            Ok(Value::UNDEFINED)
        },
        false,
        vec![Value::object(st)],
    );
    let on_r = vm.new_native_with(
        "",
        1,
        |vm, _, args, _| {
            if let Some(st) = vm.capture(0).as_object() {
                vm.root(Value::object(st));
                record_error(vm, st, arg(args, 0));
                async_dispose_step(vm, st)?;
            }
            Ok(Value::UNDEFINED)
        },
        false,
        vec![Value::object(st)],
    );
    if let Some(po) = p.as_object() {
        super::promise::perform_then(vm, po, Value::object(on_f), Value::object(on_r), None);
    }
    Ok(())
}

/// Runs the DisposeResources loop until it has to await, or settles the capability.
fn async_dispose_step(vm: &mut Vm, st: ObjId) -> JsResult<()> {
    match dispose_step(vm, st)? {
        Step::Await(v) => await_then_step(vm, st, v),
        Step::Done => {
            let Some(d) = stack_data(vm, st) else { return Ok(()) };
            let (has_error, completion, [_, res, rej]) = (d.has_error, d.completion, d.cap);
            if has_error {
                vm.call(rej, Value::UNDEFINED, &[completion])?;
            } else {
                vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
            }
            Ok(())
        }
    }
}

/// Where DisposeResources stopped.
enum Step {
    /// It must Await this value, then continue (recording a rejection with `record_error`).
    Await(Value),
    /// Every resource is disposed; the completion is in the record (`has_error`/`completion`).
    Done,
}

/// The DisposeResources loop over the record of `st`, shared by disposeAsync and by `using`
/// scopes (whose Awaits the interpreter performs): calls dispose methods in reverse order,
/// recording their errors, until it has to await or is done.
fn dispose_step(vm: &mut Vm, st: ObjId) -> JsResult<Step> {
    loop {
        let Some(d) = stack_data_mut(vm, st) else { return Ok(Step::Done) };
        let Some(r) = d.resources.pop() else {
            if d.needs_await && !d.has_awaited {
                d.needs_await = false;
                d.has_awaited = true;
                return Ok(Step::Await(Value::UNDEFINED));
            }
            return Ok(Step::Done);
        };
        if !r.is_async && d.needs_await && !d.has_awaited {
            d.needs_await = false;
            d.resources.push(r);
            return Ok(Step::Await(Value::UNDEFINED));
        }
        if r.method.is_undefined() {
            d.needs_await = true;
            continue;
        }
        vm.root(r.value);
        vm.root(r.method);
        match vm.call(r.method, r.value, &[]) {
            Ok(v) if r.is_async => {
                if let Some(d) = stack_data_mut(vm, st) {
                    d.has_awaited = true;
                }
                return Ok(Step::Await(v));
            }
            Ok(_) => {}
            Err(e) if vm.terminating.is_none() => record_error(vm, st, e),
            Err(e) => return Err(e),
        }
    }
}

/// A new, empty DisposeCapability for a scope with `using` declarations.
pub fn new_scope_capability(vm: &mut Vm) -> ObjId {
    vm.alloc(JsObject::new(Value::NULL, ObjectKind::DisposableStack(Box::new(DisposableData::new(false)))))
}

/// One run of DisposeResources for a `using` scope (the `DisposeNext` instruction).
/// `thrown` is the scope's completion if it is a throw; `awaited_error` a rejection from
/// the Await the previous run asked for. Returns the completion's error, if any (a
/// disposal error replaces the completion, chained with SuppressedError), and the value
/// the caller must Await before running again (None: done).
pub fn dispose_scope_step(
    vm: &mut Vm,
    st: ObjId,
    thrown: Option<Value>,
    awaited_error: Option<Value>,
) -> JsResult<(Option<Value>, Option<Value>)> {
    // The completion lives in the caller's registers between runs.
    if let Some(d) = stack_data_mut(vm, st) {
        d.has_error = thrown.is_some();
        d.completion = thrown.unwrap_or(Value::UNDEFINED);
    }
    if let Some(e) = awaited_error {
        record_error(vm, st, e);
    }
    let step = dispose_step(vm, st)?;
    let err = stack_data(vm, st).and_then(|d| d.has_error.then_some(d.completion));
    Ok((err, match step {
        Step::Await(v) => Some(v),
        Step::Done => None,
    }))
}

// ----- iterator disposal ---------------------------------------------------------------------

/// %IteratorPrototype% [ @@dispose ] ( ).
fn iterator_dispose(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let rk = PropKey::Str(vm.names.return_);
    if let Some(m) = vm.get_method(this, rk)? {
        vm.call(m, this, &[])?;
    }
    Ok(Value::UNDEFINED)
}

/// %AsyncIteratorPrototype% [ @@asyncDispose ] ( ).
fn async_iterator_dispose(vm: &mut Vm, this: Value, _args: &[Value], _nt: Value) -> JsResult<Value> {
    let pc = Value::object(vm.realm.promise_ctor);
    let (p, res, rej) = super::promise::new_capability(vm, pc)?;
    vm.root(p);
    vm.root(res);
    vm.root(rej);
    let r = (|| -> JsResult<Option<Value>> {
        let rk = PropKey::Str(vm.names.return_);
        let Some(m) = vm.get_method(this, rk)? else { return Ok(None) };
        let result = vm.call(m, this, &[])?;
        Ok(Some(super::promise::promise_resolve(vm, pc, result)?))
    })();
    match r {
        Ok(None) => {
            vm.call(res, Value::UNDEFINED, &[Value::UNDEFINED])?;
        }
        Ok(Some(wrapper)) => {
            let on_f = vm.new_native("", 1, |_, _, _, _| Ok(Value::UNDEFINED), false);
            if let Some(po) = wrapper.as_object() {
                super::promise::perform_then(vm, po, Value::object(on_f), Value::UNDEFINED, Some((p, res, rej)));
            }
        }
        Err(e) if vm.terminating.is_none() => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
        }
        Err(e) => return Err(e),
    }
    Ok(p)
}
