//! Functions: prologues (parameters, `arguments`, hoisting), scopes and the
//! top level of scripts, modules and eval code.

use super::*;
use crate::bytecode::{fflags, FunctionCode, Imm, U8};
use oxc_syntax::symbol::SymbolFlags;

/// What sort of function is being compiled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FnKind {
    Normal,
    Arrow,
    Method,
    Getter,
    Setter,
    ClassConstructor { derived: bool },
    /// Class field initialiser or static block: a method whose `this` is given.
    FieldInit,
}

pub(crate) fn new_fn_state(c: &mut Compiler, flags: u32, n_params: u32, strict: bool, is_arrow: bool) -> FnState {
    c.next_uid += 1;
    FnState {
        code: Vec::new(),
        handlers: Vec::new(),
        positions: Vec::new(),
        n_params,
        next_reg: n_params as u16 + 1,
        max_reg: n_params as u16 + 1,
        n_ics: 0,
        flags: flags | if strict { fflags::STRICT } else { 0 },
        length: 0,
        closure_env: Reg(0),
        ctl: Vec::new(),
        finallies: Vec::new(),
        param_props: Vec::new(),
        specials: HashMap::new(),
        is_arrow,
        strict,
        arguments: None,
        name_k: u32::MAX,
        span: (0, 0),
        completion: None,
        dispose: None,
        param_regs: HashMap::new(),
        finally_completions: Vec::new(),
        uid: c.next_uid,
        label_at: u32::MAX,
    }
}

/// Reserves a slot in the function table (function 0 is the top level).
fn reserve_fn(c: &mut Compiler) -> usize {
    c.functions.push(None);
    c.functions.len() - 1
}

fn finish_fn(c: &mut Compiler, index: usize) {
    let Some(f) = c.fs.pop() else { return };
    let code = FunctionCode {
        name: f.name_k,
        flags: f.flags,
        length: f.length,
        n_params: f.n_params,
        n_regs: f.max_reg as u32 + 2,
        n_ics: f.n_ics,
        code: f.code.into(),
        handlers: f.handlers,
        positions: f.positions,
        span: f.span,
    };
    c.functions[index] = Some(code);
}

/// Emits the load of the closure's captured scope at function entry.
fn load_closure_env(c: &mut Compiler) {
    let fresh_from = c.f().max_reg;
    let r = c.temp();
    c.f().closure_env = r;
    // Eval code and module code get their scope from the caller/loader even
    // when the compiler knows of no enclosing scope record.
    if c.envs.is_empty() && !matches!(c.opts.goal, Goal::Eval(_)) {
        // A function's fresh register already holds undefined (frame entry).
        if !(c.fs.len() > 1 && r.0 >= fresh_from) {
            c.emit(Insn::LoadUndef { dst: r });
        }
    } else {
        c.emit(Insn::LoadClosureEnv { dst: r });
    }
}

fn binding_kind(flags: SymbolFlags) -> Option<BKind> {
    if flags.contains(SymbolFlags::ConstVariable) {
        Some(BKind::Const)
    } else if flags.intersects(SymbolFlags::BlockScopedVariable | SymbolFlags::Class) {
        Some(BKind::Let)
    } else if flags.contains(SymbolFlags::Function) {
        Some(BKind::Function)
    } else if flags.intersects(
        SymbolFlags::FunctionScopedVariable | SymbolFlags::CatchVariable | SymbolFlags::Enum | SymbolFlags::ValueModule,
    ) {
        Some(BKind::Var)
    } else if flags.contains(SymbolFlags::Import) {
        Some(BKind::Const)
    } else {
        None
    }
}

