//! The isolate's heap: one arena per kind of cell, addressed by `u32` index.
//!
//! Cells never move, references are indices (see `value.rs`), and freed slots are
//! recycled through a free list. The collector is a precise, non-moving
//! mark-and-sweep over explicit roots (see `gc.rs`); it runs only at safepoints,
//! never inside an allocation, so Rust code may hold values across allocations
//! as long as it does not re-enter JavaScript without rooting them.

use crate::object::JsObject;
use crate::value::{BigId, ObjId, StrId, SymId, Value};
use num_bigint::BigInt;
use std::cell::{Cell, OnceCell};

/// A typed arena with a free list and one mark bit per cell.
///
/// Cells live in fixed-size chunks that are never reallocated: growing the heap
/// never copies it, and never holds an old and a new copy of a large arena at
/// once (the allocator may keep freed blocks resident for a while).
pub struct Arena<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
    pub marks: Vec<bool>,
    pub live: Vec<bool>,
    free: Vec<u32>,
}

const CHUNK_SHIFT: usize = 12;
const CHUNK: usize = 1 << CHUNK_SHIFT;
const CHUNK_MASK: usize = CHUNK - 1;

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena { chunks: Vec::new(), len: 0, marks: Vec::new(), live: Vec::new(), free: Vec::new() }
    }
}

impl<T> std::ops::Index<usize> for Arena<T> {
    type Output = T;
    #[inline]
    fn index(&self, i: usize) -> &T {
        &self.chunks[i >> CHUNK_SHIFT][i & CHUNK_MASK]
    }
}

impl<T> std::ops::IndexMut<usize> for Arena<T> {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i >> CHUNK_SHIFT][i & CHUNK_MASK]
    }
}

impl<T> Arena<T> {
    pub fn alloc(&mut self, value: T) -> u32 {
        if let Some(i) = self.free.pop() {
            self[i as usize] = value;
            self.live[i as usize] = true;
            i
        } else {
            if self.len & CHUNK_MASK == 0 {
                self.chunks.push(Vec::with_capacity(CHUNK));
            }
            if let Some(c) = self.chunks.last_mut() {
                c.push(value);
            }
            self.marks.push(false);
            self.live.push(true);
            self.len += 1;
            (self.len - 1) as u32
        }
    }
    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i >> CHUNK_SHIFT)?.get(i & CHUNK_MASK)
    }
    pub fn len(&self) -> usize {
        self.len
    }
    /// Every cell, free ones included, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
    /// An arena holding `cells`, of which those with `live[i]` false are free.
    pub fn from_cells(cells: Vec<T>, live: Vec<bool>) -> Self {
        let free = (0..cells.len() as u32).rev().filter(|&i| !live[i as usize]).collect();
        let len = cells.len();
        let mut chunks: Vec<Vec<T>> = Vec::new();
        for (i, c) in cells.into_iter().enumerate() {
            if i & CHUNK_MASK == 0 {
                chunks.push(Vec::with_capacity(CHUNK));
            }
            if let Some(last) = chunks.last_mut() {
                last.push(c);
            }
        }
        Arena { chunks, len, marks: vec![false; len], live, free }
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn live_count(&self) -> usize {
        self.len - self.free.len()
    }
    /// Frees every live cell that is not marked, replacing it with `dead`;
    /// clears marks. Returns how many cells were freed.
    pub fn sweep(&mut self, mut dead: impl FnMut() -> T) -> usize {
        let mut freed = 0;
        for i in 0..self.len {
            if self.live[i] && !self.marks[i] {
                self[i] = dead();
                self.live[i] = false;
                self.free.push(i as u32);
                freed += 1;
            }
            self.marks[i] = false;
        }
        freed
    }
}

/// A JS string: UTF-16 code units, immutable once allocated.
///
/// A long concatenation result is a *rope*: it records its two halves and its
/// length, and its text is built on first read (`Heap::str`), so a loop of
/// `s += piece` costs linear rather than quadratic time. Flattening fills
/// `flat` through a `OnceCell` (reads take `&Heap`) and forgets the halves.
pub struct JsString {
    flat: OnceCell<Box<[u16]>>,
    /// A rope's halves (`NO_ROPE` when flat): cleared once the text is built.
    left: Cell<u32>,
    right: Cell<u32>,
    len: u32,
    /// Set when this cell is the canonical (interned) copy of its text.
    pub interned: bool,
}

