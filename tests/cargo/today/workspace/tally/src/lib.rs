//! Formats counts with itoa (a plain library dependency).

pub fn render(n: u64) -> String {
    itoa::Buffer::new().format(n).to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders() {
        assert_eq!(super::render(4096), "4096");
    }
}
