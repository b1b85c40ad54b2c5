//! Reading a snapshot file into shared bytes: memory-mapped on native hosts
//! (so loading is zero-copy and function bodies are paged in when first
//! called), read into memory under WASI.
//!
//! The one `unsafe` block of the CLI lives here.
#![allow(unsafe_code)]

use gannet::bytecode::SharedBytes;
use std::sync::Arc;

fn bad_range() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, "snapshot range outside the file")
}

/// The bytes of `path` from `offset`, up to `end` bytes before the end of the file.
pub fn map_file(path: &str, offset: u64, end_trim: u64) -> std::io::Result<SharedBytes> {
    #[cfg(not(target_family = "wasm"))]
    {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let size = len.checked_sub(end_trim).and_then(|l| l.checked_sub(offset)).ok_or_else(bad_range)?;
        if size < 4096 {
            // Small files: reading is cheaper than mapping.
            let v = std::fs::read(path)?;
            return Ok(Arc::new(v[offset as usize..(offset + size) as usize].to_vec()));
        }
        // memmap2 requires that a mapped file not be modified while mapped. If
        // another process rewrites it anyway, the loader has already verified the
        // bytes it parsed, and every function body is verified again when decoded
        // (`bytecode::Code`), so a change yields a clean error rather than
        // unverified code; only truncating the file under a running program can
        // fault (as for any mapped executable).
        // SAFETY: a read-only, private map of a file this process never writes; see above.
        let map = unsafe { memmap2::MmapOptions::new().offset(offset).len(size as usize).map(&file)? };
        Ok(Arc::new(map))
    }
    #[cfg(target_family = "wasm")]
    {
        let v = std::fs::read(path)?;
        let end = (v.len() as u64).checked_sub(end_trim).filter(|&e| e >= offset).ok_or_else(bad_range)?;
        Ok(Arc::new(v[offset as usize..end as usize].to_vec()))
    }
}