const NO_ROPE: u32 = u32::MAX;

/// The longest string, in code units (V8's limit): longer results throw a RangeError.
pub const MAX_STRING_LEN: usize = (1 << 30) - 25;

/// Concatenations shorter than this are copied; longer ones become ropes. A rope
/// costs a cell of its own and keeps both halves alive until it is read, so
/// short results (most string building in practice) are cheaper copied; the
/// quadratic cost that ropes prevent only matters for long strings.
pub const MIN_ROPE_LEN: usize = 256;

impl JsString {
    pub fn flat(units: Box<[u16]>, interned: bool) -> JsString {
        let len = units.len() as u32;
        JsString { flat: OnceCell::from(units), left: Cell::new(NO_ROPE), right: Cell::new(NO_ROPE), len, interned }
    }
    /// The free-cell filler.
    pub fn dead() -> JsString {
        JsString::flat(Box::new([]), false)
    }
    pub fn len(&self) -> usize {
        self.len as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The halves of an unflattened rope (for the collector).
    pub fn rope_halves(&self) -> Option<(StrId, StrId)> {
        let l = self.left.get();
        (l != NO_ROPE).then(|| (StrId(l), StrId(self.right.get())))
    }
}

pub struct SymbolData {
    /// `undefined` or a string value.
    pub description: Value,
    /// The key under which `Symbol.for` registered it.
    pub registered: bool,
    /// A private name (`#x`): never visible to reflection.
    pub private: bool,
}

/// Bytes per kind of cell (the cell plus its mark and live flags), for heap
/// accounting and `--max-heap`; storage outside the cell is added per object.
pub const OBJECT_COST: usize = std::mem::size_of::<JsObject>() + 2;
pub const STRING_COST: usize = std::mem::size_of::<JsString>() + 2;

pub struct Heap {
    pub objects: Arena<JsObject>,
    pub strings: Arena<JsString>,
    pub symbols: Arena<SymbolData>,
    pub bigints: Arena<BigInt>,
    /// Canonical strings by content: property keys and constants.
    interned: crate::fxhash::FxHashMap<Box<[u16]>, StrId>,
    /// Bytes allocated since the last collection (approximate).
    pub allocated_since_gc: usize,
    /// Bytes live after the last collection (approximate).
    pub live_after_gc: usize,
    /// Collect when `allocated_since_gc` passes this.
    pub gc_threshold: usize,
    /// Hard limit on live bytes; `None` is unlimited.
    pub max_heap: Option<usize>,
    pub collections: u64,
}

impl Default for Heap {
    fn default() -> Self {
        Heap {
            objects: Arena::default(),
            strings: Arena::default(),
            symbols: Arena::default(),
            bigints: Arena::default(),
            interned: Default::default(),
            allocated_since_gc: 0,
            live_after_gc: 0,
            gc_threshold: 8 << 20,
            max_heap: None,
            collections: 0,
        }
    }
}

impl Heap {
    #[inline]
    pub fn gc_wanted(&self) -> bool {
        self.allocated_since_gc >= self.gc_threshold
    }

    #[inline]
    pub fn obj(&self, id: ObjId) -> &JsObject {
        &self.objects[id.0 as usize]
    }
    #[inline]
    pub fn obj_mut(&mut self, id: ObjId) -> &mut JsObject {
        &mut self.objects[id.0 as usize]
    }
    pub fn alloc_object(&mut self, o: JsObject) -> ObjId {
        self.allocated_since_gc += OBJECT_COST + o.slots_heap_size() + o.elements.heap_size();
        ObjId(self.objects.alloc(o))
    }

