//! Hidden classes ("shapes"): the layout of an object's named properties.
//!
//! Objects built by the same sequence of property additions share a shape, so a
//! property's slot index can be cached per shape at an access site (inline
//! caches, `interp/ic.rs`). Shapes form a transition tree rooted at `ROOT`; each
//! shape knows its full ordered property list, which is also the spec's
//! insertion order for string and symbol keys. Objects that grow past
//! `MAX_SHAPED_PROPS` properties or have properties deleted or reconfigured move
//! to dictionary mode (`object::Dict`) and leave the shape system.
//! Shapes belong to one isolate; nothing here is shared between isolates.

use crate::object::PropKey;
use crate::fxhash::FxHashMap;
use std::cell::OnceCell;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct ShapeId(pub u32);

impl ShapeId {
    /// The empty shape every object starts from.
    pub const ROOT: ShapeId = ShapeId(0);
    /// Marks an object in dictionary mode; never matches an inline cache.
    pub const DICT: ShapeId = ShapeId(u32::MAX);
}

pub const MAX_SHAPED_PROPS: usize = 64;

/// Property attribute bits.
pub mod attrs {
    pub const WRITABLE: u8 = 1;
    pub const ENUMERABLE: u8 = 2;
    pub const CONFIGURABLE: u8 = 4;
    /// The slot holds an accessor pair object instead of a value.
    pub const ACCESSOR: u8 = 8;
    pub const DEFAULT: u8 = WRITABLE | ENUMERABLE | CONFIGURABLE;
    /// Builtin methods: writable, configurable, not enumerable.
    pub const HIDDEN: u8 = WRITABLE | CONFIGURABLE;
    pub const NONE: u8 = 0;
}

pub struct Shape {
    /// Ordered (key, attributes); the slot of a property is its index here.
    pub props: Arc<[(PropKey, u8)]>,
    transitions: FxHashMap<(PropKey, u8), ShapeId>,
    /// Key → slot, built on the first lookup in a shape with more than
    /// `LINEAR_LOOKUP` properties (prototypes and the global object are
    /// searched on every inline-cache miss).
    index: OnceCell<FxHashMap<PropKey, u32>>,
}

/// Up to this many properties a linear scan beats hashing.
const LINEAR_LOOKUP: usize = 8;

pub struct Shapes {
    shapes: Vec<Shape>,
    /// Bumped whenever an object marked `flags::WATCHED` (a prototype some
    /// inline cache depends on) gains, loses or reconfigures a named property
    /// or changes its prototype. Cache entries that rely on the shape of a
    /// prototype chain record it and are stale once it differs.
    pub epoch: u32,
    /// The shapes of unmapped [0] and mapped [1] arguments objects (`length`,
    /// `@@iterator`, `callee`), found once per isolate.
    pub arguments: [Option<ShapeId>; 2],
    /// Shapes of fresh closures (`Vm::new_closure`), filled on first use; ROOT
    /// means not yet computed. They live here so that a heap image, which
    /// replaces the whole table, also drops them.
    pub closure_shapes: [ShapeId; 3],
}

impl Default for Shapes {
    fn default() -> Self {
        Shapes { shapes: vec![Shape { props: Arc::from(Vec::new()), transitions: FxHashMap::default(), index: OnceCell::new() }], epoch: 0, arguments: [None; 2], closure_shapes: [ShapeId::ROOT; 3] }
    }
}

impl Shapes {
    #[inline]
    pub fn get(&self, id: ShapeId) -> &Shape {
        &self.shapes[id.0 as usize]
    }
    pub fn len(&self) -> usize {
        self.shapes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
    /// Slot and attributes of `key` in shape `id`.
    #[inline]
    pub fn lookup(&self, id: ShapeId, key: PropKey) -> Option<(u32, u8)> {
        let shape = &self.shapes[id.0 as usize];
        let props = &shape.props;
        if props.len() <= LINEAR_LOOKUP {
            return props.iter().position(|(k, _)| *k == key).map(|i| (i as u32, props[i].1));
        }
        let index = shape.index.get_or_init(|| props.iter().enumerate().map(|(i, (k, _))| (*k, i as u32)).collect());
        index.get(&key).map(|&i| (i, props[i as usize].1))
    }
    /// The parent of a shape and the property it adds (`None` for ROOT); the
    /// whole table is these triples, which is how heap images store it.
    pub fn parent_of(&self, id: ShapeId) -> Option<(ShapeId, PropKey, u8)> {
        let props = &self.shapes.get(id.0 as usize)?.props;
        let (&(key, attrs), rest) = props.split_last()?;
        // Shapes are only made by `add`, so the parent is the shape of the prefix.
        let mut s = ShapeId::ROOT;
        for &(k, a) in rest {
            s = *self.shapes[s.0 as usize].transitions.get(&(k, a))?;
        }
        Some((s, key, attrs))
    }
    /// Adds shape number `self.len()` as `parent` + (key, attrs); `None` if
    /// that transition already exists (a heap image must list each once).
    pub fn add_new(&mut self, parent: ShapeId, key: PropKey, attrs: u8) -> Option<ShapeId> {
        let p = self.shapes.get(parent.0 as usize)?;
        if p.transitions.contains_key(&(key, attrs)) {
            return None;
        }
        Some(self.add(parent, key, attrs))
    }
    /// Invalidates inline-cache entries that depend on prototype chains.
    #[inline]
    pub fn bump_epoch(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
    }
    /// The existing transition from `from` by adding `key` with `attrs`.
    #[inline]
    pub fn transition(&self, from: ShapeId, key: PropKey, attrs: u8) -> Option<ShapeId> {
        self.shapes.get(from.0 as usize)?.transitions.get(&(key, attrs)).copied()
    }
    /// The shape reached from `from` by adding `key` with `attrs`.
    pub fn add(&mut self, from: ShapeId, key: PropKey, attrs: u8) -> ShapeId {
        if let Some(&to) = self.shapes[from.0 as usize].transitions.get(&(key, attrs)) {
            return to;
        }
        let mut props: Vec<(PropKey, u8)> = self.shapes[from.0 as usize].props.to_vec();
        props.push((key, attrs));
        let id = ShapeId(self.shapes.len() as u32);
        self.shapes.push(Shape { props: Arc::from(props), transitions: FxHashMap::default(), index: OnceCell::new() });
        self.shapes[from.0 as usize].transitions.insert((key, attrs), id);
        id
    }
}
