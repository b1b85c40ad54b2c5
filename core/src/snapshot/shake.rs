//! Tree shaking of an assembly: not built yet (issue 3 in progress).
use super::Contents;

/// Returns a log of what was dropped and kept.
pub fn shake(_c: &mut Contents) -> Vec<String> {
    vec!["--tree-shake is not built yet: nothing was dropped".into()]
}
