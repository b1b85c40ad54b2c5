//! Finding test files and naming them by their path under `test262/test`.
//!
//! Tests are identified by `/`-separated paths relative to the `test`
//! directory (e.g. `language/expressions/addition/S11.6.1_A1.js`); run
//! filters ("scopes") use the same form.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path};

/// Directories run when no path filter is given.
pub const DEFAULT_ROOTS: [&str; 3] = ["language", "built-ins", "annexB"];

/// Whether `path` is `scope` itself or lies below it (component-wise, so
/// `a/b` does not contain `a/bc`). The empty scope contains everything.
pub fn in_scope(path: &str, scope: &str) -> bool {
    scope.is_empty()
        || path
            .strip_prefix(scope)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Turns a user-supplied filter into a scope. Accepts paths relative to the
/// `test` directory (`language/expressions`), ones starting with `test/`, and
/// filesystem paths (relative to the current directory or absolute) that
/// point into the `test` directory.
pub fn normalize_filter(test_dir: &Path, filter: &str) -> Result<String, String> {
    let on_disk = Path::new(filter);
    if let (Ok(abs), Ok(root)) = (on_disk.canonicalize(), test_dir.canonicalize()) {
        if let Ok(rel) = abs.strip_prefix(&root) {
            return to_scope(rel).ok_or_else(|| format!("unsupported path `{filter}`"));
        }
    }
    let trimmed = filter.trim_start_matches("./").trim_end_matches('/');
    let rel = trimmed.strip_prefix("test/").unwrap_or(trimmed);
    let scope = to_scope(Path::new(rel)).ok_or_else(|| format!("unsupported path `{filter}`"))?;
    if test_dir.join(&scope).exists() {
        Ok(scope)
    } else {
        Err(format!(
            "no test file or directory `{scope}` under {}",
            test_dir.display()
        ))
    }
}

/// Joins the normal components of a relative path with `/`.
fn to_scope(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Test files are `.js` files that are not module fixtures.
pub fn is_test_file(name: &str) -> bool {
    name.ends_with(".js") && !name.contains("_FIXTURE")
}

/// All test files within the given scopes, sorted and without duplicates.
pub fn collect(test_dir: &Path, scopes: &[String]) -> Result<Vec<String>, String> {
    let mut found = BTreeSet::new();
    for scope in scopes {
        let path = test_dir.join(scope);
        let meta = fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            walk(&path, scope, &mut found)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_test_file)
        {
            found.insert(scope.clone());
        }
    }
    Ok(found.into_iter().collect())
}

fn walk(dir: &Path, rel: &str, found: &mut BTreeSet<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        // Test262 names are ASCII; anything else is not a test of ours.
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let file_type = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        if file_type.is_dir() {
            walk(&entry.path(), &child, found)?;
        } else if is_test_file(&name) {
            found.insert(child);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_matching_is_component_wise() {
        assert!(in_scope("language/expressions/a.js", "language"));
        assert!(in_scope(
            "language/expressions/a.js",
            "language/expressions"
        ));
        assert!(in_scope(
            "language/expressions/a.js",
            "language/expressions/a.js"
        ));
        assert!(!in_scope(
            "language/expressions-x/a.js",
            "language/expressions"
        ));
        assert!(!in_scope("built-ins/Array/a.js", "language"));
        assert!(in_scope("anything", ""));
    }

    #[test]
    fn test_files() {
        assert!(is_test_file("S15.1_A1.js"));
        assert!(!is_test_file("module-code_FIXTURE.js"));
        assert!(!is_test_file("data.json"));
    }
}
