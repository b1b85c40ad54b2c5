//! Reference checks over a decoded heap image.

use super::decode::Image;
use crate::modules::Binding;
use crate::object::*;
use crate::shape::ShapeId;
use crate::snapshot::SnapshotError;
use crate::value::*;

type Res<T> = Result<T, SnapshotError>;

/// Reference checks over a decoded image.
pub(super) fn check(im: &Image, at: usize) -> Res<()> {
    let bad = |what: String| Err(SnapshotError::Corrupt { offset: at, what: format!("heap image: {what}") });
    let obj_ok = |o: ObjId| im.objects.live.get(o.0 as usize).copied().unwrap_or(false);
    let str_ok = |s: StrId| im.strings.live.get(s.0 as usize).copied().unwrap_or(false);
    let sym_ok = |s: SymId| im.symbols.live.get(s.0 as usize).copied().unwrap_or(false);
    let val_ok = |v: Value| -> bool {
        let low = v.bits() as u32;
        let mid = (v.bits() >> 32) & 0xFFFF;
        match v.tag() {
            TAG_INT => mid == 0,
            TAG_SPECIAL => mid == 0 && low <= 5,
            TAG_OBJECT => mid == 0 && obj_ok(ObjId(low)),
            TAG_STRING => mid == 0 && str_ok(StrId(low)),
            TAG_SYMBOL => mid == 0 && sym_ok(SymId(low)),
            TAG_BIGINT => mid == 0 && im.bigints.live.get(low as usize).copied().unwrap_or(false),
            _ => f64::from_bits(v.bits()).is_nan() && v.bits() == 0x7FF8_0000_0000_0000 || Value::number(f64::from_bits(v.bits())).bits() == v.bits(),
        }
    };
    let key_ok = |k: PropKey| match k {
        PropKey::Index(_) => true,
        PropKey::Str(s) => str_ok(s) && im.strings[s.0 as usize].interned,
        PropKey::Sym(s) => sym_ok(s),
    };
    let func_ok = |unit: u32, func: u32| im.units.get(unit as usize).is_some_and(|u| (func as usize) < u.unit.functions.len());
    for (i, s) in im.symbols.iter().enumerate() {
        if im.symbols.live[i] && !(s.description.is_undefined() || s.description.as_string().is_some_and(str_ok)) {
            return bad(format!("symbol {i} has a bad description"));
        }
    }
    for i in 1..im.shapes.len() {
        if !im.shapes.get(ShapeId(i as u32)).props.iter().all(|(k, _)| key_ok(*k)) {
            return bad(format!("shape {i} has a bad key"));
        }
    }
    let mut children = Vec::new();
    for (i, o) in im.objects.iter().enumerate() {
        if !im.objects.live[i] {
            continue;
        }
        let fail = |what: &str| bad(format!("object {i}: {what}"));
        if !(o.proto.is_null() || o.proto.as_object().is_some_and(obj_ok)) {
            return fail("bad prototype");
        }
        if o.shape == ShapeId::DICT {
            let Some(d) = &o.dict else { return fail("dictionary object without a dictionary") };
            if !o.slots.is_empty() || !d.iter().all(|(k, _, _)| key_ok(*k)) {
                return fail("bad dictionary");
            }
        } else if o.shape.0 as usize >= im.shapes.len() || o.dict.is_some() {
            return fail("bad shape");
        } else if !matches!(o.kind, ObjectKind::Env { .. }) && im.shapes.get(o.shape).props.len() != o.slots.len() {
            // Scope records keep variables in `slots` without a shape.
            return fail("slots do not match the shape");
        }
        children.clear();
        o.trace(&mut children);
        if let Some(v) = children.iter().find(|v| !val_ok(**v)) {
            return fail(&format!("bad value {:016x}", v.bits()));
        }
        // Typed references that `trace` does not report as values.
        let ok = match &o.kind {
            ObjectKind::Closure(c) => func_ok(c.unit, c.func),
            ObjectKind::Env { scope, .. } => *scope == u32::MAX || im.scopes.get(*scope as usize).is_some_and(|s| s.names.len() <= o.slots.len()),
            ObjectKind::Arguments { mapped: Some(m) } => obj_ok(m.0),
            ObjectKind::WeakRef(v) => val_ok(*v),
            ObjectKind::ModuleNamespace { module, .. } => (*module as usize) < im.records.len(),
            ObjectKind::Map(t) | ObjectKind::Set(t) | ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
                t.entries.iter().flatten().all(|(k, v)| val_ok(*k) && val_ok(*v)) && t.iterators.iter().all(|i| (i.0 as usize) < im.objects.len())
            }
            ObjectKind::Generator(g) => match &g.frame {
                Some(f) => {
                    let closure = im.objects.get(f.closure.0 as usize).filter(|_| obj_ok(f.closure));
                    match closure.map(|c| &c.kind) {
                        Some(ObjectKind::Closure(c)) if func_ok(c.unit, c.func) => {
                            let func = &im.units[c.unit as usize].unit.functions[c.func as usize];
                            f.regs.len() <= func.n_regs as usize
                                && (f.resume_reg == u32::MAX || f.resume_reg + 1 < func.n_regs)
                                && (f.pc as usize) < func.code.len()
                                && f.regs.iter().chain(&f.extra_args).all(|v| val_ok(*v))
                                && val_ok(f.new_target)
                                && g.queue.iter().all(|(_, a, b)| val_ok(*a) && val_ok(*b))
                        }
                        _ => false,
                    }
                }
                None => true,
            },
            ObjectKind::FinalizationRegistry(f) => f.cells.iter().all(|(a, b, c)| val_ok(*a) && val_ok(*b) && val_ok(*c)),
            ObjectKind::ForIn(f) => f.pos <= f.keys.len(),
            _ => true,
        };
        if !ok {
            return fail("bad internal reference");
        }
    }
    // Prototype, bound-target and proxy-target chains must end (the engine walks them).
    let next = |o: usize, which: u8| -> Option<usize> {
        let obj = &im.objects[o];
        let v = match (which, &obj.kind) {
            (0, _) => obj.proto,
            (1, ObjectKind::Bound(b)) => b.target,
            (1, ObjectKind::Proxy { target, .. }) => *target,
            _ => return None,
        };
        v.as_object().map(|x| x.0 as usize)
    };
    for which in 0..2u8 {
        // 0 unvisited, 1 on the current path, 2 done.
        let mut state = vec![0u8; im.objects.len()];
        for start in 0..im.objects.len() {
            if !im.objects.live[start] || state[start] != 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(o) = cur {
                match state[o] {
                    1 => return bad(format!("object {o}: cyclic chain")),
                    2 => break,
                    _ => {}
                }
                state[o] = 1;
                path.push(o);
                cur = next(o, which);
            }
            for o in path {
                state[o] = 2;
            }
        }
    }
    for (i, u) in im.units.iter().enumerate() {
        if !u.consts.iter().chain(u.templates.values()).all(|v| val_ok(*v)) {
            return bad(format!("unit {i}: bad constant"));
        }
        if u.module.is_some_and(|m| m as usize >= im.records.len()) {
            return bad(format!("unit {i}: bad module"));
        }
    }
    for (i, s) in im.scopes.iter().enumerate() {
        if !s.names.iter().all(|(n, _)| str_ok(*n)) {
            return bad(format!("scope {i}: bad name"));
        }
    }
    for (i, m) in im.records.iter().enumerate() {
        let refs_ok = obj_ok(m.env)
            && matches!(im.objects[m.env.0 as usize].kind, ObjectKind::Env { .. })
            && m.unit.is_none_or(|u| (u as usize) < im.units.len())
            && m.requested.iter().all(|r| (*r as usize) < im.records.len())
            && m.imports.iter().all(|b| match b {
                Binding::Slot(o, _) => obj_ok(*o),
                Binding::Namespace(n) | Binding::DeferredNamespace(n) | Binding::Source(n) => (*n as usize) < im.records.len(),
            })
            && [m.gen, m.namespace, m.deferred_namespace, m.meta, m.source].iter().chain(m.capability.iter()).chain(m.error.iter()).all(|v| val_ok(*v))
            && (m.cycle_root == crate::modules::NO_MODULE || (m.cycle_root as usize) < im.records.len())
            && m.async_parents.iter().all(|p| (*p as usize) < im.records.len());
        if !refs_ok {
            return bad(format!("module {i}: bad reference"));
        }
    }
    if !im.by_name.values().chain(im.native.values()).all(|m| (*m as usize) < im.records.len()) {
        return bad("bad module name table".into());
    }
    if !im.registry.values().all(|s| sym_ok(*s)) || !im.persistent.iter().all(|v| val_ok(*v)) {
        return bad("bad symbol registry or persistent handle".into());
    }
    if !im.persistent_free.iter().all(|f| (*f as usize) < im.persistent.len()) {
        return bad("bad persistent free list".into());
    }
    Ok(())
}
