//! The CLI's host: real clock, randomness, and module loading from files.

use gannet::{Host, ModuleSource};
use std::path::{Path, PathBuf};

pub struct CliHost {
    start: std::time::Instant,
    rng: u64,
}

impl CliHost {
    pub fn new() -> CliHost {
        let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0x1234_5678);
        CliHost { start: std::time::Instant::now(), rng: seed | 1 }
    }
}

/// Absolute, normalised form of a path (without touching the file system).
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The IANA name of the local time zone: `TZ` (`Europe/Paris`, `:Europe/Paris` or a path
/// into a zoneinfo directory), else the target of the `/etc/localtime` link, else
/// `/etc/timezone`. Under WASI only `TZ` is normally visible; without it local time is UTC.
fn local_time_zone() -> Option<String> {
    fn zoneinfo_name(path: &str) -> Option<String> {
        path.split_once("zoneinfo/").map(|(_, name)| name.to_string())
    }
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.strip_prefix(':').unwrap_or(&tz);
        if tz.is_empty() {
            return Some("UTC".to_string());
        }
        return Some(if tz.starts_with('/') { zoneinfo_name(tz)? } else { tz.to_string() });
    }
    if let Ok(target) = std::fs::read_link("/etc/localtime") {
        if let Some(name) = zoneinfo_name(&target.to_string_lossy()) {
            return Some(name);
        }
    }
    let name = std::fs::read_to_string("/etc/timezone").ok()?;
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

impl Host for CliHost {
    fn now_ms(&mut self) -> f64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0)
    }
    fn monotonic_ms(&mut self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
    fn local_time_zone(&mut self) -> Option<String> {
        local_time_zone()
    }
    fn random_u64(&mut self) -> u64 {
        // xorshift64*
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn resolve_module(&mut self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        let spec = specifier.strip_prefix("file://").unwrap_or(specifier);
        let base = match referrer {
            Some(r) => Path::new(r).parent().map(Path::to_path_buf).unwrap_or_default(),
            None => std::env::current_dir().unwrap_or_default(),
        };
        let is_path = spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/');
        if !is_path && referrer.is_some() {
            let from = referrer.map(|r| format!(" imported from {r}")).unwrap_or_default();
            return Err(format!("Cannot find package '{specifier}'{from}"));
        }
        let path = absolute(&base.join(spec));
        if path.is_file() {
            return Ok(path.to_string_lossy().into_owned());
        }
        // A `.js` specifier may be served by the matching `.ts` file (TypeScript's convention).
        let s = path.to_string_lossy().into_owned();
        for (from, to) in [(".js", ".ts"), (".mjs", ".mts"), (".cjs", ".cts"), (".jsx", ".tsx")] {
            if let Some(stem) = s.strip_suffix(from) {
                let alt = format!("{stem}{to}");
                if Path::new(&alt).is_file() {
                    return Ok(alt);
                }
            }
        }
        Ok(s)
    }
    fn load_module(&mut self, name: &str) -> Result<ModuleSource, String> {
        let text = std::fs::read_to_string(name).map_err(|e| format!("{name}: {e}"))?;
        if name.ends_with(".json") {
            return Ok(ModuleSource::Json(text));
        }
        let typescript = [".ts", ".mts", ".cts", ".tsx"].iter().any(|e| name.ends_with(e));
        Ok(ModuleSource::Source { text, typescript })
    }
    fn module_url(&mut self, name: &str) -> String {
        format!("file://{name}")
    }
}