    #[inline]
    pub fn str(&self, id: StrId) -> &[u16] {
        let s = &self.strings[id.0 as usize];
        match s.flat.get() {
            Some(u) => u,
            None => self.flatten(s),
        }
    }
    /// The length of a string, without flattening a rope.
    #[inline]
    pub fn str_len(&self, id: StrId) -> usize {
        self.strings[id.0 as usize].len()
    }
    /// Builds a rope's text: a left-to-right walk over its leaves with an explicit
    /// stack (ropes built by `s += x` loops are deep), reusing any half already built.
    #[cold]
    fn flatten<'a>(&'a self, s: &'a JsString) -> &'a [u16] {
        let mut out: Vec<u16> = Vec::with_capacity(s.len());
        let mut pending: Vec<u32> = Vec::new();
        if let Some((l, r)) = s.rope_halves() {
            pending.push(r.0);
            pending.push(l.0);
        }
        while let Some(i) = pending.pop() {
            let Some(c) = self.strings.get(i as usize) else { continue };
            match (c.flat.get(), c.rope_halves()) {
                (Some(u), _) => out.extend_from_slice(u),
                (None, Some((l, r))) => {
                    pending.push(r.0);
                    pending.push(l.0);
                }
                (None, None) => {}
            }
        }
        s.left.set(NO_ROPE);
        s.right.set(NO_ROPE);
        s.flat.get_or_init(|| out.into_boxed_slice())
    }
    pub fn alloc_string(&mut self, units: Box<[u16]>) -> StrId {
        self.allocated_since_gc += STRING_COST + units.len() * 2;
        StrId(self.strings.alloc(JsString::flat(units, false)))
    }
    /// A rope of `a` then `b` (neither empty; see `MIN_ROPE_LEN`).
    pub fn alloc_rope(&mut self, a: StrId, b: StrId) -> StrId {
        let len = (self.str_len(a) + self.str_len(b)) as u32;
        // The text is counted now: flattening allocates it later, outside accounting.
        self.allocated_since_gc += STRING_COST + len as usize * 2;
        let cell = JsString { flat: OnceCell::new(), left: Cell::new(a.0), right: Cell::new(b.0), len, interned: false };
        StrId(self.strings.alloc(cell))
    }
    pub fn is_interned(&self, id: StrId) -> bool {
        self.strings[id.0 as usize].interned
    }
    /// The canonical string cell for `units`, allocating it once.
    pub fn intern(&mut self, units: &[u16]) -> StrId {
        if let Some(&id) = self.interned.get(units) {
            return id;
        }
        let boxed: Box<[u16]> = units.into();
        self.allocated_since_gc += STRING_COST + units.len() * 4;
        let id = StrId(self.strings.alloc(JsString::flat(boxed.clone(), true)));
        self.interned.insert(boxed, id);
        id
    }
    /// Interns the text of an existing string cell.
    pub fn intern_id(&mut self, id: StrId) -> StrId {
        if self.is_interned(id) {
            return id;
        }
        let units: Box<[u16]> = self.str(id).into();
        self.intern(&units)
    }
    pub fn intern_str(&mut self, s: &str) -> StrId {
        let units: Vec<u16> = s.encode_utf16().collect();
        self.intern(&units)
    }
    /// Rebuilds the content → id map from the cells' `interned` flags (heap images).
    pub fn rebuild_interned(&mut self) {
        let mut map = crate::fxhash::FxHashMap::default();
        for (i, s) in self.strings.iter().enumerate() {
            if s.interned && self.strings.live[i] {
                map.insert(self.str(StrId(i as u32)).into(), StrId(i as u32));
            }
        }
        self.interned = map;
    }
    pub fn interned_ids(&self) -> impl Iterator<Item = StrId> + '_ {
        self.interned.values().copied()
    }

    pub fn alloc_symbol(&mut self, description: Value) -> SymId {
        self.allocated_since_gc += 32;
        SymId(self.symbols.alloc(SymbolData { description, registered: false, private: false }))
    }
    pub fn symbol(&self, id: SymId) -> &SymbolData {
        &self.symbols[id.0 as usize]
    }

    pub fn alloc_bigint(&mut self, b: BigInt) -> BigId {
        self.allocated_since_gc += 48 + (b.bits() as usize / 8);
        BigId(self.bigints.alloc(b))
    }
    #[inline]
    pub fn bigint(&self, id: BigId) -> &BigInt {
        &self.bigints[id.0 as usize]
    }

    /// Rust string of a JS string (lone surrogates become U+FFFD).
    pub fn string_lossy(&self, id: StrId) -> String {
        String::from_utf16_lossy(self.str(id))
    }

    /// Approximate live bytes (recomputed on collection).
    pub fn estimate_live_bytes(&self) -> usize {
        let mut total = 0;
        for (i, o) in self.objects.iter().enumerate() {
            if self.objects.live[i] {
                total += OBJECT_COST + o.slots_heap_size() + o.elements.heap_size();
            }
        }
        for (i, s) in self.strings.iter().enumerate() {
            if self.strings.live[i] {
                total += STRING_COST + s.len() * 2;
            }
        }
        total + self.symbols.live_count() * 32 + self.bigints.live_count() * 48
    }
}
