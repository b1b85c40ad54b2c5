//! Destructuring: binding patterns (declarations, parameters) and assignment
//! patterns (`[a, b] = [b, a]`).

use super::*;
use crate::bytecode::{Imm, U8};

pub(crate) fn pattern_symbols(p: &BindingPattern, out: &mut Vec<SymbolId>) {
    match p {
        BindingPattern::BindingIdentifier(id) => {
            if let Some(s) = id.symbol_id.get() {
                out.push(s);
            }
        }
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                pattern_symbols(&prop.value, out);
            }
            if let Some(r) = &o.rest {
                pattern_symbols(&r.argument, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for e in a.elements.iter().flatten() {
                pattern_symbols(e, out);
            }
            if let Some(r) = &a.rest {
                pattern_symbols(&r.argument, out);
            }
        }
        BindingPattern::AssignmentPattern(a) => pattern_symbols(&a.left, out),
    }
}

/// Binds identifier `id` to the value in `src`.
pub(crate) fn bind_identifier(c: &mut Compiler, id: &BindingIdentifier, src: Reg, init: bool) {
    let name = id.name.as_str();
    let Some(sym) = id.symbol_id.get() else {
        let env = c.current_env();
        let k = c.kstr(name);
        let flag = U8(c.fr().strict as u8);
        c.emit(Insn::SetName { env, k, src, flag });
        return;
    };
    let sym = c.annex.var_targets.get(&id.span.start).copied().unwrap_or(sym);
    match c.bindings.get(&sym).copied() {
        Some(b) => {
            if c.dynamic && c.with_depth > 0 && b.kind == BKind::Var {
                let env = c.current_env();
                let k = c.kstr(name);
                let flag = U8(c.fr().strict as u8);
                c.emit(Insn::SetName { env, k, src, flag });
            } else {
                c.store_binding(b, name, src, init, id.span.start);
            }
        }
        None => {
            let env = c.current_env();
            let k = c.kstr(name);
            let flag = U8(c.fr().strict as u8);
            c.emit(Insn::SetName { env, k, src, flag });
        }
    }
}

/// Binds a declaration/parameter pattern to the value in `src`.
pub(crate) fn bind_pattern<'a>(c: &mut Compiler<'_, 'a>, p: &BindingPattern<'a>, src: Reg, init: bool) -> CResult<()> {
    match p {
        BindingPattern::BindingIdentifier(id) => {
            bind_identifier(c, id, src, init);
            Ok(())
        }
        BindingPattern::AssignmentPattern(a) => {
            let m = c.mark();
            let t = c.temp();
            c.emit(Insn::Mov { dst: t, src });
            let j = c.emit(Insn::JumpIfNotUndef { cond: t, target: Lbl(0) });
            let name = match &a.left {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            };
            expr::expr_named(c, &a.right, t, name.as_deref())?;
            c.patch_here(j);
            bind_pattern(c, &a.left, t, init)?;
            c.release(m);
            Ok(())
        }
        BindingPattern::ObjectPattern(o) => {
            let m = c.mark();
            c.pos(o.span);
            c.emit(Insn::RequireCoercible { src });
            let keys = if o.rest.is_some() { Some(c.temp()) } else { None };
            if let Some(k) = keys {
                c.emit(Insn::NewArray { dst: k, cap: Imm(0) });
            }
            for prop in &o.properties {
                let m2 = c.mark();
                let v = c.temp();
                let key = property_key(c, &prop.key, prop.computed)?;
                match key {
                    KeyRef::Named(k) => {
                        let ic = c.ic();
                        c.emit(Insn::GetProp { dst: v, obj: src, k, ic });
                        if let Some(ks) = keys {
                            let kr = c.temp();
                            c.emit(Insn::LoadConst { dst: kr, k });
                            c.emit(Insn::ArrayPush { arr: ks, src: kr });
                        }
                    }
                    KeyRef::Computed(r) => {
                        c.emit(Insn::GetElem { dst: v, obj: src, key: r });
                        if let Some(ks) = keys {
                            c.emit(Insn::ArrayPush { arr: ks, src: r });
                        }
                    }
                }
                bind_pattern(c, &prop.value, v, init)?;
                c.release(m2);
            }
            if let (Some(r), Some(ks)) = (&o.rest, keys) {
                let obj = c.temp();
                c.emit(Insn::NewObject { dst: obj });
                c.emit(Insn::CopyDataProps { dst: obj, src, excl: ks });
                bind_pattern(c, &r.argument, obj, init)?;
            }
            c.release(m);
            Ok(())
        }
        BindingPattern::ArrayPattern(a) => {
            let m = c.mark();
            c.pos(a.span);
            let iter = c.temps(2);
            c.emit(Insn::GetIterator { dst: iter, src, flag: U8(0) });
            let vd = c.temps(2); // value, done
            c.emit(Insn::LoadFalse { dst: Reg(vd.0 + 1) });
            let start = c.pc();
            c.f().ctl.push(Ctl::Pattern(iter, Reg(vd.0 + 1)));
            for e in &a.elements {
                step(c, iter, vd);
                if let Some(e) = e {
                    bind_pattern(c, e, vd, init)?;
                }
            }
            if let Some(r) = &a.rest {
                let arr = c.temp();
                c.emit(Insn::NewArray { dst: arr, cap: Imm(0) });
                let top = c.pc();
                let done = Reg(vd.0 + 1);
                let jd = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
                c.emit(Insn::IterStep { dst: vd, iter });
                let jd2 = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
                c.emit(Insn::ArrayPush { arr, src: vd });
                c.jump_to(top);
                c.patch_here(jd);
                c.patch_here(jd2);
                bind_pattern(c, &r.argument, arr, init)?;
            }
            c.f().ctl.pop();
            close_on_exit(c, iter, vd, start);
            c.release(m);
            Ok(())
        }
    }
}

