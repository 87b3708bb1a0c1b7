# heirloom reads crane's outputs, and crane's own extraction reads heirloom's
# zstd output. The crane-format inputs are built here with GNU tar and zstd
# the way crane lays them out: target.tar.zst holding target/..., an
# incremental layer whose target.tar.zst.prev links to the previous file, and
# the use-symlink layout (target/ with links into older outputs).
source "$(dirname "$0")/../lib/common.sh"
need zstd zstd

example_target "$SCRATCH/target"
describe_tree "$SCRATCH/target" | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/want"

# crane zstd, two layers.
C1=$(store_path crane-deps)
mkdir -p "$C1"
tar -C "$SCRATCH" --sort=name --owner=0 --group=0 --numeric-owner -cf - target | zstd -q -T2 -o "$C1/target.tar.zst"
C2=$(store_path crane-pkg)
mkdir -p "$C2/stage/target/release/deps"
echo layer2 > "$C2/stage/target/release/deps/liblayer2-0.rlib"
tar -C "$C2/stage" -cf - target | zstd -q -o "$C2/target.tar.zst"
rm -rf "$C2/stage"
ln -s "$C1/target.tar.zst" "$C2/target.tar.zst.prev"
seal "$C1"; seal "$C2"
hl unpack --from "$C2" --target "$SCRATCH/u1" 2> "$SCRATCH/u1.log"
expect_contains "$SCRATCH/u1.log" "2 layers" "crane chain"
expect_eq "$(cat "$SCRATCH/u1/release/deps/liblayer2-0.rlib")" "layer2" "newest layer file"
describe_tree "$SCRATCH/u1" | grep -v liblayer2 | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/got1"
diff -q "$SCRATCH/want" "$SCRATCH/got1" >/dev/null || fail "crane zstd chain unpacked differently"
# ARTIFACTS may name the .tar.zst file itself.
hl unpack --from "$C2/target.tar.zst" --target "$SCRATCH/u1b" 2>/dev/null
[ -f "$SCRATCH/u1b/release/deps/liblayer2-0.rlib" ] || fail "unpack from a .tar.zst path"

# crane use-symlink: target/ with real files and links into an older output.
D1=$(store_path crane-dir-deps)
mkdir -p "$D1"; cp -a "$SCRATCH/target" "$D1/target"; rm -f "$D1/target/release/.cargo-lock"
D2=$(store_path crane-dir-pkg)
mkdir -p "$D2"
(cd "$D1/target" && find . -type d -printf '%P\n' | while IFS= read -r d; do mkdir -p "$D2/target/$d"; done
 find . -type f -printf '%P\n' | while IFS= read -r f; do ln -s "$D1/target/$f" "$D2/target/$f"; done)
seal "$D1"; seal "$D2"
hl unpack --from "$D2" --target "$SCRATCH/u2" 2> "$SCRATCH/u2.log"
expect_contains "$SCRATCH/u2.log" "unpacked crane-dir artifacts" "crane dir format"
describe_tree "$SCRATCH/u2" | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/got2"
diff -q "$SCRATCH/want" "$SCRATCH/got2" >/dev/null || fail "crane dir unpacked differently"
n=$(find "$SCRATCH/u2" -type l -printf '%l\n' | grep -c "^$D1/target/")
[ "$n" -gt 100 ] || fail "crane dir links are not resolved to the oldest output ($n)"

# crane's own extraction of heirloom's zstd output (zstd -d | tar -x --strip-components=1).
H=$(store_path heirloom-zstd)
cp -a "$SCRATCH/target" "$SCRATCH/t2"
hl pack --quiet --mode zstd --target "$SCRATCH/t2" --out "$H"
mkdir "$SCRATCH/u3"
zstd -d -q "$H/target.tar.zst" --stdout | tar -x -C "$SCRATCH/u3" --strip-components=1
describe_tree "$SCRATCH/u3" | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/got3"
diff -q "$SCRATCH/want" "$SCRATCH/got3" >/dev/null || fail "crane-style extraction of heirloom zstd differs"
note "ok: crane zstd chain, crane dir and crane-style extraction all agree"
