//! The skip list (`config.txt`).
//!
//! One rule per line, each with a mandatory reason after `#`:
//!
//! ```text
//! skip-feature Temporal          # not implemented
//! skip-path built-ins/Atomics    # no shared memory
//! skip-flag CanBlockIsFalse      # the CLI's main agent can block
//! ```

use std::fs;
use std::path::Path;

use crate::discover::in_scope;
use crate::frontmatter::Frontmatter;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Tests listing this name in `features`.
    Feature,
    /// Tests at or below this path (relative to `test262/test`).
    Path,
    /// Tests listing this name in `flags`.
    Flag,
}

impl RuleKind {
    pub const fn directive(self) -> &'static str {
        match self {
            Self::Feature => "skip-feature",
            Self::Path => "skip-path",
            Self::Flag => "skip-flag",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: RuleKind,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.kind.directive(),
            self.value,
            self.reason
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub rules: Vec<Rule>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// Parses config text. Errors are prefixed with the line number.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rules = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let lineno = index + 1;
            let (rule, reason) = match line.split_once('#') {
                Some((rule, reason)) => (rule.trim(), reason.trim()),
                None => (line.trim(), ""),
            };
            if rule.is_empty() {
                continue; // blank or comment-only line
            }
            let mut words = rule.split_whitespace();
            let (Some(directive), Some(value), None) = (words.next(), words.next(), words.next())
            else {
                return Err(format!(
                    "{lineno}: expected `<directive> <value> # <reason>`"
                ));
            };
            let kind = [RuleKind::Feature, RuleKind::Path, RuleKind::Flag]
                .into_iter()
                .find(|kind| kind.directive() == directive)
                .ok_or_else(|| format!("{lineno}: unknown directive `{directive}`"))?;
            if reason.is_empty() {
                return Err(format!(
                    "{lineno}: `{directive} {value}` needs a reason after `#`"
                ));
            }
            let value = value
                .trim_start_matches("test/")
                .trim_end_matches('/')
                .to_owned();
            rules.push(Rule {
                kind,
                value,
                reason: reason.to_owned(),
            });
        }
        Ok(Self { rules })
    }

    /// The rule skipping a test by its path alone, if any (checked before
    /// the file is read).
    pub fn skip_by_path(&self, path: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.kind == RuleKind::Path && in_scope(path, &r.value))
    }

    /// The rule skipping a test by its metadata, if any.
    pub fn skip_by_metadata(&self, fm: &Frontmatter) -> Option<&Rule> {
        self.rules.iter().find(|r| match r.kind {
            RuleKind::Feature => fm.features.contains(&r.value),
            RuleKind::Flag => fm.has_flag(&r.value),
            RuleKind::Path => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_with_reasons() {
        let config = Config::parse(
            "# header comment\n\nskip-feature Temporal   # not implemented\n\
             skip-path test/built-ins/Atomics/ # no shared memory\nskip-flag CanBlockIsFalse # can block\n",
        )
        .expect("valid config");
        assert_eq!(config.rules.len(), 3);
        assert_eq!(config.rules[0].value, "Temporal");
        assert_eq!(config.rules[0].reason, "not implemented");
        assert_eq!(config.rules[1].value, "built-ins/Atomics");

        assert!(config.skip_by_path("built-ins/Atomics/add/x.js").is_some());
        assert!(config.skip_by_path("built-ins/AtomicsX/x.js").is_none());

        let mut fm = Frontmatter {
            features: vec!["Temporal".to_owned()],
            ..Frontmatter::default()
        };
        assert_eq!(
            config.skip_by_metadata(&fm).map(|r| r.kind),
            Some(RuleKind::Feature)
        );
        fm.features.clear();
        assert!(config.skip_by_metadata(&fm).is_none());
        fm.flags.push("CanBlockIsFalse".to_owned());
        assert_eq!(
            config.skip_by_metadata(&fm).map(|r| r.kind),
            Some(RuleKind::Flag)
        );
    }

    #[test]
    fn reason_is_mandatory() {
        assert!(Config::parse("skip-feature Temporal\n").is_err());
        assert!(Config::parse("skip-feature Temporal #   \n").is_err());
    }

    #[test]
    fn rejects_malformed_lines() {
        let err = Config::parse("\nskip-feature # why\n").expect_err("missing value");
        assert!(err.starts_with("2:"), "{err}");
        assert!(Config::parse("skip-everything x # why").is_err());
        assert!(Config::parse("skip-feature a b # why").is_err());
    }
}
