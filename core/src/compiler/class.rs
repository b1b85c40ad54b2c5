//! Classes: constructors, methods, accessors, fields, private names, static
//! blocks, and TypeScript parameter properties.

use super::function::{compile_function, declare_scope, FnKind, FnSource};
use super::*;
use crate::bytecode::{Fun, Imm, U8};

pub(crate) struct ClassCtx {
    /// TS parameter properties of the constructor: (name, parameter symbol).
    pub param_props: Vec<(String, SymbolId)>,
    /// Computed keys of fields, evaluated at class definition: span start -> slot binding.
    pub computed_keys: HashMap<u32, Binding>,
    /// Private methods and accessors, created once per class evaluation and shared by
    /// every instance: span start of the element -> slot binding holding the closure.
    pub private_methods: HashMap<u32, Binding>,
    pub derived: bool,
}

fn private_key_name(k: &PropertyKey) -> Option<String> {
    match k {
        PropertyKey::PrivateIdentifier(p) => Some(p.name.to_string()),
        _ => None,
    }
}

pub(crate) fn compile_class<'a>(c: &mut Compiler<'_, 'a>, cl: &Class<'a>, dst: Reg, name: Option<&str>) -> CResult<()> {
    if cl.declare {
        return Ok(());
    }
    c.class_depth += 1;
    let r = compile_class_inner(c, cl, dst, name);
    c.class_depth -= 1;
    r
}

