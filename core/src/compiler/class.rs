//! Classes: constructors, methods, accessors, fields, private names, static
//! blocks, and TypeScript parameter properties.

use super::function::{compile_function, declare_scope, FnKind, FnSource};
use super::*;
use crate::bytecode::{Fun, Imm, U8};
use crate::interp::decorators as dec;

pub(crate) struct ClassCtx {
    /// TS parameter properties of the constructor: (name, parameter symbol).
    pub param_props: Vec<(String, SymbolId)>,
    /// Computed keys of fields, evaluated at class definition: span start -> slot binding.
    pub computed_keys: HashMap<u32, Binding>,
    /// Private methods and accessors, created once per class evaluation and shared by
    /// every instance: span start of the element -> slot binding holding the closure.
    pub private_methods: HashMap<u32, Binding>,
    pub derived: bool,
    /// Auto-accessors: span start -> the slot of the private storage name, and for
    /// `accessor #x` the slots of the getter and setter.
    pub accessors: HashMap<u32, (Binding, Option<(Binding, Binding)>)>,
    /// Decorated elements: span start -> the slot of the element record (interp/decorators.rs).
    pub dec_records: HashMap<u32, Binding>,
    /// Decorated classes: the slot of the instance method extra initializers.
    pub instance_inits: Option<Binding>,
}

/// Parts of a field-initialiser function (`FnSource::Fields::phase`): private methods
/// and accessors, fields and static blocks, and the instance method extra initializers
/// of a decorated class (which run between the two).
pub(crate) const PHASE_METHODS: u8 = 1;
pub(crate) const PHASE_FIELDS: u8 = 2;
pub(crate) const PHASE_INITIALIZERS: u8 = 4;

fn decorators_of<'n, 'a>(el: &'n ClassElement<'a>) -> &'n [Decorator<'a>] {
    match el {
        ClassElement::MethodDefinition(m) => &m.decorators[..],
        ClassElement::PropertyDefinition(p) => &p.decorators[..],
        ClassElement::AccessorProperty(a) => &a.decorators[..],
        _ => &[],
    }
}

/// Whether an element is compiled (not a TS declaration) and has decorators.
fn is_decorated(el: &ClassElement) -> bool {
    let live = match el {
        ClassElement::MethodDefinition(md) => md.kind != MethodDefinitionKind::Constructor && md.value.body.is_some(),
        ClassElement::PropertyDefinition(p) => !p.declare && p.r#type != PropertyDefinitionType::TSAbstractPropertyDefinition,
        ClassElement::AccessorProperty(a) => a.r#type != AccessorPropertyType::TSAbstractAccessorProperty,
        _ => false,
    };
    live && !decorators_of(el).is_empty()
}

/// Evaluates a decorator expression and appends (decorator, receiver) to array `arr`:
/// a member expression keeps its object as the receiver (DecoratorEvaluation).
fn emit_decorator<'a>(c: &mut Compiler<'_, 'a>, d: &Decorator<'a>, arr: Reg) -> CResult<()> {
    let m = c.mark();
    let pair = c.temps(2);
    let e = expr::strip_parens(&d.expression);
    match e.as_member_expression() {
        Some(mem) => expr::method_callee(c, mem, pair, None)?,
        None => {
            expr::expr_to(c, e, pair)?;
            c.emit(Insn::LoadUndef { dst: Reg(pair.0 + 1) });
        }
    }
    c.emit(Insn::ArrayPush { arr, src: pair });
    c.emit(Insn::ArrayPush { arr, src: Reg(pair.0 + 1) });
    c.release(m);
    Ok(())
}

/// dst = a new array of the element's decorators (or nothing when it has none).
fn emit_decorator_list<'a>(c: &mut Compiler<'_, 'a>, decs: &[Decorator<'a>]) -> CResult<Option<Reg>> {
    if decs.is_empty() {
        return Ok(None);
    }
    let arr = c.temp();
    c.emit(Insn::NewArray { dst: arr, cap: Imm(decs.len().min(64) as i32 * 2) });
    for d in decs {
        emit_decorator(c, d, arr)?;
    }
    Ok(Some(arr))
}

