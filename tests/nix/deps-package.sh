# 1. A deps derivation, then a package derivation that inherits it through
# the hooks and edits a workspace crate: cargo rebuilds only that crate, the
# binary runs and shows the edit, and the package output refers to its parent.
source "$(dirname "$0")/lib.sh"

deps=$(nb deps) || fail "the deps derivation did not build"
pkg=$(nb package) || fail "the package derivation did not build"

expect_contains "$SCRATCH/package.log" "inheritCargoArtifacts: $deps -> target" "package log"
expect_contains "$SCRATCH/package.log" "heirloom: unpacked symlinks artifacts" "package log"
expect_contains "$SCRATCH/package.log" "useHeirloomRustcWrapper: RUSTC_WRAPPER=" "package log"
expect_eq "$(rebuilt "$pkg")" "app " "units cargo rebuilt in the package"
[ "$(fresh_count "$pkg")" -ge 15 ] || fail "expected at least 15 fresh units, got $(fresh_count "$pkg")"
expect_contains "$pkg/app-output.json" '"sum":6' "the edited binary's output"
expect_contains "$deps/app-output.json" '"sum":5' "the deps binary's output"

nix-store -q --references "$pkg" > "$SCRATCH/refs"
expect_contains "$SCRATCH/refs" "$deps" "references of the package output"
expect_links_resolve "$pkg"
# The store output is read-only to the build users: the files are owned by root now.
[ "$(stat -c %U "$deps/target")" = root ] || fail "store paths should be owned by root"
note "package rebuilt: $(rebuilt "$pkg")(fresh: $(fresh_count "$pkg"))"
