//! Parsing and verifying snapshot bytes.
//!
//! The header, content hash, section table and every table entry (strings,
//! constants, functions, handlers, positions, units, modules, imports) are
//! checked at load, before anything is used. Function bodies stay encoded in
//! the (mapped) bytes: each is decoded and verified (registers, constants,
//! functions, inline caches, jump targets, ranges) when first called, before
//! its first instruction runs (`bytecode::Code`), or all at load with
//! `Verify::All`. A bad file is a `SnapshotError` (or, for a body found bad
//! when called, an uncatchable `Error::Snapshot`), never a panic.

use super::layout::{self, *};
use super::{hash, SnapshotError};
use crate::bytecode::verify::{self, FuncShape};
use crate::bytecode::{encode, Code, CodeUnit, Constant, FunctionCode, Handler, ImportEntry, ModuleInfo, SharedBytes};
use std::sync::Arc;

/// When function bodies are verified. Everything else (header, hash, sections,
/// every table entry, count, offset and index) is always checked at load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verify {
    /// Each function when it is first called, before its first instruction
    /// runs; a failure ends the program with `Error::Snapshot`. Load cost then
    /// grows with the code that runs, not with the code that exists.
    Lazy,
    /// Every function at load.
    All,
}

/// A unit of a loaded snapshot.
pub struct SnapUnit {
    /// Name in the snapshot (module path relative to the entry's directory).
    pub name: String,
    pub unit: Arc<CodeUnit>,
    /// For modules: the unit each request resolves to inside the snapshot.
    pub targets: Vec<Option<u32>>,
    /// Per literal `import()` specifier: the unit it resolves to inside the snapshot.
    pub dyn_targets: Vec<Option<u32>>,
    /// A JSON module (its text is `unit.source`).
    pub json: bool,
}

/// An assembly of a loaded snapshot.
#[derive(Clone, Debug)]
pub struct AsmInfo {
    pub name: String,
    pub entry_unit: u32,
    pub entry_is_module: bool,
}

/// A parsed, verified snapshot. Function bodies stay in `bytes` until called.
pub struct Snapshot {
    pub header: Header,
    pub sections: Vec<(SectionKind, SectionEntry)>,
    pub units: Vec<SnapUnit>,
    pub assemblies: Vec<AsmInfo>,
    bytes: SharedBytes,
}

fn corrupt<T>(offset: usize, what: impl Into<String>) -> Result<T, SnapshotError> {
    Err(SnapshotError::Corrupt { offset, what: what.into() })
}

/// A section's bytes and where they start in the file.
#[derive(Clone, Copy)]
struct Sec<'a> {
    at: usize,
    bytes: &'a [u8],
    count: u32,
}

impl<'a> Sec<'a> {
    fn cursor(&self, pos: usize) -> Cursor<'a> {
        Cursor::at(self.bytes, pos)
    }
    /// For index+data sections: the data that follows an index of `entry` bytes per item.
    fn data(&self, entry: usize) -> Result<(usize, &'a [u8]), SnapshotError> {
        let n = self.count as usize * entry;
        match self.bytes.get(n..) {
            Some(d) => Ok((self.at + n, d)),
            None => corrupt(self.at, "section index longer than the section"),
        }
    }
}

