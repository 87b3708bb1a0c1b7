fn main() {
    let mut b = itoa::Buffer::new();
    println!("{} {}", b.format(core_lib::answer()), core_lib::GENERATED);
}
