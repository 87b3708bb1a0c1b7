// A registry crate's build script watching itself by absolute path: the
// path lies in the vendor dir, the same store path in every derivation.
fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    println!("cargo:rerun-if-changed={dir}/build.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("stamp.rs");
    std::fs::write(out, "pub const STAMP: &str = \"stamped\";\n").unwrap();
}