/// One iterator step for an array pattern element: skips `next()` once done.
fn step(c: &mut Compiler, iter: Reg, vd: Reg) {
    let done = Reg(vd.0 + 1);
    let j = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
    c.emit(Insn::IterStep { dst: vd, iter });
    let j2 = c.jump();
    c.patch_here(j);
    c.emit(Insn::LoadUndef { dst: vd });
    c.patch_here(j2);
}

/// After the elements: close the iterator unless exhausted; on a throw inside
/// the pattern (from `start`), close it too and rethrow.
fn close_on_exit(c: &mut Compiler, iter: Reg, vd: Reg, start: u32) {
    let done = Reg(vd.0 + 1);
    let end = c.pc();
    let j = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
    c.emit(Insn::IterClose { iter, flag: U8(0) });
    let out = c.jump();
    // Exception path.
    let exc = c.temp();
    let handler = c.pc();
    c.f().handlers.push(Handler { start, end, target: handler, reg: exc.0 });
    let j3 = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
    c.emit(Insn::IterClose { iter, flag: U8(1) });
    c.patch_here(j3);
    c.emit(Insn::Throw { src: exc });
    c.patch_here(j);
    c.patch_here(out);
}

pub(crate) enum KeyRef {
    Named(K),
    Computed(Reg),
}

/// Evaluates a property key: a constant for static names, else a register
/// holding the ToPropertyKey'd value.
pub(crate) fn property_key<'a>(c: &mut Compiler<'_, 'a>, key: &PropertyKey<'a>, computed: bool) -> CResult<KeyRef> {
    if !computed {
        match key {
            PropertyKey::StaticIdentifier(id) => return Ok(KeyRef::Named(c.kstr(id.name.as_str()))),
            PropertyKey::StringLiteral(s) => {
                let units = expr::string_units(c, s);
                if !is_index_like(&units) {
                    return Ok(KeyRef::Named(c.kstr16(&units)));
                }
            }
            _ => {}
        }
    }
    let r = c.temp();
    match key {
        PropertyKey::StaticIdentifier(id) => {
            let k = c.kstr(id.name.as_str());
            c.emit(Insn::LoadConst { dst: r, k });
        }
        PropertyKey::PrivateIdentifier(p) => {
            return cerr(p.span, "unexpected private name");
        }
        _ => {
            let e = key.as_expression().ok_or(CError { message: "bad key".into(), offset: 0 })?;
            expr::expr_to(c, e, r)?;
            c.emit(Insn::ToPropertyKey { dst: r, src: r });
        }
    }
    Ok(KeyRef::Computed(r))
}

fn is_index_like(units: &[u16]) -> bool {
    !units.is_empty() && units.iter().all(|&u| (b'0' as u16..=b'9' as u16).contains(&u))
}

