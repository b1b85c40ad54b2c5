//! Expressions.

use super::function::{compile_function, FnKind, FnSource};
use super::pattern::{prepare_simple, prepare_target, read_target, write_target};
use super::*;
use crate::bytecode::{Fun, Imm, U8};
use oxc_syntax::operator::{AssignmentOperator, BinaryOperator, LogicalOperator, UnaryOperator, UpdateOperator};

/// The UTF-16 value of a string literal (lone surrogates are kept).
pub(crate) fn string_units(_c: &Compiler, s: &StringLiteral) -> Vec<u16> {
    if s.lone_surrogates {
        decode_lone_surrogates(s.value.as_str())
    } else {
        s.value.encode_utf16().collect()
    }
}

/// oxc encodes a lone surrogate as U+FFFD followed by 4 hex digits, and a
/// literal U+FFFD as U+FFFD "fffd".
pub(crate) fn decode_lone_surrogates(s: &str) -> Vec<u16> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        if ch == '\u{FFFD}' {
            let hex: String = chars.by_ref().take(4).collect();
            match u16::from_str_radix(&hex, 16) {
                Ok(u) => out.push(u),
                Err(_) => out.push(0xFFFD),
            }
        } else {
            let mut buf = [0u16; 2];
            out.extend_from_slice(ch.encode_utf16(&mut buf));
        }
    }
    out
}

fn template_units(s: &str, lone: bool) -> Vec<u16> {
    if lone {
        decode_lone_surrogates(s)
    } else {
        s.encode_utf16().collect()
    }
}

/// `++x`, `x--`, ...; `dst` None when the value is not used.
fn update_expr<'a>(c: &mut Compiler<'_, 'a>, u: &UpdateExpression<'a>, dst: Option<Reg>) -> CResult<()> {
    let inc = |r: Reg| match u.operator {
        UpdateOperator::Increment => Insn::Inc { dst: r, src: r },
        UpdateOperator::Decrement => Insn::Dec { dst: r, src: r },
    };
    // A mutable local in a register, whose old value is not needed: update it
    // in place (Inc/Dec apply ToNumeric themselves).
    if let SimpleAssignmentTarget::AssignmentTargetIdentifier(id) = &u.argument {
        if !c.dynamic && (dst.is_none() || u.prefix) {
            if let Some(b) = c.resolve(id) {
                if let Loc::Reg(r) = b.loc {
                    if matches!(b.kind, BKind::Var | BKind::Let | BKind::Function) && !c.needs_tdz(b, id.span.start) {
                        c.pos(u.span);
                        c.emit(inc(r));
                        if let Some(d) = dst {
                            if d != r {
                                c.emit(Insn::Mov { dst: d, src: r });
                            }
                        }
                        return Ok(());
                    }
                }
            }
        }
    }
    let m = c.mark();
    let tgt = prepare_simple(c, &u.argument)?;
    let old = c.temp();
    read_target(c, &tgt, old)?;
    let need_old = dst.is_some() && !u.prefix;
    if need_old {
        c.emit(Insn::ToNumeric { dst: old, src: old });
    }
    let new = c.temp();
    c.pos(u.span);
    match u.operator {
        UpdateOperator::Increment => c.emit(Insn::Inc { dst: new, src: old }),
        UpdateOperator::Decrement => c.emit(Insn::Dec { dst: new, src: old }),
    };
    write_target(c, &tgt, new)?;
    if let Some(d) = dst {
        c.emit(Insn::Mov { dst: d, src: if u.prefix { new } else { old } });
    }
    c.release(m);
    Ok(())
}

/// Evaluates `e` for its side effects only.
pub(crate) fn expr_discard<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>) -> CResult<()> {
    match strip_parens(e) {
        Expression::UpdateExpression(u) => return update_expr(c, u, None),
        Expression::AssignmentExpression(a) => return assignment(c, a, None),
        _ => {}
    }
    let m = c.mark();
    let t = c.temp();
    expr_to(c, e, t)?;
    c.release(m);
    Ok(())
}

/// Evaluates `e` with NamedEvaluation: anonymous functions and classes get `name`.
pub(crate) fn expr_named<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>, dst: Reg, name: Option<&str>) -> CResult<()> {
    if let Some(n) = name {
        match e {
            Expression::FunctionExpression(f) if f.id.is_none() => {
                let idx = compile_function(c, FnSource::Function(f), FnKind::Normal, Some(n), None)?;
                let env = c.current_env();
                c.emit(Insn::NewClosure { dst, f: Fun(idx), env });
                return Ok(());
            }
            Expression::ArrowFunctionExpression(a) => {
                let idx = compile_function(c, FnSource::Arrow(a), FnKind::Arrow, Some(n), None)?;
                let env = c.current_env();
                c.emit(Insn::NewClosure { dst, f: Fun(idx), env });
                return Ok(());
            }
            Expression::ClassExpression(cl) if cl.id.is_none() => {
                return class::compile_class(c, cl, dst, Some(n));
            }
            Expression::ParenthesizedExpression(p) => return expr_named(c, &p.expression, dst, name),
            Expression::TSAsExpression(x) => return expr_named(c, &x.expression, dst, name),
            Expression::TSSatisfiesExpression(x) => return expr_named(c, &x.expression, dst, name),
            Expression::TSNonNullExpression(x) => return expr_named(c, &x.expression, dst, name),
            _ => {}
        }
    }
    expr_to(c, e, dst)
}

/// Whether evaluating `e` cannot change any binding (safe to reorder reads).
fn is_pure(e: &Expression) -> bool {
    matches!(
        e,
        Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::ThisExpression(_)
    )
}

/// Evaluates `e` into some register: a local's own register when that is
/// safe, else `fallback`.
pub(crate) fn expr_any<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>, fallback: Reg) -> CResult<Reg> {
    // `this` of a function that has its own (r0, set once on entry, except in
    // derived constructors where super() initialises it).
    if let Expression::ThisExpression(_) = e {
        if own_this(c) && !c.dynamic && c.fr().flags & crate::bytecode::fflags::DERIVED == 0 {
            return Ok(Reg(0));
        }
    }
    if let Expression::Identifier(id) = e {
        if let Some(b) = c.resolve(id) {
            if let Loc::Reg(r) = b.loc {
                if !c.needs_tdz(b, id.span.start) && !c.dynamic {
                    return Ok(r);
                }
            }
        }
    }
    // `++i` / `--i` on a register local: its register holds the result.
    if let Expression::UpdateExpression(u) = e {
        if let (true, SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) = (u.prefix, &u.argument) {
            if let Some(r) = reg_local(c, id) {
                update_expr(c, u, Some(r))?;
                return Ok(r);
            }
        }
    }
    expr_to(c, e, fallback)?;
    Ok(fallback)
}

/// Evaluates both operands of a binary expression, into their own registers
/// where that is safe (see `expr_any`).
fn binary_operands<'a>(c: &mut Compiler<'_, 'a>, b: &BinaryExpression<'a>) -> CResult<(Reg, Reg)> {
    let ta = c.temp();
    // The left operand's register may be read directly only if evaluating the
    // right one cannot assign it.
    let a = if !c.dynamic && !may_change(&b.right, &b.left) {
        expr_any(c, &b.left, ta)?
    } else {
        expr_to(c, &b.left, ta)?;
        ta
    };
    let tb = c.temp();
    let rb = expr_any(c, &b.right, tb)?;
    Ok((a, rb))
}

/// Compiles a test: emits jumps taken when `ToBoolean(e)` is `when`, falling
/// through otherwise, and returns them for patching. Comparisons become one
/// fused compare-and-branch; `!`, `&&` and `||` become jump chains, so no
/// boolean is materialised.
pub(crate) fn cond_jump<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>, when: bool) -> CResult<Vec<usize>> {
    let m = c.mark();
    let jumps = match e {
        Expression::ParenthesizedExpression(p) => return cond_jump(c, &p.expression, when),
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => return cond_jump(c, &u.argument, !when),
        Expression::LogicalExpression(l) if l.operator != LogicalOperator::Coalesce => {
            let and = l.operator == LogicalOperator::And;
            if and != when {
                // `a && b` jumping when false, `a || b` jumping when true: either operand decides.
                let mut j = cond_jump(c, &l.left, when)?;
                j.extend(cond_jump(c, &l.right, when)?);
                j
            } else {
                // The left operand can only rule the jump out.
                let skip = cond_jump(c, &l.left, !when)?;
                let j = cond_jump(c, &l.right, when)?;
                c.patch_all_here(&skip);
                j
            }
        }
        Expression::BinaryExpression(b) if fused_jump_imm(b.operator, true, Reg(0), 0).is_some() && (int_literal(&b.right).is_some() || int_literal(&b.left).is_some()) => {
            // A comparison with an integer literal; `lit < x` is `x > lit`.
            let (x, imm, op) = match (int_literal(&b.right), int_literal(&b.left)) {
                (Some(i), _) => (&b.left, i, b.operator),
                (None, Some(i)) => (&b.right, i, mirror(b.operator)),
                _ => return cerr(b.span, "bad comparison"),
            };
            let t = c.temp();
            let a = expr_any(c, x, t)?;
            c.pos(b.span);
            let insn = fused_jump_imm(op, when, a, imm).ok_or(CError { message: "bad comparison".into(), offset: b.span.start })?;
            vec![c.emit(insn)]
        }
        Expression::BinaryExpression(b) if fused_jump(b.operator, true, Reg(0), Reg(0)).is_some() => {
            let (a, rb) = binary_operands(c, b)?;
            c.pos(b.span);
            let insn = fused_jump(b.operator, when, a, rb).ok_or(CError { message: "bad comparison".into(), offset: b.span.start })?;
            vec![c.emit(insn)]
        }
        _ => {
            let t = c.temp();
            let r = expr_any(c, e, t)?;
            vec![c.emit(if when { Insn::JumpIfTrue { cond: r, target: Lbl(0) } } else { Insn::JumpIfFalse { cond: r, target: Lbl(0) } })]
        }
    };
    c.release(m);
    Ok(jumps)
}