fn compile_class_inner<'a>(c: &mut Compiler<'_, 'a>, cl: &Class<'a>, dst: Reg, name: Option<&str>) -> CResult<()> {
    let m = c.mark();
    let class_name = cl.id.as_ref().map(|i| i.name.to_string()).or_else(|| name.map(|s| s.to_string()));
    // Class scope: the inner name binding.
    let scope_env = declare_scope(c, cl.scope_id.get(), false, &[], &[]);
    // Private names and computed field keys live in a scope record so that
    // methods and initialisers can reach them.
    let mut slots: Vec<(Box<[u16]>, u8)> = Vec::new();
    let mut privates: Vec<String> = Vec::new();
    for el in &cl.body.body {
        let key = match el {
            ClassElement::MethodDefinition(md) => private_key_name(&md.key),
            ClassElement::PropertyDefinition(p) => private_key_name(&p.key),
            ClassElement::AccessorProperty(p) => private_key_name(&p.key),
            _ => None,
        };
        if let Some(k) = key {
            if !privates.contains(&k) {
                slots.push((format!("#{k}").encode_utf16().collect(), 0));
                privates.push(k);
            }
        }
    }
    let mut computed: Vec<u32> = Vec::new();
    for el in &cl.body.body {
        if let ClassElement::PropertyDefinition(p) = el {
            if p.computed || (!matches!(p.key, PropertyKey::StaticIdentifier(_) | PropertyKey::PrivateIdentifier(_)) && expr::static_key_name(c, &p.key, false).is_none()) {
                slots.push((format!("%fk{}", p.span.start).encode_utf16().collect(), 0));
                computed.push(p.span.start);
            }
        }
    }
    let mut private_methods: Vec<u32> = Vec::new();
    for el in &cl.body.body {
        if let ClassElement::MethodDefinition(md) = el {
            if matches!(md.key, PropertyKey::PrivateIdentifier(_)) && md.value.body.is_some() {
                slots.push((format!("%pm{}", md.span.start).encode_utf16().collect(), 0));
                private_methods.push(md.span.start);
            }
        }
    }
    // A class declaration's own name inside the class (heritage and body) is an
    // immutable binding of the class scope, separate from the outer one; oxc resolves
    // those references to the outer symbol, so the outer binding is shadowed while the
    // class is compiled.
    let mut inner_name: Option<(SymbolId, usize)> = None;
    if let (ClassType::ClassDeclaration, Some(id)) = (cl.r#type, cl.id.as_ref()) {
        let declared_inside = cl.scope_id.get().and_then(|s| c.scoping.get_binding(s, id.name.as_str().into())).is_some();
        if let (false, Some(sym)) = (declared_inside, id.symbol_id.get()) {
            inner_name = Some((sym, slots.len()));
            slots.push((id.name.as_str().encode_utf16().collect(), 1));
        }
    }
    let fn_id = c.fn_id();
    let env = if slots.is_empty() { None } else { Some(c.push_env(slots, false)) };
    let mut private_map = HashMap::new();
    let mut shadowed: Option<(SymbolId, Option<Binding>)> = None;
    if let (Some((sym, slot)), Some(e)) = (inner_name, env) {
        let inner = Binding { loc: Loc::Env { env: e, slot: slot as u32 }, kind: BKind::Const, decl_end: u32::MAX, fn_id };
        shadowed = Some((sym, c.bindings.insert(sym, inner)));
    }
    let mut ctx = ClassCtx { param_props: Vec::new(), computed_keys: HashMap::new(), private_methods: HashMap::new(), derived: cl.heritage.as_ref().map(|h| &h.expression).is_some() };
    if let Some(e) = env {
        for (i, p) in privates.iter().enumerate() {
            let b = Binding { loc: Loc::Env { env: e, slot: i as u32 }, kind: BKind::Var, decl_end: 0, fn_id };
            let t = c.temp();
            let k = c.kstr(&format!("#{p}"));
            c.emit(Insn::NewPrivateName { dst: t, k });
            c.store_binding(b, "", t, true, 0);
            c.release(t.0);
            private_map.insert(p.clone(), b);
        }
        for (i, pos) in computed.iter().enumerate() {
            let b = Binding { loc: Loc::Env { env: e, slot: (privates.len() + i) as u32 }, kind: BKind::Var, decl_end: 0, fn_id };
            ctx.computed_keys.insert(*pos, b);
        }
        for (i, pos) in private_methods.iter().enumerate() {
            let slot = (privates.len() + computed.len() + i) as u32;
            let b = Binding { loc: Loc::Env { env: e, slot }, kind: BKind::Var, decl_end: 0, fn_id };
            ctx.private_methods.insert(*pos, b);
        }
    }
    c.private_names.push(private_map);

    let pair = c.temps(2);
    let parent = c.temp();
    match cl.heritage.as_ref().map(|h| &h.expression) {
        Some(h) => expr::expr_to(c, h, parent)?,
        None => {
            c.emit(Insn::LoadUninit { dst: parent });
        }
    }
    let ctor = cl.body.body.iter().find_map(|el| match el {
        ClassElement::MethodDefinition(md) if md.kind == MethodDefinitionKind::Constructor && md.value.body.is_some() => Some(md),
        _ => None,
    });
    if let Some(md) = ctor {
        for item in &md.value.params.items {
            if item.accessibility.is_some() || item.readonly || item.r#override {
                if let BindingPattern::BindingIdentifier(id) = &item.pattern {
                    if let Some(sym) = id.symbol_id.get() {
                        ctx.param_props.push((id.name.to_string(), sym));
                    }
                }
            }
        }
    }
    let kind = FnKind::ClassConstructor { derived: ctx.derived };
    let fidx = match ctor {
        Some(md) => {
            let i = compile_function(c, FnSource::Function(&md.value), kind, class_name.as_deref(), Some(&ctx))?;
            // A class's source text is the whole class.
            c.set_source_span(i, cl.span, false);
            i
        }
        None => compile_function(c, FnSource::DefaultCtor { span: cl.span }, kind, class_name.as_deref(), Some(&ctx))?,
    };
    let cenv = c.current_env();
    c.pos(cl.span);
    c.emit(Insn::NewClass { dst: pair, f: Fun(fidx), env: cenv, parent });
    if class_name.is_none() {
        let key = c.temp();
        let k = c.kstr("");
        c.emit(Insn::LoadConst { dst: key, k });
        c.emit(Insn::SetFnName { func: pair, key, flag: U8(0) });
        c.release(key.0);
    }
    let ctor_r = pair;
    let proto_r = Reg(pair.0 + 1);

    let mut instance_elems: Vec<&ClassElement<'a>> = Vec::new();
    let mut static_elems: Vec<&ClassElement<'a>> = Vec::new();
    for el in &cl.body.body {
        let mm = c.mark();
        match el {
            ClassElement::MethodDefinition(md) => {
                if md.kind == MethodDefinitionKind::Constructor || md.value.body.is_none() {
                    continue;
                }
                if let PropertyKey::PrivateIdentifier(p) = &md.key {
                    // The closure is made now, with the prototype (or the class) as
                    // its home object; the initialiser installs it on each instance.
                    if let Some(b) = ctx.private_methods.get(&md.span.start).copied() {
                        let (fk, prefix) = match md.kind {
                            MethodDefinitionKind::Get => (FnKind::Getter, "get "),
                            MethodDefinitionKind::Set => (FnKind::Setter, "set "),
                            _ => (FnKind::Method, ""),
                        };
                        let fname = format!("{prefix}#{}", p.name);
                        let idx = compile_function(c, FnSource::Function(&md.value), fk, Some(&fname), None)?;
                        c.set_source_span(idx, md.span, md.r#static);
                        let f = c.temp();
                        let env = c.current_env();
                        c.emit(Insn::NewClosure { dst: f, f: Fun(idx), env });
                        let home = if md.r#static { ctor_r } else { proto_r };
                        let nokey = c.temp();
                        c.emit(Insn::LoadUndef { dst: nokey });
                        c.emit(Insn::DefineMethod { obj: home, key: nokey, func: f, flag: U8(8) });
                        c.store_binding(b, "", f, true, 0);
                    }
                    if md.r#static {
                        static_elems.push(el);
                    } else {
                        instance_elems.push(el);
                    }
                    continue;
                }
                let target = if md.r#static { ctor_r } else { proto_r };
                let key = c.temp();
                let sname = expr::static_key_name(c, &md.key, md.computed);
                match &sname {
                    Some(n) => {
                        let k = c.kstr16(n);
                        c.emit(Insn::LoadConst { dst: key, k });
                    }
                    None => {
                        let kex = md.key.as_expression().ok_or(CError { message: "bad key".into(), offset: md.span.start })?;
                        expr::expr_to(c, kex, key)?;
                        c.emit(Insn::ToPropertyKey { dst: key, src: key });
                    }
                }
                let (fk, flag, prefix) = match md.kind {
                    MethodDefinitionKind::Get => (FnKind::Getter, 1u8, "get "),
                    MethodDefinitionKind::Set => (FnKind::Setter, 2, "set "),
                    _ => (FnKind::Method, 0, ""),
                };
                let fname = sname.map(|n| format!("{prefix}{}", String::from_utf16_lossy(&n)));
                let idx = compile_function(c, FnSource::Function(&md.value), fk, fname.as_deref(), None)?;
                c.set_source_span(idx, md.span, md.r#static);
                let f = c.temp();
                let env = c.current_env();
                c.emit(Insn::NewClosure { dst: f, f: Fun(idx), env });
                if fname.is_none() {
                    c.emit(Insn::SetFnName { func: f, key, flag: U8(flag) });
                }
                c.emit(Insn::DefineMethod { obj: target, key, func: f, flag: U8(flag) });
            }
            ClassElement::PropertyDefinition(p) => {
                if p.declare || p.r#type == PropertyDefinitionType::TSAbstractPropertyDefinition {
                    continue;
                }
                if let Some(b) = ctx.computed_keys.get(&p.span.start).copied() {
                    let key = c.temp();
                    let kex = p.key.as_expression().ok_or(CError { message: "bad key".into(), offset: p.span.start })?;
                    expr::expr_to(c, kex, key)?;
                    c.emit(Insn::ToPropertyKey { dst: key, src: key });
                    c.store_binding(b, "", key, true, 0);
                }
                if p.r#static {
                    static_elems.push(el);
                } else {
                    instance_elems.push(el);
                }
            }
            ClassElement::StaticBlock(_) => static_elems.push(el),
            ClassElement::AccessorProperty(a) => return cerr(a.span, "auto-accessors are not supported yet"),
            ClassElement::TSIndexSignature(_) => {}
        }
        c.release(mm);
    }
    let env_now = c.current_env();
    if !instance_elems.is_empty() {
        let idx = compile_function(
            c,
            FnSource::Fields { span: cl.span, elements: instance_elems, scope: cl.scope_id.get().unwrap_or(ScopeId::new(0)) },
            FnKind::FieldInit,
            Some(""),
            Some(&ctx),
        )?;
        let f = c.temp();
        c.emit(Insn::NewClosure { dst: f, f: Fun(idx), env: env_now });
        c.emit(Insn::SetClassFields { ctor: ctor_r, init: f });
        c.release(f.0);
    }
    // Bind the inner name before static initialisers run (for a declaration,
    // `bind_identifier` reaches the shadowing class-scope binding made above).
    if let Some(id) = cl.id.as_ref() {
        if !inner_name_init(c, cl, id, ctor_r) && cl.r#type == ClassType::ClassDeclaration {
            pattern::bind_identifier(c, id, ctor_r, true);
        }
    }
    if !static_elems.is_empty() {
        let span = Span::new(cl.span.start + 1, cl.span.end);
        let idx = compile_function(
            c,
            FnSource::Fields { span, elements: static_elems, scope: cl.scope_id.get().unwrap_or(ScopeId::new(0)) },
            FnKind::FieldInit,
            Some(""),
            Some(&ctx),
        )?;
        let base = c.temps(2);
        c.emit(Insn::NewClosure { dst: base, f: Fun(idx), env: env_now });
        let key = c.temp();
        c.emit(Insn::LoadUndef { dst: key });
        c.emit(Insn::DefineMethod { obj: ctor_r, key, func: base, flag: U8(8) });
        c.emit(Insn::Mov { dst: Reg(base.0 + 1), src: ctor_r });
        let r = c.temp();
        c.emit(Insn::Call { dst: r, callee: base, argc: Imm(0) });
    }
    c.private_names.pop();
    if let Some((sym, outer)) = shadowed {
        match outer {
            Some(b) => c.bindings.insert(sym, b),
            None => c.bindings.remove(&sym),
        };
    }
    if env.is_some() {
        c.pop_env();
    }
    if scope_env.is_some() {
        c.pop_env();
    }
    c.emit(Insn::Mov { dst, src: ctor_r });
    c.release(m.max(dst.0 + 1));
    Ok(())
}

