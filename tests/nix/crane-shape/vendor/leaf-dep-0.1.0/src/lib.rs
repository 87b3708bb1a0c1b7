// A dependency that never changes: it must stay fresh in every later build.
pub fn leaf() -> &'static str {
    "leaf"
}
