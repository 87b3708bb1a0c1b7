# heirloom as a drop-in backend for crane: a crane-shaped library
# (tests/nix/crane-shape, crane's builders, variables and nativeBuildInputs)
# overridden with the one line a crane user writes,
#   (craneLib.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs),
# builds deps -> package (implicit and explicit deps), tests and clippy over a
# dependency whose build script reruns. The same chain with the stock hooks
# fails as crane does (rustc cannot overwrite an inherited .rmeta). Also:
# doNotLinkInheritedArtifacts, a build without a target dir, use-zstd.
source "$(dirname "$0")/lib.sh"
CASES=$SOURCE_ROOT/tests/nix/crane-contract.nix

# The rerunning dependency and the workspace crate are compiled again; the
# other dependency is not (cargo's compiler-artifact messages, fresh=false).
expect_rebuilt_only_rerun() {
  expect_eq "$(rebuilt "$1")" "rerun-dep shaped " "$2: units compiled"
  local report
  report=$(python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$1/cargo-messages.json")
  grep -qx "fresh leaf-dep lib" <<< "$report" || fail "$2: leaf-dep was not reported fresh: $report"
}

# 0. The hooks' functions with crane's positional arguments, outside Nix, on
# a synthetic target dir in a fake store.
(
  export HEIRLOOM_STORE_DIR=$STORE
  for h in inheritCargoArtifactsHook installCargoArtifactsHook; do
    sed "s|@heirloom@|$HEIRLOOM|g" "$SOURCE_ROOT/nix/setupHooks/$h.sh" > "$SCRATCH/$h.sh"
  done
  source "$SCRATCH/installCargoArtifactsHook.sh"
  source "$SCRATCH/inheritCargoArtifactsHook.sh" > /dev/null
  cd "$SCRATCH"
  make_target() {
    mkdir -p "$1/release/deps" "$1/release/.fingerprint/x-1"
    echo "rlib $2" > "$1/release/deps/libx-1.rlib"
    echo "rmeta $2" > "$1/release/deps/libx-1.rmeta"
    echo fp > "$1/release/.fingerprint/x-1/lib-x"
  }
  one=$(store_path crane-fn-one) two=$(store_path crane-fn-two) three=$(store_path crane-fn-three)
  make_target t1 a
  dedupAndInstallCargoArtifactsDir "$one" t1 /dev/null > log1 2>&1 || fail "dedup with /dev/null: $(cat log1)"
  [ -f "$one/symlinks.tar" ] || fail "dedupAndInstallCargoArtifactsDir wrote no symlinks output"
  seal "$one"
  inheritCargoArtifacts "$one" t2 > log2 2>&1 || fail "inheritCargoArtifacts ARTIFACTS DIR: $(cat log2)"
  [ -L t2/release/deps/libx-1.rlib ] || fail "the inherited rlib is not a link"
  doNotLinkInheritedArtifacts=1 inheritCargoArtifacts "$one" t3 > log3 2>&1 || fail "doNotLinkInheritedArtifacts: $(cat log3)"
  [ -z "$(find t3 -type l)" ] || fail "doNotLinkInheritedArtifacts left links: $(find t3 -type l)"
  # PREVTDIR is <output>/target: the unchanged rlib links to the first output.
  echo "rmeta b" > t2/release/deps/libx-1.rmeta.new && mv t2/release/deps/libx-1.rmeta.new t2/release/deps/libx-1.rmeta
  dedupAndInstallCargoArtifactsDir "$two" t2 "$one/target" > log4 2>&1 || fail "dedup with a previous target/: $(cat log4)"
  expect_contains log4 "previous $one" "dedup with a previous target/"
  zstdCompressionExtraArgs="--ultra -22 --long" prepareAndInstallCargoArtifactsDir "$three" t3 use-zstd > log5 2>&1 \
    || fail "prepareAndInstallCargoArtifactsDir use-zstd: $(cat log5)"
  [ -f "$three/target.tar.zst" ] || fail "use-zstd wrote no target.tar.zst"
  expect_contains log5 "level 22 is above heirloom's maximum, using 19" "zstd level clamp"
  expect_contains log5 "ignoring '--long'" "zstd flags ignored"
  if prepareAndInstallCargoArtifactsDir "$SCRATCH/four" t3 use-tarball > log6 2>&1; then
    fail "an unknown mode was accepted"
  fi
  expect_contains log6 "unknown mode 'use-tarball'" "unknown mode"
  compressAndInstallCargoArtifactsDir "$SCRATCH/five" missing-target > log7 2>&1 || fail "a missing target dir failed: $(cat log7)"
  expect_contains log7 "'missing-target' does not exist" "missing target dir"
  [ -z "$(ls -A "$SCRATCH/five")" ] || fail "a missing target dir installed something"
) || exit 1

# The rustc hook's choices, with stand-in wrappers: one that can run a
# user's wrapper next (HEIRLOOM_RUSTC_WRAPPER_NEXT), one that cannot.
rustc_hook() { # WRAPPER_SCRIPT ENV...: sources the hook, runs it, prints the result
  local wrapper=$1; shift
  sed "s|@shimWrapper@|$wrapper|g; s|@shim@|$HEIRLOOM_SHIM|g" "$SOURCE_ROOT/nix/setupHooks/heirloomRustcHook.sh" > "$SCRATCH/rustc-hook.sh"
  env -i PATH="$PATH" "$@" bash -c 'set -eu; postPatchHooks=(); preConfigureHooks=(); preBuildHooks=(); preCheckHooks=()
    source "$1"; for h in ${postPatchHooks[@]+"${postPatchHooks[@]}"}; do "$h" > /dev/null; done
    echo "registered=${#postPatchHooks[@]} RUSTC_WRAPPER=${RUSTC_WRAPPER:-} NEXT=${HEIRLOOM_RUSTC_WRAPPER_NEXT:-} RUSTC=${RUSTC:-}"' _ "$SCRATCH/rustc-hook.sh"
}
printf '#!/bin/bash\nexec "${HEIRLOOM_RUSTC_WRAPPER_NEXT:-}" "$@"\n' > "$SCRATCH/chaining-wrapper"
printf '#!/bin/bash\nexec "$@"\n' > "$SCRATCH/plain-wrapper"
chmod +x "$SCRATCH/chaining-wrapper" "$SCRATCH/plain-wrapper"
rustc=$(type -P rustc) || fail "no rustc on PATH: apt-get install rustc"
expect_eq "$(rustc_hook "$SCRATCH/plain-wrapper")" "registered=0 RUSTC_WRAPPER= NEXT= RUSTC=" "rustc hook without cargoArtifacts"
expect_eq "$(rustc_hook "$SCRATCH/plain-wrapper" cargoArtifacts=/x doNotUseHeirloomRustc=1)" "registered=0 RUSTC_WRAPPER= NEXT= RUSTC=" \
  "rustc hook with doNotUseHeirloomRustc"
expect_eq "$(rustc_hook "$SCRATCH/plain-wrapper" cargoArtifacts=/x)" "registered=1 RUSTC_WRAPPER=$SCRATCH/plain-wrapper NEXT= RUSTC=$rustc" \
  "rustc hook, no user wrapper"
expect_eq "$(rustc_hook "$SCRATCH/chaining-wrapper" cargoArtifacts=/x RUSTC_WRAPPER=/usr/bin/env)" \
  "registered=1 RUSTC_WRAPPER=$SCRATCH/chaining-wrapper NEXT=/usr/bin/env RUSTC=$rustc" "rustc hook, user wrapper, chaining shim"
expect_eq "$(rustc_hook "$SCRATCH/plain-wrapper" cargoArtifacts=/x RUSTC_WRAPPER=/usr/bin/env)" \
  "registered=1 RUSTC_WRAPPER=/usr/bin/env NEXT= RUSTC=$HEIRLOOM_SHIM" "rustc hook, user wrapper, shim without chaining"

# 1. The chain through heirloom's hooks.
implicit=$(nb heirloom.packageImplicit) || fail "buildPackage without cargoArtifacts failed"
deps=$(nb heirloom.deps) || fail "the deps build failed"
[ -f "$deps/symlinks.tar" ] || fail "the implicit deps build did not install through heirloom (no symlinks.tar in $deps)"
expect_contains "$SCRATCH/heirloom.deps.log" "installCargoArtifacts: target -> $deps (symlinks)" "deps log"
if grep -q "useHeirloomRustc" "$SCRATCH/heirloom.deps.log"; then
  fail "the deps build inherits nothing, yet the rustc shim was put in place"
fi
expect_eq "$("$implicit/bin/shaped")" "leaf generated" "the implicit package's binary"

for step in package test clippy; do
  out=$(nb "heirloom.$step") || fail "$step over heirloom's hooks failed"
  expect_contains "$SCRATCH/heirloom.$step.log" "inheritCargoArtifacts: $deps -> target" "$step log"
  # The shim came with the inherit hook; clippy needs no RUSTC_WRAPPER of its own.
  expect_contains "$SCRATCH/heirloom.$step.log" "useHeirloomRustcWrapper: RUSTC_WRAPPER=" "$step log"
  expect_rebuilt_only_rerun "$out" "$step"
done
expect_eq "$("$(tail -n 1 "$SCRATCH/heirloom.package.out")/bin/shaped")" "leaf generated" "the package's binary"

# 2. The stock hooks: the rerun dependency cannot be written over its link.
nb stock.deps > /dev/null || fail "the stock deps build failed"
for step in package test clippy; do
  nb_fails "stock.$step"
  expect_contains "$SCRATCH/stock.$step.log" "librerun_dep-" "stock $step log"
  expect_contains "$SCRATCH/stock.$step.log" "is not writeable" "stock $step log"
done

# A user's RUSTC_WRAPPER still runs, with the shim.
wrapped=$(nb heirloom.testUserWrapper) || fail "cargoTest with a user's RUSTC_WRAPPER failed"
expect_contains "$wrapped/user-wrapper.log" "--crate-name rerun_dep" "the user's wrapper log"
expect_rebuilt_only_rerun "$wrapped" "test with a user's RUSTC_WRAPPER"
note "with a user's RUSTC_WRAPPER: $(grep -Eo '(heirloomRustcHook|useHeirloomRustc): [^,]*' "$SCRATCH/heirloom.testUserWrapper.log" | head -1)"

# Migrating: heirloom's hooks inherit the stock hooks' deps output.
mixed=$(nb heirloom.fromStock) || fail "a package over the stock deps output failed"
expect_contains "$SCRATCH/heirloom.fromStock.log" "inheritCargoArtifacts: $(tail -n 1 "$SCRATCH/stock.deps.out") -> target" "fromStock log"
expect_rebuilt_only_rerun "$mixed" "package over the stock deps output"
expect_eq "$("$mixed/bin/shaped")" "leaf generated" "the binary over the stock deps output"

# 3. doNotLinkInheritedArtifacts: every file copied (checked inside the build).
nb heirloom.testNoLinks > /dev/null || fail "cargoTest with doNotLinkInheritedArtifacts failed"
grep -Eq "^target dir: [0-9]+ files, 0 links" "$SCRATCH/heirloom.testNoLinks.log" \
  || fail "doNotLinkInheritedArtifacts: no link count in the log"

# 4. No target dir: one line, nothing installed, no failure.
none=$(nb heirloom.noTarget) || fail "a build without a target dir failed"
expect_contains "$SCRATCH/heirloom.noTarget.log" "installCargoArtifacts: 'target' does not exist" "noTarget log"
[ -z "$(ls -A "$none")" ] || fail "a build without a target dir installed: $(ls -A "$none")"

# 5. use-zstd: crane's zstd flags, then a full archive on top.
zdeps=$(nb heirloom.zstdDeps) || fail "the use-zstd deps build failed"
[ -f "$zdeps/target.tar.zst" ] || fail "use-zstd: no target.tar.zst in $zdeps"
expect_contains "$SCRATCH/heirloom.zstdDeps.log" "zstdCompressionExtraArgs: ignoring '-T0 --long'" "zstd deps log"
zpkg=$(nb heirloom.zstdPackage) || fail "the use-zstd package failed"
expect_contains "$SCRATCH/heirloom.zstdPackage.log" "heirloom: unpacked zstd artifacts" "zstd package log"
[ -f "$zpkg/target.tar.zst" ] && [ ! -e "$zpkg/target.tar.zst.prev" ] \
  || fail "doCompressAndInstallFullArchive: expected a full target.tar.zst without .prev in $zpkg"
expect_rebuilt_only_rerun "$zpkg" "use-zstd package"
expect_eq "$("$zpkg/bin/shaped")" "leaf generated" "the use-zstd package's binary"

note "crane-shaped chain over heirloom: package, test and clippy rebuilt only [$(rebuilt "$zpkg")]; stock hooks: not writeable"