struct Tables<'a> {
    strs: Sec<'a>,
    str_data: (usize, &'a [u8]),
    cons: Sec<'a>,
    cons_data: (usize, &'a [u8]),
    func: Sec<'a>,
    code: Sec<'a>,
    hndl: Sec<'a>,
    posn: Sec<'a>,
    unit: Sec<'a>,
    dyni: Sec<'a>,
    mods: Sec<'a>,
    mods_data: (usize, &'a [u8]),
    srcs: Sec<'a>,
    srcs_data: (usize, &'a [u8]),
    asmb: Sec<'a>,
}

impl<'a> Tables<'a> {
    fn string16(&self, id: u32, at: usize) -> Result<Vec<u16>, SnapshotError> {
        if id >= self.strs.count {
            return corrupt(at, format!("string index {id} out of range ({} strings)", self.strs.count));
        }
        let Some(e) = StrEntry::nth(self.strs.bytes, 0, id as usize) else { return corrupt(self.strs.at, "string index truncated") };
        let utf16 = e.len & STR_UTF16 != 0;
        let n = (e.len & !STR_UTF16) as usize;
        let size = if utf16 { n * 2 } else { n };
        let (data_at, data) = self.str_data;
        let Some(bytes) = (e.offset as usize).checked_add(size).and_then(|end| data.get(e.offset as usize..end)) else {
            return corrupt(data_at + e.offset as usize, format!("string {id} extends past the string data"));
        };
        Ok(if utf16 { bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect() } else { bytes.iter().map(|&b| b as u16).collect() })
    }
    fn string(&self, id: u32, at: usize) -> Result<String, SnapshotError> {
        self.string16(id, at).map(|u| String::from_utf16_lossy(&u))
    }
    fn opt_string(&self, id: u32, at: usize) -> Result<Option<String>, SnapshotError> {
        if id == NONE {
            Ok(None)
        } else {
            self.string(id, at).map(Some)
        }
    }
}

/// Reads a u32 count and checks that `count * min_item` bytes remain, so a
/// crafted count cannot make the reader allocate without bound.
fn count(c: &mut Cursor, base: usize, min_item: usize) -> Result<usize, SnapshotError> {
    let at = base + c.pos;
    let Some(n) = c.u32() else { return corrupt(at, "truncated count") };
    if (n as usize).saturating_mul(min_item) > c.remaining() {
        return corrupt(at, format!("count {n} exceeds the remaining bytes"));
    }
    Ok(n as usize)
}

macro_rules! need {
    ($e:expr, $at:expr, $what:expr) => {
        match $e {
            Some(v) => v,
            None => return corrupt($at, $what),
        }
    };
}

impl Snapshot {
    /// Parses and verifies `bytes` for an engine whose builtin layout hash is
    /// `builtins`. Unit names are made absolute under `root` (the directory
    /// the snapshot's modules appear to live in; "" keeps them as written).
    pub fn load(bytes: SharedBytes, builtins: u64, root: &str) -> Result<Snapshot, SnapshotError> {
        Snapshot::load_with(bytes, builtins, root, Verify::Lazy)
    }

    /// `load`, choosing when instructions are verified.
    pub fn load_with(bytes: SharedBytes, builtins: u64, root: &str, verify: Verify) -> Result<Snapshot, SnapshotError> {
        let b: &[u8] = (*bytes).as_ref();
        let header = check_header(b, builtins)?;
        let sections = check_sections(b, &header)?;
        let t = tables(b, &sections)?;
        let mut units = Vec::with_capacity(t.unit.count as usize);
        for ui in 0..t.unit.count as usize {
            units.push(read_unit(&t, &bytes, ui, root, verify == Verify::All)?);
        }
        // Module targets must be modules.
        for u in &units {
            for t in u.targets.iter().chain(&u.dyn_targets).flatten() {
                if units.get(*t as usize).is_none_or(|x| x.unit.module.is_none() && !x.json) {
                    return corrupt(0, format!("unit {} imports unit {t}, which is not a module", u.name));
                }
            }
        }
        let mut assemblies = Vec::new();
        for i in 0..t.asmb.count as usize {
            let at = t.asmb.at + i * AsmRecord::SIZE;
            let a = need!(AsmRecord::nth(t.asmb.bytes, 0, i), at, "truncated assembly record");
            let Some(entry) = units.get(a.entry_unit as usize) else { return corrupt(at, "assembly entry out of range") };
            let is_module = entry.unit.module.is_some();
            let expected = if is_module { units[..a.entry_unit as usize].iter().filter(|u| u.unit.module.is_some()).count() as u32 } else { NONE };
            if a.entry_module != expected {
                return corrupt(at, "assembly entry module does not match its unit");
            }
            assemblies.push(AsmInfo { name: t.string(a.name, at)?, entry_unit: a.entry_unit, entry_is_module: is_module });
        }
        Ok(Snapshot { header, sections, units, assemblies, bytes })
    }

    /// Parses and verifies `bytes` for this build of the engine (computes the
    /// engine layout: about a millisecond).
    pub fn open(bytes: SharedBytes, root: &str) -> Result<Snapshot, SnapshotError> {
        Snapshot::load(bytes, super::EngineLayout::current().builtins, root)
    }

    pub fn bytes(&self) -> &[u8] {
        (*self.bytes).as_ref()
    }

    pub fn section(&self, kind: SectionKind) -> Option<&[u8]> {
        let (_, e) = self.sections.iter().find(|(k, _)| *k == kind)?;
        self.bytes().get(e.offset as usize..e.offset as usize + e.length as usize)
    }

    /// The heap image, if the snapshot has one (`--init`).
    pub fn heap_image(&self) -> Option<&[u8]> {
        self.section(HEAP)
    }

    pub fn has_flag(&self, f: u32) -> bool {
        self.header.flags & f != 0
    }

    /// The unit index of a module by its name in the snapshot.
    pub fn unit_named(&self, name: &str) -> Option<u32> {
        self.units.iter().position(|u| u.name == name && u.unit.module.is_some()).map(|i| i as u32)
    }
}

/// Header checks, in the order that gives the most useful message.
fn check_header(b: &[u8], builtins: u64) -> Result<Header, SnapshotError> {
    if b.len() < MAGIC.len() || b[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    let Some(h) = Header::read(&mut Cursor::new(b)) else { return corrupt(b.len(), "truncated header") };
    if h.version != FORMAT_VERSION || h.builtins != builtins {
        return Err(SnapshotError::Incompatible { format: h.version, builtins: h.builtins });
    }
    if h.file_len != b.len() as u64 {
        return corrupt(b.len().min(h.file_len as usize), format!("file is {} bytes, header says {} (truncated or extended)", b.len(), h.file_len));
    }
    let actual = hash::xxh64(&b[HASHED_FROM..]);
    if actual != h.content_hash {
        return corrupt(8, format!("content hash mismatch (header {:016x}, contents {actual:016x})", h.content_hash));
    }
    if h.flags & !layout::flags::ALL != 0 || h.reserved0 != 0 || h.reserved1 != 0 {
        return corrupt(20, "unknown flags or non-zero reserved fields");
    }
    Ok(h)
}

fn check_sections(b: &[u8], h: &Header) -> Result<Vec<(SectionKind, SectionEntry)>, SnapshotError> {
    let table = h.section_table as usize;
    if table != Header::SIZE || h.section_count as usize > SECTIONS.len() {
        return corrupt(32, "bad section table");
    }
    let table_end = table + h.section_count as usize * SectionEntry::SIZE;
    let mut out: Vec<(SectionKind, SectionEntry)> = Vec::new();
    for i in 0..h.section_count as usize {
        let at = table + i * SectionEntry::SIZE;
        let e = need!(SectionEntry::nth(b, table, i), at, "truncated section table");
        let Some(kind) = SECTIONS.iter().find(|k| k.tag() == e.kind) else { return corrupt(at, format!("unknown section kind {:08x}", e.kind)) };
        if out.iter().any(|(k, _)| k == kind) {
            return corrupt(at, format!("duplicate {} section", kind.name));
        }
        let start = e.offset as usize;
        let end = start.saturating_add(e.length as usize);
        if !start.is_multiple_of(8) || start < table_end || end > b.len() {
            return corrupt(at, format!("{} section out of bounds", kind.name));
        }
        if out.iter().any(|(_, o)| start < o.offset as usize + o.length as usize && (o.offset as usize) < end) {
            return corrupt(at, format!("{} section overlaps another", kind.name));
        }
        if kind.item_size != 0 && e.length as usize != e.count as usize * kind.item_size {
            return corrupt(at, format!("{} section length does not match its count", kind.name));
        }
        if e.count > limits::MAX_ITEMS {
            return corrupt(at, format!("{} section count too large", kind.name));
        }
        out.push((*kind, e));
    }
    for k in SECTIONS {
        let present = out.iter().any(|(x, _)| x == k);
        if k.required && !present {
            return corrupt(32, format!("missing {} section", k.name));
        }
    }
    let heap_present = out.iter().any(|(k, _)| *k == HEAP);
    if heap_present != (h.flags & layout::flags::HEAP_IMAGE != 0) {
        return corrupt(20, "heap-image flag does not match the sections");
    }
    Ok(out)
}

fn tables<'a>(b: &'a [u8], sections: &[(SectionKind, SectionEntry)]) -> Result<Tables<'a>, SnapshotError> {
    let sec = |kind: SectionKind| -> Sec<'a> {
        match sections.iter().find(|(k, _)| *k == kind) {
            Some((_, e)) => Sec { at: e.offset as usize, bytes: b.get(e.offset as usize..e.offset as usize + e.length as usize).unwrap_or(&[]), count: e.count },
            None => Sec { at: 0, bytes: &[], count: 0 },
        }
    };
    let (strs, cons, mods, srcs) = (sec(STRS), sec(CONS), sec(MODS), sec(SRCS));
    Ok(Tables {
        str_data: strs.data(StrEntry::SIZE)?,
        cons_data: cons.data(4)?,
        mods_data: mods.data(4)?,
        srcs_data: srcs.data(SrcEntry::SIZE)?,
        strs,
        cons,
        func: sec(FUNC),
        code: sec(CODE),
        hndl: sec(HNDL),
        posn: sec(POSN),
        unit: sec(UNIT),
        dyni: sec(DYNI),
        mods,
        srcs,
        asmb: sec(ASMB),
    })
}

fn range_ok(first: u32, n: u32, total: u32) -> bool {
    first.checked_add(n).is_some_and(|end| end <= total)
}

fn read_unit(t: &Tables, bytes: &SharedBytes, ui: usize, root: &str, eager: bool) -> Result<SnapUnit, SnapshotError> {
    let at = t.unit.at + ui * UnitRecord::SIZE;
    let u = need!(UnitRecord::nth(t.unit.bytes, 0, ui), at, "truncated unit record");
    let json = u.flags & unit_flags::JSON != 0;
    if u.flags & !unit_flags::JSON != 0 || (json && (u.func_count != 0 || u.source == NONE || u.module != NONE)) {
        return corrupt(at, "bad unit flags");
    }
    if (u.func_count == 0 && !json) || !range_ok(u.func_first, u.func_count, t.func.count) {
        return corrupt(at, "unit function range out of bounds");
    }
    if !range_ok(u.const_first, u.const_count, t.cons.count) || !range_ok(u.dyn_first, u.dyn_count, t.dyni.count) {
        return corrupt(at, "unit constant or import() range out of bounds");
    }
    let name = join_path(root, &t.string(u.name, at)?);
    let mut constants = Vec::with_capacity(u.const_count as usize);
    for k in u.const_first..u.const_first + u.const_count {
        constants.push(read_constant(t, k)?);
    }
    let source: Option<Arc<str>> = match u.source {
        NONE => None,
        s if s < t.srcs.count => {
            let e = need!(SrcEntry::nth(t.srcs.bytes, 0, s as usize), t.srcs.at, "truncated source index");
            let (data_at, data) = t.srcs_data;
            let range = (e.offset as usize).checked_add(e.len as usize).map(|end| e.offset as usize..end);
            let text = need!(range.and_then(|r| data.get(r)), data_at, "source text out of bounds");
            match std::str::from_utf8(text) {
                Ok(s) => Some(Arc::from(s)),
                Err(_) => return corrupt(data_at + e.offset as usize, "source text is not UTF-8"),
            }
        }
        _ => return corrupt(at, "source index out of range"),
    };
    let (module, targets) = match u.module {
        NONE => (None, Vec::new()),
        m if m < t.mods.count => {
            let (info, targets) = read_module(t, m, ui as u32, t.unit.count)?;
            (Some(info), targets)
        }
        _ => return corrupt(at, "module index out of range"),
    };
    let (mut dynamic_imports, mut dyn_targets) = (Vec::new(), Vec::new());
    for i in u.dyn_first..u.dyn_first + u.dyn_count {
        let dat = t.dyni.at + i as usize * DynRecord::SIZE;
        let d = need!(DynRecord::nth(t.dyni.bytes, 0, i as usize), dat, "truncated import() table");
        if d.target != NONE && d.target >= t.unit.count {
            return corrupt(dat, "import() target out of range");
        }
        dynamic_imports.push(t.string(d.specifier, dat)?.into_boxed_str());
        dyn_targets.push((d.target != NONE).then_some(d.target));
    }
    let mut functions = Vec::with_capacity(u.func_count as usize);
    for fi in u.func_first..u.func_first + u.func_count {
        functions.push(read_function(t, bytes, fi, &constants, u.func_count, eager)?);
    }
    let line_starts = source.as_deref().map(crate::bytecode::line_starts).unwrap_or_default();
    let unit = CodeUnit { functions, constants, source_name: name.clone(), source, module, line_starts, dynamic_imports };
    Ok(SnapUnit { name, unit: Arc::new(unit), targets, dyn_targets, json })
}

/// `root` + "/" + `rel`, with `.` and `..` segments resolved ("" root: `rel` as is).
pub fn join_path(root: &str, rel: &str) -> String {
    if root.is_empty() || rel.starts_with('/') {
        return rel.to_string();
    }
    let mut parts: Vec<&str> = root.split('/').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    for seg in rel.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn read_constant(t: &Tables, k: u32) -> Result<Constant, SnapshotError> {
    let idx_at = t.cons.at + k as usize * 4;
    let off = need!(t.cons.cursor(k as usize * 4).u32(), idx_at, "truncated constant index") as usize;
    let (data_at, data) = t.cons_data;
    let at = data_at + off;
    let mut c = Cursor::at(data, off);
    let tag = need!(c.u8(), at, "constant out of bounds");
    let u32_at = |c: &mut Cursor| -> Result<u32, SnapshotError> { c.u32().map_or_else(|| corrupt(at, "truncated constant"), Ok) };
    Ok(match tag {
        constant::NUMBER => Constant::Number(need!(c.f64(), at, "truncated number")),
        constant::STRING => Constant::String(t.string16(u32_at(&mut c)?, at)?.into()),
        constant::BIGINT => {
            let text = t.string(u32_at(&mut c)?, at)?;
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return corrupt(at, "bad BigInt literal");
            }
            Constant::BigInt(text.into())
        }
        constant::SCOPE => {
            let n = count(&mut c, data_at, 5)?;
            let var_scope = need!(c.u8(), at, "truncated scope") != 0;
            let (mut names, mut flags) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for _ in 0..n {
                names.push(t.string16(u32_at(&mut c)?, at)?.into_boxed_slice());
                flags.push(need!(c.u8(), at, "truncated scope"));
            }
            Constant::Scope { names: names.into(), flags: flags.into(), var_scope }
        }
        constant::GLOBALS => {
            let n = count(&mut c, data_at, 5)?;
            let mut list = Vec::with_capacity(n);
            for _ in 0..n {
                let name = t.string16(u32_at(&mut c)?, at)?.into_boxed_slice();
                let kind = need!(c.u8(), at, "truncated globals");
                if kind > 4 {
                    return corrupt(at, "bad global declaration kind");
                }
                list.push((name, kind));
            }
            Constant::Globals(list.into())
        }
        constant::TEMPLATE => {
            let n = count(&mut c, data_at, 8)?;
            let mut cooked = Vec::with_capacity(n);
            for _ in 0..n {
                let id = u32_at(&mut c)?;
                cooked.push(if id == NONE { None } else { Some(t.string16(id, at)?.into_boxed_slice()) });
            }
            let mut raw = Vec::with_capacity(n);
            for _ in 0..n {
                raw.push(t.string16(u32_at(&mut c)?, at)?.into_boxed_slice());
            }
            Constant::Template { cooked: cooked.into(), raw: raw.into() }
        }
        constant::REGEXP => {
            let pattern = t.string16(u32_at(&mut c)?, at)?.into_boxed_slice();
            let flags = t.string(u32_at(&mut c)?, at)?.into_boxed_str();
            Constant::RegExp { pattern, flags }
        }
        constant::ARG_MAP => {
            let n = count(&mut c, data_at, 4)?;
            let mut slots = Vec::with_capacity(n);
            for _ in 0..n {
                slots.push(u32_at(&mut c)?);
            }
            Constant::ArgMap(slots.into())
        }
        other => return corrupt(at, format!("unknown constant tag {other}")),
    })
}

/// Decodes one function body instruction by instruction (allocating nothing) and verifies it.
fn verify_body(body: &[u8], code_at: usize, fi: u32, shape: &FuncShape) -> Result<(), SnapshotError> {
    let mut rest = body;
    for pc in 0..shape.n_insns {
        let offset = code_at + (body.len() - rest.len());
        let Some(insn) = encode::decode_one(&mut rest) else { return corrupt(offset, format!("function {fi}: bad instruction {pc}")) };
        verify::check_one(&insn, shape, pc + 1 == shape.n_insns).map_err(|m| SnapshotError::Corrupt { offset, what: format!("function {fi} instruction {pc}: {m}") })?;
    }
    if !rest.is_empty() {
        return corrupt(code_at + body.len() - rest.len(), format!("function {fi}: trailing bytes after its code"));
    }
    Ok(())
}

fn read_function(t: &Tables, bytes: &SharedBytes, fi: u32, constants: &[Constant], n_funcs: u32, eager: bool) -> Result<FunctionCode, SnapshotError> {
    let at = t.func.at + fi as usize * FuncRecord::SIZE;
    let f = need!(FuncRecord::nth(t.func.bytes, 0, fi as usize), at, "truncated function record");
    if f.name != NONE && !matches!(constants.get(f.name as usize), Some(Constant::String(_))) {
        return corrupt(at, "function name is not a string constant");
    }
    let shape = FuncShape {
        n_regs: f.n_regs,
        n_params: f.n_params,
        n_ics: f.n_ics,
        n_insns: f.insn_count,
        n_consts: constants.len() as u32,
        n_funcs,
    };
    verify::check_frame(&shape).map_err(|m| SnapshotError::Corrupt { offset: at, what: format!("function {fi}: {m}") })?;
    if f.n_ics > limits::MAX_ITEMS || f.insn_count > f.code_len {
        return corrupt(at, format!("function {fi}: bad counts"));
    }
    if !range_ok(f.code_offset, f.code_len, t.code.count) {
        return corrupt(at, format!("function {fi}: code out of bounds"));
    }
    let code_at = t.code.at + f.code_offset as usize;
    if eager {
        verify_body(&t.code.bytes[f.code_offset as usize..(f.code_offset + f.code_len) as usize], code_at, fi, &shape)?;
    }
    if !range_ok(f.handler_first, f.handler_count, t.hndl.count) || !range_ok(f.pos_first, f.pos_count, t.posn.count) {
        return corrupt(at, format!("function {fi}: handler or position range out of bounds"));
    }
    let mut handlers = Vec::with_capacity(f.handler_count as usize);
    for i in f.handler_first..f.handler_first + f.handler_count {
        let hat = t.hndl.at + i as usize * HandlerRecord::SIZE;
        let h = need!(HandlerRecord::nth(t.hndl.bytes, 0, i as usize), hat, "truncated handler");
        let h = Handler { start: h.start, end: h.end, target: h.target, reg: h.reg };
        verify::check_handler(&h, &shape).map_err(|m| SnapshotError::Corrupt { offset: hat, what: format!("function {fi}: {m}") })?;
        handlers.push(h);
    }
    let mut positions = Vec::with_capacity(f.pos_count as usize);
    for i in f.pos_first..f.pos_first + f.pos_count {
        let p = need!(PosRecord::nth(t.posn.bytes, 0, i as usize), t.posn.at, "truncated position");
        positions.push((p.pc, p.offset));
    }
    if positions.windows(2).any(|w| w[0].0 > w[1].0) {
        return corrupt(t.posn.at + f.pos_first as usize * PosRecord::SIZE, format!("function {fi}: positions out of order"));
    }
    Ok(FunctionCode {
        name: f.name,
        flags: f.flags,
        length: f.length,
        n_params: f.n_params,
        n_regs: f.n_regs,
        n_ics: f.n_ics,
        code: Code::lazy(bytes.clone(), code_at, f.code_len as usize, f.insn_count as usize, shape),
        handlers,
        positions,
        span: (f.span_start, f.span_end),
    })
}

fn read_module(t: &Tables, m: u32, unit: u32, n_units: u32) -> Result<(ModuleInfo, Vec<Option<u32>>), SnapshotError> {
    let idx_at = t.mods.at + m as usize * 4;
    let off = need!(t.mods.cursor(m as usize * 4).u32(), idx_at, "truncated module index") as usize;
    let (data_at, data) = t.mods_data;
    let at = data_at + off;
    let mut c = Cursor::at(data, off);
    let mut u = || c.u32();
    let (owner, env_size, flags) = (need!(u(), at, "truncated module"), need!(u(), at, "truncated module"), need!(u(), at, "truncated module"));
    if owner != unit {
        return corrupt(at, "module record belongs to another unit");
    }
    if env_size > 1 << 20 || flags & !(module::HAS_TLA | module::PHASES) != 0 {
        return corrupt(at, "bad module scope size or flags");
    }
    let mut info = ModuleInfo { env_size, has_tla: flags & module::HAS_TLA != 0, ..Default::default() };
    let mut targets = Vec::new();
    let n = count(&mut c, data_at, 12)?;
    for _ in 0..n {
        let (spec, ty, target) = (need!(c.u32(), at, "truncated request"), need!(c.u32(), at, "truncated request"), need!(c.u32(), at, "truncated request"));
        info.requests.push((t.string(spec, at)?.into(), t.opt_string(ty, at)?.map(Into::into)));
        if target != NONE && target >= n_units {
            return corrupt(at, "module request target out of range");
        }
        targets.push((target != NONE).then_some(target));
    }
    let n_req = info.requests.len() as u32;
    let n = count(&mut c, data_at, 8)?;
    for _ in 0..n {
        let (request, name) = (need!(c.u32(), at, "truncated import"), need!(c.u32(), at, "truncated import"));
        if request >= n_req {
            return corrupt(at, "import request out of range");
        }
        info.imports.push(ImportEntry { request, name: t.opt_string(name, at)?.map(Into::into) });
    }
    let n = count(&mut c, data_at, 8)?;
    for _ in 0..n {
        let (name, slot) = (need!(c.u32(), at, "truncated export"), need!(c.u32(), at, "truncated export"));
        if slot >= env_size {
            return corrupt(at, "export slot out of range");
        }
        info.local_exports.push((t.string(name, at)?.into(), slot));
    }
    let n = count(&mut c, data_at, 12)?;
    for _ in 0..n {
        let (name, req, imported) = (need!(c.u32(), at, "truncated export"), need!(c.u32(), at, "truncated export"), need!(c.u32(), at, "truncated export"));
        if req >= n_req {
            return corrupt(at, "re-export request out of range");
        }
        info.indirect_exports.push((t.string(name, at)?.into(), req, t.opt_string(imported, at)?.map(Into::into)));
    }
    let n = count(&mut c, data_at, 4)?;
    for _ in 0..n {
        let req = need!(c.u32(), at, "truncated star export");
        if req >= n_req {
            return corrupt(at, "star export request out of range");
        }
        info.star_exports.push(req);
    }
    if flags & module::PHASES != 0 {
        for _ in 0..n_req {
            let p = need!(c.u32(), at, "truncated request phases");
            if p > crate::bytecode::phase::SOURCE as u32 {
                return corrupt(at, "bad request phase");
            }
            info.phases.push(p as u8);
        }
    }
    Ok((info, targets))
}
