# crane's environment hooks, built with Debian's cargo (tests/nix/crane-hooks.nix):
# configureCargoCommonVarsHook's variables and __CRANE_EXPORT_* handling;
# configureCargoVendoredDepsHook's cargo config for a plain crate directory
# and for a vendor dir with its own config.toml (cargo, offline, builds a
# crate depending on itoa through it); replaceCargoLockHook's Cargo.lock
# (a stale source lock that `cargo --locked` refuses is replaced, kept as
# Cargo.lock.orig; doNotReplaceCargoLock keeps it and the build fails; a
# cargoLock that does not exist fails with one line naming it);
# remapPathPrefixHook: a binary with debug info names $src, not the build
# directory (it does without the hook).
source "$(dirname "$0")/lib.sh"
[ -d /usr/share/cargo/registry/itoa-1.0.1 ] || fail "Debian crate itoa-1.0.1 missing: apt-get install librust-itoa-dev"

project=$SCRATCH/hooked
mkdir -p "$project/src"
printf '[package]\nname = "hooked"\nversion = "0.1.0"\nedition = "2021"\n' > "$project/Cargo.toml"
cat > "$project/src/main.rs" <<'RS'
fn main() {
    let words: Vec<String> = std::env::args().skip(1).collect();
    println!("hooked {}", words.len());
}
RS
# The source's lock names another version of the package: stale.
printf 'version = 3\n\n[[package]]\nname = "hooked"\nversion = "0.0.9"\n' > "$project/Cargo.lock"
printf 'version = 3\n\n[[package]]\nname = "hooked"\nversion = "0.1.0"\n' > "$project/good.lock"
dep=$SCRATCH/hooked-dep
mkdir -p "$dep/src"
printf '[package]\nname = "hooked-dep"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nitoa = "1"\n' > "$dep/Cargo.toml"
echo 'fn main() { println!("{}", itoa::Buffer::new().format(2026u32)); }' > "$dep/src/main.rs"
chmod -R a+rX "$project" "$dep"

EXPR=$SOURCE_ROOT/tests/nix/crane-hooks.nix
build() {
  local attr=$1
  nix-build "$EXPR" -A "$attr" --out-link "$ROOTS/$attr" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --arg project "$project" --arg depProject "$dep" > "$SCRATCH/$attr.out" 2> "$SCRATCH/$attr.log"
}
nbh() {
  build "$1" || { tail -n 30 "$SCRATCH/$1.log" >&2; fail "building $1 failed"; }
  tail -n 1 "$SCRATCH/$1.out"
}

# configureCargoCommonVarsHook
out=$(nbh commonVars)
cores=$(sed -n 's/^NIX_BUILD_CORES=//p' "$out")
top=$(sed -n 's/^NIX_BUILD_TOP=//p' "$out")
for line in "CARGO_HOME=$top/.cargo-home" "CARGO_BUILD_JOBS=$cores" "RUST_TEST_THREADS=$cores" "CARGO_BUILD_INCREMENTAL=" \
  "CARGO_PROFILE=release" "HEIRLOOM_CROSS_A=from-cross-env" "HEIRLOOM_CROSS_B=mine" "CARGO_HOME exists" \
  "exported CARGO_BUILD_JOBS=$cores" "exported HEIRLOOM_CROSS_A=from-cross-env"; do
  grep -qxF -- "$line" "$out" || fail "configureCargoCommonVars: no line '$line' in: $(tr '\n' ';' < "$out")"
done

# configureCargoVendoredDepsHook
out=$(nbh vendoredPlain)
expect_eq "$(cat "$out/output")" "2026" "the crate built from the plain vendor dir"
expect_contains "$out/config.toml" "[source.crates-io]" "the cargo config"
expect_contains "$out/config.toml" "directory = \"$REGISTRY\"" "the cargo config"
out=$(nbh vendoredConfig)
expect_eq "$(cat "$out/output")" "2026" "the crate built from the vendor dir with a config.toml"
expect_contains "$out/config.toml" 'replace-with = "debian-here"' "the cargo config (appended vendor config.toml)"

# replaceCargoLockHook
out=$(nbh lockReplaced)
expect_eq "$(cat "$out/output")" "hooked 0" "the crate built with the replaced lock"
expect_file_eq "$out/Cargo.lock" "$project/good.lock" "the Cargo.lock in use"
expect_file_eq "$out/Cargo.lock.orig" "$project/Cargo.lock" "the source's lock kept as Cargo.lock.orig"
build lockKept && fail "doNotReplaceCargoLock: the stale lock built with --locked"
grep -q "needs to be updated but --locked was passed" "$SCRATCH/lockKept.log" \
  || fail "doNotReplaceCargoLock: the build did not fail on the stale lock: $(tail -n 5 "$SCRATCH/lockKept.log")"
build lockMissing && fail "a cargoLock that does not exist was accepted"
grep -q "^replaceCargoLock: /nonexistent/Cargo.lock: not a file$" "$SCRATCH/lockMissing.log" \
  || fail "a missing cargoLock: no one-line error naming it: $(tail -n 5 "$SCRATCH/lockMissing.log")"
out=$(nbh lockViaLibrary)
expect_eq "$(cat "$out/output")" "hooked 0" "mkCargoDerivation with cargoLockContents"

# remapPathPrefixHook
out=$(nbh notRemapped)
n=$(grep -caF "$(cat "$out/build-dir")" "$out/bin/hooked" || true)
[ "$n" -gt 0 ] || fail "without remapPathPrefixHook the binary should name its build directory $(cat "$out/build-dir") (debug info), but does not"
out=$(nbh remapped)
expect_eq "$("$out/bin/hooked" a b)" "hooked 2" "the remapped binary's output"
n=$(grep -caF "$(cat "$out/build-dir")" "$out/bin/hooked" || true)
expect_eq "$n" "0" "lines of the remapped binary naming the build directory $(cat "$out/build-dir")"
n=$(grep -caF "$(cat "$out/src")" "$out/bin/hooked" || true)
[ "$n" -gt 0 ] || fail "the remapped binary does not name \$src ($(cat "$out/src"))"
expect_contains "$out/rustflags" "--remap-path-prefix=$(cat "$out/build-dir")=" "CARGO_BUILD_RUSTFLAGS"
grep -qF "$(basename "$(cat "$out/src")" | cut -c1-32)" "$out/rustflags" \
  && fail "CARGO_BUILD_RUSTFLAGS names \$src's hash (not neutered): $(cat "$out/rustflags")"
n=$(grep -caF "heirloom-remap-source-placeholdr" "$out/bin/hooked" || true)
expect_eq "$n" "0" "lines of the binary still holding the neutered placeholder"

note "crane's hooks: common vars, vendored deps (2 layouts), Cargo.lock replaced/kept, path prefix remapped"
