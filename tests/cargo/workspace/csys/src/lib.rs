extern "C" {
    fn heirloom_add(a: i32, b: i32) -> i32;
}

pub fn add(a: i32, b: i32) -> i32 {
    unsafe { heirloom_add(a, b) }
}
