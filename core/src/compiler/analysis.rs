//! Pre-pass over the AST: which bindings escape their function, which
//! functions' `this`/`arguments`/`new.target`/home object are used by nested
//! arrows, and whether the program needs dynamic scoping (`with`, direct eval).

use super::annexb::AnnexB;
use super::Special;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_semantic::Scoping;
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::SymbolId;
use std::collections::{HashMap, HashSet};

pub(crate) struct Analysis {
    /// Bindings referenced from a function other than their own.
    pub captured: HashSet<SymbolId>,
    /// Per non-arrow function scope (or class scope for field initialisers):
    /// the pseudo-bindings that nested arrows use.
    pub arrow_uses: HashMap<ScopeId, HashSet<Special>>,
    /// Function scopes whose body (or nested arrows) uses `arguments`.
    pub uses_arguments: HashSet<ScopeId>,
    /// The program contains `with` or a direct `eval`.
    pub dynamic: bool,
    /// Function scopes (boundaries) that contain a `with` or direct `eval`
    /// in their own code, or enclose one that does: compiled in dynamic mode,
    /// so that the eval'd code (or the `with` object) can see their bindings.
    pub dyn_anc: HashSet<ScopeId>,
    /// Function scopes containing a `with` or direct `eval` in their own code:
    /// everything nested in them is compiled in dynamic mode too.
    pub dyn_root: HashSet<ScopeId>,
    /// The program's own top-level code contains `with` or a direct `eval`.
    pub dyn_program: bool,
}

/// A frame of the visitor: a function boundary as the compiler sees it.
#[derive(Clone, Copy)]
struct Frame {
    scope: Option<ScopeId>,
    arrow: bool,
}

struct Visitor<'s> {
    scoping: &'s Scoping,
    annex: &'s AnnexB,
    stack: Vec<Frame>,
    /// Scopes that the compiler compiles as separate functions.
    boundaries: HashSet<ScopeId>,
    arrow_uses: HashMap<ScopeId, HashSet<Special>>,
    uses_arguments: HashSet<ScopeId>,
    dynamic: bool,
    has_eval: HashSet<ScopeId>,
    dyn_root: HashSet<ScopeId>,
    /// Start offsets of the classes being visited.
    classes: Vec<u32>,
}

impl Visitor<'_> {
    /// A `with` or direct `eval` here: the innermost function frame is a
    /// dynamic root; it and all enclosing frames are dynamic.
    fn mark_dynamic(&mut self) {
        for f in self.stack.iter().rev() {
            if let Some(s) = f.scope {
                self.has_eval.insert(s);
            }
        }
        if let Some(s) = self.stack.last().and_then(|f| f.scope) {
            self.dyn_root.insert(s);
        }
    }

    /// The nearest non-arrow function frame, and whether an arrow lies between.
    fn note(&mut self, what: Special) {
        let mut through_arrow = false;
        for f in self.stack.iter().rev() {
            if f.arrow {
                through_arrow = true;
                continue;
            }
            if let Some(s) = f.scope {
                if what == Special::Arguments {
                    self.uses_arguments.insert(s);
                }
                if through_arrow {
                    self.arrow_uses.entry(s).or_default().insert(what);
                }
            }
            return;
        }
    }
}

