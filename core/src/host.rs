//! The host interface: everything the engine needs from its environment.
//!
//! Core never touches the clock, randomness, the console, files or timers
//! directly; an embedder provides them through `Host`, so the same engine runs
//! natively, under WASI and in a browser.

/// A module's source as found by the host's loader.
pub enum ModuleSource {
    /// JavaScript or TypeScript source text.
    Source { text: String, typescript: bool },
    /// JSON text (for `with { type: "json" }` imports).
    Json(String),
}

pub trait Host {
    /// Milliseconds since the Unix epoch (Date.now()).
    fn now_ms(&mut self) -> f64 {
        0.0
    }
    /// High-resolution monotonic milliseconds (performance.now()).
    fn monotonic_ms(&mut self) -> f64 {
        0.0
    }
    /// A random 64-bit value (Math.random()).
    fn random_u64(&mut self) -> u64 {
        0x9E37_79B9_7F4A_7C15
    }
    /// The host's IANA time zone name ("Europe/Paris"). When given, local time follows
    /// that zone's offsets and daylight-saving history from the compiled-in time-zone
    /// data, and `local_tz_offset_minutes` is not asked.
    fn local_time_zone(&mut self) -> Option<String> {
        None
    }
    /// Offset of local time from UTC in minutes at the given UTC time (ms), for hosts
    /// that do not name their zone. UTC by default.
    fn local_tz_offset_minutes(&mut self, _utc_ms: f64) -> f64 {
        0.0
    }
    /// Resolves `specifier` imported from `referrer` (a resolved name, or
    /// `None` for the entry point) to a canonical module name.
    fn resolve_module(&mut self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        let _ = referrer;
        Ok(specifier.to_string())
    }
    /// Loads a module's source by its resolved name.
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        Err(format!("Cannot find module '{name}'"))
    }
    /// `import.meta.url` of a resolved module name.
    fn module_url(&mut self, name: &str) -> String {
        name.to_string()
    }
}

/// A host with no capabilities: fixed clock, no modules.
pub struct NullHost;

impl Host for NullHost {}
