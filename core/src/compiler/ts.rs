//! Lowering of TypeScript syntax that has run-time meaning: enums,
//! namespaces and `import x = N.y`. (Types are simply not compiled; parameter
//! properties live in `class.rs`.)

use super::function::{declare_scope, hoist_functions};
use super::*;
use crate::bytecode::U8;

fn member_name(c: &Compiler, m: &TSEnumMember) -> Vec<u16> {
    match &m.id {
        TSEnumMemberName::Identifier(i) => i.name.encode_utf16().collect(),
        TSEnumMemberName::String(s) | TSEnumMemberName::ComputedString(s) => expr::string_units(c, s),
        TSEnumMemberName::ComputedTemplateString(t) => t
            .quasis
            .first()
            .and_then(|q| q.value.cooked.as_ref())
            .map(|s| s.encode_utf16().collect())
            .unwrap_or_default(),
    }
}

fn set_named(c: &mut Compiler, obj: Reg, name: &[u16], v: Reg) {
    let k = c.kstr16(name);
    let key = c.temp();
    c.emit(Insn::LoadConst { dst: key, k });
    c.emit(Insn::SetElem { obj, key, src: v, flag: U8(1) });
    c.release(key.0);
}

/// Loads binding `id` into `dst`, creating `{}` when it is undefined (merging).
fn load_or_create(c: &mut Compiler, id: &BindingIdentifier, dst: Reg) {
    let Some(sym) = id.symbol_id.get() else { return };
    let Some(b) = c.bindings.get(&sym).copied() else { return };
    c.load_binding(b, id.name.as_str(), dst, u32::MAX);
    let j = c.emit(Insn::JumpIfNotUndef { cond: dst, target: Lbl(0) });
    c.emit(Insn::NewObject { dst });
    c.store_binding(b, id.name.as_str(), dst, true, 0);
    c.patch_here(j);
}

pub(crate) fn enum_decl<'a>(c: &mut Compiler<'_, 'a>, e: &TSEnumDeclaration<'a>) -> CResult<()> {
    if e.declare {
        return Ok(());
    }
    let m = c.mark();
    let obj = c.temp();
    load_or_create(c, &e.id, obj);
    let body_scope = e.body.scope_id.get();
    let prev = c.temp();
    c.emit(Insn::LoadInt { dst: prev, imm: crate::bytecode::Imm(-1) });
    let fn_id = c.fn_id();
    for member in &e.body.members {
        let name = member_name(c, member);
        let name_s = String::from_utf16_lossy(&name);
        let v = c.temp();
        let mut reverse = true;
        match &member.initializer {
            Some(init) => {
                if matches!(init, Expression::StringLiteral(_) | Expression::TemplateLiteral(_)) {
                    reverse = false;
                }
                expr::expr_to(c, init, v)?;
            }
            None => {
                let one = c.temp();
                c.emit(Insn::LoadInt { dst: one, imm: crate::bytecode::Imm(1) });
                c.emit(Insn::Add { dst: v, a: prev, b: one });
                c.release(one.0);
            }
        }
        c.emit(Insn::Mov { dst: prev, src: v });
        set_named(c, obj, &name, v);
        if reverse {
            let key_name = c.temp();
            let k = c.kstr16(&name);
            c.emit(Insn::LoadConst { dst: key_name, k });
            // Reverse mapping for numeric members only (TS checks statically; we check at run time).
            let ty = c.temp();
            c.emit(Insn::Typeof { dst: ty, src: v });
            let kn = c.kstr("string");
            let s = c.temp();
            c.emit(Insn::LoadConst { dst: s, k: kn });
            c.emit(Insn::StrictEq { dst: ty, a: ty, b: s });
            let j = c.emit(Insn::JumpIfTrue { cond: ty, target: Lbl(0) });
            c.emit(Insn::SetElem { obj, key: v, src: key_name, flag: U8(1) });
            c.patch_here(j);
        }
        // Later initialisers may refer to this member by its bare name.
        if let Some(scope) = body_scope {
            if let Some(sym) = c.scoping.get_binding(scope, name_s.as_str().into()) {
                let r = c.temp();
                c.emit(Insn::Mov { dst: r, src: v });
                c.bindings.insert(sym, Binding { loc: Loc::Reg(r), kind: BKind::Var, decl_end: 0, fn_id });
                // Keep `r` reserved for the rest of the enum.
                continue;
            }
        }
    }
    c.release(m);
    Ok(())
}

