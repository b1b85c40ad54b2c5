//! Annex B.3.2: function declarations in blocks (and `if (x) function f(){}`)
//! in sloppy code.
//!
//! Such a function is a lexical binding of its block, initialised when the
//! block is entered; in addition, unless that would clash with a lexical
//! declaration or a parameter, its enclosing function, script or eval code
//! gets a `var` binding of the same name (initialised to undefined) that
//! receives the block's value when the declaration itself is evaluated
//! (B.3.2.1 FunctionDeclarationInstantiation, B.3.2.2 GlobalDeclaration-
//! Instantiation, B.3.2.3 EvalDeclarationInstantiation).
//!
//! oxc_semantic models this by moving the function's symbol to the var scope,
//! which gives one binding for both and mis-resolves names when the var copy
//! is skipped. This pass redoes the bookkeeping for the names involved:
//! block bindings and var bindings get keys of their own (synthetic
//! `SymbolId`s at the top of the id space), symbols oxc moved are declared
//! where they belong, and every reference to such a name is resolved again.

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_semantic::Scoping;
use oxc_syntax::reference::ReferenceId;
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::{SymbolFlags, SymbolId};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

/// One Annex B function declaration.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub name: String,
    /// The block's (or the `if` branch's own) binding of the function.
    pub block_key: SymbolId,
    /// The var binding that receives the value when the declaration is
    /// evaluated; `None` when B.3.2 skips this function.
    pub var_key: Option<SymbolId>,
    /// Script or eval top level: whether the var binding could be created is
    /// only known at run time (`DeclareAnnexVar`).
    pub runtime: bool,
}

#[derive(Default)]
pub(crate) struct AnnexB {
    /// Candidates by the start offset of their `Function` node.
    pub cands: HashMap<u32, Cand>,
    /// Synthetic keys: name, home scope, flags.
    synth: HashMap<SymbolId, (String, ScopeId, SymbolFlags)>,
    /// oxc symbols that stand for nothing but block functions (replaced by keys).
    excluded: HashSet<SymbolId>,
    /// oxc symbols that oxc moved out of the scope that declares them.
    rehome: HashMap<SymbolId, ScopeId>,
    /// Declarations to add to a scope: synthetic keys and re-homed symbols.
    extra: HashMap<ScopeId, Vec<SymbolId>>,
    /// Resolution of every reference to a name that has a candidate
    /// (`None`: unresolved, i.e. global or dynamic).
    pub refs: HashMap<ReferenceId, Option<SymbolId>>,
    /// Var bindings at the top level of a script or eval whose creation is
    /// decided at run time, in declaration order.
    pub root_vars: Vec<(String, SymbolId)>,
    /// `var x = ...` inside `catch (x)`: the initialiser assigns to the catch
    /// parameter, which is what the name resolves to there (B.3.4); by the
    /// declared identifier's offset.
    pub var_targets: HashMap<u32, SymbolId>,
    next_key: u32,
}

/// What the visitor found about a function-like scope.
struct FnInfo {
    params: Vec<String>,
    simple: bool,
    arrow: bool,
}

struct Found {
    name: String,
    fn_start: u32,
    id_span: u32,
    sym: Option<SymbolId>,
    /// The block (or, for an `if` branch, the scope containing the `if`).
    scope: ScopeId,
    /// The function's own scope, for `if` branches (pseudo-blocks).
    pseudo_fn: Option<ScopeId>,
}

struct Collector<'s> {
    scoping: &'s Scoping,
    stack: Vec<Option<ScopeId>>,
    found: Vec<Found>,
    fns: HashMap<ScopeId, FnInfo>,
    /// The nearest non-arrow function and whether we are in its parameters.
    args_ctx: Vec<(ScopeId, bool)>,
    /// References named `arguments`, with `args_ctx` where they occur.
    arg_refs: Vec<(ReferenceId, Option<(ScopeId, bool)>)>,
    in_var: bool,
    /// Catch bodies whose simple parameter oxc merged with a `var`.
    moved_catch: HashMap<ScopeId, (String, SymbolId)>,
    catch_params: Vec<(ScopeId, u32)>,
    /// `var` identifiers inside such a catch body, naming its parameter.
    var_to_catch: Vec<(u32, ScopeId)>,
}

