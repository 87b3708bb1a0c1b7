include!(concat!(env!("OUT_DIR"), "/generated.rs"));

pub fn answer() -> u64 {
    42
}

pub fn describe() -> String {
    format!("{} {}", hl_stamp::STAMP, GENERATED)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        let mut b = ryu::Buffer::new();
        assert_eq!(b.format(super::answer() as f64), "42.0");
    }
}
