//! The object layout and raw (non-observable) property storage.
//!
//! An object is `proto` + named properties (shape-described `slots`, or a
//! `Dict` in dictionary mode) + indexed `elements` + a `kind` carrying the
//! internal slots of exotic and builtin objects. Everything here is pure data
//! manipulation; the spec's observable operations ([[Get]], [[Set]], Proxy
//! traps, getters) live in `ops/property.rs` because they may run JavaScript.

use crate::shape::{attrs, ShapeId, Shapes, MAX_SHAPED_PROPS};
use crate::value::{ObjId, StrId, SymId, Value};
use std::collections::{BTreeMap, HashMap};

/// A property key. Canonical array indices (0..2^32-2) are `Index`, other
/// strings are interned `Str` ids, so keys compare by integer equality.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PropKey {
    Index(u32),
    Str(StrId),
    Sym(SymId),
}

impl PropKey {
    pub fn to_value(self, heap_index_string: impl FnOnce(u32) -> Value) -> Value {
        match self {
            PropKey::Index(i) => heap_index_string(i),
            PropKey::Str(s) => Value::string(s),
            PropKey::Sym(s) => Value::symbol(s),
        }
    }
}

/// Native function signature: `(vm, this, args, new_target)`; `new_target` is
/// `undefined` for a call and the constructor for `new`.
pub type NativeFn = fn(&mut crate::Vm, Value, &[Value], Value) -> crate::JsResult<Value>;

/// Indexed properties. Dense arrays keep holes as `Value::HOLE`; any element
/// with non-default attributes, or a very sparse array, uses `Sparse`.
#[derive(Clone)]
pub enum Elements {
    Dense(Vec<Value>),
    Sparse(Box<BTreeMap<u32, (Value, u8)>>),
}

impl Elements {
    pub fn heap_size(&self) -> usize {
        match self {
            Elements::Dense(v) => v.capacity() * 8,
            Elements::Sparse(m) => m.len() * 40,
        }
    }
}

/// Named properties of an object in dictionary mode, in insertion order.
#[derive(Clone, Default)]
pub struct Dict {
    pub entries: Vec<Option<(PropKey, u8, Value)>>,
    pub index: crate::fxhash::FxHashMap<PropKey, usize>,
    holes: usize,
}

