//! Disassembler: an expansion of the opcode table.

use super::{CodeUnit, Constant, Fun, Ic, Imm, Insn, Lbl, Reg, K, U8};
use std::fmt::Write;

trait Show {
    fn show(&self, unit: &CodeUnit, out: &mut String);
}
impl Show for Reg {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "r{}", self.0);
    }
}
impl Show for K {
    fn show(&self, unit: &CodeUnit, out: &mut String) {
        let _ = write!(out, "k{}", self.0);
        match unit.constants.get(self.0 as usize) {
            Some(Constant::String(s)) => {
                let _ = write!(out, "({:?})", String::from_utf16_lossy(s));
            }
            Some(Constant::Number(n)) => {
                let _ = write!(out, "({n})");
            }
            Some(Constant::BigInt(b)) => {
                let _ = write!(out, "({b}n)");
            }
            _ => {}
        }
    }
}
impl Show for Lbl {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "@{}", self.0);
    }
}
impl Show for Imm {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "#{}", self.0);
    }
}
impl Show for Ic {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "ic{}", self.0);
    }
}
impl Show for Fun {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "f{}", self.0);
    }
}
impl Show for U8 {
    fn show(&self, _: &CodeUnit, out: &mut String) {
        let _ = write!(out, "{}", self.0);
    }
}

macro_rules! gen_show {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ident),* $(,)? } ),* $(,)?) => {
        fn show_insn(insn: &Insn, unit: &CodeUnit, out: &mut String) {
            match insn {
                $( Insn::$name { $($field),* } => {
                    out.push_str(stringify!($name));
                    let mut _first = true;
                    $(
                        out.push_str(if _first { " " } else { ", " });
                        _first = false;
                        let _ = write!(out, "{}=", stringify!($field));
                        $field.show(unit, out);
                    )*
                } )*
            }
        }
    };
}
crate::for_each_op!(gen_show);

/// Human-readable listing of every function in a unit.
pub fn disassemble(unit: &CodeUnit) -> String {
    let mut out = String::new();
    for (i, f) in unit.functions.iter().enumerate() {
        let name = match unit.constants.get(f.name as usize) {
            Some(Constant::String(s)) => String::from_utf16_lossy(s),
            _ => "<anonymous>".to_string(),
        };
        let _ = writeln!(
            out,
            "function f{i} {name:?}: params={} regs={} ics={} flags={:#x}",
            f.n_params, f.n_regs, f.n_ics, f.flags
        );
        for (pc, insn) in f.code.iter().enumerate() {
            let _ = write!(out, "  {pc:5}  ");
            show_insn(insn, unit, &mut out);
            if let Some(pos) = f.positions.iter().find(|p| p.0 == pc as u32) {
                let (l, c) = unit.line_col(pos.1);
                let _ = write!(out, "    ; {l}:{c}");
            }
            out.push('\n');
        }
        for h in &f.handlers {
            let _ = writeln!(out, "  try [{}, {}) -> @{} exc=r{}", h.start, h.end, h.target, h.reg);
        }
    }
    out
}