fn plain_decl(f: &Function) -> bool {
    !f.r#async && !f.generator && !f.declare && f.body.is_some() && f.id.is_some()
}

impl Collector<'_> {
    fn sloppy(&self, s: ScopeId) -> bool {
        !self.scoping.scope_flags(s).is_strict_mode()
    }
    fn found(&mut self, f: &Function, scope: ScopeId, pseudo: bool) {
        let Some(id) = &f.id else { return };
        self.found.push(Found {
            name: id.name.to_string(),
            fn_start: f.span.start,
            id_span: id.span.start,
            sym: id.symbol_id.get(),
            scope,
            pseudo_fn: if pseudo { f.scope_id.get() } else { None },
        });
    }
    fn collect(&mut self, stmts: &[Statement], scope: ScopeId) {
        if !self.sloppy(scope) {
            return;
        }
        for s in stmts {
            if let Statement::FunctionDeclaration(f) = s {
                if plain_decl(f) {
                    self.found(f, scope, false);
                }
            }
        }
    }
    fn fn_info(&mut self, scope: Option<ScopeId>, params: &FormalParameters, arrow: bool) {
        let Some(s) = scope else { return };
        let mut syms = Vec::new();
        for item in &params.items {
            super::pattern::pattern_symbols(&item.pattern, &mut syms);
        }
        if let Some(r) = &params.rest {
            super::pattern::pattern_symbols(&r.rest.argument, &mut syms);
        }
        let simple = params.rest.is_none()
            && params.items.iter().all(|i| i.initializer.is_none() && matches!(i.pattern, BindingPattern::BindingIdentifier(_)));
        let params = syms.iter().map(|&p| self.scoping.symbol_name(p).to_string()).collect();
        self.fns.insert(s, FnInfo { params, simple, arrow });
    }
}

impl<'a> Visit<'a> for Collector<'_> {
    fn enter_scope(&mut self, _flags: ScopeFlags, scope_id: &Cell<Option<ScopeId>>) {
        self.stack.push(scope_id.get());
    }
    fn leave_scope(&mut self) {
        self.stack.pop();
    }
    fn visit_block_statement(&mut self, it: &BlockStatement<'a>) {
        if let Some(s) = it.scope_id.get() {
            self.collect(&it.body, s);
        }
        walk::walk_block_statement(self, it);
    }
    fn visit_switch_statement(&mut self, it: &SwitchStatement<'a>) {
        if let Some(s) = it.scope_id.get() {
            for case in &it.cases {
                self.collect(&case.consequent, s);
            }
        }
        walk::walk_switch_statement(self, it);
    }
    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        if let Some(Some(s)) = self.stack.last().copied() {
            if self.sloppy(s) {
                for branch in [Some(&it.consequent), it.alternate.as_ref()].into_iter().flatten() {
                    if let Statement::FunctionDeclaration(f) = branch {
                        if plain_decl(f) {
                            self.found(f, s, true);
                        }
                    }
                }
            }
        }
        walk::walk_if_statement(self, it);
    }
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.fn_info(it.scope_id.get(), &it.params, false);
        let Some(s) = it.scope_id.get() else { return walk::walk_function(self, it, flags) };
        self.args_ctx.push((s, false));
        walk::walk_function(self, it, flags);
        self.args_ctx.pop();
    }
    fn visit_formal_parameters(&mut self, it: &FormalParameters<'a>) {
        let own = self.stack.last().copied().flatten().filter(|&s| !self.scoping.scope_flags(s).contains(ScopeFlags::Arrow));
        match own {
            Some(s) => {
                self.args_ctx.push((s, true));
                walk::walk_formal_parameters(self, it);
                self.args_ctx.pop();
            }
            None => walk::walk_formal_parameters(self, it),
        }
    }
    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
        if it.kind == VariableDeclarationKind::Var {
            self.in_var = true;
            for d in &it.declarations {
                self.visit_binding_pattern(&d.id);
            }
            self.in_var = false;
        }
        walk::walk_variable_declaration(self, it);
    }
    fn visit_binding_identifier(&mut self, id: &BindingIdentifier<'a>) {
        if !self.in_var {
            return;
        }
        for s in self.stack.iter().rev().copied().flatten() {
            if self.scoping.scope_flags(s).is_var() || self.scoping.get_binding(s, id.name).is_some() {
                break;
            }
            if self.moved_catch.get(&s).is_some_and(|(n, _)| n == id.name.as_str()) {
                self.var_to_catch.push((id.span.start, s));
                break;
            }
        }
    }
    fn visit_catch_clause(&mut self, it: &CatchClause<'a>) {
        // `catch (e) { var e }`: oxc merges the parameter into the var and
        // moves it to the var scope.
        if let (Some(p), Some(body)) = (&it.param, it.body.scope_id.get()) {
            if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                if let Some(sym) = id.symbol_id.get() {
                    if self.scoping.symbol_scope_id(sym) != body {
                        self.moved_catch.insert(body, (id.name.to_string(), sym));
                        self.catch_params.push((body, id.span.start));
                    }
                }
            }
        }
        walk::walk_catch_clause(self, it);
    }
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if it.name == "arguments" {
            if let Some(r) = it.reference_id.get() {
                self.arg_refs.push((r, self.args_ctx.last().copied()));
            }
        }
    }
    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.fn_info(it.scope_id.get(), &it.params, true);
        walk::walk_arrow_function_expression(self, it);
    }
}

