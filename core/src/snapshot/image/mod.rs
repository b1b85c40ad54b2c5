//! Heap images (`gannet compile --init`): the state of an isolate after the
//! program's top level ran, written position-independently and restored into a
//! fresh isolate.
//!
//! An image holds the four arenas cell by cell (indices are kept, so every
//! value and reference inside stays valid), the shape table, the loaded units
//! (as indices into the snapshot's unit table, with their materialised
//! constants), scope tables, module records, the symbol registry and the
//! embedder's persistent handles. It does not hold the realm's intrinsics or
//! the engine's interned names: those are indices that realm initialisation
//! produces identically in every isolate of the same engine and host setup,
//! which the image checks through `base`, a hash of the heap layout of the
//! isolate it was taken from before the program ran. Native functions are
//! stored as their index in the list of natives of that base state (plus
//! `RUNTIME_NATIVES`, created while programs run), never as addresses.
//!
//! Loading verifies every value and reference (kind, index and liveness),
//! every closure's function, every shape, and that prototype, bound-target and
//! proxy-target chains are acyclic, before the image replaces the heap.

mod check;
mod decode;
mod encode;

pub use encode::write_image;

use super::{hash, EngineLayout, Snapshot, SnapshotError};
use crate::object::{MapKey, NativeFn, ObjectKind};
use crate::value::Value;
use crate::{Isolate, Vm};
use std::collections::HashMap;
use std::sync::Arc;

const NONE: u32 = u32::MAX;

/// Natives created while programs run (not present in a fresh realm), which a
/// heap image may hold: index `base natives + i`.
fn runtime_natives() -> Vec<NativeFn> {
    let mut v = crate::builtins::promise::RUNTIME_NATIVES.to_vec();
    v.push(crate::builtins::proxy::revoke_fn);
    v.extend_from_slice(crate::modules::RUNTIME_NATIVES);
    v.extend_from_slice(crate::interp::decorators::RUNTIME_NATIVES);
    v
}

/// Object kind tags in images (one per `ObjectKind` variant).
mod kind {
    pub const ORDINARY: u8 = 0;
    pub const ARRAY: u8 = 1;
    pub const CLOSURE: u8 = 2;
    pub const NATIVE: u8 = 3;
    pub const BOUND: u8 = 4;
    pub const ENV: u8 = 5;
    pub const WITH_ENV: u8 = 6;
    pub const ARGUMENTS: u8 = 7;
    pub const ERROR: u8 = 8;
    pub const BOOLEAN: u8 = 9;
    pub const NUMBER: u8 = 10;
    pub const STRING: u8 = 11;
    pub const SYMBOL: u8 = 12;
    pub const BIGINT: u8 = 13;
    pub const DATE: u8 = 14;
    pub const REGEXP: u8 = 15;
    pub const MAP: u8 = 16;
    pub const SET: u8 = 17;
    pub const WEAK_MAP: u8 = 18;
    pub const WEAK_SET: u8 = 19;
    pub const WEAK_REF: u8 = 20;
    pub const FIN_REG: u8 = 21;
    pub const PROMISE: u8 = 22;
    pub const GENERATOR: u8 = 23;
    pub const ARRAY_ITER: u8 = 24;
    pub const MAP_ITER: u8 = 25;
    pub const STRING_ITER: u8 = 26;
    pub const FOR_IN: u8 = 27;
    pub const PROXY: u8 = 28;
    pub const ACCESSOR: u8 = 29;
    pub const NAMESPACE: u8 = 30;
    pub const ARRAY_BUFFER: u8 = 31;
    pub const TYPED_ARRAY: u8 = 32;
    pub const DATA_VIEW: u8 = 33;
    pub const INTERNAL: u8 = 34;
    pub const HELPER: u8 = 35;
    pub const DISPOSABLE: u8 = 36;
    pub const TEMPORAL: u8 = 37;
    pub const MODULE_SOURCE: u8 = 38;
}


