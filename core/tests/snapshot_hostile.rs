//! Hostile snapshots: real snapshots (code-only and with heap images) are
//! mutated thousands of times — byte flips, truncations, count inflation, each
//! also with the content hash recomputed so that the structural verifier (not
//! just the checksum) is exercised — and loading (then running, when a mutant
//! still verifies) must end in a clean error or a clean run: never a panic,
//! never a hang.

use gannet::snapshot::assemble::{assemble, Entry};
use gannet::snapshot::layout::{Header, SectionEntry, HASHED_FROM};
use gannet::snapshot::read::Verify;
use gannet::snapshot::{hash, image, write, EngineLayout, Snapshot, SnapshotError, UnitEntry};
use gannet::{Host, Isolate, ModuleSource, NullHost};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

struct MemHost(HashMap<String, String>);

impl Host for MemHost {
    fn resolve_module(&mut self, spec: &str, referrer: Option<&str>) -> Result<String, String> {
        let dir = referrer.and_then(|r| r.rfind('/').map(|i| &r[..i])).unwrap_or("/app");
        Ok(gannet::snapshot::read::join_path(dir, spec))
    }
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        match self.0.get(name) {
            Some(t) if name.ends_with(".json") => Ok(ModuleSource::Json(t.clone())),
            Some(t) => Ok(ModuleSource::Source { text: t.clone(), typescript: name.ends_with(".ts") }),
            None => Err(format!("no module {name}")),
        }
    }
}

const MAIN: &str = r#"
import { area, Shape } from './lib/shapes.ts';
import data from './data.json' with { type: 'json' };
import * as util from './lib/util.js';
const results = [];
for (const s of [new Shape('sq', 2), new Shape('tri', 3)]) results.push(area(s));
const m = new Map([[1, 'a'], [2, 'b']]);
const re = /(\w+)@(\w+)/g;
let caught = '';
try { null.x; } catch (e) { caught = e.constructor.name; }
function* g() { let i = 0; while (true) yield i++; }
const it = g(); it.next();
export const summary = { results, n: data.items.length, sum: util.sum(results), m, re, caught, it };
export function main() { return summary.sum + it.next().value; }
"#;

const SHAPES: &str = r#"
export class Shape { constructor(public kind: string, public size: number) {} }
export function area(s: Shape): number { return s.kind === 'sq' ? s.size * s.size : (s.size * s.size) / 2; }
enum Color { Red, Green }
export const colors = [Color.Red, Color.Green];
"#;

const UTIL: &str = r#"
export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
export async function later(x) { await null; return x * 2; }
export const table = Object.fromEntries([['a', 1], ['b', 2n]]);
"#;

const SCRIPT: &str = r#"
var total = 0;
for (var i = 0; i < 50; i++) { total += i % 7; }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
var label = `fib=${fib(12)} total=${total}`;
var obj = { a: [1, 2, 3], get b() { return this.a.length; }, [Symbol.iterator]: function* () { yield 1; } };
var text = JSON.stringify(obj) + [...obj].join();
label.length + text.length;
"#;

fn host() -> MemHost {
    let mut files = HashMap::new();
    files.insert("/app/main.mjs".to_string(), MAIN.to_string());
    files.insert("/app/lib/shapes.ts".to_string(), SHAPES.to_string());
    files.insert("/app/lib/util.js".to_string(), UTIL.to_string());
    files.insert("/app/data.json".to_string(), r#"{"items": [1, 2, 3]}"#.to_string());
    MemHost(files)
}

/// The real snapshots to mutate: a module graph, a stripped script, and the
/// module graph with a heap image.
fn originals(layout: &EngineLayout) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut h = host();
    let entry = Entry { name: "/app/main.mjs", source: MAIN, module: true, typescript: false };
    let assembled = assemble(&mut h, &entry, layout.builtins).expect("the module graph compiles");
    let modules = write::write(&assembled.contents);
    out.push(("modules", modules.clone()));

    let mut h = host();
    let entry = Entry { name: "/app/script.js", source: SCRIPT, module: false, typescript: false };
    let mut script = assemble(&mut h, &entry, layout.builtins).expect("the script compiles");
    script.contents.strip_debug = true;
    out.push(("script", write::write(&script.contents)));

    // Heap image: run the module graph's top level, then store the heap.
    let snap = Arc::new(Snapshot::load(Arc::new(modules), layout.builtins, "/app").expect("loads"));
    let mut iso = Isolate::new(host());
    let base = EngineLayout::of_vm(iso.vm());
    iso.run_snapshot(&snap).expect("the top level runs");
    let (heap, extra) = image::write_image(iso.vm(), &snap, &base).expect("the heap can be stored");
    let mut contents = assembled.contents.clone();
    for unit in extra {
        contents.units.push(UnitEntry { name: unit.source_name.clone(), unit, targets: Vec::new(), dyn_targets: Vec::new(), json: false });
    }
    contents.heap = Some(heap);
    out.push(("heap-image", write::write(&contents)));
    out
}

