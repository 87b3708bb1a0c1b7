# 16. Target-dir layouts (tests/nix/layouts.nix, Debian's cargo): a named
# target triple, a nested relative and an absolute CARGO_TARGET_DIR, a
# custom profile, a workspace built with --all-targets or --tests.
# buildDepsOnly, then buildPackage on its output with the same settings:
# the deps output holds the dependencies where cargo put them for that
# layout, and from cargo's JSON messages the package compiles nothing but
# the workspace crates (app, core-lib); what it built runs.
# Usage: layouts.sh triple|nested|absolute|profile|all-targets|tests
source "$(dirname "$0")/lib.sh"
LAYOUT=${1:?usage: layouts.sh triple|nested|absolute|profile|all-targets|tests}
NIXFILE=$SOURCE_ROOT/tests/nix/layouts.nix

step() {
  local out
  out=$(nix-build "$NIXFILE" -A "$1" --out-link "$ROOTS/$1" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --argstr layout "$LAYOUT" --argstr salt "$SALT" 2> "$SCRATCH/$1.log") \
    || { tail -n 40 "$SCRATCH/$1.log" >&2; fail "$1 ($LAYOUT) did not build"; }
  grep -q "Running phase" "$SCRATCH/$1.log" || stored_log "$out" >> "$SCRATCH/$1.log" || true
  echo "$out"
}

# Where cargo puts the target's artifacts (relative to the target dir), and
# the dependency rlibs that must be there.
triple=$(nix-instantiate --eval "$NIXFILE" -A hostTriple --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" --argstr layout triple | tr -d '"') \
  || fail "layouts.nix names no triple for this system"
case "$LAYOUT" in
  triple) outdir=$triple/release ;;
  profile) outdir=ci ;;
  nested | absolute | all-targets | tests) outdir=release ;;
  *) fail "unknown layout '$LAYOUT'" ;;
esac
need="itoa hl_stamp"
case "$LAYOUT" in all-targets | tests) need="$need ryu" ;; esac

deps=$(step deps)
expect_links_resolve "$deps"
for crate in $need; do
  ls "$deps/target/$outdir/deps/lib$crate-"*.rlib > /dev/null 2>&1 \
    || fail "the deps output ($LAYOUT) has no target/$outdir/deps/lib$crate-*.rlib: $(cd "$deps/target" && find . -maxdepth 3 -type d | sort | tr '\n' ' ')"
done
if [ "$LAYOUT" = triple ]; then
  # The build scripts are compiled for the host, beside the target's dir.
  ls "$deps/target/release/build/hl-stamp-"*/build-script-build > /dev/null 2>&1 \
    || fail "the deps output ($LAYOUT) has no host build script under target/release/build/hl-stamp-*"
fi

pkg=$(step package)
expect_contains "$SCRATCH/package.log" "inheritCargoArtifacts: $deps -> " "package log"
units=$(compiled_units "$pkg")
stray=$(tr ' ' '\n' <<< "$units" | grep -Ev '^(app|core):' | tr '\n' ' ' || true)
[ -z "$stray" ] || fail "the package ($LAYOUT) recompiled inherited dependencies: $stray(all compiled: $units)"
[[ " $units " == *" app:bin "* ]] || fail "the package ($LAYOUT) did not compile the app: $units"
expect_eq "$(cat "$pkg/app-output.txt")" "42 generated" "the binary's output"
case "$LAYOUT" in
  all-targets | tests)
    passed=$(grep -c "test result: ok. 1 passed" "$pkg/test-output.txt" || true)
    expect_eq "$passed" 2 "test binaries with one passing test (core-lib's unit test, app's integration test)"
    ;;
esac
if [ "$LAYOUT" = all-targets ]; then
  [[ " $units " == *" app:example "* ]] || fail "the package (all-targets) did not compile the example: $units"
fi
note "$LAYOUT: deps -> package compiled only: $units"