/// Assigns locations to the bindings declared directly in `scope` and emits
/// their initialisation (undefined for vars, TDZ for lexicals). Returns the
/// scope record index if one was created.
pub(crate) fn declare_scope(
    c: &mut Compiler,
    scope: Option<ScopeId>,
    var_scope: bool,
    specials: &[Special],
    skip: &[SymbolId],
) -> Option<usize> {
    let mut syms: Vec<(SymbolId, BKind)> = Vec::new();
    if let Some(scope) = scope {
        let list = c.annex.scope_symbols(c.scoping, scope);
        for sym in list {
            if skip.contains(&sym) {
                continue;
            }
            let flags = c.sym_flags(sym);
            if flags.contains(SymbolFlags::Ambient) && !flags.intersects(SymbolFlags::Enum | SymbolFlags::ValueModule) {
                continue;
            }
            if let Some(kind) = binding_kind(flags) {
                syms.push((sym, kind));
            }
        }
    }
    let in_env = |c: &Compiler, sym: SymbolId| c.dynamic || c.an.captured.contains(&sym);
    let mut names: Vec<(Box<[u16]>, u8)> = Vec::new();
    for &(sym, kind) in &syms {
        if in_env(c, sym) {
            let flag = match kind {
                BKind::Const => 1,
                BKind::Let => 2,
                // A simple catch parameter: eval may declare a var of that name (B.3.4).
                _ if c.sym_flags(sym).contains(SymbolFlags::CatchVariable) => 8,
                _ => 0,
            };
            names.push((c.sym_name(sym).encode_utf16().collect(), flag));
        }
    }
    for s in specials {
        let n = match s {
            Special::This => "%this",
            Special::NewTarget => "%newtarget",
            Special::Home => "%home",
            Special::Arguments => "arguments",
        };
        if *s == Special::Arguments && names.iter().any(|(x, _)| **x == *"arguments".encode_utf16().collect::<Vec<_>>()) {
            continue;
        }
        names.push((n.encode_utf16().collect(), 0));
    }
    let env = if names.is_empty() && !(var_scope && c.dynamic) { None } else { Some(c.push_env(names, var_scope)) };
    let mut slot = 0u32;
    let fn_id = c.fn_id();
    for (sym, kind) in syms {
        // A register never used before in this function still holds the
        // `undefined` that frame entry (`enter_closure`) put there.
        let fresh_from = c.f().max_reg;
        let loc = if in_env(c, sym) {
            let l = Loc::Env { env: env.unwrap_or(0), slot };
            slot += 1;
            l
        } else if let Some(&r) = c.fr().param_regs.get(&sym) {
            Loc::Reg(r)
        } else {
            Loc::Reg(c.temp())
        };
        let is_param_reg = matches!(loc, Loc::Reg(r) if c.fr().param_regs.get(&sym) == Some(&r));
        // Lexical bindings need TDZ checks until their declaration has run
        // (see `mark_initialized`).
        let decl_end = if matches!(kind, BKind::Let | BKind::Const) { u32::MAX } else { 0 };
        let b = Binding { loc, kind, decl_end, fn_id };
        c.bindings.insert(sym, b);
        match (kind, loc) {
            (BKind::Let | BKind::Const, Loc::Reg(r)) => {
                c.emit(Insn::LoadUninit { dst: r });
            }
            (BKind::Var | BKind::Function, Loc::Reg(_)) if is_param_reg => {}
            (BKind::Var | BKind::Function, Loc::Reg(r)) => {
                // The function-level scope is declared once per call, at entry.
                if !(var_scope && kind == BKind::Var && r.0 >= fresh_from && c.fs.len() > 1 && c.f().flags & fflags::SIMPLE_PARAMS != 0) {
                    c.emit(Insn::LoadUndef { dst: r });
                }
            }
            (BKind::Var | BKind::Function, Loc::Env { .. }) => {
                let t = c.temp();
                c.emit(Insn::LoadUndef { dst: t });
                let name = c.sym_name(sym).to_string();
                c.store_binding(b, &name, t, true, 0);
                c.release(t.0);
            }
            _ => {}
        }
    }
    if let Some(e) = env {
        for s in specials {
            let n = match s {
                Special::This => "%this",
                Special::NewTarget => "%newtarget",
                Special::Home => "%home",
                Special::Arguments => "arguments",
            };
            let units: Vec<u16> = n.encode_utf16().collect();
            if let Some(pos) = c.envs[e].names.iter().position(|(x, _)| **x == *units) {
                c.f().specials.insert(*s, Loc::Env { env: e, slot: pos as u32 });
            }
        }
    }
    env
}

/// Creates closures for the function declarations among `stmts` (hoisting).
pub(crate) fn hoist_functions<'a>(c: &mut Compiler<'_, 'a>, stmts: &[Statement<'a>]) -> CResult<()> {
    for s in stmts {
        // `l: function f() {}` declares f like `function f() {}` (B.3.1).
        let mut s = s;
        while let Statement::LabeledStatement(l) = s {
            s = &l.body;
        }
        let f = match s {
            Statement::FunctionDeclaration(f) => f,
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::FunctionDeclaration(f) => f,
                _ => continue,
            },
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) if f.id.is_some() => f,
                ExportDefaultDeclarationKind::FunctionDeclaration(f) if f.body.is_some() && !c.is_dead(f.span.start) => {
                    // `export default function () {}`: initialised with the
                    // hoisted functions, in the `*default*` slot.
                    let m = c.mark();
                    let t = c.temp();
                    compile_function_expr(c, f, FnKind::Normal, t, Some("default"))?;
                    let slot = super::stmt::default_slot(c);
                    super::stmt::store_default(c, slot, t);
                    c.release(m);
                    continue;
                }
                _ => continue,
            },
            _ => continue,
        };
        if f.body.is_none() || c.is_dead(f.span.start) {
            continue;
        }
        let Some(id) = &f.id else { continue };
        // Annex B block functions initialise their block's own binding.
        let sym = match c.annex.cands.get(&f.span.start) {
            Some(cand) => cand.block_key,
            None => {
                let Some(sym) = id.symbol_id.get() else { continue };
                sym
            }
        };
        let Some(b) = c.bindings.get(&sym).copied() else { continue };
        let m = c.mark();
        let t = c.temp();
        compile_function_expr(c, f, FnKind::Normal, t, None)?;
        if b.loc == Loc::Dynamic {
            // Sloppy eval code: the caller's variable scope, not whatever
            // the name resolves to (a catch parameter, say).
            let env = c.current_env();
            let k = c.kstr(id.name.as_str());
            c.emit(Insn::SetVarName { env, k, src: t });
        } else {
            c.store_binding(b, id.name.as_str(), t, true, 0);
        }
        c.release(m);
    }
    Ok(())
}

