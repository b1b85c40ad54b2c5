//! The snapshot format: compiled units, module tables, assemblies and an
//! optional initialized heap in one position-independent, verified file.
//!
//! `layout.rs` describes every byte (and `docs/snapshot-format.md` documents
//! it); `write.rs` produces files, `read.rs` parses and verifies them,
//! `assemble.rs` compiles a program's static module graph into an assembly,
//! `shake.rs` drops what an assembly does not use, `image.rs` writes and loads
//! heap images.

pub mod assemble;
pub mod hash;
pub mod image;
pub mod layout;
pub mod read;
pub mod shake;
pub mod write;

use crate::bytecode::CodeUnit;
use crate::object::{NativeFn, ObjectKind};
use std::fmt;
use std::sync::Arc;

pub use read::Snapshot;

/// Why a snapshot could not be loaded. `Display` gives the message without
/// the file name; callers prefix it (`app.gsnap: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// The bytes do not start with the snapshot magic.
    NotASnapshot,
    /// Written by a Gannet with another format version or builtin layout.
    Incompatible { format: u32, builtins: u64 },
    /// A check failed at `offset` (from the start of the file).
    Corrupt { offset: usize, what: String },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::NotASnapshot => write!(f, "not a Gannet snapshot"),
            SnapshotError::Incompatible { format, builtins } => {
                write!(f, "compiled by an incompatible Gannet (format {format} / builtins {builtins:016x}); recompile")
            }
            SnapshotError::Corrupt { offset, what } => write!(f, "corrupt at offset {offset}: {what}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

/// A unit to write: its name in the snapshot, the code, and for modules the
/// unit index each request resolves to inside the snapshot (`None` = left to
/// the loader chain at run time: host-native modules, files beside the snapshot).
#[derive(Clone)]
pub struct UnitEntry {
    pub name: String,
    pub unit: Arc<CodeUnit>,
    pub targets: Vec<Option<u32>>,
    /// Per literal `import()` specifier (`unit.dynamic_imports`): its unit, if in the snapshot.
    pub dyn_targets: Vec<Option<u32>>,
    /// A JSON module: `unit` has no functions and its `source` is the JSON text.
    pub json: bool,
}

/// An assembly: an entry unit (a module, or a classic script) among the units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssemblyEntry {
    pub name: String,
    pub entry_unit: u32,
}

/// Everything a snapshot file holds, before encoding.
#[derive(Clone, Default)]
pub struct Contents {
    pub units: Vec<UnitEntry>,
    pub assemblies: Vec<AssemblyEntry>,
    /// Drop source positions and source texts.
    pub strip_debug: bool,
    pub tree_shaken: bool,
    /// An encoded heap image (`image.rs`).
    pub heap: Option<Vec<u8>>,
    /// `Vm::builtin_layout_hash` of the engine that wrote it.
    pub builtins: u64,
}

/// What a snapshot depends on in this build of the engine: the hash of its
/// builtin layout and opcode table, and its native functions in the order a
/// fresh realm creates them (heap images refer to natives by that index).
pub struct EngineLayout {
    pub builtins: u64,
    pub natives: Vec<NativeFn>,
}

impl EngineLayout {
    /// Builds a fresh realm and describes it (about a millisecond; do it once
    /// per process or per loaded snapshot, not per isolate).
    pub fn current() -> EngineLayout {
        let vm = crate::Vm::new(Box::new(crate::NullHost));
        let (builtins, natives) = image::layout_hash(&vm, true);
        EngineLayout { builtins, natives }
    }

    /// Describes an isolate as it is now (used before a program runs, for
    /// heap images): object layout and natives, not string contents.
    pub fn of_vm(vm: &crate::Vm) -> EngineLayout {
        let (builtins, natives) = image::layout_hash(vm, false);
        EngineLayout { builtins, natives }
    }
}

/// A small stable number per object kind (same on every target).
pub fn image_kind_tag(k: &ObjectKind) -> u8 {
    match k {
        ObjectKind::Ordinary => 0,
        ObjectKind::Array => 1,
        ObjectKind::Closure(_) => 2,
        ObjectKind::Native(_) => 3,
        ObjectKind::Bound(_) => 4,
        ObjectKind::Env { .. } => 5,
        ObjectKind::Error(_) => 6,
        ObjectKind::Accessor { .. } => 7,
        _ => 8,
    }
}
