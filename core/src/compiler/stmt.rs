//! Statements, control flow (loops, labels, try/finally, switch) and module
//! import/export records.

use super::function::{declare_scope, hoist_functions};
use super::*;
use crate::bytecode::{ImportEntry, Imm, U8};

pub(crate) fn stmts<'a>(c: &mut Compiler<'_, 'a>, list: &[Statement<'a>]) -> CResult<()> {
    for s in list {
        stmt(c, s)?;
    }
    Ok(())
}

fn is_top(c: &Compiler) -> bool {
    c.fs.len() == 1
}

/// Labels pending for the next loop statement.
fn take_labels(labels: &mut Vec<String>) -> Vec<String> {
    std::mem::take(labels)
}

pub(crate) fn stmt<'a>(c: &mut Compiler<'_, 'a>, s: &Statement<'a>) -> CResult<()> {
    labelled(c, s, Vec::new())
}

fn labelled<'a>(c: &mut Compiler<'_, 'a>, s: &Statement<'a>, mut labels: Vec<String>) -> CResult<()> {
    let m = c.mark();
    c.pos(s.span());
    // Completion values (scripts, eval): these statements complete with
    // UpdateEmpty(result, undefined), so they never leave an earlier value.
    if is_top(c) {
        if let Some(comp) = c.fr().completion {
            if matches!(
                s,
                Statement::IfStatement(_)
                    | Statement::WhileStatement(_)
                    | Statement::DoWhileStatement(_)
                    | Statement::ForStatement(_)
                    | Statement::ForInStatement(_)
                    | Statement::ForOfStatement(_)
                    | Statement::SwitchStatement(_)
                    | Statement::TryStatement(_)
                    | Statement::WithStatement(_)
            ) {
                c.emit(Insn::LoadUndef { dst: comp });
            }
        }
    }
    match s {
        Statement::BlockStatement(b) => {
            if !labels.is_empty() {
                return with_break_target(c, take_labels(&mut labels), false, |c| block(c, &b.body, b.scope_id.get()));
            }
            block(c, &b.body, b.scope_id.get())?;
        }
        Statement::EmptyStatement(_) | Statement::DebuggerStatement(_) => {}
        Statement::ExpressionStatement(e) => {
            if is_top(c) {
                if let Some(comp) = c.fr().completion {
                    expr::expr_to(c, &e.expression, comp)?;
                    c.release(m);
                    return Ok(());
                }
            }
            expr::expr_discard(c, &e.expression)?;
        }
        Statement::VariableDeclaration(d) => var_decl(c, d)?,
        Statement::FunctionDeclaration(f) => annex_copy(c, f),
        Statement::ClassDeclaration(cl) if c.is_dead(cl.span.start) => {}
        Statement::ClassDeclaration(cl) => {
            let t = c.temp();
            class::compile_class(c, cl, t, None)?;
            if let Some(id) = &cl.id {
                pattern::bind_identifier(c, id, t, true);
                if let Some(sym) = id.symbol_id.get() {
                    c.mark_initialized(&[sym], cl.span.end);
                }
            }
        }
        Statement::ReturnStatement(r) => {
            let t = c.temp();
            let async_gen = c.fr().flags & crate::bytecode::fflags::ASYNC != 0 && c.fr().flags & crate::bytecode::fflags::GENERATOR != 0;
            let v = match &r.argument {
                // A local is returned from its own register (unless awaited in place).
                Some(e) if !async_gen => expr::expr_any(c, e, t)?,
                Some(e) => {
                    expr::expr_to(c, e, t)?;
                    t
                }
                None => {
                    c.emit(Insn::LoadUndef { dst: t });
                    t
                }
            };
            if async_gen {
                // `return x` in an async generator awaits x.
                expr::emit_await(c, t, t)?;
            }
            emit_return(c, v);
        }
        Statement::ThrowStatement(t) => {
            let r = c.temp();
            expr::expr_to(c, &t.argument, r)?;
            c.pos(t.span);
            c.emit(Insn::Throw { src: r });
        }
        Statement::IfStatement(i) => {
            let j = expr::cond_jump(c, &i.test, false)?;
            c.release(m);
            if_branch(c, &i.consequent)?;
            if let Some(alt) = &i.alternate {
                let j2 = c.jump();
                c.patch_all_here(&j);
                if_branch(c, alt)?;
                c.patch_here(j2);
            } else {
                c.patch_all_here(&j);
            }
        }
        Statement::WhileStatement(w) => {
            // Test at the bottom: one branch per iteration.
            let enter = c.jump();
            let top = c.pc();
            push_target(c, labels, true);
            stmt(c, &w.body)?;
            let cont = c.pc();
            c.patch_here(enter);
            let again = expr::cond_jump(c, &w.test, true)?;
            c.patch_all(&again, top);
            pop_target(c, cont);
        }
        Statement::DoWhileStatement(d) => {
            let top = c.pc();
            push_target(c, labels, true);
            stmt(c, &d.body)?;
            let cont = c.pc();
            let again = expr::cond_jump(c, &d.test, true)?;
            c.patch_all(&again, top);
            pop_target(c, cont);
        }
        Statement::ForStatement(f) => for_stmt(c, f, labels)?,
        Statement::ForInStatement(f) => for_in(c, f, labels)?,
        Statement::ForOfStatement(f) => for_of(c, f, labels)?,
        Statement::LabeledStatement(l) => {
            labels.push(l.label.name.to_string());
            let is_loop = matches!(
                l.body,
                Statement::WhileStatement(_) | Statement::DoWhileStatement(_) | Statement::ForStatement(_) | Statement::ForInStatement(_) | Statement::ForOfStatement(_) | Statement::LabeledStatement(_)
            );
            if is_loop {
                return labelled(c, &l.body, labels);
            }
            return with_break_target(c, labels, false, |c| stmt(c, &l.body));
        }
        Statement::BreakStatement(b) => {
            let label = b.label.as_ref().map(|l| l.name.to_string());
            jump_out(c, label.as_deref(), false, b.span)?;
        }
        Statement::ContinueStatement(b) => {
            let label = b.label.as_ref().map(|l| l.name.to_string());
            jump_out(c, label.as_deref(), true, b.span)?;
        }
        Statement::TryStatement(t) => try_stmt(c, t)?,
        Statement::SwitchStatement(sw) => switch(c, sw, labels)?,
        Statement::WithStatement(w) => {
            let obj = c.temp();
            expr::expr_to(c, &w.object, obj)?;
            let parent = c.current_env();
            let env = c.temp();
            c.emit(Insn::CreateWithEnv { dst: env, parent, obj });
            let depth = c.fs.len();
            c.envs.push(EnvDesc { fn_depth: depth, reg: env, names: Vec::new() });
            c.with_depth += 1;
            stmt(c, &w.body)?;
            c.with_depth -= 1;
            c.envs.pop();
        }
        Statement::TSEnumDeclaration(e) => ts::enum_decl(c, e)?,
        Statement::TSNamespaceDeclaration(m) => ts::namespace_decl(c, m)?,
        Statement::TSExternalModuleDeclaration(_) => {}
        Statement::TSTypeAliasDeclaration(_)
        | Statement::TSInterfaceDeclaration(_)
        | Statement::TSGlobalDeclaration(_)
        | Statement::TSExportAssignment(_)
        | Statement::TSNamespaceExportDeclaration(_) => {}
        Statement::TSImportEqualsDeclaration(d) => ts::import_equals(c, d)?,
        Statement::ImportDeclaration(_) => {}
        Statement::ExportDeclaration(e) => declaration(c, &e.declaration)?,
        Statement::ExportNamedDeclaration(_) | Statement::ExportFromDeclaration(_) => {}
        Statement::ExportDefaultDeclaration(e) => export_default(c, e)?,
        Statement::ExportAllDeclaration(_) => {}
        #[allow(unreachable_patterns)]
        _ => return cerr(s.span(), "unsupported statement"),
    }
    c.release(m);
    Ok(())
}

