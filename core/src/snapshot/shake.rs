//! Tree shaking of an assembly (`gannet compile --tree-shake`).
//!
//! Rules (documented in docs/tree-shaking.md):
//! * Used exports: every export of an entry module, of a module named by a
//!   literal `import()`, of a module imported as a namespace (`import * as`,
//!   `export * as`), and of every module when the program contains an
//!   `import()` whose specifier is not a string literal. Otherwise a name is
//!   used when an import entry that stays in some module's import table
//!   names it; `export { x } from` forwards usage, `export *` forwards usage
//!   of names not found locally.
//! * Import entries whose binding is not read by emitted code (neither by
//!   the compiler's reference analysis nor by an `LdImport` in the code) are
//!   removed, when the name resolves (so that a link error is not hidden).
//! * Unused exports leave the export table; their declarations disappear
//!   when side-effect free and no longer referenced (`compiler/shake.rs`).
//! * A module is dropped when it is not an entry nor an `import()` target,
//!   none of its exports is used, and it and every module it requests
//!   (transitively) have side-effect-free top levels; the requests naming it
//!   go away with it. Modules no longer reached at all are dropped too.
//! * Everything is recompiled from source until nothing changes, then units
//!   are renumbered and every rewritten unit is verified.

use super::{Contents, UnitEntry};
use crate::bytecode::{verify::verify_unit, CodeUnit, Insn, ModuleInfo};
use crate::compiler::shake::{Request, ShakeReport, ShakeSpec};
use crate::compiler::{self, CompileOptions, Goal};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Script,
    Module,
}

/// Which exports of a module are used.
#[derive(Default, Clone)]
struct Used {
    all: bool,
    names: BTreeSet<String>,
}

impl Used {
    fn any(&self) -> bool {
        self.all || !self.names.is_empty()
    }
    fn has(&self, n: &str) -> bool {
        self.all || self.names.contains(n)
    }
}

/// Whether an import name resolves in the original module graph.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Res {
    Found,
    Missing,
    /// Ambiguous, or through a module outside the snapshot.
    Unknown,
}

struct Shaker<'c> {
    orig: &'c [UnitEntry],
    kinds: Vec<Kind>,
    /// Original module records (empty for JSON and scripts).
    infos: Vec<ModuleInfo>,
    /// Per unit: request → its unit in the snapshot (original numbering).
    req_target: Vec<HashMap<Request, Option<u32>>>,
    /// Per unit: literal `import()` specifier → its unit.
    dyn_target: Vec<HashMap<String, Option<u32>>>,
    entries: HashSet<usize>,
}

fn req_of(r: &(Box<str>, Option<Box<str>>)) -> Request {
    (r.0.to_string(), r.1.as_deref().map(str::to_string))
}