/// Compiles a function node to a closure in `dst`.
pub(crate) fn compile_function_expr<'a>(
    c: &mut Compiler<'_, 'a>,
    f: &Function<'a>,
    kind: FnKind,
    dst: Reg,
    name_override: Option<&str>,
) -> CResult<u32> {
    let name = name_override.map(|s| s.to_string()).or_else(|| f.id.as_ref().map(|i| i.name.to_string()));
    let idx = compile_function(c, FnSource::Function(f), kind, name.as_deref(), None)?;
    let env = c.current_env();
    c.emit(Insn::NewClosure { dst, f: crate::bytecode::Fun(idx), env });
    Ok(idx)
}

pub(crate) enum FnSource<'n, 'a> {
    Function(&'n Function<'a>),
    Arrow(&'n ArrowFunctionExpression<'a>),
    /// Class constructor without an explicit `constructor`.
    DefaultCtor { span: Span },
    /// Field initialisers of a class (instance or static), compiled as one function;
    /// `phase` selects the parts (`class::PHASE_*`).
    Fields { span: Span, elements: Vec<&'n ClassElement<'a>>, scope: ScopeId, phase: u8 },
}

/// Compiles a function body and returns its index in the unit.
pub(crate) fn compile_function<'a>(
    c: &mut Compiler<'_, 'a>,
    src: FnSource<'_, 'a>,
    kind: FnKind,
    name: Option<&str>,
    class_info: Option<&class::ClassCtx>,
) -> CResult<u32> {
    // Dynamic mode is decided per function: only functions that contain (or
    // enclose) a `with`/direct eval, and functions nested in one that contains
    // it directly, resolve names at run time.
    let key = match &src {
        FnSource::Function(f) => f.scope_id.get(),
        FnSource::Arrow(a) => a.scope_id.get(),
        FnSource::DefaultCtor { .. } => None,
        FnSource::Fields { span, .. } => Some(analysis::field_scope_key(span.start)),
    };
    let saved = (c.dynamic, c.dyn_inherit);
    c.dynamic = c.dyn_inherit || key.is_some_and(|s| c.an.dyn_anc.contains(&s));
    c.dyn_inherit = c.dyn_inherit || key.is_some_and(|s| c.an.dyn_root.contains(&s));
    let r = compile_function_inner(c, src, kind, name, class_info);
    (c.dynamic, c.dyn_inherit) = saved;
    r
}

