//! Heap images: not built yet (issue 3 in progress).
use super::{EngineLayout, Snapshot};
use std::sync::Arc;

pub fn write_image(_vm: &mut crate::Vm, _s: &Arc<Snapshot>, _l: &EngineLayout) -> Result<Vec<u8>, String> {
    Err("heap images are not built yet".into())
}

pub fn resume(iso: &mut crate::Isolate, snap: &Arc<Snapshot>) -> Result<(), crate::Error> {
    iso.run_snapshot(snap)
}