/// A prepared assignment target: the reference is evaluated, the value not yet stored.
pub(crate) enum TargetRef<'n, 'a> {
    Ident(&'n IdentifierReference<'a>),
    /// An identifier inside `with`: `base` holds the with-object it resolved to (or undefined).
    NameRef { id: &'n IdentifierReference<'a>, base: Reg },
    Named { obj: Reg, k: K },
    /// `prim_key`: the key expression always yields a primitive, whose
    /// ToPropertyKey has no side effects (see `read_target`).
    Elem { obj: Reg, key: Reg, prim_key: bool },
    Private { obj: Reg, key: Reg },
    Super { base: Reg, key: Reg, this: Reg },
    Pattern(&'n AssignmentTargetPattern<'a>),
}

/// An identifier target. With names resolved at run time (`with`, direct
/// eval) the reference is resolved once, up front: evaluating the rest of the
/// assignment may delete a with object's property or let eval declare a
/// closer var, and the write still goes where the name pointed before.
fn ident_target<'n, 'a>(c: &mut Compiler<'_, 'a>, id: &'n IdentifierReference<'a>) -> TargetRef<'n, 'a> {
    if c.dynamic && !c.resolve(id).is_some_and(|b| matches!(b.loc, Loc::Import(_))) {
        let env = c.current_env();
        let k = c.kstr(id.name.as_str());
        let base = c.temp();
        c.emit(Insn::ResolveRef { dst: base, env, k });
        return TargetRef::NameRef { id, base };
    }
    TargetRef::Ident(id)
}

pub(crate) fn prepare_simple<'n, 'a>(c: &mut Compiler<'_, 'a>, t: &'n SimpleAssignmentTarget<'a>) -> CResult<TargetRef<'n, 'a>> {
    match t {
        SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => Ok(ident_target(c, id)),
        SimpleAssignmentTarget::TSAsExpression(e) => prepare_expr_target(c, &e.expression),
        SimpleAssignmentTarget::TSSatisfiesExpression(e) => prepare_expr_target(c, &e.expression),
        SimpleAssignmentTarget::TSNonNullExpression(e) => prepare_expr_target(c, &e.expression),
        SimpleAssignmentTarget::TSTypeAssertion(e) => prepare_expr_target(c, &e.expression),
        _ => match t.as_member_expression() {
            Some(m) => prepare_member(c, m),
            None => cerr(t.span(), "Invalid assignment target"),
        },
    }
}

fn prepare_expr_target<'n, 'a>(c: &mut Compiler<'_, 'a>, e: &'n Expression<'a>) -> CResult<TargetRef<'n, 'a>> {
    match e {
        Expression::Identifier(id) => Ok(TargetRef::Ident(id)),
        Expression::ParenthesizedExpression(p) => prepare_expr_target(c, &p.expression),
        Expression::TSAsExpression(x) => prepare_expr_target(c, &x.expression),
        Expression::TSSatisfiesExpression(x) => prepare_expr_target(c, &x.expression),
        Expression::TSNonNullExpression(x) => prepare_expr_target(c, &x.expression),
        Expression::TSTypeAssertion(x) => prepare_expr_target(c, &x.expression),
        _ => match e.as_member_expression() {
            Some(m) => prepare_member(c, m),
            None => cerr(e.span(), "Invalid assignment target"),
        },
    }
}

pub(crate) fn prepare_member<'n, 'a>(c: &mut Compiler<'_, 'a>, m: &'n MemberExpression<'a>) -> CResult<TargetRef<'n, 'a>> {
    match m {
        MemberExpression::StaticMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                let this = expr::load_this_reg(c)?;
                let key = c.temp();
                let k = c.kstr(s.property.name.as_str());
                c.emit(Insn::LoadConst { dst: key, k });
                let base = c.temp();
                c.emit(Insn::SuperBase { dst: base });
                return Ok(TargetRef::Super { base, key, this });
            }
            let obj = c.temp();
            expr::expr_to(c, &s.object, obj)?;
            let k = c.kstr(s.property.name.as_str());
            Ok(TargetRef::Named { obj, k })
        }
        MemberExpression::ComputedMemberExpression(s) => {
            if let Expression::Super(_) = s.object {
                // Spec order: this binding, key expression, GetSuperBase; the key is
                // converted when the reference is read or written.
                let this = expr::load_this_reg(c)?;
                let key = c.temp();
                expr::expr_to(c, &s.expression, key)?;
                let base = c.temp();
                c.emit(Insn::SuperBase { dst: base });
                return Ok(TargetRef::Super { base, key, this });
            }
            let obj = c.temp();
            expr::expr_to(c, &s.object, obj)?;
            let key = c.temp();
            expr::expr_to(c, &s.expression, key)?;
            Ok(TargetRef::Elem { obj, key, prim_key: expr::yields_primitive(&s.expression) })
        }
        MemberExpression::PrivateFieldExpression(p) => {
            let obj = c.temp();
            expr::expr_to(c, &p.object, obj)?;
            let key = c.temp();
            expr::load_private_name(c, &p.field, key)?;
            Ok(TargetRef::Private { obj, key })
        }
    }
}

