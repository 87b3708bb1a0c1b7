fn main() {
    let line = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    println!("{}", wscore::summary(&line));
}