/// `b OP a` for `a OP b` (relational operators).
fn mirror(op: BinaryOperator) -> BinaryOperator {
    match op {
        BinaryOperator::LessThan => BinaryOperator::GreaterThan,
        BinaryOperator::LessEqualThan => BinaryOperator::GreaterEqualThan,
        BinaryOperator::GreaterThan => BinaryOperator::LessThan,
        BinaryOperator::GreaterEqualThan => BinaryOperator::LessEqualThan,
        other => other,
    }
}

/// The compare-with-immediate branch for `a OP imm` (relational and equality operators).
fn fused_jump_imm(op: BinaryOperator, when: bool, a: Reg, imm: i32) -> Option<Insn> {
    let (target, imm) = (Lbl(0), Imm(imm));
    Some(match (op, when) {
        (BinaryOperator::LessThan, true) => Insn::JumpIfLtI { a, imm, target },
        (BinaryOperator::LessThan, false) => Insn::JumpIfNotLtI { a, imm, target },
        (BinaryOperator::LessEqualThan, true) => Insn::JumpIfLeI { a, imm, target },
        (BinaryOperator::LessEqualThan, false) => Insn::JumpIfNotLeI { a, imm, target },
        (BinaryOperator::GreaterThan, true) => Insn::JumpIfGtI { a, imm, target },
        (BinaryOperator::GreaterThan, false) => Insn::JumpIfNotGtI { a, imm, target },
        (BinaryOperator::GreaterEqualThan, true) => Insn::JumpIfGeI { a, imm, target },
        (BinaryOperator::GreaterEqualThan, false) => Insn::JumpIfNotGeI { a, imm, target },
        (BinaryOperator::StrictEquality, true) | (BinaryOperator::StrictInequality, false) => Insn::JumpIfStrictEqI { a, imm, target },
        (BinaryOperator::StrictEquality, false) | (BinaryOperator::StrictInequality, true) => Insn::JumpIfStrictNeI { a, imm, target },
        (BinaryOperator::Equality, true) | (BinaryOperator::Inequality, false) => Insn::JumpIfEqI { a, imm, target },
        (BinaryOperator::Equality, false) | (BinaryOperator::Inequality, true) => Insn::JumpIfNeI { a, imm, target },
        _ => return None,
    })
}

/// The compare-and-branch instruction for `a OP b` jumping when the comparison
/// is `when` (`None` if OP is not a comparison). `!(a < b)` is not `a >= b` (NaN),
/// hence the negated forms.
fn fused_jump(op: BinaryOperator, when: bool, a: Reg, b: Reg) -> Option<Insn> {
    let target = Lbl(0);
    Some(match (op, when) {
        (BinaryOperator::LessThan, true) => Insn::JumpIfLt { a, b, target },
        (BinaryOperator::LessThan, false) => Insn::JumpIfNotLt { a, b, target },
        (BinaryOperator::LessEqualThan, true) => Insn::JumpIfLe { a, b, target },
        (BinaryOperator::LessEqualThan, false) => Insn::JumpIfNotLe { a, b, target },
        (BinaryOperator::GreaterThan, true) => Insn::JumpIfGt { a, b, target },
        (BinaryOperator::GreaterThan, false) => Insn::JumpIfNotGt { a, b, target },
        (BinaryOperator::GreaterEqualThan, true) => Insn::JumpIfGe { a, b, target },
        (BinaryOperator::GreaterEqualThan, false) => Insn::JumpIfNotGe { a, b, target },
        (BinaryOperator::StrictEquality, true) | (BinaryOperator::StrictInequality, false) => Insn::JumpIfStrictEq { a, b, target },
        (BinaryOperator::StrictEquality, false) | (BinaryOperator::StrictInequality, true) => Insn::JumpIfStrictNe { a, b, target },
        (BinaryOperator::Equality, true) | (BinaryOperator::Inequality, false) => Insn::JumpIfEq { a, b, target },
        (BinaryOperator::Equality, false) | (BinaryOperator::Inequality, true) => Insn::JumpIfNe { a, b, target },
        _ => return None,
    })
}

pub(crate) fn load_identifier(c: &mut Compiler, id: &IdentifierReference, dst: Reg) -> CResult<()> {
    let name = id.name.as_str();
    if c.dynamic {
        if let Some(b) = c.resolve(id) {
            if let Loc::Import(_) = b.loc {
                c.load_binding(b, name, dst, id.span.start);
                return Ok(());
            }
        }
        let env = c.current_env();
        let k = c.kstr(name);
        c.pos(id.span);
        c.emit(Insn::GetName { dst, env, k });
        return Ok(());
    }
    match c.resolve(id) {
        Some(b) => {
            c.pos(id.span);
            c.load_binding(b, name, dst, id.span.start);
        }
        None => {
            if name == "arguments" {
                if let Some(loc) = arguments_loc(c) {
                    let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: 0 };
                    c.load_binding(b, name, dst, 0);
                    return Ok(());
                }
            }
            // Inside TS namespaces, a free name may be a member exported by
            // another declaration of the same namespace (declaration merging).
            let k = c.kstr(name);
            let mut ends = Vec::new();
            for i in (0..c.ns_stack.len()).rev() {
                let Some(ns) = c.ns_object(i) else { continue };
                let t = c.temp();
                c.emit(Insn::LoadConst { dst: t, k });
                c.emit(Insn::In { dst: t, a: t, b: ns });
                let skip = c.emit(Insn::JumpIfFalse { cond: t, target: Lbl(0) });
                let ic = c.ic();
                c.emit(Insn::GetProp { dst, obj: ns, k, ic });
                ends.push(c.jump());
                c.patch_here(skip);
                c.release(t.0);
            }
            let ic = c.ic();
            c.pos(id.span);
            c.emit(Insn::GetGlobal { dst, k, ic });
            for j in ends {
                c.patch_here(j);
            }
        }
    }
    Ok(())
}

/// Location of the `arguments` object visible here (through arrows).
fn arguments_loc(c: &Compiler) -> Option<Loc> {
    for f in c.fs.iter().rev() {
        if f.is_arrow {
            continue;
        }
        return f.specials.get(&Special::Arguments).copied();
    }
    None
}

pub(crate) fn store_identifier(c: &mut Compiler, id: &IdentifierReference, src: Reg) -> CResult<()> {
    let name = id.name.as_str();
    let strict = c.fr().strict;
    if c.dynamic {
        if let Some(b) = c.resolve(id) {
            if let Loc::Import(_) = b.loc {
                c.throw_error(0, "Assignment to constant variable.");
                return Ok(());
            }
        }
        let env = c.current_env();
        let k = c.kstr(name);
        c.pos(id.span);
        c.emit(Insn::SetName { env, k, src, flag: U8(strict as u8) });
        return Ok(());
    }
    match c.resolve(id) {
        Some(b) => {
            c.pos(id.span);
            c.store_binding(b, name, src, false, id.span.start)
        }
        None => {
            if name == "arguments" {
                if let Some(loc) = arguments_loc(c) {
                    let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: 0 };
                    c.store_binding(b, name, src, false, 0);
                    return Ok(());
                }
            }
            let k = c.kstr(name);
            let ic = c.ic();
            c.pos(id.span);
            c.emit(Insn::SetGlobal { k, src, flag: U8(strict as u8), ic });
        }
    }
    Ok(())
}

/// Loads a special pseudo-binding (this, new.target, home) visible here.
fn load_special(c: &mut Compiler, sp: Special, dst: Reg) -> CResult<bool> {
    let n = c.fs.len();
    for i in (0..n).rev() {
        if c.fs[i].is_arrow {
            continue;
        }
        if i == n - 1 {
            return Ok(false);
        }
        if let Some(loc) = c.fs[i].specials.get(&sp).copied() {
            let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: 0 };
            c.load_binding(b, "", dst, 0);
            return Ok(true);
        }
        return Ok(false);
    }
    Ok(false)
}

/// Whether `this` here is the frame's own (not an arrow's lexical one).
fn own_this(c: &Compiler) -> bool {
    !c.fr().is_arrow
}

/// Evaluates `this` into `dst`.
pub(crate) fn load_this(c: &mut Compiler, dst: Reg) -> CResult<()> {
    if own_this(c) {
        if c.dynamic && c.fr().flags & crate::bytecode::fflags::TOP_LEVEL != 0 && matches!(c.opts.goal, Goal::Eval(_)) {
            let env = c.current_env();
            let k = c.kstr("%this");
            c.emit(Insn::TypeofName { dst, env, k });
            let j = c.emit(Insn::JumpIfNotUndef { cond: dst, target: Lbl(0) });
            c.emit(Insn::Mov { dst, src: Reg(0) });
            c.patch_here(j);
            return Ok(());
        }
        c.emit(Insn::Mov { dst, src: Reg(0) });
        if c.fr().flags & crate::bytecode::fflags::DERIVED != 0 {
            c.emit(Insn::CheckThis { src: dst });
        }
        return Ok(());
    }
    if load_special(c, Special::This, dst)? {
        if enclosing_derived(c) {
            c.emit(Insn::CheckThis { src: dst });
        }
        return Ok(());
    }
    if c.dynamic {
        let env = c.current_env();
        let k = c.kstr("%this");
        c.emit(Insn::TypeofName { dst, env, k });
        let j = c.emit(Insn::JumpIfNotUndef { cond: dst, target: Lbl(0) });
        c.emit(Insn::Mov { dst, src: Reg(0) });
        c.patch_here(j);
        return Ok(());
    }
    // Arrow at top level: `this` of the script/module (frame register 0 of the arrow is the captured one).
    c.emit(Insn::Mov { dst, src: Reg(0) });
    Ok(())
}