/// Reads the current value of a prepared target (compound assignment).
pub(crate) fn read_target(c: &mut Compiler, t: &TargetRef, dst: Reg) -> CResult<()> {
    match t {
        TargetRef::Ident(id) => expr::load_identifier(c, id, dst),
        TargetRef::Named { obj, k } => {
            let ic = c.ic();
            c.emit(Insn::GetProp { dst, obj: *obj, k: *k, ic });
            Ok(())
        }
        TargetRef::Elem { obj, key, prim_key: true } => {
            // Converting a primitive key calls no user code, so GetElem and
            // SetElem may each do it (and GetElem throws for a nullish base).
            c.emit(Insn::GetElem { dst, obj: *obj, key: *key });
            Ok(())
        }
        TargetRef::Elem { obj, key, .. } => {
            // A nullish base throws before the key is converted; the key is
            // converted once so that get and set see the same key.
            let j = c.emit(Insn::JumpIfNotNullish { cond: *obj, target: Lbl(0) });
            c.emit(Insn::GetElem { dst, obj: *obj, key: *key });
            c.patch_here(j);
            c.emit(Insn::ToPropertyKey { dst: *key, src: *key });
            c.emit(Insn::GetElem { dst, obj: *obj, key: *key });
            Ok(())
        }
        TargetRef::NameRef { id, base } => {
            let k = c.kstr(id.name.as_str());
            let flag = U8(c.fr().strict as u8);
            c.emit(Insn::RefGet { dst, base: *base, k, flag });
            Ok(())
        }
        TargetRef::Private { obj, key } => {
            c.emit(Insn::GetPrivate { dst, obj: *obj, key: *key });
            Ok(())
        }
        TargetRef::Super { base, key, this } => {
            // Read before a write (compound assignment): convert the key once, here.
            c.emit(Insn::ToPropertyKey { dst: *key, src: *key });
            c.emit(Insn::GetSuper { dst, base: *base, key: *key, this: *this });
            Ok(())
        }
        TargetRef::Pattern(p) => cerr(p.span(), "Invalid left-hand side in assignment"),
    }
}

/// Stores `src` into a prepared target.
pub(crate) fn write_target<'a>(c: &mut Compiler<'_, 'a>, t: &TargetRef<'_, 'a>, src: Reg) -> CResult<()> {
    let flag = U8(c.fr().strict as u8);
    match t {
        TargetRef::Ident(id) => expr::store_identifier(c, id, src),
        TargetRef::NameRef { id, base } => {
            let k = c.kstr(id.name.as_str());
            c.emit(Insn::RefSet { base: *base, k, src, flag });
            Ok(())
        }
        TargetRef::Named { obj, k } => {
            let ic = c.ic();
            c.emit(Insn::SetProp { obj: *obj, k: *k, src, flag, ic });
            Ok(())
        }
        TargetRef::Elem { obj, key, .. } => {
            c.emit(Insn::SetElem { obj: *obj, key: *key, src, flag });
            Ok(())
        }
        TargetRef::Private { obj, key } => {
            c.emit(Insn::SetPrivate { obj: *obj, key: *key, src });
            Ok(())
        }
        TargetRef::Super { base, key, this } => {
            c.emit(Insn::SetSuper { base: *base, key: *key, src, this: *this, flag });
            Ok(())
        }
        TargetRef::Pattern(p) => assign_pattern(c, p, src),
    }
}