fn compile_function_inner<'a>(
    c: &mut Compiler<'_, 'a>,
    src: FnSource<'_, 'a>,
    kind: FnKind,
    name: Option<&str>,
    class_info: Option<&class::ClassCtx>,
) -> CResult<u32> {
    let idx = reserve_fn(c);
    let parent_strict = c.fs.last().map(|f| f.strict).unwrap_or(false);
    let (params, body, scope_id, is_async, is_gen, span): (Option<&FormalParameters<'a>>, Option<&FunctionBody<'a>>, Option<ScopeId>, bool, bool, Span) = match &src {
        FnSource::Function(f) => (Some(&f.params), f.body.as_deref(), f.scope_id.get(), f.r#async, f.generator, f.span),
        FnSource::Arrow(a) => (
            Some(&a.params),
            match &a.body {
                ArrowFunctionBody::FunctionBody(b) => Some(&**b),
                _ => None,
            },
            a.scope_id.get(),
            a.r#async,
            false,
            a.span,
        ),
        FnSource::DefaultCtor { span } => (None, None, None, false, false, *span),
        FnSource::Fields { span, scope, .. } => (None, None, Some(*scope), false, false, *span),
    };
    let strict = parent_strict
        || c.class_depth > 0
        || matches!(kind, FnKind::ClassConstructor { .. } | FnKind::FieldInit)
        || class_info.is_some()
        || body.is_some_and(|b| b.directives.iter().any(|d| d.directive == "use strict"));
    let is_arrow = kind == FnKind::Arrow;
    let n_params = params.map(|p| p.items.len() as u32).unwrap_or(0);
    let mut flags = 0;
    if is_arrow {
        flags |= fflags::ARROW;
    }
    if is_async {
        flags |= fflags::ASYNC;
    }
    if is_gen {
        flags |= fflags::GENERATOR;
    }
    match kind {
        FnKind::Method | FnKind::FieldInit => flags |= fflags::METHOD,
        FnKind::Getter | FnKind::Setter => flags |= fflags::METHOD | fflags::ACCESSOR,
        FnKind::ClassConstructor { derived } => {
            flags |= fflags::CLASS_CONSTRUCTOR | if derived { fflags::DERIVED } else { 0 }
        }
        _ => {}
    }
    if kind == FnKind::FieldInit {
        flags |= fflags::FIELD_INIT;
    }
    let simple = params.is_none_or(|p| p.rest.is_none() && p.items.iter().all(|i| i.initializer.is_none() && matches!(i.pattern, BindingPattern::BindingIdentifier(_))));
    if simple {
        flags |= fflags::SIMPLE_PARAMS;
    }
    let mut st = new_fn_state(c, flags, n_params, strict, is_arrow);
    st.span = (span.start.saturating_sub(c.shift), span.end.saturating_sub(c.shift));
    if let Some(n) = name {
        st.name_k = c.kstr(n).0;
    }
    st.length = params
        .map(|p| p.items.iter().take_while(|i| i.initializer.is_none() && !i.optional).count() as u32)
        .unwrap_or(0);
    c.fs.push(st);
    c.pos(span);
    load_closure_env(c);

    // Pseudo-bindings that nested arrows (or eval) need from this function.
    let mut specials: Vec<Special> = Vec::new();
    let scope_key = match &src {
        FnSource::Fields { span, .. } => Some(analysis::field_scope_key(span.start)),
        _ => scope_id,
    };
    if !is_arrow {
        if let Some(s) = scope_key {
            if let Some(uses) = c.an.arrow_uses.get(&s) {
                for sp in [Special::This, Special::NewTarget, Special::Home, Special::Arguments] {
                    if uses.contains(&sp) {
                        specials.push(sp);
                    }
                }
            }
        }
        if c.dynamic && !specials.contains(&Special::This) {
            specials.extend([Special::This, Special::NewTarget, Special::Home]);
            specials.dedup();
        }
    }
    let param_syms: Vec<SymbolId> = params.map(|p| collect_param_symbols(p)).unwrap_or_default();
    // FunctionDeclarationInstantiation steps 15-18: there is no arguments
    // object if a parameter is named `arguments` or, without parameter
    // expressions, a top-level function or lexical declaration is. With them,
    // such a declaration only hides the object from the body; a `var
    // arguments` starts out as the object.
    let mut arguments_shadowed = false;
    let mut body_arguments = false;
    let mut var_arguments = None;
    if let (Some(s), false, false) = (scope_id, is_arrow, kind == FnKind::FieldInit) {
        for k in c.annex.scope_symbols(c.scoping, s) {
            let fl = c.sym_flags(k);
            if c.sym_name(k) != "arguments" || fl.contains(SymbolFlags::FunctionExpression) {
                continue;
            }
            if param_syms.contains(&k) {
                arguments_shadowed = true;
            } else if fl.intersects(SymbolFlags::BlockScopedVariable | SymbolFlags::ConstVariable | SymbolFlags::Class | SymbolFlags::Function) {
                if simple {
                    arguments_shadowed = true;
                } else {
                    body_arguments = true;
                }
            } else {
                var_arguments = Some(k);
            }
        }
    }
    let uses_arguments = !is_arrow
        && kind != FnKind::FieldInit
        && !arguments_shadowed
        && (var_arguments.is_some() || scope_id.is_some_and(|s| c.an.uses_arguments.contains(&s)));
    if uses_arguments && !specials.contains(&Special::Arguments) {
        specials.push(Special::Arguments);
    }
    if arguments_shadowed {
        specials.retain(|s| *s != Special::Arguments);
    }

    // The function's own name binding (named function expressions).
    let mut skip = Vec::new();
    let mut self_name: Option<SymbolId> = None;
    if let FnSource::Function(f) = &src {
        if f.r#type == FunctionType::FunctionExpression {
            if let Some(id) = &f.id {
                if let Some(sym) = id.symbol_id.get() {
                    if scope_id.is_some_and(|s| c.scoping.symbol_scope_id(sym) == s) {
                        // oxc declares the name in the function's own scope.
                        let shadowed = scope_id.is_some_and(|s| {
                            c.annex.scope_symbols(c.scoping, s).into_iter().any(|o| o != sym && c.sym_name(o) == id.name.as_str())
                        });
                        if !shadowed {
                            self_name = Some(sym);
                        }
                    }
                    skip.push(sym);
                }
            }
        }
    }
    // Mapped arguments alias parameters, so keep them in a scope record.
    let mapped = uses_arguments && !strict && simple && !arguments_shadowed;
    if mapped {
        for s in &param_syms {
            c.an.captured.insert(*s);
        }
    }
    if let Some(sym) = self_name {
        // Bind the name in a scope of its own, outside the body's.
        let in_env = c.dynamic || c.an.captured.contains(&sym);
        let fn_id = c.fn_id();
        let loc = if in_env {
            // Flag 1|4: immutable, but assignment fails silently in sloppy code.
            let e = c.push_env(vec![(c.sym_name(sym).encode_utf16().collect(), 5)], false);
            Loc::Env { env: e, slot: 0 }
        } else {
            Loc::Reg(c.temp())
        };
        let b = Binding { loc, kind: BKind::ConstSilent, decl_end: 0, fn_id };
        c.bindings.insert(sym, b);
        let t = c.temp();
        c.emit(Insn::LoadCallee { dst: t });
        let name = c.sym_name(sym).to_string();
        c.store_binding(b, &name, t, true, 0);
        c.release(t.0);
    }
    // Simple parameters that stay in registers are bound to the registers the
    // arguments arrive in (no copy at entry); a repeated name is the first one's
    // register, which the later argument then overwrites.
    if simple && !mapped {
        if let Some(p) = params {
            for (i, item) in p.items.iter().enumerate() {
                if let BindingPattern::BindingIdentifier(id) = &item.pattern {
                    if let Some(sym) = id.symbol_id.get() {
                        c.f().param_regs.entry(sym).or_insert(Reg(i as u16 + 1));
                    }
                }
            }
        }
    }
    // Field initialisers share the class scope (declared by the class itself).
    let declare_id = if matches!(src, FnSource::Fields { .. }) { None } else { scope_id };
    // A sloppy function with parameter expressions whose code may run a
    // direct eval gets the spec's three scopes (FunctionDeclarationInstantiation
    // steps 20, 28): the function's variable scope, which only eval code in
    // the parameters adds to; the parameters and `arguments`; the body's
    // variables. Other functions keep one record (nothing can tell).
    let split = c.dynamic && !strict && !simple && params.is_some() && declare_id.is_some();
    let params_have_arguments = param_syms.iter().any(|s| c.sym_name(*s) == "arguments");
    if split {
        // The arguments object exists even if the body declares `arguments`.
        let needed = !is_arrow && kind != FnKind::FieldInit && !params_have_arguments;
        specials.retain(|s| *s != Special::Arguments);
        declare_scope(c, None, true, &specials, &[]);
        let mut names: Vec<(Box<[u16]>, u8)> = param_syms.iter().map(|s| (c.sym_name(*s).encode_utf16().collect(), 0)).collect();
        if needed {
            names.push(("arguments".encode_utf16().collect(), 0));
        }
        let n = param_syms.len() as u32;
        let e = c.push_env(names, false);
        let fn_id = c.fn_id();
        for (i, sym) in param_syms.iter().enumerate() {
            c.bindings.insert(*sym, Binding { loc: Loc::Env { env: e, slot: i as u32 }, kind: BKind::Var, decl_end: 0, fn_id });
        }
        if needed {
            c.f().specials.insert(Special::Arguments, Loc::Env { env: e, slot: n });
            specials.push(Special::Arguments);
        }
    } else {
        // The object must not share a slot with the body's own `arguments`.
        let own_slot = body_arguments && specials.contains(&Special::Arguments);
        let declared: Vec<Special> = specials.iter().copied().filter(|s| !(own_slot && *s == Special::Arguments)).collect();
        declare_scope(c, declare_id, true, &declared, &skip);
        if own_slot {
            let loc = if c.an.arrow_uses.get(&scope_key.unwrap_or(ScopeId::new(0))).is_some_and(|u| u.contains(&Special::Arguments)) {
                let e = c.push_env(vec![("%arguments".encode_utf16().collect(), 0)], false);
                Loc::Env { env: e, slot: 0 }
            } else {
                Loc::Reg(c.temp())
            };
            c.f().specials.insert(Special::Arguments, loc);
        } else if let Some(b) = var_arguments.and_then(|v| c.bindings.get(&v).copied()) {
            if uses_arguments {
                c.f().specials.insert(Special::Arguments, b.loc);
            }
        }
    }
    // Pseudo-bindings.
    for sp in specials.clone() {
        if let Some(loc) = c.fr().specials.get(&sp).copied() {
            let t = c.temp();
            match sp {
                Special::This => {
                    c.emit(Insn::Mov { dst: t, src: Reg(0) });
                }
                Special::NewTarget => {
                    c.emit(Insn::LoadNewTarget { dst: t });
                }
                Special::Home => {
                    c.emit(Insn::LoadHome { dst: t });
                }
                Special::Arguments => {
                    continue;
                }
            }
            let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: c.fn_id() };
            c.store_binding(b, "", t, true, 0);
            c.release(t.0);
        }
    }
    // Parameters. With defaults or patterns, parameters are initialised left
    // to right and a default that reads a later parameter sees its TDZ.
    if let Some(p) = params {
        if !simple {
            for sym in &param_syms {
                if let Some(b) = c.bindings.get_mut(sym) {
                    b.kind = BKind::Let;
                    b.decl_end = u32::MAX;
                }
                if let Some(b) = c.bindings.get(sym).copied() {
                    let t = c.temp();
                    c.emit(Insn::LoadUninit { dst: t });
                    match b.loc {
                        Loc::Reg(r) => {
                            c.emit(Insn::Mov { dst: r, src: t });
                        }
                        _ => c.store_binding(b, "", t, true, 0),
                    }
                    c.release(t.0);
                }
            }
        }
        let args_object = if split { specials.contains(&Special::Arguments) } else { uses_arguments && !arguments_shadowed };
        bind_params(c, p, mapped, args_object)?;
        if split {
            for sym in &param_syms {
                if let Some(b) = c.bindings.get_mut(sym) {
                    b.kind = BKind::Var;
                    b.decl_end = 0;
                }
            }
            // The body's variables: a `var` named like a parameter (or
            // `arguments`) starts with its value (step 28.f.i.4).
            let redeclared: Vec<(SymbolId, Binding)> = param_syms
                .iter()
                .filter(|s| !c.scoping.symbol_redeclarations(**s).is_empty())
                .filter_map(|s| Some((*s, c.bindings.get(s).copied()?)))
                .collect();
            let mut body_skip = skip.clone();
            body_skip.extend(param_syms.iter().filter(|s| !redeclared.iter().any(|(r, _)| r == *s)));
            declare_scope(c, declare_id, true, &[], &body_skip);
            for (sym, old) in redeclared {
                let Some(nb) = c.bindings.get(&sym).copied() else { continue };
                let name = c.sym_name(sym).to_string();
                let t = c.temp();
                c.load_binding(old, &name, t, u32::MAX);
                c.store_binding(nb, &name, t, true, 0);
                c.release(t.0);
            }
            if let Some(&aloc) = c.fr().specials.get(&Special::Arguments) {
                let var_args = declare_id.and_then(|sc| {
                    c.annex.scope_symbols(c.scoping, sc).into_iter().find(|&v| {
                        c.sym_name(v) == "arguments" && binding_kind(c.sym_flags(v)) == Some(BKind::Var) && !param_syms.contains(&v)
                    })
                });
                if let Some(nb) = var_args.and_then(|v| c.bindings.get(&v).copied()) {
                    let t = c.temp();
                    let ab = Binding { loc: aloc, kind: BKind::Var, decl_end: 0, fn_id: c.fn_id() };
                    c.load_binding(ab, "arguments", t, u32::MAX);
                    c.store_binding(nb, "arguments", t, true, 0);
                    c.release(t.0);
                }
            }
        } else if !simple {
            // After the parameter list, parameters behave like `var`s again.
            for sym in &param_syms {
                if let Some(b) = c.bindings.get_mut(sym) {
                    b.kind = BKind::Var;
                    b.decl_end = 0;
                }
            }
            // With parameter expressions the body has its own variable scope: a
            // body `var` named like a parameter is a new binding that starts
            // with the parameter's value (closures in defaults keep the old one).
            let redeclared: Vec<SymbolId> = param_syms
                .iter()
                .copied()
                .filter(|s| !c.scoping.symbol_redeclarations(*s).is_empty())
                .collect();
            if !redeclared.is_empty() {
                let names: Vec<(Box<[u16]>, u8)> = redeclared.iter().map(|s| (c.sym_name(*s).encode_utf16().collect(), 0)).collect();
                let e = c.push_env(names, true);
                for (slot, sym) in redeclared.iter().enumerate() {
                    let Some(old) = c.bindings.get(sym).copied() else { continue };
                    let name = c.sym_name(*sym).to_string();
                    let t = c.temp();
                    c.load_binding(old, &name, t, u32::MAX);
                    let nb = Binding { loc: Loc::Env { env: e, slot: slot as u32 }, ..old };
                    c.bindings.insert(*sym, nb);
                    c.store_binding(nb, &name, t, true, 0);
                    c.release(t.0);
                }
            }
        }
    }
    if let Some(ci) = class_info {
        if let FnKind::ClassConstructor { derived: false } = kind {
            let _ = ci;
            c.emit(Insn::InitFields { this: Reg(0) });
        }
    }
    if is_gen {
        c.emit(Insn::InitialYield {});
    }
    // Body.
    match &src {
        FnSource::Function(_) | FnSource::Arrow(_) => {
            if let FnSource::Arrow(a) = &src {
                if let Some(e) = a.body.as_expression() {
                    let r = c.temp();
                    expr::expr_to(c, e, r)?;
                    c.emit(Insn::Return { src: r });
                    finish_fn(c, idx);
                    cleanup_envs(c);
                    return Ok(idx as u32);
                }
            }
            if let Some(b) = body {
                hoist_functions(c, &b.statements)?;
                if let Some(ci) = class_info {
                    class::emit_param_properties(c, ci)?;
                }
                super::using::scoped_stmts(c, &b.statements)?;
            }
        }
        FnSource::DefaultCtor { .. } => {
            if let FnKind::ClassConstructor { derived: true } = kind {
                let arr = c.temp();
                c.emit(Insn::CreateRest { dst: arr, start: Imm(0) });
                let d = c.temp();
                c.emit(Insn::SuperCallSpread { dst: d, arr });
            }
        }
        FnSource::Fields { elements, phase, .. } => {
            class::emit_field_inits(c, elements, class_info, *phase)?;
        }
    }
    let r = c.temp();
    c.emit(Insn::LoadUndef { dst: r });
    c.emit(Insn::Return { src: r });
    finish_fn(c, idx);
    cleanup_envs(c);
    Ok(idx as u32)
}

