use serde::Serialize;

#[derive(Serialize)]
struct Out {
    sum: i32,
    flaky: &'static str,
    env: &'static str,
    name: &'static str,
}

#[cfg(feature = "flaky")]
const FLAKY: &str = flaky::GENERATED;
#[cfg(not(feature = "flaky"))]
const FLAKY: &str = "off";

fn main() {
    let out = Out { sum: csys::add(2, 3), flaky: FLAKY, env: envdep::SEEN, name: macros::crate_tag!() };
    println!("{}", serde_json::to_string(&out).unwrap());
}
