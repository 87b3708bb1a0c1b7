#[test]
fn empty_line_has_no_words() {
    assert_eq!(wordcount::describe(""), "0 words");
}