const LEXICAL: SymbolFlags = SymbolFlags::BlockScopedVariable.union(SymbolFlags::ConstVariable).union(SymbolFlags::Class);

impl AnnexB {
    pub fn new(scoping: &Scoping, program: &Program) -> AnnexB {
        let mut col = Collector { scoping, stack: Vec::new(), found: Vec::new(), fns: HashMap::new(), args_ctx: Vec::new(), arg_refs: Vec::new(), in_var: false, moved_catch: HashMap::new(), catch_params: Vec::new(), var_to_catch: Vec::new() };
        col.visit_program(program);
        let mut a = AnnexB::default();
        a.catch_params(scoping, &col);
        let found = std::mem::take(&mut col.found);
        let fns = col.fns;
        if !found.is_empty() {
            a.block_functions(scoping, found, &fns);
        }
        a.arguments_refs(scoping, &col.arg_refs, &fns);
        a
    }

    /// B.3.4: `var e` in `catch (e)` declares a var, but the parameter stays a
    /// binding of the catch block that the `var`'s initialiser assigns to.
    /// oxc merged the two; the parameter gets a key of its own.
    fn catch_params(&mut self, scoping: &Scoping, col: &Collector) {
        for &(body, at) in &col.catch_params {
            let Some((name, sym)) = col.moved_catch.get(&body) else { continue };
            let k = self.new_key(name, body, SymbolFlags::FunctionScopedVariable | SymbolFlags::CatchVariable);
            self.extra.entry(body).or_default().push(k);
            self.var_targets.insert(at, k);
            for &(vat, b) in &col.var_to_catch {
                if b == body {
                    self.var_targets.insert(vat, k);
                }
            }
            for &r in scoping.get_resolved_reference_ids(*sym) {
                let rs = scoping.get_reference(r).scope_id();
                if rs == body || scoping.scope_ancestors(rs).any(|x| x == body) {
                    self.refs.insert(r, Some(k));
                }
            }
        }
    }

    /// `arguments` in a (non-arrow) function is its arguments object unless
    /// the function itself declares the name; in the parameter list, only a
    /// parameter can (the body's declarations are not visible there).
    fn arguments_refs(&mut self, scoping: &Scoping, refs: &[(ReferenceId, Option<(ScopeId, bool)>)], fns: &HashMap<ScopeId, FnInfo>) {
        for &(r, ctx) in refs {
            let Some((f, in_params)) = ctx else { continue };
            let target = match self.refs.get(&r) {
                Some(t) => *t,
                None => scoping.get_reference(r).symbol_id(),
            };
            let Some(sym) = target else { continue };
            let home = self.home(scoping, sym);
            let inside = home == f || scoping.scope_ancestors(home).any(|s| s == f);
            let param = fns.get(&f).is_some_and(|i| i.params.iter().any(|p| p == "arguments"));
            if !inside || (home == f && in_params && !param) {
                self.refs.insert(r, None);
            }
        }
    }

