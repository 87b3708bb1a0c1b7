use rayon::prelude::*;

fn main() {
    let re = regex::Regex::new("^a+$").unwrap();
    let n: u32 = (0..10u32).into_par_iter().sum();
    println!("{} {} {}", re.is_match("aaa"), n, cargo::version());
}
