# heirloomExplainRebuilds in real nix-builds: a package that enables a
# feature of a dependency the deps output was built without prints one line
# naming the recompiled inherited units and the field (features); the plain
# deps -> package chain prints none. A package built with another rustc
# (the rustup toolchain, 1.95) over the deps output of Debian's rustc: cargo
# recompiles every inherited unit (a full build, which the summary line says,
# naming rustc), and the binary answers as the plain one.
source "$(dirname "$0")/lib.sh"
CASES=$SOURCE_ROOT/tests/nix/explain.nix
TOOLCHAIN=$(rust_toolchain_store_path) || exit 1  # (it said why)

deps=$(nb deps) || fail "buildDepsOnly of tests/cargo/explain failed"
plain=$(nb plain) || fail "the plain package build failed"
feature=$(nb feature) || fail "the package build with --features extra failed"

expect_contains "$SCRATCH/plain.log" "inheritCargoArtifacts: $deps -> target" "the plain package's log"
grep -F "inherited unit" "$SCRATCH/plain.log" && fail "the plain chain printed a rebuild summary"
[ "$("$plain/bin/app")" != "1 extra" ] || fail "the plain package has the extra feature"

line=$(grep -F "heirloom: " "$SCRATCH/feature.log" | grep -F "inherited units recompiled" || true)
[ -n "$line" ] || fail "no rebuild summary in the feature build's log: $(grep -i heirloom "$SCRATCH/feature.log" | tail -5)"
[ "$(grep -cF "inherited units recompiled" "$SCRATCH/feature.log")" = 1 ] || fail "more than one summary line"
expect_contains <(echo "$line") "heirloom: 2 inherited units recompiled: " "the summary line"
expect_contains <(echo "$line") "fnv lib-fnv (features)" "the summary line"
expect_contains <(echo "$line") "app bin-app (features" "the summary line"
expect_contains <(echo "$line") "heirloom explain --from $deps --target target" "the summary line"
expect_eq "$("$feature/bin/app")" "1 extra" "the feature package's output"
note "$line"

other=$(nb otherRustc --argstr toolchain "$TOOLCHAIN") || fail "the package build with another rustc failed"
expect_contains "$SCRATCH/otherRustc.log" "inheritCargoArtifacts: $deps -> target" "the other rustc's log"
line=$(grep -F "heirloom: " "$SCRATCH/otherRustc.log" | grep -F "inherited units recompiled" || true)
[ -n "$line" ] || fail "no rebuild summary in the other rustc's log: $(grep -i heirloom "$SCRATCH/otherRustc.log" | tail -5)"
expect_contains <(echo "$line") "fnv lib-fnv (rustc" "the other rustc's summary line"
expect_eq "$("$other/bin/app")" "$("$plain/bin/app")" "the other rustc's package output"
note "$line"
