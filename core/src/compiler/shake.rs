//! Tree shaking inside one module (used by `gannet compile --tree-shake`).
//!
//! Given the export names that nobody in the program imports (`ShakeSpec`),
//! this decides before code generation which top-level declarations need not
//! be emitted: a declaration goes away when it is side-effect free (a function
//! or class declaration, or a `const`/`let`/`var` whose initializer is a
//! literal, function, arrow, pure class or a read of an initialized binding),
//! none of its export names is still exported, and nothing that is emitted
//! refers to it (references inside other removed declarations do not count;
//! computed to a fixed point). Import specifiers whose binding is no longer
//! read, and requests of modules dropped from the program, are removed too.
//! The compiler also reports whether the module's top level is side-effect
//! free and whether it contains an `import()` with a non-literal specifier.

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_semantic::Scoping;
use oxc_span::Span;
use oxc_syntax::symbol::{SymbolFlags, SymbolId};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A module request: specifier and `type` import attribute.
pub type Request = (String, Option<String>);

/// What to drop from one module (computed by `snapshot::shake`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShakeSpec {
    /// Export names to remove from the export table.
    pub drop_exports: HashSet<String>,
    /// Import specifiers to remove when their binding is not read:
    /// (request, imported name; `None` = namespace import).
    pub drop_imports: HashSet<(Request, Option<String>)>,
    /// Requests of modules that are dropped from the program (their import,
    /// `export ... from` and `export *` declarations are removed).
    pub drop_requests: HashSet<Request>,
}

/// What the compiler found and did (for the shaker's log and decisions).
#[derive(Clone, Debug, Default)]
pub struct ShakeReport {
    /// The top level holds only imports, exports, type declarations and
    /// side-effect-free declarations.
    pub pure_top_level: bool,
    /// Why not (the first offending statement), when not pure.
    pub impure_reason: String,
    /// An `import()` whose specifier is not a string literal.
    pub non_literal_import: bool,
    /// Dropped exports whose declaration was removed too: (export name, what was removed).
    pub removed_exports: Vec<(String, String)>,
    /// Dropped exports whose declaration is still emitted: (export name, why).
    pub kept_declarations: Vec<(String, String)>,
    /// Non-exported top-level declarations removed (no remaining reference).
    pub removed_locals: Vec<String>,
    /// Per entry of the module's import table: its binding is read by code
    /// that is emitted (a conservative superset of the entries loaded).
    pub import_live: Vec<bool>,
    /// Inconsistencies with the spec (an import to drop is still read): the
    /// shaker must not use this compilation.
    pub conflicts: Vec<String>,
}

/// The compiler's instructions for one module.
pub(crate) struct Plan {
    /// Span starts of declarations (function, class, declarator, default
    /// export) not to emit.
    pub dead: HashSet<u32>,
    /// Import bindings whose import entry is not created.
    pub skip_imports: HashSet<SymbolId>,
    /// Import bindings read by code that is emitted.
    pub live_imports: HashSet<SymbolId>,
    pub spec: Arc<ShakeSpec>,
}

impl Plan {
    pub fn drops_export(&self, name: &str) -> bool {
        self.spec.drop_exports.contains(name)
    }
    pub fn drops_request(&self, r: &Request) -> bool {
        self.spec.drop_requests.contains(r)
    }
}

/// The request of an import/export declaration.
pub(crate) fn request_of(source: &str, with: Option<&WithClause>) -> Request {
    let ty = with.and_then(|w| {
        w.with_entries.iter().find_map(|e| {
            let key = match &e.key {
                ImportAttributeKey::Identifier(i) => i.name.as_str(),
                ImportAttributeKey::StringLiteral(s) => s.value.as_str(),
            };
            (key == "type").then(|| e.value.value.to_string())
        })
    });
    (source.to_string(), ty)
}

fn export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::IdentifierName(i) => i.name.to_string(),
        ModuleExportName::IdentifierReference(i) => i.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

/// Global constructors a pure class may extend (an unresolved reference).
const GLOBAL_CTORS: [&str; 16] = [
    "Object",
    "Array",
    "Error",
    "TypeError",
    "RangeError",
    "SyntaxError",
    "ReferenceError",
    "EvalError",
    "URIError",
    "AggregateError",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "Promise",
    "Date",
];