/// An `if` branch; Annex B allows a bare function declaration there (sloppy
/// mode), which behaves as if wrapped in a block.
fn if_branch<'a>(c: &mut Compiler<'_, 'a>, s: &Statement<'a>) -> CResult<()> {
    let Statement::FunctionDeclaration(f) = s else { return stmt(c, s) };
    let Some(cand) = c.annex.cands.get(&f.span.start).cloned() else {
        return hoist_functions(c, std::slice::from_ref(s));
    };
    // B.3.3: the branch is a block of its own, holding just this function.
    let m = c.mark();
    let in_env = c.dynamic || c.an.captured.contains(&cand.block_key);
    let loc = if in_env {
        let e = c.push_env(vec![(cand.name.encode_utf16().collect(), 0)], false);
        Loc::Env { env: e, slot: 0 }
    } else {
        Loc::Reg(c.temp())
    };
    let fn_id = c.fn_id();
    c.bindings.insert(cand.block_key, Binding { loc, kind: BKind::Function, decl_end: 0, fn_id });
    hoist_functions(c, std::slice::from_ref(s))?;
    annex_copy(c, f);
    if in_env {
        c.pop_env();
    }
    c.release(m);
    Ok(())
}

/// Annex B.3.2: evaluating a block-level function declaration copies the
/// block's binding to the var binding of the enclosing function, script or
/// eval code (at the top level of a script or eval, only if that binding
/// could be created; see `declare_annex_vars`).
fn annex_copy(c: &mut Compiler, f: &Function) {
    let Some(cand) = c.annex.cands.get(&f.span.start).cloned() else { return };
    let Some(var_key) = cand.var_key else { return };
    let (Some(bb), Some(vb)) = (c.bindings.get(&cand.block_key).copied(), c.bindings.get(&var_key).copied()) else { return };
    let m = c.mark();
    let skip = if cand.runtime {
        let Some(&flag) = c.annex_flags.get(&cand.name) else { return };
        Some(c.emit(Insn::JumpIfFalse { cond: flag, target: Lbl(0) }))
    } else {
        None
    };
    let t = c.temp();
    c.load_binding(bb, &cand.name, t, u32::MAX);
    match vb.loc {
        // The VariableEnvironment itself, not the name's resolution.
        Loc::Global | Loc::Dynamic => {
            let env = c.current_env();
            let k = c.kstr(&cand.name);
            c.emit(Insn::SetVarName { env, k, src: t });
        }
        _ => c.store_binding(vb, &cand.name, t, true, 0),
    }
    if let Some(j) = skip {
        c.patch_here(j);
    }
    c.release(m);
}

fn declaration<'a>(c: &mut Compiler<'_, 'a>, d: &Declaration<'a>) -> CResult<()> {
    match d {
        Declaration::VariableDeclaration(v) => var_decl(c, v),
        Declaration::FunctionDeclaration(_) => Ok(()),
        Declaration::ClassDeclaration(cl) if c.is_dead(cl.span.start) => Ok(()),
        Declaration::ClassDeclaration(cl) => {
            let m = c.mark();
            let t = c.temp();
            class::compile_class(c, cl, t, None)?;
            if let Some(id) = &cl.id {
                pattern::bind_identifier(c, id, t, true);
            }
            c.release(m);
            Ok(())
        }
        Declaration::TSEnumDeclaration(e) => ts::enum_decl(c, e),
        Declaration::TSNamespaceDeclaration(m) => ts::namespace_decl(c, m),
        Declaration::TSImportEqualsDeclaration(d) => ts::import_equals(c, d),
        _ => Ok(()),
    }
}