fn enclosing_derived(c: &Compiler) -> bool {
    c.fs.iter().rev().find(|f| !f.is_arrow).is_some_and(|f| f.flags & crate::bytecode::fflags::DERIVED != 0)
}

/// A register holding `this` (a temp when not the frame's own).
pub(crate) fn load_this_reg(c: &mut Compiler) -> CResult<Reg> {
    let t = c.temp();
    load_this(c, t)?;
    Ok(t)
}

fn load_new_target(c: &mut Compiler, dst: Reg) -> CResult<()> {
    if own_this(c) && !(c.dynamic && matches!(c.opts.goal, Goal::Eval(_)) && c.fs.len() == 1) {
        c.emit(Insn::LoadNewTarget { dst });
        return Ok(());
    }
    if !load_special(c, Special::NewTarget, dst)? {
        if c.dynamic {
            let env = c.current_env();
            let k = c.kstr("%newtarget");
            c.emit(Insn::TypeofName { dst, env, k });
        } else {
            c.emit(Insn::LoadUndef { dst });
        }
    }
    Ok(())
}

pub(crate) fn load_private_name(c: &mut Compiler, p: &PrivateIdentifier, dst: Reg) -> CResult<()> {
    let name = p.name.as_str();
    for scope in c.private_names.iter().rev() {
        if let Some(b) = scope.get(name).copied() {
            c.load_binding(b, name, dst, u32::MAX);
            return Ok(());
        }
    }
    cerr(p.span, format!("Private field '#{name}' must be declared in an enclosing class"))
}

/// `await src` into `dst` (throws on rejection).
pub(crate) fn emit_await(c: &mut Compiler, dst: Reg, src: Reg) -> CResult<()> {
    let pair = c.temps(2);
    c.emit(Insn::Await { dst: pair, src });
    let j = c.emit(Insn::JumpIfFalse { cond: Reg(pair.0 + 1), target: Lbl(0) });
    c.emit(Insn::Throw { src: pair });
    c.patch_here(j);
    c.emit(Insn::Mov { dst, src: pair });
    c.release(pair.0);
    Ok(())
}

/// After a `Yield` into `pair`: handle throw (mode 1) and return (mode 2) resumptions.
fn after_yield(c: &mut Compiler, pair: Reg) -> CResult<()> {
    let mode = Reg(pair.0 + 1);
    let j = c.emit(Insn::JumpIfFalse { cond: mode, target: Lbl(0) });
    let one = c.temp();
    c.emit(Insn::LoadInt { dst: one, imm: Imm(1) });
    let cmp = c.temp();
    c.emit(Insn::StrictEq { dst: cmp, a: mode, b: one });
    let j2 = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
    c.emit(Insn::Throw { src: pair });
    c.patch_here(j2);
    if c.fr().flags & crate::bytecode::fflags::ASYNC != 0 {
        emit_await(c, pair, pair)?;
    }
    stmt::emit_return(c, pair);
    c.patch_here(j);
    Ok(())
}

fn binary_op(op: BinaryOperator, dst: Reg, a: Reg, b: Reg) -> Option<Insn> {
    use BinaryOperator as B;
    Some(match op {
        B::Addition => Insn::Add { dst, a, b },
        B::Subtraction => Insn::Sub { dst, a, b },
        B::Multiplication => Insn::Mul { dst, a, b },
        B::Division => Insn::Div { dst, a, b },
        B::Remainder => Insn::Mod { dst, a, b },
        B::Exponential => Insn::Exp { dst, a, b },
        B::BitwiseAnd => Insn::BitAnd { dst, a, b },
        B::BitwiseOR => Insn::BitOr { dst, a, b },
        B::BitwiseXOR => Insn::BitXor { dst, a, b },
        B::ShiftLeft => Insn::Shl { dst, a, b },
        B::ShiftRight => Insn::Shr { dst, a, b },
        B::ShiftRightZeroFill => Insn::UShr { dst, a, b },
        B::Equality => Insn::Eq { dst, a, b },
        B::Inequality => Insn::Ne { dst, a, b },
        B::StrictEquality => Insn::StrictEq { dst, a, b },
        B::StrictInequality => Insn::StrictNe { dst, a, b },
        B::LessThan => Insn::Lt { dst, a, b },
        B::LessEqualThan => Insn::Le { dst, a, b },
        B::GreaterThan => Insn::Gt { dst, a, b },
        B::GreaterEqualThan => Insn::Ge { dst, a, b },
        B::Instanceof => Insn::InstanceOf { dst, a, b },
        B::In => Insn::In { dst, a, b },
    })
}

fn assign_op(op: AssignmentOperator) -> Option<BinaryOperator> {
    use AssignmentOperator as A;
    use BinaryOperator as B;
    Some(match op {
        A::Addition => B::Addition,
        A::Subtraction => B::Subtraction,
        A::Multiplication => B::Multiplication,
        A::Division => B::Division,
        A::Remainder => B::Remainder,
        A::Exponential => B::Exponential,
        A::BitwiseAnd => B::BitwiseAnd,
        A::BitwiseOR => B::BitwiseOR,
        A::BitwiseXOR => B::BitwiseXOR,
        A::ShiftLeft => B::ShiftLeft,
        A::ShiftRight => B::ShiftRight,
        A::ShiftRightZeroFill => B::ShiftRightZeroFill,
        _ => return None,
    })
}

/// Jump sites that short-circuit the enclosing optional chain.
pub(crate) struct Chain {
    nullish_jumps: Vec<usize>,
}

/// Evaluates `e` into `dst`.
pub(crate) fn expr_to<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>, dst: Reg) -> CResult<()> {
    let m = c.mark();
    let r = expr_inner(c, e, dst, None);
    c.release(m.max(dst.0 + 1).min(c.mark()).max(m));
    r
}

