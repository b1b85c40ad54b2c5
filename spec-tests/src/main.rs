//! `test262`: runs the Test262 conformance suite against the gannet engine.
//! See README.md for usage.

mod cli;
mod config;
mod discover;
mod engine;
mod expectations;
mod frontmatter;
mod metrics;
mod outcome;
mod progress;
mod report;
mod run;

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use cli::{Command, Options};
use config::Config;
use engine::Engine;
use expectations::Expectations;
use outcome::Outcome;
use progress::Progress;
use report::Report;
use run::{Runner, TestResult};

fn main() -> ExitCode {
    match try_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("test262: {e}");
            ExitCode::from(2)
        }
    }
}

fn try_main() -> Result<ExitCode, String> {
    let opts = match cli::parse(std::env::args().skip(1))? {
        Command::Help => {
            print!("{}", cli::USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        Command::Run(opts) => opts,
    };

    let root = opts.test262_dir.canonicalize().map_err(|e| {
        format!(
            "Test262 directory {}: {e} (see --test262-dir)",
            opts.test262_dir.display()
        )
    })?;
    let test_dir = root.join("test");
    let harness_dir = root.join("harness");
    if !test_dir.is_dir() || !harness_dir.join("assert.js").is_file() {
        return Err(format!(
            "{} does not look like a Test262 checkout",
            root.display()
        ));
    }
    if !opts.engine.is_file() {
        return Err(format!(
            "no engine at {}; build it with `cargo build --release -p gannet-cli` or pass --engine",
            opts.engine.display()
        ));
    }
    let config = Config::load(&opts.config)?;
    let expected = expectations::load(&opts.expectations)?;

    let scopes: Vec<String> = if opts.paths.is_empty() {
        discover::DEFAULT_ROOTS
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        opts.paths
            .iter()
            .map(|p| discover::normalize_filter(&test_dir, p))
            .collect::<Result<_, _>>()?
    };
    let tests = discover::collect(&test_dir, &scopes)?;
    if tests.is_empty() {
        return Err(format!("no tests found in {}", scopes.join(", ")));
    }

    let engine = Engine {
        path: opts.engine.clone(),
        timeout: opts.timeout,
    };
    let runner = Runner {
        engine: &engine,
        config: &config,
        test_dir: &test_dir,
        harness_dir: &harness_dir,
    };
    eprintln!(
        "Running {} tests with {} workers using {}",
        tests.len(),
        opts.jobs,
        opts.engine.display()
    );
    let started = Instant::now();
    let mut progress = Progress::new(tests.len());
    let mut results: Vec<TestResult> = Vec::with_capacity(tests.len());
    run::run_all(&runner, &tests, opts.jobs, |result| {
        progress.record(result.outcome);
        results.push(result);
    });
    progress.finish();
    eprintln!("Finished in {:.1}s", started.elapsed().as_secs_f64());
    results.sort_by(|a, b| a.path.cmp(&b.path));

    let comparison = expectations::compare(&expected, outcomes(&results));
    let report = Report {
        results: &results,
        verbose: opts.verbose,
    };
    let mut stdout = io::stdout().lock();
    quiet_pipe(report.print(&mut stdout, &comparison, opts.update, opts.list_failures))?;
    if opts.update {
        let entries = update(&opts, &scopes, &expected, &results)?;
        let message = format!(
            "\nUpdated {} ({entries} entries) and {}.",
            opts.expectations.display(),
            opts.metrics.display()
        );
        quiet_pipe(writeln!(stdout, "{message}"))?;
    }
    quiet_pipe(report.print_summary(&mut stdout))?;

    let crashed = results.iter().any(|r| r.outcome == Outcome::Crash);
    let regressed = !opts.update && !comparison.regressions.is_empty();
    Ok(if crashed || regressed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn outcomes(results: &[TestResult]) -> impl Iterator<Item = (&str, Outcome)> {
    results.iter().map(|r| (r.path.as_str(), r.outcome))
}

/// Rewrites the expectations and metrics files, keeping what lies outside
/// the scopes that were run. Returns the number of expectation entries.
fn update(
    opts: &Options,
    scopes: &[String],
    old: &Expectations,
    results: &[TestResult],
) -> Result<usize, String> {
    let old_rows = metrics::load(&opts.metrics)?;
    let merged = expectations::merge(old, scopes, outcomes(results));
    let previous = |path: &str| old.get(path).copied().unwrap_or(Outcome::Pass);
    let per_dir = metrics::merge(&old_rows, scopes, previous, outcomes(results));
    write(&opts.expectations, &expectations::render(&merged))?;
    write(&opts.metrics, &metrics::render(&per_dir))?;
    Ok(merged.len())
}

/// A closed stdout (e.g. piped into `head`) is not an error worth a
/// message; the exit code still reports the run's result.
fn quiet_pipe(result: io::Result<()>) -> Result<(), String> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
        _ => Ok(()),
    }
}

/// Writes via a temporary file so an interrupted run never leaves a
/// truncated file behind.
fn write(path: &Path, contents: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, contents).map_err(|e| format!("{}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
