//! The top of the upgrade fixture: the example service depends on it (in
//! the loop test), it depends on heirloom-fixture-mid.

/// What the service prints to stderr with --print.
pub fn tag() -> String {
    heirloom_fixture_mid::describe(1)
}
