# pack a real cargo target dir into a symlinks output and unpack it again:
# the tree is the same (types, contents, mtimes), artifacts are links into
# the output, files cargo rewrites are writable copies.
source "$(dirname "$0")/../lib/common.sh"

example_target "$SCRATCH/target"
describe_tree "$SCRATCH/target" > "$SCRATCH/before"
nfiles=$(grep -c '^f ' "$SCRATCH/before")
[ "$nfiles" -gt 400 ] || fail "the example target dir is too small ($nfiles files)"

OUT=$(store_path deps)
hl pack --target "$SCRATCH/target" --out "$OUT" 2> "$SCRATCH/pack.log"
expect_contains "$SCRATCH/pack.log" "heirloom: packed $nfiles files" "pack summary"
expect_eq "$(cat "$OUT/references")" "" "references of a first output (it never names itself)"
grep -qF "$OUT" "$OUT/symlinks.tar" && fail "symlinks.tar names its own output"
[ -z "$(find "$OUT/target" -name '.cargo-lock')" ] || fail ".cargo-lock was packed"
seal "$OUT"

hl unpack --from "$OUT" --target "$SCRATCH/child" 2> "$SCRATCH/unpack.log"
expect_contains "$SCRATCH/unpack.log" "heirloom: unpacked symlinks artifacts" "unpack summary"
describe_tree "$SCRATCH/child" > "$SCRATCH/after"
diff -u "$SCRATCH/before" "$SCRATCH/after" > "$SCRATCH/diff" || fail "tree differs after round trip: $(head -20 "$SCRATCH/diff")"

# Every rlib is a link into the output; every fingerprint file a writable copy.
bad=$(find "$SCRATCH/child" -name '*.rlib' ! -type l | head -1)
[ -z "$bad" ] || fail "rlib not linked: $bad"
bad=$(find "$SCRATCH/child" -path '*/.fingerprint/*' -type f ! -writable | head -1)
[ -z "$bad" ] || fail "fingerprint file not writable: $bad"
bad=$(find "$SCRATCH/child" -path '*/.fingerprint/*' -type l | head -1)
[ -z "$bad" ] || fail "fingerprint file linked: $bad"
bad=$(find -L "$SCRATCH/child" -type l | head -1)
[ -z "$bad" ] || fail "dangling link: $bad"
find "$SCRATCH/child" -type l -printf '%l\n' | grep -v "^$OUT/target/" && fail "link outside the output"

# inspect agrees.
hl inspect "$OUT" --json > "$SCRATCH/inspect.json"
python3 - "$SCRATCH/inspect.json" "$nfiles" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["format"] == "symlinks", r["format"]
assert r["links"]["all_resolve"] is True
assert r["links"]["store_paths_missing_from_references"] == [], r["links"]["store_paths_missing_from_references"]
assert r["totals"]["files"] == int(sys.argv[2]), (r["totals"]["files"], sys.argv[2])
assert r["manifest"]["files"] == int(sys.argv[2])
assert "release" in r["profiles"]
assert r["totals"]["linked_files"] + r["totals"]["copied_files"] == r["totals"]["files"]
PY

# Second generation: build something new on top, pack with --prev; unchanged
# copies are deduplicated, grandparent files stay linked directly.
echo 'new artifact' > "$SCRATCH/child/release/deps/libextra-0.rlib"
OUT2=$(store_path pkg)
hl pack --target "$SCRATCH/child" --out "$OUT2" --prev "$OUT" 2> "$SCRATCH/pack2.log"
expect_contains "$SCRATCH/pack2.log" "1 stored" "second pack stores only the new file"
expect_eq "$(cat "$OUT2/references")" "$OUT" "second output references the first"
seal "$OUT2"
hl unpack --from "$OUT2" --target "$SCRATCH/grandchild" 2>/dev/null
describe_tree "$SCRATCH/grandchild" | grep -v libextra > "$SCRATCH/after2"
diff -u "$SCRATCH/before" "$SCRATCH/after2" > /dev/null || fail "third generation differs"
n=$(find "$SCRATCH/grandchild" -type l -printf '%l\n' | grep -c "^$OUT/target/")
[ "$n" -gt 100 ] || fail "grandparent files are not linked directly ($n)"
note "ok: $nfiles files round-tripped through two generations"