pub(crate) fn var_decl<'a>(c: &mut Compiler<'_, 'a>, d: &VariableDeclaration<'a>) -> CResult<()> {
    if d.declare {
        return Ok(());
    }
    let using = super::using::decl_using(d);
    let lexical = d.kind != VariableDeclarationKind::Var;
    for decl in &d.declarations {
        if c.is_dead(decl.span.start) {
            continue;
        }
        let m = c.mark();
        c.pos(decl.span);
        match &decl.init {
            Some(init) if using.is_some() => {
                let t = c.temp();
                let name = match &decl.id {
                    BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                    _ => None,
                };
                expr::expr_named(c, init, t, name.as_deref())?;
                c.pos(decl.span);
                super::using::add_resource(c, t, using == Some(true), decl.span)?;
                pattern::bind_pattern(c, &decl.id, t, true)?;
            }
            Some(init) if simple_init(init) && !(c.dynamic && c.with_depth > 0) && reg_binding(c, &decl.id).is_some() => {
                // Evaluated straight into the binding's register: see `simple_init`.
                if let Some(r) = reg_binding(c, &decl.id) {
                    expr::expr_to(c, init, r)?;
                }
            }
            Some(init) => {
                let t = c.temp();
                let name = match &decl.id {
                    BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                    _ => None,
                };
                // `var x = init` inside `with`: x is resolved before the
                // initialiser runs (the with object may lose it meanwhile).
                let with_base = match (&decl.id, lexical) {
                    (BindingPattern::BindingIdentifier(id), false) if c.dynamic && c.with_depth > 0 => {
                        let env = c.current_env();
                        let k = c.kstr(id.name.as_str());
                        let base = c.temp();
                        c.emit(Insn::ResolveRef { dst: base, env, k });
                        Some((base, k))
                    }
                    _ => None,
                };
                expr::expr_named(c, init, t, name.as_deref())?;
                match with_base {
                    Some((base, k)) => {
                        let flag = U8(c.fr().strict as u8);
                        c.emit(Insn::RefSet { base, k, src: t, flag });
                    }
                    None => pattern::bind_pattern(c, &decl.id, t, true)?,
                }
            }
            None if lexical => {
                let t = c.temp();
                c.emit(Insn::LoadUndef { dst: t });
                pattern::bind_pattern(c, &decl.id, t, true)?;
            }
            None => {}
        }
        if lexical {
            let mut syms = Vec::new();
            pattern::pattern_symbols(&decl.id, &mut syms);
            c.mark_initialized(&syms, decl.span.end);
        }
        c.release(m);
    }
    Ok(())
}

/// Initialisers that write their destination only with their last
/// instruction (operands go to temporaries), so they can target the declared
/// binding's register directly.
fn simple_init(e: &Expression) -> bool {
    matches!(
        e,
        Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::Identifier(_)
            | Expression::ThisExpression(_)
            | Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::BinaryExpression(_)
            | Expression::NewExpression(_)
    ) || matches!(e, Expression::CallExpression(call) if !call.optional)
}

/// The register of a declared identifier that lives in one.
fn reg_binding(c: &Compiler, p: &BindingPattern) -> Option<Reg> {
    let BindingPattern::BindingIdentifier(id) = p else { return None };
    let sym = id.symbol_id.get()?;
    let b = c.bindings.get(c.annex.var_targets.get(&id.span.start).unwrap_or(&sym)).copied()?;
    match b.loc {
        Loc::Reg(r) => Some(r),
        _ => None,
    }
}

/// A block with its own lexical scope.
pub(crate) fn block<'a>(c: &mut Compiler<'_, 'a>, body: &[Statement<'a>], scope: Option<ScopeId>) -> CResult<()> {
    let m = c.mark();
    let env = declare_scope(c, scope, false, &[], &[]);
    hoist_functions(c, body)?;
    super::using::scoped_stmts(c, body)?;
    if env.is_some() {
        c.pop_env();
    }
    // Keep the bindings' registers reserved until here.
    c.release(m);
    Ok(())
}

fn push_target(c: &mut Compiler, labels: Vec<String>, is_loop: bool) {
    c.f().ctl.push(Ctl::Target(JumpTarget { labels, is_loop, breakable: true, breaks: Vec::new(), continues: Vec::new() }));
}

/// Pops a loop/switch target, patching breaks to here and continues to `cont`.
fn pop_target(c: &mut Compiler, cont: u32) {
    if let Some(Ctl::Target(t)) = c.f().ctl.pop() {
        for b in t.breaks {
            c.patch_here(b);
        }
        for j in t.continues {
            c.patch(j, cont);
        }
    }
}

fn with_break_target<'a>(
    c: &mut Compiler<'_, 'a>,
    labels: Vec<String>,
    is_loop: bool,
    body: impl FnOnce(&mut Compiler<'_, 'a>) -> CResult<()>,
) -> CResult<()> {
    c.f().ctl.push(Ctl::Target(JumpTarget { labels, is_loop, breakable: false, breaks: Vec::new(), continues: Vec::new() }));
    body(c)?;
    let pc = c.pc();
    pop_target(c, pc);
    Ok(())
}

/// Compiles `break`/`continue`: closes iterators and runs finally blocks on the way.
pub(crate) fn jump_out(c: &mut Compiler, label: Option<&str>, is_continue: bool, span: Span) -> CResult<()> {
    let ctl_len = c.fr().ctl.len();
    let mut target = None;
    for i in (0..ctl_len).rev() {
        if let Ctl::Target(t) = &c.fr().ctl[i] {
            let ok = match label {
                Some(l) => t.labels.iter().any(|x| x == l) && (!is_continue || t.is_loop),
                None => if is_continue { t.is_loop } else { t.breakable },
            };
            if ok {
                target = Some(i);
                break;
            }
        }
    }
    let Some(t) = target else {
        return cerr(span, if is_continue { "Illegal continue statement" } else { "Illegal break statement" });
    };
    // Leaving a finally block abruptly: its own completion value is the
    // statement's (TryStatement: UpdateEmpty(F, undefined)).
    for (fc, outer, depth) in c.fr().finally_completions.clone().into_iter().rev() {
        if t < depth {
            c.emit(Insn::Mov { dst: outer, src: fc });
        }
    }
    jump_to_target(c, t, is_continue, ctl_len);
    Ok(())
}

