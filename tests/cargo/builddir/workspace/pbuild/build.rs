// A workspace crate's build script that cargo reruns only when it changes.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    std::fs::write(out, "pub const GENERATED: &str = \"pbuild\";\n").unwrap();
}
