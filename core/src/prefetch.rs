//! A cache prefetch hint for the collector's mark loop, which is bound by
//! memory latency on large heaps (see `gc.rs`).
//!
//! One of the crate's quarantined `unsafe` modules: the x86-64 prefetch
//! intrinsic is a `#[target_feature]` function, so calling it needs `unsafe`
//! even though the instruction has no architectural effect.
#![allow(unsafe_code)]

/// Asks the CPU to start loading `r`'s first two cache lines. A hint only: it
/// changes no state a program can observe, and does nothing on targets
/// without the instruction (wasm).
#[inline(always)]
pub(crate) fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = (r as *const T).cast::<i8>();
        // SSE is part of the x86-64 baseline, so the intrinsic's target feature is
        // always present; PREFETCH never faults and writes nothing, whatever the
        // address (and `p` and `p + 64` come from a live reference).
        // SAFETY: a prefetch hint on a baseline target feature has no memory effect.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(p);
            if std::mem::size_of::<T>() > 64 {
                _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64));
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefetch_is_only_a_hint() {
        let big = [7u64; 32];
        super::prefetch(&big);
        super::prefetch(&1u8);
        assert_eq!(big.iter().sum::<u64>(), 7 * 32);
    }
}
