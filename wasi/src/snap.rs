//! `gannet compile`, `gannet inspect`, `gannet build`, and running snapshots
//! (`gannet run app.gsnap`, and executables made by `gannet build`).

use crate::host;
use gannet::snapshot::assemble::{assemble, AssembleError, Entry};
use gannet::snapshot::layout::{self, Header};
use gannet::snapshot::read::Verify;
use gannet::snapshot::{EngineLayout, Snapshot};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Trailer of an executable made by `gannet build`: the snapshot's offset in
/// the file (u64 LE), then this magic.
const EXE_MAGIC: &[u8; 8] = b"GNTEXE01";

pub struct CompileArgs {
    pub entry: String,
    pub output: Option<String>,
    pub tree_shake: bool,
    pub strip_debug: bool,
    pub init: bool,
    pub module: bool,
}

/// Whether `path` starts with the snapshot magic.
pub fn is_snapshot_file(path: &str) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == layout::MAGIC
}

fn dir_of(path: &Path) -> String {
    path.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Loads and verifies a snapshot file (at `offset` inside it, ending
/// `end_trim` bytes before the end of the file); function bodies are verified
/// when first called.
pub fn open(path: &str, offset: u64, end_trim: u64) -> Result<Arc<Snapshot>, String> {
    open_with(path, offset, end_trim, Verify::Lazy)
}

fn open_with(path: &str, offset: u64, end_trim: u64, verify: Verify) -> Result<Arc<Snapshot>, String> {
    let bytes = crate::mapped::map_file(path, offset, end_trim).map_err(|e| format!("{path}: {e}"))?;
    let root = dir_of(&host::absolute(Path::new(path)));
    Snapshot::load_with(bytes, EngineLayout::current().builtins, &root, verify).map(Arc::new).map_err(|e| format!("{path}: {e}"))
}

/// Compiles a program to snapshot bytes; errors are printed.
fn compile_bytes(args: &CompileArgs) -> Result<Vec<u8>, ExitCode> {
    let src = match std::fs::read_to_string(&args.entry) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gannet: cannot read {}: {e}", args.entry);
            return Err(ExitCode::from(2));
        }
    };
    let ts = crate::is_typescript(&args.entry);
    let module = crate::is_module_file(&args.entry, &src, ts, args.module);
    let name = host::absolute(Path::new(&args.entry)).to_string_lossy().into_owned();
    let layout = EngineLayout::current();
    let mut h = host::CliHost::new();
    let entry = Entry { name: &name, source: &src, module, typescript: ts };
    let mut assembled = match assemble(&mut h, &entry, layout.builtins) {
        Ok(a) => a,
        Err(AssembleError::Syntax { message, file, line, column }) => {
            let text = std::fs::read_to_string(&file).ok();
            return Err(crate::report(&gannet::Error::Syntax { message, file, line, column }, text.as_deref()));
        }
        Err(AssembleError::Load { message }) => {
            eprintln!("gannet: {message}");
            return Err(ExitCode::from(1));
        }
    };
    for line in &assembled.log {
        eprintln!("gannet compile: {line}");
    }
    if args.tree_shake {
        let report = gannet::snapshot::shake::shake(&mut assembled.contents);
        for line in &report {
            eprintln!("gannet compile: {line}");
        }
    }
    assembled.contents.strip_debug = args.strip_debug;
    if args.init {
        let (image, extra) = init_heap(&assembled.contents, &layout)?;
        for unit in extra {
            // Code created while the top level ran (eval, `new Function`).
            let name = unit.source_name.clone();
            assembled.contents.units.push(gannet::snapshot::UnitEntry { name, unit, targets: Vec::new(), dyn_targets: Vec::new(), json: false });
        }
        assembled.contents.heap = Some(image);
    }
    Ok(gannet::snapshot::write::write(&assembled.contents))
}

