//! Running the engine binary as a subprocess with a timeout.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// Output kept per stream; a runaway test should not exhaust memory, and
/// only the first lines and the async markers matter.
const CAPTURE_LIMIT: u64 = 1 << 20;

/// How the engine should evaluate the test file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    NonStrict,
    Strict,
    Module,
}

impl Mode {
    pub const fn label(self) -> &'static str {
        match self {
            Self::NonStrict => "non-strict",
            Self::Strict => "strict",
            Self::Module => "module",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    /// Killed by a signal (the number, where the platform has one).
    Signal(Option<i32>),
    TimedOut,
}

#[derive(Clone, Debug)]
pub struct Output {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Clone, Debug)]
pub struct Engine {
    pub path: PathBuf,
    pub timeout: Duration,
}

impl Engine {
    /// `ENGINE run --test262 [--module] [--strict] [--include FILE]... TEST`
    pub fn run(&self, mode: Mode, includes: &[PathBuf], test: &Path) -> io::Result<Output> {
        let mut cmd = Command::new(&self.path);
        cmd.arg("run").arg("--test262");
        match mode {
            Mode::NonStrict => {}
            Mode::Strict => {
                cmd.arg("--strict");
            }
            Mode::Module => {
                cmd.arg("--module");
            }
        }
        for include in includes {
            cmd.arg("--include").arg(include);
        }
        cmd.arg(test)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = cmd.spawn()?;
        self.wait(child)
    }

    /// Collects the output, killing the child once the timeout has passed.
    fn wait(&self, mut child: Child) -> io::Result<Output> {
        let deadline = Instant::now() + self.timeout;
        // Readers run on their own threads so a full pipe can never block
        // the child, and so the wait below can time out.
        let (tx, rx) = mpsc::channel();
        let mut pending = 0;
        if let Some(out) = child.stdout.take() {
            spawn_reader(out, true, tx.clone());
            pending += 1;
        }
        if let Some(err) = child.stderr.take() {
            spawn_reader(err, false, tx);
            pending += 1;
        }

        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        while pending > 0 {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok((true, bytes)) => stdout = bytes,
                Ok((false, bytes)) => stderr = bytes,
                Err(RecvTimeoutError::Timeout) => return kill(child, stdout, stderr),
                Err(RecvTimeoutError::Disconnected) => break,
            }
            pending -= 1;
        }

        // Both pipes are closed, so the child is exiting; it may still
        // linger if it closed them itself.
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(Output {
                    exit: exit_of(status),
                    stdout: lossy(stdout),
                    stderr: lossy(stderr),
                });
            }
            if Instant::now() >= deadline {
                return kill(child, stdout, stderr);
            }
            thread::sleep(Duration::from_millis(2));
        }
    }
}

fn kill(mut child: Child, stdout: Vec<u8>, stderr: Vec<u8>) -> io::Result<Output> {
    // The child may have exited just now; then kill fails harmlessly.
    let _ = child.kill();
    child.wait()?;
    Ok(Output {
        exit: Exit::TimedOut,
        stdout: lossy(stdout),
        stderr: lossy(stderr),
    })
}

fn spawn_reader(
    stream: impl Read + Send + 'static,
    is_stdout: bool,
    tx: mpsc::Sender<(bool, Vec<u8>)>,
) {
    thread::spawn(move || {
        let mut stream = stream;
        let mut buf = Vec::new();
        // Read errors just end the capture early; the exit status still tells.
        let _ = stream.by_ref().take(CAPTURE_LIMIT).read_to_end(&mut buf);
        let _ = io::copy(&mut stream, &mut io::sink());
        // The receiver is gone if the run timed out; nothing to report then.
        let _ = tx.send((is_stdout, buf));
    });
}

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn exit_of(status: ExitStatus) -> Exit {
    if let Some(code) = status.code() {
        return Exit::Code(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        Exit::Signal(status.signal())
    }
    #[cfg(not(unix))]
    {
        Exit::Signal(None)
    }
}