pub(crate) fn namespace_decl<'a>(c: &mut Compiler<'_, 'a>, ns: &TSNamespaceDeclaration<'a>) -> CResult<()> {
    if ns.declare {
        return Ok(());
    }
    let m = c.mark();
    let obj = c.temp();
    load_or_create(c, &ns.id, obj);
    match &ns.body {
        TSNamespaceDeclarationBody::TSNamespaceDeclaration(inner) => {
            let env = declare_scope(c, ns.scope_id.get(), true, &[], &[]);
            preload_member(c, obj, &inner.id);
            namespace_decl(c, inner)?;
            export_member(c, obj, &inner.id);
            if env.is_some() {
                c.pop_env();
            }
        }
        TSNamespaceDeclarationBody::TSModuleBlock(block) => {
            let env = declare_scope(c, ns.scope_id.get(), true, &[], &[]);
            let depth = c.fs.len();
            let own = ns.id.symbol_id.get().and_then(|s| c.bindings.get(&s).copied());
            c.ns_stack.push((depth, obj, own, ns.id.name.to_string()));
            // Exported variables live on the namespace object.
            let ns_index = c.ns_stack.len() - 1;
            for s in &block.body {
                if let Statement::ExportDeclaration(e) = s {
                    if let Declaration::VariableDeclaration(v) = &e.declaration {
                        for d in &v.declarations {
                            let mut syms = Vec::new();
                            pattern::pattern_symbols(&d.id, &mut syms);
                            for sym in syms {
                                if let Some(b) = c.bindings.get_mut(&sym) {
                                    b.loc = Loc::NsProp(ns_index);
                                    b.kind = BKind::Var;
                                }
                            }
                        }
                    }
                }
            }
            hoist_functions(c, &block.body)?;
            for s in &block.body {
                if let Statement::ExportDeclaration(e) = s {
                    if let Declaration::FunctionDeclaration(f) = &e.declaration {
                        if let Some(id) = &f.id {
                            export_member(c, obj, id);
                        }
                    }
                }
            }
            for s in &block.body {
                let exported = match s {
                    Statement::ExportDeclaration(e) => Some(&e.declaration),
                    _ => None,
                };
                if let Some(d) = exported {
                    // Merge with members of an earlier declaration of the same namespace.
                    match d {
                        Declaration::TSNamespaceDeclaration(inner) => preload_member(c, obj, &inner.id),
                        Declaration::TSEnumDeclaration(inner) => preload_member(c, obj, &inner.id),
                        _ => {}
                    }
                    stmt::stmt(c, s)?;
                    for id in declared_ids(d) {
                        export_member(c, obj, id);
                    }
                } else {
                    stmt::stmt(c, s)?;
                }
            }
            c.ns_stack.pop();
            if env.is_some() {
                c.pop_env();
            }
        }
    }
    c.release(m);
    Ok(())
}

fn declared_ids<'n, 'a>(d: &'n Declaration<'a>) -> Vec<&'n BindingIdentifier<'a>> {
    let mut out = Vec::new();
    match d {
        Declaration::VariableDeclaration(v) => {
            for decl in &v.declarations {
                collect_ids(&decl.id, &mut out);
            }
        }
        Declaration::ClassDeclaration(cl) => out.extend(cl.id.as_ref()),
        Declaration::TSEnumDeclaration(e) => out.push(&e.id),
        Declaration::TSNamespaceDeclaration(m) => out.push(&m.id),
        Declaration::TSImportEqualsDeclaration(d) => out.push(&d.id),
        _ => {}
    }
    out
}

fn collect_ids<'n, 'a>(p: &'n BindingPattern<'a>, out: &mut Vec<&'n BindingIdentifier<'a>>) {
    match p {
        BindingPattern::BindingIdentifier(id) => out.push(id),
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                collect_ids(&prop.value, out);
            }
            if let Some(r) = &o.rest {
                collect_ids(&r.argument, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for e in a.elements.iter().flatten() {
                collect_ids(e, out);
            }
            if let Some(r) = &a.rest {
                collect_ids(&r.argument, out);
            }
        }
        BindingPattern::AssignmentPattern(a) => collect_ids(&a.left, out),
    }
}

/// binding = obj[name] (before a nested namespace/enum merges into it).
fn preload_member(c: &mut Compiler, obj: Reg, id: &BindingIdentifier) {
    let Some(sym) = id.symbol_id.get() else { return };
    let Some(b) = c.bindings.get(&sym).copied() else { return };
    let t = c.temp();
    let k = c.kstr(id.name.as_str());
    let ic = c.ic();
    c.emit(Insn::GetProp { dst: t, obj, k, ic });
    c.store_binding(b, id.name.as_str(), t, true, 0);
    c.release(t.0);
}

/// obj[name] = binding.
fn export_member(c: &mut Compiler, obj: Reg, id: &BindingIdentifier) {
    let Some(sym) = id.symbol_id.get() else { return };
    let Some(b) = c.bindings.get(&sym).copied() else { return };
    let t = c.temp();
    c.load_binding(b, id.name.as_str(), t, u32::MAX);
    let k = c.kstr(id.name.as_str());
    let ic = c.ic();
    c.emit(Insn::SetProp { obj, k, src: t, flag: U8(1), ic });
    c.release(t.0);
}

pub(crate) fn import_equals<'a>(c: &mut Compiler<'_, 'a>, d: &TSImportEqualsDeclaration<'a>) -> CResult<()> {
    if d.import_kind.is_type() {
        return Ok(());
    }
    let m = c.mark();
    let t = c.temp();
    match &d.module_reference {
        TSModuleReference::IdentifierReference(id) => expr::load_identifier(c, id, t)?,
        TSModuleReference::QualifiedName(q) => qualified(c, q, t)?,
        TSModuleReference::ExternalModuleReference(e) => return cerr(e.span, "`import x = require()` is not supported"),
    }
    pattern::bind_identifier(c, &d.id, t, true);
    c.release(m);
    Ok(())
}

fn qualified<'a>(c: &mut Compiler<'_, 'a>, q: &TSQualifiedName<'a>, dst: Reg) -> CResult<()> {
    match &q.left {
        TSTypeName::IdentifierReference(id) => expr::load_identifier(c, id, dst)?,
        TSTypeName::QualifiedName(inner) => qualified(c, inner, dst)?,
        TSTypeName::ThisExpression(_) => {
            c.emit(Insn::Mov { dst, src: Reg(0) });
        }
    }
    let k = c.kstr(q.right.name.as_str());
    let ic = c.ic();
    c.emit(Insn::GetProp { dst, obj: dst, k, ic });
    Ok(())
}
