//! Compiled code: the instruction enum (expanded from the opcode table),
//! functions, code units and their constants.
//!
//! A `CodeUnit` is one compiled script or module. It is immutable after
//! compilation and shared between isolates (`Arc`); everything mutable about
//! running it (inline caches, materialised constants, feedback) lives in the
//! isolate that loaded it (`interp::LoadedUnit`).

pub mod opcodes;
mod disasm;
pub mod encode;
pub mod verify;

pub use disasm::disassemble;
pub use encode::{decode_code, encode_code};
pub use verify::{verify_unit, VerifyError};

/// A frame register.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Reg(pub u16);
/// A constant-pool index.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct K(pub u32);
/// A jump target (instruction index).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Lbl(pub u32);
/// A signed immediate.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Imm(pub i32);
/// An inline cache slot of the function.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Ic(pub u32);
/// A function index in the code unit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Fun(pub u32);
/// A small flag or kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct U8(pub u8);

macro_rules! define_insn {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ident),* $(,)? } ),* $(,)?) => {
        /// One instruction. Expanded from `for_each_op!`.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Insn {
            $( $(#[$doc])* $name { $($field: $ty),* } ),*
        }

        /// Opcode numbers, in table order (the encoding's first byte).
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Opcode { $( $name ),* }

        impl Insn {
            pub fn opcode(&self) -> Opcode {
                match self { $( Insn::$name { .. } => Opcode::$name ),* }
            }
            pub fn name(&self) -> &'static str {
                match self { $( Insn::$name { .. } => stringify!($name) ),* }
            }
        }

        pub const OPCODE_NAMES: &[&str] = &[ $( stringify!($name) ),* ];
    };
}
crate::for_each_op!(define_insn);

pub const OPCODE_COUNT: usize = OPCODE_NAMES.len();

macro_rules! define_table_text {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ident),* $(,)? } ),* $(,)?) => {
        /// The opcode table as text (names and operand types, in order): part of
        /// the engine layout hash that snapshots are checked against.
        pub const OPCODE_TABLE: &str = concat!($( stringify!($name), "{", $( stringify!($field), ":", stringify!($ty), ",", )* "}" ),*);
    };
}
crate::for_each_op!(define_table_text);

/// A constant of a code unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Number(f64),
    /// UTF-16 text (may contain lone surrogates).
    String(Box<[u16]>),
    BigInt(Box<str>),
    /// Names of a scope's slots with flags (1 const, 2 let), for dynamic
    /// lookup (with/eval) and debugging; `var_scope` marks a function/global-like scope.
    Scope { names: Box<[Box<[u16]>]>, flags: Box<[u8]>, var_scope: bool },
    /// Global declarations of a script: (name, kind) with kind 0 var, 1 function, 2 let, 3 const, 4 class.
    Globals(Box<[(Box<[u16]>, u8)]>),
    /// Template site: cooked strings (None = invalid escape) then raw strings.
    Template { cooked: Box<[Option<Box<[u16]>>]>, raw: Box<[Box<[u16]>]> },
    /// RegExp literal source and flags.
    RegExp { pattern: Box<[u16]>, flags: Box<str> },
    /// Mapped-arguments layout: scope slot per parameter.
    ArgMap(Box<[u32]>),
}

/// One entry of a function's exception table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    /// Register receiving the exception.
    pub reg: u16,
}

