//! Running tests: choosing modes and harness files, judging the engine's
//! output against the expected result, and the worker pool.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use crate::config::Config;
use crate::engine::{Engine, Exit, Mode, Output};
use crate::frontmatter::{self, Frontmatter, Negative};
use crate::outcome::Outcome;

/// Stderr lines kept in a failure's detail.
const DETAIL_LINES: usize = 3;

/// The outcome of one test over all its modes.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// Path relative to `test262/test`.
    pub path: String,
    pub outcome: Outcome,
    /// Why it did not pass (empty for passing tests).
    pub detail: String,
}

pub struct Runner<'a> {
    pub engine: &'a Engine,
    pub config: &'a Config,
    /// The test262 `test` directory.
    pub test_dir: &'a Path,
    /// The test262 `harness` directory.
    pub harness_dir: &'a Path,
}

impl Runner<'_> {
    pub fn run_test(&self, path: &str) -> TestResult {
        let (outcome, detail) = self.outcome_of(path);
        TestResult {
            path: path.to_owned(),
            outcome,
            detail,
        }
    }

    fn outcome_of(&self, path: &str) -> (Outcome, String) {
        if let Some(rule) = self.config.skip_by_path(path) {
            return (Outcome::Skipped, rule.to_string());
        }
        let file = self.test_dir.join(path);
        let source = match fs::read(&file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => return (Outcome::Fail, format!("cannot read test: {e}")),
        };
        let fm = match frontmatter::parse(&source) {
            Ok(fm) => fm,
            Err(e) => return (Outcome::Fail, format!("bad frontmatter: {e}")),
        };
        if let Some(rule) = self.config.skip_by_metadata(&fm) {
            return (Outcome::Skipped, rule.to_string());
        }

        let includes: Vec<PathBuf> = harness_files(&fm)
            .iter()
            .map(|name| self.harness_dir.join(name))
            .collect();
        let mut worst = (Outcome::Pass, String::new());
        for &mode in modes(&fm) {
            let (outcome, detail) = match self.engine.run(mode, &includes, &file) {
                Ok(output) => judge(&fm, &output),
                // Not the engine's fault, but it must not count as a pass.
                Err(e) => (Outcome::Crash, format!("cannot run engine: {e}")),
            };
            if outcome > worst.0 {
                worst = (outcome, format!("[{}] {detail}", mode.label()));
            }
            // Another mode would almost surely time out as well.
            if outcome == Outcome::Timeout {
                break;
            }
        }
        worst
    }
}

/// The modes a test runs in, per its flags.
pub fn modes(fm: &Frontmatter) -> &'static [Mode] {
    if fm.has_flag("module") {
        &[Mode::Module]
    } else if fm.has_flag("raw") || fm.has_flag("noStrict") {
        &[Mode::NonStrict]
    } else if fm.has_flag("onlyStrict") {
        &[Mode::Strict]
    } else {
        &[Mode::NonStrict, Mode::Strict]
    }
}

/// Harness files to evaluate before the test, in order, without duplicates.
pub fn harness_files(fm: &Frontmatter) -> Vec<&str> {
    if fm.has_flag("raw") {
        return Vec::new();
    }
    let mut files = vec!["assert.js", "sta.js"];
    if fm.has_flag("async") {
        files.push("doneprintHandle.js");
    }
    for include in &fm.includes {
        if !files.contains(&include.as_str()) {
            files.push(include);
        }
    }
    files
}

