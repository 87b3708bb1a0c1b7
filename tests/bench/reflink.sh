#!/usr/bin/env bash
# Unpack time on tmpfs, a loop-mounted ext4 (journaled), XFS (reflink=1) and
# btrfs, each a fresh file system with the output's store dir and the target
# dir on it. The subject is a synthetic cargo-shaped tree (the example's
# shape: 885 files, 205 of them rlib/rmeta that the policy links, 170 MB),
# unpacked with the default policy and with every file materialized.
#   tests/bench/reflink.sh [ROUNDS]     as root; HEIRLOOM=path/to/heirloom
set -euo pipefail
ROUNDS=${1:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HEIRLOOM=${HEIRLOOM:-$ROOT/build/heirloom}
[ "$(id -u)" = 0 ] || { echo "reflink bench: run as root (it mounts file systems)" >&2; exit 1; }
for p in mkfs.ext4 mkfs.xfs mkfs.btrfs losetup filefrag; do
  command -v "$p" >/dev/null || { echo "reflink bench: $p is missing (apt-get install e2fsprogs xfsprogs btrfs-progs util-linux)" >&2; exit 1; }
done
W=$(mktemp -d /var/tmp/heirloom-reflink-bench-XXXXXX)
MNT=$W/mnt
DEV=
teardown() {
  umount "$MNT" 2>/dev/null || true
  [ -z "$DEV" ] || losetup -d "$DEV" 2>/dev/null || true
  rm -rf "$W"
}
trap teardown EXIT

make_tree() {
  local t=$1 i
  mkdir -p "$t/release/deps" "$t/release/.fingerprint" "$t/release/build"
  # 205 rlib/rmeta, 170 MB in all (sizes 0.1-1.6 MB)
  for i in $(seq 1 205); do
    head -c $(( (i * 7919 % 150 + 10) * 10240 )) /dev/urandom > "$t/release/deps/libc$i-0.rlib"
  done
  # 680 small files: fingerprints, dep-info, build script output
  for i in $(seq 1 340); do
    mkdir -p "$t/release/.fingerprint/c$i-0"
    head -c 100 /dev/urandom > "$t/release/.fingerprint/c$i-0/lib-c$i"
    head -c 2000 /dev/urandom > "$t/release/deps/c$i-0.d"
  done
}

ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| file system | unpack, default policy ms | unpack, every file copied ms | cp -a --reflink=never ms | copies sharing extents |\n|---|---|---|---|---|\n'
for fs in tmpfs ext4 xfs btrfs; do
  mkdir -p "$MNT"
  case $fs in
    tmpfs) mount -t tmpfs -o size=2G tmpfs "$MNT" ;;
    *)
      truncate -s 3G "$W/img"
      case $fs in
        ext4) mkfs.ext4 -q -F "$W/img" ;;
        xfs) mkfs.xfs -q -f -m reflink=1 "$W/img" ;;
        btrfs) mkfs.btrfs -q -f "$W/img" > /dev/null ;;
      esac
      DEV=$(losetup -f --show "$W/img")
      mount "$DEV" "$MNT" ;;
  esac
  store=$MNT/store
  out=$store/00000000000000000000000000000000-bench-deps
  mkdir -p "$store"
  make_tree "$MNT/t"
  "$HEIRLOOM" pack --quiet --store-dir "$store" --target "$MNT/t" --out "$out"
  chmod -R a-w "$out"
  sync
  d=() c=() p=()
  for r in $(seq 1 "$ROUNDS"); do
    rm -rf "$MNT/a" "$MNT/b" "$MNT/c"; sync
    t0=$(date +%s%N); "$HEIRLOOM" unpack --quiet --store-dir "$store" --from "$out" --target "$MNT/a"; t1=$(date +%s%N)
    d+=("$(ms "$t0" "$t1")")
    t0=$(date +%s%N); "$HEIRLOOM" unpack --quiet --store-dir "$store" --from "$out" --target "$MNT/b" --materialize '*'; t1=$(date +%s%N)
    c+=("$(ms "$t0" "$t1")")
    t0=$(date +%s%N); cp -a --reflink=never "$out/target" "$MNT/c"; t1=$(date +%s%N)
    p+=("$(ms "$t0" "$t1")")
  done
  shared=0 total=0
  while IFS= read -r -d '' f; do
    total=$((total + 1))
    filefrag -v "$f" 2>/dev/null | awk '$1 ~ /^[0-9]+:$/ { n++; if ($NF ~ /shared/) s++ } END { exit !(n > 0 && s == n) }' && shared=$((shared + 1))
  done < <(find "$MNT/b/release/deps" -name '*.rlib' -print0)
  printf '| %s | %s | %s | %s | %s of %s rlibs |\n' "$fs" \
    "$(printf '%s\n' "${d[@]}" | median)" "$(printf '%s\n' "${c[@]}" | median)" "$(printf '%s\n' "${p[@]}" | median)" "$shared" "$total"
  chmod -R u+w "$MNT"; rm -rf "${MNT:?}"/*
  umount "$MNT"
  if [ -n "$DEV" ]; then losetup -d "$DEV"; DEV=; rm -f "$W/img"; fi
done
