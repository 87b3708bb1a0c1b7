// Reruns in every build (it watches a file that never exists) and rewrites
// OUT_DIR/generated.rs, so cargo compiles this crate again under the same
// output names: over inherited store links, rustc cannot write them.
use std::io::Write;

fn main() {
    println!("cargo:rerun-if-changed=never-exists.txt");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    let mut f = std::fs::File::create(out).unwrap();
    writeln!(f, "pub const GENERATED: &str = \"generated\";").unwrap();
}
