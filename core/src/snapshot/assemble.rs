//! `gannet compile`: compiles an entry and its static import graph (plus
//! modules named by literal `import()` specifiers) into one assembly.
//!
//! Modules are found through the `Host` (resolve, then load), exactly as when
//! running from source. Unit names are written relative to the entry's
//! directory, so the snapshot is independent of where it was built; at run
//! time they are placed under the snapshot's own directory.

use super::{AssemblyEntry, Contents, UnitEntry};
use crate::compiler::{self, CompileOptions, Goal};
use crate::host::{Host, ModuleSource};
use std::collections::HashMap;
use std::sync::Arc;

/// Why a program could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssembleError {
    Syntax { message: String, file: String, line: u32, column: u32 },
    /// A relative import that does not resolve to a loadable file.
    Load { message: String },
}

impl std::fmt::Display for AssembleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssembleError::Syntax { message, file, line, column } => write!(f, "SyntaxError: {message}\n    at {file}:{line}:{column}"),
            AssembleError::Load { message } => write!(f, "{message}"),
        }
    }
}

/// The entry program.
pub struct Entry<'a> {
    /// Resolved name (an absolute path for the CLI host).
    pub name: &'a str,
    pub source: &'a str,
    /// An ES module (else a classic script).
    pub module: bool,
    pub typescript: bool,
}

/// The result: what to write, and a log of decisions (kept/external modules).
pub struct Assembled {
    pub contents: Contents,
    pub log: Vec<String>,
}

fn is_ts(name: &str) -> bool {
    [".ts", ".mts", ".cts", ".tsx"].iter().any(|e| name.ends_with(e))
}

fn is_relative(spec: &str) -> bool {
    spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/') || spec.starts_with("file://")
}

/// `path` relative to directory `dir` (both '/'-separated absolute paths);
/// other names are returned unchanged.
pub fn relative_to(dir: &str, path: &str) -> String {
    if !dir.starts_with('/') || !path.starts_with('/') {
        return path.to_string();
    }
    let d: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let p: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let common = d.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; d.len() - common];
    out.extend_from_slice(&p[common..]);
    out.join("/")
}

fn dir_of(name: &str) -> &str {
    match name.rfind('/') {
        Some(0) => "/",
        Some(i) => &name[..i],
        None => "",
    }
}

struct Assembler<'h> {
    host: &'h mut dyn Host,
    units: Vec<UnitEntry>,
    by_key: HashMap<String, u32>,
    root: String,
    log: Vec<String>,
}

