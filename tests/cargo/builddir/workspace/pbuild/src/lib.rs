pub const VALUE: u64 = 1095;
include!(concat!(env!("OUT_DIR"), "/generated.rs"));