/// Initialises the class's inner name binding (in the class scope), if oxc declared one.
fn inner_name_init(c: &mut Compiler, cl: &Class, id: &BindingIdentifier, ctor: Reg) -> bool {
    let Some(scope) = cl.scope_id.get() else { return false };
    let Some(sym) = c.scoping.get_binding(scope, id.name.as_str().into()) else { return false };
    if let Some(b) = c.bindings.get(&sym).copied() {
        c.store_binding(b, id.name.as_str(), ctor, true, 0);
        return true;
    }
    false
}

/// Assigns TS parameter properties (`constructor(public x)`), or defers them
/// until after `super()` in derived constructors.
pub(crate) fn emit_param_properties(c: &mut Compiler, ci: &ClassCtx) -> CResult<()> {
    if ci.param_props.is_empty() {
        return Ok(());
    }
    if ci.derived {
        c.f().param_props = ci.param_props.clone();
        return Ok(());
    }
    for (name, sym) in &ci.param_props {
        if let Some(b) = c.bindings.get(sym).copied() {
            let v = c.temp();
            c.load_binding(b, name, v, u32::MAX);
            let k = c.kstr(name);
            let ic = c.ic();
            c.emit(Insn::SetProp { obj: Reg(0), k, src: v, flag: U8(1), ic });
            c.release(v.0);
        }
    }
    Ok(())
}

