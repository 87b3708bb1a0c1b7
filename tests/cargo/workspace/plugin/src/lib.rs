#[no_mangle]
pub extern "C" fn plugin_version() -> u32 {
    1
}
