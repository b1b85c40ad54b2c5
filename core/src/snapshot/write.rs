//! Encoding `Contents` into snapshot bytes (see `layout.rs`).

use super::layout::*;
use super::{hash, Contents};
use crate::bytecode::{encode::encode_code, Constant};
use std::collections::HashMap;

/// The deduplicated string table.
#[derive(Default)]
struct Strings {
    index: Vec<u8>,
    data: Vec<u8>,
    ids: HashMap<Vec<u16>, u32>,
}

impl Strings {
    fn add16(&mut self, units: &[u16]) -> u32 {
        if let Some(&id) = self.ids.get(units) {
            return id;
        }
        let id = self.ids.len() as u32;
        let offset = self.data.len() as u32;
        let latin1 = units.iter().all(|&u| u < 256);
        if latin1 {
            self.data.extend(units.iter().map(|&u| u as u8));
        } else {
            for u in units {
                self.data.extend_from_slice(&u.to_le_bytes());
            }
        }
        let len = units.len() as u32 | if latin1 { 0 } else { STR_UTF16 };
        StrEntry { offset, len }.write(&mut self.index);
        self.ids.insert(units.to_vec(), id);
        id
    }
    fn add(&mut self, s: &str) -> u32 {
        let units: Vec<u16> = s.encode_utf16().collect();
        self.add16(&units)
    }
    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.add(s))
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_constant(out: &mut Vec<u8>, strings: &mut Strings, c: &Constant) {
    match c {
        Constant::Number(n) => {
            out.push(constant::NUMBER);
            out.extend_from_slice(&n.to_bits().to_le_bytes());
        }
        Constant::String(s) => {
            out.push(constant::STRING);
            put_u32(out, strings.add16(s));
        }
        Constant::BigInt(text) => {
            out.push(constant::BIGINT);
            put_u32(out, strings.add(text));
        }
        Constant::Scope { names, flags, var_scope } => {
            out.push(constant::SCOPE);
            put_u32(out, names.len() as u32);
            out.push(*var_scope as u8);
            for (n, f) in names.iter().zip(flags.iter()) {
                put_u32(out, strings.add16(n));
                out.push(*f);
            }
        }
        Constant::Globals(list) => {
            out.push(constant::GLOBALS);
            put_u32(out, list.len() as u32);
            for (n, kind) in list.iter() {
                put_u32(out, strings.add16(n));
                out.push(*kind);
            }
        }
        Constant::Template { cooked, raw } => {
            out.push(constant::TEMPLATE);
            put_u32(out, raw.len() as u32);
            for c in cooked.iter() {
                let id = c.as_deref().map_or(NONE, |c| strings.add16(c));
                put_u32(out, id);
            }
            for r in raw.iter() {
                put_u32(out, strings.add16(r));
            }
        }
        Constant::RegExp { pattern, flags } => {
            out.push(constant::REGEXP);
            put_u32(out, strings.add16(pattern));
            put_u32(out, strings.add(flags));
        }
        Constant::ArgMap(slots) => {
            out.push(constant::ARG_MAP);
            put_u32(out, slots.len() as u32);
            for s in slots.iter() {
                put_u32(out, *s);
            }
        }
    }
}

