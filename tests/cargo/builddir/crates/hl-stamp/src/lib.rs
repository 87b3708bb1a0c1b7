include!(concat!(env!("OUT_DIR"), "/stamp.rs"));
