//! A constant its build script writes again on every build.
include!(concat!(env!("OUT_DIR"), "/generated.rs"));