/// Function flags.
pub mod fflags {
    pub const STRICT: u32 = 1;
    pub const ARROW: u32 = 2;
    pub const GENERATOR: u32 = 4;
    pub const ASYNC: u32 = 8;
    /// Method (object literal or class): has a home object, not a constructor.
    pub const METHOD: u32 = 16;
    pub const CLASS_CONSTRUCTOR: u32 = 32;
    pub const DERIVED: u32 = 64;
    /// Getter or setter.
    pub const ACCESSOR: u32 = 128;
    /// The top level of a script, module or eval.
    pub const TOP_LEVEL: u32 = 256;
    /// Module top level (may await).
    pub const MODULE: u32 = 512;
    /// Simple parameter list (no defaults, destructuring or rest).
    pub const SIMPLE_PARAMS: u32 = 1024;
    /// Class field initialiser pseudo-function.
    pub const FIELD_INIT: u32 = 2048;
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCode {
    /// Constant index of the name (a string), or u32::MAX when anonymous.
    pub name: u32,
    pub flags: u32,
    /// Number of declared parameters before any default/rest (`length`).
    pub length: u32,
    /// Registers for parameters (this + params occupy regs 0..=n_params).
    pub n_params: u32,
    pub n_regs: u32,
    pub n_ics: u32,
    pub code: Code,
    pub handlers: Vec<Handler>,
    /// (instruction index, byte offset in source) pairs, increasing.
    pub positions: Vec<(u32, u32)>,
    /// Source range of the function text (Function.prototype.toString).
    pub span: (u32, u32),
}

impl FunctionCode {
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
    /// Source offset of the instruction at `pc`.
    pub fn position_of(&self, pc: u32) -> Option<u32> {
        match self.positions.binary_search_by_key(&pc, |&(p, _)| p) {
            Ok(i) => Some(self.positions[i].1),
            Err(0) => None,
            Err(i) => Some(self.positions[i - 1].1),
        }
    }
}

/// Bytes shared with a loaded snapshot (a memory map or a buffer).
pub type SharedBytes = std::sync::Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A function's instructions: either built by the compiler, or encoded in a
/// snapshot and decoded on first use (the snapshot loader verified the bytes
/// already, so decoding cannot fail on a file that loaded).
pub struct Code {
    decoded: std::sync::OnceLock<Box<[Insn]>>,
    encoded: Option<EncodedCode>,
    /// Why decoding failed, if it did (the stand-in body then terminates the program).
    failure: std::sync::OnceLock<String>,
}

struct EncodedCode {
    bytes: SharedBytes,
    start: usize,
    len: usize,
    count: usize,
    shape: verify::FuncShape,
}

impl Code {
    /// Code kept encoded in `bytes[start..start + len]` until first used.
    /// `shape` is what the instructions are verified against again when
    /// decoded, so that a mapped file changed on disk since loading cannot
    /// produce unverified code.
    pub fn lazy(bytes: SharedBytes, start: usize, len: usize, count: usize, shape: verify::FuncShape) -> Code {
        Code { decoded: std::sync::OnceLock::new(), encoded: Some(EncodedCode { bytes, start, len, count, shape }), failure: std::sync::OnceLock::new() }
    }
    /// Why this code failed verification when decoded (it then runs a stand-in
    /// body that ends the program with this message).
    pub fn failure(&self) -> Option<&str> {
        self.failure.get().map(String::as_str)
    }
    /// Whether the instructions have been decoded (always, for compiled code).
    pub fn is_decoded(&self) -> bool {
        self.decoded.get().is_some()
    }
    /// Decodes and verifies the instructions (snapshot code is verified here,
    /// before its first instruction runs).
    fn decode(&self) -> Box<[Insn]> {
        let Some(e) = &self.encoded else { return Box::new([]) };
        let decoded = (|| {
            let bytes = e.start.checked_add(e.len).and_then(|end| (*e.bytes).as_ref().get(e.start..end));
            let Some(bytes) = bytes else { return Err((e.start, "code out of bounds".to_string())) };
            let Some((code, used)) = encode::decode_code(bytes, e.count) else { return Err((e.start, "bad instruction".to_string())) };
            if used != e.len {
                return Err((e.start + used, "trailing bytes after the code".to_string()));
            }
            verify::verify_code(&code, &e.shape).map_err(|(pc, m)| (e.start, format!("instruction {pc}: {m}")))?;
            Ok(code)
        })();
        match decoded {
            Ok(code) => code.into_boxed_slice(),
            Err((offset, what)) => {
                let _ = self.failure.set(format!("corrupt at offset {offset}: {what}"));
                Box::new([Insn::ThrowError { flag: U8(0), k: K(u32::MAX) }])
            }
        }
    }
}

impl std::ops::Deref for Code {
    type Target = [Insn];
    #[inline]
    fn deref(&self) -> &[Insn] {
        self.decoded.get_or_init(|| self.decode())
    }
}

impl From<Vec<Insn>> for Code {
    fn from(v: Vec<Insn>) -> Code {
        let decoded = std::sync::OnceLock::new();
        let _ = decoded.set(v.into_boxed_slice());
        Code { decoded, encoded: None, failure: std::sync::OnceLock::new() }
    }
}

impl Clone for Code {
    fn clone(&self) -> Code {
        Code::from(self.to_vec())
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A module's static import/export records (empty for scripts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModuleInfo {
    /// Requested module specifiers, in source order, with their `type` attribute.
    pub requests: Vec<(Box<str>, Option<Box<str>>)>,
    /// Imports: (request index, imported name or None for namespace, import slot index).
    pub imports: Vec<ImportEntry>,
    /// Local exports: (exported name, module scope slot).
    pub local_exports: Vec<(Box<str>, u32)>,
    /// Indirect exports: (exported name, request index, imported name or None for `* as`).
    pub indirect_exports: Vec<(Box<str>, u32, Option<Box<str>>)>,
    /// `export * from` request indices.
    pub star_exports: Vec<u32>,
    /// Number of slots in the module scope.
    pub env_size: u32,
    /// The top level contains `await` (also `for await`, `await using`).
    pub has_tla: bool,
    /// Import phase of each request (`phase::*`), parallel to `requests`;
    /// empty when every request is an ordinary (evaluation) import.
    pub phases: Vec<u8>,
}

/// Import phases of module requests.
pub mod phase {
    /// `import ... from`, `import()`: link and evaluate.
    pub const EVALUATION: u8 = 0;
    /// `import defer * as ns`, `import.defer()`: link, evaluate on first use.
    pub const DEFER: u8 = 1;
    /// `import source x`, `import.source()`: the module's source object.
    pub const SOURCE: u8 = 2;
}

impl ModuleInfo {
    /// The import phase of request `i`.
    pub fn phase(&self, i: u32) -> u8 {
        self.phases.get(i as usize).copied().unwrap_or(phase::EVALUATION)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportEntry {
    pub request: u32,
    /// `None` = namespace import (`* as x`).
    pub name: Option<Box<str>>,
}

/// A compiled script or module: function 0 is the top level.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeUnit {
    pub functions: Vec<FunctionCode>,
    pub constants: Vec<Constant>,
    /// File name or URL, for messages and stacks.
    pub source_name: String,
    /// Source text, for `Function.prototype.toString` and code frames.
    pub source: Option<std::sync::Arc<str>>,
    pub module: Option<ModuleInfo>,
    /// Byte offsets of line starts in `source`, for line:col.
    pub line_starts: Vec<u32>,
    /// Literal specifiers of `import("...")` in this unit (kept by `gannet compile`).
    pub dynamic_imports: Vec<Box<str>>,
}

impl CodeUnit {
    /// 1-based (line, column) of a source offset; column counts UTF-16 units.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = match &self.source {
            Some(src) => src
                .get(start as usize..(offset as usize).min(src.len()))
                .map(|s| s.encode_utf16().count() as u32)
                .unwrap_or(offset - start),
            None => offset - start,
        };
        (line as u32 + 1, col + 1)
    }
}

pub fn line_starts(src: &str) -> Vec<u32> {
    let mut v = vec![0];
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            v.push(i as u32 + 1);
        }
    }
    v
}
