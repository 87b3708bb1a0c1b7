# A small tests/bench/corpus.py tree (both profiles, build scripts,
# incremental sessions): the generator is deterministic; pack -> unpack gives
# the same tree; pack --prev over the inherited tree stores only what the
# build rewrote and hands the rest down as links; inspect agrees.
source "$(dirname "$0")/../lib/common.sh"
need python3 python3
FILES=2000
gen() { python3 "$SOURCE_ROOT/tests/bench/corpus.py" "$1" --size "$2" --files "$3" --seed 7 2>/dev/null || fail "corpus.py failed"; }
listing() { (cd "$1" && find . -mindepth 1 -printf '%P %y %s %m %T@\n' | LC_ALL=C sort && find . -type f -exec cat {} + | sha256sum); }

gen "$SCRATCH/a" 2M 300
gen "$SCRATCH/b" 2M 300
[ "$(listing "$SCRATCH/a")" == "$(listing "$SCRATCH/b")" ] || fail "corpus.py wrote two different trees for the same seed"
rm -rf "$SCRATCH/a" "$SCRATCH/b"
gen "$SCRATCH/a" 16M "$FILES"
T="$SCRATCH/a/target"
expect_eq "$(find "$T" -type f | wc -l)" "$FILES" "files in the corpus"
for d in debug/deps debug/.fingerprint debug/build debug/incremental debug/examples release/deps release/build; do
  [ -d "$T/$d" ] || fail "the corpus has no $d"
done

describe_tree "$T" > "$SCRATCH/before"
OUT=$(store_path corpus-deps)
hl pack --target "$T" --out "$OUT" 2> "$SCRATCH/pack.log"
expect_contains "$SCRATCH/pack.log" "heirloom: packed $FILES files ($FILES stored" "pack summary"
seal "$OUT"
hl unpack --from "$OUT" --target "$SCRATCH/child" 2>/dev/null
describe_tree "$SCRATCH/child" > "$SCRATCH/after"
diff -u "$SCRATCH/before" "$SCRATCH/after" > "$SCRATCH/diff" || fail "tree differs after pack and unpack: $(head -20 "$SCRATCH/diff")"
bad=$(find -L "$SCRATCH/child" -type l | head -1)
[ -z "$bad" ] || fail "dangling link: $bad"

inspect_agrees() {  # output, files, linked-to-older count
  hl inspect "$1" --json > "$SCRATCH/inspect.json"
  python3 - "$SCRATCH/inspect.json" "$2" <<'PY' || fail "inspect of $1 disagrees with the tree"
import json, sys
r = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert r["format"] == "symlinks", r["format"]
assert r["links"]["all_resolve"] is True
assert r["links"]["store_paths_missing_from_references"] == []
assert r["totals"]["files"] == n, (r["totals"]["files"], n)
assert r["totals"]["linked_files"] + r["totals"]["copied_files"] == n
assert {"debug", "release"} <= set(r["profiles"]), r["profiles"]
assert sum(p["files"] for p in r["profiles"].values()) == n, r["profiles"]
PY
}
inspect_agrees "$OUT" "$FILES"

# The package build over the inherited tree: the workspace crate's outputs
# and one incremental session's objects are rewritten, the rest is as inherited.
changed=0
while IFS= read -r f; do
  { cat -- "$f"; printf 'rebuilt'; } > "$f.new" && rm -f -- "$f" && mv -- "$f.new" "$f"
  changed=$((changed + 1))
done < <(find "$SCRATCH/child" \( -name 'service-*' -path '*/deps/*' -o -path '*/incremental/service-*/s-*/*.o' \) \( -type f -o -type l \) | LC_ALL=C sort | head -40)
[ "$changed" -gt 5 ] || fail "too few workspace files to rewrite ($changed)"
describe_tree "$SCRATCH/child" > "$SCRATCH/rebuilt"
OUT2=$(store_path corpus-pkg)
hl pack --target "$SCRATCH/child" --out "$OUT2" --prev "$OUT" 2> "$SCRATCH/pack2.log"
expect_contains "$SCRATCH/pack2.log" "heirloom: packed $FILES files ($changed stored" "pack --prev stores only the rewritten files"
expect_eq "$(cat "$OUT2/references")" "$OUT" "references of the second output"
seal "$OUT2"
hl unpack --from "$OUT2" --target "$SCRATCH/grandchild" 2>/dev/null
describe_tree "$SCRATCH/grandchild" > "$SCRATCH/after2"
diff -u "$SCRATCH/rebuilt" "$SCRATCH/after2" > "$SCRATCH/diff2" || fail "tree differs after pack --prev and unpack: $(head -20 "$SCRATCH/diff2")"
n=$(find "$SCRATCH/grandchild" -type l -printf '%l\n' | grep -c "^$OUT/target/" || true)
[ "$n" -gt 100 ] || fail "the third generation links only $n files into the first output"
inspect_agrees "$OUT2" "$FILES"
note "ok: $FILES files, $changed rewritten, $n links into the first output"
