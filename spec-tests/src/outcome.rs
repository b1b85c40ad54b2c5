//! Test outcomes and their tallies.

use std::fmt;
use std::str::FromStr;

/// The result of one test, combined over all the modes it ran in.
///
/// Variants are ordered by severity so that combining modes is a `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Pass,
    Skipped,
    Fail,
    Timeout,
    Crash,
}

impl Outcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Skipped => "skipped",
            Self::Fail => "fail",
            Self::Timeout => "timeout",
            Self::Crash => "crash",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pass" => Ok(Self::Pass),
            "skipped" => Ok(Self::Skipped),
            "fail" => Ok(Self::Fail),
            "timeout" => Ok(Self::Timeout),
            "crash" => Ok(Self::Crash),
            _ => Err(format!("unknown outcome `{s}`")),
        }
    }
}

/// Number of tests per outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub timeout: usize,
    pub crash: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::Fail => self.failed += 1,
            Outcome::Timeout => self.timeout += 1,
            Outcome::Crash => self.crash += 1,
            Outcome::Skipped => self.skipped += 1,
        }
    }

    /// Undoes `add`; saturates, since recorded counts may be stale.
    pub fn remove(&mut self, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Pass => &mut self.passed,
            Outcome::Fail => &mut self.failed,
            Outcome::Timeout => &mut self.timeout,
            Outcome::Crash => &mut self.crash,
            Outcome::Skipped => &mut self.skipped,
        };
        *slot = slot.saturating_sub(1);
    }

    pub fn merge(&mut self, other: &Self) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.timeout += other.timeout;
        self.crash += other.crash;
        self.skipped += other.skipped;
    }

    pub const fn total(&self) -> usize {
        self.passed + self.failed + self.timeout + self.crash + self.skipped
    }

    /// Tests that ran and did not pass.
    pub const fn not_passed(&self) -> usize {
        self.failed + self.timeout + self.crash
    }

    /// Pass rate over all tests; skipped tests count as not passing.
    pub fn pass_percent(&self) -> f64 {
        match self.total() {
            0 => 0.0,
            // Test counts are far below 2^52, so the conversion is exact.
            #[allow(clippy::cast_precision_loss)]
            total => 100.0 * self.passed as f64 / total as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_round_trips() {
        for o in [
            Outcome::Pass,
            Outcome::Skipped,
            Outcome::Fail,
            Outcome::Timeout,
            Outcome::Crash,
        ] {
            assert_eq!(o.as_str().parse::<Outcome>(), Ok(o));
        }
        assert!("passed".parse::<Outcome>().is_err());
    }

    #[test]
    fn severity_order() {
        assert!(Outcome::Crash > Outcome::Timeout);
        assert!(Outcome::Timeout > Outcome::Fail);
        assert!(Outcome::Fail > Outcome::Pass);
    }

    #[test]
    fn percent_counts_skipped_as_not_passing() {
        let mut c = Counts::default();
        c.add(Outcome::Pass);
        c.add(Outcome::Skipped);
        assert_eq!(c.total(), 2);
        assert!((c.pass_percent() - 50.0).abs() < 1e-9);
        assert_eq!(c.not_passed(), 0);
    }
}