fn expr_inner<'a>(c: &mut Compiler<'_, 'a>, e: &Expression<'a>, dst: Reg, chain: Option<&mut Chain>) -> CResult<()> {
    match e {
        Expression::NumericLiteral(n) => c.load_num(dst, n.value),
        Expression::StringLiteral(s) => {
            let u = string_units(c, s);
            let k = c.kstr16(&u);
            c.emit(Insn::LoadConst { dst, k });
        }
        Expression::BooleanLiteral(b) => {
            c.emit(if b.value { Insn::LoadTrue { dst } } else { Insn::LoadFalse { dst } });
        }
        Expression::NullLiteral(_) => {
            c.emit(Insn::LoadNull { dst });
        }
        Expression::BigIntLiteral(b) => {
            let text = b.value.as_str().to_string();
            let k = c.kpush(Constant::BigInt(text.into()));
            c.emit(Insn::LoadConst { dst, k });
        }
        Expression::RegExpLiteral(r) => {
            let pattern: Vec<u16> = r.regex.pattern.text.encode_utf16().collect();
            let flags = r.regex.flags.to_string();
            if let Err(e) = crate::builtins::regexp::validate_literal(&pattern, &flags) {
                return cerr(r.span, e);
            }
            let k = c.kpush(Constant::RegExp { pattern: pattern.into(), flags: flags.into() });
            c.pos(r.span);
            c.emit(Insn::NewRegExp { dst, k });
        }
        Expression::TemplateLiteral(t) => template(c, t, dst)?,
        Expression::Identifier(id) => {
            if id.name == "undefined" && c.resolve(id).is_none() && !c.dynamic {
                c.emit(Insn::LoadUndef { dst });
            } else {
                load_identifier(c, id, dst)?;
            }
        }
        Expression::ThisExpression(_) => load_this(c, dst)?,
        Expression::Super(s) => return cerr(s.span, "'super' keyword unexpected here"),
        Expression::ArrayExpression(a) => {
            c.emit(Insn::NewArray { dst, cap: Imm(a.elements.len() as i32) });
            let t = c.temp();
            for el in &a.elements {
                match el {
                    ArrayExpressionElement::SpreadElement(s) => {
                        expr_to(c, &s.argument, t)?;
                        c.pos(s.span);
                        c.emit(Insn::ArraySpread { arr: dst, src: t });
                    }
                    ArrayExpressionElement::Elision(_) => {
                        c.emit(Insn::ArrayHole { arr: dst });
                    }
                    _ => {
                        let ex = el.as_expression().ok_or(CError { message: "bad array element".into(), offset: a.span.start })?;
                        expr_to(c, ex, t)?;
                        c.emit(Insn::ArrayPush { arr: dst, src: t });
                    }
                }
            }
        }
        Expression::ObjectExpression(o) => object_literal(c, o, dst)?,
        Expression::FunctionExpression(f) => {
            super::function::compile_function_expr(c, f, FnKind::Normal, dst, None)?;
        }
        Expression::ArrowFunctionExpression(a) => {
            let idx = compile_function(c, FnSource::Arrow(a), FnKind::Arrow, None, None)?;
            let env = c.current_env();
            c.emit(Insn::NewClosure { dst, f: Fun(idx), env });
        }
        Expression::ClassExpression(cl) => class::compile_class(c, cl, dst, None)?,
        Expression::AssignmentExpression(a) => assignment(c, a, Some(dst))?,
        Expression::AwaitExpression(a) => {
            expr_to(c, &a.argument, dst)?;
            c.pos(a.span);
            emit_await(c, dst, dst)?;
        }
        Expression::BinaryExpression(b) => {
            if binary_imm(c, b, dst)? {
                return Ok(());
            }
            let (a, rb) = binary_operands(c, b)?;
            c.pos(b.span);
            if let Some(i) = binary_op(b.operator, dst, a, rb) {
                c.emit(i);
            }
        }
        Expression::PrivateInExpression(p) => {
            let obj = c.temp();
            expr_to(c, &p.right, obj)?;
            let key = c.temp();
            load_private_name(c, &p.left, key)?;
            c.emit(Insn::HasPrivate { dst, obj, key });
        }
        Expression::LogicalExpression(l) => {
            expr_to(c, &l.left, dst)?;
            let j = match l.operator {
                LogicalOperator::Or => c.emit(Insn::JumpIfTrue { cond: dst, target: Lbl(0) }),
                LogicalOperator::And => c.emit(Insn::JumpIfFalse { cond: dst, target: Lbl(0) }),
                LogicalOperator::Coalesce => c.emit(Insn::JumpIfNotNullish { cond: dst, target: Lbl(0) }),
            };
            expr_to(c, &l.right, dst)?;
            c.patch_here(j);
        }
        Expression::ConditionalExpression(ce) => {
            let j = cond_jump(c, &ce.test, false)?;
            expr_to(c, &ce.consequent, dst)?;
            let j2 = c.jump();
            c.patch_all_here(&j);
            expr_to(c, &ce.alternate, dst)?;
            c.patch_here(j2);
        }
        Expression::CallExpression(call) => call_expr(c, call, dst, chain)?,
        Expression::ChainExpression(ch) => {
            let mut chain = Chain { nullish_jumps: Vec::new() };
            match &ch.expression {
                ChainElement::CallExpression(call) => call_expr(c, call, dst, Some(&mut chain))?,
                ChainElement::TSNonNullExpression(x) => expr_inner(c, &x.expression, dst, Some(&mut chain))?,
                other => {
                    if let Some(mexpr) = other.as_member_expression() {
                        member_expr(c, mexpr, dst, Some(&mut chain))?;
                    }
                }
            }
            if !chain.nullish_jumps.is_empty() {
                let j = c.jump();
                for nj in chain.nullish_jumps {
                    c.patch_here(nj);
                }
                c.emit(Insn::LoadUndef { dst });
                c.patch_here(j);
            }
        }
        Expression::ImportExpression(i) => {
            if let Expression::StringLiteral(lit) = &i.source {
                let spec: Box<str> = lit.value.as_str().into();
                if !c.dynamic_imports.contains(&spec) {
                    c.dynamic_imports.push(spec);
                }
            }
            let s = c.temp();
            expr_to(c, &i.source, s)?;
            let o = c.temp();
            match &i.options {
                Some(opts) => expr_to(c, opts, o)?,
                None => {
                    c.emit(Insn::LoadUndef { dst: o });
                }
            }
            c.pos(i.span);
            match i.phase {
                None => c.emit(Insn::DynImport { dst, src: s, opts: o }),
                Some(p) => c.emit(Insn::DynImportPhase { dst, src: s, opts: o, phase: U8(super::stmt::decl_phase(Some(p))) }),
            };
        }
        Expression::NewExpression(n) => {
            let argc = n.arguments.len() as u16;
            let spread = n.arguments.iter().any(|a| matches!(a, Argument::SpreadElement(_)));
            let base = c.temps(if spread { 3 } else { argc + 2 });
            expr_to(c, &n.callee, base)?;
            c.emit(Insn::Mov { dst: Reg(base.0 + 1), src: base });
            if spread {
                spread_args(c, &n.arguments, Reg(base.0 + 2))?;
                c.pos(n.span);
                c.emit(Insn::NewSpread { dst, callee: base });
            } else {
                for (i, a) in n.arguments.iter().enumerate() {
                    let ex = a.as_expression().ok_or(CError { message: "bad argument".into(), offset: n.span.start })?;
                    expr_to(c, ex, Reg(base.0 + 2 + i as u16))?;
                }
                c.pos(n.span);
                c.emit(Insn::New { dst, callee: base, argc: Imm(argc as i32) });
            }
        }
        Expression::ParenthesizedExpression(p) => expr_inner(c, &p.expression, dst, chain)?,
        Expression::SequenceExpression(s) => {
            let n = s.expressions.len();
            for (i, ex) in s.expressions.iter().enumerate() {
                if i + 1 == n {
                    expr_to(c, ex, dst)?;
                } else {
                    expr_discard(c, ex)?;
                }
            }
        }
        Expression::TaggedTemplateExpression(t) => tagged_template(c, t, dst)?,
        Expression::UnaryExpression(u) => unary(c, u, dst)?,
        Expression::UpdateExpression(u) => update_expr(c, u, Some(dst))?,
        Expression::YieldExpression(y) => yield_expr(c, y, dst)?,
        Expression::ImportMeta(_) => {
            c.emit(Insn::ImportMeta { dst });
        }
        Expression::NewTarget(_) => load_new_target(c, dst)?,
        Expression::TSAsExpression(x) => expr_inner(c, &x.expression, dst, chain)?,
        Expression::TSSatisfiesExpression(x) => expr_inner(c, &x.expression, dst, chain)?,
        Expression::TSTypeAssertion(x) => expr_inner(c, &x.expression, dst, chain)?,
        Expression::TSNonNullExpression(x) => expr_inner(c, &x.expression, dst, chain)?,
        Expression::TSInstantiationExpression(x) => expr_inner(c, &x.expression, dst, chain)?,
        Expression::JSXElement(j) => return cerr(j.span, "JSX is not supported"),
        Expression::JSXFragment(j) => return cerr(j.span, "JSX is not supported"),
        Expression::V8IntrinsicExpression(v) => return cerr(v.span, "V8 intrinsics are not supported"),
        _ => {
            if let Some(mexpr) = e.as_member_expression() {
                member_expr(c, mexpr, dst, chain)?;
            } else {
                return cerr(e.span(), "unsupported expression");
            }
        }
    }
    Ok(())
}

fn template<'a>(c: &mut Compiler<'_, 'a>, t: &TemplateLiteral<'a>, dst: Reg) -> CResult<()> {
    let first = t.quasis.first().map(|q| template_units(q.value.cooked.as_deref().unwrap_or(""), q.lone_surrogates)).unwrap_or_default();
    let k = c.kstr16(&first);
    // Build into a temp: `dst` may be read by the expressions.
    let acc = c.temp();
    c.emit(Insn::LoadConst { dst: acc, k });
    let t1 = c.temp();
    for (i, ex) in t.expressions.iter().enumerate() {
        expr_to(c, ex, t1)?;
        c.emit(Insn::ToString { dst: t1, src: t1 });
        c.emit(Insn::Add { dst: acc, a: acc, b: t1 });
        if let Some(q) = t.quasis.get(i + 1) {
            let u = template_units(q.value.cooked.as_deref().unwrap_or(""), q.lone_surrogates);
            if !u.is_empty() {
                let k = c.kstr16(&u);
                c.emit(Insn::LoadConst { dst: t1, k });
                c.emit(Insn::Add { dst: acc, a: acc, b: t1 });
            }
        }
    }
    c.emit(Insn::Mov { dst, src: acc });
    Ok(())
}

fn tagged_template<'a>(c: &mut Compiler<'_, 'a>, t: &TaggedTemplateExpression<'a>, dst: Reg) -> CResult<()> {
    let n = t.quasi.expressions.len() as u16;
    let base = c.temps(n + 3);
    // Callee and receiver.
    match &t.tag {
        Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) | Expression::PrivateFieldExpression(_) => {
            if let Some(mexpr) = t.tag.as_member_expression() {
                method_callee(c, mexpr, base, None)?;
            }
        }
        tag => {
            expr_to(c, tag, base)?;
            c.emit(Insn::LoadUndef { dst: Reg(base.0 + 1) });
        }
    }
    let cooked: Vec<Option<Box<[u16]>>> = t
        .quasi
        .quasis
        .iter()
        .map(|q| q.value.cooked.as_ref().map(|s| template_units(s.as_str(), q.lone_surrogates).into_boxed_slice()))
        .collect();
    let raw: Vec<Box<[u16]>> = t.quasi.quasis.iter().map(|q| template_units(q.value.raw.as_str(), q.lone_surrogates).into_boxed_slice()).collect();
    let k = c.kpush(Constant::Template { cooked: cooked.into(), raw: raw.into() });
    c.emit(Insn::GetTemplate { dst: Reg(base.0 + 2), k });
    for (i, ex) in t.quasi.expressions.iter().enumerate() {
        expr_to(c, ex, Reg(base.0 + 3 + i as u16))?;
    }
    c.pos(t.span);
    c.emit(Insn::Call { dst, callee: base, argc: Imm(n as i32 + 1) });
    Ok(())
}

