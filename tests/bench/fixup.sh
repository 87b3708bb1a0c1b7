#!/usr/bin/env bash
# The stdenv's fixup phase on a deps output, before and after heirloom skips
# the fixupOutput hooks of an artifacts-only output. Runs the stand-in
# stdenv (tests/nix/pkgs/setup.sh with nixpkgs' default fixup hooks, patchelf
# first) and the install hook outside Nix, on a tmpfs, for a synthetic
# cargo-shaped target dir at two scales: the example service's shape (885
# files: 134 rustc outputs, 60 of them ELF build scripts and proc-macros,
# 170 MB) and N times it.
#   tests/bench/fixup.sh [N] [ROUNDS]     as root; HEIRLOOM=path/to/heirloom
set -euo pipefail
SCALE=${1:-10}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HEIRLOOM=${HEIRLOOM:-$ROOT/build/heirloom}
for p in patchelf strip; do command -v "$p" >/dev/null || { echo "fixup bench: $p is missing (apt-get install patchelf binutils)" >&2; exit 1; }; done
W=$(mktemp -d /tmp/heirloom-fixup-bench-XXXXXX)
mount -t tmpfs -o size=8G tmpfs "$W"
trap 'umount "$W"; rmdir "$W"' EXIT
mkdir -p "$W/stdenv/default-hooks" "$W/store" "$W/tmp"
cp "$ROOT/tests/nix/pkgs/setup.sh" "$W/stdenv/setup"
cp "$ROOT/tests/nix/pkgs/hooks/default/"*.sh "$W/stdenv/default-hooks/"
sed "s|@heirloom@|$HEIRLOOM|g" "$ROOT/nix/setupHooks/installCargoArtifactsHook.sh" > "$W/install-hook.sh"
# Real ELF files of a few sizes (shared libraries and executables of the host).
mapfile -t ELVES < <(ls -S /usr/lib/x86_64-linux-gnu/libarchive.so.13.* /usr/lib/x86_64-linux-gnu/libzstd.so.1.* /usr/bin/patchelf /usr/bin/find /usr/bin/tar | head -5)

# make_tree DIR K: K copies of the example's shape.
make_tree() {
  local t=$1 k i j
  for k in $(seq 1 "$2"); do
    local p=$t/release/g$k
    mkdir -p "$p/deps" "$p/build" "$p/.fingerprint"
    for i in $(seq 1 60); do
      if [ $((i % 2)) = 0 ]; then
        mkdir -p "$p/build/c$i-0"; cp "${ELVES[$((i % ${#ELVES[@]}))]}" "$p/build/c$i-0/build_script_build-0"
      else
        cp "${ELVES[$((i % ${#ELVES[@]}))]}" "$p/deps/libpm$i-0.so"
      fi
    done
    for i in $(seq 1 74); do
      head -c $(( (i * 7919 % 150 + 10) * 14000 )) /dev/urandom > "$p/deps/libc$i-0.rlib"
    done
    for i in $(seq 1 751); do
      j=$((i % 310)); mkdir -p "$p/.fingerprint/c$j-0"; echo "fp $i" > "$p/.fingerprint/c$j-0/f$i"
    done
  done
}

# fixup_ms TREE [doFixupCargoArtifacts]: pack TREE into a fresh output, then
# time the stand-in's fixupPhase on it.
fixup_ms() {
  local out=$W/store/00000000000000000000000000000000-deps
  chmod -R u+w "$W/store"; rm -rf "$out" "$W/t"
  cp -a "$1" "$W/t"
  env -i PATH=/usr/bin:/bin HOME=/homeless-shelter TMPDIR="$W/tmp" NIX_BUILD_TOP="$W/tmp" NIX_STORE="$W/store" \
    initialPath=/usr stdenv="$W/stdenv" out="$out" outputs=out doFixupCargoArtifacts="${2:-}" \
    bash -c 'source "$stdenv/setup"; source "$0"; cd "$NIX_BUILD_TOP"
      prepareAndInstallCargoArtifactsDir "$out" "'"$W"'/t" symlinks "" > /dev/null 2>&1
      s=$(date +%s%N); fixupPhase > "'"$W"'/fixup.log"; e=$(date +%s%N)
      echo $(( (e - s) / 1000000 ))' "$W/install-hook.sh"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| deps output | files | ELF files | MB | fixup, stdenv hooks (before) ms | fixup, hooks skipped (after) ms | `shrinking` lines before / after |\n|---|---|---|---|---|---|---|\n'
for k in 1 "$SCALE"; do
  rm -rf "$W/tree"; make_tree "$W/tree" "$k"
  files=$(find "$W/tree" -type f | wc -l)
  mb=$(du -sm "$W/tree" | cut -f1)
  b=() a=()
  for r in $(seq 1 "$ROUNDS"); do
    b+=("$(fixup_ms "$W/tree" 1)"); lb=$(grep -c '^shrinking /' "$W/fixup.log" || true)
    a+=("$(fixup_ms "$W/tree")"); la=$(grep -c '^shrinking /' "$W/fixup.log" || true)
  done
  printf '| %s× the example | %s | %s | %s | %s | %s | %s / %s |\n' "$k" "$files" $((60 * k)) "$mb" \
    "$(printf '%s\n' "${b[@]}" | median)" "$(printf '%s\n' "${a[@]}" | median)" "$lb" "$la"
done
