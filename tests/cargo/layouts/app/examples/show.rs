fn main() {
    println!("{}", core_lib::describe());
}
