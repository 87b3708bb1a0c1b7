//! Word counting on top of the vendored `tally` crate.

/// The number of words in `line`, as text.
///
/// ```
/// assert_eq!(wordcount::describe("one two three"), "3 words");
/// ```
pub fn describe(line: &str) -> String {
    format!("{} words", tally::words(line))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts() {
        assert_eq!(super::describe("a b"), "2 words");
    }
}
