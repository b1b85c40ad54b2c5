//! `gannet`: run JavaScript and TypeScript from the command line.
//!
//! A thin client of the `gannet` library: it provides the host (files, clock,
//! console, timers) and the event loop.


// mimalloc natively: the engine allocates and frees many small blocks (object
// property storage, strings), where it is markedly faster than glibc's malloc.
#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod host;
mod mapped;
#[cfg(not(target_family = "wasm"))]
mod repl;
mod runtime;
mod snap;

use clap::{Parser, Subcommand};
use gannet::compiler::{CompileOptions, Goal};
use gannet::{Error, Isolate};
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gannet", version, about = "Gannet: a JavaScript and TypeScript engine", disable_help_subcommand = true)]
struct Cli {
    /// Limit the JS heap to this many megabytes.
    #[arg(long, global = true, value_name = "MB")]
    max_heap: Option<usize>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a script or module (.js, .mjs, .cjs, .ts, .mts)
    Run {
        /// Define the Test262 host (`print`, `$262`).
        #[arg(long)]
        test262: bool,
        /// Evaluate the file as a module regardless of its extension.
        #[arg(long)]
        module: bool,
        /// Evaluate the file as strict-mode code.
        #[arg(long)]
        strict: bool,
        /// Classic scripts to evaluate first (Test262 harness files).
        #[arg(long, value_name = "FILE")]
        include: Vec<String>,
        file: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Evaluate code given on the command line and print the result
    Eval { code: String },
    /// Print the bytecode of a file
    Disasm { file: String },
    /// Compile a program and its static imports into a snapshot (.gsnap)
    Compile {
        entry: String,
        /// Output file (default: the entry with extension .gsnap)
        #[arg(short, long)]
        output: Option<String>,
        /// Drop modules, functions and exports the program cannot reach
        #[arg(long)]
        tree_shake: bool,
        /// Drop source positions and source texts
        #[arg(long)]
        strip_debug: bool,
        /// Run the top level now and store the initialized heap
        #[arg(long)]
        init: bool,
        /// Treat the entry as a module regardless of its extension
        #[arg(long)]
        module: bool,
    },
    /// Print a snapshot's header, sections, modules and functions
    Inspect { file: String },
    /// Write a standalone executable: this runtime plus a snapshot
    Build {
        /// A program entry (compiled first) or a .gsnap file
        input: String,
        #[arg(short, long)]
        output: String,
        #[arg(long)]
        tree_shake: bool,
        #[arg(long)]
        strip_debug: bool,
        #[arg(long)]
        init: bool,
    },
}

fn main() -> ExitCode {
    // An executable made by `gannet build` runs its snapshot with all arguments.
    if let Some((exe, offset)) = snap::embedded() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        return on_big_stack(move || run_embedded(&exe, offset, &args));
    }
    let cli = Cli::parse();
    on_big_stack(move || run_cli(cli))
}

/// Stack the CLI's thread has for native re-entry (see `on_big_stack`), less headroom.
const STACK_LIMIT: usize = if cfg!(target_family = "wasm") { 12 << 20 } else { 448 << 20 };

/// An isolate with the CLI's host, allowed the CLI thread's large stack.
pub(crate) fn new_isolate() -> Isolate {
    let mut iso = Isolate::new(host::CliHost::new());
    iso.set_stack_limit(STACK_LIMIT);
    iso
}

fn on_big_stack(f: impl FnOnce() -> ExitCode + Send + 'static) -> ExitCode {
    // Deep native re-entry (getters, toString, callbacks) needs a large Rust
    // stack; JS→JS calls never use it. Threads are unavailable under WASI,
    // where the stack size is set at link time instead.
    #[cfg(not(target_family = "wasm"))]
    {
        match std::thread::Builder::new().stack_size(512 << 20).spawn(f) {
            Ok(h) => h.join().unwrap_or(ExitCode::from(70)),
            Err(_) => ExitCode::from(70),
        }
    }
    #[cfg(target_family = "wasm")]
    f()
}

fn run_embedded(exe: &str, offset: u64, args: &[String]) -> ExitCode {
    let snapshot = match snap::open(exe, offset, 16) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut iso = new_isolate();
    runtime::install(&mut iso);
    if let Err(e) = snap::run(&mut iso, &snapshot, exe, args) {
        return report(&e, None);
    }
    let code = finish(&mut iso, true);
    std::mem::forget(iso);
    code
}

