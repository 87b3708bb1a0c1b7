# zstd mode on a real target dir: a full layer, then an incremental layer that
# holds only what changed, chained with target.tar.zst.prev; unpacking the
# chain gives the newest tree, deleted files included.
source "$(dirname "$0")/../lib/common.sh"
need zstd zstd

example_target "$SCRATCH/target"
describe_tree "$SCRATCH/target" | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/before"
L1=$(store_path deps)
hl pack --mode zstd --target "$SCRATCH/target" --out "$L1" 2> "$SCRATCH/pack.log"
[ -f "$L1/target.tar.zst" ] && [ -f "$L1/target.index" ] || fail "zstd output incomplete: $(ls "$L1")"
[ ! -e "$L1/target.tar.zst.prev" ] || fail "a first layer has no .prev"
zstd -t -q "$L1/target.tar.zst" || fail "target.tar.zst is not a valid zstd stream"
seal "$L1"

hl unpack --from "$L1" --target "$SCRATCH/gen2" 2>/dev/null
# Contents and sizes survive; mtimes are the archive's fixed mtime.
describe_tree "$SCRATCH/gen2" | awk '$1=="d"{print; next}{print $1, $2, $3, $5}' > "$SCRATCH/after"
diff -u "$SCRATCH/before" "$SCRATCH/after" > "$SCRATCH/diff" || fail "zstd round trip differs: $(head "$SCRATCH/diff")"
[ -z "$(find "$SCRATCH/gen2" -type l)" ] || fail "zstd unpack created links"
[ -z "$(find "$SCRATCH/gen2" -type f ! -writable)" ] || fail "zstd unpack left read-only files"

# Change one file, delete one, add one.
victim=$(find "$SCRATCH/gen2/release/deps" -name '*.rmeta' | LC_ALL=C sort | sed -n 1p)  # (sed reads to the end: no SIGPIPE under pipefail)
rm "$victim"
echo changed > "$SCRATCH/gen2/release/.fingerprint/changed-file"
head -c 100000 /dev/urandom > "$SCRATCH/gen2/release/deps/libnew-0.rlib"
L2=$(store_path tests)
hl pack --mode zstd --prev "$L1" --target "$SCRATCH/gen2" --out "$L2" 2> "$SCRATCH/pack2.log"
expect_contains "$SCRATCH/pack2.log" "(2 stored" "incremental layer stores only the two new files"
expect_eq "$(readlink "$L2/target.tar.zst.prev")" "$L1/target.tar.zst" ".prev link"
expect_eq "$(cat "$L2/references")" "$L1" "references of a layer"
s1=$(stat -c %s "$L1/target.tar.zst"); s2=$(stat -c %s "$L2/target.tar.zst")
[ "$s2" -lt $((s1 / 10)) ] || fail "incremental layer is not small ($s2 vs $s1 bytes)"
seal "$L2"

hl unpack --from "$L2" --target "$SCRATCH/gen3" 2> "$SCRATCH/unpack3.log"
expect_contains "$SCRATCH/unpack3.log" "2 layers" "unpack reads the chain"
[ ! -e "$SCRATCH/gen3/${victim#"$SCRATCH/gen2/"}" ] || fail "deleted file came back: $victim"
cmp -s "$SCRATCH/gen2/release/deps/libnew-0.rlib" "$SCRATCH/gen3/release/deps/libnew-0.rlib" || fail "new file differs"
expect_eq "$(cat "$SCRATCH/gen3/release/.fingerprint/changed-file")" "changed" "changed file"

# Compared with tar | zstd of the same tree, the archive is no more than 5% larger.
tar -C "$SCRATCH" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1 -cf - target | zstd -q -T2 > "$SCRATCH/ref.tar.zst"
r=$(stat -c %s "$SCRATCH/ref.tar.zst")
[ $((s1 * 100)) -le $((r * 105)) ] || fail "archive is more than 5% larger than tar|zstd ($s1 vs $r)"

hl inspect --json "$L2" > "$SCRATCH/inspect.json"
python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
assert r["format"]=="zstd" and len(r["layers"])==2, r["layers"]
' "$SCRATCH/inspect.json" || fail "inspect of a chain"
note "ok: layers $s1 and $s2 bytes (tar|zstd: $r)"
