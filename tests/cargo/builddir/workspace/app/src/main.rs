fn main() {
    let mut b = itoa::Buffer::new();
    println!("{} {} {}", b.format(pbuild::VALUE), hl_stamp::STAMP, pbuild::GENERATED);
}
