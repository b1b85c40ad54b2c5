//! The `Vm`: all mutable state of one isolate — heap, shapes, realm, register
//! stack, frames, loaded code, job queue, modules and the host.
//!
//! Nothing here is global: two `Vm`s share no mutable state, and a `Vm` is
//! `Send` as long as its host is.

use crate::bytecode::{CodeUnit, Constant};
use crate::heap::Heap;
use crate::interp::frame::Frame;
use crate::object::{flags, JsObject, NativeData, NativeFn, ObjectKind, PropKey};
use crate::realm::Intrinsics;
use crate::shape::{attrs, Shapes};
use crate::value::{ObjId, StrId, SymId, Value};
use crate::JsResult;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// An inline cache entry at a property access site.
#[derive(Clone, Copy)]
pub struct IcEntry {
    /// Receiver shape (0 = empty cache; ROOT is never cached).
    pub shape: u32,
    /// For prototype hits: the holder object and its shape.
    pub holder: u32,
    pub holder_shape: u32,
    pub slot: u32,
    /// For prototype hits deeper than the receiver's own prototype: that
    /// prototype (u32::MAX otherwise). For property additions (SetProp):
    /// unused.
    pub proto: u32,
    /// `Shapes::epoch` when the entry was filled, for entries that depend on
    /// the prototype chain beyond what `shape`/`holder_shape` describe.
    pub epoch: u32,
}

impl Default for IcEntry {
    fn default() -> Self {
        // u32::MAX is the dictionary-mode shape, which never matches.
        IcEntry { shape: u32::MAX, holder: u32::MAX, holder_shape: 0, slot: 0, proto: u32::MAX, epoch: 0 }
    }
}

/// Entries per property-access site: a site that sees up to this many receiver
/// shapes (polymorphic code, e.g. a method called on objects of several classes)
/// keeps hitting its cache. Most recently filled first; global-variable sites use
/// the first entry only.
pub const IC_WAYS: usize = 4;

/// Empty inline caches for every access site of `unit`'s functions.
pub fn new_ics(unit: &CodeUnit) -> Vec<Box<[IcEntry]>> {
    unit.functions.iter().map(|f| vec![IcEntry::default(); f.n_ics as usize * IC_WAYS].into_boxed_slice()).collect()
}

/// A compiled unit as loaded into this isolate: constants materialised as
/// values, inline caches and template objects.
pub struct LoadedUnit {
    pub unit: Arc<CodeUnit>,
    pub consts: Vec<Value>,
    pub ics: Vec<Box<[IcEntry]>>,
    pub templates: HashMap<u32, Value>,
    /// The module record this unit is the code of, if any.
    pub module: Option<u32>,
    /// (mounted snapshot, unit) when the code came from a snapshot.
    pub origin: Option<(u32, u32)>,
}

/// Slot names of a scope record, for dynamic name lookup.
#[derive(Clone)]
pub struct ScopeInfo {
    pub names: Arc<[(StrId, u8)]>,
    pub var_scope: bool,
}

/// A pending job (microtask).
pub enum Job {
    Reaction { reaction: crate::object::Reaction, argument: Value, rejected: bool },
    ResolveThenable { promise: Value, thenable: Value, then: Value },
    Call { func: Value, args: Vec<Value> },
    /// Run a host callback registered through the API.
    Native { f: NativeFn, args: Vec<Value> },
}

/// Interned names used by the engine itself.
pub struct Names {
    pub length: StrId,
    pub prototype: StrId,
    pub constructor: StrId,
    pub name: StrId,
    pub message: StrId,
    pub value: StrId,
    pub done: StrId,
    pub next: StrId,
    pub get: StrId,
    pub set: StrId,
    pub writable: StrId,
    pub enumerable: StrId,
    pub configurable: StrId,
    pub to_string: StrId,
    pub value_of: StrId,
    pub then: StrId,
    pub callee: StrId,
    pub cause: StrId,
    pub stack: StrId,
    pub empty: StrId,
    pub return_: StrId,
    pub throw_: StrId,
    pub lastindex: StrId,
    pub index: StrId,
    pub input: StrId,
    pub groups: StrId,
    pub exec: StrId,
    pub flags: StrId,
    pub raw: StrId,
    pub errors: StrId,
    pub join: StrId,
    pub arguments: StrId,
    pub caller: StrId,
}