/// Encodes a snapshot.
pub fn write(contents: &Contents) -> Vec<u8> {
    let mut strings = Strings::default();
    let (mut cons_index, mut cons_data) = (Vec::new(), Vec::new());
    let (mut funcs, mut code, mut handlers, mut positions) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut units, mut dyni) = (Vec::new(), Vec::new());
    let (mut mods_index, mut mods_data) = (Vec::new(), Vec::new());
    let (mut srcs_index, mut srcs_data) = (Vec::new(), Vec::new());
    let (mut n_consts, mut n_funcs, mut n_handlers, mut n_pos, mut n_mods, mut n_srcs, mut n_dyn) = (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);

    for entry in &contents.units {
        let unit = &entry.unit;
        let const_first = n_consts;
        for c in &unit.constants {
            put_u32(&mut cons_index, cons_data.len() as u32);
            put_constant(&mut cons_data, &mut strings, c);
            n_consts += 1;
        }
        let func_first = n_funcs;
        for f in &unit.functions {
            let code_offset = code.len() as u32;
            encode_code(&f.code, &mut code);
            let handler_first = n_handlers;
            for h in &f.handlers {
                HandlerRecord { start: h.start, end: h.end, target: h.target, reg: h.reg, reserved: 0 }.write(&mut handlers);
                n_handlers += 1;
            }
            let pos_first = n_pos;
            if !contents.strip_debug {
                for &(pc, offset) in &f.positions {
                    PosRecord { pc, offset }.write(&mut positions);
                    n_pos += 1;
                }
            }
            FuncRecord {
                name: f.name,
                flags: f.flags,
                length: f.length,
                n_params: f.n_params,
                n_regs: f.n_regs,
                n_ics: f.n_ics,
                code_offset,
                code_len: code.len() as u32 - code_offset,
                insn_count: f.code.len() as u32,
                handler_first,
                handler_count: n_handlers - handler_first,
                pos_first,
                pos_count: n_pos - pos_first,
                span_start: f.span.0,
                span_end: f.span.1,
                reserved: 0,
            }
            .write(&mut funcs);
            n_funcs += 1;
        }
        let source = match (&unit.source, contents.strip_debug && !entry.json) {
            (Some(text), false) => {
                SrcEntry { offset: srcs_data.len() as u32, len: text.len() as u32 }.write(&mut srcs_index);
                srcs_data.extend_from_slice(text.as_bytes());
                n_srcs += 1;
                n_srcs - 1
            }
            _ => NONE,
        };
        let module = match &unit.module {
            Some(info) => {
                put_u32(&mut mods_index, mods_data.len() as u32);
                let out = &mut mods_data;
                put_u32(out, units.len() as u32 / UnitRecord::SIZE as u32);
                put_u32(out, info.env_size);
                let phases = if info.phases.is_empty() { 0 } else { module::PHASES };
                put_u32(out, if info.has_tla { module::HAS_TLA } else { 0 } | phases);
                put_u32(out, info.requests.len() as u32);
                for (i, (spec, ty)) in info.requests.iter().enumerate() {
                    put_u32(out, strings.add(spec));
                    put_u32(out, strings.opt(ty.as_deref()));
                    put_u32(out, entry.targets.get(i).copied().flatten().unwrap_or(NONE));
                }
                put_u32(out, info.imports.len() as u32);
                for imp in &info.imports {
                    put_u32(out, imp.request);
                    put_u32(out, strings.opt(imp.name.as_deref()));
                }
                put_u32(out, info.local_exports.len() as u32);
                for (name, slot) in &info.local_exports {
                    put_u32(out, strings.add(name));
                    put_u32(out, *slot);
                }
                put_u32(out, info.indirect_exports.len() as u32);
                for (name, req, imported) in &info.indirect_exports {
                    put_u32(out, strings.add(name));
                    put_u32(out, *req);
                    put_u32(out, strings.opt(imported.as_deref()));
                }
                put_u32(out, info.star_exports.len() as u32);
                for r in &info.star_exports {
                    put_u32(out, *r);
                }
                if !info.phases.is_empty() {
                    for i in 0..info.requests.len() {
                        put_u32(out, info.phase(i as u32) as u32);
                    }
                }
                n_mods += 1;
                n_mods - 1
            }
            None => NONE,
        };
        let dyn_first = n_dyn;
        for (i, spec) in unit.dynamic_imports.iter().enumerate() {
            let target = entry.dyn_targets.get(i).copied().flatten().unwrap_or(NONE);
            DynRecord { specifier: strings.add(spec), target }.write(&mut dyni);
            n_dyn += 1;
        }
        UnitRecord {
            name: strings.add(&entry.name),
            func_first,
            func_count: n_funcs - func_first,
            const_first,
            const_count: n_consts - const_first,
            source,
            module,
            dyn_first,
            dyn_count: n_dyn - dyn_first,
            flags: if entry.json { unit_flags::JSON } else { 0 },
        }
        .write(&mut units);
    }
    let mut asmb = Vec::new();
    for a in &contents.assemblies {
        let entry_module = match contents.units.get(a.entry_unit as usize) {
            Some(u) if u.unit.module.is_some() => {
                contents.units[..a.entry_unit as usize].iter().filter(|u| u.unit.module.is_some()).count() as u32
            }
            _ => NONE,
        };
        AsmRecord { name: strings.add(&a.name), entry_unit: a.entry_unit, entry_module, reserved: 0 }.write(&mut asmb);
    }

    let n_strings = strings.ids.len() as u32;
    let mut sections: Vec<(SectionKind, u32, Vec<u8>)> = vec![
        (STRS, n_strings, [strings.index, strings.data].concat()),
        (CONS, n_consts, [cons_index, cons_data].concat()),
        (FUNC, n_funcs, funcs),
        (CODE, code.len() as u32, code),
        (HNDL, n_handlers, handlers),
        (POSN, n_pos, positions),
        (UNIT, contents.units.len() as u32, units),
        (DYNI, n_dyn, dyni),
        (MODS, n_mods, [mods_index, mods_data].concat()),
        (SRCS, n_srcs, [srcs_index, srcs_data].concat()),
        (ASMB, contents.assemblies.len() as u32, asmb),
    ];
    if let Some(heap) = &contents.heap {
        sections.push((HEAP, 1, heap.clone()));
    }

    let table_at = Header::SIZE;
    let mut offset = align8(table_at + sections.len() * SectionEntry::SIZE);
    let mut table = Vec::new();
    for (kind, count, bytes) in &sections {
        SectionEntry { kind: kind.tag(), offset: offset as u32, length: bytes.len() as u32, count: *count }.write(&mut table);
        offset = align8(offset + bytes.len());
    }
    let mut flags = 0;
    if contents.heap.is_some() {
        flags |= flags::HEAP_IMAGE;
    }
    if contents.strip_debug {
        flags |= flags::STRIPPED;
    }
    if contents.tree_shaken {
        flags |= flags::TREE_SHAKEN;
    }
    let header = Header {
        magic: u64::from_le_bytes(MAGIC),
        content_hash: 0,
        version: FORMAT_VERSION,
        flags,
        builtins: contents.builtins,
        section_count: sections.len() as u32,
        section_table: table_at as u32,
        file_len: offset as u64,
        reserved0: 0,
        reserved1: 0,
    };
    let mut out = Vec::with_capacity(offset);
    header.write(&mut out);
    out.extend_from_slice(&table);
    for (_, _, bytes) in &sections {
        out.resize(align8(out.len()), 0);
        out.extend_from_slice(bytes);
    }
    out.resize(offset, 0);
    let h = hash::xxh64(&out[HASHED_FROM..]);
    out[8..16].copy_from_slice(&h.to_le_bytes());
    out
}

fn align8(n: usize) -> usize {
    (n + 7) & !7
}