/// Emits the jump to control entry `t`, crossing entries `t+1..from`.
fn jump_to_target(c: &mut Compiler, t: usize, is_continue: bool, from: usize) {
    for i in (t + 1..from).rev() {
        match c.fr().ctl[i].clone() {
            Ctl::Iter(r, is_async) => close_iter(c, r, is_async),
            Ctl::Pattern(iter, done) => close_pattern_iter(c, iter, done),
            Ctl::Finally(fi) => {
                let code = {
                    let fin = &mut c.f().finallies[fi];
                    let code = 3 + fin.jumps.len() as i32;
                    fin.jumps.push((code, t, is_continue));
                    code
                };
                let kind = c.fr().finallies[fi].kind_reg;
                c.emit(Insn::LoadInt { dst: kind, imm: Imm(code) });
                let j = c.jump();
                c.f().finallies[fi].entries.push(j);
                return;
            }
            Ctl::Target(_) => {}
        }
    }
    let j = c.jump();
    if let Ctl::Target(tg) = &mut c.f().ctl[t] {
        if is_continue {
            tg.continues.push(j);
        } else {
            tg.breaks.push(j);
        }
    }
}

fn close_pattern_iter(c: &mut Compiler, iter: Reg, done: Reg) {
    let j = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
    // Marked done first: if `return()` throws, the pattern's handler must not close again.
    c.emit(Insn::LoadTrue { dst: done });
    c.emit(Insn::IterClose { iter, flag: U8(0) });
    c.patch_here(j);
}

fn close_iter(c: &mut Compiler, r: Reg, is_async: bool) {
    if is_async {
        let m = c.mark();
        let res = c.temps(2);
        let arg = c.temp();
        c.emit(Insn::LoadUndef { dst: arg });
        let k = c.kstr("return");
        c.emit(Insn::IterCall { dst: res, iter: r, k, arg });
        let j = c.emit(Insn::JumpIfFalse { cond: Reg(res.0 + 1), target: Lbl(0) });
        let _ = expr::emit_await(c, res, res);
        let k2 = c.kstr("iterator result is not an object");
        c.emit(Insn::CheckObject { src: res, k: k2 });
        c.patch_here(j);
        c.release(m);
    } else {
        c.emit(Insn::IterClose { iter: r, flag: U8(0) });
    }
}

/// `return value` from here: through finally blocks and iterator closes.
pub(crate) fn emit_return(c: &mut Compiler, value: Reg) {
    let n = c.fr().ctl.len();
    for i in (0..n).rev() {
        match c.fr().ctl[i].clone() {
            Ctl::Iter(r, is_async) => close_iter(c, r, is_async),
            Ctl::Pattern(iter, done) => close_pattern_iter(c, iter, done),
            Ctl::Finally(fi) => {
                let (kind, val) = (c.fr().finallies[fi].kind_reg, c.fr().finallies[fi].value_reg);
                c.emit(Insn::Mov { dst: val, src: value });
                c.emit(Insn::LoadInt { dst: kind, imm: Imm(2) });
                let j = c.jump();
                let fin = &mut c.f().finallies[fi];
                fin.entries.push(j);
                fin.has_return = true;
                return;
            }
            Ctl::Target(_) => {}
        }
    }
    c.emit(Insn::Return { src: value });
}

fn try_stmt<'a>(c: &mut Compiler<'_, 'a>, t: &TryStatement<'a>) -> CResult<()> {
    let Some(f) = &t.finalizer else { return try_catch(c, t) };
    with_finally(
        c,
        |c| try_catch(c, t),
        |c, _| {
            // A finally block's own completion value is discarded, unless it
            // breaks or continues out (see `jump_out`).
            let saved = c.f().completion.take();
            if let Some(outer) = saved.filter(|_| is_top(c)) {
                let fc = c.temp();
                c.emit(Insn::LoadUndef { dst: fc });
                let depth = c.fr().ctl.len();
                c.f().finally_completions.push((fc, outer, depth));
                c.f().completion = Some(fc);
                block(c, &f.body, f.scope_id.get())?;
                c.f().finally_completions.pop();
            } else {
                block(c, &f.body, f.scope_id.get())?;
            }
            c.f().completion = saved;
            Ok(())
        },
    )
}

/// The try block and its catch clause, if any.
fn try_catch<'a>(c: &mut Compiler<'_, 'a>, t: &TryStatement<'a>) -> CResult<()> {
    let m = c.mark();
    let exc = c.temp();
    let start = c.pc();
    block(c, &t.block.body, t.block.scope_id.get())?;
    let end = c.pc();
    if let Some(h) = &t.handler {
        let to_end = c.jump();
        let handler_pc = c.pc();
        c.f().handlers.push(Handler { start, end, target: handler_pc, reg: exc.0 });
        let m2 = c.mark();
        // oxc may declare the parameter in the catch clause's scope or in the
        // body block's scope: declare both before binding it.
        let env = declare_scope(c, h.scope_id.get(), false, &[], &[]);
        let body_scope = h.body.scope_id.get();
        let env2 = if body_scope != h.scope_id.get() { declare_scope(c, body_scope, false, &[], &[]) } else { None };
        if let Some(p) = &h.param {
            pattern::bind_pattern(c, &p.pattern, exc, true)?;
        }
        hoist_functions(c, &h.body.body)?;
        super::using::scoped_stmts(c, &h.body.body)?;
        if env2.is_some() {
            c.pop_env();
        }
        if env.is_some() {
            c.pop_env();
        }
        c.release(m2);
        c.patch_here(to_end);
    }
    c.release(m);
    Ok(())
}