    fn block_functions(&mut self, scoping: &Scoping, found: Vec<Found>, fns: &HashMap<ScopeId, FnInfo>) {
        let a = self;
        let cand_ids: HashSet<u32> = found.iter().map(|f| f.id_span).collect();

        // 1. Symbols oxc created or moved for these declarations.
        for f in &found {
            let Some(s) = f.sym else { continue };
            let redecls = scoping.symbol_redeclarations(s);
            let sole = if redecls.is_empty() {
                cand_ids.contains(&scoping.symbol_span(s).start)
            } else {
                redecls.iter().all(|r| cand_ids.contains(&r.span.start))
            };
            if sole {
                a.excluded.insert(s);
            } else if scoping.symbol_scope_id(s) != f.scope && redecls.iter().any(|r| r.flags.intersects(LEXICAL)) {
                // `{ let f; if (x) function f() {} }`: the `let` was moved along.
                if a.rehome.insert(s, f.scope).is_none() {
                    a.extra.entry(f.scope).or_default().push(s);
                }
            }
        }

        // 2. Block bindings: one per (block, name); each `if` branch has its own.
        let mut block_keys: HashMap<(ScopeId, String), SymbolId> = HashMap::new();
        let mut pseudo: HashMap<ScopeId, (String, SymbolId)> = HashMap::new();
        let mut keys = Vec::with_capacity(found.len());
        for f in &found {
            let key = match f.pseudo_fn {
                None => *block_keys.entry((f.scope, f.name.clone())).or_insert_with(|| {
                    let k = a.new_key(&f.name, f.scope, SymbolFlags::Function);
                    a.extra.entry(f.scope).or_default().push(k);
                    k
                }),
                Some(fs) => {
                    let k = a.new_key(&f.name, f.scope, SymbolFlags::Function);
                    pseudo.insert(fs, (f.name.clone(), k));
                    k
                }
            };
            keys.push(key);
        }

        // 3. Which declarations get the var copy ("would not produce any
        // Early Errors", parameter names, `arguments`).
        let mut var_keys: HashMap<(ScopeId, String), SymbolId> = HashMap::new();
        for (f, &block_key) in found.iter().zip(&keys) {
            let lexical_in = |a: &AnnexB, y: ScopeId| {
                block_keys.contains_key(&(y, f.name.clone()))
                    || a.decl(scoping, y, &f.name).is_some_and(|s| {
                        let fl = a.flags(scoping, s);
                        fl.intersects(LEXICAL) || fl.contains(SymbolFlags::Function)
                    })
            };
            let mut y = if f.pseudo_fn.is_some() { Some(f.scope) } else { scoping.scope_parent_id(f.scope) };
            let mut skip = false;
            let mut var_scope = None;
            while let Some(s) = y {
                if scoping.scope_flags(s).is_var() {
                    var_scope = Some(s);
                    break;
                }
                if lexical_in(&a, s) {
                    skip = true;
                    break;
                }
                y = scoping.scope_parent_id(s);
            }
            let Some(x) = var_scope.filter(|_| !skip) else {
                a.cands.insert(f.fn_start, Cand { name: f.name.clone(), block_key, var_key: None, runtime: false });
                continue;
            };
            let existing = a.decl(scoping, x, &f.name);
            if existing.is_some_and(|s| a.flags(scoping, s).intersects(LEXICAL)) {
                skip = true;
            }
            let top = scoping.scope_flags(x).contains(ScopeFlags::Top);
            if !top {
                match fns.get(&x) {
                    Some(info) => {
                        if info.params.iter().any(|p| *p == f.name) {
                            skip = true;
                        }
                        // "arguments" is in parameterNames when the arguments
                        // object is needed (FunctionDeclarationInstantiation
                        // steps 15-18, 22.f); arrows have none to copy into.
                        if f.name == "arguments" {
                            let shadowed = info.simple
                                && existing.is_some_and(|s| a.flags(scoping, s).intersects(LEXICAL | SymbolFlags::Function));
                            if info.arrow || !shadowed {
                                skip = true;
                            }
                        }
                    }
                    // Class static blocks and the like (strict anyway).
                    None => skip = true,
                }
            }
            let var_key = if skip {
                None
            } else {
                match existing.filter(|&s| !a.flags(scoping, s).contains(SymbolFlags::FunctionExpression)) {
                    Some(s) => Some(s),
                    None => Some(*var_keys.entry((x, f.name.clone())).or_insert_with(|| {
                        let k = a.new_key(&f.name, x, SymbolFlags::FunctionScopedVariable);
                        if top {
                            a.root_vars.push((f.name.clone(), k));
                        }
                        a.extra.entry(x).or_default().push(k);
                        k
                    })),
                }
            };
            let runtime = top && var_key.is_some_and(|k| a.synth.contains_key(&k));
            a.cands.insert(f.fn_start, Cand { name: f.name.clone(), block_key, var_key, runtime });
        }

        // 4. Resolve every reference to these names again.
        let names: HashSet<&str> = found.iter().map(|f| f.name.as_str()).collect();
        let mut refs: Vec<(ReferenceId, &str)> = Vec::new();
        for &n in &names {
            if let Some(list) = scoping.root_unresolved_references().get(n) {
                refs.extend(list.iter().map(|&r| (r, n)));
            }
        }
        for s in scoping.symbol_ids() {
            let n = scoping.symbol_name(s);
            if let Some(&n) = names.get(n) {
                refs.extend(scoping.get_resolved_reference_ids(s).iter().map(|&r| (r, n)));
            }
        }
        for (r, n) in refs {
            let mut y = Some(scoping.get_reference(r).scope_id());
            let mut res = None;
            while let Some(s) = y {
                if let Some(&k) = block_keys.get(&(s, n.to_string())) {
                    res = Some(k);
                    break;
                }
                let d = a.decl(scoping, s, n);
                if let Some(d) = d.filter(|&d| !a.flags(scoping, d).contains(SymbolFlags::FunctionExpression)) {
                    res = Some(d);
                    break;
                }
                // An Annex B var shadows a function expression's own name.
                if let Some(&k) = var_keys.get(&(s, n.to_string())) {
                    res = Some(k);
                    break;
                }
                if d.is_some() {
                    res = d;
                    break;
                }
                if let Some((pn, k)) = pseudo.get(&s) {
                    if pn == n {
                        res = Some(*k);
                        break;
                    }
                }
                y = scoping.scope_parent_id(s);
            }
            a.refs.insert(r, res);
        }
    }