/// A top-level declaration that may be removed.
struct Item {
    span: Span,
    /// Span start of the node the code generator checks.
    key: u32,
    syms: Vec<SymbolId>,
    /// Export names given by the declaration itself (`export function f`).
    exports: Vec<String>,
    /// Why it cannot be removed, if so.
    impure: Option<&'static str>,
    label: String,
    /// What it is, for the log ("function `f`").
    what: String,
}

struct Purity<'s> {
    scoping: &'s Scoping,
    /// Top-level lexical bindings (class, let, const): where their declaration ends.
    init_end: HashMap<SymbolId, u32>,
}

impl Purity<'_> {
    fn top_level(&self, s: SymbolId) -> bool {
        self.scoping.symbol_scope_id(s) == self.scoping.root_scope_id()
    }

    /// Reading `id` at offset `at` (evaluated when the declaration runs) cannot throw.
    fn ident(&self, id: &IdentifierReference, at: u32) -> bool {
        let Some(rid) = id.reference_id.get() else {
            return false;
        };
        match self.scoping.get_reference(rid).symbol_id() {
            None => {
                matches!(id.name.as_str(), "undefined" | "NaN" | "Infinity")
                    || GLOBAL_CTORS.contains(&id.name.as_str())
            }
            Some(s) => {
                if !self.top_level(s) {
                    return false;
                }
                let flags = self.scoping.symbol_flags(s);
                if flags.contains(SymbolFlags::Import)
                    || flags.intersects(SymbolFlags::Enum | SymbolFlags::ValueModule)
                {
                    return false;
                }
                if flags.intersects(SymbolFlags::Function | SymbolFlags::FunctionScopedVariable) {
                    return true;
                }
                self.init_end.get(&s).is_some_and(|&e| e <= at)
            }
        }
    }

    /// A superclass that is surely a constructor when the class is defined.
    fn heritage(&self, e: &Expression, at: u32) -> bool {
        match e.get_inner_expression() {
            Expression::NullLiteral(_) => true,
            Expression::Identifier(id) => {
                let Some(rid) = id.reference_id.get() else {
                    return false;
                };
                match self.scoping.get_reference(rid).symbol_id() {
                    None => GLOBAL_CTORS.contains(&id.name.as_str()),
                    Some(s) => {
                        self.top_level(s)
                            && self.scoping.symbol_flags(s).contains(SymbolFlags::Class)
                            && self.init_end.get(&s).is_some_and(|&end| end <= at)
                            && !self
                                .scoping
                                .get_resolved_references(s)
                                .any(|r| r.is_write())
                    }
                }
            }
            _ => false,
        }
    }

    fn key(&self, k: &PropertyKey, computed: bool) -> bool {
        if !computed {
            return true;
        }
        match k.as_expression() {
            Some(e) => matches!(
                e.get_inner_expression(),
                Expression::StringLiteral(_) | Expression::NumericLiteral(_)
            ),
            None => true,
        }
    }

    fn class(&self, cl: &Class, at: u32) -> Result<(), &'static str> {
        if !cl.decorators.is_empty() {
            return Err("the class has decorators");
        }
        if let Some(h) = &cl.heritage {
            if !self.heritage(&h.expression, at) {
                return Err("its `extends` clause may throw or have side effects");
            }
        }
        for el in &cl.body.body {
            match el {
                ClassElement::StaticBlock(_) => return Err("the class has a static block"),
                ClassElement::MethodDefinition(m) => {
                    if !m.decorators.is_empty() || !self.key(&m.key, m.computed) {
                        return Err("a class member has a computed key or decorators");
                    }
                }
                ClassElement::PropertyDefinition(p) => {
                    if !p.decorators.is_empty() || !self.key(&p.key, p.computed) {
                        return Err("a class member has a computed key or decorators");
                    }
                    if p.r#static {
                        if let Some(v) = &p.value {
                            if !self.expr(v, at) {
                                return Err("a static field initializer may have side effects");
                            }
                        }
                    }
                }
                ClassElement::AccessorProperty(p) => {
                    if !p.decorators.is_empty() || !self.key(&p.key, p.computed) {
                        return Err("a class member has a computed key or decorators");
                    }
                    if p.r#static {
                        if let Some(v) = &p.value {
                            if !self.expr(v, at) {
                                return Err("a static field initializer may have side effects");
                            }
                        }
                    }
                }
                ClassElement::TSIndexSignature(_) => {}
            }
        }
        Ok(())
    }

    /// Evaluating `e` cannot have side effects or throw.
    fn expr(&self, e: &Expression, at: u32) -> bool {
        match e.get_inner_expression() {
            Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::NumericLiteral(_)
            | Expression::BigIntLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::RegExpLiteral(_)
            | Expression::FunctionExpression(_)
            | Expression::ArrowFunctionExpression(_) => true,
            Expression::TemplateLiteral(t) => t.expressions.is_empty(),
            Expression::Identifier(id) => self.ident(id, at),
            Expression::ClassExpression(cl) => self.class(cl, at).is_ok(),
            Expression::UnaryExpression(u) => {
                matches!(
                    u.operator,
                    UnaryOperator::UnaryNegation
                        | UnaryOperator::LogicalNot
                        | UnaryOperator::Void
                        | UnaryOperator::BitwiseNot
                ) && matches!(
                    u.argument.get_inner_expression(),
                    Expression::NumericLiteral(_)
                        | Expression::BooleanLiteral(_)
                        | Expression::BigIntLiteral(_)
                        | Expression::NullLiteral(_)
                )
            }
            Expression::ArrayExpression(a) => a.elements.iter().all(|el| match el {
                ArrayExpressionElement::SpreadElement(_) => false,
                ArrayExpressionElement::Elision(_) => true,
                other => other.as_expression().is_some_and(|x| self.expr(x, at)),
            }),
            Expression::ObjectExpression(o) => o.properties.iter().all(|p| match p {
                ObjectPropertyKind::SpreadProperty(_) => false,
                ObjectPropertyKind::ObjectProperty(p) => {
                    self.key(&p.key, p.computed) && self.expr(&p.value, at)
                }
            }),
            _ => false,
        }
    }
}