/// Runs the program's top level now and returns the heap image (and the code
/// units created while it ran).
type Image = (Vec<u8>, Vec<Arc<gannet::bytecode::CodeUnit>>);
fn init_heap(contents: &gannet::snapshot::Contents, layout: &EngineLayout) -> Result<Image, ExitCode> {
    let code_only = gannet::snapshot::write::write(contents);
    let root = contents.units.first().map(|u| u.unit.source_name.clone()).unwrap_or_default();
    let root = dir_of(Path::new(&root));
    let snap = match Snapshot::load(Arc::new(code_only), layout.builtins, &root) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("gannet: internal error: the compiled snapshot does not load: {e}");
            return Err(ExitCode::from(70));
        }
    };
    let mut iso = crate::new_isolate();
    crate::runtime::install(&mut iso);
    let base = EngineLayout::of_vm(iso.vm());
    crate::runtime::set_initializing(&mut iso, true);
    if let Err(e) = iso.run_snapshot(&snap) {
        eprintln!("gannet compile --init: the program's top level failed:");
        return Err(crate::report(&e, None));
    }
    if let Err(e) = iso.run_jobs() {
        return Err(crate::report(&e, None));
    }
    if let Some(e) = iso.take_unhandled_rejections().into_iter().next() {
        return Err(crate::report_unhandled(&e));
    }
    if let Some(pending) = crate::runtime::pending_work(&mut iso) {
        eprintln!("gannet compile --init: the top level left {pending} pending; a heap image cannot hold host work. Remove it from the top level, or compile without --init");
        return Err(ExitCode::from(1));
    }
    crate::runtime::set_initializing(&mut iso, false);
    match gannet::snapshot::image::write_image(iso.vm(), &snap, &base) {
        Ok(image) => Ok(image),
        Err(e) => {
            eprintln!("gannet compile --init: cannot store the heap: {e}");
            Err(ExitCode::from(1))
        }
    }
}

