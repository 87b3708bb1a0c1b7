// A binary over every kind of dependency: a proc-macro (serde_derive), a
// library (itoa, through tally), a build script with a large generated file
// (hl-gen) and one that reruns on every build (hl-flaky).
use serde_derive::Serialize;

#[derive(Serialize)]
struct Report {
    entries: usize,
}

fn main() {
    let report = Report { entries: hl_gen::TABLE.len() };
    println!("{} {} {}", tally::render(report.entries as u64), hl_gen::checksum(), hl_flaky::GENERATED);
}

