# 12. A build dir outside the target dir (cargo 1.95, the rustup toolchain in
# the store): the workspace's .cargo/config.toml sets
# build.build-dir = "{cargo-cache-home}/build" (in cargo's default and in
# the -Zbuild-dir-new-layout layout), or the derivation sets
# CARGO_BUILD_BUILD_DIR. buildDepsOnly, then buildPackage: the deps output
# holds the dependencies' rlibs, and from cargo's JSON messages the package
# compiles no dependency again (itoa; hl-stamp, whose build script watches
# itself by absolute path; only the workspace crates app and pbuild).
# Usage: builddir.sh config|config-new|env
source "$(dirname "$0")/lib.sh"
VARIANT=${1:?usage: builddir.sh config|config-new|env}
TOOLCHAIN=$(rust_toolchain_store_path) || exit 1  # (it said why)
NIXFILE=$SOURCE_ROOT/tests/nix/builddir.nix

step() {
  local out
  out=$(nix-build "$NIXFILE" -A "$1" --out-link "$ROOTS/$1" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --argstr toolchain "$TOOLCHAIN" --argstr variant "$VARIANT" --argstr salt "$SALT" 2> "$SCRATCH/$1.log") \
    || { tail -n 40 "$SCRATCH/$1.log" >&2; fail "$1 ($VARIANT) did not build"; }
  grep -q "Running phase" "$SCRATCH/$1.log" || stored_log "$out" >> "$SCRATCH/$1.log" || true
  echo "$out"
}

deps=$(step deps)
expect_links_resolve "$deps"
rlibs=$(find "$deps/target" -name 'libitoa-*.rlib' -o -name 'libhl_stamp-*.rlib' | wc -l)
[ "$rlibs" -ge 2 ] || fail "the deps output holds $rlibs of the rlibs of itoa and hl-stamp ($VARIANT): cargo's build dir was not the target dir"
expect_contains "$SCRATCH/deps.log" "CARGO_BUILD_BUILD_DIR=" "deps log"

pkg=$(step package)
expect_contains "$SCRATCH/package.log" "inheritCargoArtifacts: $deps -> target" "package log"
units=$(compiled_units "$pkg")
stray=$(tr ' ' '\n' <<< "$units" | grep -Ev '^(app|pbuild):' | tr '\n' ' ' || true)
[ -z "$stray" ] || fail "the package ($VARIANT) recompiled inherited dependencies: $stray(all compiled: $units)"
expect_eq "$(cat "$pkg/app-output.txt")" "1095 stamped pbuild" "the binary's output"
note "$VARIANT: deps ($rlibs dependency rlibs) -> package compiled only: $units"