fn run_cli(cli: Cli) -> ExitCode {
    let mut iso = new_isolate();
    if let Some(mb) = cli.max_heap {
        iso.set_max_heap(mb.saturating_mul(1 << 20));
    }
    runtime::install(&mut iso);
    let code = match cli.command {
        None => repl_or_stdin(&mut iso),
        Some(Command::Eval { code }) => match iso.eval(&code, "eval") {
            Ok(h) => {
                let v = iso.value(h);
                let s = iso.inspect(v);
                println!("{s}");
                finish(&mut iso, true)
            }
            Err(e) => report(&e, Some(&code)),
        },
        Some(Command::Disasm { file }) => disasm(&file),
        Some(Command::Compile { entry, output, tree_shake, strip_debug, init, module }) => {
            snap::compile(&snap::CompileArgs { entry, output, tree_shake, strip_debug, init, module })
        }
        Some(Command::Inspect { file }) => snap::inspect(&file),
        Some(Command::Build { input, output, tree_shake, strip_debug, init }) => {
            let args = snap::CompileArgs { entry: input.clone(), output: None, tree_shake, strip_debug, init, module: false };
            snap::build(&input, &output, args)
        }
        Some(Command::Run { test262, module, strict, include, file, args }) => {
            if test262 {
                runtime::install_test262(&mut iso);
            }
            for inc in &include {
                let src = match std::fs::read_to_string(inc) {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("gannet: cannot read {inc}: {e}");
                        return ExitCode::from(2);
                    }
                };
                if let Err(e) = iso.eval(&src, inc) {
                    return report(&e, Some(&src));
                }
            }
            run_file(&mut iso, &file, &args, module, strict, !test262)
        }
    };
    // The process ends now: freeing the heap cell by cell would only cost time.
    std::mem::forget(iso);
    code
}

pub(crate) fn is_typescript(file: &str) -> bool {
    [".ts", ".mts", ".cts", ".tsx"].iter().any(|e| file.ends_with(e))
}

/// Goal detection like Node 22.
pub(crate) fn is_module_file(file: &str, src: &str, ts: bool, force_module: bool) -> bool {
    force_module
        || file.ends_with(".mjs")
        || file.ends_with(".mts")
        || (!file.ends_with(".cjs") && !file.ends_with(".cts") && gannet::compiler::looks_like_module(src, ts))
}

fn run_file(iso: &mut Isolate, file: &str, args: &[String], force_module: bool, strict: bool, fail_on_unhandled: bool) -> ExitCode {
    if snap::is_snapshot_file(file) {
        let snapshot = match snap::open(file, 0, 0) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
        if let Err(e) = snap::run(iso, &snapshot, file, args) {
            return report(&e, None);
        }
        return finish(iso, fail_on_unhandled);
    }
    runtime::install_script_args(iso, file, args);
    let src = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gannet: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let ts = is_typescript(file);
    let is_module = is_module_file(file, &src, ts, force_module);
    let path = host::absolute(Path::new(file)).to_string_lossy().into_owned();
    let result = if is_module {
        iso.run_module(&path)
    } else {
        let opts = CompileOptions { goal: Goal::Script, typescript: ts, force_strict: strict };
        iso.eval_with(&src, file, opts).map(|_| ())
    };
    if let Err(e) = result {
        return report(&e, Some(&src));
    }
    finish(iso, fail_on_unhandled)
}

/// Runs the event loop to completion and maps the outcome to an exit code.
fn finish(iso: &mut Isolate, fail_on_unhandled: bool) -> ExitCode {
    match runtime::event_loop(iso, fail_on_unhandled) {
        Ok(()) => ExitCode::SUCCESS,
        Err(runtime::LoopError::Uncaught(e)) => report(&e, None),
        Err(runtime::LoopError::UnhandledRejection(e)) => report_unhandled(&e),
    }
}

/// Prints an unhandled promise rejection and returns exit code 1.
pub(crate) fn report_unhandled(e: &Error) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    match e {
        Error::Exception { summary, stack } => {
            eprintln!("Uncaught (in promise) {summary}");
            if !stack.is_empty() {
                eprintln!("{stack}");
            }
        }
        other => eprintln!("{other}"),
    }
    ExitCode::from(1)
}

/// Prints an error (with a code frame for syntax errors) and returns exit code 1.
pub(crate) fn report(e: &Error, source: Option<&str>) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    match e {
        Error::Syntax { message, file, line, column } => {
            eprintln!("SyntaxError: {message}");
            eprintln!("    at {file}:{line}:{column}");
            if let Some(src) = source {
                if let Some(text) = src.lines().nth(line.saturating_sub(1) as usize) {
                    eprintln!("{line:>4} | {text}");
                    eprintln!("     | {}^", " ".repeat(column.saturating_sub(1) as usize));
                }
            }
        }
        Error::OutOfMemory => eprintln!("Uncaught RangeError: out of memory: the heap limit was reached"),
        other => eprintln!("{other}"),
    }
    ExitCode::from(1)
}

fn disasm(file: &str) -> ExitCode {
    let src = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gannet: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let ts = is_typescript(file);
    let goal = if file.ends_with(".mjs") || file.ends_with(".mts") || gannet::compiler::looks_like_module(&src, ts) { Goal::Module } else { Goal::Script };
    match gannet::compiler::compile(&src, file, &CompileOptions { goal, typescript: ts, force_strict: false }) {
        Ok(unit) => {
            print!("{}", gannet::bytecode::disassemble(&unit));
            ExitCode::SUCCESS
        }
        Err(e) => report(&Error::Syntax { message: e.message, file: file.to_string(), line: e.line, column: e.column }, Some(&src)),
    }
}

#[cfg(not(target_family = "wasm"))]
fn repl_or_stdin(iso: &mut Isolate) -> ExitCode {
    repl::run(iso)
}

#[cfg(target_family = "wasm")]
fn repl_or_stdin(iso: &mut Isolate) -> ExitCode {
    // No line editor under WASI: evaluate standard input as one script.
    let mut src = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut src);
    if let Err(e) = iso.eval(&src, "<stdin>") {
        return report(&e, Some(&src));
    }
    finish(iso, true)
}
