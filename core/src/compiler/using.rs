//! `using` and `await using` declarations (explicit resource management).
//!
//! A statement list that declares `using` directly (a block, a function body, a module,
//! a class static block; a `for` head) is a *using scope*: its DisposeCapability (an
//! internal DisposableStack record, `builtins/disposable.rs`) lives in a register, each
//! declaration pushes its value with `AddDisposable`, and the scope's exits all run
//! through a `finally` (`stmt::with_finally`) whose body is DisposeResources. The
//! completion kind/value registers of that finally are the completion DisposeResources
//! receives and may replace (a disposal error becomes the thrown value, chained with
//! SuppressedError). `await using` scopes await in that loop, in the function's own frame.

use super::stmt::{stmts, with_finally};
use super::*;
use crate::bytecode::{Imm, U8};

/// `Some(is_async)` for a `using` (false) or `await using` (true) declaration.
pub(crate) fn decl_using(d: &VariableDeclaration) -> Option<bool> {
    match d.kind {
        VariableDeclarationKind::Using => Some(false),
        VariableDeclarationKind::AwaitUsing => Some(true),
        _ => None,
    }
}

/// `Some(is_async)` if `list` declares `using` directly; `is_async` if any is `await using`.
pub(crate) fn using_kind(list: &[Statement]) -> Option<bool> {
    let mut found = None;
    for s in list {
        if let Statement::VariableDeclaration(d) = s {
            match decl_using(d) {
                Some(true) => return Some(true),
                Some(false) => found = Some(false),
                None => {}
            }
        }
    }
    found
}

/// A statement list, as a using scope if it declares `using`.
pub(crate) fn scoped_stmts<'a>(c: &mut Compiler<'_, 'a>, list: &[Statement<'a>]) -> CResult<()> {
    match using_kind(list) {
        Some(is_async) => using_scope(c, is_async, |c| stmts(c, list)),
        None => stmts(c, list),
    }
}

/// Compiles `body` with a fresh DisposeCapability, disposing its resources on every exit.
pub(crate) fn using_scope<'a>(
    c: &mut Compiler<'_, 'a>,
    is_async: bool,
    body: impl FnOnce(&mut Compiler<'_, 'a>) -> CResult<()>,
) -> CResult<()> {
    let m = c.mark();
    let stack = c.temp();
    c.emit(Insn::DisposeInit { dst: stack });
    let saved = c.f().dispose.replace(stack);
    let r = with_finally(c, body, |c, comp| {
        emit_dispose(c, stack, comp, is_async);
        Ok(())
    });
    c.f().dispose = saved;
    r?;
    c.release(m);
    Ok(())
}

/// DisposeResources(stack, completion in comp/comp+1).
fn emit_dispose(c: &mut Compiler, stack: Reg, comp: Reg, is_async: bool) {
    let r = c.temps(2);
    let flag = Reg(r.0 + 1);
    c.emit(Insn::LoadFalse { dst: flag });
    let top = c.pc();
    c.emit(Insn::DisposeNext { dst: r, stack, comp });
    if is_async {
        let done = c.emit(Insn::JumpIfFalse { cond: flag, target: Lbl(0) });
        // Await leaves (value, mode) in r/r+1: mode 1 (rejected) is what DisposeNext records.
        let s = c.pc();
        c.emit(Insn::Await { dst: r, src: r });
        let e = c.pc();
        c.jump_to(top);
        // Await throws itself when resolving the value does (a `constructor` getter
        // that throws): that is an abrupt result of the dispose call too.
        let h = c.pc();
        c.f().handlers.push(Handler { start: s, end: e, target: h, reg: r.0 });
        c.emit(Insn::LoadInt { dst: flag, imm: Imm(1) });
        c.jump_to(top);
        c.patch_here(done);
    }
    c.release(r.0);
}

/// `using x = v` / `await using x = v`: AddDisposableResource before the binding is
/// initialised (so a TypeError leaves it in its TDZ).
pub(crate) fn add_resource(c: &mut Compiler, value: Reg, is_async: bool, span: Span) -> CResult<()> {
    let Some(stack) = c.fr().dispose else {
        return cerr(span, "'using' declarations are only allowed in blocks, functions and modules");
    };
    c.emit(Insn::AddDisposable { stack, src: value, flag: U8(is_async as u8) });
    Ok(())
}
