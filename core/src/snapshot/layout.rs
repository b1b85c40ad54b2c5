//! The snapshot layout, described once: the header, the section table, every
//! fixed-size record and the tags of variable-size items. The writer, the
//! reader/verifier and `gannet inspect` all use these definitions, and
//! `docs/snapshot-format.md` documents them byte by byte.
//!
//! Everything is little-endian. Records are packed (no padding between
//! fields); sections start at 8-byte aligned offsets. All references are
//! indices into tables or offsets from the start of a section, never
//! addresses, so a file is position independent.

/// The first 8 bytes of every snapshot: a non-ASCII byte (so the file is not
/// taken for text), "GNT", then CR LF SUB LF to detect line-ending mangling.
pub const MAGIC: [u8; 8] = [0x89, b'G', b'N', b'T', 0x0D, 0x0A, 0x1A, 0x0A];

/// Bumped whenever the layout or the meaning of any byte changes.
pub const FORMAT_VERSION: u32 = 2;

/// "No index" in an optional `u32` reference.
pub const NONE: u32 = u32::MAX;

/// Bytes of the file covered by the content hash: everything after the hash field.
pub const HASHED_FROM: usize = 16;

/// Header flags.
pub mod flags {
    /// A HEAP section (initialized heap image) is present.
    pub const HEAP_IMAGE: u32 = 1;
    /// Source positions and source texts were dropped (`--strip-debug`).
    pub const STRIPPED: u32 = 2;
    /// Unreachable modules, functions and exports were dropped (`--tree-shake`).
    pub const TREE_SHAKEN: u32 = 4;
    pub const ALL: u32 = HEAP_IMAGE | STRIPPED | TREE_SHAKEN;
}

/// A little-endian reader over a byte slice that never panics: every read
/// returns `None` past the end.
#[derive(Clone)]
pub struct Cursor<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }
    pub fn at(bytes: &'a [u8], pos: usize) -> Self {
        Cursor { bytes, pos }
    }
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|b| b[0])
    }
    pub fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }
    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }
    pub fn f64(&mut self) -> Option<f64> {
        self.u64().map(f64::from_bits)
    }
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
}

/// Defines a fixed-size, packed little-endian record: the struct, its size,
/// its field list (for `inspect` and the docs) and its reader and writer.
macro_rules! record {
    ($(#[$m:meta])* $name:ident { $( $(#[$fm:meta])* $field:ident : $ty:ident ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name { $( $(#[$fm])* pub $field: $ty ),* }
        impl $name {
            /// Size in bytes.
            pub const SIZE: usize = 0 $( + std::mem::size_of::<$ty>() )*;
            /// (field name, size in bytes), in file order.
            pub const FIELDS: &'static [(&'static str, usize)] = &[ $( (stringify!($field), std::mem::size_of::<$ty>()) ),* ];
            pub fn write(&self, out: &mut Vec<u8>) {
                $( out.extend_from_slice(&self.$field.to_le_bytes()); )*
            }
            pub fn read(c: &mut Cursor) -> Option<Self> {
                Some($name { $( $field: c.$ty()? ),* })
            }
            /// The `i`-th record of a table starting at `table` in `bytes`.
            pub fn nth(bytes: &[u8], table: usize, i: usize) -> Option<Self> {
                let at = table.checked_add(i.checked_mul(Self::SIZE)?)?;
                Self::read(&mut Cursor::at(bytes, at))
            }
        }
    };
}

record!(
    /// The file header, at offset 0.
    Header {
        /// `MAGIC` as a little-endian u64.
        magic: u64,
        /// XXH64 (seed 0) of bytes `HASHED_FROM..` of the file.
        content_hash: u64,
        version: u32,
        flags: u32,
        /// Hash of the engine's builtin layout and opcode table (`Vm::builtin_layout_hash`).
        builtins: u64,
        section_count: u32,
        /// Offset of the section table (64 in this version).
        section_table: u32,
        /// Length of the whole file.
        file_len: u64,
        reserved0: u64,
        reserved1: u64,
    }
);

record!(
    /// One entry of the section table.
    SectionEntry {
        /// Four ASCII bytes read as a little-endian u32 (`SectionKind::tag`).
        kind: u32,
        /// From the start of the file; a multiple of 8.
        offset: u32,
        length: u32,
        /// Number of items (records, strings, bytes) in the section.
        count: u32,
    }
);

record!(
    /// An entry of the string index (STRS). Strings are Latin-1 bytes or,
    /// when bit 31 of `len` is set, UTF-16LE code units (lone surrogates kept).
    StrEntry {
        /// From the start of the string data (after the index).
        offset: u32,
        /// Length in code units; bit 31 = UTF-16.
        len: u32,
    }
);

/// Bit 31 of `StrEntry::len`.
pub const STR_UTF16: u32 = 1 << 31;

record!(
    /// A function (FUNC). Code, handlers and positions are ranges in the
    /// CODE, HNDL and POSN sections; `name` is a constant index of its unit.
    FuncRecord {
        name: u32,
        flags: u32,
        length: u32,
        n_params: u32,
        n_regs: u32,
        n_ics: u32,
        code_offset: u32,
        code_len: u32,
        insn_count: u32,
        handler_first: u32,
        handler_count: u32,
        pos_first: u32,
        pos_count: u32,
        span_start: u32,
        span_end: u32,
        reserved: u32,
    }
);

record!(
    /// An exception-table entry (HNDL).
    HandlerRecord {
        start: u32,
        end: u32,
        target: u32,
        reg: u16,
        reserved: u16,
    }
);

record!(
    /// A source position (POSN): instruction index → byte offset in the source.
    PosRecord { pc: u32, offset: u32 }
);

