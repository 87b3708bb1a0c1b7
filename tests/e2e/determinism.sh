# Packing the same tree twice gives identical bytes, whatever --jobs is.
source "$(dirname "$0")/../lib/common.sh"
export SOURCE_DATE_EPOCH=1

example_target "$SCRATCH/orig"
OUT=$(store_path deps)
for mode in symlinks zstd; do
  for jobs in 1 2; do
    rm -rf "$SCRATCH/t" "$OUT"
    cp -a "$SCRATCH/orig" "$SCRATCH/t"
    touch "$SCRATCH/t/release/deps"  # a directory mtime must not matter
    hl pack --quiet --mode "$mode" --jobs "$jobs" --target "$SCRATCH/t" --out "$OUT"
    mkdir -p "$SCRATCH/$mode-$jobs"
    cp -a "$OUT"/heirloom.json "$OUT"/references "$SCRATCH/$mode-$jobs/"
    cp "$OUT"/*.tar* "$SCRATCH/$mode-$jobs/"
  done
  for f in $(ls "$SCRATCH/$mode-1"); do
    expect_file_eq "$SCRATCH/$mode-1/$f" "$SCRATCH/$mode-2/$f" "$mode output file $f"
  done
done
# The tar is what FORMAT.md says: sorted names, uid/gid 0, fixed mtime.
tar -tvf "$SCRATCH/symlinks-1/symlinks.tar" > "$SCRATCH/listing"
awk '{print $2}' "$SCRATCH/listing" | sort -u > "$SCRATCH/owners"
expect_eq "$(cat "$SCRATCH/owners")" "0/0" "owners in symlinks.tar"
tar -tf "$SCRATCH/symlinks-1/symlinks.tar" > "$SCRATCH/names"
LC_ALL=C sort -c "$SCRATCH/names" || fail "symlinks.tar entries are not sorted bytewise"
expect_eq "$(head -1 "$SCRATCH/names")" "target/" "first entry"
note "ok: symlinks and zstd outputs are byte-identical across runs and --jobs"