/// Compiles `body` as the protected part of a `finally`: every way out of it (normal
/// completion, throw, return, break/continue past it) records its completion in a
/// kind/value register pair — kind 0 normal, 1 throw, 2 return, 3.. a recorded jump —
/// and runs `fin(kind register)`; then that completion continues (`fin` may change it).
pub(crate) fn with_finally<'a>(
    c: &mut Compiler<'_, 'a>,
    body: impl FnOnce(&mut Compiler<'_, 'a>) -> CResult<()>,
    fin: impl FnOnce(&mut Compiler<'_, 'a>, Reg) -> CResult<()>,
) -> CResult<()> {
    let m = c.mark();
    let kind = c.temps(2);
    let val = Reg(kind.0 + 1);
    let fi = c.fr().finallies.len();
    c.f().finallies.push(FinallyScope { kind_reg: kind, value_reg: val, entries: Vec::new(), jumps: Vec::new(), has_return: false });
    c.f().ctl.push(Ctl::Finally(fi));
    let start = c.pc();
    body(c)?;
    let end = c.pc();
    // Leaving the protected region: the finally is no longer a crossing point.
    c.f().ctl.pop();
    c.emit(Insn::LoadInt { dst: kind, imm: Imm(0) });
    let to_fin = c.jump();
    // Throw path.
    let throw_pc = c.pc();
    c.f().handlers.push(Handler { start, end, target: throw_pc, reg: val.0 });
    c.emit(Insn::LoadInt { dst: kind, imm: Imm(1) });
    let fin_pc = c.pc();
    c.patch(to_fin, fin_pc);
    let entries = std::mem::take(&mut c.f().finallies[fi].entries);
    for j in entries {
        c.patch(j, fin_pc);
    }
    fin(c, kind)?;
    // Dispatch on the completion kind.
    let tmp = c.temp();
    c.emit(Insn::LoadInt { dst: tmp, imm: Imm(1) });
    let cmp = c.temp();
    c.emit(Insn::StrictEq { dst: cmp, a: kind, b: tmp });
    let not_throw = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
    c.emit(Insn::Throw { src: val });
    c.patch_here(not_throw);
    if c.fr().finallies[fi].has_return {
        c.emit(Insn::LoadInt { dst: tmp, imm: Imm(2) });
        c.emit(Insn::StrictEq { dst: cmp, a: kind, b: tmp });
        let not_ret = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
        emit_return(c, val);
        c.patch_here(not_ret);
    }
    let jumps = c.fr().finallies[fi].jumps.clone();
    for (code, target, is_continue) in jumps {
        c.emit(Insn::LoadInt { dst: tmp, imm: Imm(code) });
        c.emit(Insn::StrictEq { dst: cmp, a: kind, b: tmp });
        let skip = c.emit(Insn::JumpIfFalse { cond: cmp, target: Lbl(0) });
        let from = c.fr().ctl.len();
        jump_to_target(c, target, is_continue, from);
        c.patch_here(skip);
    }
    c.release(m);
    Ok(())
}

fn switch<'a>(c: &mut Compiler<'_, 'a>, sw: &SwitchStatement<'a>, labels: Vec<String>) -> CResult<()> {
    let m = c.mark();
    let d = c.temp();
    expr::expr_to(c, &sw.discriminant, d)?;
    let env = declare_scope(c, sw.scope_id.get(), false, &[], &[]);
    let all: Vec<&Statement> = sw.cases.iter().flat_map(|cs| cs.consequent.iter()).collect();
    for s in &all {
        if let Statement::FunctionDeclaration(_) = s {
            hoist_functions(c, std::slice::from_ref(*s))?;
        }
    }
    push_target(c, labels, false);
    if let Some(Ctl::Target(t)) = c.f().ctl.last_mut() {
        t.is_loop = false;
    }
    let mut case_jumps = Vec::new();
    let cmp = c.temp();
    for cs in &sw.cases {
        if let Some(test) = &cs.test {
            let v = c.temp();
            expr::expr_to(c, test, v)?;
            c.emit(Insn::StrictEq { dst: cmp, a: d, b: v });
            case_jumps.push(Some(c.emit(Insn::JumpIfTrue { cond: cmp, target: Lbl(0) })));
            c.release(v.0);
        } else {
            case_jumps.push(None);
        }
    }
    let default_jump = c.jump();
    let mut default_target = None;
    for (i, cs) in sw.cases.iter().enumerate() {
        match case_jumps[i] {
            Some(j) => c.patch_here(j),
            None => default_target = Some(c.pc()),
        }
        stmts(c, &cs.consequent)?;
    }
    match default_target {
        Some(t) => c.patch(default_jump, t),
        None => c.patch_here(default_jump),
    }
    let pc = c.pc();
    pop_target(c, pc);
    if env.is_some() {
        c.pop_env();
    }
    c.release(m);
    Ok(())
}

/// Binds the loop variable of for-in/of from `value`.
fn bind_for_left<'a>(c: &mut Compiler<'_, 'a>, left: &ForStatementLeft<'a>, value: Reg) -> CResult<()> {
    match left {
        ForStatementLeft::VariableDeclaration(d) => {
            if let Some(decl) = d.declarations.first() {
                if let Some(is_async) = super::using::decl_using(d) {
                    super::using::add_resource(c, value, is_async, decl.span)?;
                }
                pattern::bind_pattern(c, &decl.id, value, true)?;
                let mut syms = Vec::new();
                pattern::pattern_symbols(&decl.id, &mut syms);
                c.mark_initialized(&syms, d.span.end);
            }
            Ok(())
        }
        _ => {
            let t = left.as_assignment_target().ok_or(CError { message: "Invalid left-hand side in for loop".into(), offset: left.span().start })?;
            let m = c.mark();
            let r = pattern::prepare_target(c, t)?;
            pattern::write_target(c, &r, value)?;
            c.release(m);
            Ok(())
        }
    }
}