impl<'a> Visit<'a> for Visitor<'_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let scope = it.scope_id.get();
        if let Some(s) = scope {
            self.boundaries.insert(s);
        }
        self.stack.push(Frame { scope, arrow: false });
        walk::walk_function(self, it, flags);
        self.stack.pop();
    }
    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let scope = it.scope_id.get();
        if let Some(s) = scope {
            self.boundaries.insert(s);
        }
        self.stack.push(Frame { scope, arrow: true });
        walk::walk_arrow_function_expression(self, it);
        self.stack.pop();
    }
    fn visit_class(&mut self, it: &Class<'a>) {
        // Field initialisers run as a separate function whose `this` is the
        // instance; treat the class scope as a boundary so that captures work.
        if let Some(s) = it.scope_id.get() {
            self.boundaries.insert(s);
        }
        self.classes.push(it.span.start);
        walk::walk_class(self, it);
        self.classes.pop();
    }
    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        if it.computed {
            self.visit_property_key(&it.key);
        }
        if let Some(v) = &it.value {
            // All instance (or all static) initialisers of a class are compiled
            // as one function, keyed like the compiler keys it.
            let key = field_scope_key(self.classes.last().copied().unwrap_or(0) + it.r#static as u32);
            self.stack.push(Frame { scope: Some(key), arrow: false });
            self.visit_expression(v);
            self.stack.pop();
        }
    }
    fn visit_accessor_property(&mut self, it: &AccessorProperty<'a>) {
        if it.computed {
            self.visit_property_key(&it.key);
        }
        if let Some(v) = &it.value {
            let key = field_scope_key(self.classes.last().copied().unwrap_or(0) + it.r#static as u32);
            self.stack.push(Frame { scope: Some(key), arrow: false });
            self.visit_expression(v);
            self.stack.pop();
        }
    }
    fn visit_static_block(&mut self, it: &StaticBlock<'a>) {
        if let Some(s) = it.scope_id.get() {
            self.boundaries.insert(s);
        }
        // Static blocks are compiled into the class's static initialiser.
        let key = field_scope_key(self.classes.last().copied().unwrap_or(0) + 1);
        self.stack.push(Frame { scope: Some(key), arrow: false });
        walk::walk_static_block(self, it);
        self.stack.pop();
    }
    fn visit_this_expression(&mut self, _it: &ThisExpression) {
        self.note(Special::This);
    }
    fn visit_super(&mut self, _it: &Super) {
        self.note(Special::Home);
        self.note(Special::This);
        self.note(Special::NewTarget);
    }
    fn visit_new_target(&mut self, _it: &NewTarget) {
        self.note(Special::NewTarget);
    }
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if it.name == "arguments" {
            let resolved = it
                .reference_id
                .get()
                .and_then(|r| match self.annex.refs.get(&r) {
                    Some(o) => *o,
                    None => self.scoping.get_reference(r).symbol_id(),
                })
                .is_some();
            if !resolved {
                self.note(Special::Arguments);
            }
        }
    }
    fn visit_with_statement(&mut self, it: &WithStatement<'a>) {
        self.dynamic = true;
        self.mark_dynamic();
        walk::walk_with_statement(self, it);
    }
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Expression::Identifier(id) = &it.callee {
            if id.name == "eval" && !it.optional {
                self.dynamic = true;
                self.mark_dynamic();
                // A direct eval can see everything: arguments, this, ...
                for what in [Special::This, Special::Arguments, Special::NewTarget, Special::Home] {
                    self.note(what);
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

/// Field initialisers have no oxc scope of their own; the compiler keys their
/// pseudo-bindings by a synthetic id derived from the field's position.
pub(crate) fn field_scope_key(pos: u32) -> ScopeId {
    ScopeId::new((u32::MAX - 1 - pos) as usize)
}

impl Analysis {
    pub fn new(scoping: &Scoping, program: &Program, annex: &AnnexB) -> Analysis {
        let mut v = Visitor {
            scoping,
            annex,
            stack: vec![Frame { scope: program.scope_id.get(), arrow: false }],
            boundaries: HashSet::new(),
            arrow_uses: HashMap::new(),
            uses_arguments: HashSet::new(),
            dynamic: false,
            has_eval: HashSet::new(),
            dyn_root: HashSet::new(),
            classes: Vec::new(),
        };
        if let Some(s) = program.scope_id.get() {
            v.boundaries.insert(s);
        }
        v.visit_program(program);

        let boundary_of = |mut s: ScopeId| -> ScopeId {
            loop {
                if v.boundaries.contains(&s) || scoping.scope_flags(s).intersects(ScopeFlags::Top) {
                    return s;
                }
                match scoping.scope_parent_id(s) {
                    Some(p) => s = p,
                    None => return s,
                }
            }
        };
        let mut captured = HashSet::new();
        for sym in scoping.symbol_ids() {
            let home = boundary_of(annex.home(scoping, sym));
            for &r in scoping.get_resolved_reference_ids(sym) {
                if annex.refs.contains_key(&r) {
                    continue;
                }
                let rs = scoping.get_reference(r).scope_id();
                if boundary_of(rs) != home {
                    captured.insert(sym);
                    break;
                }
            }
        }
        // References that Annex B resolves differently (see `annexb.rs`).
        for (&r, target) in &annex.refs {
            if let Some(sym) = *target {
                let rs = scoping.get_reference(r).scope_id();
                if boundary_of(rs) != boundary_of(annex.home(scoping, sym)) {
                    captured.insert(sym);
                }
            }
        }
        Analysis {
            captured,
            arrow_uses: v.arrow_uses,
            uses_arguments: v.uses_arguments,
            dynamic: v.dynamic,
            dyn_program: program.scope_id.get().is_some_and(|s| v.dyn_root.contains(&s)),
            dyn_anc: v.has_eval,
            dyn_root: v.dyn_root,
        }
    }
}
