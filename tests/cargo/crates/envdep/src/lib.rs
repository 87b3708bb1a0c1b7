include!(concat!(env!("OUT_DIR"), "/seen.rs"));