fn for_stmt<'a>(c: &mut Compiler<'_, 'a>, f: &ForStatement<'a>, labels: Vec<String>) -> CResult<()> {
    let m = c.mark();
    let env = declare_scope(c, f.scope_id.get(), false, &[], &[]);
    match &f.init {
        Some(ForStatementInit::VariableDeclaration(d)) => match super::using::decl_using(d) {
            // `for (using x = ...; ...)`: disposed once, when the whole loop is done.
            Some(is_async) => super::using::using_scope(c, is_async, |c| {
                var_decl(c, d)?;
                for_loop(c, f, labels, env)
            })?,
            None => {
                var_decl(c, d)?;
                for_loop(c, f, labels, env)?;
            }
        },
        Some(init) => {
            if let Some(e) = init.as_expression() {
                expr::expr_discard(c, e)?;
            }
            for_loop(c, f, labels, env)?;
        }
        None => for_loop(c, f, labels, env)?,
    }
    if env.is_some() {
        c.pop_env();
    }
    c.release(m);
    Ok(())
}

/// A `for` statement after its initialiser; `env` is the loop's scope record, if any.
fn for_loop<'a>(c: &mut Compiler<'_, 'a>, f: &ForStatement<'a>, labels: Vec<String>, env: Option<usize>) -> CResult<()> {
    let per_iteration = env.map(|e| c.envs[e].reg);
    // The first iteration gets its own copy too (closures in the initialiser keep theirs).
    if let Some(r) = per_iteration {
        c.emit(Insn::CopyEnv { dst: r, src: r });
    }
    // Test at the bottom (entered by a jump): one branch per iteration.
    let enter = f.test.as_ref().map(|_| c.jump());
    let top = c.pc();
    push_target(c, labels, true);
    stmt(c, &f.body)?;
    let cont = c.pc();
    if let Some(r) = per_iteration {
        c.emit(Insn::CopyEnv { dst: r, src: r });
    }
    if let Some(u) = &f.update {
        expr::expr_discard(c, u)?;
    }
    match (&f.test, enter) {
        (Some(t), Some(enter)) => {
            c.patch_here(enter);
            let again = expr::cond_jump(c, t, true)?;
            c.patch_all(&again, top);
        }
        _ => c.jump_to(top),
    }
    pop_target(c, cont);
    Ok(())
}

fn for_in<'a>(c: &mut Compiler<'_, 'a>, f: &ForInStatement<'a>, labels: Vec<String>) -> CResult<()> {
    let m = c.mark();
    let obj = c.temp();
    {
        // The right side sees the loop's bindings in their TDZ.
        let env = declare_scope(c, f.scope_id.get(), false, &[], &[]);
        if let ForStatementLeft::VariableDeclaration(d) = &f.left {
            // Annex B: `for (var x = init in obj)`.
            if let Some(decl) = d.declarations.first() {
                if let Some(init) = &decl.init {
                    let t = c.temp();
                    expr::expr_to(c, init, t)?;
                    pattern::bind_pattern(c, &decl.id, t, true)?;
                }
            }
        }
        expr::expr_to(c, &f.right, obj)?;
        if env.is_some() {
            c.pop_env();
        }
    }
    let iter = c.temp();
    c.emit(Insn::ForInPrepare { dst: iter, src: obj });
    let top = c.pc();
    push_target(c, labels, true);
    let key = c.temp();
    let exit = c.emit(Insn::ForInNext { dst: key, iter, target: Lbl(0) });
    let m2 = c.mark();
    let env = declare_scope(c, f.scope_id.get(), false, &[], &[]);
    bind_for_left(c, &f.left, key)?;
    stmt(c, &f.body)?;
    if env.is_some() {
        c.pop_env();
    }
    c.release(m2);
    c.jump_to(top);
    c.patch_here(exit);
    pop_target(c, top);
    c.release(m);
    Ok(())
}

