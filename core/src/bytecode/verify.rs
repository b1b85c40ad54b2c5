//! Bytecode verifier: an expansion of the opcode table.
//!
//! Checks every operand of every instruction against its function and unit
//! (registers within the frame, constants and functions within their tables,
//! jump targets inside the code, handlers well-formed) so that code loaded
//! from an untrusted snapshot cannot index out of bounds when executed.

use super::{CodeUnit, Fun, FunctionCode, Ic, Imm, Insn, Lbl, Reg, K, U8};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    pub function: usize,
    pub pc: usize,
    pub message: String,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "function {} at instruction {}: {}", self.function, self.pc, self.message)
    }
}

struct Ctx<'a> {
    unit: &'a CodeUnit,
    func: &'a FunctionCode,
}

trait Check {
    fn check(&self, cx: &Ctx) -> Result<(), String>;
}
impl Check for Reg {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        // `+2`: ops such as GetIterator and Yield write a register pair.
        if (self.0 as u32) + 2 <= cx.func.n_regs + 1 { Ok(()) } else { Err(format!("register r{} out of range", self.0)) }
    }
}
impl Check for K {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if (self.0 as usize) < cx.unit.constants.len() { Ok(()) } else { Err(format!("constant k{} out of range", self.0)) }
    }
}
impl Check for Lbl {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if (self.0 as usize) < cx.func.code.len() { Ok(()) } else { Err(format!("jump target @{} out of range", self.0)) }
    }
}
impl Check for Ic {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if self.0 < cx.func.n_ics { Ok(()) } else { Err(format!("inline cache ic{} out of range", self.0)) }
    }
}
impl Check for Fun {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if (self.0 as usize) < cx.unit.functions.len() && self.0 != 0 { Ok(()) } else { Err(format!("function f{} out of range", self.0)) }
    }
}
impl Check for Imm {
    fn check(&self, _: &Ctx) -> Result<(), String> {
        Ok(())
    }
}
impl Check for U8 {
    fn check(&self, _: &Ctx) -> Result<(), String> {
        Ok(())
    }
}

macro_rules! gen_verify {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ident),* $(,)? } ),* $(,)?) => {
        fn check_insn(insn: &Insn, cx: &Ctx) -> Result<(), String> {
            match insn {
                $( Insn::$name { $($field),* } => { $( $field.check(cx)?; )* Ok(()) } )*
            }
        }
    };
}
crate::for_each_op!(gen_verify);

/// Operands whose meaning depends on the op (counts of consecutive registers).
fn check_ranges(insn: &Insn, f: &FunctionCode) -> Result<(), String> {
    let fits = |start: u16, n: i64| -> Result<(), String> {
        if n >= 0 && start as i64 + n <= f.n_regs as i64 { Ok(()) } else { Err("register range out of frame".into()) }
    };
    match *insn {
        Insn::Call { callee, argc, .. } | Insn::New { callee, argc, .. } | Insn::CallEval { callee, argc, .. } => {
            fits(callee.0, argc.0 as i64 + 2)
        }
        Insn::CallSpread { callee, .. } | Insn::NewSpread { callee, .. } => fits(callee.0, 3),
        Insn::SuperCall { args, argc, .. } => fits(args.0, argc.0 as i64),
        Insn::CreateEnv { size, .. } if size.0 < 0 || size.0 > 1 << 20 => Err("bad scope size".into()),
        _ => Ok(()),
    }
}

pub fn verify_unit(unit: &CodeUnit) -> Result<(), VerifyError> {
    if unit.functions.is_empty() {
        return Err(VerifyError { function: 0, pc: 0, message: "no top-level function".into() });
    }
    for (fi, func) in unit.functions.iter().enumerate() {
        let err = |pc: usize, message: String| VerifyError { function: fi, pc, message };
        if func.n_regs < func.n_params + 1 || func.n_regs > 65_000 {
            return Err(err(0, "bad register count".into()));
        }
        if func.code.is_empty() {
            return Err(err(0, "empty function".into()));
        }
        let cx = Ctx { unit, func };
        for (pc, insn) in func.code.iter().enumerate() {
            check_insn(insn, &cx).map_err(|m| err(pc, m))?;
            check_ranges(insn, func).map_err(|m| err(pc, m))?;
        }
        // Execution must not run off the end: the last instruction transfers control.
        match func.code.last() {
            Some(Insn::Return { .. } | Insn::Throw { .. } | Insn::Jump { .. } | Insn::ThrowError { .. }) => {}
            _ => return Err(err(func.code.len() - 1, "code falls off the end".into())),
        }
        for h in &func.handlers {
            let n = func.code.len() as u32;
            if h.start > h.end || h.end > n || h.target >= n || h.reg as u32 >= func.n_regs {
                return Err(err(h.start as usize, "bad exception handler".into()));
            }
        }
    }
    Ok(())
}