/// Drops scope records owned by the function just finished.
fn cleanup_envs(c: &mut Compiler) {
    let depth = c.fs.len();
    while c.envs.last().is_some_and(|e| e.fn_depth > depth) {
        c.envs.pop();
    }
}

pub(crate) fn collect_param_symbols(p: &FormalParameters) -> Vec<SymbolId> {
    let mut out = Vec::new();
    for item in &p.items {
        pattern::pattern_symbols(&item.pattern, &mut out);
    }
    if let Some(r) = &p.rest {
        pattern::pattern_symbols(&r.rest.argument, &mut out);
    }
    out
}

fn bind_params<'a>(c: &mut Compiler<'_, 'a>, p: &FormalParameters<'a>, mapped: bool, uses_arguments: bool) -> CResult<()> {
    // `arguments` is created before parameter defaults run.
    if uses_arguments {
        if let Some(loc) = c.fr().specials.get(&Special::Arguments).copied() {
            let t = c.temp();
            let env = c.current_env();
            let (k, flag) = if mapped {
                let slots: Vec<u32> = p
                    .items
                    .iter()
                    .map(|i| match &i.pattern {
                        BindingPattern::BindingIdentifier(id) => id
                            .symbol_id
                            .get()
                            .and_then(|s| c.bindings.get(&s))
                            .and_then(|b| if let Loc::Env { slot, .. } = b.loc { Some(slot) } else { None })
                            .unwrap_or(u32::MAX),
                        _ => u32::MAX,
                    })
                    .collect();
                (c.kpush(Constant::ArgMap(slots.into())), 1)
            } else {
                (c.kpush(Constant::ArgMap(Box::new([]))), 0)
            };
            c.emit(Insn::CreateArguments { dst: t, env, k, flag: U8(flag) });
            let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: c.fn_id() };
            c.store_binding(b, "arguments", t, true, 0);
            c.f().arguments = Some(t);
        }
    }
    for (i, item) in p.items.iter().enumerate() {
        let src = Reg(i as u16 + 1);
        if let Some(init) = &item.initializer {
            let t = c.temp();
            c.emit(Insn::Mov { dst: t, src });
            let j = c.emit(Insn::JumpIfNotUndef { cond: t, target: Lbl(0) });
            let fname = match &item.pattern {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            };
            expr::expr_named(c, init, t, fname.as_deref())?;
            c.patch_here(j);
            pattern::bind_pattern(c, &item.pattern, t, true)?;
            c.release(t.0);
        } else {
            pattern::bind_pattern(c, &item.pattern, src, true)?;
        }
    }
    if let Some(r) = &p.rest {
        let t = c.temp();
        c.emit(Insn::CreateRest { dst: t, start: Imm(p.items.len() as i32) });
        pattern::bind_pattern(c, &r.rest.argument, t, true)?;
        c.release(t.0);
    }
    Ok(())
}

