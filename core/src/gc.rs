//! The garbage collector: precise, non-moving mark-and-sweep.
//!
//! It runs only at safepoints (backward jumps and calls in the interpreter,
//! and explicitly through the API), never inside an allocation. At a
//! safepoint every live value is reachable from the roots below: the register
//! file, frames, the handle scope (`Vm::roots`), persistent handles, the realm,
//! loaded code, the job queue and module records. Native code that calls back
//! into JavaScript roots the values it holds with `Vm::root` first.
//!
//! Interned strings are never collected (they back property keys and
//! constants), nor are symbols used as keys in shapes. WeakMap/WeakSet use
//! ephemeron marking; WeakRef targets are held weakly.

use crate::object::{ObjectKind, PropKey};
use crate::value::{ObjId, Value, TAG_BIGINT, TAG_OBJECT, TAG_STRING, TAG_SYMBOL};
use crate::Vm;

impl Vm {
    /// Collects garbage now.
    pub fn collect_garbage(&mut self) {
        self.regexp_subject = None;
        let mut work: Vec<Value> = Vec::with_capacity(4096);
        self.push_roots(&mut work);
        let mut bytes = 0;
        self.mark(&mut work, &mut bytes);
        // Ephemerons: values of weak maps whose keys are live.
        loop {
            let mut more = Vec::new();
            for i in 0..self.heap.objects.len() {
                if !self.heap.objects.live[i] || !self.heap.objects.marks[i] {
                    continue;
                }
                if let ObjectKind::WeakMap(t) = &self.heap.objects[i].kind {
                    for (k, v) in t.entries.iter().flatten() {
                        if self.is_marked(*k) && !self.is_marked(*v) {
                            more.push(*v);
                        }
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            work.extend(more);
            self.mark(&mut work, &mut bytes);
        }
        self.clear_dead_weak_entries();
        let objects = self.heap.objects.sweep(crate::object::JsObject::dead);
        for i in 0..self.heap.strings.len() {
            if self.heap.strings[i].interned {
                self.heap.strings.marks[i] = true;
            }
        }
        let strings = self.heap.strings.sweep(crate::heap::JsString::dead);
        let _ = self.heap.symbols.sweep(|| crate::heap::SymbolData { description: Value::UNDEFINED, registered: false, private: false });
        let _ = self.heap.bigints.sweep(num_bigint::BigInt::default);
        let _ = (objects, strings);
        self.heap.collections += 1;
        self.heap.allocated_since_gc = 0;
        let live = bytes + self.heap.symbols.live_count() * 32 + self.heap.bigints.live_count() * 48;
        self.heap.live_after_gc = live;
        // The next collection after half the live size again: peak memory stays
        // near 1.5x the live heap (collection cost grows as the ratio shrinks).
        self.heap.gc_threshold = (live / 2).max(8 << 20);
    }

    fn is_marked(&self, v: Value) -> bool {
        match v.tag() {
            TAG_OBJECT => v.as_object().is_some_and(|o| self.heap.objects.marks.get(o.0 as usize).copied().unwrap_or(false)),
            TAG_STRING => v.as_string().is_none_or(|s| self.heap.strings.marks.get(s.0 as usize).copied().unwrap_or(true)),
            TAG_SYMBOL => v.as_symbol().is_none_or(|s| self.heap.symbols.marks.get(s.0 as usize).copied().unwrap_or(true)),
            TAG_BIGINT => v.as_bigint().is_none_or(|b| self.heap.bigints.marks.get(b.0 as usize).copied().unwrap_or(true)),
            _ => true,
        }
    }

    fn clear_dead_weak_entries(&mut self) {
        let marks = &self.heap.objects.marks;
        let sym_marks = &self.heap.symbols.marks;
        let dead = |v: &Value| {
            v.as_object().is_some_and(|o| !marks.get(o.0 as usize).copied().unwrap_or(true))
                || v.as_symbol().is_some_and(|s| !sym_marks.get(s.0 as usize).copied().unwrap_or(true))
        };
        let mut updates: Vec<(usize, Option<crate::object::OrderedTable>, Option<Value>)> = Vec::new();
        let mut fin_updates: Vec<usize> = Vec::new();
        for i in 0..self.heap.objects.len() {
            if !self.heap.objects.live[i] || !self.heap.objects.marks[i] {
                continue;
            }
            match &self.heap.objects[i].kind {
                ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t) => {
                    if t.entries.iter().flatten().any(|(k, _)| dead(k)) {
                        let mut nt = crate::object::OrderedTable::default();
                        for (k, v) in t.entries.iter().flatten() {
                            if !dead(k) {
                                let key = crate::object::MapKey::Bits(k.bits());
                                nt.index.insert(key, nt.entries.len());
                                nt.entries.push(Some((*k, *v)));
                                nt.live += 1;
                            }
                        }
                        updates.push((i, Some(nt), None));
                    }
                }
                ObjectKind::WeakRef(t) if dead(t) => updates.push((i, None, Some(Value::UNDEFINED))),
                ObjectKind::FinalizationRegistry(f) if f.cells.iter().any(|(t, _, k)| dead(t) || dead(k)) => fin_updates.push(i),
                _ => {}
            }
        }
        for i in fin_updates {
            let marks = &self.heap.objects.marks;
            let sym_marks = &self.heap.symbols.marks;
            let dead = |v: &Value| {
                v.as_object().is_some_and(|o| !marks.get(o.0 as usize).copied().unwrap_or(true))
                    || v.as_symbol().is_some_and(|s| !sym_marks.get(s.0 as usize).copied().unwrap_or(true))
            };
            let ObjectKind::FinalizationRegistry(f) = &self.heap.objects[i].kind else { continue };
            let cleanup = f.cleanup;
            let mut cells = Vec::with_capacity(f.cells.len());
            let mut held = Vec::new();
            for &(t, h, k) in &f.cells {
                if dead(&t) {
                    held.push(h);
                } else {
                    cells.push((t, h, if dead(&k) { Value::UNDEFINED } else { k }));
                }
            }
            if let ObjectKind::FinalizationRegistry(f) = &mut self.heap.objects[i].kind {
                f.cells = cells;
            }
            // HostEnqueueFinalizationRegistryCleanupJob: one call per dead cell. The
            // callback and held values were marked, so they survive this collection.
            for h in held {
                self.jobs.push_back(crate::vm::Job::Call { func: cleanup, args: vec![h] });
            }
        }
        for (i, table, weakref) in updates {
            match (&mut self.heap.objects[i].kind, table, weakref) {
                (ObjectKind::WeakMap(t) | ObjectKind::WeakSet(t), Some(nt), _) => **t = nt,
                (ObjectKind::WeakRef(t), _, Some(v)) => *t = v,
                _ => {}
            }
        }
    }

    fn push_roots(&self, work: &mut Vec<Value>) {
        work.extend_from_slice(&self.stack);
        for f in &self.frames {
            work.push(Value::object(f.closure));
            work.push(f.new_target);
            work.extend_from_slice(&f.extra_args);
            if let Some(g) = f.generator {
                work.push(Value::object(g));
            }
        }
        work.extend_from_slice(&self.roots);
        work.extend_from_slice(&self.persistent);
        work.extend_from_slice(&self.kept_alive);
        work.push(self.current_native);
        // Every realm's intrinsics (`self.realm` is a copy of one of them).
        for r in &self.realms {
            work.extend(r.all().into_iter().map(Value::object));
        }
        let s = &self.realm.sym;
        for sym in [s.iterator, s.async_iterator, s.has_instance, s.to_primitive, s.to_string_tag, s.species, s.is_concat_spreadable, s.unscopables, s.match_, s.match_all, s.replace, s.search, s.split, s.dispose, s.async_dispose] {
            work.push(Value::symbol(sym));
        }
        for u in &self.units {
            work.extend_from_slice(&u.consts);
            work.extend(u.templates.values().copied());
        }
        for j in &self.jobs {
            match j {
                crate::vm::Job::Reaction { reaction: r, argument, .. } => {
                    work.extend_from_slice(&[r.on_fulfilled, r.on_rejected, r.cap_promise, r.cap_resolve, r.cap_reject, *argument]);
                }
                crate::vm::Job::ResolveThenable { promise, thenable, then } => work.extend_from_slice(&[*promise, *thenable, *then]),
                crate::vm::Job::Call { func, args } => {
                    work.push(*func);
                    work.extend_from_slice(args);
                }
                crate::vm::Job::Native { args, .. } => work.extend_from_slice(args),
            }
        }
        work.extend_from_slice(&self.unhandled_rejections);
        work.extend(self.symbol_registry.values().map(|s| Value::symbol(*s)));
        self.modules.trace(work);
        // Symbols used as keys in shapes stay alive with the shape table.
        for i in 0..self.shapes.len() {
            for (k, _) in self.shapes.get(crate::shape::ShapeId(i as u32)).props.iter() {
                if let PropKey::Sym(s) = k {
                    work.push(Value::symbol(*s));
                }
            }
        }
    }

    /// Marks everything reachable from `work`, adding the marked objects' and
    /// strings' sizes to `bytes` (the live size, counted while each cell is in
    /// the cache anyway).
    ///
    /// On a large heap marking is bound by memory latency (each object is a
    /// cache miss), so objects pass through a small FIFO and are prefetched
    /// when they enter it: tracing one overlaps the misses of the next few.
    fn mark(&mut self, work: &mut Vec<Value>, bytes: &mut usize) {
        const AHEAD: usize = 16;
        let mut ring = [0u32; AHEAD];
        let (mut head, mut queued) = (0usize, 0usize);
        loop {
            while queued < AHEAD {
                let Some(v) = work.pop() else { break };
                if v.tag() == TAG_OBJECT {
                    let i = v.as_object().map(|o: ObjId| o.0 as usize).unwrap_or(usize::MAX);
                    if i >= self.heap.objects.len() || self.heap.objects.marks[i] {
                        continue;
                    }
                    self.heap.objects.marks[i] = true;
                    crate::prefetch::prefetch(&self.heap.objects[i]);
                    ring[(head + queued) % AHEAD] = i as u32;
                    queued += 1;
                } else {
                    self.mark_leaf(v, work, bytes);
                }
            }
            if queued == 0 {
                break;
            }
            let i = ring[head] as usize;
            head = (head + 1) % AHEAD;
            queued -= 1;
            let o = &self.heap.objects[i];
            *bytes += crate::heap::OBJECT_COST + o.slots_heap_size() + o.elements.heap_size();
            o.trace(work);
        }
    }

    /// Marks a value that is not an object (its referents go on `work`).
    fn mark_leaf(&mut self, v: Value, work: &mut Vec<Value>, bytes: &mut usize) {
        match v.tag() {
            TAG_STRING => {
                if let Some(s) = v.as_string() {
                    let i = s.0 as usize;
                    if i < self.heap.strings.len() && !self.heap.strings.marks[i] {
                        self.heap.strings.marks[i] = true;
                        *bytes += crate::heap::STRING_COST + self.heap.strings[i].len() * 2;
                        if let Some((l, r)) = self.heap.strings[i].rope_halves() {
                            work.push(Value::string(l));
                            work.push(Value::string(r));
                        }
                    }
                }
            }
            TAG_SYMBOL => {
                if let Some(s) = v.as_symbol() {
                    let i = s.0 as usize;
                    if i < self.heap.symbols.len() && !self.heap.symbols.marks[i] {
                        self.heap.symbols.marks[i] = true;
                        work.push(self.heap.symbols[i].description);
                    }
                }
            }
            TAG_BIGINT => {
                if let Some(b) = v.as_bigint() {
                    if let Some(m) = self.heap.bigints.marks.get_mut(b.0 as usize) {
                        *m = true;
                    }
                }
            }
            _ => {}
        }
    }
}
