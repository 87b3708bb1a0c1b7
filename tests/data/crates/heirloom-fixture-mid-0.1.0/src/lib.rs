//! The middle of the upgrade fixture: heirloom-fixture-top depends on it,
//! it depends on Debian's itoa. Versions 0.1.0 and 0.1.1 differ only in
//! what describe() returns.

/// The version of this crate and a number formatted by itoa.
pub fn describe(n: u64) -> String {
    format!("heirloom-fixture-mid {} counts {}", env!("CARGO_PKG_VERSION"), itoa::Buffer::new().format(n))
}