/// Body of a field-initialiser function: private methods first, then fields
/// and static blocks in order, all on `this`.
pub(crate) fn emit_field_inits<'a>(c: &mut Compiler<'_, 'a>, elements: &[&ClassElement<'a>], ci: Option<&ClassCtx>) -> CResult<()> {
    let this = Reg(0);
    for el in elements {
        let ClassElement::MethodDefinition(md) = el else { continue };
        let PropertyKey::PrivateIdentifier(p) = &md.key else { continue };
        let m = c.mark();
        let key = c.temp();
        expr::load_private_name(c, p, key)?;
        let (fk, flag, prefix) = match md.kind {
            MethodDefinitionKind::Get => (FnKind::Getter, 2u8, "get "),
            MethodDefinitionKind::Set => (FnKind::Setter, 3, "set "),
            _ => (FnKind::Method, 1, ""),
        };
        let f = c.temp();
        match ci.and_then(|ci| ci.private_methods.get(&md.span.start)).copied() {
            Some(b) => c.load_binding(b, "", f, u32::MAX),
            None => {
                let fname = format!("{prefix}#{}", p.name);
                let idx = compile_function(c, FnSource::Function(&md.value), fk, Some(&fname), None)?;
                c.set_source_span(idx, md.span, md.r#static);
                let env = c.current_env();
                c.emit(Insn::NewClosure { dst: f, f: Fun(idx), env });
                // Home object for `super` inside private methods.
                let home = c.temp();
                c.emit(Insn::LoadHome { dst: home });
                c.emit(Insn::DefineMethod { obj: home, key, func: f, flag: U8(8) });
            }
        }
        c.emit(Insn::DefinePrivate { obj: this, key, src: f, flag: U8(flag) });
        c.release(m);
    }
    for el in elements {
        let m = c.mark();
        match el {
            ClassElement::PropertyDefinition(p) => {
                let v = c.temp();
                let key = c.temp();
                let mut fname = None;
                let mut private = false;
                if let PropertyKey::PrivateIdentifier(pi) = &p.key {
                    expr::load_private_name(c, pi, key)?;
                    fname = Some(format!("#{}", pi.name));
                    private = true;
                } else if let Some(b) = ci.and_then(|ci| ci.computed_keys.get(&p.span.start)).copied() {
                    c.load_binding(b, "", key, u32::MAX);
                } else if let Some(n) = expr::static_key_name(c, &p.key, p.computed) {
                    let k = c.kstr16(&n);
                    c.emit(Insn::LoadConst { dst: key, k });
                    fname = Some(String::from_utf16_lossy(&n));
                }
                match &p.value {
                    Some(val) => {
                        expr::expr_named(c, val, v, fname.as_deref())?;
                        if fname.is_none() && expr::is_anonymous_fn(val) {
                            c.emit(Insn::SetFnName { func: v, key, flag: U8(0) });
                        }
                    }
                    None => {
                        c.emit(Insn::LoadUndef { dst: v });
                    }
                }
                c.pos(p.span);
                if private {
                    c.emit(Insn::DefinePrivate { obj: this, key, src: v, flag: U8(0) });
                } else {
                    c.emit(Insn::DefineField { obj: this, key, src: v });
                }
            }
            ClassElement::StaticBlock(b) => {
                let env = declare_scope(c, b.scope_id.get(), true, &[], &[]);
                super::function::hoist_functions(c, &b.body)?;
                super::using::scoped_stmts(c, &b.body)?;
                if env.is_some() {
                    c.pop_env();
                }
            }
            _ => {}
        }
        c.release(m);
    }
    Ok(())
}