impl Shaker<'_> {
    fn target(&self, u: usize, req: &Request) -> Option<usize> {
        self.req_target
            .get(u)
            .and_then(|m| m.get(req))
            .copied()
            .flatten()
            .map(|t| t as usize)
    }

    fn orig_target_of_request(&self, u: usize, req_index: u32) -> Option<usize> {
        let r = self.infos.get(u)?.requests.get(req_index as usize)?;
        self.target(u, &req_of(r))
    }

    fn export_names(&self, u: usize) -> Vec<String> {
        match self.kinds[u] {
            Kind::Json => vec!["default".into()],
            Kind::Script => Vec::new(),
            Kind::Module => {
                let info = &self.infos[u];
                info.local_exports
                    .iter()
                    .map(|(n, _)| n.to_string())
                    .chain(info.indirect_exports.iter().map(|(n, _, _)| n.to_string()))
                    .collect()
            }
        }
    }

    fn resolve(&self, u: usize, name: &str, seen: &mut HashSet<(usize, String)>) -> Res {
        if !seen.insert((u, name.to_string())) {
            return Res::Missing;
        }
        match self.kinds[u] {
            Kind::Json => {
                return if name == "default" {
                    Res::Found
                } else {
                    Res::Missing
                }
            }
            Kind::Script => return Res::Missing,
            Kind::Module => {}
        }
        let info = &self.infos[u];
        if info.local_exports.iter().any(|(n, _)| &**n == name) {
            return Res::Found;
        }
        if let Some((_, req, imported)) =
            info.indirect_exports.iter().find(|(n, _, _)| &**n == name)
        {
            let Some(t) = self.orig_target_of_request(u, *req) else {
                return Res::Unknown;
            };
            return match imported {
                None => Res::Found,
                Some(i) => self.resolve(t, i, seen),
            };
        }
        if name == "default" {
            return Res::Missing;
        }
        let mut found = 0;
        for &req in &info.star_exports {
            let Some(t) = self.orig_target_of_request(u, req) else {
                return Res::Unknown;
            };
            match self.resolve(t, name, seen) {
                Res::Found => found += 1,
                Res::Unknown => return Res::Unknown,
                Res::Missing => {}
            }
        }
        match found {
            0 => Res::Missing,
            1 => Res::Found,
            _ => Res::Unknown,
        }
    }

    /// Marks (unit, name) used (`None` = all exports) and forwards the usage.
    fn mark(&self, used: &mut [Used], start: Vec<(usize, Option<String>)>) {
        let mut work = start;
        while let Some((u, name)) = work.pop() {
            let Some(entry) = used.get_mut(u) else {
                continue;
            };
            if entry.all {
                continue;
            }
            let info = &self.infos[u];
            match name {
                None => {
                    entry.all = true;
                    for (_, req, imported) in &info.indirect_exports {
                        if let Some(t) = self.orig_target_of_request(u, *req) {
                            work.push((t, imported.as_deref().map(str::to_string)));
                        }
                    }
                    for &req in &info.star_exports {
                        if let Some(t) = self.orig_target_of_request(u, req) {
                            work.push((t, None));
                        }
                    }
                }
                Some(n) => {
                    if !entry.names.insert(n.clone())
                        || info.local_exports.iter().any(|(x, _)| **x == *n)
                    {
                        continue;
                    }
                    if let Some((_, req, imported)) =
                        info.indirect_exports.iter().find(|(x, _, _)| **x == *n)
                    {
                        if let Some(t) = self.orig_target_of_request(u, *req) {
                            work.push((t, imported.as_deref().map(str::to_string)));
                        }
                        continue;
                    }
                    if n != "default" {
                        for &req in &info.star_exports {
                            if let Some(t) = self.orig_target_of_request(u, req) {
                                work.push((t, Some(n.clone())));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Enter and finish times of a depth-first walk over the current requests,
/// from the entries, then from `import()` targets (module evaluation order).
fn evaluation_order(
    sh: &Shaker,
    compiled: &[Option<Compiled>],
    dropped: &[bool],
    dyn_targets: &HashSet<usize>,
) -> HashMap<usize, (usize, usize)> {
    let mut times: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut clock = 0usize;
    let mut roots: Vec<usize> = sh.entries.iter().copied().collect();
    roots.sort();
    let mut dyn_roots: Vec<usize> = dyn_targets.iter().copied().collect();
    dyn_roots.sort();
    roots.extend(dyn_roots);
    for root in roots {
        if times.contains_key(&root) || dropped.get(root).copied().unwrap_or(true) {
            continue;
        }
        // (unit, next request index)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        times.insert(root, (clock, usize::MAX));
        clock += 1;
        while let Some(&mut (u, ref mut i)) = stack.last_mut() {
            let requests = compiled
                .get(u)
                .and_then(|c| c.as_ref())
                .and_then(|c| c.unit.module.as_ref())
                .map(|m| m.requests.as_slice())
                .unwrap_or(&[]);
            if let Some(r) = requests.get(*i) {
                *i += 1;
                if let Some(t) = sh.target(u, &req_of(r)) {
                    if !times.contains_key(&t) && !dropped[t] {
                        times.insert(t, (clock, usize::MAX));
                        clock += 1;
                        stack.push((t, 0));
                    }
                }
            } else {
                if let Some(e) = times.get_mut(&u) {
                    e.1 = clock;
                }
                clock += 1;
                stack.pop();
            }
        }
    }
    times
}

/// Per compiled module: the unit and what the compiler reported.
struct Compiled {
    spec: Arc<ShakeSpec>,
    unit: Arc<CodeUnit>,
    report: ShakeReport,
}

fn loaded_imports(unit: &CodeUnit) -> HashSet<usize> {
    let mut out = HashSet::new();
    for f in &unit.functions {
        for insn in f.code.iter() {
            if let Insn::LdImport { imm, .. } = insn {
                out.insert(imm.0 as usize);
            }
        }
    }
    out
}

fn function_count(units: &[UnitEntry]) -> usize {
    units.iter().map(|u| u.unit.functions.len()).sum()
}

fn is_ts(name: &str) -> bool {
    [".ts", ".mts", ".cts", ".tsx"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Whether `unit` was compiled as TypeScript: the setting under which
/// compiling its source again gives the same unit (by default, its extension).
fn same_settings(source: &str, unit: &CodeUnit, goal: Goal) -> bool {
    let guess = is_ts(&unit.source_name);
    for ts in [guess, !guess] {
        let opts = CompileOptions {
            goal: goal.clone(),
            typescript: ts,
            force_strict: false,
        };
        if let Ok(mut again) = compiler::compile(source, &unit.source_name, &opts) {
            again.source = unit.source.clone();
            if again == *unit {
                return ts;
            }
        }
    }
    guess
}

/// Drops what the assembly does not use. Returns a log of what was dropped
/// and kept, and why. On any inconsistency the contents are left unchanged.
pub fn shake(c: &mut Contents) -> Vec<String> {
    let mut log = Vec::new();
    match shake_inner(c, &mut log) {
        Ok(()) => c.tree_shaken = true,
        Err(why) => log.push(format!(
            "tree-shake: not applied ({why}); the program is kept whole"
        )),
    }
    log
}

fn shake_inner(c: &mut Contents, log: &mut Vec<String>) -> Result<(), String> {
    let orig = c.units.clone();
    let n = orig.len();
    let kinds: Vec<Kind> = orig
        .iter()
        .map(|u| {
            if u.json {
                Kind::Json
            } else if u.unit.module.is_some() {
                Kind::Module
            } else {
                Kind::Script
            }
        })
        .collect();
    let infos: Vec<ModuleInfo> = orig
        .iter()
        .map(|u| u.unit.module.clone().unwrap_or_default())
        .collect();
    let req_target = orig
        .iter()
        .zip(&infos)
        .map(|(u, info)| {
            info.requests
                .iter()
                .zip(&u.targets)
                .map(|(r, t)| (req_of(r), t.filter(|&t| (t as usize) < n)))
                .collect()
        })
        .collect();
    let dyn_target = orig
        .iter()
        .map(|u| {
            u.unit
                .dynamic_imports
                .iter()
                .zip(&u.dyn_targets)
                .map(|(s, t)| (s.to_string(), t.filter(|&t| (t as usize) < n)))
                .collect()
        })
        .collect();
    let entries: HashSet<usize> = c
        .assemblies
        .iter()
        .map(|a| a.entry_unit as usize)
        .filter(|&u| u < n)
        .collect();
    let sh = Shaker {
        orig: &orig,
        kinds,
        infos,
        req_target,
        dyn_target,
        entries,
    };

    let mut specs: Vec<Arc<ShakeSpec>> = (0..n).map(|_| Arc::new(ShakeSpec::default())).collect();
    let mut compiled: Vec<Option<Compiled>> = (0..n).map(|_| None).collect();
    let mut dropped = vec![false; n];
    let mut used: Vec<Used> = vec![Used::default(); n];
    let mut pure_closed = vec![false; n];
    let mut non_literal: Option<usize> = None;
    let mut settled = false;
    // Per unit: compiled as TypeScript (found on first compile).
    let mut typescript: Vec<Option<bool>> = vec![None; n];
    for _round in 0..64 {
        // Compile what changed.
        for u in 0..n {
            if dropped[u] || sh.kinds[u] == Kind::Json {
                continue;
            }
            if compiled[u].as_ref().is_some_and(|x| x.spec == specs[u]) {
                continue;
            }
            let e = &sh.orig[u];
            let Some(source) = e.unit.source.clone() else {
                return Err(format!("{} has no source text", e.name));
            };
            let goal = if sh.kinds[u] == Kind::Module {
                Goal::Module
            } else {
                Goal::Script
            };
            let typescript =
                *typescript[u].get_or_insert_with(|| same_settings(&source, &e.unit, goal.clone()));
            let opts = CompileOptions {
                goal,
                typescript,
                force_strict: false,
            };
            let (mut unit, report) =
                compiler::compile_shaken(&source, &e.unit.source_name, &opts, specs[u].clone())
                    .map_err(|err| format!("{} does not compile again: {}", e.name, err.message))?;
            if let Some(conflict) = report.conflicts.first() {
                return Err(format!("{}: {conflict}", e.name));
            }
            unit.source = Some(source);
            compiled[u] = Some(Compiled {
                spec: specs[u].clone(),
                unit: Arc::new(unit),
                report,
            });
        }
        if non_literal.is_none() {
            non_literal = (0..n).find(|&u| {
                compiled[u]
                    .as_ref()
                    .is_some_and(|x| x.report.non_literal_import)
            });
        }

        // Which exports are used.
        used = vec![Used::default(); n];
        let mut seeds: Vec<(usize, Option<String>)> = Vec::new();
        for u in 0..n {
            if dropped[u] {
                continue;
            }
            if sh.entries.contains(&u) || non_literal.is_some() {
                seeds.push((u, None));
            }
            let Some(cu) = &compiled[u] else { continue };
            for spec in &cu.unit.dynamic_imports {
                if let Some(Some(t)) = sh.dyn_target[u].get(&**spec) {
                    seeds.push((*t as usize, None));
                }
            }
            if let Some(info) = &cu.unit.module {
                for imp in &info.imports {
                    let Some(r) = info.requests.get(imp.request as usize) else {
                        continue;
                    };
                    if let Some(t) = sh.target(u, &req_of(r)) {
                        seeds.push((t, imp.name.as_deref().map(str::to_string)));
                    }
                }
            }
        }
        sh.mark(&mut used, seeds);

        // Modules whose evaluation (with their dependencies) has no effect.
        pure_closed = (0..n)
            .map(|u| match sh.kinds[u] {
                Kind::Json => true,
                Kind::Script => false,
                Kind::Module => {
                    compiled[u]
                        .as_ref()
                        .is_some_and(|x| x.report.pure_top_level)
                        || dropped[u]
                }
            })
            .collect();
        loop {
            let mut changed = false;
            for u in 0..n {
                if !pure_closed[u] || dropped[u] {
                    continue;
                }
                let Some(info) = compiled[u].as_ref().and_then(|x| x.unit.module.as_ref()) else {
                    continue;
                };
                let ok = info
                    .requests
                    .iter()
                    .all(|r| sh.target(u, &req_of(r)).is_some_and(|t| pure_closed[t]));
                if !ok {
                    pure_closed[u] = false;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        // Reachability from the entries through the current code.
        let mut reached = vec![false; n];
        let mut stack: Vec<usize> = sh.entries.iter().copied().collect();
        while let Some(u) = stack.pop() {
            if reached[u] || dropped[u] {
                continue;
            }
            reached[u] = true;
            let Some(cu) = &compiled[u] else { continue };
            if let Some(info) = &cu.unit.module {
                for r in &info.requests {
                    if let Some(t) = sh.target(u, &req_of(r)) {
                        stack.push(t);
                    }
                }
            }
            for spec in &cu.unit.dynamic_imports {
                if let Some(Some(t)) = sh.dyn_target[u].get(&**spec) {
                    stack.push(*t as usize);
                }
            }
        }
        let mut dyn_targets: HashSet<usize> = HashSet::new();
        for u in (0..n).filter(|&u| !dropped[u]) {
            let Some(cu) = &compiled[u] else { continue };
            for s in &cu.unit.dynamic_imports {
                if let Some(Some(t)) = sh.dyn_target[u].get(&**s) {
                    dyn_targets.insert(*t as usize);
                }
            }
        }
        // Evaluation order (depth first, requests in order): a request of a
        // module to drop must name a module evaluated before it anyway, or
        // one whose evaluation has no effect.
        let order = evaluation_order(&sh, &compiled, &dropped, &dyn_targets);
        let mut new_dropped = dropped.clone();
        if non_literal.is_none() {
            for u in 0..n {
                let pure_here = match sh.kinds[u] {
                    Kind::Json => true,
                    Kind::Script => false,
                    Kind::Module => compiled[u]
                        .as_ref()
                        .is_some_and(|x| x.report.pure_top_level),
                };
                let requests_safe = compiled[u].as_ref().and_then(|x| x.unit.module.as_ref()).is_none_or(|info| {
                    info.requests.iter().all(|r| {
                        sh.target(u, &req_of(r)).is_some_and(|t| pure_closed[t] || matches!((order.get(&t), order.get(&u)), (Some(&(_, ft)), Some(&(eu, _))) if ft < eu))
                    })
                });
                let removable = !sh.entries.contains(&u)
                    && !dyn_targets.contains(&u)
                    && !used[u].any()
                    && pure_here
                    && requests_safe;
                if removable || !reached[u] {
                    new_dropped[u] = true;
                }
            }
        }

        // What each kept module drops.
        let mut new_specs = specs.clone();
        for u in 0..n {
            if new_dropped[u] || sh.kinds[u] != Kind::Module {
                continue;
            }
            let Some(cu) = &compiled[u] else { continue };
            let mut spec = (*specs[u]).clone();
            for name in sh.export_names(u) {
                if !used[u].has(&name) {
                    spec.drop_exports.insert(name);
                }
            }
            for r in &sh.infos[u].requests {
                let r = req_of(r);
                if sh.target(u, &r).is_some_and(|t| new_dropped[t]) {
                    spec.drop_requests.insert(r);
                }
            }
            if let Some(info) = &cu.unit.module {
                let loaded = loaded_imports(&cu.unit);
                for (k, imp) in info.imports.iter().enumerate() {
                    let live = cu.report.import_live.get(k).copied().unwrap_or(true)
                        || loaded.contains(&k);
                    // `import source x` fails at link time for a JS module: keep it.
                    if live || info.phase(imp.request) == crate::bytecode::phase::SOURCE {
                        continue;
                    }
                    let Some(r) = info.requests.get(imp.request as usize) else {
                        continue;
                    };
                    let r = req_of(r);
                    let Some(t) = sh.target(u, &r) else { continue };
                    let ok = match &imp.name {
                        None => true,
                        Some(name) => sh.resolve(t, name, &mut HashSet::new()) == Res::Found,
                    };
                    if ok {
                        spec.drop_imports
                            .insert((r, imp.name.as_deref().map(str::to_string)));
                    }
                }
            }
            if spec != *specs[u] {
                new_specs[u] = Arc::new(spec);
            }
        }
        if new_specs == specs && new_dropped == dropped {
            settled = true;
            break;
        }
        specs = new_specs;
        dropped = new_dropped;
    }
    if !settled {
        return Err("no fixed point after 64 rounds".into());
    }

    // Renumber the units that stay.
    let mut index: Vec<Option<u32>> = vec![None; n];
    let mut next = 0u32;
    for u in 0..n {
        if !dropped[u] {
            index[u] = Some(next);
            next += 1;
        }
    }
    let renumber = |t: Option<u32>| -> Option<u32> {
        t.and_then(|t| index.get(t as usize).copied().flatten())
    };
    let mut units = Vec::new();
    for u in 0..n {
        if dropped[u] {
            continue;
        }
        let e = &sh.orig[u];
        let unit = match (&compiled[u], sh.kinds[u]) {
            (Some(cu), Kind::Module) => cu.unit.clone(),
            _ => e.unit.clone(),
        };
        if sh.kinds[u] == Kind::Module {
            verify_unit(&unit).map_err(|v| {
                format!(
                    "{}: the rewritten unit does not verify: function {} pc {}: {}",
                    e.name, v.function, v.pc, v.message
                )
            })?;
        }
        let targets: Vec<Option<u32>> = match &unit.module {
            Some(info) => info
                .requests
                .iter()
                .map(|r| renumber(sh.target(u, &req_of(r)).map(|t| t as u32)))
                .collect(),
            None => Vec::new(),
        };
        for (r, t) in unit
            .module
            .iter()
            .flat_map(|i| i.requests.iter())
            .zip(&targets)
        {
            if t.is_none() && sh.target(u, &req_of(r)).is_some() {
                return Err(format!("{}: request '{}' lost its module", e.name, r.0));
            }
        }
        let dyn_targets: Vec<Option<u32>> = unit
            .dynamic_imports
            .iter()
            .map(|s| renumber(sh.dyn_target[u].get(&**s).copied().flatten()))
            .collect();
        units.push(UnitEntry {
            name: e.name.clone(),
            unit,
            targets,
            dyn_targets,
            json: e.json,
        });
    }

    // The log.
    let name_of = |u: usize| sh.orig[u].name.clone();
    if let Some(u) = non_literal {
        log.push(format!(
            "kept: every module and export (import() with a non-literal specifier in {})",
            name_of(u)
        ));
    }
    let mut exports_dropped = 0usize;
    for u in 0..n {
        if dropped[u] {
            let why = if sh.entries.iter().all(|&e| e != u) && !used[u].any() && pure_closed[u] {
                "no export used, no side effects"
            } else {
                "no longer reached"
            };
            log.push(format!("dropped: {} ({why})", name_of(u)));
            exports_dropped += sh.export_names(u).len();
            continue;
        }
        let why = if sh.entries.contains(&u) {
            "entry".to_string()
        } else if let Some((from, spec)) = (0..n).filter(|&v| !dropped[v]).find_map(|v| {
            let cu = compiled[v].as_ref()?;
            cu.unit
                .dynamic_imports
                .iter()
                .find(|s| sh.dyn_target[v].get(&***s).copied().flatten() == Some(u as u32))
                .map(|s| (v, s.to_string()))
        }) {
            format!("reached by import('{spec}') in {}", name_of(from))
        } else if used[u].all {
            "all exports used (namespace import or export * as)".to_string()
        } else if used[u].any() {
            format!(
                "exports used: {}",
                used[u].names.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        } else if let Some(cu) = compiled[u].as_ref().filter(|cu| !cu.report.pure_top_level) {
            format!("top level has side effects: {}", cu.report.impure_reason)
        } else if sh.kinds[u] == Kind::Script {
            "classic script".to_string()
        } else {
            "imports a module with side effects".to_string()
        };
        log.push(format!("kept: {} ({why})", name_of(u)));
        if let Some(cu) = &compiled[u] {
            for (export, what) in &cu.report.removed_exports {
                log.push(format!(
                    "dropped export: {}: {export} (unused; {what} removed)",
                    name_of(u)
                ));
                exports_dropped += 1;
            }
            for (export, why) in &cu.report.kept_declarations {
                log.push(format!(
                    "dropped export: {}: {export} (unused; declaration kept: {why})",
                    name_of(u)
                ));
                exports_dropped += 1;
            }
            for local in &cu.report.removed_locals {
                log.push(format!(
                    "dropped: {}: {local} (no longer referenced)",
                    name_of(u)
                ));
            }
        }
    }
    let before_fns = function_count(&orig);
    let after_fns = function_count(&units);
    for a in &mut c.assemblies {
        a.entry_unit = renumber(Some(a.entry_unit)).ok_or("an entry unit was dropped")?;
    }
    log.push(format!(
        "tree-shake: {} modules -> {}, {} functions -> {}, {} exports dropped",
        n,
        units.len(),
        before_fns,
        after_fns,
        exports_dropped
    ));
    c.units = units;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::shake;
    use crate::host::{Host, ModuleSource};
    use crate::snapshot::assemble::{assemble, Entry};
    use crate::snapshot::{Contents, EngineLayout, Snapshot};
    use std::collections::HashMap;
    use std::sync::Arc;

    /// Modules in memory, under `/app`.
    #[derive(Clone)]
    struct MemHost {
        files: HashMap<String, String>,
    }

    fn normalize(path: &str) -> String {
        let mut out: Vec<&str> = Vec::new();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    out.pop();
                }
                p => out.push(p),
            }
        }
        format!("/{}", out.join("/"))
    }

    impl Host for MemHost {
        fn resolve_module(
            &mut self,
            specifier: &str,
            referrer: Option<&str>,
        ) -> Result<String, String> {
            let dir = referrer
                .and_then(|r| r.rfind('/').map(|i| &r[..i]))
                .unwrap_or("/app");
            let name = if specifier.starts_with('/') {
                normalize(specifier)
            } else {
                normalize(&format!("{dir}/{specifier}"))
            };
            if self.files.contains_key(&name) {
                Ok(name)
            } else {
                Err(format!("Cannot find module '{specifier}'"))
            }
        }
        fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
            let text = self
                .files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("Cannot find module '{name}'"))?;
            if name.ends_with(".json") {
                Ok(ModuleSource::Json(text))
            } else {
                Ok(ModuleSource::Source {
                    text,
                    typescript: name.ends_with(".ts"),
                })
            }
        }
    }

    fn host(files: &[(&str, &str)]) -> MemHost {
        MemHost {
            files: files
                .iter()
                .map(|(n, t)| (format!("/app/{n}"), t.to_string()))
                .collect(),
        }
    }

    fn build(files: &[(&str, &str)]) -> Contents {
        let mut h = host(files);
        let src = h.files.get("/app/main.mjs").cloned().unwrap_or_default();
        let entry = Entry {
            name: "/app/main.mjs",
            source: &src,
            module: true,
            typescript: false,
        };
        match assemble(&mut h, &entry, EngineLayout::current().builtins) {
            Ok(a) => a.contents,
            Err(e) => panic!("assemble failed: {e}"),
        }
    }

    /// Runs the program and returns `globalThis.out.join("|")` (or the error).
    fn run(files: &[(&str, &str)], c: &Contents) -> String {
        let bytes = crate::snapshot::write::write(c);
        let snap = match Snapshot::load(Arc::new(bytes), EngineLayout::current().builtins, "/app") {
            Ok(s) => Arc::new(s),
            Err(e) => return format!("load error: {e}"),
        };
        let mut iso = crate::Isolate::new(host(files));
        if let Err(e) = iso.eval_to_string("globalThis.out = []") {
            return format!("setup error: {e:?}");
        }
        if let Err(e) = iso.run_snapshot(&snap) {
            return format!("error: {e:?}");
        }
        if let Err(e) = iso.run_jobs() {
            return format!("error: {e:?}");
        }
        iso.eval_to_string("globalThis.out.join('|')")
            .unwrap_or_else(|e| format!("error: {e:?}"))
    }

    /// Shakes the program, checks that it prints the same, returns the shaken contents and log.
    fn shaken(files: &[(&str, &str)]) -> (Contents, Contents, Vec<String>) {
        let before = build(files);
        let mut after = before.clone();
        let log = shake(&mut after);
        assert!(after.tree_shaken, "not applied: {log:?}");
        let (a, b) = (run(files, &before), run(files, &after));
        assert_eq!(a, b, "shaken program behaves differently; log: {log:#?}");
        assert!(!a.contains("error"), "{a}");
        (before, after, log)
    }

    fn unit<'c>(c: &'c Contents, name: &str) -> Option<&'c crate::snapshot::UnitEntry> {
        c.units.iter().find(|u| u.name == name)
    }

    fn exports(c: &Contents, name: &str) -> Vec<String> {
        let Some(u) = unit(c, name) else {
            return Vec::new();
        };
        let Some(m) = &u.unit.module else {
            return Vec::new();
        };
        m.local_exports
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(m.indirect_exports.iter().map(|(n, _, _)| n.to_string()))
            .collect()
    }

    fn functions(c: &Contents) -> usize {
        c.units.iter().map(|u| u.unit.functions.len()).sum()
    }

    #[test]
    fn unused_exports_and_their_functions_go() {
        let files = [
            ("main.mjs", "import { used } from './lib.mjs'; out.push(used());"),
            ("lib.mjs", "function helper() { return 1; }\nexport function used() { return 'used'; }\nexport function unused() { return helper(); }\nexport const k = 3;\nexport const calls = [1].map(x => x);"),
        ];
        let (before, after, log) = shaken(&files);
        assert_eq!(run(&files, &after), "used");
        assert_eq!(exports(&after, "lib.mjs"), vec!["used".to_string()]);
        assert!(functions(&after) < functions(&before), "{log:?}");
        assert!(log.iter().any(|l| l == "dropped export: lib.mjs: unused (unused; function `unused` removed)"), "{log:#?}");
        assert!(
            log.iter().any(|l| l.starts_with(
                "dropped export: lib.mjs: calls (unused; declaration kept: not removable"
            )),
            "{log:#?}"
        );
        assert!(
            log.iter()
                .any(|l| l.contains("function `helper` (no longer referenced)")),
            "{log:#?}"
        );
        assert!(
            log.last()
                .is_some_and(|l| l.starts_with("tree-shake: 2 modules -> 2, ")),
            "{log:#?}"
        );
    }

    #[test]
    fn unreachable_pure_modules_are_dropped_and_units_renumbered() {
        let files = [
            ("main.mjs", "import { a } from './pure.mjs';\nimport './side.mjs';\nimport { c } from './c.mjs';\nout.push(c);"),
            ("pure.mjs", "import { deep } from './deep.mjs';\nexport function a() { return deep; }"),
            ("deep.mjs", "export const deep = 1;"),
            ("side.mjs", "out.push('side');\nexport function s() {}"),
            ("c.mjs", "export const c = 'c';"),
        ];
        let (_, after, log) = shaken(&files);
        let names: Vec<&str> = after.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, vec!["main.mjs", "side.mjs", "c.mjs"], "{log:#?}");
        assert!(
            log.iter()
                .any(|l| l == "dropped: pure.mjs (no export used, no side effects)"),
            "{log:#?}"
        );
        assert!(
            log.iter()
                .any(|l| l.starts_with("kept: side.mjs (top level has side effects")),
            "{log:#?}"
        );
        // main's remaining requests point at the renumbered units.
        assert_eq!(after.units[0].targets, vec![Some(1), Some(2)]);
        assert_eq!(after.assemblies[0].entry_unit, 0);
    }

    #[test]
    fn dynamic_import_targets_keep_every_export() {
        let files = [
            (
                "main.mjs",
                "const m = await import('./lazy.mjs'); out.push(m.one());",
            ),
            (
                "lazy.mjs",
                "export function one() { return 1; }\nexport function two() { return 2; }",
            ),
        ];
        let (_, after, log) = shaken(&files);
        assert_eq!(
            exports(&after, "lazy.mjs"),
            vec!["one".to_string(), "two".to_string()]
        );
        assert!(
            log.iter()
                .any(|l| l == "kept: lazy.mjs (reached by import('./lazy.mjs') in main.mjs)"),
            "{log:#?}"
        );
    }

    #[test]
    fn non_literal_import_keeps_everything() {
        let files = [
            ("main.mjs", "import { x } from './a.mjs'; const n = './a.mjs'; const m = await import(n); out.push(x, m.y);"),
            ("a.mjs", "export const x = 'x';\nexport const y = 'y';\nexport const z = 'z';"),
            ("b.mjs", "export const unrelated = 1;"),
        ];
        let (_, after, log) = shaken(&files);
        assert_eq!(exports(&after, "a.mjs").len(), 3, "{log:#?}");
        assert!(
            log.iter()
                .any(|l| l.starts_with("kept: every module and export")),
            "{log:#?}"
        );
    }

    #[test]
    fn namespace_imports_and_reexports() {
        let files = [
            ("main.mjs", "import * as ns from './ns.mjs';\nimport { viaStar, renamed } from './hub.mjs';\nimport * as unused from './unused_ns.mjs';\nout.push(Object.keys(ns).join(), viaStar, renamed);"),
            ("ns.mjs", "export const p = 1;\nexport function q() {}"),
            ("hub.mjs", "export * from './impl.mjs';\nexport { inner as renamed, other } from './impl.mjs';"),
            ("impl.mjs", "export const viaStar = 's';\nexport const inner = 'i';\nexport const other = 'o';\nexport const never = 'n';"),
            ("unused_ns.mjs", "export const nobody = 1;"),
        ];
        let (_, after, log) = shaken(&files);
        assert_eq!(exports(&after, "ns.mjs").len(), 2);
        assert_eq!(
            exports(&after, "impl.mjs"),
            vec!["viaStar".to_string(), "inner".to_string()],
            "{log:#?}"
        );
        assert_eq!(
            exports(&after, "hub.mjs"),
            vec!["renamed".to_string()],
            "{log:#?}"
        );
        assert!(unit(&after, "unused_ns.mjs").is_none(), "{log:#?}");
    }

    #[test]
    fn evaluation_order_and_cycles_are_kept() {
        let files = [
            // `first.mjs` is pure but is what evaluates `log.mjs` first: it stays.
            ("main.mjs", "import './first.mjs';\nimport './other.mjs';\nimport { fromA } from './cyc_a.mjs';\nout.push(fromA());"),
            ("first.mjs", "import './log.mjs';\nexport const f = 1;"),
            ("other.mjs", "out.push('other');\nimport './log.mjs';"),
            ("log.mjs", "out.push('log');"),
            ("cyc_a.mjs", "import { b } from './cyc_b.mjs';\nexport function fromA() { return 'a' + b(); }"),
            ("cyc_b.mjs", "import { fromA } from './cyc_a.mjs';\nexport function b() { return 'b'; }\nexport function back() { return fromA(); }"),
        ];
        let (_, after, log) = shaken(&files);
        assert_eq!(run(&files, &after), "log|other|ab");
        assert!(unit(&after, "first.mjs").is_some(), "{log:#?}");
        assert_eq!(
            exports(&after, "cyc_b.mjs"),
            vec!["b".to_string()],
            "{log:#?}"
        );
    }

    #[test]
    fn a_missing_import_still_fails_to_link() {
        let files = [
            (
                "main.mjs",
                "import { nope } from './m.mjs'; out.push('ran');",
            ),
            ("m.mjs", "export const yes = 1;"),
        ];
        let before = build(&files);
        let mut after = before.clone();
        let log = shake(&mut after);
        let r = run(&files, &after);
        assert!(r.contains("nope"), "{r} {log:#?}");
        assert_eq!(run(&files, &before), r);
    }

    #[test]
    fn classes_defaults_and_json() {
        let files = [
            ("main.mjs", "import { Child } from './cls.mjs';\nimport d from './def.mjs';\nimport anon from './anon.mjs';\nimport data from './d.json' with { type: 'json' };\nimport unusedJson from './u.json' with { type: 'json' };\nout.push(new Child().who(), d, anon(), data.v);"),
            ("cls.mjs", "export class Base { who() { return 'b'; } }\nexport class Child extends Base {}\nexport class Other extends Base { static s = 1; }\nexport class Err extends Error {}\nexport class Bad extends (0, Base) {}"),
            ("def.mjs", "export default 'dflt';\nexport const tail = 1;"),
            ("anon.mjs", "export default function () { return 'anon'; }\nexport function extra() {}"),
            ("d.json", "{\"v\": 5}"),
            ("u.json", "{\"w\": 6}"),
        ];
        let (_, after, log) = shaken(&files);
        assert_eq!(run(&files, &after), "b|dflt|anon|5");
        assert_eq!(
            exports(&after, "cls.mjs"),
            vec!["Child".to_string()],
            "{log:#?}"
        );
        assert!(
            log.iter()
                .any(|l| l == "dropped export: cls.mjs: Other (unused; class `Other` removed)"),
            "{log:#?}"
        );
        assert!(
            log.iter()
                .any(|l| l == "dropped export: cls.mjs: Err (unused; class `Err` removed)"),
            "{log:#?}"
        );
        assert!(
            log.iter().any(|l| l.starts_with(
                "dropped export: cls.mjs: Bad (unused; declaration kept: not removable"
            )),
            "{log:#?}"
        );
        assert!(unit(&after, "u.json").is_none(), "{log:#?}");
        assert!(unit(&after, "d.json").is_some());
    }

    #[test]
    fn typescript_setting_is_recovered_from_the_unit() {
        let src = "export class A { constructor(private x: number) {} get(): number { return this.x; } }\nexport enum E { P, Q }\nconst f = (a: number) => a + 1;\nexport { f };";
        for (name, ts) in [
            ("/app/a.ts", true),
            ("/app/a.mjs", true),
            ("/app/b.mjs", false),
        ] {
            let text = if ts {
                src
            } else {
                "export const f = (a) => a + 1; export function g() { return f(1); }"
            };
            let opts = crate::compiler::CompileOptions {
                goal: crate::compiler::Goal::Module,
                typescript: ts,
                force_strict: false,
            };
            let Ok(unit) = crate::compiler::compile(text, name, &opts) else {
                panic!("{name} does not compile")
            };
            assert_eq!(
                super::same_settings(text, &unit, crate::compiler::Goal::Module),
                ts,
                "{name}"
            );
        }
    }

    #[test]
    fn eval_disables_declaration_removal() {
        let files = [
            ("main.mjs", "import { run } from './ev.mjs'; out.push(run());"),
            ("ev.mjs", "function helper() { return 'h'; }\nexport function run() { return eval('1 + 1'); }\nexport function unused() { return helper(); }"),
        ];
        let (before, after, log) = shaken(&files);
        assert_eq!(
            unit(&before, "ev.mjs").map(|u| u.unit.functions.len()),
            unit(&after, "ev.mjs").map(|u| u.unit.functions.len()),
            "{log:#?}"
        );
        assert_eq!(exports(&after, "ev.mjs"), vec!["run".to_string()]);
    }
}