pub struct Vm {
    pub heap: Heap,
    pub shapes: Shapes,
    /// The current realm's intrinsics: a copy of `realms[realm_id]`, so that
    /// intrinsic lookups stay one field load (see `switch_realm`).
    pub realm: Intrinsics,
    /// Index of the current realm in `realms`.
    pub realm_id: u32,
    /// Every realm of the isolate (`realms[0]` is the first one). Realms are
    /// never freed: their intrinsics are GC roots for the isolate's lifetime.
    pub realms: Vec<Intrinsics>,
    pub names: Names,
    /// The register file: frames are windows into it (see `interp/frame.rs`).
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub units: Vec<LoadedUnit>,
    pub jobs: VecDeque<Job>,
    pub host: Box<dyn Host + Send>,
    /// Values kept alive for native code that re-enters JS (handle scope).
    pub roots: Vec<Value>,
    /// Values kept alive for the embedder (`Isolate::persist`).
    pub persistent: Vec<Value>,
    pub persistent_free: Vec<u32>,
    /// `Symbol.for` registry.
    pub symbol_registry: HashMap<Box<[u16]>, SymId>,
    /// Materialised scope-name tables (from `Constant::Scope`), for dynamic lookup.
    pub scopes: Vec<ScopeInfo>,
    pub modules: crate::modules::ModuleTable,
    /// Promises rejected with no handler, reported when the job queue drains.
    pub unhandled_rejections: Vec<Value>,
    /// Depth of native → JS re-entry (bounds the Rust stack).
    pub native_depth: u32,
    pub max_native_depth: u32,
    /// Rust stack bytes that nested native-to-JS calls may use below the first
    /// entry (`stack_base`), so deep recursion through natives ends in a
    /// RangeError before the host thread's stack runs out, whatever the frame
    /// sizes. Embedders on small threads keep the default; the CLI raises it.
    pub stack_budget: usize,
    pub stack_base: usize,
    pub max_frames: usize,
    pub max_stack: usize,
    /// Set when a limit or interrupt requires unwinding without running catch blocks.
    pub terminating: Option<String>,
    pub interrupt: Arc<std::sync::atomic::AtomicBool>,
    /// Extra hooks for the test262 host (`$262`).
    pub test262: bool,
    pub instructions: u64,
    /// How the last `run` left a generator-ish frame.
    pub exit: crate::interp::Exit,
    /// The last RegExp subject string and, if it is all ASCII, its UTF-8 copy
    /// (`builtins/regexp.rs`); cleared by the collector.
    pub regexp_subject: Option<(StrId, Option<Box<str>>)>,
    /// Compiled regular expressions by (source, flags): a literal evaluated in a
    /// loop, or `new RegExp(s)` with a repeated `s`, compiles once. Bounded.
    pub regexp_cache: crate::fxhash::FxHashMap<(Box<[u16]>, Box<str>), std::sync::Arc<regress::Regex>>,
    /// Direct-eval code already compiled and loaded, by (calling unit, eval
    /// flags, source): a loop that evals the same text compiles it once and
    /// does not add a unit per call (see `direct_eval`).
    pub eval_cache: crate::fxhash::FxHashMap<(u32, u8, Box<str>), (u32, Arc<CodeUnit>)>,
    /// The native function object being called (for its captures).
    pub current_native: Value,
    /// State owned by the embedder (e.g. the CLI's timer queue).
    pub embedder: Option<Box<dyn std::any::Any + Send>>,
    /// The host's time zone, asked on first use (`local_tz.rs`).
    pub local_zone: Option<crate::local_tz::LocalZone>,
    /// [[KeptAlive]]: WeakRef targets created or dereferenced since the job queue last
    /// drained. They stay strong until then (ClearKeptObjects), so a `deref()` answer
    /// cannot change within one synchronous run.
    pub kept_alive: Vec<Value>,
}

pub use crate::host::Host;

