# The bytes heirloom's own pack writes are a format: re-packing the golden
# input tree (tests/data/golden/lib.sh: make_tree, mutate) must give exactly
# the stored golden outputs (heirloom symlinks and zstd, first and second
# generation). When they differ while heirloom.json's format stays the same,
# the format changed without a version bump: this test fails and says so.
# Compared: symlinks.tar, the owned files (target/), references, target.index,
# the .prev link, heirloom.json (tool_version aside: a release is no format
# change) and the tar inside target.tar.zst (the frame's bytes depend on the
# libzstd version, the tar's do not).
source "$(dirname "$0")/../lib/common.sh"
source "$SOURCE_ROOT/tests/data/golden/lib.sh"
need flock util-linux
need zstd zstd
exec 9> "$GOLDEN_LOCK"
flock 9
trap 'cleanup; chmod -R u+w "$GOLDEN_ROOT" 2>/dev/null; rm -rf "$GOLDEN_ROOT"' EXIT
golden_install
REGEN="HEIRLOOM=build/heirloom bash tests/data/golden/regen.sh"

format_of() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["format"])' "$1"; }

# same NAME WHAT GOT WANT: GOT and WANT hold the same bytes.
same() {
  local name=$1 what=$2 got=$3 want=$4 fnow fgold
  cmp -s "$got" "$want" && return 0
  fnow=$(format_of "$SCRATCH/out-$name/heirloom.json"); fgold=$(format_of "$GOLDEN_DIR/outputs/$name/heirloom.json")
  if [ "$fnow" = "$fgold" ]; then
    fail "$name: pack now writes other bytes for $what ($(cmp "$got" "$want" 2>&1 | head -1)) while the format version stayed $fnow: a format change needs a version bump: raise format_version in src/heirloom/core/output.hpp (and docs/FORMAT.md, keeping format $fnow readable), then regenerate the goldens with '$REGEN'"
  fi
  fail "$name: the format version is now $fnow, the goldens are format $fgold: regenerate them with '$REGEN'"
}

# check NAME MODE [PREV]: re-pack NAME's input and compare with the golden.
check() {
  local name=$1 mode=$2 prev=${3:-} in=$SCRATCH/in-$1 out=$SCRATCH/out-$1 g=$GOLDEN_DIR/outputs/$1
  local args=()
  if [ -z "$prev" ]; then
    make_tree "$in"
  else
    hl unpack --quiet --from "$(golden_path "$prev")" --target "$in"
    mutate "$in" 2
    args=(--prev "$(golden_path "$prev")")
  fi
  "$HEIRLOOM" pack --store-dir "$GOLDEN_STORE" --quiet --jobs 2 --mode "$mode" "${args[@]}" --target "$in" --out "$out"
  sed 's/"tool_version": "[^"]*"/"tool_version": ""/' "$out/heirloom.json" > "$SCRATCH/got.json"
  sed 's/"tool_version": "[^"]*"/"tool_version": ""/' "$g/heirloom.json" > "$SCRATCH/want.json"
  same "$name" heirloom.json "$SCRATCH/got.json" "$SCRATCH/want.json"
  same "$name" references "$out/references" "$g/references"
  if [ "$mode" = symlinks ]; then
    same "$name" symlinks.tar "$out/symlinks.tar" "$g/symlinks.tar"
    # (a checkout keeps a file's execute bit only, and no directory mode)
    local norm='BEGIN { FS = OFS = "\t" } $2 == "d" { $3 = "-" } $2 == "f" { $3 = ($3 ~ /[1357]/) ? "x" : "-" } { print }'
    describe "$out/target" | awk "$norm" > "$SCRATCH/got.tree"; describe "$g/target" | awk "$norm" > "$SCRATCH/want.tree"
    same "$name" "the owned files (target/)" "$SCRATCH/got.tree" "$SCRATCH/want.tree"
  else
    zstd -q -d --stdout "$out/target.tar.zst" > "$SCRATCH/got.tar"
    zstd -q -d --stdout "$g/target.tar.zst" > "$SCRATCH/want.tar"
    same "$name" "the tar in target.tar.zst" "$SCRATCH/got.tar" "$SCRATCH/want.tar"
    same "$name" target.index "$out/target.index" "$g/target.index"
    expect_eq "$(readlink "$out/target.tar.zst.prev" || true)" "$(readlink "$g/target.tar.zst.prev" || true)" \
      "$name: the .prev link"
    zstd -lv "$out/target.tar.zst" 2>&1 | grep -q 'Check: XXH64' || fail "$name: the frame has no content checksum"
  fi
  note "$name: the same bytes as the golden"
}

check heirloom-symlinks-1 symlinks
check heirloom-symlinks-2 symlinks heirloom-symlinks-1
check heirloom-zstd-1 zstd
check heirloom-zstd-2 zstd heirloom-zstd-1
note "ok: pack writes the golden bytes of format $(format_of "$SCRATCH/out-heirloom-zstd-1/heirloom.json")"