fn unary<'a>(c: &mut Compiler<'_, 'a>, u: &UnaryExpression<'a>, dst: Reg) -> CResult<()> {
    match u.operator {
        UnaryOperator::Typeof => {
            if let Expression::Identifier(id) = strip_parens(&u.argument) {
                if c.dynamic {
                    let env = c.current_env();
                    let k = c.kstr(id.name.as_str());
                    c.emit(Insn::TypeofName { dst, env, k });
                    c.emit(Insn::Typeof { dst, src: dst });
                    return Ok(());
                }
                if c.resolve(id).is_none() && !(id.name == "arguments" && arguments_loc(c).is_some()) {
                    let k = c.kstr(id.name.as_str());
                    c.emit(Insn::TypeofGlobal { dst, k });
                    c.emit(Insn::Typeof { dst, src: dst });
                    return Ok(());
                }
            }
            expr_to(c, &u.argument, dst)?;
            c.emit(Insn::Typeof { dst, src: dst });
        }
        UnaryOperator::Delete => delete(c, &u.argument, dst)?,
        UnaryOperator::Void => {
            expr_discard(c, &u.argument)?;
            c.emit(Insn::LoadUndef { dst });
        }
        UnaryOperator::LogicalNot => {
            expr_to(c, &u.argument, dst)?;
            c.emit(Insn::Not { dst, src: dst });
        }
        UnaryOperator::UnaryNegation => {
            if let Expression::NumericLiteral(n) = &u.argument {
                c.load_num(dst, -n.value);
                return Ok(());
            }
            expr_to(c, &u.argument, dst)?;
            c.pos(u.span);
            c.emit(Insn::Neg { dst, src: dst });
        }
        UnaryOperator::UnaryPlus => {
            expr_to(c, &u.argument, dst)?;
            c.pos(u.span);
            c.emit(Insn::ToNumber { dst, src: dst });
        }
        UnaryOperator::BitwiseNot => {
            expr_to(c, &u.argument, dst)?;
            c.pos(u.span);
            c.emit(Insn::BitNot { dst, src: dst });
        }
    }
    Ok(())
}

pub(crate) fn strip_parens<'n, 'a>(e: &'n Expression<'a>) -> &'n Expression<'a> {
    match e {
        Expression::ParenthesizedExpression(p) => strip_parens(&p.expression),
        Expression::TSAsExpression(x) => strip_parens(&x.expression),
        Expression::TSNonNullExpression(x) => strip_parens(&x.expression),
        _ => e,
    }
}

fn delete<'a>(c: &mut Compiler<'_, 'a>, arg: &Expression<'a>, dst: Reg) -> CResult<()> {
    let strict = U8(c.fr().strict as u8);
    match strip_parens(arg) {
        Expression::Identifier(id) => {
            if c.dynamic || c.resolve(id).is_none() {
                let env = c.current_env();
                let k = c.kstr(id.name.as_str());
                c.emit(Insn::DeleteName { dst, env, k });
            } else {
                c.emit(Insn::LoadFalse { dst });
            }
        }
        Expression::StaticMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                let this = load_this_reg(c)?;
                let _ = this;
                c.throw_error(1, "Unsupported reference to 'super'");
                return Ok(());
            }
            let obj = c.temp();
            expr_to(c, &s.object, obj)?;
            let key = c.temp();
            let k = c.kstr(s.property.name.as_str());
            c.emit(Insn::LoadConst { dst: key, k });
            c.pos(s.span);
            c.emit(Insn::DeleteElem { dst, obj, key, flag: strict });
        }
        Expression::ComputedMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                let this = load_this_reg(c)?;
                let _ = this;
                let t = c.temp();
                expr_to(c, &s.expression, t)?;
                c.throw_error(1, "Unsupported reference to 'super'");
                return Ok(());
            }
            let obj = c.temp();
            expr_to(c, &s.object, obj)?;
            let key = c.temp();
            expr_to(c, &s.expression, key)?;
            c.pos(s.span);
            c.emit(Insn::DeleteElem { dst, obj, key, flag: strict });
        }
        Expression::ChainExpression(ch) => {
            // delete a?.b
            let mut chain = Chain { nullish_jumps: Vec::new() };
            let res = match &ch.expression {
                ChainElement::StaticMemberExpression(s) => {
                    let obj = c.temp();
                    expr_inner(c, &s.object, obj, Some(&mut chain))?;
                    if s.optional {
                        chain.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: obj, target: Lbl(0) }));
                    }
                    let key = c.temp();
                    let k = c.kstr(s.property.name.as_str());
                    c.emit(Insn::LoadConst { dst: key, k });
                    c.emit(Insn::DeleteElem { dst, obj, key, flag: strict });
                    true
                }
                ChainElement::ComputedMemberExpression(s) => {
                    let obj = c.temp();
                    expr_inner(c, &s.object, obj, Some(&mut chain))?;
                    if s.optional {
                        chain.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: obj, target: Lbl(0) }));
                    }
                    let key = c.temp();
                    expr_to(c, &s.expression, key)?;
                    c.emit(Insn::DeleteElem { dst, obj, key, flag: strict });
                    true
                }
                _ => false,
            };
            if !res {
                expr_discard(c, arg)?;
                c.emit(Insn::LoadTrue { dst });
            } else if !chain.nullish_jumps.is_empty() {
                let j = c.jump();
                for nj in chain.nullish_jumps {
                    c.patch_here(nj);
                }
                c.emit(Insn::LoadTrue { dst });
                c.patch_here(j);
            }
        }
        other => {
            expr_discard(c, other)?;
            c.emit(Insn::LoadTrue { dst });
        }
    }
    Ok(())
}

/// The register of a mutable, initialised local that `id` names, which an
/// assignment may write directly.
fn reg_local(c: &Compiler, id: &IdentifierReference) -> Option<Reg> {
    if c.dynamic {
        return None;
    }
    let b = c.resolve(id)?;
    match b.loc {
        Loc::Reg(r) if matches!(b.kind, BKind::Var | BKind::Let | BKind::Function) && !c.needs_tdz(b, id.span.start) => Some(r),
        _ => None,
    }
}

/// The names that evaluating `e` may assign through assignment or update
/// expressions with an identifier target, or `None` when it may assign any
/// (a destructuring target, or more nodes than this check is worth looking
/// at: compile time stays linear). Locals in registers are not captured by any
/// closure (and mapped parameters live in scope records), so only such syntax
/// can change them while `e` runs; member targets cannot.
fn assigned_names<'a>(e: &Expression<'a>) -> Option<Vec<&'a str>> {
    struct Finder<'a> {
        names: Vec<&'a str>,
        any: bool,
        nodes: u32,
    }
    impl<'a> oxc_ast_visit::Visit<'a> for Finder<'a> {
        fn visit_expression(&mut self, e: &Expression<'a>) {
            self.nodes += 1;
            if self.nodes > 64 {
                self.any = true;
            }
            if !self.any {
                oxc_ast_visit::walk::walk_expression(self, e);
            }
        }
        fn visit_simple_assignment_target(&mut self, t: &SimpleAssignmentTarget<'a>) {
            if let SimpleAssignmentTarget::AssignmentTargetIdentifier(id) = t {
                self.names.push(id.name.as_str());
            }
            oxc_ast_visit::walk::walk_simple_assignment_target(self, t);
        }
        fn visit_assignment_target_pattern(&mut self, _: &AssignmentTargetPattern<'a>) {
            self.any = true;
        }
    }
    if is_pure(e) || matches!(e, Expression::Identifier(_)) {
        return Some(Vec::new());
    }
    let mut f = Finder { names: Vec::new(), any: false, nodes: 0 };
    oxc_ast_visit::Visit::visit_expression(&mut f, e);
    (!f.any).then_some(f.names)
}

/// Whether evaluating `e` may assign a binding at all.
pub(crate) fn may_assign(e: &Expression) -> bool {
    assigned_names(e).is_none_or(|n| !n.is_empty())
}

/// Whether evaluating `later` may change the register that `expr_any` returned
/// for the earlier operand `read` (only a local's own register can change:
/// other operands are evaluated into fresh temporaries).
pub(crate) fn may_change(later: &Expression, read: &Expression) -> bool {
    let name = match read {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::UpdateExpression(u) if u.prefix => match &u.argument {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => id.name.as_str(),
            _ => return false,
        },
        _ => return false,
    };
    may_assign_name(later, name)
}

/// Whether evaluating `later` may assign a binding named `name`.
pub(crate) fn may_assign_name(later: &Expression, name: &str) -> bool {
    assigned_names(later).is_none_or(|n| n.contains(&name))
}

/// Whether `e` always evaluates to a primitive (a literal, or an operator
/// whose result is one), so converting it to a property key cannot run user
/// code.
pub(crate) fn yields_primitive(e: &Expression) -> bool {
    match e {
        Expression::NumericLiteral(_)
        | Expression::StringLiteral(_)
        | Expression::BooleanLiteral(_)
        | Expression::NullLiteral(_)
        | Expression::BigIntLiteral(_)
        | Expression::TemplateLiteral(_)
        | Expression::UnaryExpression(_)
        | Expression::BinaryExpression(_)
        | Expression::UpdateExpression(_) => true,
        Expression::ParenthesizedExpression(p) => yields_primitive(&p.expression),
        _ => false,
    }
}