fn for_of<'a>(c: &mut Compiler<'_, 'a>, f: &ForOfStatement<'a>, labels: Vec<String>) -> CResult<()> {
    let m = c.mark();
    let is_async = f.r#await;
    let src = c.temp();
    {
        let env = declare_scope(c, f.scope_id.get(), false, &[], &[]);
        expr::expr_to(c, &f.right, src)?;
        if env.is_some() {
            c.pop_env();
        }
    }
    let iter = c.temps(2);
    c.pos(f.right.span());
    c.emit(Insn::GetIterator { dst: iter, src, flag: U8(is_async as u8) });
    let vd = c.temps(2);
    let top = c.pc();
    if is_async {
        let res = c.temp();
        // `arg: iter`: next() is called without an argument.
        c.emit(Insn::IterNextRaw { dst: res, iter, arg: iter });
        expr::emit_await(c, res, res)?;
        let k = c.kstr("iterator result is not an object");
        c.emit(Insn::CheckObject { src: res, k });
        c.emit(Insn::IterResult { dst: vd, src: res });
    } else {
        c.emit(Insn::IterStep { dst: vd, iter });
    }
    let exit = c.emit(Insn::JumpIfTrue { cond: Reg(vd.0 + 1), target: Lbl(0) });
    // From here, leaving by break/return/throw closes the iterator; `continue` does not.
    let body_start = c.pc();
    c.f().ctl.push(Ctl::Iter(iter, is_async));
    push_target(c, labels, true);
    let m2 = c.mark();
    let env = declare_scope(c, f.scope_id.get(), false, &[], &[]);
    match &f.left {
        // `for (using x of ...)`: each iteration's value is disposed at the end of that iteration.
        ForStatementLeft::VariableDeclaration(d) if super::using::decl_using(d).is_some() => {
            let is_async = super::using::decl_using(d) == Some(true);
            super::using::using_scope(c, is_async, |c| {
                bind_for_left(c, &f.left, vd)?;
                stmt(c, &f.body)
            })?;
        }
        _ => {
            bind_for_left(c, &f.left, vd)?;
            stmt(c, &f.body)?;
        }
    }
    if env.is_some() {
        c.pop_env();
    }
    c.release(m2);
    let body_end = c.pc();
    c.jump_to(top);
    let breaks = match c.f().ctl.pop() {
        Some(Ctl::Target(t)) => {
            for j in t.continues {
                c.patch(j, top);
            }
            t.breaks
        }
        _ => Vec::new(),
    };
    c.f().ctl.pop();
    // Throw inside the body: close the iterator (errors from return() are ignored) and rethrow.
    let exc = c.temp();
    let handler = c.pc();
    c.f().handlers.push(Handler { start: body_start, end: body_end, target: handler, reg: exc.0 });
    if is_async {
        let res = c.temps(2);
        let arg = c.temp();
        c.emit(Insn::LoadUndef { dst: arg });
        let k = c.kstr("return");
        let s = c.pc();
        c.emit(Insn::IterCall { dst: res, iter, k, arg });
        let j = c.emit(Insn::JumpIfFalse { cond: Reg(res.0 + 1), target: Lbl(0) });
        expr::emit_await(c, res, res)?;
        c.patch_here(j);
        let e = c.pc();
        c.f().handlers.push(Handler { start: s, end: e, target: e, reg: res.0 });
        c.emit(Insn::Throw { src: exc });
    } else {
        c.emit(Insn::IterClose { iter, flag: U8(1) });
        c.emit(Insn::Throw { src: exc });
    }
    // `break` out of the loop closes the iterator.
    for j in breaks {
        c.patch_here(j);
    }
    close_iter(c, iter, is_async);
    c.patch_here(exit);
    c.release(m);
    Ok(())
}

fn export_default<'a>(c: &mut Compiler<'_, 'a>, e: &ExportDefaultDeclaration<'a>) -> CResult<()> {
    let key = match &e.declaration {
        ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.span.start,
        ExportDefaultDeclarationKind::ClassDeclaration(cl) => cl.span.start,
        _ => e.span.start,
    };
    if c.is_dead(key) {
        return Ok(());
    }
    let slot = default_slot(c);
    let m = c.mark();
    match &e.declaration {
        ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
            if f.id.is_some() {
                if let Some(sym) = f.id.as_ref().and_then(|i| i.symbol_id.get()) {
                    if let Some(Binding { loc: Loc::Env { slot, .. }, .. }) = c.bindings.get(&sym).copied() {
                        add_local_export(c, "default", slot);
                    }
                }
            } else {
                // Anonymous default functions are initialised with the hoisted ones.
                add_local_export(c, "default", slot);
            }
        }
        ExportDefaultDeclarationKind::ClassDeclaration(cl) => {
            let t = c.temp();
            class::compile_class(c, cl, t, Some("default"))?;
            match cl.id.as_ref() {
                Some(id) => {
                    pattern::bind_identifier(c, id, t, true);
                    if let Some(Binding { loc: Loc::Env { slot, .. }, .. }) = id.symbol_id.get().and_then(|s| c.bindings.get(&s).copied()) {
                        add_local_export(c, "default", slot);
                    }
                }
                None => {
                    store_default(c, slot, t);
                    add_local_export(c, "default", slot);
                }
            }
        }
        ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => {}
        other => {
            if let Some(ex) = other.as_expression() {
                let t = c.temp();
                expr::expr_named(c, ex, t, Some("default"))?;
                store_default(c, slot, t);
                add_local_export(c, "default", slot);
            }
        }
    }
    c.release(m);
    Ok(())
}

pub(crate) fn default_slot(c: &Compiler) -> u32 {
    c.envs.first().map(|e| e.names.len().saturating_sub(1) as u32).unwrap_or(0)
}

pub(crate) fn store_default(c: &mut Compiler, slot: u32, src: Reg) {
    let (env, depth) = c.env_access(0);
    c.emit(Insn::StEnv { env, depth: Imm(depth), slot: Imm(slot as i32), src });
}

fn add_local_export(c: &mut Compiler, name: &str, slot: u32) {
    if c.drops_export(name) {
        return;
    }
    if let Some(m) = &mut c.module {
        m.local_exports.push((name.into(), slot));
    }
}

fn export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::IdentifierName(i) => i.name.to_string(),
        ModuleExportName::IdentifierReference(i) => i.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

/// The index of request (spec, `type`, phase), added if new: requests of
/// one specifier in different phases stay distinct (each has its own
/// evaluation semantics), as the import-defer proposal's ModuleRequests does.
fn request_index(info: &mut crate::bytecode::ModuleInfo, spec: &str, with: Option<&WithClause>, phase: u8) -> u32 {
    let (spec, ty) = super::shake::request_of(spec, with);
    let ty: Option<Box<str>> = ty.map(Box::from);
    let found = info.requests.iter().enumerate().position(|(i, (s, t))| **s == *spec && *t == ty && info.phase(i as u32) == phase);
    if let Some(i) = found {
        return i as u32;
    }
    info.requests.push((spec.into(), ty));
    if phase != crate::bytecode::phase::EVALUATION || !info.phases.is_empty() {
        info.phases.resize(info.requests.len() - 1, crate::bytecode::phase::EVALUATION);
        info.phases.push(phase);
    }
    info.requests.len() as u32 - 1
}