impl Vm {
    pub fn new(host: Box<dyn Host + Send>) -> Vm {
        let mut heap = Heap::default();
        let s = |h: &mut Heap, t: &str| h.intern_str(t);
        let names = Names {
            length: s(&mut heap, "length"),
            prototype: s(&mut heap, "prototype"),
            constructor: s(&mut heap, "constructor"),
            name: s(&mut heap, "name"),
            message: s(&mut heap, "message"),
            value: s(&mut heap, "value"),
            done: s(&mut heap, "done"),
            next: s(&mut heap, "next"),
            get: s(&mut heap, "get"),
            set: s(&mut heap, "set"),
            writable: s(&mut heap, "writable"),
            enumerable: s(&mut heap, "enumerable"),
            configurable: s(&mut heap, "configurable"),
            to_string: s(&mut heap, "toString"),
            value_of: s(&mut heap, "valueOf"),
            then: s(&mut heap, "then"),
            callee: s(&mut heap, "callee"),
            cause: s(&mut heap, "cause"),
            stack: s(&mut heap, "stack"),
            empty: s(&mut heap, ""),
            return_: s(&mut heap, "return"),
            throw_: s(&mut heap, "throw"),
            lastindex: s(&mut heap, "lastIndex"),
            index: s(&mut heap, "index"),
            input: s(&mut heap, "input"),
            groups: s(&mut heap, "groups"),
            exec: s(&mut heap, "exec"),
            flags: s(&mut heap, "flags"),
            raw: s(&mut heap, "raw"),
            errors: s(&mut heap, "errors"),
            join: s(&mut heap, "join"),
            arguments: s(&mut heap, "arguments"),
            caller: s(&mut heap, "caller"),
        };
        let mut vm = Vm {
            heap,
            shapes: Shapes::default(),
            realm: Intrinsics::placeholder(),
            realm_id: 0,
            realms: Vec::new(),
            names,
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            units: Vec::new(),
            jobs: VecDeque::new(),
            host,
            roots: Vec::new(),
            persistent: Vec::new(),
            persistent_free: Vec::new(),
            symbol_registry: HashMap::new(),
            scopes: Vec::new(),
            modules: Default::default(),
            unhandled_rejections: Vec::new(),
            native_depth: 0,
            max_native_depth: if cfg!(target_family = "wasm") { 200 } else { 400 },
            stack_budget: 1 << 20,
            stack_base: 0,
            max_frames: 10_000,
            max_stack: 4_000_000,
            terminating: None,
            interrupt: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            test262: false,
            instructions: 0,
            exit: crate::interp::Exit::Return,
            regexp_subject: None,
            regexp_cache: Default::default(),
            eval_cache: Default::default(),
            current_native: Value::UNDEFINED,
            embedder: None,
            local_zone: None,
            kept_alive: Vec::new(),
        };
        crate::realm::init(&mut vm);
        vm.realms.push(vm.realm.clone());
        vm
    }

    // ----- realms -------------------------------------------------------------

    /// Makes realm `r` the current realm. Callers compare first (`r != realm_id`):
    /// crossing realms is rare, so this stays off the call path.
    #[cold]
    #[inline(never)]
    pub fn switch_realm(&mut self, r: u32) {
        if let Some(i) = self.realms.get(r as usize) {
            self.realm = i.clone();
            self.realm_id = r;
        }
    }

    /// Creates a new realm (intrinsics and global object) and returns its
    /// index; the current realm does not change. The well-known symbols are
    /// shared with every other realm of the isolate.
    pub fn create_realm(&mut self) -> u32 {
        let prev = self.realm_id;
        let id = self.realms.len() as u32;
        let sym = self.realm.sym.clone();
        self.realm = Intrinsics::placeholder();
        self.realm.sym = sym;
        self.realm_id = id;
        // A placeholder entry while the builtins are built (nothing can
        // collect during initialisation: it runs no JavaScript).
        self.realms.push(self.realm.clone());
        crate::realm::init_objects(self);
        self.realms[id as usize] = self.realm.clone();
        self.switch_realm(prev);
        id
    }

    /// Runs `f` with realm `r` current (for embedders installing host globals).
    pub fn with_realm<T>(&mut self, r: u32, f: impl FnOnce(&mut Vm) -> T) -> T {
        let prev = self.realm_id;
        if r != prev {
            self.switch_realm(r);
        }
        let out = f(self);
        if self.realm_id != prev {
            self.switch_realm(prev);
        }
        out
    }

