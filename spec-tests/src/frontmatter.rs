//! A hand parser for the YAML subset used in Test262 frontmatter.
//!
//! Only the top-level keys the runner acts on are read: `includes`, `flags`,
//! `features` and `negative`. Everything else (including the indented bodies
//! of `description: |` block scalars) is skipped, so prose can never be
//! mistaken for metadata.

use std::iter::Peekable;
use std::str::Lines;

/// Metadata of one test file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frontmatter {
    pub includes: Vec<String>,
    pub flags: Vec<String>,
    pub features: Vec<String>,
    pub negative: Option<Negative>,
}

impl Frontmatter {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// The `negative` key: the test must throw an error of this type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negative {
    pub phase: Phase,
    pub error_type: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Parse,
    Resolution,
    Runtime,
}

impl Phase {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Parse => "parse",
            Self::Resolution => "resolution",
            Self::Runtime => "runtime",
        }
    }

    fn parse(s: &str) -> Result<Self, String> {
        match s {
            "parse" => Ok(Self::Parse),
            "resolution" => Ok(Self::Resolution),
            "runtime" => Ok(Self::Runtime),
            _ => Err(format!("unknown negative phase `{s}`")),
        }
    }
}

/// Parses the frontmatter of a test source. A file without a `/*---` block
/// has empty metadata.
pub fn parse(source: &str) -> Result<Frontmatter, String> {
    let mut fm = Frontmatter::default();
    let Some(start) = source.find("/*---") else {
        return Ok(fm);
    };
    let body = &source[start + "/*---".len()..];
    let end = body
        .find("---*/")
        .ok_or("unterminated frontmatter (missing `---*/`)")?;
    // A few tests use bare CR line terminators (`str::lines` splits only LF/CRLF).
    let text = body[..end].replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = text.lines().peekable();

    while let Some(line) = lines.next() {
        // Indented lines belong to a value we do not read; blank lines and
        // comments carry nothing.
        if line.starts_with([' ', '\t']) || is_blank_or_comment(line) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = strip_comment(value).trim();
        match key.trim() {
            "includes" => fm.includes = list(key, value, &mut lines)?,
            "flags" => fm.flags = list(key, value, &mut lines)?,
            "features" => fm.features = list(key, value, &mut lines)?,
            "negative" => fm.negative = Some(negative(value, &mut lines)?),
            _ => {}
        }
    }
    Ok(fm)
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Removes a YAML comment: `#` at the start or after whitespace.
fn strip_comment(s: &str) -> &str {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &s[..i];
        }
    }
    s
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// A list value: inline `[a, b]` (possibly spanning lines) or a block of
/// `- item` lines following the key.
fn list(key: &str, value: &str, lines: &mut Peekable<Lines<'_>>) -> Result<Vec<String>, String> {
    if let Some(rest) = value.strip_prefix('[') {
        let mut text = rest.to_owned();
        while !text.contains(']') {
            let next = lines
                .next()
                .ok_or_else(|| format!("unterminated list for `{key}`"))?;
            text.push(' ');
            text.push_str(strip_comment(next));
        }
        let (inner, after) = text.split_once(']').unwrap_or((&text, ""));
        if !after.trim().is_empty() {
            return Err(format!(
                "unexpected text after list for `{key}`: `{}`",
                after.trim()
            ));
        }
        return Ok(inner
            .split(',')
            .map(unquote)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect());
    }
    if !value.is_empty() {
        return Err(format!("expected a list for `{key}`, found `{value}`"));
    }
    let mut items = Vec::new();
    while let Some(next) = lines.peek() {
        let t = strip_comment(next).trim();
        if let Some(item) = t
            .strip_prefix('-')
            .filter(|i| i.is_empty() || i.starts_with([' ', '\t']))
        {
            let item = unquote(item);
            if !item.is_empty() {
                items.push(item.to_owned());
            }
        } else if !t.is_empty() {
            break;
        }
        lines.next();
    }
    Ok(items)
}