/// The value of an integer literal operand that fits an instruction immediate
/// (`5`, `-5`; not `-0`, fractions or anything computed).
fn int_literal(e: &Expression) -> Option<i32> {
    let (v, neg) = match e {
        Expression::NumericLiteral(n) => (n.value, false),
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryNegation => match &u.argument {
            Expression::NumericLiteral(n) => (n.value, true),
            _ => return None,
        },
        Expression::ParenthesizedExpression(p) => return int_literal(&p.expression),
        _ => return None,
    };
    let v = if neg { -v } else { v };
    (v.fract() == 0.0 && v >= i32::MIN as f64 && v <= i32::MAX as f64 && !(v == 0.0 && v.is_sign_negative())).then_some(v as i32)
}

/// `a OP imm`, for the operators with an immediate form.
fn binary_op_imm(op: BinaryOperator, dst: Reg, a: Reg, imm: i32) -> Option<Insn> {
    use BinaryOperator as B;
    let imm = Imm(imm);
    Some(match op {
        B::Addition => Insn::AddI { dst, a, imm },
        B::Subtraction => Insn::SubI { dst, a, imm },
        B::Multiplication => Insn::MulI { dst, a, imm },
        B::BitwiseAnd => Insn::BitAndI { dst, a, imm },
        B::BitwiseOR => Insn::BitOrI { dst, a, imm },
        B::BitwiseXOR => Insn::BitXorI { dst, a, imm },
        B::ShiftLeft => Insn::ShlI { dst, a, imm },
        B::ShiftRight => Insn::ShrI { dst, a, imm },
        B::ShiftRightZeroFill => Insn::UShrI { dst, a, imm },
        _ => return None,
    })
}

/// Operators where `imm OP x` equals `x OP imm` (numbers only, no conversion order to keep).
fn commutes(op: BinaryOperator) -> bool {
    matches!(op, BinaryOperator::BitwiseAnd | BinaryOperator::BitwiseOR | BinaryOperator::BitwiseXOR | BinaryOperator::Multiplication)
}

/// `a OP b` with an integer literal on one side: its immediate form (literal
/// operands need no register of their own).
fn binary_imm<'a>(c: &mut Compiler<'_, 'a>, b: &BinaryExpression<'a>, dst: Reg) -> CResult<bool> {
    let (x, imm) = match (int_literal(&b.right), int_literal(&b.left)) {
        (Some(i), _) if binary_op_imm(b.operator, dst, Reg(0), i).is_some() => (&b.left, i),
        (None, Some(i)) if commutes(b.operator) => (&b.right, i),
        _ => return Ok(false),
    };
    let t = c.temp();
    let a = expr_any(c, x, t)?;
    c.pos(b.span);
    if let Some(i) = binary_op_imm(b.operator, dst, a, imm) {
        c.emit(i);
    }
    Ok(true)
}

/// An assignment expression; `dst` receives its value (`None`: discarded).
fn assignment<'a>(c: &mut Compiler<'_, 'a>, a: &AssignmentExpression<'a>, dst: Option<Reg>) -> CResult<()> {
    let m = c.mark();
    let name = match &a.left {
        AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
        _ => None,
    };
    let result = |c: &mut Compiler<'_, 'a>, v: Reg| {
        if let Some(d) = dst {
            if d != v {
                c.emit(Insn::Mov { dst: d, src: v });
            }
        }
    };
    match a.operator {
        AssignmentOperator::Assign => {
            if let (AssignmentTarget::AssignmentTargetIdentifier(id), false) = (&a.left, c.dynamic) {
                // Static names: the reference needs no evaluation before the value.
                let v = c.temp();
                expr_named(c, &a.right, v, name.as_deref())?;
                match reg_local(c, id) {
                    // The value computed straight into the local's register.
                    Some(r) if c.retarget_last(v, r) => result(c, r),
                    _ => {
                        store_identifier(c, id, v)?;
                        result(c, v);
                    }
                }
            } else {
                // With a right side that cannot reassign locals, the target's
                // object may be read from its own register.
                let tgt = pattern::prepare_target_direct(c, &a.left, true, &a.right)?;
                let v = if matches!(a.right, Expression::Identifier(_) | Expression::ThisExpression(_)) {
                    let t = c.temp();
                    expr_any(c, &a.right, t)?
                } else {
                    let t = c.temp();
                    expr_named(c, &a.right, t, name.as_deref())?;
                    t
                };
                c.pos(a.span);
                write_target(c, &tgt, v)?;
                result(c, v);
            }
        }
        AssignmentOperator::LogicalOr | AssignmentOperator::LogicalAnd | AssignmentOperator::LogicalNullish => {
            let tgt = prepare_target(c, &a.left)?;
            let v = c.temp();
            read_target(c, &tgt, v)?;
            let j = match a.operator {
                AssignmentOperator::LogicalOr => c.emit(Insn::JumpIfTrue { cond: v, target: Lbl(0) }),
                AssignmentOperator::LogicalAnd => c.emit(Insn::JumpIfFalse { cond: v, target: Lbl(0) }),
                _ => c.emit(Insn::JumpIfNotNullish { cond: v, target: Lbl(0) }),
            };
            expr_named(c, &a.right, v, name.as_deref())?;
            write_target(c, &tgt, v)?;
            c.patch_here(j);
            result(c, v);
        }
        op => {
            // `x op= e` on a register local, when `e` cannot reassign x: in place.
            if let AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left {
                if let (Some(r), Some(bop)) = (reg_local(c, id), assign_op(op)) {
                    if !may_assign_name(&a.right, id.name.as_str()) {
                        if let Some(i) = int_literal(&a.right).and_then(|imm| binary_op_imm(bop, r, r, imm)) {
                            c.pos(a.span);
                            c.emit(i);
                            result(c, r);
                            c.release(m);
                            return Ok(());
                        }
                        let t = c.temp();
                        let rb = expr_any(c, &a.right, t)?;
                        c.pos(a.span);
                        if let Some(i) = binary_op(bop, r, r, rb) {
                            c.emit(i);
                        }
                        result(c, r);
                        c.release(m);
                        return Ok(());
                    }
                }
            }
            let tgt = pattern::prepare_target_direct(c, &a.left, false, &a.right)?;
            let v = c.temp();
            read_target(c, &tgt, v)?;
            let r = c.temp();
            let rb = if may_assign(&a.right) {
                expr_to(c, &a.right, r)?;
                r
            } else {
                expr_any(c, &a.right, r)?
            };
            c.pos(a.span);
            if let Some(bop) = assign_op(op) {
                if let Some(i) = binary_op(bop, v, v, rb) {
                    c.emit(i);
                }
            }
            write_target(c, &tgt, v)?;
            result(c, v);
        }
    }
    c.release(m);
    Ok(())
}

fn object_literal<'a>(c: &mut Compiler<'_, 'a>, o: &ObjectExpression<'a>, dst: Reg) -> CResult<()> {
    // Build in a temp: property values may refer to the destination register.
    let obj = c.temp();
    c.emit(Insn::NewObject { dst: obj });
    for p in &o.properties {
        let m = c.mark();
        match p {
            ObjectPropertyKind::SpreadProperty(s) => {
                let v = c.temp();
                expr_to(c, &s.argument, v)?;
                let ex = c.temp();
                c.emit(Insn::LoadUndef { dst: ex });
                c.emit(Insn::CopyDataProps { dst: obj, src: v, excl: ex });
            }
            ObjectPropertyKind::ObjectProperty(prop) => {
                let is_proto = !prop.computed
                    && !prop.shorthand
                    && !prop.method
                    && prop.kind == PropertyKind::Init
                    && match &prop.key {
                        PropertyKey::StaticIdentifier(i) => i.name == "__proto__",
                        PropertyKey::StringLiteral(s) => s.value == "__proto__",
                        _ => false,
                    };
                if is_proto {
                    let v = c.temp();
                    expr_to(c, &prop.value, v)?;
                    let key = c.temp();
                    let k = c.kstr("__proto__");
                    c.emit(Insn::LoadConst { dst: key, k });
                    // DefineMethod flag 7 = [[SetPrototypeOf]] for `__proto__: v`.
                    c.emit(Insn::DefineMethod { obj, key, func: v, flag: U8(7) });
                    c.release(m);
                    continue;
                }
                let static_name = static_key_name(c, &prop.key, prop.computed);
                let key = c.temp();
                match &static_name {
                    Some(n) => {
                        let k = c.kstr16(n);
                        c.emit(Insn::LoadConst { dst: key, k });
                    }
                    None => {
                        let kex = prop.key.as_expression().ok_or(CError { message: "bad key".into(), offset: prop.span.start })?;
                        expr_to(c, kex, key)?;
                        c.emit(Insn::ToPropertyKey { dst: key, src: key });
                    }
                }
                let name_str = static_name.as_ref().map(|n| String::from_utf16_lossy(n));
                let v = c.temp();
                match (prop.kind, prop.method) {
                    (PropertyKind::Init, false) => {
                        expr_named(c, &prop.value, v, name_str.as_deref())?;
                        if name_str.is_none() && is_anonymous_fn(&prop.value) {
                            c.emit(Insn::SetFnName { func: v, key, flag: U8(0) });
                        }
                        c.emit(Insn::DefineField { obj, key, src: v });
                    }
                    (kind, _) => {
                        let Expression::FunctionExpression(f) = &prop.value else {
                            return cerr(prop.span, "bad method");
                        };
                        let (fk, flag, prefix) = match kind {
                            PropertyKind::Get => (FnKind::Getter, 1u8, "get "),
                            PropertyKind::Set => (FnKind::Setter, 2, "set "),
                            PropertyKind::Init => (FnKind::Method, 0, ""),
                        };
                        let fname = name_str.as_ref().map(|n| format!("{prefix}{n}"));
                        let idx = compile_function(c, FnSource::Function(f), fk, fname.as_deref(), None)?;
                        c.set_source_span(idx, prop.span, false);
                        let env = c.current_env();
                        c.emit(Insn::NewClosure { dst: v, f: Fun(idx), env });
                        if name_str.is_none() {
                            c.emit(Insn::SetFnName { func: v, key, flag: U8(flag) });
                        }
                        c.emit(Insn::DefineMethod { obj, key, func: v, flag: U8(flag | 4) });
                    }
                }
            }
        }
        c.release(m);
    }
    c.emit(Insn::Mov { dst, src: obj });
    Ok(())
}