    /// GetFunctionRealm(obj): the realm of a function object; the current realm
    /// for other objects. A revoked proxy throws a TypeError.
    pub fn function_realm(&mut self, obj: Value) -> JsResult<u32> {
        let mut cur = obj;
        // Bound and proxy chains are finite (images are checked acyclic, and
        // targets are fixed at creation); the bound keeps a hostile heap from looping.
        for _ in 0..1_000_000 {
            let Some(o) = cur.as_object() else { break };
            match &self.obj(o).kind {
                ObjectKind::Closure(c) => return Ok(c.realm),
                ObjectKind::Native(n) => return Ok(n.realm),
                ObjectKind::Wrapped { realm, .. } => return Ok(*realm),
                ObjectKind::Bound(b) => cur = b.target,
                ObjectKind::Proxy { target, handler } => {
                    if handler.is_null() {
                        return self.throw_type("Cannot get the realm of a revoked proxy");
                    }
                    cur = *target;
                }
                _ => break,
            }
        }
        Ok(self.realm_id)
    }

    /// `fallback` (an intrinsic of the current realm) as it is in the realm of
    /// constructor `ctor`: the default prototype of GetPrototypeFromConstructor.
    pub fn intrinsic_for(&mut self, ctor: Value, fallback: ObjId) -> JsResult<ObjId> {
        let r = self.function_realm(ctor)?;
        if r == self.realm_id {
            return Ok(fallback);
        }
        Ok(match self.realms.get(r as usize) {
            Some(other) => self.realm.same_in(other, fallback),
            None => fallback,
        })
    }

    // ----- strings ------------------------------------------------------------

    #[inline]
    pub fn str_units(&self, id: StrId) -> &[u16] {
        self.heap.str(id)
    }
    pub fn new_string_units(&mut self, units: Vec<u16>) -> Value {
        if units.is_empty() {
            return Value::string(self.names.empty);
        }
        Value::string(self.heap.alloc_string(units.into_boxed_slice()))
    }
    pub fn new_string(&mut self, s: &str) -> Value {
        self.new_string_units(s.encode_utf16().collect())
    }
    pub fn intern(&mut self, s: &str) -> StrId {
        self.heap.intern_str(s)
    }
    /// Rust text of a string value (lone surrogates become U+FFFD).
    pub fn string_lossy(&self, v: Value) -> String {
        match v.as_string() {
            Some(id) => self.heap.string_lossy(id),
            None => String::new(),
        }
    }
    pub fn key_str(&mut self, s: &str) -> PropKey {
        let units: Vec<u16> = s.encode_utf16().collect();
        self.key_units(&units)
    }
    /// The property key for a string's text (array indices become `Index`).
    pub fn key_units(&mut self, units: &[u16]) -> PropKey {
        if let Some(i) = crate::ops::convert::array_index(units) {
            return PropKey::Index(i);
        }
        PropKey::Str(self.heap.intern(units))
    }
    pub fn key_value(&self, k: PropKey) -> Value {
        match k {
            PropKey::Str(s) => Value::string(s),
            PropKey::Sym(s) => Value::symbol(s),
            PropKey::Index(_) => Value::UNDEFINED,
        }
    }
    /// A key as a JS value (indices become strings).
    pub fn key_to_value(&mut self, k: PropKey) -> Value {
        match k {
            PropKey::Str(s) => Value::string(s),
            PropKey::Sym(s) => Value::symbol(s),
            PropKey::Index(i) => self.new_string(&i.to_string()),
        }
    }

    // ----- objects ------------------------------------------------------------

    pub fn alloc(&mut self, o: JsObject) -> ObjId {
        self.heap.alloc_object(o)
    }
    pub fn new_object_with_proto(&mut self, proto: Value) -> ObjId {
        self.alloc(JsObject::new(proto, ObjectKind::Ordinary))
    }
    pub fn new_object(&mut self) -> ObjId {
        let p = Value::object(self.realm.object_proto);
        self.new_object_with_proto(p)
    }
    pub fn new_array(&mut self, items: Vec<Value>) -> ObjId {
        let mut o = JsObject::new(Value::object(self.realm.array_proto), ObjectKind::Array);
        o.array_len = items.len() as u32;
        o.elements = crate::object::Elements::Dense(items);
        self.alloc(o)
    }
    #[inline]
    pub fn obj(&self, id: ObjId) -> &JsObject {
        self.heap.obj(id)
    }
    #[inline]
    pub fn obj_mut(&mut self, id: ObjId) -> &mut JsObject {
        self.heap.obj_mut(id)
    }
    /// Raw own data property write (defines or overwrites, no checks).
    pub fn put(&mut self, obj: ObjId, key: PropKey, value: Value, a: u8) {
        let Vm { heap, shapes, .. } = self;
        heap.obj_mut(obj).put(shapes, key, value, a);
    }
    pub fn put_str(&mut self, obj: ObjId, name: &str, value: Value, a: u8) {
        let k = self.key_str(name);
        self.put(obj, k, value, a);
    }