/// The `negative` mapping, either as indented `phase:`/`type:` lines or in
/// flow style `{phase: parse, type: SyntaxError}`.
fn negative(value: &str, lines: &mut Peekable<Lines<'_>>) -> Result<Negative, String> {
    let mut phase = None;
    let mut error_type = None;
    let mut field = |entry: &str| -> Result<(), String> {
        let Some((k, v)) = entry.split_once(':') else {
            return Err(format!("malformed `negative` entry `{}`", entry.trim()));
        };
        let v = unquote(v);
        match k.trim() {
            "phase" => phase = Some(Phase::parse(v)?),
            "type" => error_type = Some(v.to_owned()),
            _ => {}
        }
        Ok(())
    };

    if let Some(flow) = value.strip_prefix('{') {
        let flow = flow
            .strip_suffix('}')
            .ok_or("unterminated `negative` mapping")?;
        for entry in flow.split(',').filter(|e| !e.trim().is_empty()) {
            field(entry)?;
        }
    } else if value.is_empty() {
        while let Some(next) = lines.peek() {
            if next.starts_with([' ', '\t']) {
                let entry = strip_comment(next);
                if !entry.trim().is_empty() {
                    field(entry)?;
                }
            } else if !is_blank_or_comment(next) {
                break;
            }
            lines.next();
        }
    } else {
        return Err(format!(
            "expected a mapping for `negative`, found `{value}`"
        ));
    }

    match (phase, error_type) {
        (Some(phase), Some(error_type)) if !error_type.is_empty() => {
            Ok(Negative { phase, error_type })
        }
        (None, _) => Err("`negative` has no `phase`".to_owned()),
        _ => Err("`negative` has no `type`".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn no_frontmatter_is_empty() {
        assert_eq!(parse("var x = 1;"), Ok(Frontmatter::default()));
    }

    #[test]
    fn unterminated_is_an_error() {
        assert!(parse("/*---\nflags: [raw]\n").is_err());
    }

    #[test]
    fn inline_lists() {
        let fm = parse(
            "// Copyright\n/*---\nesid: sec-x\nincludes: [compareArray.js, propertyHelper.js]\n\
             flags: [onlyStrict, async] # comment\nfeatures: []\n---*/\ncode();",
        );
        let fm = fm.expect("valid frontmatter");
        assert_eq!(
            fm.includes,
            strings(&["compareArray.js", "propertyHelper.js"])
        );
        assert_eq!(fm.flags, strings(&["onlyStrict", "async"]));
        assert!(fm.features.is_empty());
        assert!(fm.has_flag("async"));
        assert!(!fm.has_flag("module"));
        assert_eq!(fm.negative, None);
    }

    #[test]
    fn block_lists_and_quotes() {
        let src =
            "/*---\nfeatures:\n  - Symbol.iterator\n  - 'quoted'\n\n  # note\n- \"at-column-0\"\n\
                   includes:\n  - a.js\nflags: [module]\n---*/";
        let fm = parse(src).expect("valid frontmatter");
        assert_eq!(
            fm.features,
            strings(&["Symbol.iterator", "quoted", "at-column-0"])
        );
        assert_eq!(fm.includes, strings(&["a.js"]));
        assert_eq!(fm.flags, strings(&["module"]));
    }

    #[test]
    fn bare_cr_line_terminators() {
        let fm = parse("/*---\rincludes: [a.js]\rflags: [noStrict]\r---*/\r").expect("valid frontmatter");
        assert_eq!(fm.includes, vec!["a.js".to_string()]);
    }

    #[test]
    fn inline_list_spanning_lines() {
        let fm = parse("/*---\nfeatures: [a,\n  b, c]\n---*/").expect("valid frontmatter");
        assert_eq!(fm.features, strings(&["a", "b", "c"]));
    }

    #[test]
    fn crlf_line_endings() {
        let fm = parse("/*---\r\nflags: [noStrict]\r\nfeatures:\r\n  - x\r\n---*/\r\n")
            .expect("valid frontmatter");
        assert_eq!(fm.flags, strings(&["noStrict"]));
        assert_eq!(fm.features, strings(&["x"]));
    }

    #[test]
    fn prose_is_not_metadata() {
        let src =
            "/*---\ndescription: |\n  flags: [raw]\n  negative:\n    phase: parse\ninfo: >\n  \
                   features: [Temporal]\nflags: [noStrict]\n---*/";
        let fm = parse(src).expect("valid frontmatter");
        assert_eq!(fm.flags, strings(&["noStrict"]));
        assert!(fm.features.is_empty());
        assert_eq!(fm.negative, None);
    }

    #[test]
    fn negative_block() {
        let src = "/*---\ndescription: x\nnegative:\n  phase: parse\n  type: SyntaxError\nflags: [onlyStrict]\n---*/";
        let fm = parse(src).expect("valid frontmatter");
        assert_eq!(
            fm.negative,
            Some(Negative {
                phase: Phase::Parse,
                error_type: "SyntaxError".to_owned()
            })
        );
        assert_eq!(fm.flags, strings(&["onlyStrict"]));
    }

    #[test]
    fn negative_flow_and_other_phases() {
        let fm = parse("/*---\nnegative: {phase: resolution, type: ReferenceError}\n---*/")
            .expect("valid");
        assert_eq!(
            fm.negative,
            Some(Negative {
                phase: Phase::Resolution,
                error_type: "ReferenceError".to_owned()
            })
        );
        let fm = parse("/*---\nnegative:\n    type: TypeError\n    phase: runtime\n---*/")
            .expect("valid");
        assert_eq!(fm.negative.map(|n| n.phase), Some(Phase::Runtime));
    }

    #[test]
    fn malformed_negative() {
        assert!(parse("/*---\nnegative:\n  type: SyntaxError\n---*/").is_err());
        assert!(parse("/*---\nnegative:\n  phase: early\n  type: SyntaxError\n---*/").is_err());
        assert!(parse("/*---\nnegative:\n  phase: parse\n---*/").is_err());
    }

    #[test]
    fn scalar_where_list_expected() {
        assert!(parse("/*---\nflags: raw\n---*/").is_err());
    }
}
