# heirloom reads what crane writes, and crane reads what heirloom writes.
#
# Every crane-format input here is made by crane's own commands, run by this
# test: use-zstd is GNU tar with crane's flags, run inside the target dir,
# piped to zstd (a later generation archives only `find . -newer` a stamp of
# mtime 1 and links the previous archive, or the previous output directory, as
# target.tar.zst.prev); use-symlink replaces each file that `cmp` finds equal
# to the previous output's by `ln --symbolic --force --logical` and moves the
# target dir into the output. The oracle is crane's inherit, run the same way:
# `zstd -d | tar -x -C DIR` after recursing into a .prev that is a file, and
# for a use-symlink output its deep copy (cp --dereference, crane's
# doNotLinkInheritedArtifacts). Trees are compared dereferenced: paths, types,
# sizes, mtimes, the exec bit and contents.
source "$(dirname "$0")/../lib/common.sh"
need zstd zstd
need tar tar
tar --version | grep -q 'GNU tar' || fail "GNU tar is needed (apt-get install tar)"

TAR_FLAGS=(--sort=name --mtime=@1 --owner=0 --group=0 --mode=u+w --numeric-owner
           --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)

# crane_zstd_install OUT TDIR [PREV_OUTPUT]: crane's use-zstd install.
crane_zstd_install() {
  local out=$1 tdir=$2 prev=${3:-}
  mkdir -p "$out"
  local dest="$out/target.tar.zst"
  [ -n "$prev" ] && [ -f "$prev/target.tar.zst" ] && prev="$prev/target.tar.zst"
  (
    export SOURCE_DATE_EPOCH=1
    cd "$tdir"
    if [ -z "$prev" ]; then
      tar "${TAR_FLAGS[@]}" -c .
    else
      ln -s "$prev" "$dest.prev"
      touch -d @1 "$SCRATCH/.stamp"
      tar --null --no-recursion -T <(find . -newer "$SCRATCH/.stamp" -print0) "${TAR_FLAGS[@]}" -c
    fi | zstd -T2 -o "$dest" 2>/dev/null
  )
}

