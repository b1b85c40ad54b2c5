//! Progress on stderr: one redrawn line on a terminal, sparse plain lines
//! otherwise (so CI logs stay small).

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::outcome::{Counts, Outcome};

const REDRAW_INTERVAL: Duration = Duration::from_millis(100);
const PLAIN_EVERY: usize = 2000;

pub struct Progress {
    total: usize,
    counts: Counts,
    terminal: bool,
    last_draw: Option<Instant>,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Self {
            total,
            counts: Counts::default(),
            terminal: io::stderr().is_terminal(),
            last_draw: None,
        }
    }

    pub fn record(&mut self, outcome: Outcome) {
        self.counts.add(outcome);
        let done = self.counts.total();
        if self.terminal {
            if done == self.total
                || self
                    .last_draw
                    .is_none_or(|t| t.elapsed() >= REDRAW_INTERVAL)
            {
                self.last_draw = Some(Instant::now());
                eprint!("\r\x1b[K{}", self.line());
                // Progress is best-effort; a closed stderr must not stop the run.
                let _ = io::stderr().flush();
            }
        } else if done.is_multiple_of(PLAIN_EVERY) || done == self.total {
            eprintln!("{}", self.line());
        }
    }

    /// Ends the redrawn line so later output starts on a fresh one.
    pub fn finish(&self) {
        if self.terminal && self.last_draw.is_some() {
            eprintln!();
        }
    }

    fn line(&self) -> String {
        let c = &self.counts;
        format!(
            "[{}/{}] pass {} fail {} timeout {} crash {} skipped {}",
            c.total(),
            self.total,
            c.passed,
            c.failed,
            c.timeout,
            c.crash,
            c.skipped
        )
    }
}