    fn new_key(&mut self, name: &str, home: ScopeId, flags: SymbolFlags) -> SymbolId {
        let k = SymbolId::new((u32::MAX - 2 - self.next_key) as usize);
        self.next_key += 1;
        self.synth.insert(k, (name.to_string(), home, flags));
        k
    }

    /// The symbol that `scope` itself declares as `name`, after the fix-ups.
    fn decl(&self, scoping: &Scoping, scope: ScopeId, name: &str) -> Option<SymbolId> {
        if let Some(s) = scoping.get_binding(scope, name.into()) {
            if !self.excluded.contains(&s) && self.rehome.get(&s).is_none_or(|&h| h == scope) {
                return Some(s);
            }
        }
        self.extra.get(&scope)?.iter().copied().find(|&s| !self.synth.contains_key(&s) && scoping.symbol_name(s) == name)
    }

    fn is_active(&self) -> bool {
        !self.extra.is_empty() || !self.excluded.is_empty()
    }

    /// The bindings `scope` declares, in a stable order (oxc's, then ours).
    pub fn scope_symbols(&self, scoping: &Scoping, scope: ScopeId) -> Vec<SymbolId> {
        let mut list: Vec<SymbolId> = scoping.get_bindings(scope).values().copied().collect();
        list.sort();
        if !self.is_active() {
            return list;
        }
        list.retain(|s| !self.excluded.contains(s) && self.rehome.get(s).is_none_or(|&h| h == scope));
        if let Some(extra) = self.extra.get(&scope) {
            for &s in extra {
                if !list.contains(&s) {
                    list.push(s);
                }
            }
        }
        list
    }

    pub fn name<'s>(&'s self, scoping: &'s Scoping, s: SymbolId) -> &'s str {
        match self.synth.get(&s) {
            Some((n, _, _)) => n,
            None => scoping.symbol_name(s),
        }
    }

    pub fn flags(&self, scoping: &Scoping, s: SymbolId) -> SymbolFlags {
        match self.synth.get(&s) {
            Some((_, _, f)) => *f,
            None => scoping.symbol_flags(s),
        }
    }

    /// The scope whose code declares `s`.
    pub fn home(&self, scoping: &Scoping, s: SymbolId) -> ScopeId {
        if let Some((_, h, _)) = self.synth.get(&s) {
            return *h;
        }
        self.rehome.get(&s).copied().unwrap_or_else(|| scoping.symbol_scope_id(s))
    }
}
