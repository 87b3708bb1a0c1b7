fn main() {
    println!("cargo:rerun-if-changed=c/add.c");
    cc::Build::new().file("c/add.c").compile("heirloomadd");
}
