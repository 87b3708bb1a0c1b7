// A workspace crate's build script: runs on the host, also when the
// build targets a named triple.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    std::fs::write(out, "pub const GENERATED: &str = \"generated\";\n").unwrap();
}