record!(
    /// A compiled unit (UNIT): one script or module. Its functions and
    /// constants are contiguous ranges of FUNC and CONS; function 0 of the
    /// range is the top level.
    UnitRecord {
        /// String index: the module name (relative to the entry's directory) or script name.
        name: u32,
        func_first: u32,
        func_count: u32,
        const_first: u32,
        const_count: u32,
        /// SRCS index of the source text, or NONE.
        source: u32,
        /// MODS index, or NONE for a script.
        module: u32,
        /// Literal `import()` specifiers: a range of DYNI.
        dyn_first: u32,
        dyn_count: u32,
        /// `unit_flags` bits.
        flags: u32,
    }
);

/// `UnitRecord::flags` bits.
pub mod unit_flags {
    /// A JSON module: no functions; its source text (in SRCS, never stripped) is the JSON.
    pub const JSON: u32 = 1;
}

record!(
    /// A literal `import()` specifier of a unit (DYNI) and the unit it resolved
    /// to when the snapshot was compiled (NONE: left to the run-time loader).
    DynRecord { specifier: u32, target: u32 }
);

record!(
    /// An entry of the source index (SRCS): UTF-8 text in the data after the index.
    SrcEntry { offset: u32, len: u32 }
);

record!(
    /// An assembly (ASMB): a set of modules with an entry.
    AsmRecord {
        /// String index of the assembly's name (the entry's file name).
        name: u32,
        /// Unit index of the entry.
        entry_unit: u32,
        /// MODS index of the entry, or NONE when the entry is a classic script.
        entry_module: u32,
        reserved: u32,
    }
);

/// A section kind: its tag and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionKind {
    pub name: &'static str,
    pub required: bool,
    /// Size of one item for record tables, 0 when items have variable size.
    pub item_size: usize,
    pub about: &'static str,
}

impl SectionKind {
    pub const fn tag(&self) -> u32 {
        let b = self.name.as_bytes();
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
}

pub const STRS: SectionKind = SectionKind { name: "STRS", required: true, item_size: 0, about: "string table: StrEntry index, then data" };
pub const CONS: SectionKind = SectionKind { name: "CONS", required: true, item_size: 0, about: "constants: u32 offset index, then tagged items" };
pub const FUNC: SectionKind = SectionKind { name: "FUNC", required: true, item_size: FuncRecord::SIZE, about: "function table" };
pub const CODE: SectionKind = SectionKind { name: "CODE", required: true, item_size: 1, about: "bytecode" };
pub const HNDL: SectionKind = SectionKind { name: "HNDL", required: true, item_size: HandlerRecord::SIZE, about: "exception tables" };
pub const POSN: SectionKind = SectionKind { name: "POSN", required: true, item_size: PosRecord::SIZE, about: "source positions" };
pub const UNIT: SectionKind = SectionKind { name: "UNIT", required: true, item_size: UnitRecord::SIZE, about: "compiled units" };
pub const DYNI: SectionKind = SectionKind { name: "DYNI", required: true, item_size: DynRecord::SIZE, about: "literal import() specifiers and their targets" };
pub const MODS: SectionKind = SectionKind { name: "MODS", required: true, item_size: 0, about: "module table: u32 offset index, then records" };
pub const SRCS: SectionKind = SectionKind { name: "SRCS", required: false, item_size: 0, about: "source texts: SrcEntry index, then UTF-8" };
pub const ASMB: SectionKind = SectionKind { name: "ASMB", required: true, item_size: AsmRecord::SIZE, about: "assembly directory" };
pub const HEAP: SectionKind = SectionKind { name: "HEAP", required: false, item_size: 0, about: "initialized heap image" };

/// Every section kind, in the order the writer emits them.
pub const SECTIONS: &[SectionKind] = &[STRS, CONS, FUNC, CODE, HNDL, POSN, UNIT, DYNI, MODS, SRCS, ASMB, HEAP];

/// Tags of constants (CONS items). Each item is the tag byte then its payload.
pub mod constant {
    /// f64 bits (8 bytes).
    pub const NUMBER: u8 = 0;
    /// string index.
    pub const STRING: u8 = 1;
    /// string index of the decimal digits.
    pub const BIGINT: u8 = 2;
    /// u32 n, var_scope u8, then n × (string index, flags u8).
    pub const SCOPE: u8 = 3;
    /// u32 n, then n × (string index, kind u8).
    pub const GLOBALS: u8 = 4;
    /// u32 n, then n × cooked (string index or NONE), then n × raw string index.
    pub const TEMPLATE: u8 = 5;
    /// pattern string index, flags string index.
    pub const REGEXP: u8 = 6;
    /// u32 n, then n × u32 scope slot.
    pub const ARG_MAP: u8 = 7;
}

/// Module records (MODS items), in order:
/// unit u32, env_size u32, flags u32 (bit 0: top-level await),
/// u32 n_requests, n × (specifier string, type string or NONE, target unit index or NONE),
/// u32 n_imports, n × (request u32, name string or NONE for a namespace import),
/// u32 n_local, n × (export name string, scope slot u32),
/// u32 n_indirect, n × (export name string, request u32, imported name string or NONE),
/// u32 n_star, n × request u32,
/// then, when flags has `PHASES`, n_requests × phase u32 (0 evaluation, 1 defer, 2 source).
pub mod module {
    pub const HAS_TLA: u32 = 1;
    /// Some request has an import phase (`import defer`, `import source`).
    pub const PHASES: u32 = 2;
}

/// Upper bounds checked before allocating anything a count asks for.
pub mod limits {
    pub const MAX_REGS: u32 = 65_000;
    pub const MAX_ITEMS: u32 = 1 << 28;
}