impl Assembler<'_> {
    fn compile_unit(&mut self, name: &str, text: &str, goal: Goal, typescript: bool) -> Result<u32, AssembleError> {
        let opts = CompileOptions { goal, typescript, force_strict: false };
        let mut unit = compiler::compile(text, name, &opts)
            .map_err(|e| AssembleError::Syntax { message: e.message, file: name.to_string(), line: e.line, column: e.column })?;
        unit.source = Some(Arc::from(text));
        let n_req = unit.module.as_ref().map_or(0, |m| m.requests.len());
        let n_dyn = unit.dynamic_imports.len();
        self.units.push(UnitEntry {
            name: relative_to(&self.root, name),
            unit: Arc::new(unit),
            targets: vec![None; n_req],
            dyn_targets: vec![None; n_dyn],
            json: false,
        });
        Ok(self.units.len() as u32 - 1)
    }

    /// The unit for a resolved module name (loading and compiling it once).
    fn module(&mut self, name: &str, ty: Option<&str>) -> Result<u32, String> {
        let key = match ty {
            Some(t) => format!("{name}\u{0}{t}"),
            None => name.to_string(),
        };
        if let Some(&u) = self.by_key.get(&key) {
            return Ok(u);
        }
        let src = self.host.load_module(name)?;
        let index = match (src, ty) {
            // JSON and text modules are data units: their source is the text.
            (ModuleSource::Json(text), _) | (ModuleSource::Source { text, .. }, Some("json" | "text")) => {
                let unit = crate::bytecode::CodeUnit {
                    functions: Vec::new(),
                    constants: Vec::new(),
                    source_name: name.to_string(),
                    source: Some(Arc::from(text.as_str())),
                    module: None,
                    line_starts: Vec::new(),
                    dynamic_imports: Vec::new(),
                };
                self.units.push(UnitEntry { name: relative_to(&self.root, name), unit: Arc::new(unit), targets: Vec::new(), dyn_targets: Vec::new(), json: true });
                self.units.len() as u32 - 1
            }
            (ModuleSource::Source { text, typescript }, _) => match self.compile_unit(name, &text, Goal::Module, typescript || is_ts(name)) {
                Ok(u) => u,
                Err(e) => return Err(e.to_string()),
            },
        };
        self.by_key.insert(key, index);
        Ok(index)
    }

    /// Resolves `spec` from unit `from`: `Ok(None)` leaves it to the run-time loader.
    fn request(&mut self, from: u32, spec: &str, ty: Option<&str>, dynamic: bool) -> Result<Option<u32>, AssembleError> {
        let referrer = self.units[from as usize].unit.source_name.clone();
        let resolved = match self.host.resolve_module(spec, Some(&referrer)) {
            Ok(r) => r,
            Err(_) if !is_relative(spec) => {
                self.log.push(format!("external: '{spec}' (imported by {}) is left to the run-time loader (host or native module)", self.units[from as usize].name));
                return Ok(None);
            }
            Err(message) => return Err(AssembleError::Load { message }),
        };
        match self.module(&resolved, ty) {
            Ok(u) => Ok(Some(u)),
            Err(_) if dynamic => {
                self.log.push(format!("external: import('{spec}') in {} does not load at compile time; left to the run-time loader", self.units[from as usize].name));
                Ok(None)
            }
            Err(_) if !is_relative(spec) => {
                self.log.push(format!("external: '{spec}' (imported by {}) is left to the run-time loader", self.units[from as usize].name));
                Ok(None)
            }
            Err(message) => Err(AssembleError::Load {
                message: if message.starts_with("SyntaxError") { message } else { format!("Cannot find module '{spec}' imported from {referrer}") },
            }),
        }
    }
}

/// Compiles `entry` and everything it imports into one assembly.
pub fn assemble(host: &mut dyn Host, entry: &Entry, builtins: u64) -> Result<Assembled, AssembleError> {
    let mut a = Assembler { host, units: Vec::new(), by_key: HashMap::new(), root: dir_of(entry.name).to_string(), log: Vec::new() };
    let goal = if entry.module { Goal::Module } else { Goal::Script };
    let first = a.compile_unit(entry.name, entry.source, goal, entry.typescript)?;
    if entry.module {
        a.by_key.insert(entry.name.to_string(), first);
    }
    // Units are appended while walking; each is visited once, in order.
    let mut next = 0;
    while next < a.units.len() {
        let u = next as u32;
        next += 1;
        let requests: Vec<(Box<str>, Option<Box<str>>)> = a.units[next - 1].unit.module.as_ref().map(|m| m.requests.clone()).unwrap_or_default();
        for (i, (spec, ty)) in requests.iter().enumerate() {
            let t = a.request(u, spec, ty.as_deref(), false)?;
            a.units[u as usize].targets[i] = t;
        }
        let dynamic: Vec<Box<str>> = a.units[u as usize].unit.dynamic_imports.clone();
        for (i, spec) in dynamic.iter().enumerate() {
            let t = a.request(u, spec, None, true)?;
            a.units[u as usize].dyn_targets[i] = t;
            if t.is_some() {
                a.log.push(format!("kept: {} (reached by import('{spec}') in {})", a.units[t.unwrap_or(0) as usize].name, a.units[u as usize].name));
            }
        }
    }
    let name = a.units[first as usize].name.clone();
    let contents = Contents { units: a.units, assemblies: vec![AssemblyEntry { name, entry_unit: first }], builtins, ..Default::default() };
    Ok(Assembled { contents, log: a.log })
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("/a/b", "/a/b/c.js"), "c.js");
        assert_eq!(relative_to("/a/b", "/a/x/c.js"), "../x/c.js");
        assert_eq!(relative_to("/", "/c.js"), "c.js");
        assert_eq!(relative_to("", "mod.js"), "mod.js");
    }
}
