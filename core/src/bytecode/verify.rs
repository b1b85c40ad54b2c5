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

/// What an instruction is checked against: its function's frame and tables,
/// and the sizes of its unit's constant and function tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FuncShape {
    pub n_regs: u32,
    pub n_params: u32,
    pub n_ics: u32,
    pub n_insns: u32,
    pub n_consts: u32,
    pub n_funcs: u32,
}

impl FuncShape {
    pub fn of(unit: &CodeUnit, func: &FunctionCode) -> FuncShape {
        FuncShape {
            n_regs: func.n_regs,
            n_params: func.n_params,
            n_ics: func.n_ics,
            n_insns: func.code.len() as u32,
            n_consts: unit.constants.len() as u32,
            n_funcs: unit.functions.len() as u32,
        }
    }
}

type Ctx = FuncShape;

trait Check {
    fn check(&self, cx: &Ctx) -> Result<(), String>;
}
impl Check for Reg {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        // `+2`: ops such as GetIterator and Yield write a register pair.
        if (self.0 as u32) + 2 <= cx.n_regs + 1 { Ok(()) } else { Err(format!("register r{} out of range", self.0)) }
    }
}
impl Check for K {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if self.0 < cx.n_consts { Ok(()) } else { Err(format!("constant k{} out of range", self.0)) }
    }
}
impl Check for Lbl {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if self.0 < cx.n_insns { Ok(()) } else { Err(format!("jump target @{} out of range", self.0)) }
    }
}
impl Check for Ic {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if self.0 < cx.n_ics { Ok(()) } else { Err(format!("inline cache ic{} out of range", self.0)) }
    }
}
impl Check for Fun {
    fn check(&self, cx: &Ctx) -> Result<(), String> {
        if self.0 < cx.n_funcs && self.0 != 0 { Ok(()) } else { Err(format!("function f{} out of range", self.0)) }
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
fn check_ranges(insn: &Insn, f: &FuncShape) -> Result<(), String> {
    let fits = |start: u16, n: i64| -> Result<(), String> {
        if n >= 0 && start as i64 + n <= f.n_regs as i64 { Ok(()) } else { Err("register range out of frame".into()) }
    };
    match *insn {
        Insn::Call { callee, argc, .. } | Insn::New { callee, argc, .. } | Insn::CallEval { callee, argc, .. } => {
            fits(callee.0, argc.0 as i64 + 2)
        }
        Insn::CallSpread { callee, .. } | Insn::CallEvalSpread { callee, .. } | Insn::NewSpread { callee, .. } => fits(callee.0, 3),
        Insn::SuperCall { args, argc, .. } => fits(args.0, argc.0 as i64),
        Insn::AutoAccessor { dst, .. } => fits(dst.0, 2),
        Insn::DecorateElements { dst, src } | Insn::DecorateClass { dst, src } => fits(dst.0, 2).and(fits(src.0, 3)),
        Insn::CreateEnv { size, .. } if size.0 < 0 || size.0 > 1 << 20 => Err("bad scope size".into()),
        _ => Ok(()),
    }
}

/// Checks one function's frame description (before any instruction).
pub fn check_frame(shape: &FuncShape) -> Result<(), String> {
    if shape.n_params >= shape.n_regs || shape.n_regs > 65_000 {
        return Err("bad register count".into());
    }
    if shape.n_insns == 0 {
        return Err("empty function".into());
    }
    Ok(())
}

/// Checks instruction `pc` of a function; `last` says whether it is the last one.
pub fn check_one(insn: &Insn, shape: &FuncShape, last: bool) -> Result<(), String> {
    check_insn(insn, shape)?;
    check_ranges(insn, shape)?;
    // Execution must not run off the end: the last instruction transfers control.
    if last && !matches!(insn, Insn::Return { .. } | Insn::Throw { .. } | Insn::Jump { .. } | Insn::ThrowError { .. }) {
        return Err("code falls off the end".into());
    }
    Ok(())
}

/// Checks an exception-table entry against its function.
pub fn check_handler(h: &super::Handler, shape: &FuncShape) -> Result<(), String> {
    let n = shape.n_insns;
    if h.start > h.end || h.end > n || h.target >= n || h.reg as u32 >= shape.n_regs {
        return Err("bad exception handler".into());
    }
    Ok(())
}

/// Checks a whole decoded function body; the error carries the pc.
pub fn verify_code(code: &[Insn], shape: &FuncShape) -> Result<(), (usize, String)> {
    check_frame(shape).map_err(|m| (0, m))?;
    if code.len() != shape.n_insns as usize {
        return Err((0, "instruction count mismatch".into()));
    }
    for (pc, insn) in code.iter().enumerate() {
        check_one(insn, shape, pc + 1 == code.len()).map_err(|m| (pc, m))?;
    }
    Ok(())
}

pub fn verify_unit(unit: &CodeUnit) -> Result<(), VerifyError> {
    if unit.functions.is_empty() {
        return Err(VerifyError { function: 0, pc: 0, message: "no top-level function".into() });
    }
    for (fi, func) in unit.functions.iter().enumerate() {
        let shape = FuncShape::of(unit, func);
        verify_code(&func.code, &shape).map_err(|(pc, message)| VerifyError { function: fi, pc, message })?;
        for h in &func.handlers {
            check_handler(h, &shape).map_err(|message| VerifyError { function: fi, pc: h.start as usize, message })?;
        }
    }
    Ok(())
}
