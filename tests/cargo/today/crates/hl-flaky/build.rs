// Reruns on every build: it watches a file that never exists. Each run
// rewrites OUT_DIR/generated.rs in place, so cargo recompiles the crate
// under the same file names.
use std::io::Write;

fn main() {
    println!("cargo:rerun-if-changed=never-there");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("generated.rs");
    let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(out).unwrap();
    writeln!(f, "pub const GENERATED: &str = \"rerun\";").unwrap();
}