/// Builds an element record, appends it to `all` and stores it in its slot.
#[allow(clippy::too_many_arguments)]
fn emit_record(c: &mut Compiler, all: Reg, slot: Binding, flags: i32, key: Reg, get: Option<Reg>, set: Option<Reg>, decs: Reg) {
    let m = c.mark();
    let e = c.temp();
    c.emit(Insn::NewArray { dst: e, cap: Imm(7) });
    let t = c.temp();
    c.emit(Insn::LoadInt { dst: t, imm: Imm(flags) });
    c.emit(Insn::ArrayPush { arr: e, src: t });
    c.emit(Insn::ArrayPush { arr: e, src: key });
    for r in [get, set] {
        match r {
            Some(r) => c.emit(Insn::ArrayPush { arr: e, src: r }),
            None => {
                c.emit(Insn::LoadUndef { dst: t });
                c.emit(Insn::ArrayPush { arr: e, src: t })
            }
        };
    }
    c.emit(Insn::ArrayPush { arr: e, src: decs });
    c.emit(Insn::ArrayPush { arr: all, src: e });
    c.store_binding(slot, "", e, true, 0);
    c.release(m);
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
    // Decorators: the class's own are evaluated first, outside the class scope.
    let deco = !cl.decorators.is_empty() || cl.body.body.iter().any(is_decorated);
    let class_decs = emit_decorator_list(c, &cl.decorators)?;
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
    // Auto-accessors: a storage name each, and a getter and setter for private ones;
    // decorated elements: a slot for the element record; decorated classes: one for the
    // instance method extra initializers.
    let mut accessor_slots: Vec<(u32, u32, bool)> = Vec::new();
    let mut record_slots: Vec<(u32, u32)> = Vec::new();
    for el in &cl.body.body {
        if let ClassElement::AccessorProperty(a) = el {
            if a.r#type == AccessorPropertyType::AccessorProperty {
                let private = matches!(a.key, PropertyKey::PrivateIdentifier(_));
                accessor_slots.push((a.span.start, slots.len() as u32, private));
                slots.push((format!("%as{}", a.span.start).encode_utf16().collect(), 0));
                if private {
                    slots.push((format!("%ag{}", a.span.start).encode_utf16().collect(), 0));
                    slots.push((format!("%aS{}", a.span.start).encode_utf16().collect(), 0));
                }
            }
        }
        if is_decorated(el) {
            record_slots.push((el.span().start, slots.len() as u32));
            slots.push((format!("%de{}", el.span().start).encode_utf16().collect(), 0));
        }
    }
    let inits_slot = if deco {
        slots.push(("%dim".encode_utf16().collect(), 0));
        Some(slots.len() as u32 - 1)
    } else {
        None
    };
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
    let mut ctx = ClassCtx {
        param_props: Vec::new(),
        computed_keys: HashMap::new(),
        private_methods: HashMap::new(),
        derived: cl.heritage.as_ref().map(|h| &h.expression).is_some(),
        accessors: HashMap::new(),
        dec_records: HashMap::new(),
        instance_inits: None,
    };
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
        let slot_binding = |slot: u32| Binding { loc: Loc::Env { env: e, slot }, kind: BKind::Var, decl_end: 0, fn_id };
        for &(pos, slot, private) in &accessor_slots {
            let pair = private.then(|| (slot_binding(slot + 1), slot_binding(slot + 2)));
            ctx.accessors.insert(pos, (slot_binding(slot), pair));
        }
        for &(pos, slot) in &record_slots {
            ctx.dec_records.insert(pos, slot_binding(slot));
        }
        ctx.instance_inits = inits_slot.map(slot_binding);
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
    // Decorated classes: the element records, the class and its prototype (DecorateElements).
    let drec = if deco {
        let r = c.temps(3);
        c.emit(Insn::NewArray { dst: r, cap: Imm(0) });
        c.emit(Insn::Mov { dst: Reg(r.0 + 1), src: ctor_r });
        c.emit(Insn::Mov { dst: Reg(r.0 + 2), src: proto_r });
        Some(r)
    } else {
        None
    };
    let static_flag = |st: bool| if st { dec::STATIC } else { 0 };

    let mut instance_elems: Vec<&ClassElement<'a>> = Vec::new();
    let mut static_elems: Vec<&ClassElement<'a>> = Vec::new();
    for el in &cl.body.body {
        let mm = c.mark();
        match el {
            ClassElement::MethodDefinition(md) => {
                if md.kind == MethodDefinitionKind::Constructor || md.value.body.is_none() {
                    continue;
                }
                let decs = emit_decorator_list(c, &md.decorators)?;
                let dkind = match md.kind {
                    MethodDefinitionKind::Get => dec::KIND_GETTER,
                    MethodDefinitionKind::Set => dec::KIND_SETTER,
                    _ => dec::KIND_METHOD,
                };
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
                        if let (Some(all), Some(decs), Some(slot)) = (drec, decs, ctx.dec_records.get(&md.span.start).copied()) {
                            let key = c.temp();
                            expr::load_private_name(c, p, key)?;
                            let fl = dkind | static_flag(md.r#static) | dec::PRIVATE;
                            let (g, st) = if dkind == dec::KIND_SETTER { (None, Some(f)) } else { (Some(f), None) };
                            emit_record(c, all, slot, fl, key, g, st, decs);
                        }
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
                if let (Some(all), Some(decs), Some(slot)) = (drec, decs, ctx.dec_records.get(&md.span.start).copied()) {
                    let fl = dkind | static_flag(md.r#static);
                    let (g, st) = if dkind == dec::KIND_SETTER { (None, Some(f)) } else { (Some(f), None) };
                    emit_record(c, all, slot, fl, key, g, st, decs);
                }
            }
            ClassElement::PropertyDefinition(p) => {
                if p.declare || p.r#type == PropertyDefinitionType::TSAbstractPropertyDefinition {
                    continue;
                }
                let decs = emit_decorator_list(c, &p.decorators)?;
                let key = c.temp();
                let mut private = false;
                if let Some(b) = ctx.computed_keys.get(&p.span.start).copied() {
                    let kex = p.key.as_expression().ok_or(CError { message: "bad key".into(), offset: p.span.start })?;
                    expr::expr_to(c, kex, key)?;
                    c.emit(Insn::ToPropertyKey { dst: key, src: key });
                    c.store_binding(b, "", key, true, 0);
                } else if decs.is_some() {
                    if let PropertyKey::PrivateIdentifier(pi) = &p.key {
                        expr::load_private_name(c, pi, key)?;
                        private = true;
                    } else if let Some(n) = expr::static_key_name(c, &p.key, p.computed) {
                        let k = c.kstr16(&n);
                        c.emit(Insn::LoadConst { dst: key, k });
                    }
                }
                if let (Some(all), Some(decs), Some(slot)) = (drec, decs, ctx.dec_records.get(&p.span.start).copied()) {
                    let fl = dec::KIND_FIELD | static_flag(p.r#static) | if private { dec::PRIVATE } else { 0 };
                    emit_record(c, all, slot, fl, key, None, None, decs);
                }
                if p.r#static {
                    static_elems.push(el);
                } else {
                    instance_elems.push(el);
                }
            }
            ClassElement::StaticBlock(_) => static_elems.push(el),
            ClassElement::AccessorProperty(a) => {
                let Some((storage_b, pair_b)) = ctx.accessors.get(&a.span.start).copied() else { continue };
                let decs = emit_decorator_list(c, &a.decorators)?;
                let key = c.temp();
                let desc;
                let private = if let PropertyKey::PrivateIdentifier(pi) = &a.key {
                    expr::load_private_name(c, pi, key)?;
                    desc = format!("#{} accessor storage", pi.name);
                    true
                } else {
                    match expr::static_key_name(c, &a.key, a.computed) {
                        Some(n) => {
                            desc = format!("{} accessor storage", String::from_utf16_lossy(&n));
                            let k = c.kstr16(&n);
                            c.emit(Insn::LoadConst { dst: key, k });
                        }
                        None => {
                            desc = "accessor storage".to_string();
                            let kex = a.key.as_expression().ok_or(CError { message: "bad key".into(), offset: a.span.start })?;
                            expr::expr_to(c, kex, key)?;
                            c.emit(Insn::ToPropertyKey { dst: key, src: key });
                        }
                    }
                    false
                };
                let storage = c.temp();
                let k = c.kstr(&desc);
                c.emit(Insn::NewPrivateName { dst: storage, k });
                c.store_binding(storage_b, "", storage, true, 0);
                let gs = c.temps(2);
                c.emit(Insn::AutoAccessor { dst: gs, key, storage });
                let setter = Reg(gs.0 + 1);
                match pair_b {
                    Some((gb, sb)) => {
                        c.store_binding(gb, "", gs, true, 0);
                        c.store_binding(sb, "", setter, true, 0);
                    }
                    None => {
                        let target = if a.r#static { ctor_r } else { proto_r };
                        c.emit(Insn::DefineMethod { obj: target, key, func: gs, flag: U8(1) });
                        c.emit(Insn::DefineMethod { obj: target, key, func: setter, flag: U8(2) });
                    }
                }
                if let (Some(all), Some(decs), Some(slot)) = (drec, decs, ctx.dec_records.get(&a.span.start).copied()) {
                    let fl = dec::KIND_ACCESSOR | static_flag(a.r#static) | if private { dec::PRIVATE } else { 0 };
                    emit_record(c, all, slot, fl, key, Some(gs), Some(setter), decs);
                }
                if a.r#static {
                    static_elems.push(el);
                } else {
                    instance_elems.push(el);
                }
            }
            ClassElement::TSIndexSignature(_) => {}
        }
        c.release(mm);
    }
    let env_now = c.current_env();
    let scope = cl.scope_id.get().unwrap_or(ScopeId::new(0));
    // Decorated classes: call the element decorators, and put the decorated private
    // methods and accessors where the initialisers install them from.
    let mut static_method_inits: Option<Reg> = None;
    if let Some(all) = drec {
        let out = c.temps(2);
        c.emit(Insn::DecorateElements { dst: out, src: all });
        static_method_inits = Some(Reg(out.0 + 1));
        if let Some(b) = ctx.instance_inits {
            c.store_binding(b, "", out, true, 0);
        }
        for el in &cl.body.body {
            let Some(rec_b) = ctx.dec_records.get(&el.span().start).copied() else { continue };
            let mm = c.mark();
            let targets: Vec<(i32, Binding)> = match el {
                ClassElement::MethodDefinition(md) => match ctx.private_methods.get(&md.span.start) {
                    Some(&b) if matches!(md.key, PropertyKey::PrivateIdentifier(_)) => vec![(if md.kind == MethodDefinitionKind::Set { 3 } else { 2 }, b)],
                    _ => Vec::new(),
                },
                ClassElement::AccessorProperty(a) => match ctx.accessors.get(&a.span.start) {
                    Some(&(_, Some((g, s)))) => vec![(2, g), (3, s)],
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            if !targets.is_empty() {
                let rec = c.temp();
                c.load_binding(rec_b, "", rec, u32::MAX);
                let i = c.temp();
                let v = c.temp();
                for (idx, b) in targets {
                    c.emit(Insn::LoadInt { dst: i, imm: Imm(idx) });
                    c.emit(Insn::GetElem { dst: v, obj: rec, key: i });
                    c.store_binding(b, "", v, true, 0);
                }
            }
            c.release(mm);
        }
        // Static private methods go on the class itself, before the class decorators.
        let statics: Vec<&ClassElement<'a>> = static_elems.iter().copied().filter(|e| match e {
            ClassElement::MethodDefinition(md) => matches!(md.key, PropertyKey::PrivateIdentifier(_)),
            ClassElement::AccessorProperty(a) => matches!(a.key, PropertyKey::PrivateIdentifier(_)),
            _ => false,
        }).collect();
        if !statics.is_empty() {
            let span = Span::new(cl.span.start + 1, cl.span.end);
            let idx = compile_function(c, FnSource::Fields { span, elements: statics, scope, phase: PHASE_METHODS }, FnKind::FieldInit, Some(""), Some(&ctx))?;
            emit_static_init(c, idx, env_now, ctor_r, ctor_r);
        }
    }
    if !instance_elems.is_empty() || deco {
        let phase = if deco { PHASE_METHODS | PHASE_FIELDS | PHASE_INITIALIZERS } else { PHASE_METHODS | PHASE_FIELDS };
        let idx = compile_function(
            c,
            FnSource::Fields { span: cl.span, elements: instance_elems, scope, phase },
            FnKind::FieldInit,
            Some(""),
            Some(&ctx),
        )?;
        let f = c.temp();
        c.emit(Insn::NewClosure { dst: f, f: Fun(idx), env: env_now });
        c.emit(Insn::SetClassFields { ctor: ctor_r, init: f });
        c.release(f.0);
    }
    // The class decorators may replace the class; the inner name and the static
    // elements then see the replacement.
    let mut class_r = ctor_r;
    let mut class_inits: Option<Reg> = None;
    if let Some(decs) = class_decs {
        let src = c.temps(3);
        c.emit(Insn::Mov { dst: src, src: decs });
        c.emit(Insn::Mov { dst: Reg(src.0 + 1), src: ctor_r });
        let name_r = Reg(src.0 + 2);
        match &class_name {
            Some(n) => {
                let k = c.kstr(n);
                c.emit(Insn::LoadConst { dst: name_r, k });
            }
            None => {
                c.emit(Insn::LoadUndef { dst: name_r });
            }
        }
        let out = c.temps(2);
        c.emit(Insn::DecorateClass { dst: out, src });
        class_r = out;
        class_inits = Some(Reg(out.0 + 1));
    }
    // Bind the inner name before static initialisers run (for a declaration,
    // `bind_identifier` reaches the shadowing class-scope binding made above).
    if let Some(id) = cl.id.as_ref() {
        if !inner_name_init(c, cl, id, class_r) && cl.r#type == ClassType::ClassDeclaration {
            pattern::bind_identifier(c, id, class_r, true);
        }
    }
    if let Some(l) = static_method_inits {
        c.emit(Insn::RunInitializers { list: l, this: class_r, flag: U8(0) });
    }
    let static_fields: Vec<&ClassElement<'a>> = if deco {
        static_elems.iter().copied().filter(|e| !matches!(e, ClassElement::MethodDefinition(_))).collect()
    } else {
        static_elems
    };
    if !static_fields.is_empty() {
        let span = Span::new(cl.span.start + 1, cl.span.end);
        let phase = if deco { PHASE_FIELDS } else { PHASE_METHODS | PHASE_FIELDS };
        let idx = compile_function(c, FnSource::Fields { span, elements: static_fields, scope, phase }, FnKind::FieldInit, Some(""), Some(&ctx))?;
        emit_static_init(c, idx, env_now, ctor_r, class_r);
    }
    if let Some(l) = class_inits {
        c.emit(Insn::RunInitializers { list: l, this: class_r, flag: U8(0) });
    }
    if class_r != ctor_r {
        c.emit(Insn::Mov { dst: ctor_r, src: class_r });
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

/// Creates static initialiser function `idx` with `home` as its home object and calls it
/// with `this`.
fn emit_static_init(c: &mut Compiler, idx: u32, env: Reg, home: Reg, this: Reg) {
    let m = c.mark();
    let base = c.temps(2);
    c.emit(Insn::NewClosure { dst: base, f: Fun(idx), env });
    let key = c.temp();
    c.emit(Insn::LoadUndef { dst: key });
    c.emit(Insn::DefineMethod { obj: home, key, func: base, flag: U8(8) });
    c.emit(Insn::Mov { dst: Reg(base.0 + 1), src: this });
    let r = c.temp();
    c.emit(Insn::Call { dst: r, callee: base, argc: Imm(0) });
    c.release(m);
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

/// Body of a field-initialiser function: private methods (and private auto-accessors)
/// first, then fields, accessor storage and static blocks in order, all on `this`;
/// `phase` selects the parts (`PHASE_*`).
pub(crate) fn emit_field_inits<'a>(c: &mut Compiler<'_, 'a>, elements: &[&ClassElement<'a>], ci: Option<&ClassCtx>, phase: u8) -> CResult<()> {
    let this = Reg(0);
    for el in elements {
        if phase & PHASE_METHODS == 0 {
            break;
        }
        if let ClassElement::AccessorProperty(a) = el {
            let (PropertyKey::PrivateIdentifier(p), Some((_, Some((gb, sb))))) = (&a.key, ci.and_then(|ci| ci.accessors.get(&a.span.start)).copied()) else {
                continue;
            };
            let m = c.mark();
            let key = c.temp();
            expr::load_private_name(c, p, key)?;
            let f = c.temp();
            c.load_binding(gb, "", f, u32::MAX);
            c.emit(Insn::DefinePrivate { obj: this, key, src: f, flag: U8(2) });
            c.load_binding(sb, "", f, u32::MAX);
            c.emit(Insn::DefinePrivate { obj: this, key, src: f, flag: U8(3) });
            c.release(m);
            continue;
        }
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
    // Decorated classes: the instance method extra initializers run after the private
    // methods are installed, before the fields.
    if let Some(b) = ci.and_then(|ci| ci.instance_inits).filter(|_| phase & PHASE_INITIALIZERS != 0) {
        let l = c.temp();
        c.load_binding(b, "", l, u32::MAX);
        c.emit(Insn::RunInitializers { list: l, this, flag: U8(0) });
        c.release(l.0);
    }
    for el in elements {
        if phase & PHASE_FIELDS == 0 {
            break;
        }
        let m = c.mark();
        let rec = match ci.and_then(|ci| ci.dec_records.get(&el.span().start)).copied() {
            Some(b) => {
                let r = c.temp();
                c.load_binding(b, "", r, u32::MAX);
                Some(r)
            }
            None => None,
        };
        match el {
            ClassElement::AccessorProperty(a) => {
                let Some((storage_b, _)) = ci.and_then(|ci| ci.accessors.get(&a.span.start)).copied() else {
                    c.release(m);
                    continue;
                };
                let v = c.temp();
                let key = c.temp();
                c.load_binding(storage_b, "", key, u32::MAX);
                let fname = match &a.key {
                    PropertyKey::PrivateIdentifier(pi) => Some(format!("#{}", pi.name)),
                    _ => expr::static_key_name(c, &a.key, a.computed).map(|n| String::from_utf16_lossy(&n)),
                };
                match &a.value {
                    Some(val) => expr::expr_named(c, val, v, fname.as_deref())?,
                    None => {
                        c.emit(Insn::LoadUndef { dst: v });
                    }
                }
                if let Some(r) = rec {
                    c.emit(Insn::DecInit { dst: v, rec: r, this });
                }
                c.pos(a.span);
                c.emit(Insn::DefinePrivate { obj: this, key, src: v, flag: U8(0) });
                if let Some(r) = rec {
                    c.emit(Insn::RunInitializers { list: r, this, flag: U8(1) });
                }
            }
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
                if let Some(r) = rec {
                    c.emit(Insn::DecInit { dst: v, rec: r, this });
                }
                c.pos(p.span);
                if private {
                    c.emit(Insn::DefinePrivate { obj: this, key, src: v, flag: U8(0) });
                } else {
                    c.emit(Insn::DefineField { obj: this, key, src: v });
                }
                if let Some(r) = rec {
                    c.emit(Insn::RunInitializers { list: r, this, flag: U8(1) });
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
