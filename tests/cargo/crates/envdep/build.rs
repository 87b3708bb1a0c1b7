// Reruns only when HEIRLOOM_TEST_ENV changes.
fn main() {
    println!("cargo:rerun-if-env-changed=HEIRLOOM_TEST_ENV");
    let v = std::env::var("HEIRLOOM_TEST_ENV").unwrap_or_else(|_| "unset".into());
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("seen.rs");
    std::fs::write(out, format!("pub const SEEN: &str = {:?};\n", v)).unwrap();
}