# crane_symlink_install OUT TDIR PREV_TARGET_DIR: crane's use-symlink install
# (TDIR's base name is "target"; PREV may be /dev/null).
crane_symlink_install() {
  local out=$1 tdir=$2 prev=$3 f rel
  mkdir -p "$out"
  if [ -d "$prev" ]; then
    while read -r f; do
      rel=${f#"$tdir"}
      if cmp --silent "$prev/${rel#/}" "$f"; then
        ln --symbolic --force --logical "$prev/${rel#/}" "$f"
      fi
    done < <(find "$tdir" -type f)
  fi
  mv "$tdir" --target-directory="$out"
}

# crane_inherit ARTIFACTS DIR: crane's inherit (deep copy for a directory).
crane_inherit() {
  local p=$1 dir=$2
  if [ -d "$p" ]; then
    if [ -f "$p/target.tar.zst" ]; then p="$p/target.tar.zst"; elif [ -d "$p/target" ]; then p="$p/target"; fi
  fi
  mkdir -p "$dir"
  if [ -f "$p" ]; then
    if [ -f "$p.prev" ]; then crane_inherit "$(realpath "$p.prev")" "$dir"; fi
    zstd -d "$p" --stdout 2>/dev/null | tar -x -C "$dir"
  elif [ -d "$p" ]; then
    cp -r "$p" --dereference --no-target-directory "$dir" --preserve=timestamps --no-preserve=ownership
    chmod -R u+w "$dir"
    find "$dir" -name '.cargo*lock' -delete
  else
    fail "crane_inherit: '$p' looks invalid"
  fi
}

# One line per entry, seen through links: type, path, and for files the size,
# mtime, exec bit and a content hash. cargo's lock files are left out (neither
# crane's deep copy nor heirloom hands them down).
describe() {
  (cd "$1" && {
    find -L . -mindepth 1 -name '.cargo*lock' -prune -o -type f -print0 | xargs -0r sha256sum \
      | awk '{sub(/^\.\//, "", $2); print "h", $2, substr($1, 1, 16)}'
    find -L . -mindepth 1 -name '.cargo*lock' -prune -o -type d -printf 'd %P\n' \
      -o -type f -perm /111 -printf 'f %P %s %T@ x\n' -o -type f -printf 'f %P %s %T@ -\n'
  } | awk '$1=="h"{h[$2]=$3; next} $1=="f"{print $0, h[$2]; next} {print}' | LC_ALL=C sort)
}

# expect_same_tree WANT_DIR GOT_DIR WHAT
expect_same_tree() {
  describe "$1" > "$SCRATCH/want.txt"; describe "$2" > "$SCRATCH/got.txt"
  diff -u "$SCRATCH/want.txt" "$SCRATCH/got.txt" > "$SCRATCH/diff.txt" || fail "$3: trees differ: $(head -20 "$SCRATCH/diff.txt")"
  [ "$(grep -c '^f ' "$SCRATCH/want.txt")" -gt 100 ] || fail "$3: the tree is too small to prove anything"
}

# expect_no_store_links DIR WHAT
expect_no_store_links() {
  local n; n=$(find "$1" -type l -lname "$STORE/*" | wc -l)
  expect_eq "$n" 0 "$2: links into the store after --materialize '*'"
}

# heirloom's unpack must equal the oracle, and --materialize '*' must too,
# with no link into the store.
check_unpack() {  # check_unpack FROM ORACLE_DIR WHAT
  local t="$SCRATCH/u-$RANDOM$RANDOM"
  hl unpack --quiet --from "$1" --target "$t" || fail "$3: unpack failed"
  expect_same_tree "$2" "$t" "$3"
  hl unpack --quiet --from "$1" --target "$t.m" --materialize '*' || fail "$3: unpack --materialize failed"
  expect_same_tree "$2" "$t.m" "$3 (--materialize '*')"
  expect_no_store_links "$t.m" "$3"
  [ -z "$(find "$t.m" -type f ! -writable)" ] || fail "$3: --materialize '*' left read-only files"
  rm -rf "$t" "$t.m"
}

# What a build on top of an inherited tree does: rewrite a fingerprint, add a
# library and an executable.
N=0
mutate() {
  N=$((N + 1))
  local fp; fp=$(find "$1/release/.fingerprint" -type f | LC_ALL=C sort | sed -n 1p)
  chmod u+w "$fp" "$(dirname "$fp")"; echo "rewritten $N" > "$fp"
  echo "generation $N" > "$1/release/deps/libgen$N-0.rlib"
  printf '#!/bin/sh\necho %s\n' "$N" > "$1/release/tool-$N"; chmod 755 "$1/release/tool-$N"
}

example_target "$SCRATCH/gen1"

note "crane use-zstd: a full archive and two incremental layers"
Z1=$(store_path z1); Z2=$(store_path z2); Z3=$(store_path z3)
cp -a "$SCRATCH/gen1" "$SCRATCH/t"; crane_zstd_install "$Z1" "$SCRATCH/t"; rm -rf "$SCRATCH/t"
crane_inherit "$Z1" "$SCRATCH/t"; mutate "$SCRATCH/t"; crane_zstd_install "$Z2" "$SCRATCH/t" "$Z1"; rm -rf "$SCRATCH/t"
crane_inherit "$Z2" "$SCRATCH/t"; mutate "$SCRATCH/t"; crane_zstd_install "$Z3" "$SCRATCH/t" "$Z2"; rm -rf "$SCRATCH/t"
seal "$Z1"; seal "$Z2"; seal "$Z3"
zstd -d -q --stdout "$Z3/target.tar.zst" | tar -t > "$SCRATCH/list"
grep -qx './release/tool-2' "$SCRATCH/list" || fail "fixture: not crane's ./ names"
crane_inherit "$Z3" "$SCRATCH/oracle-z3"
check_unpack "$Z3" "$SCRATCH/oracle-z3" "crane use-zstd chain"
hl unpack --from "$Z3" --target "$SCRATCH/u" 2> "$SCRATCH/log"; rm -rf "$SCRATCH/u"
expect_contains "$SCRATCH/log" "unpacked crane-zstd artifacts" "format"
expect_contains "$SCRATCH/log" "3 layers" "layers"
check_unpack "$Z3/target.tar.zst" "$SCRATCH/oracle-z3" "a bare .tar.zst path"

note "crane use-symlink: three generations, links to links"
D1=$(store_path d1); D2=$(store_path d2); D3=$(store_path d3)
mkdir -p "$SCRATCH/s1"; cp -a "$SCRATCH/gen1" "$SCRATCH/s1/target"
crane_symlink_install "$D1" "$SCRATCH/s1/target" /dev/null
mkdir -p "$SCRATCH/s2"; crane_inherit "$D1" "$SCRATCH/s2/target"; mutate "$SCRATCH/s2/target"
crane_symlink_install "$D2" "$SCRATCH/s2/target" "$D1/target"
mkdir -p "$SCRATCH/s3"; crane_inherit "$D2" "$SCRATCH/s3/target"; mutate "$SCRATCH/s3/target"
crane_symlink_install "$D3" "$SCRATCH/s3/target" "$D2/target"
seal "$D1"; seal "$D2"; seal "$D3"
chained=$(find "$D3/target" -type l -lname "$D2/target/*" | sed -n 1p)
[ -n "$chained" ] && [ -L "$(readlink "$chained")" ] || fail "fixture: no link to a link in the third generation"
crane_inherit "$D3" "$SCRATCH/oracle-d3"
check_unpack "$D3" "$SCRATCH/oracle-d3" "crane use-symlink chain"
hl unpack --quiet --from "$D3" --target "$SCRATCH/u"
[ "$(find "$SCRATCH/u" -type l -lname "$D1/target/*" | wc -l)" -gt 100 ] || fail "use-symlink links not resolved to the oldest output"
rm -rf "$SCRATCH/u"

note "crane use-zstd layer on top of a crane use-symlink output (.prev to its directory)"
CD=$(store_path cd)
crane_inherit "$D3" "$SCRATCH/t"; mutate "$SCRATCH/t"
crane_zstd_install "$CD" "$SCRATCH/t" "$D3"; rm -rf "$SCRATCH/t"
expect_eq "$(readlink "$CD/target.tar.zst.prev")" "$D3" "fixture: crane's .prev to a use-symlink directory"
seal "$CD"
crane_inherit "$D3" "$SCRATCH/oracle-cd"
zstd -d "$CD/target.tar.zst" --stdout 2>/dev/null | tar -x -C "$SCRATCH/oracle-cd"
check_unpack "$CD" "$SCRATCH/oracle-cd" "crane layer on a crane use-symlink output"
hl inspect --json "$CD" > "$SCRATCH/inspect.json" || fail "inspect of a crane layer on a use-symlink output"
python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))
assert r["format"] == "crane-zstd" and len(r["layers"]) == 1 and r["links"]["all_resolve"], r
' "$SCRATCH/inspect.json" || fail "inspect of a crane layer on a use-symlink output: $(head -c 400 "$SCRATCH/inspect.json")"

note "heirloom symlinks output on top of a crane use-symlink output"
HD=$(store_path hd)
hl unpack --quiet --from "$D3" --target "$SCRATCH/t"; mutate "$SCRATCH/t"
cp -a "$SCRATCH/t" "$SCRATCH/oracle-hd"; rm "$SCRATCH/oracle-hd/.rustc_info.json"  # never packed (FORMAT.md)
hl pack --mode use-symlink --prev "$D3" --target "$SCRATCH/t" --out "$HD" 2> "$SCRATCH/log"; rm -rf "$SCRATCH/t"
grep -q ' 0 of them deduplicated' "$SCRATCH/log" && fail "no copy deduplicated against the crane output: $(cat "$SCRATCH/log")"
grep -q "$D1" "$HD/references" || fail "references of a heirloom output on crane's: $(cat "$HD/references")"
check_unpack "$HD" "$SCRATCH/oracle-hd" "heirloom symlinks on a crane use-symlink output"

note "crane's inherit reads heirloom's zstd layers (a chain of three)"
H1=$(store_path h1); H2=$(store_path h2); H3=$(store_path h3)
cp -a "$SCRATCH/gen1" "$SCRATCH/t"; hl pack --quiet --mode use-zstd --target "$SCRATCH/t" --out "$H1"; rm -rf "$SCRATCH/t"
zstd -d -q --stdout "$H1/target.tar.zst" | tar -t > "$SCRATCH/list"
expect_eq "$(sed -n 1p "$SCRATCH/list")" "./" "heirloom zstd: the first entry"
grep -q '^\./release/deps/' "$SCRATCH/list" || fail "heirloom zstd: not crane's ./release names"
hl unpack --quiet --from "$H1" --target "$SCRATCH/t"; mutate "$SCRATCH/t"
hl pack --quiet --mode use-zstd --prev "$H1" --target "$SCRATCH/t" --out "$H2"; rm -rf "$SCRATCH/t"
hl unpack --quiet --from "$H2" --target "$SCRATCH/t"; mutate "$SCRATCH/t"
cp -a "$SCRATCH/t" "$SCRATCH/src-h3"
hl pack --quiet --mode use-zstd --prev "$H2" --target "$SCRATCH/t" --out "$H3"; rm -rf "$SCRATCH/t"
expect_eq "$(readlink "$H3/target.tar.zst.prev")" "$H2/target.tar.zst" "heirloom .prev on a zstd parent"
seal "$H1"; seal "$H2"; seal "$H3"
crane_inherit "$H3" "$SCRATCH/oracle-h3"
# (crane's extraction keeps tar's mtime 1; the packed tree had the same files)
check_unpack "$H3" "$SCRATCH/oracle-h3" "heirloom zstd chain"
diff <(describe "$SCRATCH/src-h3" | cut -d' ' -f1-3) <(describe "$SCRATCH/oracle-h3" | cut -d' ' -f1-3) >/dev/null \
  || fail "crane's inherit of heirloom's chain is not the packed tree"

note "heirloom zstd layer on top of a crane use-zstd output"
HZ=$(store_path hz)
crane_inherit "$Z3" "$SCRATCH/t"; mutate "$SCRATCH/t"
hl pack --quiet --mode zstd --prev "$Z3" --target "$SCRATCH/t" --out "$HZ"; rm -rf "$SCRATCH/t"
expect_eq "$(readlink "$HZ/target.tar.zst.prev")" "$Z3/target.tar.zst" ".prev on a crane zstd parent"
expect_eq "$(cat "$HZ/references")" "$Z3" "references on a crane zstd parent"
seal "$HZ"
crane_inherit "$HZ" "$SCRATCH/oracle-hz"
check_unpack "$HZ" "$SCRATCH/oracle-hz" "heirloom layer on crane layers"

note "crane use-zstd layer on top of a heirloom symlinks output"
S1=$(store_path s1); CZ=$(store_path cz)
cp -a "$SCRATCH/gen1" "$SCRATCH/t"; hl pack --quiet --mode use-symlink --target "$SCRATCH/t" --out "$S1"; rm -rf "$SCRATCH/t"
seal "$S1"
hl unpack --quiet --from "$S1" --target "$SCRATCH/t"; mutate "$SCRATCH/t"
crane_zstd_install "$CZ" "$SCRATCH/t" "$S1"; rm -rf "$SCRATCH/t"
expect_eq "$(readlink "$CZ/target.tar.zst.prev")" "$S1" "fixture: crane's .prev to a directory"
zstd -d -q --stdout "$CZ/target.tar.zst" | tar -tv > "$SCRATCH/list"
grep -q "^l.* -> $S1/target/" "$SCRATCH/list" || fail "fixture: the crane layer holds no links into the heirloom output"
seal "$CZ"
# crane's inherit ignores a .prev directory; the oracle is the parent's tree
# with crane's extraction of the layer on top.
hl unpack --quiet --from "$S1" --target "$SCRATCH/oracle-cz" --materialize '*'
zstd -d "$CZ/target.tar.zst" --stdout 2>/dev/null | tar -x -C "$SCRATCH/oracle-cz"
check_unpack "$CZ" "$SCRATCH/oracle-cz" "crane layer on a heirloom symlinks output"

note "heirloom zstd layer on top of a heirloom symlinks output"
HS=$(store_path hs)
hl unpack --quiet --from "$S1" --target "$SCRATCH/t"; mutate "$SCRATCH/t"
hl pack --quiet --mode zstd --prev "$S1" --target "$SCRATCH/t" --out "$HS" 2> "$SCRATCH/log"; rm -rf "$SCRATCH/t"
expect_eq "$(readlink "$HS/target.tar.zst.prev")" "$S1" ".prev on a symlinks parent"
zstd -d -q --stdout "$HS/target.tar.zst" | tar -t > "$SCRATCH/list"
[ "$(grep -vc '/$' "$SCRATCH/list")" -lt 10 ] || fail "layer on a symlinks parent is not incremental: $(grep -v '/$' "$SCRATCH/list" | head -5)"
seal "$HS"
hl unpack --quiet --from "$S1" --target "$SCRATCH/oracle-hs" --materialize '*'
zstd -d "$HS/target.tar.zst" --stdout 2>/dev/null | tar -x -C "$SCRATCH/oracle-hs"
check_unpack "$HS" "$SCRATCH/oracle-hs" "heirloom layer on a heirloom symlinks output"

note "ok: crane's use-zstd and use-symlink chains, bare .tar.zst, and every mix read the same as crane's inherit"