/// Decides the outcome of one engine run.
pub fn judge(fm: &Frontmatter, output: &Output) -> (Outcome, String) {
    let code = match output.exit {
        Exit::TimedOut => return (Outcome::Timeout, "timed out".to_owned()),
        Exit::Signal(Some(signal)) => {
            return (Outcome::Crash, format!("killed by signal {signal}"))
        }
        Exit::Signal(None) => return (Outcome::Crash, "killed by a signal".to_owned()),
        Exit::Code(code) => code,
    };
    if code == 101 || output.stderr.contains("panicked at") {
        return (
            Outcome::Crash,
            format!("exit {code}: {}", first_lines(&output.stderr)),
        );
    }

    if let Some(Negative { phase, error_type }) = &fm.negative {
        // The phase is not checked: engines differ in when they report
        // e.g. module linking errors, and the type is what matters.
        if code == 0 {
            return (
                Outcome::Fail,
                format!(
                    "expected {error_type} ({} phase), but the test completed normally",
                    phase.as_str()
                ),
            );
        }
        return match error_name(&output.stderr) {
            Some(name) if name == error_type => (Outcome::Pass, String::new()),
            _ => (
                Outcome::Fail,
                format!(
                    "expected {error_type}, got: {}",
                    first_lines(&output.stderr)
                ),
            ),
        };
    }

    if code != 0 {
        return (
            Outcome::Fail,
            format!("exit {code}: {}", first_lines(&output.stderr)),
        );
    }
    if fm.has_flag("async") {
        if let Some(line) = output
            .stdout
            .lines()
            .find(|l| l.contains("Test262:AsyncTestFailure"))
        {
            return (Outcome::Fail, line.trim().to_owned());
        }
        if !output.stdout.contains("Test262:AsyncTestComplete") {
            return (
                Outcome::Fail,
                "async test did not print Test262:AsyncTestComplete".to_owned(),
            );
        }
    }
    (Outcome::Pass, String::new())
}

/// The error name in the engine's report: `Uncaught TypeError: msg` or
/// `SyntaxError: msg` on the first non-blank stderr line.
pub fn error_name(stderr: &str) -> Option<&str> {
    let line = stderr.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.strip_prefix("Uncaught ").unwrap_or(line);
    let name = line.split(':').next()?.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
}

fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(DETAIL_LINES)
        .collect();
    if lines.is_empty() {
        "(no output on stderr)".to_owned()
    } else {
        lines.join("\n    ")
    }
}