/// The request phase of an import declaration.
pub(crate) fn decl_phase(p: Option<ImportPhase>) -> u8 {
    match p {
        Some(ImportPhase::Defer) => crate::bytecode::phase::DEFER,
        Some(ImportPhase::Source) => crate::bytecode::phase::SOURCE,
        None => crate::bytecode::phase::EVALUATION,
    }
}

/// Whether tree shaking drops the request of a declaration (its module is
/// not in the program any more).
fn request_dropped(c: &Compiler, spec: &str, with: Option<&WithClause>) -> bool {
    c.plan.as_ref().is_some_and(|p| p.drops_request(&super::shake::request_of(spec, with)))
}

/// Records imports (binding them to import slots) and requests in source order.
pub(crate) fn module_imports<'a>(c: &mut Compiler<'_, 'a>, program: &Program<'a>, info: &mut crate::bytecode::ModuleInfo) -> CResult<()> {
    let fn_id = c.fn_id();
    for s in &program.body {
        match s {
            Statement::ImportDeclaration(d) => {
                if d.import_kind.is_type() || request_dropped(c, d.source.value.as_str(), d.with_clause.as_deref()) {
                    continue;
                }
                let req = request_index(info, d.source.value.as_str(), d.with_clause.as_deref(), decl_phase(d.phase));
                for spec in d.specifiers.iter().flatten() {
                    let (local, name) = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            if s.import_kind.is_type() {
                                continue;
                            }
                            (&s.local, Some(export_name(&s.imported)))
                        }
                        // `import source x`: like a namespace import, the
                        // entry names no export (the request's phase says what it binds).
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) if d.phase == Some(ImportPhase::Source) => (&s.local, None),
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => (&s.local, Some("default".to_string())),
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => (&s.local, None),
                    };
                    let sym = local.symbol_id.get();
                    if let (Some(p), Some(sym)) = (&c.plan, sym) {
                        if p.skip_imports.contains(&sym) {
                            continue;
                        }
                        let live = p.live_imports.contains(&sym);
                        if let Some(r) = &mut c.shake_report {
                            r.import_live.push(live);
                        }
                    }
                    let idx = info.imports.len() as u32;
                    info.imports.push(ImportEntry { request: req, name: name.map(|n| n.into()) });
                    if let Some(sym) = local.symbol_id.get() {
                        c.bindings.insert(sym, Binding { loc: Loc::Import(idx), kind: BKind::Const, decl_end: 0, fn_id });
                    }
                }
            }
            Statement::ExportAllDeclaration(d) => {
                if d.export_kind.is_type() || request_dropped(c, d.source.value.as_str(), d.with_clause.as_deref()) {
                    continue;
                }
                let req = request_index(info, d.source.value.as_str(), d.with_clause.as_deref(), crate::bytecode::phase::EVALUATION);
                match &d.exported {
                    Some(n) if c.drops_export(&export_name(n)) => {}
                    Some(n) => info.indirect_exports.push((export_name(n).into(), req, None)),
                    None => info.star_exports.push(req),
                }
            }
            Statement::ExportFromDeclaration(d) => {
                {
                    if d.export_kind.is_type() || request_dropped(c, d.source.value.as_str(), d.with_clause.as_deref()) {
                        continue;
                    }
                    let req = request_index(info, d.source.value.as_str(), d.with_clause.as_deref(), crate::bytecode::phase::EVALUATION);
                    for sp in &d.specifiers {
                        if sp.export_kind.is_type() || c.drops_export(&export_name(&sp.exported)) {
                            continue;
                        }
                        info.indirect_exports.push((export_name(&sp.exported).into(), req, Some(export_name(&sp.local).into())));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Records local exports (after the module scope's slots are known).
pub(crate) fn module_exports_finish<'a>(c: &mut Compiler<'_, 'a>, program: &Program<'a>) -> CResult<()> {
    for s in &program.body {
        if let Statement::ExportDeclaration(d) = s {
            let mut syms = Vec::new();
            match &d.declaration {
                Declaration::VariableDeclaration(v) => {
                    for dd in &v.declarations {
                        pattern::pattern_symbols(&dd.id, &mut syms);
                    }
                }
                Declaration::FunctionDeclaration(f) => syms.extend(f.id.as_ref().and_then(|i| i.symbol_id.get())),
                Declaration::ClassDeclaration(cl) => syms.extend(cl.id.as_ref().and_then(|i| i.symbol_id.get())),
                Declaration::TSEnumDeclaration(e) => syms.extend(e.id.symbol_id.get()),
                Declaration::TSNamespaceDeclaration(m) => syms.extend(m.id.symbol_id.get()),
                _ => {}
            }
            for sym in syms {
                if let Some(Binding { loc: Loc::Env { slot, .. }, .. }) = c.bindings.get(&sym).copied() {
                    let name = c.sym_name(sym).to_string();
                    add_local_export(c, &name, slot);
                }
            }
            continue;
        }
        let Statement::ExportNamedDeclaration(d) = s else { continue };
        if d.export_kind.is_type() {
            continue;
        }
        for sp in &d.specifiers {
            if sp.export_kind.is_type() {
                continue;
            }
            let exported = export_name(&sp.exported);
            if c.drops_export(&exported) {
                continue;
            }
            let ModuleExportName::IdentifierReference(local) = &sp.local else { continue };
            match c.resolve(local) {
                Some(Binding { loc: Loc::Env { slot, .. }, .. }) => add_local_export(c, &exported, slot),
                Some(Binding { loc: Loc::Import(i), .. }) => {
                    if let Some(m) = &mut c.module {
                        let entry = m.imports[i as usize].clone();
                        m.indirect_exports.push((exported.into(), entry.request, entry.name.clone()));
                    }
                }
                _ => {
                    // Exporting a type-only name (TS) is erased.
                    if !c.opts.typescript {
                        return cerr(local.span, format!("Export '{}' is not defined in module", local.name));
                    }
                }
            }
        }
    }
    Ok(())
}