pub(crate) fn is_anonymous_fn(e: &Expression) -> bool {
    match e {
        Expression::FunctionExpression(f) => f.id.is_none(),
        Expression::ArrowFunctionExpression(_) => true,
        Expression::ClassExpression(c) => c.id.is_none(),
        Expression::ParenthesizedExpression(p) => is_anonymous_fn(&p.expression),
        _ => false,
    }
}

/// The name of a non-computed key (identifier, string or number literal).
pub(crate) fn static_key_name(c: &Compiler, key: &PropertyKey, computed: bool) -> Option<Vec<u16>> {
    if computed {
        return None;
    }
    match key {
        PropertyKey::StaticIdentifier(i) => Some(i.name.encode_utf16().collect()),
        PropertyKey::StringLiteral(s) => Some(string_units(c, s)),
        PropertyKey::NumericLiteral(n) => Some(crate::builtins::number::number_to_string(n.value).encode_utf16().collect()),
        PropertyKey::BigIntLiteral(b) => Some(b.value.encode_utf16().collect()),
        _ => None,
    }
}

/// Evaluates callee and receiver of a method call into `base`, `base+1`.
pub(crate) fn method_callee<'a>(c: &mut Compiler<'_, 'a>, m: &MemberExpression<'a>, base: Reg, mut chain: Option<&mut Chain>) -> CResult<()> {
    let this = Reg(base.0 + 1);
    match m {
        MemberExpression::StaticMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                load_this(c, this)?;
                let key = c.temp();
                let k = c.kstr(s.property.name.as_str());
                c.emit(Insn::LoadConst { dst: key, k });
                let sb = c.temp();
                c.emit(Insn::SuperBase { dst: sb });
                c.emit(Insn::GetSuper { dst: base, base: sb, key, this });
                return Ok(());
            }
            expr_inner(c, &s.object, this, chain.as_deref_mut())?;
            if s.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: this, target: Lbl(0) }));
                }
            }
            let k = c.kstr(s.property.name.as_str());
            let ic = c.ic();
            c.pos(s.property.span);
            c.emit(Insn::GetProp { dst: base, obj: this, k, ic });
        }
        MemberExpression::ComputedMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                load_this(c, this)?;
                let key = c.temp();
                expr_to(c, &s.expression, key)?;
                let sb = c.temp();
                c.emit(Insn::SuperBase { dst: sb });
                c.emit(Insn::GetSuper { dst: base, base: sb, key, this });
                return Ok(());
            }
            expr_inner(c, &s.object, this, chain.as_deref_mut())?;
            if s.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: this, target: Lbl(0) }));
                }
            }
            let key = c.temp();
            expr_to(c, &s.expression, key)?;
            c.pos(s.span);
            c.emit(Insn::GetElem { dst: base, obj: this, key });
        }
        MemberExpression::PrivateFieldExpression(p) => {
            expr_inner(c, &p.object, this, chain.as_deref_mut())?;
            if p.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: this, target: Lbl(0) }));
                }
            }
            let key = c.temp();
            load_private_name(c, &p.field, key)?;
            c.pos(p.span);
            c.emit(Insn::GetPrivate { dst: base, obj: this, key });
        }
    }
    Ok(())
}

fn member_expr<'a>(c: &mut Compiler<'_, 'a>, m: &MemberExpression<'a>, dst: Reg, mut chain: Option<&mut Chain>) -> CResult<()> {
    match m {
        MemberExpression::StaticMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                let this = load_this_reg(c)?;
                let key = c.temp();
                let k = c.kstr(s.property.name.as_str());
                c.emit(Insn::LoadConst { dst: key, k });
                let sb = c.temp();
                c.emit(Insn::SuperBase { dst: sb });
                c.emit(Insn::GetSuper { dst, base: sb, key, this });
                return Ok(());
            }
            let t = c.temp();
            let obj = if chain.is_none() && !s.optional { expr_any(c, &s.object, t)? } else {
                expr_inner(c, &s.object, t, chain.as_deref_mut())?;
                t
            };
            if s.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: obj, target: Lbl(0) }));
                }
            }
            let k = c.kstr(s.property.name.as_str());
            let ic = c.ic();
            c.pos(s.property.span);
            c.emit(Insn::GetProp { dst, obj, k, ic });
        }
        MemberExpression::ComputedMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                let this = load_this_reg(c)?;
                let key = c.temp();
                expr_to(c, &s.expression, key)?;
                let sb = c.temp();
                c.emit(Insn::SuperBase { dst: sb });
                c.emit(Insn::GetSuper { dst, base: sb, key, this });
                return Ok(());
            }
            let t = c.temp();
            // The object from its own register, unless the key could reassign it.
            let obj = if chain.is_none() && !s.optional && !may_change(&s.expression, &s.object) {
                expr_any(c, &s.object, t)?
            } else {
                expr_inner(c, &s.object, t, chain.as_deref_mut())?;
                t
            };
            if s.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: obj, target: Lbl(0) }));
                }
            }
            let kt = c.temp();
            let key = expr_any(c, &s.expression, kt)?;
            c.pos(s.span);
            c.emit(Insn::GetElem { dst, obj, key });
        }
        MemberExpression::PrivateFieldExpression(p) => {
            let t = c.temp();
            expr_inner(c, &p.object, t, chain.as_deref_mut())?;
            if p.optional {
                if let Some(ch) = chain.as_deref_mut() {
                    ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: t, target: Lbl(0) }));
                }
            }
            let key = c.temp();
            load_private_name(c, &p.field, key)?;
            c.pos(p.span);
            c.emit(Insn::GetPrivate { dst, obj: t, key });
        }
    }
    Ok(())
}

/// Builds an array of call arguments with spreads into `arr`.
fn spread_args<'a>(c: &mut Compiler<'_, 'a>, args: &[Argument<'a>], arr: Reg) -> CResult<()> {
    c.emit(Insn::NewArray { dst: arr, cap: Imm(args.len() as i32) });
    let t = c.temp();
    for a in args {
        match a {
            Argument::SpreadElement(s) => {
                expr_to(c, &s.argument, t)?;
                c.pos(s.span);
                c.emit(Insn::ArraySpread { arr, src: t });
            }
            _ => {
                if let Some(ex) = a.as_expression() {
                    expr_to(c, ex, t)?;
                    c.emit(Insn::ArrayPush { arr, src: t });
                }
            }
        }
    }
    c.release(t.0);
    Ok(())
}

fn call_expr<'a>(c: &mut Compiler<'_, 'a>, call: &CallExpression<'a>, dst: Reg, mut chain: Option<&mut Chain>) -> CResult<()> {
    let m = c.mark();
    if let Expression::Super(_) = call.callee {
        return super_call(c, call, dst);
    }
    let spread = call.arguments.iter().any(|a| matches!(a, Argument::SpreadElement(_)));
    let argc = call.arguments.len() as u16;
    let base = c.temps(if spread { 3 } else { argc + 2 });
    let this = Reg(base.0 + 1);
    let callee = strip_parens_keep_chain(&call.callee);
    let mut is_eval = false;
    match callee {
        Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) | Expression::PrivateFieldExpression(_) => {
            if let Some(mexpr) = callee.as_member_expression() {
                method_callee(c, mexpr, base, chain.as_deref_mut())?;
            }
        }
        Expression::Identifier(id) if c.dynamic && c.resolve(id).is_none_or(|b| !matches!(b.loc, Loc::Import(_))) => {
            let env = c.current_env();
            let k = c.kstr(id.name.as_str());
            c.pos(id.span);
            c.emit(Insn::GetNameCall { dst: base, env, k });
            // `eval?.(x)` is an indirect eval.
            is_eval = id.name == "eval" && !call.optional;
        }
        Expression::ChainExpression(_) => {
            expr_to(c, callee, base)?;
            c.emit(Insn::LoadUndef { dst: this });
        }
        other => {
            if let Expression::Identifier(id) = other {
                is_eval = id.name == "eval" && c.resolve(id).is_none() && !call.optional;
            }
            expr_inner(c, other, base, chain.as_deref_mut())?;
            c.emit(Insn::LoadUndef { dst: this });
        }
    }
    if call.optional {
        if let Some(ch) = chain.as_deref_mut() {
            ch.nullish_jumps.push(c.emit(Insn::JumpIfNullish { cond: base, target: Lbl(0) }));
        }
    }
    if spread {
        spread_args(c, &call.arguments, Reg(base.0 + 2))?;
        c.pos(call.span);
        if is_eval {
            let env = c.current_env();
            let flag = eval_flags(c);
            c.emit(Insn::CallEvalSpread { dst, callee: base, env, flag: U8(flag) });
        } else {
            c.emit(Insn::CallSpread { dst, callee: base });
        }
    } else {
        for (i, a) in call.arguments.iter().enumerate() {
            let ex = a.as_expression().ok_or(CError { message: "bad argument".into(), offset: call.span.start })?;
            expr_to(c, ex, Reg(base.0 + 2 + i as u16))?;
        }
        c.pos(call.span);
        if is_eval {
            let env = c.current_env();
            let flag = eval_flags(c);
            c.emit(Insn::CallEval { dst, callee: base, argc: Imm(argc as i32), env, flag: U8(flag) });
        } else {
            c.emit(Insn::Call { dst, callee: base, argc: Imm(argc as i32) });
        }
    }
    c.release(m.max(dst.0 + 1));
    Ok(())
}

