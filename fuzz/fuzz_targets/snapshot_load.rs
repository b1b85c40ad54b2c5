//! Fuzzes the snapshot loader: any bytes must load cleanly or fail with a
//! `SnapshotError`; bytes that verify are run (with a heap limit and an
//! instruction budget enforced by the interrupt flag) and must not panic.
//!
//!   cargo fuzz run snapshot_load            (from the repository root)
//!
//! Seed the corpus with real snapshots (`gannet compile x.js -o fuzz/corpus/snapshot_load/x.gsnap`).
//! The engine layout is computed once per process. The content hash makes
//! random inputs fail early; the target also tries each input with its hash
//! recomputed, so the structural verifier is what gets fuzzed.
#![no_main]

use gannet::snapshot::layout::HASHED_FROM;
use gannet::snapshot::{hash, image, EngineLayout, Snapshot};
use gannet::{Isolate, NullHost};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn layout() -> &'static EngineLayout {
    static LAYOUT: OnceLock<EngineLayout> = OnceLock::new();
    LAYOUT.get_or_init(EngineLayout::current)
}

fn exercise(bytes: Vec<u8>) {
    let Ok(snap) = Snapshot::load(Arc::new(bytes), layout().builtins, "/fuzz") else { return };
    let snap = Arc::new(snap);
    let mut iso = Isolate::new(NullHost);
    iso.set_max_heap(32 << 20);
    // A verified program may loop forever (that is its meaning, not a loader
    // hang): stop it after a second.
    let stop = iso.interrupt_handle();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if rx.recv_timeout(std::time::Duration::from_secs(1)).is_err() {
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
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
}

fuzz_target!(|data: &[u8]| {
    exercise(data.to_vec());
    if data.len() > HASHED_FROM {
        let mut fixed = data.to_vec();
        let h = hash::xxh64(&fixed[HASHED_FROM..]);
        fixed[8..16].copy_from_slice(&h.to_le_bytes());
        exercise(fixed);
    }
});