/// `prepare_target` for a member target whose object (and, for a plain `=`,
/// key) is read from its own register when it is a local that evaluating the
/// key and the value to assign (`later`) cannot reassign. Compound assignment
/// converts the key in place, so it always gets a copy.
pub(crate) fn prepare_target_direct<'n, 'a>(c: &mut Compiler<'_, 'a>, t: &'n AssignmentTarget<'a>, plain: bool, later: &Expression<'a>) -> CResult<TargetRef<'n, 'a>> {
    let m = match t.as_simple_assignment_target().and_then(|s| s.as_member_expression()) {
        Some(m) if !c.dynamic => m,
        _ => return prepare_target(c, t),
    };
    match m {
        MemberExpression::StaticMemberExpression(s) if !matches!(s.object, Expression::Super(_)) => {
            let t = c.temp();
            let obj = if expr::may_change(later, &s.object) {
                expr::expr_to(c, &s.object, t)?;
                t
            } else {
                expr::expr_any(c, &s.object, t)?
            };
            let k = c.kstr(s.property.name.as_str());
            Ok(TargetRef::Named { obj, k })
        }
        MemberExpression::ComputedMemberExpression(s) if !matches!(s.object, Expression::Super(_)) => {
            let t = c.temp();
            let obj = if expr::may_change(&s.expression, &s.object) || expr::may_change(later, &s.object) {
                expr::expr_to(c, &s.object, t)?;
                t
            } else {
                expr::expr_any(c, &s.object, t)?
            };
            let kt = c.temp();
            let key = if plain && !expr::may_change(later, &s.expression) {
                expr::expr_any(c, &s.expression, kt)?
            } else {
                expr::expr_to(c, &s.expression, kt)?;
                kt
            };
            Ok(TargetRef::Elem { obj, key, prim_key: expr::yields_primitive(&s.expression) })
        }
        _ => prepare_target(c, t),
    }
}

pub(crate) fn prepare_target<'n, 'a>(c: &mut Compiler<'_, 'a>, t: &'n AssignmentTarget<'a>) -> CResult<TargetRef<'n, 'a>> {
    match t {
        AssignmentTarget::ArrayAssignmentTarget(_) | AssignmentTarget::ObjectAssignmentTarget(_) => {
            match t.as_assignment_target_pattern() {
                Some(p) => Ok(TargetRef::Pattern(p)),
                None => cerr(t.span(), "Invalid assignment target"),
            }
        }
        _ => match t.as_simple_assignment_target() {
            Some(s) => prepare_simple(c, s),
            None => cerr(t.span(), "Invalid assignment target"),
        },
    }
}

fn assign_maybe_default<'a>(c: &mut Compiler<'_, 'a>, t: &AssignmentTargetMaybeDefault<'a>, src: Reg) -> CResult<()> {
    match t {
        AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
            let m = c.mark();
            let r = prepare_target(c, &d.binding)?;
            let v = c.temp();
            c.emit(Insn::Mov { dst: v, src });
            let j = c.emit(Insn::JumpIfNotUndef { cond: v, target: Lbl(0) });
            let name = match &d.binding {
                AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            };
            expr::expr_named(c, &d.init, v, name.as_deref())?;
            c.patch_here(j);
            write_target(c, &r, v)?;
            c.release(m);
            Ok(())
        }
        _ => {
            let m = c.mark();
            let tgt = t.as_assignment_target().ok_or(CError { message: "Invalid destructuring target".into(), offset: t.span().start })?;
            let r = prepare_target(c, tgt)?;
            write_target(c, &r, src)?;
            c.release(m);
            Ok(())
        }
    }
}

