# Reflink file systems: on a loop-mounted XFS (reflink=1) and btrfs, every
# file `heirloom unpack` materializes from a store-like dir on the same file
# system shares its extents with the store file (FICLONE), and writing to a
# copy never changes the store file. Needs root, loop devices, xfsprogs,
# btrfs-progs and filefrag (e2fsprogs); a missing one fails the test.
source "$(dirname "$0")/../lib/common.sh"

need losetup "util-linux"
need mount "util-linux"
need filefrag "e2fsprogs"
need mkfs.xfs "xfsprogs"
need mkfs.btrfs "btrfs-progs"
[ "$(id -u)" = 0 ] || fail "must run as root (it loop-mounts file system images)"
for fs in xfs btrfs; do
  grep -qw "$fs" /proc/filesystems || modprobe "$fs" 2>/dev/null || true
  grep -qw "$fs" /proc/filesystems || fail "the kernel has no $fs support (/proc/filesystems): load the $fs module"
done
[ -e /dev/loop-control ] || fail "no loop device support (/dev/loop-control is missing): load the loop module (modprobe loop) or run where loop devices exist"

MOUNTS=()
LOOPS=()
teardown() {
  local m d
  for m in ${MOUNTS[@]+"${MOUNTS[@]}"}; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  for d in ${LOOPS[@]+"${LOOPS[@]}"}; do losetup -d "$d" 2>/dev/null || true; done
  cleanup
}
trap teardown EXIT

# mount_image FS DIR: a fresh 512 MB image of FS under the scratch dir, on its
# own loop device, mounted at DIR.
mount_image() {
  local fs=$1 dir=$2 img=$SCRATCH/$1.img dev
  truncate -s 512M "$img"
  case $fs in
    xfs) mkfs.xfs -q -f -m reflink=1 "$img" > /dev/null ;;
    btrfs) mkfs.btrfs -q -f "$img" > /dev/null ;;
  esac
  dev=$(losetup -f --show "$img" 2>"$SCRATCH/losetup.err") \
    || fail "no loop device could be attached ($(cat "$SCRATCH/losetup.err")): the test needs free loop devices (/dev/loop*)"
  LOOPS+=("$dev")
  mkdir -p "$dir"
  mount "$dev" "$dir" || fail "mounting $fs ($dev) at $dir failed"
  MOUNTS+=("$dir")
}

# shared_extents FILE: "<extents> <shared extents>" as FIEMAP reports them.
shared_extents() {
  filefrag -v "$1" | awk '
    $1 ~ /^[0-9]+:$/ { n++; if ($NF ~ /(^|,)shared(,|$)/) s++ }
    END { printf "%d %d\n", n, s }'
}

# A cargo-shaped target dir: 300 files of 8-200 KiB (rlibs, rmeta, build
# script outputs, fingerprints) and a few below the btrfs inline limit.
make_target() {
  local t=$1 i
  mkdir -p "$t/release/deps" "$t/release/.fingerprint" "$t/release/build/gen-0/out"
  for i in $(seq 1 300); do
    local size=$(( (i * 7919 % 193 + 8) * 1024 ))
    case $((i % 3)) in
      0) head -c "$size" /dev/urandom > "$t/release/deps/libc$i-0.rlib" ;;
      1) head -c "$size" /dev/urandom > "$t/release/.fingerprint/c$i-0.bin" ;;
      2) head -c "$size" /dev/urandom > "$t/release/build/gen-0/out/f$i.rs" ;;
    esac
  done
  for i in 1 2 3; do echo "tiny $i" > "$t/release/.fingerprint/tiny$i"; done
}

for fs in xfs btrfs; do
  mnt=$SCRATCH/mnt-$fs
  mount_image "$fs" "$mnt"
  STORE=$mnt/store
  mkdir -p "$STORE"
  make_target "$mnt/t"
  out=$(store_path "reflink-deps-$fs")
  hl pack --quiet --target "$mnt/t" --out "$out"
  seal "$out"
  before=$SCRATCH/$fs.sums
  (cd "$out" && find target -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > "$before"

  # The detector must see a plain copy as unshared and a reflink as shared.
  probe=$(find "$out/target" -type f -size +16k -print -quit)
  cp --reflink=never "$probe" "$mnt/plain"
  cp --reflink=always "$probe" "$mnt/cloned"
  read -r n s < <(shared_extents "$mnt/plain")
  [ "$n" -gt 0 ] && [ "$s" -eq 0 ] || fail "$fs: a plain copy shows $s of $n extents shared: the extent check cannot tell"
  read -r n s < <(shared_extents "$mnt/cloned")
  [ "$n" -gt 0 ] && [ "$s" -eq "$n" ] || fail "$fs: cp --reflink=always shows $s of $n extents shared: the file system does not reflink"
  rm -f "$mnt/plain" "$mnt/cloned"

  # Every file materialized, as a copy.
  dst=$mnt/build/target
  hl unpack --quiet --from "$out" --target "$dst" --materialize '*'
  copies=0 checked=0 inline=0
  links=$(find "$dst" -type l | wc -l)
  expect_eq "$links" 0 "$fs: links left with --materialize '*'"
  while IFS= read -r -d '' f; do
    copies=$((copies + 1))
    size=$(stat -c %s "$f")
    read -r n s < <(shared_extents "$f")
    if [ "$size" -le 4096 ] && [ "$fs" = btrfs ]; then
      # NB: btrfs keeps files this small inline in its metadata; a clone
      # copies the inline data, there is no extent to share.
      inline=$((inline + 1))
      continue
    fi
    [ "$n" -gt 0 ] && [ "$s" -eq "$n" ] || fail "$fs: ${f#"$dst"/} ($size bytes) is not a reflink: $s of $n extents shared"
    checked=$((checked + 1))
  done < <(find "$dst" -type f -print0)
  expect_eq "$copies" 303 "$fs: materialized files"
  [ "$checked" -ge 300 ] || fail "$fs: only $checked copies checked"
  note "$fs: $checked of $copies copies share every extent with the store file ($inline inline)"

  # The default policy: the copied files (fingerprints, OUT_DIR) are reflinks too.
  dst2=$mnt/build2/target
  hl unpack --quiet --from "$out" --target "$dst2"
  [ "$(find "$dst2/release/deps" -type l | wc -l)" -eq 100 ] || fail "$fs: the default policy did not link deps/"
  read -r n s < <(shared_extents "$dst2/release/build/gen-0/out/f2.rs")
  [ "$n" -gt 0 ] && [ "$s" -eq "$n" ] || fail "$fs: an OUT_DIR copy under the default policy is not a reflink ($s of $n)"

  # Writing to a copy (in place and by appending) leaves the store file alone.
  written=0
  while IFS= read -r -d '' f; do
    [ "$written" -lt 20 ] || continue
    printf 'changed' | dd of="$f" bs=1 seek=100 conv=notrunc status=none
    printf 'appended' >> "$f"
    written=$((written + 1))
  done < <(find "$dst" -type f -size +16k -print0)
  sync
  (cd "$out" && sha256sum --quiet -c "$before") > "$SCRATCH/check.txt" 2>&1 \
    || fail "$fs: writing to copies changed the store files: $(head -5 "$SCRATCH/check.txt")"
  changed=$(cd "$dst" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sed 's,  \./,  target/,' \
    | diff - "$before" | grep -c '^<' || true)
  expect_eq "$changed" 20 "$fs: copies written to"
  note "$fs: 20 copies written to, every store file unchanged"
done
note "ok"