pub fn compile(args: &CompileArgs) -> ExitCode {
    let bytes = match compile_bytes(args) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let out = args.output.clone().unwrap_or_else(|| {
        let p = Path::new(&args.entry);
        p.with_extension("gsnap").to_string_lossy().into_owned()
    });
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("gannet: cannot write {out}: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// `gannet inspect FILE`
pub fn inspect(path: &str) -> ExitCode {
    use std::fmt::Write as _;
    let mut o = String::new();
    // Unlike `run`, inspect verifies every function body now.
    let snap = match open_with(path, 0, 0, Verify::All) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let h: &Header = &snap.header;
    let mut flags = Vec::new();
    for (bit, name) in [(layout::flags::HEAP_IMAGE, "heap-image"), (layout::flags::STRIPPED, "stripped"), (layout::flags::TREE_SHAKEN, "tree-shaken")] {
        if h.flags & bit != 0 {
            flags.push(name);
        }
    }
    let _ = writeln!(o, "{path}: Gannet snapshot, format {}, {} bytes", h.version, h.file_len);
    let _ = writeln!(o, "  content hash  {:016x} (XXH64)", h.content_hash);
    let _ = writeln!(o, "  builtins      {:016x}", h.builtins);
    let _ = writeln!(o, "  flags         {}", if flags.is_empty() { "none".to_string() } else { flags.join(", ") });
    let _ = writeln!(o, "  heap image    {}", if snap.heap_image().is_some() { "present" } else { "absent" });
    let _ = writeln!(o, "sections:");
    for (kind, e) in &snap.sections {
        let _ = writeln!(o, "  {:4}  offset {:>9}  size {:>9}  items {:>7}  {}", kind.name, e.offset, e.length, e.count, kind.about);
    }
    let n_funcs: usize = snap.units.iter().map(|u| u.unit.functions.len()).sum();
    let _ = writeln!(o, "functions: {n_funcs} (all verified)");
    for (i, a) in snap.assemblies.iter().enumerate() {
        let kind = if a.entry_is_module { "module" } else { "script" };
        let _ = writeln!(o, "assembly {i}: {} (entry: unit {}, {kind})", a.name, a.entry_unit);
    }
    let _ = writeln!(o, "units:");
    for (i, u) in snap.units.iter().enumerate() {
        let code = &u.unit;
        let kind = if u.json {
            "json"
        } else if code.module.is_some() {
            "module"
        } else {
            "script"
        };
        let _ = writeln!(o, "  [{i}] {} ({kind}, {} functions, {} constants)", u.name, code.functions.len(), code.constants.len());
        if let Some(m) = &code.module {
            for (r, (spec, ty)) in m.requests.iter().enumerate() {
                let to = match u.targets.get(r).copied().flatten() {
                    Some(t) => format!("unit {t}"),
                    None => "run-time loader".to_string(),
                };
                let ty = ty.as_deref().map(|t| format!(" (type {t})")).unwrap_or_default();
                let _ = writeln!(o, "      import '{spec}'{ty} -> {to}");
            }
            let mut exports: Vec<String> = m.local_exports.iter().map(|(n, _)| n.to_string()).collect();
            exports.extend(m.indirect_exports.iter().map(|(n, _, _)| n.to_string()));
            exports.extend(m.star_exports.iter().map(|r| format!("* from '{}'", m.requests.get(*r as usize).map(|x| &*x.0).unwrap_or("?"))));
            if !exports.is_empty() {
                let _ = writeln!(o, "      exports: {}", exports.join(", "));
            }
        }
        for (d, spec) in code.dynamic_imports.iter().enumerate() {
            let to = match u.dyn_targets.get(d).copied().flatten() {
                Some(t) => format!("unit {t}"),
                None => "run-time loader".to_string(),
            };
            let _ = writeln!(o, "      import('{spec}') -> {to}");
        }
    }
    // A closed pipe (`gannet inspect x | head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), o.as_bytes());
    ExitCode::SUCCESS
}

/// Runs a loaded snapshot in `iso` (freshly set up by `runtime::install`):
/// restores its heap image and calls `main`, or runs its code. Script
/// arguments are installed after a heap image is restored (the image was
/// taken before they existed).
pub fn run(iso: &mut gannet::Isolate, snap: &Arc<Snapshot>, file: &str, args: &[String]) -> Result<(), gannet::Error> {
    if snap.heap_image().is_some() {
        let name = snap.units.first().map(|u| u.name.clone()).unwrap_or_default();
        gannet::snapshot::image::restore(iso, snap).map_err(|e| gannet::Error::Snapshot(format!("{name}: {e}")))?;
        crate::runtime::install_script_args(iso, file, args);
        return iso.call_main(snap);
    }
    crate::runtime::install_script_args(iso, file, args);
    iso.run_snapshot(snap)
}

/// The snapshot appended to this executable by `gannet build`, if any.
pub fn embedded() -> Option<(String, u64)> {
    use std::io::{Read, Seek, SeekFrom};
    let exe = std::env::current_exe().ok()?;
    let mut f = std::fs::File::open(&exe).ok()?;
    let len = f.metadata().ok()?.len();
    if len < 16 {
        return None;
    }
    f.seek(SeekFrom::Start(len - 16)).ok()?;
    let mut tail = [0u8; 16];
    f.read_exact(&mut tail).ok()?;
    if &tail[8..] != EXE_MAGIC {
        return None;
    }
    let offset = u64::from_le_bytes(tail[..8].try_into().ok()?);
    Some((exe.to_string_lossy().into_owned(), offset))
}

/// `gannet build ENTRY|app.gsnap -o app`: this executable + the snapshot.
pub fn build(input: &str, output: &str, compile_args: CompileArgs) -> ExitCode {
    let snapshot = if is_snapshot_file(input) {
        match open(input, 0, 0) {
            Ok(s) => s.bytes().to_vec(),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    } else {
        match compile_bytes(&compile_args) {
            Ok(b) => b,
            Err(code) => return code,
        }
    };
    let runtime = match std::env::current_exe().and_then(std::fs::read) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gannet build: cannot read the gannet executable: {e}");
            return ExitCode::from(2);
        }
    };
    // A runtime that is itself a built program carries a snapshot: drop it.
    let base_len = match runtime.len().checked_sub(16).map(|t| &runtime[t..]) {
        Some(tail) if &tail[8..] == EXE_MAGIC => u64::from_le_bytes(tail[..8].try_into().unwrap_or([0; 8])) as usize,
        _ => runtime.len(),
    };
    let mut out = runtime[..base_len.min(runtime.len())].to_vec();
    // Snapshots are read at an 8-aligned offset.
    out.resize((out.len() + 7) & !7, 0);
    let offset = out.len() as u64;
    out.extend_from_slice(&snapshot);
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(EXE_MAGIC);
    if let Err(e) = std::fs::write(output, &out) {
        eprintln!("gannet build: cannot write {output}: {e}");
        return ExitCode::from(2);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(output, std::fs::Permissions::from_mode(0o755));
    }
    eprintln!("gannet build: wrote {output} ({} bytes: runtime {} + snapshot {})", out.len(), base_len, snapshot.len());
    ExitCode::SUCCESS
}