/// Replaces `iso`'s heap with the snapshot's image. `iso` must be fresh and
/// set up like the isolate that took the image (same host globals).
pub fn restore(iso: &mut Isolate, snap: &Arc<Snapshot>) -> Result<(), SnapshotError> {
    let Some(bytes) = snap.heap_image() else { return Err(SnapshotError::Corrupt { offset: 0, what: "no heap image".into() }) };
    let at = snap.sections.iter().find(|(k, _)| *k == super::layout::HEAP).map_or(0, |(_, e)| e.offset as usize);
    let vm = iso.vm();
    let base = EngineLayout::of_vm(vm);
    let im = decode::read_image(bytes, at, snap, &base)?;
    vm.heap.strings = im.strings;
    vm.heap.symbols = im.symbols;
    vm.heap.bigints = im.bigints;
    vm.heap.objects = im.objects;
    vm.heap.rebuild_interned();
    vm.shapes = im.shapes;
    vm.units = im.units;
    vm.scopes = im.scopes;
    vm.modules.records = im.records;
    vm.modules.async_count = im.async_count;
    vm.modules.by_name = im.by_name;
    vm.modules.native = im.native;
    vm.modules.snapshots = vec![snap.clone()];
    vm.modules.mounted.clear();
    for (u, su) in snap.units.iter().enumerate() {
        if su.json || su.unit.module.is_some() {
            vm.modules.mounted.entry(su.name.clone()).or_insert((0, u as u32));
        }
    }
    vm.symbol_registry = im.registry;
    vm.persistent = im.persistent;
    vm.persistent_free = im.persistent_free;
    vm.stack.clear();
    vm.roots.clear();
    vm.jobs.clear();
    // Caches keyed by heap indices of the replaced heap.
    vm.regexp_subject = None;
    // Map and Set indices are hash tables keyed by contents: rebuild them.
    for i in 0..vm.heap.objects.len() {
        let keys: Vec<(usize, Value)> = match &vm.heap.objects[i].kind {
            ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
                t.entries.iter().enumerate().filter_map(|(j, e)| e.map(|(k, _)| (j, k))).collect()
            }
            _ => continue,
        };
        let index: HashMap<MapKey, usize> = keys.into_iter().map(|(j, k)| (crate::builtins::map::map_key(vm, k), j)).collect();
        if let ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) = &mut vm.heap.objects[i].kind {
            t.index = index;
        }
    }
    vm.heap.allocated_since_gc = 0;
    vm.heap.live_after_gc = vm.heap.estimate_live_bytes();
    Ok(())
}

/// `gannet run` of a snapshot with a heap image: restores it, then calls the
/// entry's `main` (an exported function of an entry module, or a global
/// function `main` of an entry script) if there is one.
pub fn resume(iso: &mut Isolate, snap: &Arc<Snapshot>) -> Result<(), crate::Error> {
    let name = snap.units.first().map(|u| u.name.clone()).unwrap_or_default();
    restore(iso, snap).map_err(|e| crate::Error::Snapshot(format!("{name}: {e}")))?;
    iso.call_main(snap)
}

/// Hash of an isolate's heap layout and its natives, for `EngineLayout::of_vm`.
pub(crate) fn layout_hash(vm: &Vm, with_strings: bool) -> (u64, Vec<NativeFn>) {
    let mut text: Vec<u8> = Vec::new();
    text.extend_from_slice(&super::layout::FORMAT_VERSION.to_le_bytes());
    text.extend_from_slice(crate::bytecode::OPCODE_TABLE.as_bytes());
    text.extend_from_slice(&(vm.heap.strings.len() as u32).to_le_bytes());
    text.extend_from_slice(&(vm.heap.symbols.len() as u32).to_le_bytes());
    if with_strings {
        for i in 0..vm.heap.strings.len() {
            let units = vm.heap.str(crate::value::StrId(i as u32));
            text.extend_from_slice(&(units.len() as u32).to_le_bytes());
            for u in units.iter() {
                text.extend_from_slice(&u.to_le_bytes());
            }
        }
    }
    let mut natives = Vec::new();
    for o in vm.heap.objects.iter() {
        text.extend_from_slice(&(o.slots.len() as u32).to_le_bytes());
        text.push(super::image_kind_tag(&o.kind));
        if let ObjectKind::Native(n) = &o.kind {
            natives.push(n.f);
        }
    }
    (hash::xxh64(&text), natives)
}
