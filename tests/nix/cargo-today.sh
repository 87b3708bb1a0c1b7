# 11. Today's cargo: the machine's rustup toolchain (cargo 1.95) in the
# store, in cargo's default build dir (`old`) or the per-unit layout of
# -Zbuild-dir-new-layout (`new`). One buildDepsOnly, then buildPackage,
# cargoTest and cargoClippy on top of it: no registry unit (build scripts and
# proc-macros included) compiles again, except hl-flaky, whose build script
# reruns on every build and rewrites its inherited OUT_DIR.
# Usage: cargo-today.sh old|new
source "$(dirname "$0")/lib.sh"
LAYOUT=${1:?usage: cargo-today.sh old|new}
TOOLCHAIN=$(rust_toolchain_store_path) || exit 1  # (it said why)
TODAY=$SOURCE_ROOT/tests/nix/cargo-today.nix

# step ATTR: builds it, prints its output path (log in $SCRATCH/ATTR.log).
step() {
  local out
  out=$(nix-build "$TODAY" -A "$1" --no-out-link --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --argstr toolchain "$TOOLCHAIN" --argstr layout "$LAYOUT" --argstr salt "$SALT" 2> "$SCRATCH/$1.log") \
    || { tail -n 40 "$SCRATCH/$1.log" >&2; fail "$1 ($LAYOUT layout) did not build"; }
  # A build reused from the store printed nothing: take its stored log.
  grep -q "Running phase" "$SCRATCH/$1.log" || stored_log "$out" >> "$SCRATCH/$1.log" || true
  echo "$out"
}

versions=$(step versions)
version=$(sed -n 's/^release: //p' "$versions")
expect_contains "$versions" "$("$TOOLCHAIN/bin/rustc" -vV | grep '^commit-hash')" "rustc -vV as a build user"
expect_contains "$versions" "$("$TOOLCHAIN/bin/cargo" -V)" "cargo -V as a build user"
grep -q '^clippy ' "$versions" || fail "clippy-driver did not run as a build user: $(cat "$versions")"

deps=$(step deps)
expect_links_resolve "$deps"
# The inherited rlibs, rmetas, proc-macros and build scripts are store links
# in both layouts (tests/data/cargo-layouts: 37 or 38 per build).
links=$(python3 -c 'import json, sys; print(sum(v["files"] for k, v in json.load(sys.stdin)["policy_classes"].items() if k.startswith("link")))' \
  < <("$HEIRLOOM" inspect --json "$deps"))
[ "$links" -ge 30 ] || fail "only $links files of the deps output are links into the store ($LAYOUT layout)"
if [ "$LAYOUT" = new ]; then
  ls -d "$deps"/target/release/build/hl-gen/*/out >/dev/null 2>&1 || fail "the deps output has no per-unit build/hl-gen/<hash>/out: is -Zbuild-dir-new-layout on?"
  [ ! -e "$deps/target/release/.fingerprint" ] || fail "the new layout has no global .fingerprint/"
else
  ls -d "$deps"/target/release/build/hl-gen-*/out >/dev/null 2>&1 || fail "the deps output has no build/hl-gen-<hash>/out"
fi

# Every step inherits the same deps: only the workspace and hl-flaky compile.
allowed='^(app|tally|hl-flaky-0\.1\.0):'
for attr in package test clippy; do
  out=$(step "$attr")
  expect_contains "$SCRATCH/$attr.log" "inheritCargoArtifacts: $deps -> target" "$attr log"
  grep -q "not writeable\|Read-only file system\|Permission denied" "$SCRATCH/$attr.log" && fail "$attr: cargo met a read-only inherited file: $(grep -m1 "not writeable\|Read-only\|Permission denied" "$SCRATCH/$attr.log")"
  units=$(compiled_units "$out")
  stray=$(tr ' ' '\n' <<< "$units" | grep -Ev "$allowed" | tr '\n' ' ' || true)
  [ -z "$stray" ] || fail "$attr ($LAYOUT layout) recompiled inherited dependencies: $stray(all compiled: $units)"
  # (cargo reports every build script as executed, fresh or not: the rerun
  # shows as hl-flaky's lib compiling again)
  [[ " $units " == *" hl-flaky-0.1.0:lib "* ]] || fail "$attr: hl-flaky's build script should rerun and its lib compile again; compiled: $units"
  note "$attr: compiled $units"
done
# The control: without the rustc shim, rustc refuses to write over the
# inherited rlib (a link into the store) when hl-flaky's script reruns.
if (step packageNoShim) > /dev/null 2>&1; then
  fail "packageNoShim built: hl-flaky's inherited rlib should be a read-only store link ($LAYOUT layout)"
fi
expect_contains "$SCRATCH/packageNoShim.log" "is not writeable" "the log without the shim"
expect_eq "$(cat "$(step package)/app-output.txt")" "65536 $(python3 -c '
x = 2463534242; s = 0
for _ in range(65536):
    x ^= (x << 13) & 0xffffffff; x ^= x >> 17; x ^= (x << 5) & 0xffffffff; s = (s + x) & 0xffffffff
print(s)') rerun" "the binary's output"
note "cargo $version, $LAYOUT layout: deps ($links links) -> package, test, clippy; no inherited dependency recompiled"