/// A deterministic xorshift generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn rehash(bytes: &mut [u8]) {
    if bytes.len() >= HASHED_FROM {
        let h = hash::xxh64(&bytes[HASHED_FROM..]);
        bytes[8..16].copy_from_slice(&h.to_le_bytes());
    }
}

/// Offsets of u32 fields worth inflating: section table entries and the
/// first words of every section (counts and indices live there).
fn count_fields(bytes: &[u8]) -> Vec<usize> {
    let mut out = vec![32, 36, 40];
    let n = u32::from_le_bytes([bytes[32], bytes[33], bytes[34], bytes[35]]) as usize;
    for i in 0..n.min(16) {
        let at = Header::SIZE + i * SectionEntry::SIZE;
        out.extend([at + 4, at + 8, at + 12]);
        let off = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]) as usize;
        for k in 0..24 {
            if off + k * 4 + 4 <= bytes.len() {
                out.push(off + k * 4);
            }
        }
    }
    out
}

fn mutate(rng: &mut Rng, original: &[u8], round: usize) -> (String, Vec<u8>) {
    let mut b = original.to_vec();
    let what = match round % 4 {
        0 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            format!("{n} bit flips")
        }
        1 => {
            let len = rng.below(b.len());
            b.truncate(len);
            format!("truncated to {len}")
        }
        2 => {
            let fields = count_fields(&b);
            let at = fields[rng.below(fields.len())];
            let v: u32 = [u32::MAX, u32::MAX - 1, 1 << 31, 0x0100_0000, 0xFFFF, 0][rng.below(6)];
            if at + 4 <= b.len() {
                b[at..at + 4].copy_from_slice(&v.to_le_bytes());
            }
            format!("u32 at {at} := {v:#x}")
        }
        _ => {
            let i = rng.below(b.len());
            let v = rng.next() as u8;
            b[i] = v;
            format!("byte {i} := {v:#x}")
        }
    };
    // Half of the mutants get a valid content hash, as a crafted file would.
    if round % 8 < 4 {
        rehash(&mut b);
        (format!("{what}, rehashed"), b)
    } else {
        (what, b)
    }
}

/// Loads (and when it verifies, runs) a mutant; panics propagate to the caller.
fn exercise(bytes: Vec<u8>, layout: &EngineLayout, verify: Verify) -> Result<(), SnapshotError> {
    let snap = Arc::new(Snapshot::load_with(Arc::new(bytes), layout.builtins, "/app", verify)?);
    let mut iso = Isolate::new(NullHost);
    iso.set_max_heap(64 << 20);
    let stop = iso.interrupt_handle();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if rx.recv_timeout(Duration::from_millis(500)).is_err() {
            stop.store(true, Ordering::SeqCst);
        }
    });
    if snap.heap_image().is_some() {
        if image::restore(&mut iso, &snap).is_ok() {
            let _ = iso.call_main(&snap);
        }
    } else {
        let _ = iso.run_snapshot(&snap);
    }
    let _ = tx.send(());
    let _ = watchdog.join();
    Ok(())
}

#[test]
fn mutated_snapshots_fail_cleanly() {
    let layout = EngineLayout::current();
    let rounds: usize = std::env::var("GANNET_MUTATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(1500);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut clean_errors, mut loaded) = (0usize, 0usize);
    for (name, original) in originals(&layout) {
        // The original itself loads and runs.
        exercise(original.clone(), &layout, Verify::All).unwrap_or_else(|e| panic!("{name}: the original does not load: {e}"));
        for round in 0..rounds {
            let (what, bytes) = mutate(&mut rng, &original, round);
            // Bodies verified at load, or when first called (the default).
            let verify = if round % 3 == 0 { Verify::All } else { Verify::Lazy };
            let r = catch_unwind(AssertUnwindSafe(|| exercise(bytes, &layout, verify)));
            match r {
                Ok(Ok(())) => loaded += 1,
                Ok(Err(e)) => {
                    let msg = e.to_string();
                    assert!(!msg.is_empty(), "{name}: {what}: empty error");
                    clean_errors += 1;
                }
                Err(_) => panic!("{name}: mutation round {round} ({what}) panicked"),
            }
        }
    }
    eprintln!("hostile snapshots: {clean_errors} clean errors, {loaded} mutants still verified and ran cleanly");
    assert!(clean_errors > 0);
}

#[test]
fn error_messages_name_the_problem() {
    let layout = EngineLayout::current();
    let (_, good) = originals(&layout).remove(0);
    let load = |b: Vec<u8>| Snapshot::load(Arc::new(b), layout.builtins, "").err().map(|e| e.to_string());
    assert_eq!(load(b"console.log(1)".to_vec()).as_deref(), Some("not a Gannet snapshot"));
    let mut other = good.clone();
    other[16] = 99;
    assert!(load(other).is_some_and(|m| m.starts_with("compiled by an incompatible Gannet (format 99 / builtins")));
    let truncated = good[..good.len() - 5].to_vec();
    assert!(load(truncated).is_some_and(|m| m.starts_with("corrupt at offset")));
    let mut flipped = good.clone();
    let last = flipped.len() - 9;
    flipped[last] ^= 0x40;
    assert!(load(flipped).is_some_and(|m| m.contains("content hash mismatch")));
}