/// Destructuring assignment of `src` into pattern `p`.
pub(crate) fn assign_pattern<'a>(c: &mut Compiler<'_, 'a>, p: &AssignmentTargetPattern<'a>, src: Reg) -> CResult<()> {
    match p {
        AssignmentTargetPattern::ObjectAssignmentTarget(o) => {
            let m = c.mark();
            c.pos(o.span);
            c.emit(Insn::RequireCoercible { src });
            let keys = if o.rest.is_some() { Some(c.temp()) } else { None };
            if let Some(k) = keys {
                c.emit(Insn::NewArray { dst: k, cap: Imm(0) });
            }
            for prop in &o.properties {
                let m2 = c.mark();
                match prop {
                    AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(pi) => {
                        let k = c.kstr(pi.binding.name.as_str());
                        let v = c.temp();
                        let ic = c.ic();
                        c.emit(Insn::GetProp { dst: v, obj: src, k, ic });
                        if let Some(ks) = keys {
                            let kr = c.temp();
                            c.emit(Insn::LoadConst { dst: kr, k });
                            c.emit(Insn::ArrayPush { arr: ks, src: kr });
                        }
                        if let Some(init) = &pi.init {
                            let j = c.emit(Insn::JumpIfNotUndef { cond: v, target: Lbl(0) });
                            expr::expr_named(c, init, v, Some(pi.binding.name.as_str()))?;
                            c.patch_here(j);
                        }
                        expr::store_identifier(c, &pi.binding, v)?;
                    }
                    AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                        let key = property_key(c, &pp.name, pp.computed)?;
                        // The target reference is evaluated before the value is read.
                        let v = c.temp();
                        match key {
                            KeyRef::Named(k) => {
                                let ic = c.ic();
                                c.emit(Insn::GetProp { dst: v, obj: src, k, ic });
                                if let Some(ks) = keys {
                                    let kr = c.temp();
                                    c.emit(Insn::LoadConst { dst: kr, k });
                                    c.emit(Insn::ArrayPush { arr: ks, src: kr });
                                }
                            }
                            KeyRef::Computed(r) => {
                                c.emit(Insn::GetElem { dst: v, obj: src, key: r });
                                if let Some(ks) = keys {
                                    c.emit(Insn::ArrayPush { arr: ks, src: r });
                                }
                            }
                        }
                        assign_maybe_default(c, &pp.binding, v)?;
                    }
                }
                c.release(m2);
            }
            if let (Some(r), Some(ks)) = (&o.rest, keys) {
                let tgt = prepare_target(c, &r.target)?;
                let obj = c.temp();
                c.emit(Insn::NewObject { dst: obj });
                c.emit(Insn::CopyDataProps { dst: obj, src, excl: ks });
                write_target(c, &tgt, obj)?;
            }
            c.release(m);
            Ok(())
        }
        AssignmentTargetPattern::ArrayAssignmentTarget(a) => {
            let m = c.mark();
            c.pos(a.span);
            let iter = c.temps(2);
            c.emit(Insn::GetIterator { dst: iter, src, flag: U8(0) });
            let vd = c.temps(2);
            c.emit(Insn::LoadFalse { dst: Reg(vd.0 + 1) });
            let start = c.pc();
            c.f().ctl.push(Ctl::Pattern(iter, Reg(vd.0 + 1)));
            for e in &a.elements {
                let m2 = c.mark();
                match e {
                    None => step(c, iter, vd),
                    Some(AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d)) => {
                        let r = prepare_target(c, &d.binding)?;
                        step(c, iter, vd);
                        let v = c.temp();
                        c.emit(Insn::Mov { dst: v, src: vd });
                        let j = c.emit(Insn::JumpIfNotUndef { cond: v, target: Lbl(0) });
                        let name = match &d.binding {
                            AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
                            _ => None,
                        };
                        expr::expr_named(c, &d.init, v, name.as_deref())?;
                        c.patch_here(j);
                        write_target(c, &r, v)?;
                    }
                    Some(other) => {
                        let tgt = other.as_assignment_target().ok_or(CError { message: "Invalid destructuring target".into(), offset: a.span.start })?;
                        let r = prepare_target(c, tgt)?;
                        step(c, iter, vd);
                        write_target(c, &r, vd)?;
                    }
                }
                c.release(m2);
            }
            if let Some(r) = &a.rest {
                let tgt = prepare_target(c, &r.target)?;
                let arr = c.temp();
                c.emit(Insn::NewArray { dst: arr, cap: Imm(0) });
                let done = Reg(vd.0 + 1);
                let top = c.pc();
                let jd = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
                c.emit(Insn::IterStep { dst: vd, iter });
                let jd2 = c.emit(Insn::JumpIfTrue { cond: done, target: Lbl(0) });
                c.emit(Insn::ArrayPush { arr, src: vd });
                c.jump_to(top);
                c.patch_here(jd);
                c.patch_here(jd2);
                write_target(c, &tgt, arr)?;
            }
            c.f().ctl.pop();
            close_on_exit(c, iter, vd, start);
            c.release(m);
            Ok(())
        }
    }
}
