use std::hash::Hasher;

fn main() {
    let mut h = fnv::FnvHasher::default();
    h.write(b"heirloom");
    cfg_if::cfg_if! {
        if #[cfg(feature = "extra")] {
            let map: fnv::FnvHashMap<u64, u8> = [(h.finish(), 1)].into_iter().collect();
            println!("{} extra", map.len());
        } else {
            println!("{:x}", h.finish());
        }
    }
}