impl Dict {
    /// A dictionary with these entries, in order (heap images).
    pub fn from_entries(list: Vec<(PropKey, u8, Value)>) -> Dict {
        let mut d = Dict::default();
        for (k, a, v) in list {
            d.insert(k, a, v);
        }
        d
    }
    pub fn get(&self, key: PropKey) -> Option<(u8, Value)> {
        self.index.get(&key).and_then(|&i| self.entries[i].map(|(_, a, v)| (a, v)))
    }
    pub fn insert(&mut self, key: PropKey, attrs: u8, value: Value) {
        if let Some(&i) = self.index.get(&key) {
            self.entries[i] = Some((key, attrs, value));
        } else {
            self.index.insert(key, self.entries.len());
            self.entries.push(Some((key, attrs, value)));
        }
    }
    pub fn remove(&mut self, key: PropKey) {
        if let Some(i) = self.index.remove(&key) {
            self.entries[i] = None;
            self.holes += 1;
            if self.holes > 16 && self.holes * 2 > self.entries.len() {
                self.entries.retain(|e| e.is_some());
                self.holes = 0;
                self.index.clear();
                for (i, e) in self.entries.iter().enumerate() {
                    if let Some((k, _, _)) = e {
                        self.index.insert(*k, i);
                    }
                }
            }
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &(PropKey, u8, Value)> {
        self.entries.iter().flatten()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IterKind {
    Keys,
    Values,
    Entries,
}

/// State of a generator / async function / async generator object.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenState {
    SuspendedStart,
    SuspendedYield,
    Executing,
    Completed,
}

/// A suspended interpreter frame: what a generator keeps between resumptions.
#[derive(Clone)]
pub struct SavedFrame {
    pub closure: ObjId,
    /// Register pair receiving (value, mode) on resumption.
    pub resume_reg: u32,
    pub pc: u32,
    pub regs: Vec<Value>,
    pub extra_args: Vec<Value>,
    pub new_target: Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PromiseState {
    Pending,
    Fulfilled,
    Rejected,
}

#[derive(Clone)]
pub struct PromiseData {
    pub state: PromiseState,
    pub result: Value,
    /// (on_fulfilled, on_rejected, capability promise/resolve/reject object or undefined)
    pub reactions: Vec<Reaction>,
    pub handled: bool,
}

#[derive(Clone, Copy)]
pub struct Reaction {
    pub on_fulfilled: Value,
    pub on_rejected: Value,
    /// The derived promise's capability: `promise`, `resolve`, `reject` (may be undefined).
    pub cap_promise: Value,
    pub cap_resolve: Value,
    pub cap_reject: Value,
}

/// An ordered hash table for Map and Set (deletion leaves tombstones so that
/// live iterators keep their position).
#[derive(Clone, Default)]
pub struct OrderedTable {
    pub entries: Vec<Option<(Value, Value)>>,
    pub index: HashMap<MapKey, usize>,
    pub live: usize,
    /// Iterator objects over this table (held weakly; checked before use),
    /// whose positions are adjusted when tombstones are compacted away.
    pub iterators: Vec<ObjId>,
}

/// A FinalizationRegistry's internal slots. Targets and unregister tokens
/// are held weakly (the collector drops cells whose target died).
#[derive(Clone, Default)]
pub struct FinRegData {
    pub cleanup: Value,
    /// (target, held value, unregister token or undefined)
    pub cells: Vec<(Value, Value, Value)>,
}

/// Map/Set key after SameValueZero normalisation: numbers by value, strings
/// by content, everything else by identity.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum MapKey {
    Bits(u64),
    Str(Box<[u16]>),
    Big(String),
}

pub enum ObjectKind {
    Ordinary,
    Array,
    /// A function compiled from JS: (loaded unit, function index) + captured scope.
    Closure(Box<ClosureData>),
    Native(Box<NativeData>),
    Bound(Box<BoundData>),
    /// A scope record for captured variables; variables live in `slots`.
    /// `scope` indexes `Vm::scopes` (slot names, for dynamic lookup).
    Env { parent: Value, scope: u32 },
    /// A `with` statement's object scope.
    WithEnv { parent: Value, object: Value },
    /// Arguments object; `mapped` aliases the parameters to `env` slots.
    Arguments { mapped: Option<Box<(ObjId, Vec<u32>)>> },
    /// An Error instance ([[ErrorData]]); holds the stack trace string captured at
    /// creation (read by the Error.prototype.stack getter), or undefined.
    Error(Value),
    BooleanBox(bool),
    NumberBox(f64),
    StringBox(StrId),
    SymbolBox(SymId),
    BigIntBox(Value),
    Date(f64),
    RegExp(Box<crate::builtins::regexp::RegExpData>),
    Map(Box<OrderedTable>),
    Set(Box<OrderedTable>),
    WeakMap(Box<OrderedTable>),
    WeakSet(Box<OrderedTable>),
    WeakRef(Value),
    FinalizationRegistry(Box<FinRegData>),
    Promise(Box<PromiseData>),
    Generator(Box<GeneratorData>),
    ArrayIterator { target: Value, index: u32, kind: IterKind, done: bool },
    MapIterator { target: Value, index: u32, kind: IterKind, done: bool },
    StringIterator { target: Value, index: u32, done: bool },
    /// A for-in enumeration in progress.
    ForIn(Box<ForInState>),
    Proxy { target: Value, handler: Value },
    /// getter/setter pair stored in the slot of an accessor property.
    Accessor { get: Value, set: Value },
    /// A module namespace object; `deferred` for `import defer` namespaces,
    /// whose module is evaluated on first access to an export.
    ModuleNamespace { module: u32, deferred: bool },
    /// A module source object (`import source`): [[ModuleSourceClassName]].
    ModuleSource { class_name: Value },
    ArrayBuffer(Box<crate::builtins::typed_array::BufferData>),
    TypedArray(Box<crate::builtins::typed_array::TypedArrayData>),
    DataView(Box<crate::builtins::typed_array::TypedArrayData>),
    /// Holds arbitrary values for engine internals (e.g. a cached template object list).
    Internal(Box<Vec<Value>>),
    /// Iterator helper objects and %WrapForValidIteratorPrototype% wrappers.
    IteratorHelper(Box<crate::builtins::iterator::HelperData>),
    /// DisposableStack / AsyncDisposableStack ([[DisposableState]] + [[DisposeCapability]]),
    /// also the state of an asynchronous DisposeResources in progress.
    DisposableStack(Box<crate::builtins::disposable::DisposableData>),
    /// A Temporal object (Instant, PlainDate, ..., Duration); holds no JS values.
    Temporal(Box<crate::builtins::temporal::TemporalValue>),
    /// A ShadowRealm instance: [[ShadowRealm]] (index into `Vm::realms`).
    ShadowRealm(u32),
    /// A wrapped function exotic object (the ShadowRealm boundary):
    /// [[WrappedTargetFunction]] and [[Realm]].
    Wrapped { target: Value, realm: u32 },
}

pub struct ClosureData {
    pub unit: u32,
    pub func: u32,
    pub env: Value,
    /// [[HomeObject]] for `super` lookups.
    pub home: Value,
    /// For class constructors: the class's instance field initialiser function or undefined.
    pub fields: Value,
    /// For derived class constructors with private methods: the brand holder.
    pub is_class_constructor: bool,
    pub is_derived: bool,
    /// [[Realm]]: index into `Vm::realms` of the realm the closure was created in.
    pub realm: u32,
}

pub struct NativeData {
    pub f: NativeFn,
    pub constructor: bool,
    pub captures: Vec<Value>,
    /// [[Realm]]: index into `Vm::realms` of the realm whose intrinsics it belongs to.
    pub realm: u32,
}

pub struct BoundData {
    pub target: Value,
    pub this: Value,
    pub args: Vec<Value>,
}

pub struct GeneratorData {
    pub state: GenState,
    pub frame: Option<SavedFrame>,
    /// 0 = generator, 1 = async function, 2 = async generator
    pub flavor: u8,
    /// Async functions/generators: the promise (or async-generator request queue).
    pub promise: Value,
    pub queue: Vec<(u8, Value, Value)>,
    pub awaiting_return: bool,
}

pub struct ForInState {
    pub keys: Vec<Value>,
    pub pos: usize,
    pub object: Value,
}

/// Flag bits on `JsObject::flags`.
pub mod flags {
    pub const EXTENSIBLE: u8 = 1;
    /// Callable as a constructor (`new`).
    pub const CONSTRUCTOR: u8 = 2;
    /// Array length is not writable.
    pub const LENGTH_READONLY: u8 = 4;
    /// Object is a class constructor (throws on plain call).
    pub const CLASS: u8 = 8;
    /// Object has the [[IsHTMLDDA]] slot (test262 host object).
    pub const HTMLDDA: u8 = 16;
    /// A Proxy whose target is callable.
    pub const CALLABLE_PROXY: u8 = 32;
    /// A prototype that inline caches depend on: changes to its named
    /// properties or its prototype bump `Shapes::epoch`.
    pub const WATCHED: u8 = 64;
    /// Object has the [[IsRawJSON]] slot (from `JSON.rawJSON`).
    pub const RAW_JSON: u8 = 128;
}

/// Named-property storage: the first `INLINE_SLOTS` values live inside the
/// object cell, so most objects (points, list nodes, small records) need no
/// allocation of their own besides the cell.
pub const INLINE_SLOTS: usize = 4;
pub type Slots = smallvec::SmallVec<[Value; INLINE_SLOTS]>;

pub struct JsObject {
    pub proto: Value,
    pub shape: ShapeId,
    pub slots: Slots,
    pub dict: Option<Box<Dict>>,
    pub elements: Elements,
    /// For arrays: the `length`. For others: unused.
    pub array_len: u32,
    pub kind: ObjectKind,
    pub flags: u8,
}

/// Where a property was found (raw storage, no getters run).
#[derive(Clone, Copy, Debug)]
pub enum Slot {
    Named { index: u32, attrs: u8 },
    Dict { attrs: u8, value: Value },
    Element { value: Value, attrs: u8 },
}

impl JsObject {
    /// Bytes of named-property storage outside the cell.
    pub fn slots_heap_size(&self) -> usize {
        if self.slots.spilled() {
            self.slots.capacity() * 8
        } else {
            0
        }
    }
    pub fn new(proto: Value, kind: ObjectKind) -> JsObject {
        JsObject {
            proto,
            shape: ShapeId::ROOT,
            slots: Slots::new(),
            dict: None,
            elements: Elements::Dense(Vec::new()),
            array_len: 0,
            kind,
            flags: flags::EXTENSIBLE,
        }
    }
    pub fn dead() -> JsObject {
        JsObject::new(Value::NULL, ObjectKind::Ordinary)
    }
    #[inline]
    pub fn is_extensible(&self) -> bool {
        self.flags & flags::EXTENSIBLE != 0
    }
    #[inline]
    pub fn is_array(&self) -> bool {
        matches!(self.kind, ObjectKind::Array)
    }
    pub fn is_callable(&self) -> bool {
        match self.kind {
            ObjectKind::Closure(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) | ObjectKind::Wrapped { .. } => true,
            ObjectKind::Proxy { .. } => self.flags & flags::CALLABLE_PROXY != 0,
            _ => false,
        }
    }

    /// Finds an own property in raw storage.
    pub fn find(&self, shapes: &Shapes, key: PropKey) -> Option<Slot> {
        if let PropKey::Index(i) = key {
            return match &self.elements {
                Elements::Dense(v) => match v.get(i as usize) {
                    Some(&value) if !value.is_hole() => Some(Slot::Element { value, attrs: attrs::DEFAULT }),
                    _ => None,
                },
                Elements::Sparse(m) => m.get(&i).map(|&(value, attrs)| Slot::Element { value, attrs }),
            };
        }
        if let Some(d) = &self.dict {
            return d.get(key).map(|(attrs, value)| Slot::Dict { attrs, value });
        }
        shapes.lookup(self.shape, key).map(|(index, attrs)| Slot::Named { index, attrs })
    }

    /// Value stored for a found slot (for accessors: the Accessor pair object).
    #[inline]
    pub fn slot_value(&self, slot: Slot) -> Value {
        match slot {
            Slot::Named { index, .. } => self.slots[index as usize],
            Slot::Dict { value, .. } | Slot::Element { value, .. } => value,
        }
    }

    /// Adds or overwrites an own property with the given attributes.
    pub fn put(&mut self, shapes: &mut Shapes, key: PropKey, value: Value, a: u8) {
        if let PropKey::Index(i) = key {
            self.put_element(i, value, a);
            return;
        }
        if let Some(d) = &mut self.dict {
            if self.flags & flags::WATCHED != 0 && d.get(key).map(|(old, _)| old) != Some(a) {
                shapes.bump_epoch();
            }
            d.insert(key, a, value);
            return;
        }
        match shapes.lookup(self.shape, key) {
            Some((index, old)) if old == a => self.slots[index as usize] = value,
            Some(_) => {
                if self.flags & flags::WATCHED != 0 {
                    shapes.bump_epoch();
                }
                self.to_dict(shapes);
                if let Some(d) = &mut self.dict {
                    d.insert(key, a, value);
                }
            }
            None => {
                if self.flags & flags::WATCHED != 0 {
                    shapes.bump_epoch();
                }
                if self.slots.len() >= MAX_SHAPED_PROPS {
                    self.to_dict(shapes);
                    if let Some(d) = &mut self.dict {
                        d.insert(key, a, value);
                    }
                    return;
                }
                self.shape = shapes.add(self.shape, key, a);
                self.slots.push(value);
            }
        }
    }

    fn put_element(&mut self, i: u32, value: Value, a: u8) {
        if self.is_array() && i >= self.array_len {
            self.array_len = i + 1;
        }
        if let Elements::Dense(v) = &mut self.elements {
            let idx = i as usize;
            if a == attrs::DEFAULT {
                if idx < v.len() {
                    v[idx] = value;
                    return;
                }
                // Grow densely only by a bounded amount of holes, so that a few
                // far-apart writes cannot allocate gigabytes.
                if idx <= v.len() + 1024 || idx < 65536 {
                    v.resize(idx, Value::HOLE);
                    v.push(value);
                    return;
                }
            }
            self.make_sparse();
        }
        if let Elements::Sparse(m) = &mut self.elements {
            m.insert(i, (value, a));
        }
    }

    /// Converts dense elements to the sparse representation.
    pub fn make_sparse(&mut self) {
        if let Elements::Dense(v) = &self.elements {
            let mut m = BTreeMap::new();
            for (j, &x) in v.iter().enumerate() {
                if !x.is_hole() {
                    m.insert(j as u32, (x, attrs::DEFAULT));
                }
            }
            self.elements = Elements::Sparse(Box::new(m));
        }
    }

    /// Removes an own property (no configurability check).
    pub fn remove(&mut self, shapes: &mut Shapes, key: PropKey) {
        if let PropKey::Index(i) = key {
            match &mut self.elements {
                Elements::Dense(v) => {
                    if let Some(x) = v.get_mut(i as usize) {
                        *x = Value::HOLE;
                    }
                    while v.last().is_some_and(|x| x.is_hole()) {
                        v.pop();
                    }
                }
                Elements::Sparse(m) => {
                    m.remove(&i);
                }
            }
            return;
        }
        if self.dict.is_none() {
            if shapes.lookup(self.shape, key).is_none() {
                return;
            }
            self.to_dict(shapes);
        }
        if self.flags & flags::WATCHED != 0 {
            shapes.bump_epoch();
        }
        if let Some(d) = &mut self.dict {
            d.remove(key);
        }
    }

    /// Leaves the shape system: named properties move into a `Dict`.
    pub fn to_dict(&mut self, shapes: &Shapes) {
        if self.dict.is_some() {
            return;
        }
        let mut d = Dict::default();
        for (i, &(k, a)) in shapes.get(self.shape).props.iter().enumerate() {
            d.insert(k, a, self.slots[i]);
        }
        self.dict = Some(Box::new(d));
        self.slots = Slots::new();
        self.shape = ShapeId::DICT;
    }

    /// Changes the attributes of an existing named/indexed property.
    pub fn set_attrs(&mut self, shapes: &mut Shapes, key: PropKey, value: Value, a: u8) {
        if let PropKey::Index(i) = key {
            if a != attrs::DEFAULT {
                self.make_sparse();
            }
            self.put_element(i, value, a);
            return;
        }
        if self.flags & flags::WATCHED != 0 {
            shapes.bump_epoch();
        }
        self.to_dict(shapes);
        if let Some(d) = &mut self.dict {
            d.insert(key, a, value);
        }
    }

    /// Own keys in spec order: indices ascending, then strings and symbols in
    /// insertion order (the caller filters strings vs symbols).
    pub fn own_keys(&self, shapes: &Shapes) -> Vec<(PropKey, u8)> {
        let mut out = Vec::new();
        match &self.elements {
            Elements::Dense(v) => {
                for (i, x) in v.iter().enumerate() {
                    if !x.is_hole() {
                        out.push((PropKey::Index(i as u32), attrs::DEFAULT));
                    }
                }
            }
            Elements::Sparse(m) => {
                for (&i, &(_, a)) in m.iter() {
                    out.push((PropKey::Index(i), a));
                }
            }
        }
        if let Some(d) = &self.dict {
            out.extend(d.iter().map(|&(k, a, _)| (k, a)));
        } else {
            out.extend(shapes.get(self.shape).props.iter().copied());
        }
        out
    }

    /// Every value this object references, for the collector.
    pub fn trace(&self, out: &mut Vec<Value>) {
        out.push(self.proto);
        out.extend_from_slice(&self.slots);
        if let Some(d) = &self.dict {
            out.extend(d.iter().map(|&(_, _, v)| v));
            out.extend(d.iter().filter_map(|&(k, _, _)| key_value(k)));
        } else {
            // Shape keys are interned strings (always live) or symbols, which
            // the collector marks through the shape table.
        }
        match &self.elements {
            Elements::Dense(v) => out.extend_from_slice(v),
            Elements::Sparse(m) => out.extend(m.values().map(|&(v, _)| v)),
        }
        match &self.kind {
            ObjectKind::Closure(c) => {
                out.push(c.env);
                out.push(c.home);
                out.push(c.fields);
            }
            ObjectKind::Native(n) => out.extend_from_slice(&n.captures),
            ObjectKind::Wrapped { target, .. } => out.push(*target),
            ObjectKind::Bound(b) => {
                out.push(b.target);
                out.push(b.this);
                out.extend_from_slice(&b.args);
            }
            ObjectKind::Env { parent, .. } => out.push(*parent),
            ObjectKind::WithEnv { parent, object } => {
                out.push(*parent);
                out.push(*object);
            }
            ObjectKind::Arguments { mapped: Some(m) } => out.push(Value::object(m.0)),
            ObjectKind::StringBox(s) => out.push(Value::string(*s)),
            ObjectKind::SymbolBox(s) => out.push(Value::symbol(*s)),
            ObjectKind::BigIntBox(v) => out.push(*v),
            // The target is held weakly: the collector clears it once dead.
            ObjectKind::WeakRef(_) => {}
            ObjectKind::RegExp(r) => r.trace(out),
            ObjectKind::Map(t) | ObjectKind::Set(t) => {
                for (k, v) in t.entries.iter().flatten() {
                    out.push(*k);
                    out.push(*v);
                }
            }
            // Weak collections are traced by the collector's ephemeron pass.
            ObjectKind::WeakMap(_) | ObjectKind::WeakSet(_) => {}
            ObjectKind::FinalizationRegistry(f) => {
                out.push(f.cleanup);
                for (t, h, k) in &f.cells {
                    out.push(*h);
                    // Symbols are not collected weakly: keep them alive.
                    if t.is_symbol() {
                        out.push(*t);
                    }
                    if k.is_symbol() {
                        out.push(*k);
                    }
                }
            }
            ObjectKind::Promise(p) => {
                out.push(p.result);
                for r in &p.reactions {
                    out.extend_from_slice(&[r.on_fulfilled, r.on_rejected, r.cap_promise, r.cap_resolve, r.cap_reject]);
                }
            }
            ObjectKind::Generator(g) => {
                out.push(g.promise);
                for (_, a, b) in &g.queue {
                    out.push(*a);
                    out.push(*b);
                }
                if let Some(f) = &g.frame {
                    out.push(Value::object(f.closure));
                    out.extend_from_slice(&f.regs);
                    out.extend_from_slice(&f.extra_args);
                    out.push(f.new_target);
                }
            }
            ObjectKind::ArrayIterator { target, .. }
            | ObjectKind::MapIterator { target, .. }
            | ObjectKind::StringIterator { target, .. } => out.push(*target),
            ObjectKind::ForIn(s) => {
                out.extend_from_slice(&s.keys);
                out.push(s.object);
            }
            ObjectKind::Proxy { target, handler } => {
                out.push(*target);
                out.push(*handler);
            }
            ObjectKind::Accessor { get, set } => {
                out.push(*get);
                out.push(*set);
            }
            ObjectKind::TypedArray(t) | ObjectKind::DataView(t) => out.push(t.buffer),
            ObjectKind::Internal(v) => out.extend_from_slice(v),
            ObjectKind::Error(stack) => out.push(*stack),
            ObjectKind::ModuleSource { class_name } => out.push(*class_name),
            ObjectKind::IteratorHelper(h) => h.trace(out),
            ObjectKind::DisposableStack(d) => d.trace(out),
            _ => {}
        }
    }
}

fn key_value(k: PropKey) -> Option<Value> {
    match k {
        PropKey::Str(s) => Some(Value::string(s)),
        PropKey::Sym(s) => Some(Value::symbol(s)),
        PropKey::Index(_) => None,
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod layout_tests {
    /// Cell sizes are memory per object for every program: keep them from growing
    /// unnoticed (big payloads of rare kinds belong in a Box).
    #[test]
    fn cell_sizes() {
        assert_eq!(std::mem::size_of::<super::ObjectKind>(), 24);
        assert_eq!(std::mem::size_of::<super::Elements>(), 24);
        assert!(std::mem::size_of::<super::JsObject>() <= 120, "JsObject is {} bytes", std::mem::size_of::<super::JsObject>());
    }
}
