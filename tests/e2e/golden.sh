# Every golden output of tests/data/golden (heirloom's symlinks and zstd
# forms, crane's use-zstd, incremental and bare layers and use-symlink dirs)
# unpacks through the CLI to exactly its expected tree, and every invalid one
# is refused with exactly its expected one-line error, leaving no target dir.
# tests/data/golden/README.md describes the cases and how to regenerate them.
source "$(dirname "$0")/../lib/common.sh"
source "$SOURCE_ROOT/tests/data/golden/lib.sh"
need flock util-linux
exec 9> "$GOLDEN_LOCK"
flock 9
trap 'cleanup; chmod -R u+w "$GOLDEN_ROOT" 2>/dev/null; rm -rf "$GOLDEN_ROOT"' EXIT
golden_install

valid=0 invalid=0
declare -A used
while read -r kind c from cmd; do
  src=$(golden_path "${from%%/*}")${from#"${from%%/*}"}
  used[${from%%/*}]=1
  if [ "$kind" = valid ]; then
    t=$GOLDEN_ROOT/unpacked/$c
    "$HEIRLOOM" unpack --store-dir "$GOLDEN_STORE" --quiet --from "$src" --target "$t" 2> "$SCRATCH/err" \
      || fail "$c: unpack failed: $(cat "$SCRATCH/err")"
    describe "$t" > "$SCRATCH/got.tree"
    diff -u "$GOLDEN_DIR/expected/$c.tree" "$SCRATCH/got.tree" > "$SCRATCH/diff" \
      || fail "$c: the unpacked tree is not expected/$c.tree: $(head -30 "$SCRATCH/diff")"
    "$HEIRLOOM" inspect --store-dir "$GOLDEN_STORE" --json "$src" > "$SCRATCH/inspect.json" 2> "$SCRATCH/err" \
      || fail "$c: inspect failed: $(cat "$SCRATCH/err")"
    python3 - "$SCRATCH/inspect.json" "$GOLDEN_DIR/expected/$c.tree" <<'PY' || fail "$c: inspect disagrees with the tree"
import json, sys
r = json.load(open(sys.argv[1]))
tree = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
files = sum(1 for p, t, m, x in tree if t == "f" or (t == "l" and x.startswith("/")))
dirs = sum(1 for p, t, m, x in tree if t == "d")
assert r["links"]["all_resolve"], r["links"]
assert r["totals"]["files"] == files, (r["totals"], files)
assert r["dirs"] == dirs, (r["dirs"], dirs)
PY
    chmod -R u+w "$t"; rm -rf "$t"
    valid=$((valid + 1))
  else
    set +e
    if [ "$cmd" = inspect ]; then
      "$HEIRLOOM" inspect --store-dir "$GOLDEN_STORE" "$src" > /dev/null 2> "$SCRATCH/err"
    else
      "$HEIRLOOM" unpack --store-dir "$GOLDEN_STORE" --quiet --from "$src" --target "$GOLDEN_ROOT/bad-target" 2> "$SCRATCH/err"
    fi
    st=$?
    set -e
    expect_eq "$st" 1 "$c: exit status of $cmd"
    diff -u "$GOLDEN_DIR/expected/$c.error" "$SCRATCH/err" > "$SCRATCH/diff" \
      || fail "$c: the error is not expected/$c.error: $(cat "$SCRATCH/diff")"
    [ ! -e "$GOLDEN_ROOT/bad-target" ] || fail "$c: a target dir was left behind"
    invalid=$((invalid + 1))
  fi
done < "$GOLDEN_DIR/cases"

# Nothing in tests/data/golden goes untested.
for d in "$GOLDEN_DIR"/outputs/*; do
  [ -n "${used[${d##*/}]:-}" ] || [[ ${d##*/} != bad-* ]] || fail "outputs/${d##*/} is in no case"
done
for f in "$GOLDEN_DIR"/expected/*; do
  n=${f##*/}; n=${n%.*}
  grep -q "^[a-z]* $n " "$GOLDEN_DIR/cases" || fail "expected/${f##*/} belongs to no case"
done
[ "$valid" -ge 11 ] && [ "$invalid" -ge 30 ] || fail "too few cases: $valid golden, $invalid invalid"
note "ok: $valid golden outputs unpack to their trees, $invalid invalid ones give their one-line errors"
