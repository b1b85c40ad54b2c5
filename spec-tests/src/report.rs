//! What is printed after a run (on stdout).

use std::io::{self, Write};

use crate::expectations::{Change, Comparison};
use crate::metrics;
use crate::outcome::{Counts, Outcome};
use crate::run::TestResult;

/// Lists longer than this are cut short unless `--verbose` is given.
const LIST_LIMIT: usize = 100;

/// `results` must be sorted by path.
pub struct Report<'a> {
    pub results: &'a [TestResult],
    pub verbose: bool,
}

impl Report<'_> {
    fn detail(&self, path: &str) -> &str {
        self.results
            .binary_search_by(|r| r.path.as_str().cmp(path))
            .map_or("", |i| self.results[i].detail.as_str())
    }

    fn failures(&self) -> impl Iterator<Item = &TestResult> {
        self.results
            .iter()
            .filter(|r| !matches!(r.outcome, Outcome::Pass | Outcome::Skipped))
    }

    /// Everything printed after a run, in order.
    pub fn print(
        &self,
        w: &mut dyn Write,
        cmp: &Comparison,
        update: bool,
        list_failures: bool,
    ) -> io::Result<()> {
        if self.verbose {
            self.print_failure_details(w)?;
        } else if list_failures {
            self.print_failure_list(w)?;
        }
        self.print_crashes(w)?;
        self.print_comparison(w, cmp, update)
    }

    /// Every failing test with its error (`--verbose`).
    fn print_failure_details(&self, w: &mut dyn Write) -> io::Result<()> {
        for r in self.failures() {
            writeln!(w, "{} {}\n    {}", r.outcome, r.path, r.detail)?;
        }
        Ok(())
    }

    /// Every failing test, one per line (`--list-failures`).
    fn print_failure_list(&self, w: &mut dyn Write) -> io::Result<()> {
        for r in self.failures() {
            writeln!(w, "{} {}", r.outcome, r.path)?;
        }
        Ok(())
    }

    fn print_crashes(&self, w: &mut dyn Write) -> io::Result<()> {
        let crashes: Vec<&TestResult> = self
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Crash)
            .collect();
        if crashes.is_empty() {
            return Ok(());
        }
        writeln!(w, "\nCrashes ({}), never acceptable:", crashes.len())?;
        for r in crashes {
            writeln!(w, "  {}\n    {}", r.path, r.detail)?;
        }
        Ok(())
    }

    fn print_comparison(
        &self,
        w: &mut dyn Write,
        cmp: &Comparison,
        update: bool,
    ) -> io::Result<()> {
        if !cmp.regressions.is_empty() {
            let note = if update {
                "recorded by --update"
            } else {
                "expected to pass"
            };
            writeln!(w, "\nRegressions ({}), {note}:", cmp.regressions.len())?;
            self.print_changes(w, &cmp.regressions, true)?;
        }
        if !cmp.improvements.is_empty() {
            writeln!(
                w,
                "\nImprovements ({}), now passing:",
                cmp.improvements.len()
            )?;
            self.print_changes(w, &cmp.improvements, false)?;
        }
        if !cmp.changed.is_empty() {
            writeln!(
                w,
                "\n{} tests still do not pass, but in a different way:",
                cmp.changed.len()
            )?;
            self.print_changes(w, &cmp.changed, self.verbose)?;
        }
        let stale =
            !(cmp.improvements.is_empty() && cmp.changed.is_empty() && cmp.regressions.is_empty());
        if stale && !update {
            writeln!(
                w,
                "\nRun with --update to record these changes in the expectations file."
            )?;
        }
        Ok(())
    }

    fn print_changes(
        &self,
        w: &mut dyn Write,
        changes: &[Change],
        with_detail: bool,
    ) -> io::Result<()> {
        let limit = if self.verbose {
            changes.len()
        } else {
            LIST_LIMIT
        };
        for change in changes.iter().take(limit) {
            writeln!(
                w,
                "  {} {} (was {})",
                change.actual, change.path, change.expected
            )?;
            if with_detail {
                writeln!(w, "    {}", self.detail(&change.path))?;
            }
        }
        if changes.len() > limit {
            writeln!(
                w,
                "  ... and {} more (use --verbose for all)",
                changes.len() - limit
            )?;
        }
        Ok(())
    }

    /// Totals per top-level directory and the final `N passed, M failed,
    /// K skipped` line.
    pub fn print_summary(&self, w: &mut dyn Write) -> io::Result<()> {
        let per_top = metrics::tally(
            self.results.iter().map(|r| (r.path.as_str(), r.outcome)),
            metrics::top_level,
        );
        writeln!(
            w,
            "\n{}",
            metrics::header().replacen("# directory", "  directory", 1)
        )?;
        for line in metrics::total_rows(&per_top) {
            writeln!(w, "{line}")?;
        }
        let mut all = Counts::default();
        for counts in per_top.values() {
            all.merge(counts);
        }
        writeln!(
            w,
            "{} passed, {} failed, {} skipped",
            all.passed,
            all.not_passed(),
            all.skipped
        )?;
        Ok(())
    }
}