/// Runs `tests` on `jobs` threads, handing each result to `on_result` on
/// the calling thread as it arrives.
pub fn run_all(
    runner: &Runner<'_>,
    tests: &[String],
    jobs: usize,
    mut on_result: impl FnMut(TestResult),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                while let Some(path) = tests.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send(runner.run_test(path)).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now, so the loop ends with them.
        drop(tx);
        for result in rx {
            on_result(result);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::Phase;

    fn fm(flags: &[&str]) -> Frontmatter {
        Frontmatter {
            flags: flags.iter().map(|f| (*f).to_owned()).collect(),
            ..Frontmatter::default()
        }
    }

    fn negative(phase: Phase, error_type: &str) -> Frontmatter {
        Frontmatter {
            negative: Some(Negative {
                phase,
                error_type: error_type.to_owned(),
            }),
            ..fm(&[])
        }
    }

    fn out(exit: Exit, stdout: &str, stderr: &str) -> Output {
        Output {
            exit,
            stdout: stdout.to_owned(),
            stderr: stderr.to_owned(),
        }
    }

    #[test]
    fn mode_selection() {
        assert_eq!(modes(&fm(&[])), [Mode::NonStrict, Mode::Strict]);
        assert_eq!(modes(&fm(&["onlyStrict"])), [Mode::Strict]);
        assert_eq!(modes(&fm(&["noStrict", "async"])), [Mode::NonStrict]);
        assert_eq!(modes(&fm(&["raw"])), [Mode::NonStrict]);
        assert_eq!(modes(&fm(&["module"])), [Mode::Module]);
        assert_eq!(modes(&fm(&["module", "raw"])), [Mode::Module]);
    }

    #[test]
    fn harness_selection() {
        assert!(harness_files(&fm(&["raw"])).is_empty());
        let mut test = fm(&["async"]);
        test.includes = vec![
            "asyncHelpers.js".to_owned(),
            "doneprintHandle.js".to_owned(),
        ];
        assert_eq!(
            harness_files(&test),
            [
                "assert.js",
                "sta.js",
                "doneprintHandle.js",
                "asyncHelpers.js"
            ]
        );
    }

    #[test]
    fn error_names() {
        assert_eq!(
            error_name("Uncaught TypeError: x is not a function\n  at 1:2"),
            Some("TypeError")
        );
        assert_eq!(
            error_name("\nSyntaxError: Unexpected token\n"),
            Some("SyntaxError")
        );
        assert_eq!(error_name("Uncaught Test262Error"), Some("Test262Error"));
        assert_eq!(error_name("thread 'main' panicked at x"), None);
        assert_eq!(error_name(""), None);
    }

    #[test]
    fn positive_tests() {
        let plain = fm(&[]);
        assert_eq!(judge(&plain, &out(Exit::Code(0), "", "")).0, Outcome::Pass);
        assert_eq!(
            judge(&plain, &out(Exit::Code(1), "", "Uncaught Test262Error: x")).0,
            Outcome::Fail
        );
        assert_eq!(
            judge(&plain, &out(Exit::TimedOut, "", "")).0,
            Outcome::Timeout
        );
        assert_eq!(
            judge(&plain, &out(Exit::Code(101), "", "")).0,
            Outcome::Crash
        );
        assert_eq!(
            judge(&plain, &out(Exit::Signal(Some(11)), "", "")).0,
            Outcome::Crash
        );
        assert_eq!(
            judge(
                &plain,
                &out(Exit::Code(1), "", "thread 'main' panicked at src/x.rs")
            )
            .0,
            Outcome::Crash
        );
    }

    #[test]
    fn async_tests() {
        let test = fm(&["async"]);
        assert_eq!(
            judge(
                &test,
                &out(Exit::Code(0), "Test262:AsyncTestComplete\n", "")
            )
            .0,
            Outcome::Pass
        );
        assert_eq!(judge(&test, &out(Exit::Code(0), "", "")).0, Outcome::Fail);
        let failed = out(
            Exit::Code(0),
            "Test262:AsyncTestFailure:Test262Error: x\n",
            "",
        );
        assert_eq!(
            judge(&test, &failed),
            (
                Outcome::Fail,
                "Test262:AsyncTestFailure:Test262Error: x".to_owned()
            )
        );
        let both = out(
            Exit::Code(0),
            "Test262:AsyncTestComplete\nTest262:AsyncTestFailure:x\n",
            "",
        );
        assert_eq!(judge(&test, &both).0, Outcome::Fail);
    }

    #[test]
    fn negative_tests() {
        let parse = negative(Phase::Parse, "SyntaxError");
        assert_eq!(
            judge(
                &parse,
                &out(Exit::Code(1), "", "SyntaxError: bad\n  at t.js:3")
            )
            .0,
            Outcome::Pass
        );
        // The phase is recorded loosely: a runtime report of the type counts.
        assert_eq!(
            judge(&parse, &out(Exit::Code(1), "", "Uncaught SyntaxError: bad")).0,
            Outcome::Pass
        );
        assert_eq!(judge(&parse, &out(Exit::Code(0), "", "")).0, Outcome::Fail);
        let wrong = out(
            Exit::Code(1),
            "",
            "Uncaught Test262Error: Test262: This statement should not be evaluated.",
        );
        assert_eq!(judge(&parse, &wrong).0, Outcome::Fail);
        assert_eq!(
            judge(&parse, &out(Exit::Code(101), "", "SyntaxError: x")).0,
            Outcome::Crash
        );

        let runtime = negative(Phase::Runtime, "ReferenceError");
        assert_eq!(
            judge(
                &runtime,
                &out(Exit::Code(1), "", "Uncaught ReferenceError: x")
            )
            .0,
            Outcome::Pass
        );
        assert_eq!(
            judge(
                &runtime,
                &out(Exit::Code(1), "", "Uncaught ReferenceErrorX: x")
            )
            .0,
            Outcome::Fail
        );
    }
}
