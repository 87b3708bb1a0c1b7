//! The library member of the crane-flake test workspace.

/// "N words", upper-cased with the `shout` feature.
pub fn summary(text: &str) -> String {
    let s = format!("{} words", tally::words(text));
    if cfg!(feature = "shout") {
        s.to_uppercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_two_words() {
        assert!(super::summary("a b").eq_ignore_ascii_case("2 words"));
    }
}