    /// Creates a native function object.
    pub fn new_native(&mut self, name: &str, length: u32, f: NativeFn, constructor: bool) -> ObjId {
        self.new_native_with(name, length, f, constructor, Vec::new())
    }
    pub fn new_native_with(&mut self, name: &str, length: u32, f: NativeFn, constructor: bool, captures: Vec<Value>) -> ObjId {
        let proto = Value::object(self.realm.function_proto);
        let realm = self.realm_id;
        let mut o = JsObject::new(proto, ObjectKind::Native(Box::new(NativeData { f, constructor, captures, realm })));
        if constructor {
            o.flags |= flags::CONSTRUCTOR;
        }
        let id = self.alloc(o);
        let len = self.names.length;
        self.put(id, PropKey::Str(len), Value::int(length as i32), attrs::CONFIGURABLE);
        let n = self.new_string(name);
        let nk = self.names.name;
        self.put(id, PropKey::Str(nk), n, attrs::CONFIGURABLE);
        id
    }
    /// Defines a builtin method `name` on `obj`.
    pub fn define_method(&mut self, obj: ObjId, name: &str, length: u32, f: NativeFn) -> ObjId {
        let func = self.new_native(name, length, f, false);
        let k = self.key_str(name);
        self.put(obj, k, Value::object(func), attrs::HIDDEN);
        func
    }
    /// Defines a builtin method keyed by a symbol (`[Symbol.iterator]`).
    pub fn define_method_sym(&mut self, obj: ObjId, sym: SymId, name: &str, length: u32, f: NativeFn) -> ObjId {
        let func = self.new_native(name, length, f, false);
        self.put(obj, PropKey::Sym(sym), Value::object(func), attrs::HIDDEN);
        func
    }
    /// Defines an accessor property with native getter (and optional setter).
    pub fn define_accessor(&mut self, obj: ObjId, key: PropKey, name: &str, get: Option<NativeFn>, set: Option<NativeFn>, a: u8) {
        let g = match get {
            Some(f) => Value::object(self.new_native(&format!("get {name}"), 0, f, false)),
            None => Value::UNDEFINED,
        };
        let s = match set {
            Some(f) => Value::object(self.new_native(&format!("set {name}"), 1, f, false)),
            None => Value::UNDEFINED,
        };
        let pair = self.alloc(JsObject::new(Value::NULL, ObjectKind::Accessor { get: g, set: s }));
        self.put(obj, key, Value::object(pair), a | attrs::ACCESSOR);
    }
    /// `get [Symbol.species]() { return this }` on a constructor.
    pub fn define_species_getter(&mut self, ctor: ObjId) {
        let sp = self.realm.sym.species;
        self.define_accessor(ctor, PropKey::Sym(sp), "[Symbol.species]", Some(|_, this, _, _| Ok(this)), None, attrs::CONFIGURABLE);
    }
    pub fn define_getter(&mut self, obj: ObjId, name: &str, f: NativeFn) {
        let k = self.key_str(name);
        self.define_accessor(obj, k, name, Some(f), None, attrs::CONFIGURABLE);
    }
    pub fn define_value(&mut self, obj: ObjId, name: &str, value: Value, a: u8) {
        self.put_str(obj, name, value, a);
    }
    /// Creates a constructor with its prototype object linked both ways.
    pub fn new_constructor(&mut self, name: &str, length: u32, f: NativeFn, proto: ObjId) -> ObjId {
        let ctor = self.new_native(name, length, f, true);
        let pk = self.names.prototype;
        self.put(ctor, PropKey::Str(pk), Value::object(proto), attrs::NONE);
        let ck = self.names.constructor;
        self.put(proto, PropKey::Str(ck), Value::object(ctor), attrs::HIDDEN);
        ctor
    }
    /// Installs a global binding.
    pub fn define_global(&mut self, name: &str, value: Value) {
        let g = self.realm.global;
        self.put_str(g, name, value, attrs::HIDDEN);
    }

    // ----- errors ----------------------------------------------------------------