/// References to top-level symbols (value uses only) and non-literal `import()`.
struct Refs<'s> {
    scoping: &'s Scoping,
    refs: Vec<(SymbolId, u32)>,
    non_literal_import: bool,
}

impl<'a> Visit<'a> for Refs<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if let Some(rid) = it.reference_id.get() {
            let r = self.scoping.get_reference(rid);
            if let Some(s) = r.symbol_id() {
                if !r.flags().is_type_only() {
                    self.refs.push((s, it.span.start));
                }
            }
        }
    }
    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        if !matches!(it.source, Expression::StringLiteral(_)) {
            self.non_literal_import = true;
        }
        walk::walk_import_expression(self, it);
    }
}

fn binding_name<'b, 'a>(p: &'b BindingPattern<'a>) -> Option<&'b BindingIdentifier<'a>> {
    match p {
        BindingPattern::BindingIdentifier(id) => Some(id),
        _ => None,
    }
}

/// Items of one variable declaration (`exported`: under `export`).
fn var_items(
    p: &Purity,
    v: &VariableDeclaration,
    exported: bool,
    items: &mut Vec<Item>,
    pure: &mut Option<String>,
) {
    if v.declare {
        return;
    }
    let using = matches!(
        v.kind,
        VariableDeclarationKind::Using | VariableDeclarationKind::AwaitUsing
    );
    for d in &v.declarations {
        let Some(id) = binding_name(&d.id) else {
            pure.get_or_insert_with(|| "a destructuring declaration".into());
            continue;
        };
        let Some(sym) = id.symbol_id.get() else {
            continue;
        };
        let impure = if using {
            Some("a `using` declaration")
        } else {
            match &d.init {
                Some(init) if !p.expr(init, d.span.start) => {
                    Some("initializer may have side effects")
                }
                _ => None,
            }
        };
        if let Some(why) = impure {
            pure.get_or_insert_with(|| format!("`{}`: {why}", id.name));
        }
        items.push(Item {
            span: d.span,
            key: d.span.start,
            syms: vec![sym],
            exports: if exported {
                vec![id.name.to_string()]
            } else {
                Vec::new()
            },
            impure,
            label: id.name.to_string(),
            what: format!("declaration `{}`", id.name),
        });
    }
}