/// Tells direct eval code where it is: strict (1), function (2), method (4),
/// field initialiser (8), derived constructor (16).
fn eval_flags(c: &Compiler) -> u8 {
    let mut flag = c.fr().strict as u8;
    if let Some(f) = c.fs.iter().rev().find(|f| !f.is_arrow) {
        // Eval code in eval code is where the outer eval code is.
        if let (true, Goal::Eval(e)) = (f.flags & crate::bytecode::fflags::TOP_LEVEL != 0, &c.opts.goal) {
            flag |= (e.in_function as u8) << 1 | (e.in_method as u8) << 2 | (e.in_field as u8) << 3 | (e.in_derived_ctor as u8) << 4;
        }
        if f.flags & crate::bytecode::fflags::TOP_LEVEL == 0 {
            flag |= 2;
        }
        if f.flags & crate::bytecode::fflags::METHOD != 0 || f.flags & crate::bytecode::fflags::CLASS_CONSTRUCTOR != 0 {
            flag |= 4;
        }
        if f.flags & crate::bytecode::fflags::FIELD_INIT != 0 {
            flag |= 8;
        }
        if f.flags & crate::bytecode::fflags::DERIVED != 0 {
            flag |= 16;
        }
    }
    flag
}

fn strip_parens_keep_chain<'n, 'a>(e: &'n Expression<'a>) -> &'n Expression<'a> {
    match e {
        Expression::TSAsExpression(x) => strip_parens_keep_chain(&x.expression),
        Expression::TSNonNullExpression(x) => strip_parens_keep_chain(&x.expression),
        Expression::TSSatisfiesExpression(x) => strip_parens_keep_chain(&x.expression),
        _ => e,
    }
}

fn super_call<'a>(c: &mut Compiler<'_, 'a>, call: &CallExpression<'a>, dst: Reg) -> CResult<()> {
    let spread = call.arguments.iter().any(|a| matches!(a, Argument::SpreadElement(_)));
    if spread {
        let arr = c.temp();
        spread_args(c, &call.arguments, arr)?;
        c.pos(call.span);
        c.emit(Insn::SuperCallSpread { dst, arr });
    } else {
        let n = call.arguments.len() as u16;
        let args = c.temps(n.max(1));
        for (i, a) in call.arguments.iter().enumerate() {
            let ex = a.as_expression().ok_or(CError { message: "bad argument".into(), offset: call.span.start })?;
            expr_to(c, ex, Reg(args.0 + i as u16))?;
        }
        c.pos(call.span);
        c.emit(Insn::SuperCall { dst, args, argc: Imm(n as i32) });
    }
    // In arrows, `this` lives in the enclosing constructor's scope record.
    if !own_this(c) {
        let n = c.fs.len();
        for i in (0..n).rev() {
            if c.fs[i].is_arrow {
                continue;
            }
            if let Some(loc) = c.fs[i].specials.get(&Special::This).copied() {
                let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: 0 };
                c.store_binding(b, "", dst, true, 0);
            }
            break;
        }
    } else if let Some(loc) = c.fr().specials.get(&Special::This).copied() {
        let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: 0 };
        c.store_binding(b, "", dst, true, 0);
    }
    if own_this(c) {
        let props = c.fr().param_props.clone();
        for (name, sym) in props {
            if let Some(b) = c.bindings.get(&sym).copied() {
                let v = c.temp();
                c.load_binding(b, &name, v, u32::MAX);
                let k = c.kstr(&name);
                let ic = c.ic();
                c.emit(Insn::SetProp { obj: Reg(0), k, src: v, flag: U8(1), ic });
                c.release(v.0);
            }
        }
    }
    Ok(())
}

fn yield_expr<'a>(c: &mut Compiler<'_, 'a>, y: &YieldExpression<'a>, dst: Reg) -> CResult<()> {
    let is_async = c.fr().flags & crate::bytecode::fflags::ASYNC != 0;
    let v = c.temp();
    match &y.argument {
        Some(a) => expr_to(c, a, v)?,
        None => {
            c.emit(Insn::LoadUndef { dst: v });
        }
    }
    if !y.delegate {
        if is_async {
            emit_await(c, v, v)?;
        }
        let pair = c.temps(2);
        c.pos(y.span);
        c.emit(Insn::Yield { dst: pair, src: v, flag: U8(0) });
        after_yield(c, pair)?;
        c.emit(Insn::Mov { dst, src: pair });
        return Ok(());
    }
    // yield*: drive the inner iterator, forwarding next/throw/return.
    let iter = c.temps(2);
    c.pos(y.span);
    c.emit(Insn::GetIterator { dst: iter, src: v, flag: U8(is_async as u8) });
    let pair = c.temps(2); // received value, mode
    c.emit(Insn::LoadUndef { dst: pair });
    c.emit(Insn::LoadInt { dst: Reg(pair.0 + 1), imm: Imm(0) });
    let res = c.temps(2);
    let one = c.temp();
    let cmp = c.temp();
    let top = c.pc();
    let not_next = c.emit(Insn::JumpIfTrue { cond: Reg(pair.0 + 1), target: Lbl(0) });
    c.emit(Insn::IterNextRaw { dst: res, iter, arg: pair });
    let got = c.jump();
    c.patch_here(not_next);
    c.emit(Insn::LoadInt { dst: one, imm: Imm(1) });
    c.emit(Insn::StrictEq { dst: cmp, a: Reg(pair.0 + 1), b: one });
    let not_throw = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
    // throw
    let kt = c.kstr("throw");
    c.emit(Insn::IterCall { dst: res, iter, k: kt, arg: pair });
    let has_throw = c.emit(Insn::JumpIfTrue { cond: Reg(res.0 + 1), target: Lbl(0) });
    if is_async {
        stmt_close_async(c, iter)?;
    } else {
        c.emit(Insn::IterClose { iter, flag: U8(0) });
    }
    c.throw_error(0, "The iterator does not provide a 'throw' method");
    c.patch_here(has_throw);
    let got2 = c.jump();
    // return
    c.patch_here(not_throw);
    let kr = c.kstr("return");
    c.emit(Insn::IterCall { dst: res, iter, k: kr, arg: pair });
    let has_ret = c.emit(Insn::JumpIfTrue { cond: Reg(res.0 + 1), target: Lbl(0) });
    if is_async {
        emit_await(c, pair, pair)?;
    }
    stmt::emit_return(c, pair);
    c.patch_here(has_ret);
    if is_async {
        emit_await(c, res, res)?;
    }
    let kmsg = c.kstr("iterator result is not an object");
    c.emit(Insn::CheckObject { src: res, k: kmsg });
    let done_v = c.temps(2);
    c.emit(Insn::IterResult { dst: done_v, src: res });
    let not_done_r = c.emit(Insn::JumpIfFalse { cond: Reg(done_v.0 + 1), target: Lbl(0) });
    stmt::emit_return(c, done_v);
    c.patch_here(not_done_r);
    let yield_again = c.jump();
    // next/throw results
    c.patch_here(got);
    c.patch_here(got2);
    if is_async {
        emit_await(c, res, res)?;
    }
    c.emit(Insn::CheckObject { src: res, k: kmsg });
    c.patch_here(yield_again);
    c.emit(Insn::IterResult { dst: done_v, src: res });
    let finished = c.emit(Insn::JumpIfTrue { cond: Reg(done_v.0 + 1), target: Lbl(0) });
    if is_async {
        c.emit(Insn::Yield { dst: pair, src: done_v, flag: U8(0) });
        // Async generators: a return resumption is awaited, then forwarded as return.
        let j = c.emit(Insn::JumpIfFalse { cond: Reg(pair.0 + 1), target: Lbl(0) });
        c.emit(Insn::LoadInt { dst: one, imm: Imm(2) });
        c.emit(Insn::StrictEq { dst: cmp, a: Reg(pair.0 + 1), b: one });
        let j2 = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
        emit_await(c, pair, pair)?;
        c.emit(Insn::LoadInt { dst: Reg(pair.0 + 1), imm: Imm(2) });
        c.patch_here(j2);
        c.patch_here(j);
    } else {
        c.emit(Insn::Yield { dst: pair, src: res, flag: U8(1) });
    }
    c.jump_to(top);
    c.patch_here(finished);
    c.emit(Insn::Mov { dst, src: done_v });
    Ok(())
}

fn stmt_close_async(c: &mut Compiler, iter: Reg) -> CResult<()> {
    let res = c.temps(2);
    let arg = c.temp();
    c.emit(Insn::LoadUndef { dst: arg });
    let k = c.kstr("return");
    c.emit(Insn::IterCall { dst: res, iter, k, arg });
    let j = c.emit(Insn::JumpIfFalse { cond: Reg(res.0 + 1), target: Lbl(0) });
    emit_await(c, res, res)?;
    c.patch_here(j);
    Ok(())
}