    /// Creates an error object of the given constructor's prototype.
    pub fn new_error(&mut self, proto: ObjId, msg: &str) -> Value {
        let o = self.alloc(JsObject::new(Value::object(proto), ObjectKind::Error(Value::UNDEFINED)));
        let m = self.new_string(msg);
        let mk = self.names.message;
        self.put(o, PropKey::Str(mk), m, attrs::HIDDEN);
        crate::builtins::error::attach_stack(self, o);
        Value::object(o)
    }
    pub fn type_error(&mut self, msg: &str) -> Value {
        let p = self.realm.type_error_proto;
        self.new_error(p, msg)
    }
    pub fn range_error(&mut self, msg: &str) -> Value {
        let p = self.realm.range_error_proto;
        self.new_error(p, msg)
    }
    pub fn reference_error(&mut self, msg: &str) -> Value {
        let p = self.realm.reference_error_proto;
        self.new_error(p, msg)
    }
    pub fn syntax_error(&mut self, msg: &str) -> Value {
        let p = self.realm.syntax_error_proto;
        self.new_error(p, msg)
    }
    pub fn throw_type<T>(&mut self, msg: &str) -> JsResult<T> {
        Err(self.type_error(msg))
    }
    pub fn throw_range<T>(&mut self, msg: &str) -> JsResult<T> {
        Err(self.range_error(msg))
    }
    pub fn throw_reference<T>(&mut self, msg: &str) -> JsResult<T> {
        Err(self.reference_error(msg))
    }
    pub fn throw_syntax<T>(&mut self, msg: &str) -> JsResult<T> {
        Err(self.syntax_error(msg))
    }

    /// The native function currently executing (to read its captures).
    pub fn native_self(&self) -> Option<Value> {
        if self.current_native.is_object() {
            Some(self.current_native)
        } else {
            None
        }
    }
    /// Capture `i` of the native function currently executing.
    pub fn capture(&self, i: usize) -> Value {
        match self.current_native.as_object().map(|f| &self.obj(f).kind) {
            Some(ObjectKind::Native(n)) => n.captures.get(i).copied().unwrap_or_default(),
            _ => Value::UNDEFINED,
        }
    }

    /// Invokes a native function object with the handle scope and `native_self`
    /// set up, in its realm `realm`.
    pub(crate) fn invoke_native(&mut self, fobj: Value, f: NativeFn, realm: u32, this: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
        let mark = self.roots.len();
        // The function object (and so its captures) stays alive while it runs,
        // even once a nested native call replaces `current_native`.
        self.roots.push(fobj);
        let prev = std::mem::replace(&mut self.current_native, fobj);
        let caller_realm = self.realm_id;
        if realm != caller_realm {
            self.switch_realm(realm);
        }
        let r = f(self, this, args, new_target);
        if self.realm_id != caller_realm {
            self.switch_realm(caller_realm);
        }
        self.current_native = prev;
        self.roots.truncate(mark);
        r
    }

    // ----- rooting ------------------------------------------------------------------

    /// Keeps `v` alive until the current native call returns.
    pub fn root(&mut self, v: Value) {
        self.roots.push(v);
    }

    // ----- loaded code --------------------------------------------------------------

    /// Loads a compiled unit into this isolate; returns its index.
    pub fn load_unit(&mut self, unit: Arc<CodeUnit>, module: Option<u32>) -> u32 {
        let mut consts = Vec::with_capacity(unit.constants.len());
        for c in &unit.constants {
            let v = match c {
                Constant::Number(n) => Value::number(*n),
                Constant::String(s) => Value::string(self.heap.intern(s)),
                Constant::BigInt(text) => crate::builtins::bigint::parse_literal(self, text),
                Constant::Scope { names, flags, var_scope } => {
                    let table: Vec<(StrId, u8)> =
                        names.iter().zip(flags.iter()).map(|(n, f)| (self.heap.intern(n), *f)).collect();
                    self.scopes.push(ScopeInfo { names: Arc::from(table), var_scope: *var_scope });
                    Value::int(self.scopes.len() as i32 - 1)
                }
                _ => Value::UNDEFINED,
            };
            consts.push(v);
        }
        let ics = new_ics(&unit);
        self.units.push(LoadedUnit { unit, consts, ics, templates: HashMap::new(), module, origin: None });
        self.units.len() as u32 - 1
    }

    pub fn global_value(&self) -> Value {
        Value::object(self.realm.global)
    }
}