fn class_item(
    p: &Purity,
    cl: &Class,
    exports: Vec<String>,
    pure: &mut Option<String>,
) -> Option<Item> {
    if cl.declare {
        return None;
    }
    let impure = p.class(cl, cl.span.start).err();
    let label = cl
        .id
        .as_ref()
        .map_or("default".to_string(), |i| i.name.to_string());
    if let Some(why) = impure {
        pure.get_or_insert_with(|| format!("class `{label}`: {why}"));
    }
    let what = format!("class `{label}`");
    Some(Item {
        span: cl.span,
        key: cl.span.start,
        syms: cl
            .id
            .as_ref()
            .and_then(|i| i.symbol_id.get())
            .into_iter()
            .collect(),
        exports,
        impure,
        label,
        what,
    })
}

fn fn_item(f: &Function, exports: Vec<String>) -> Option<Item> {
    if f.body.is_none() || f.declare {
        return None;
    }
    let label =
        f.id.as_ref()
            .map_or("default".to_string(), |i| i.name.to_string());
    let what = format!("function `{label}`");
    Some(Item {
        span: f.span,
        key: f.span.start,
        syms: f
            .id
            .as_ref()
            .and_then(|i| i.symbol_id.get())
            .into_iter()
            .collect(),
        exports,
        impure: None,
        label,
        what,
    })
}

