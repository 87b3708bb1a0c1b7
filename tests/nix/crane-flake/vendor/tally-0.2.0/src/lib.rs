//! A vendored dependency of the crane-flake test crate: it must be compiled
//! once, in the deps build, and stay fresh in every check.

/// Counts the words of `text`.
pub fn words(text: &str) -> usize {
    text.split_whitespace().count()
}
