//! Command-line options.

use std::env;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USAGE: &str = "\
Usage: test262 [OPTIONS] [PATH]...

Runs Test262 against the gannet engine and compares the results with the
recorded expectations.

Arguments:
  [PATH]...              test files or directories to run, relative to test262/test
                         (`language/expressions`, `test/built-ins/Array/from`) or as
                         filesystem paths into it [default: language built-ins annexB]

Options:
  --engine PATH          engine binary [default: $CARGO_TARGET_DIR/release/gannet,
                         else `gannet` next to this binary, else target/release/gannet]
  --test262-dir DIR      Test262 checkout [default: ../shared/test262 beside the repo]
  -j, --jobs N           worker threads [default: available parallelism]
  --timeout SECS         timeout per engine run, in seconds [default: 10]
  --update               rewrite the expectations and metrics files from this run
  --verbose              print every failing test with the first lines of its error
  --list-failures        print every failing test
  --config FILE          skip list [default: spec-tests/config.txt]
  --expectations FILE    [default: spec-tests/expectations.txt]
  --metrics FILE         [default: spec-tests/metrics.txt]
  -h, --help             print this help

Exits with 1 if a test that is expected to pass does not (unless --update) or
if any test crashes the engine, with 2 on usage or setup errors, else 0.
";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub paths: Vec<String>,
    pub engine: PathBuf,
    pub test262_dir: PathBuf,
    pub jobs: usize,
    pub timeout: Duration,
    pub update: bool,
    pub verbose: bool,
    pub list_failures: bool,
    pub config: PathBuf,
    pub expectations: PathBuf,
    pub metrics: PathBuf,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Run(Options),
}

/// The spec-tests crate directory, where the data files live.
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

impl Default for Options {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            engine: default_engine(),
            test262_dir: crate_dir().join("../../shared/test262"),
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            timeout: Duration::from_secs(10),
            update: false,
            verbose: false,
            list_failures: false,
            config: crate_dir().join("config.txt"),
            expectations: crate_dir().join("expectations.txt"),
            metrics: crate_dir().join("metrics.txt"),
        }
    }
}

fn default_engine() -> PathBuf {
    if let Some(dir) = env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("release").join("gannet");
    }
    // The runner is normally built into the same target directory.
    if let Some(sibling) = env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("gannet")))
    {
        if sibling.is_file() {
            return sibling;
        }
    }
    crate_dir().join("../target/release/gannet")
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut opts = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--opt value` and `--opt=value`, and `-jN`.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ if arg.starts_with("-j") && arg.len() > 2 => {
                ("-j".to_owned(), Some(arg[2..].to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--engine" => opts.engine = value()?.into(),
            "--test262-dir" => opts.test262_dir = value()?.into(),
            "-j" | "--jobs" => {
                opts.jobs = value()?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("`--jobs` needs a positive integer")?;
            }
            "--timeout" => {
                let secs: f64 = value()?
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0)
                    .ok_or("`--timeout` needs a positive number of seconds")?;
                opts.timeout = Duration::from_secs_f64(secs);
            }
            "--config" => opts.config = value()?.into(),
            "--expectations" => opts.expectations = value()?.into(),
            "--metrics" => opts.metrics = value()?.into(),
            "--update" | "--verbose" | "--list-failures" if inline.is_some() => {
                return Err(format!("`{name}` takes no value"));
            }
            "--update" => opts.update = true,
            "--verbose" => opts.verbose = true,
            "--list-failures" => opts.list_failures = true,
            _ if name.starts_with('-') && name != "-" => {
                return Err(format!("unknown option `{name}`"))
            }
            _ => opts.paths.push(arg),
        }
    }
    Ok(Command::Run(opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(|s| (*s).to_owned()))? {
            Command::Run(opts) => Ok(opts),
            Command::Help => Err("help".to_owned()),
        }
    }

    #[test]
    fn options() {
        let opts = run(&[
            "-j",
            "3",
            "--timeout=2.5",
            "--update",
            "language/expressions",
            "--engine",
            "/x/gannet",
        ])
        .expect("valid options");
        assert_eq!(opts.jobs, 3);
        assert_eq!(opts.timeout, Duration::from_millis(2500));
        assert!(opts.update && !opts.verbose);
        assert_eq!(opts.paths, ["language/expressions"]);
        assert_eq!(opts.engine, PathBuf::from("/x/gannet"));
        assert_eq!(run(&["-j7"]).map(|o| o.jobs), Ok(7));
    }

    #[test]
    fn bad_options() {
        assert!(run(&["-j", "0"]).is_err());
        assert!(run(&["--timeout"]).is_err());
        assert!(run(&["--frobnicate"]).is_err());
        assert!(run(&["--update=yes"]).is_err());
        assert_eq!(parse(["--help".to_owned()]), Ok(Command::Help));
    }
}
