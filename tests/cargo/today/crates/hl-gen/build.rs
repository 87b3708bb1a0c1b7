// Generates a large table into OUT_DIR (about 2 MB of Rust source), the way
// codegen build scripts do. It reruns only when this file changes.
use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut src = String::from("pub static TABLE: [u32; 65536] = [\n");
    let mut x: u32 = 2463534242;
    for _ in 0..65536 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        writeln!(src, "    {x:#010x}, // a generated entry, padded to make a large file").unwrap();
    }
    src.push_str("];\n");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("table.rs"), src).unwrap();
}
