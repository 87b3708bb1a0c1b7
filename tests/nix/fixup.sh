# The stdenv's fixup phase (the stand-in runs nixpkgs' default hooks: strip,
# patchELF, audit-tmpdir, patchShebangs, ...): a deps output that holds only
# heirloom's artifacts gets none of the fixupOutput hooks, the same
# derivation with doFixupCargoArtifacts=1 gets them all, and a package built
# on top gets its own fixup unchanged (its binary stripped and shrunk, its
# script's interpreter patched). Prints each fixup phase's time.
source "$(dirname "$0")/lib.sh"

deps=$(nb fixup.deps) || fail "the deps derivation did not build"
fixed=$(nb fixup.depsFixedUp) || fail "the deps derivation with doFixupCargoArtifacts did not build"
pkg=$(nb fixup.package) || fail "the package derivation did not build"
dlog=$SCRATCH/fixup.deps.log flog=$SCRATCH/fixup.depsFixedUp.log plog=$SCRATCH/fixup.package.log

# fixup_ms LOG: the fixup phase's time from the log's stamps.
fixup_ms() {
  awk '$1 == "fixup-stamp" && $2 == "start" { s = $3 } $1 == "fixup-stamp" && $2 == "end" { e = $3 }
       END { if (s == "" || e == "") exit 1; printf "%.1f\n", (e - s) / 1e6 }' "$1" || fail "no fixup stamps in $1"
}

# The deps output: only the artifacts, so the hooks are skipped, with one line.
expect_contains "$dlog" "installCargoArtifacts: $deps holds only cargo artifacts, skipping its" "deps log"
! grep -qF "shrinking RPATHs of ELF executables and libraries in $deps" "$dlog" || fail "patchELF ran on the deps output"
! grep -qF "patching script interpreter paths in $deps" "$dlog" || fail "patchShebangs ran on the deps output"
! grep -qF "checking for references to" "$dlog" || fail "audit-tmpdir ran on the deps output"
[ -f "$deps/heirloom.json" ] && [ -d "$deps/target" ] || fail "the deps output is not an artifacts output"
elf=$(find "$deps/target" -type f -name 'build_script_build-*' -print -quit)
[ -n "$elf" ] || fail "no build script executable in the deps output"

# doFixupCargoArtifacts=1: the stdenv's hooks walk the artifacts (this is
# what every artifacts output got before).
expect_contains "$flog" "shrinking RPATHs of ELF executables and libraries in $fixed" "doFixupCargoArtifacts log"
expect_contains "$flog" "shrinking $fixed/target/release/build/" "doFixupCargoArtifacts log"
expect_contains "$flog" "patching script interpreter paths in $fixed" "doFixupCargoArtifacts log"
! grep -qF "holds only cargo artifacts" "$flog" || fail "doFixupCargoArtifacts=1 still skipped the hooks"

# The package's own fixup is untouched.
expect_contains "$plog" "stripping (with command strip and flags -S -p) in $pkg/bin" "package log"
expect_contains "$plog" "shrinking $pkg/bin/app" "package log"
expect_contains "$plog" "patching script interpreter paths in $pkg" "package log"
expect_contains "$plog" "$pkg/bin/hello: interpreter directive changed from \"#!/bin/sh\"" "package log"
! grep -qF "holds only cargo artifacts" "$plog" || fail "the package's fixup was skipped"
head -1 "$pkg/bin/hello" | grep -q '^#!/nix/store/' \
  || fail "the package's script keeps its interpreter: $(head -1 "$pkg/bin/hello")"
"$pkg/bin/app" > /dev/null || fail "the package's binary does not run after its fixup"

ELF_COUNT=$(grep -c "^shrinking $fixed/" "$flog" || true)
note "fixup phase: deps (hooks skipped) $(fixup_ms "$dlog") ms; deps with doFixupCargoArtifacts=1 $(fixup_ms "$flog") ms ($ELF_COUNT ELF files shrunk); package $(fixup_ms "$plog") ms"
