#[test]
fn answer_is_stable() {
    assert_eq!(core_lib::answer(), 42);
}