/// Plans the shaking of a module and reports on it.
pub(crate) fn plan(
    program: &Program,
    scoping: &Scoping,
    spec: Arc<ShakeSpec>,
    dynamic: bool,
) -> (Plan, ShakeReport) {
    let mut report = ShakeReport::default();
    // Where top-level lexical bindings are initialized.
    let mut init_end = HashMap::new();
    for s in &program.body {
        let decl = match s {
            Statement::ExportDeclaration(e) => Some(&e.declaration),
            other => other.as_declaration(),
        };
        match decl {
            Some(Declaration::VariableDeclaration(v)) if v.kind != VariableDeclarationKind::Var => {
                for d in &v.declarations {
                    if let Some(sym) = binding_name(&d.id).and_then(|i| i.symbol_id.get()) {
                        init_end.insert(sym, d.span.end);
                    }
                }
            }
            Some(Declaration::ClassDeclaration(cl)) => {
                if let Some(sym) = cl.id.as_ref().and_then(|i| i.symbol_id.get()) {
                    init_end.insert(sym, cl.span.end);
                }
            }
            _ => {}
        }
        if let Statement::ExportDefaultDeclaration(e) = s {
            if let ExportDefaultDeclarationKind::ClassDeclaration(cl) = &e.declaration {
                if let Some(sym) = cl.id.as_ref().and_then(|i| i.symbol_id.get()) {
                    init_end.insert(sym, cl.span.end);
                }
            }
        }
    }
    let p = Purity { scoping, init_end };
    let mut items: Vec<Item> = Vec::new();
    // First reason the top level is not side-effect free.
    let mut impure: Option<String> = None;
    // Export specifiers that are dropped: their references do not count.
    let mut dead_ranges: Vec<Span> = Vec::new();
    let mut dropped_specifiers: Vec<(String, Option<SymbolId>)> = Vec::new();
    let mut imports: Vec<(Request, Option<String>, SymbolId)> = Vec::new();
    for s in &program.body {
        match s {
            Statement::FunctionDeclaration(f) => items.extend(fn_item(f, Vec::new())),
            Statement::ClassDeclaration(cl) => {
                items.extend(class_item(&p, cl, Vec::new(), &mut impure))
            }
            Statement::VariableDeclaration(v) => var_items(&p, v, false, &mut items, &mut impure),
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::FunctionDeclaration(f) => {
                    let names =
                        f.id.as_ref()
                            .map(|i| i.name.to_string())
                            .into_iter()
                            .collect();
                    items.extend(fn_item(f, names));
                }
                Declaration::ClassDeclaration(cl) => {
                    let names = cl
                        .id
                        .as_ref()
                        .map(|i| i.name.to_string())
                        .into_iter()
                        .collect();
                    items.extend(class_item(&p, cl, names, &mut impure));
                }
                Declaration::VariableDeclaration(v) => {
                    var_items(&p, v, true, &mut items, &mut impure)
                }
                Declaration::TSTypeAliasDeclaration(_) | Declaration::TSInterfaceDeclaration(_) => {
                }
                Declaration::TSEnumDeclaration(en) if en.declare => {}
                other => {
                    impure.get_or_insert_with(|| "an exported enum or namespace".into());
                    let name = match other {
                        Declaration::TSEnumDeclaration(en) => Some(en.id.name.to_string()),
                        Declaration::TSNamespaceDeclaration(m) => Some(m.id.name.to_string()),
                        _ => None,
                    };
                    if let Some(name) = name.filter(|n| spec.drop_exports.contains(n)) {
                        report
                            .kept_declarations
                            .push((name, "not removable: an enum or namespace".into()));
                    }
                }
            },
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                    items.extend(fn_item(f, vec!["default".into()]))
                }
                ExportDefaultDeclarationKind::ClassDeclaration(cl) => {
                    items.extend(class_item(&p, cl, vec!["default".into()], &mut impure))
                }
                ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => {}
                other => {
                    if let Some(ex) = other.as_expression() {
                        let why = (!p.expr(ex, e.span.start))
                            .then_some("the default export's expression may have side effects");
                        if let Some(w) = why {
                            impure.get_or_insert_with(|| w.to_string());
                        }
                        items.push(Item {
                            span: e.span,
                            key: e.span.start,
                            syms: Vec::new(),
                            exports: vec!["default".into()],
                            impure: why,
                            label: "default".into(),
                            what: "the default export's expression".into(),
                        });
                    }
                }
            },
            Statement::ExportNamedDeclaration(d) => {
                for sp in &d.specifiers {
                    let name = export_name(&sp.exported);
                    if spec.drop_exports.contains(&name) {
                        dead_ranges.push(sp.span);
                        let local = match &sp.local {
                            ModuleExportName::IdentifierReference(r) => r
                                .reference_id
                                .get()
                                .and_then(|rid| scoping.get_reference(rid).symbol_id()),
                            _ => None,
                        };
                        dropped_specifiers.push((name, local));
                    }
                }
            }
            Statement::ImportDeclaration(d) => {
                if d.import_kind.is_type() {
                    continue;
                }
                // A deferred import evaluates its target's async dependencies
                // and a source import may fail at link time: keep the module.
                if d.phase.is_some() {
                    impure.get_or_insert_with(|| "a deferred or source-phase import".into());
                }
                let req = request_of(d.source.value.as_str(), d.with_clause.as_deref());
                for sp in d.specifiers.iter().flatten() {
                    let (local, name) = match sp {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            if s.import_kind.is_type() {
                                continue;
                            }
                            (&s.local, Some(export_name(&s.imported)))
                        }
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (&s.local, Some("default".to_string()))
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => (&s.local, None),
                    };
                    if let Some(sym) = local.symbol_id.get() {
                        imports.push((req.clone(), name, sym));
                    }
                }
            }
            Statement::ExportFromDeclaration(d) => {
                for sp in &d.specifiers {
                    let name = export_name(&sp.exported);
                    if spec.drop_exports.contains(&name)
                        && !spec.drop_requests.contains(&request_of(
                            d.source.value.as_str(),
                            d.with_clause.as_deref(),
                        ))
                    {
                        report
                            .removed_exports
                            .push((name, format!("re-export from '{}'", d.source.value)));
                    }
                }
            }
            Statement::ExportAllDeclaration(d) => {
                if let Some(n) = &d.exported {
                    let name = export_name(n);
                    if spec.drop_exports.contains(&name)
                        && !spec.drop_requests.contains(&request_of(
                            d.source.value.as_str(),
                            d.with_clause.as_deref(),
                        ))
                    {
                        report
                            .removed_exports
                            .push((name, format!("re-export of '{}'", d.source.value)));
                    }
                }
            }
            Statement::EmptyStatement(_)
            | Statement::TSTypeAliasDeclaration(_)
            | Statement::TSInterfaceDeclaration(_)
            | Statement::TSGlobalDeclaration(_)
            | Statement::TSExternalModuleDeclaration(_)
            | Statement::TSExportAssignment(_)
            | Statement::TSNamespaceExportDeclaration(_) => {}
            Statement::TSEnumDeclaration(en) if en.declare => {}
            other => {
                let what = match other {
                    Statement::ExpressionStatement(_) => "an expression statement",
                    Statement::TSEnumDeclaration(_) => "an enum declaration",
                    Statement::TSNamespaceDeclaration(_) => "a namespace declaration",
                    _ => "a statement",
                };
                impure.get_or_insert_with(|| format!("{what} at the top level"));
            }
        }
    }
    report.pure_top_level = impure.is_none();
    report.impure_reason = impure.unwrap_or_default();

    let mut refs = Refs {
        scoping,
        refs: Vec::new(),
        non_literal_import: false,
    };
    refs.visit_program(program);
    report.non_literal_import = refs.non_literal_import;

    // Liveness: a declaration is live when it cannot be removed, when one of
    // its export names is kept, or when live code refers to it.
    let candidate: Vec<bool> = items
        .iter()
        .map(|it| {
            !dynamic
                && it.impure.is_none()
                && it.exports.iter().all(|n| spec.drop_exports.contains(n))
        })
        .collect();
    let mut live: Vec<bool> = candidate.iter().map(|c| !c).collect();
    let mut by_sym: HashMap<SymbolId, Vec<usize>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        for s in &it.syms {
            by_sym.entry(*s).or_default().push(i);
        }
    }
    // Items are in source order and do not overlap.
    let container = |off: u32| -> Option<usize> {
        let i = items.partition_point(|it| it.span.start <= off);
        let i = i.checked_sub(1)?;
        (off < items[i].span.end).then_some(i)
    };
    let in_dead_range = |off: u32| dead_ranges.iter().any(|r| r.start <= off && off < r.end);
    let ref_live =
        |live: &[bool], off: u32| !in_dead_range(off) && container(off).is_none_or(|j| live[j]);
    loop {
        let mut changed = false;
        for &(s, off) in &refs.refs {
            let Some(targets) = by_sym.get(&s) else {
                continue;
            };
            if targets.iter().all(|&j| live[j]) || !ref_live(&live, off) {
                continue;
            }
            for &j in targets {
                if !live[j] {
                    live[j] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let sym_live = |s: SymbolId| {
        refs.refs
            .iter()
            .any(|&(t, off)| t == s && ref_live(&live, off))
    };

    let mut dead = HashSet::new();
    for (i, it) in items.iter().enumerate() {
        if !live[i] {
            dead.insert(it.key);
            if it.exports.is_empty() {
                if !report.removed_locals.contains(&it.what) {
                    report.removed_locals.push(it.what.clone());
                }
            } else {
                for n in &it.exports {
                    report.removed_exports.push((n.clone(), it.what.clone()));
                }
            }
        } else {
            for n in it.exports.iter().filter(|n| spec.drop_exports.contains(*n)) {
                let why = match it.impure {
                    Some(w) => format!("not removable: {w}"),
                    None if dynamic => "not removable: the module uses eval or with".to_string(),
                    None => format!("`{}` is still used in the module", it.label),
                };
                report.kept_declarations.push((n.clone(), why));
            }
        }
    }
    for (name, local) in dropped_specifiers {
        let removed = local
            .and_then(|s| by_sym.get(&s))
            .is_some_and(|v| v.iter().all(|&j| !live[j]));
        if removed {
            let what = local
                .and_then(|s| by_sym.get(&s))
                .and_then(|v| v.first())
                .map(|&j| items[j].what.clone())
                .unwrap_or_default();
            report.removed_exports.push((name, what));
        } else {
            report.kept_declarations.push((
                name,
                "only the export is removed (the binding is still used, imported or not removable)"
                    .into(),
            ));
        }
    }
    let mut skip_imports = HashSet::new();
    let mut live_imports = HashSet::new();
    for (req, name, sym) in imports {
        let whole = spec.drop_requests.contains(&req);
        if whole || spec.drop_imports.contains(&(req.clone(), name.clone())) {
            if sym_live(sym) {
                report.conflicts.push(format!(
                    "the import of {} from '{}' is still read",
                    name.as_deref().unwrap_or("*"),
                    req.0
                ));
                continue;
            }
            skip_imports.insert(sym);
        }
        if sym_live(sym) {
            live_imports.insert(sym);
        }
    }
    (
        Plan {
            dead,
            skip_imports,
            live_imports,
            spec,
        },
        report,
    )
}