/// Annex B.3.2.2 / B.3.2.3: at the top level of a script or sloppy eval, the
/// var bindings of block-level functions are created only if the global (or
/// caller's) scopes allow it, which is known at run time: one flag register
/// per name tells the declarations whether to copy their value.
fn declare_annex_vars(c: &mut Compiler, eval: bool) {
    let vars = c.annex.root_vars.clone();
    for (name, _) in vars {
        let dst = c.temp();
        let env = c.current_env();
        let k = c.kstr(&name);
        c.emit(Insn::DeclareAnnexVar { dst, env, k, flag: U8(eval as u8) });
        c.annex_flags.insert(name, dst);
    }
}

/// Compiles the top level of a script, module or eval as function 0.
pub(crate) fn compile_top_level<'a>(c: &mut Compiler<'_, 'a>, program: &Program<'a>, strict: bool) -> CResult<()> {
    let idx = reserve_fn(c);
    let is_module = matches!(c.opts.goal, Goal::Module);
    let mut flags = fflags::TOP_LEVEL;
    if is_module {
        flags |= fflags::MODULE | fflags::ASYNC;
    }
    let st = new_fn_state(c, flags, 0, strict || is_module, false);
    c.fs.push(st);
    c.f().span = (0, c.src.len() as u32 - c.shift);
    let root = program.scope_id.get();
    match c.opts.goal.clone() {
        Goal::Module => {
            // The module scope record is created by the loader before linking;
            // it is the closure scope of the module function.
            let mut names: Vec<(Box<[u16]>, u8)> = Vec::new();
            let mut info = ModuleInfo::default();
            let mut syms: Vec<SymbolId> = root.map(|s| c.scoping.get_bindings(s).values().copied().collect()).unwrap_or_default();
            syms.sort();
            c.envs.push(EnvDesc { fn_depth: 0, reg: Reg(0), names: Vec::new() });
            load_closure_env(c);
            let imports = super::stmt::module_imports(c, program, &mut info)?;
            let fn_id = c.fn_id();
            for sym in syms {
                let flags = c.scoping.symbol_flags(sym);
                if flags.contains(SymbolFlags::Import) {
                    continue;
                }
                if flags.contains(SymbolFlags::Ambient) && !flags.intersects(SymbolFlags::Enum | SymbolFlags::ValueModule) {
                    continue;
                }
                let Some(kind) = binding_kind(flags) else { continue };
                let slot = names.len() as u32;
                let flag = match kind {
                    BKind::Const => 1,
                    BKind::Let => 2,
                    _ => 0,
                };
                names.push((c.sym_name(sym).encode_utf16().collect(), flag));
                let decl_end = if matches!(kind, BKind::Let | BKind::Const) { c.scoping.symbol_span(sym).end } else { 0 };
                c.bindings.insert(sym, Binding { loc: Loc::Env { env: 0, slot }, kind, decl_end, fn_id });
                if matches!(kind, BKind::Var | BKind::Function) {
                    let t = c.temp();
                    c.emit(Insn::LoadUndef { dst: t });
                    let b = c.bindings[&sym];
                    c.store_binding(b, "", t, true, 0);
                    c.release(t.0);
                }
            }
            let _ = imports;
            // `export default <expression>` binding.
            names.push(("*default*".encode_utf16().collect(), 0));
            c.envs[0].names = names;
            info.env_size = c.envs[0].names.len() as u32;
            c.module = Some(info);
            hoist_functions(c, &program.body)?;
            c.emit(Insn::InitialYield {});
        }
        Goal::Script => {
            load_closure_env(c);
            let mut decls: Vec<(Box<[u16]>, u8)> = Vec::new();
            if let Some(root) = root {
                let syms = c.annex.scope_symbols(c.scoping, root);
                let fn_id = c.fn_id();
                for sym in syms {
                    let flags = c.sym_flags(sym);
                    if flags.contains(SymbolFlags::Ambient) && !flags.intersects(SymbolFlags::Enum | SymbolFlags::ValueModule) {
                        continue;
                    }
                    let Some(kind) = binding_kind(flags) else { continue };
                    c.bindings.insert(sym, Binding { loc: Loc::Global, kind, decl_end: 0, fn_id });
                    if c.annex.root_vars.iter().any(|(_, k)| *k == sym) {
                        continue; // created by DeclareAnnexVar below
                    }
                    let code = match kind {
                        BKind::Var => 0,
                        BKind::Function => 1,
                        BKind::Const => 3,
                        _ => 2,
                    };
                    decls.push((c.sym_name(sym).encode_utf16().collect(), code));
                }
            }
            let k = c.kpush(Constant::Globals(decls.into()));
            c.emit(Insn::DeclareGlobals { k });
            declare_annex_vars(c, false);
            hoist_functions(c, &program.body)?;
        }
        Goal::Eval(_) => {
            load_closure_env(c);
            if let Some(root) = root {
                let syms = c.annex.scope_symbols(c.scoping, root);
                let fn_id = c.fn_id();
                let mut lexical = Vec::new();
                let mut vars: Vec<(Box<[u16]>, u8)> = Vec::new();
                for sym in syms {
                    let Some(kind) = binding_kind(c.sym_flags(sym)) else { continue };
                    if matches!(kind, BKind::Var | BKind::Function) && !strict {
                        // Sloppy eval: vars go into the caller's variable scope.
                        c.bindings.insert(sym, Binding { loc: Loc::Dynamic, kind: BKind::Var, decl_end: 0, fn_id });
                        if !c.annex.root_vars.iter().any(|(_, k)| *k == sym) {
                            vars.push((c.sym_name(sym).encode_utf16().collect(), (kind == BKind::Function) as u8));
                        }
                    } else {
                        lexical.push(sym);
                    }
                }
                if !vars.is_empty() {
                    let k = c.kpush(Constant::Globals(vars.into()));
                    let env = c.current_env();
                    c.emit(Insn::DeclareEvalVars { env, k });
                }
                if !strict {
                    declare_annex_vars(c, true);
                }
                // Strict eval vars and all lexicals get a fresh scope record.
                let mut names = Vec::new();
                for &sym in &lexical {
                    let kind = binding_kind(c.sym_flags(sym)).unwrap_or(BKind::Var);
                    let flag = match kind {
                        BKind::Const => 1,
                        BKind::Let => 2,
                        _ => 0,
                    };
                    names.push((c.sym_name(sym).encode_utf16().collect::<Box<[u16]>>(), flag));
                }
                let e = c.push_env(names, strict);
                for (slot, &sym) in lexical.iter().enumerate() {
                    let kind = binding_kind(c.sym_flags(sym)).unwrap_or(BKind::Var);
                    let b = Binding { loc: Loc::Env { env: e, slot: slot as u32 }, kind, decl_end: 0, fn_id };
                    c.bindings.insert(sym, b);
                    if matches!(kind, BKind::Var | BKind::Function) {
                        let t = c.temp();
                        c.emit(Insn::LoadUndef { dst: t });
                        c.store_binding(b, "", t, true, 0);
                        c.release(t.0);
                    }
                }
            }
            hoist_functions(c, &program.body)?;
        }
    }
    // Arrows at the top level see the script's (or module's) `this`.
    if !matches!(c.opts.goal, Goal::Eval(_)) {
        if let Some(uses) = root.and_then(|r| c.an.arrow_uses.get(&r)) {
            if uses.contains(&Special::This) {
                let e = c.push_env(vec![("%this".encode_utf16().collect(), 0)], false);
                let loc = Loc::Env { env: e, slot: 0 };
                c.f().specials.insert(Special::This, loc);
                let b = Binding { loc, kind: BKind::Var, decl_end: 0, fn_id: c.fn_id() };
                c.store_binding(b, "", Reg(0), true, 0);
            }
        }
    }
    let comp = c.temp();
    c.emit(Insn::LoadUndef { dst: comp });
    c.f().completion = Some(comp);
    // Directives are expression statements too: `eval('"x"')` is "x" (but not the
    // 'use strict' the compiler injected for strict eval code).
    if let Some(d) = program.directives.last().filter(|d| d.span.start >= c.shift) {
        let u = expr::string_units(c, &d.expression);
        let k = c.kstr16(&u);
        c.emit(Insn::LoadConst { dst: comp, k });
    }
    super::using::scoped_stmts(c, &program.body)?;
    if is_module {
        stmt::module_exports_finish(c, program)?;
        // A module has no completion value: its evaluation promise must not
        // adopt the last expression statement's value (a thenable would make
        // the module wait on it, and a self-import on itself).
        c.emit(Insn::LoadUndef { dst: comp });
    }
    c.emit(Insn::Return { src: comp });
    finish_fn(c, idx);
    Ok(())
}
