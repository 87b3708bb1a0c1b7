# Regenerates tests/data/golden/outputs/ and expected/: golden outputs of every
# form heirloom reads and invalid ones, each with its expected tree listing
# (.tree) or its expected one-line error (.error). tests/data/golden/README.md
# says what each is; tests/e2e/golden.sh and golden-bytes.sh read them.
#
# Usage: HEIRLOOM=build/heirloom bash tests/data/golden/regen.sh
# Needs GNU tar, zstd and python3 (crane's forms are made with crane's own tar
# and zstd commands). Builds everything at the fixed store path of lib.sh,
# then copies it here. Before writing a listing, checks that heirloom's unpack
# (with --materialize '*') holds the same paths and contents as an oracle made
# without heirloom: the packed input tree, or crane's own inherit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HEIRLOOM=${HEIRLOOM:-build/heirloom}
HEIRLOOM=$(realpath "$HEIRLOOM")
[ -x "$HEIRLOOM" ] || { echo "regen.sh: no heirloom binary at '$HEIRLOOM' (set HEIRLOOM)" >&2; exit 1; }
for p in tar zstd python3 flock; do
  command -v $p >/dev/null || { echo "regen.sh: '$p' is missing" >&2; exit 1; }
done
tar --version | grep -q 'GNU tar' || { echo "regen.sh: GNU tar is needed" >&2; exit 1; }

exec 9> "$GOLDEN_LOCK"
flock 9
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" "$GOLDEN_ROOT" 2>/dev/null; rm -rf "$WORK" "$GOLDEN_ROOT"' EXIT
chmod -R u+w "$GOLDEN_ROOT" 2>/dev/null || true
rm -rf "$GOLDEN_ROOT"
mkdir -p "$GOLDEN_STORE"
hl() { local cmd=$1; shift; "$HEIRLOOM" "$cmd" --store-dir "$GOLDEN_STORE" --quiet --jobs 1 "$@"; }
P() { golden_path "$1"; }
seal() { chmod -R a-w "$1"; }
# never_packed DIR: drops what heirloom never hands down (an oracle's view).
never_packed() { rm -f "$1/.rustc_info.json"; find "$1" -name '.cargo*lock' -delete; }
# contents DIR: path and content hash of every file, seen through links (a
# relative link may become a link into the store: pack keeps a link that
# resolves into the store as a link to its final file).
contents() {
  (cd "$1" && find -L . -mindepth 1 -type f -printf '%P\0' | sort -z | xargs -0r sha256sum | sort -k2)
}

# --- heirloom symlinks: a first output and a second one on top of it
make_tree "$WORK/s1"; cp -a "$WORK/s1" "$WORK/oracle-heirloom-symlinks-1"
hl pack --mode symlinks --target "$WORK/s1" --out "$(P heirloom-symlinks-1)"; seal "$(P heirloom-symlinks-1)"
hl unpack --from "$(P heirloom-symlinks-1)" --target "$WORK/s2"; mutate "$WORK/s2" 2
cp -a "$WORK/s2" "$WORK/oracle-heirloom-symlinks-2"
hl pack --mode symlinks --prev "$(P heirloom-symlinks-1)" --target "$WORK/s2" --out "$(P heirloom-symlinks-2)"
seal "$(P heirloom-symlinks-2)"

# --- heirloom zstd (format 2): a full layer and an incremental one
make_tree "$WORK/h1"; cp -a "$WORK/h1" "$WORK/oracle-heirloom-zstd-1"
hl pack --mode zstd --target "$WORK/h1" --out "$(P heirloom-zstd-1)"; seal "$(P heirloom-zstd-1)"
hl unpack --from "$(P heirloom-zstd-1)" --target "$WORK/h2"; mutate "$WORK/h2" 2
cp -a "$WORK/h2" "$WORK/oracle-heirloom-zstd-2"
hl pack --mode zstd --prev "$(P heirloom-zstd-1)" --target "$WORK/h2" --out "$(P heirloom-zstd-2)"
seal "$(P heirloom-zstd-2)"

# --- crane use-zstd: a full archive and an incremental layer (.prev to it)
make_tree "$WORK/z1"
crane_zstd_install "$(P crane-zstd-1)" "$WORK/z1" "" "$WORK"; seal "$(P crane-zstd-1)"
crane_inherit "$(P crane-zstd-1)/target.tar.zst" "$WORK/z2"; mutate "$WORK/z2" 2
crane_zstd_install "$(P crane-zstd-2)" "$WORK/z2" "$(P crane-zstd-1)" "$WORK"; seal "$(P crane-zstd-2)"
crane_inherit "$(P crane-zstd-1)/target.tar.zst" "$WORK/oracle-crane-zstd-1"
crane_inherit "$(P crane-zstd-2)/target.tar.zst" "$WORK/oracle-crane-zstd-2"
# a bare .tar.zst: crane's full archive under another name, no heirloom.json
mkdir -p "$(P crane-bare)"; cp "$(P crane-zstd-1)/target.tar.zst" "$(P crane-bare)/layer.tar.zst"; seal "$(P crane-bare)"
cp -a "$WORK/oracle-crane-zstd-1" "$WORK/oracle-crane-bare"
cp -a "$WORK/oracle-crane-zstd-2" "$WORK/oracle-crane-zstd-2-bare"

# --- crane use-symlink: three generations, the third linking to links
mkdir -p "$WORK/d1"; make_tree "$WORK/d1/target"
crane_symlink_install "$(P crane-symlink-1)" "$WORK/d1/target" /dev/null; seal "$(P crane-symlink-1)"
prev=crane-symlink-1
for n in 2 3; do
  mkdir -p "$WORK/d$n"
  cp -r --dereference --no-target-directory --preserve=timestamps "$(P $prev)/target" "$WORK/d$n/target"
  chmod -R u+w "$WORK/d$n/target"; find "$WORK/d$n/target" -name '.cargo*lock' -delete
  mutate "$WORK/d$n/target" "$n"
  crane_symlink_install "$(P crane-symlink-$n)" "$WORK/d$n/target" "$(P $prev)/target"; seal "$(P crane-symlink-$n)"
  cp -r --dereference --no-target-directory "$(P crane-symlink-$n)/target" "$WORK/oracle-crane-symlink-$n"
  prev=crane-symlink-$n
done
cp -r --dereference --no-target-directory "$(P crane-symlink-1)/target" "$WORK/oracle-crane-symlink-1"
[ -L "$(readlink "$(P crane-symlink-3)/target/release/deps/liba-0123456789abcdef.rlib")" ] \
  || { echo "regen.sh: crane-symlink-3 holds no link to a link" >&2; exit 1; }

# --- invalid outputs, each wrong in one way
bad_copy() {  # bad_copy NAME FROM: a writable copy of a good output
  cp -a "$(P "$2")" "$(P "$1")"; chmod -R u+w "$(P "$1")"
}
bad_copy bad-json-truncated heirloom-symlinks-1; printf '{"format": ' > "$(P bad-json-truncated)/heirloom.json"
bad_copy bad-json-format heirloom-symlinks-1; sed -i 's/"format": 2/"format": 7/' "$(P bad-json-format)/heirloom.json"
bad_copy bad-json-mode heirloom-symlinks-1; sed -i 's/"mode": "symlinks"/"mode": "zstd"/' "$(P bad-json-mode)/heirloom.json"
bad_copy bad-count-files heirloom-symlinks-1; sed -i 's/"files": \([0-9]*\),/"files": 1\1,/' "$(P bad-count-files)/heirloom.json"
bad_copy bad-count-dirs heirloom-zstd-1; sed -i 's/"dirs": \([0-9]*\),/"dirs": 1\1,/' "$(P bad-count-dirs)/heirloom.json"
bad_copy bad-refs-missing heirloom-symlinks-2; : > "$(P bad-refs-missing)/references"
bad_copy bad-refs-extra heirloom-symlinks-1; echo "$(P heirloom-symlinks-2)" > "$(P bad-refs-extra)/references"
bad_copy bad-refs-unterminated heirloom-zstd-2; printf '%s' "$(P heirloom-zstd-1)" > "$(P bad-refs-unterminated)/references"
bad_copy bad-index-missing heirloom-zstd-1; rm "$(P bad-index-missing)/target.index"
bad_copy bad-index-short heirloom-zstd-1
python3 - "$(P bad-index-short)" <<'PY'
import json, sys
d = sys.argv[1]
recs = open(d + "/target.index", "rb").read().split(b"\0")[:-1]
recs = [r for r in recs if not r.endswith(b" release/deps/liba-0123456789abcdef.rlib")]
open(d + "/target.index", "wb").write(b"".join(r + b"\0" for r in recs))
m = json.load(open(d + "/heirloom.json"))
m["files"] -= 1
open(d + "/heirloom.json", "w").write(json.dumps(m, indent=2) + "\n")
PY
bad_copy bad-zstd-checksum heirloom-zstd-1
python3 - "$(P bad-zstd-checksum)/target.tar.zst" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[-1] ^= 0xff; open(p, "wb").write(b)
PY
bad_copy bad-zstd-truncated heirloom-zstd-1
python3 - "$(P bad-zstd-truncated)/target.tar.zst" <<'PY'
import sys
p = sys.argv[1]; b = open(p, "rb").read(); open(p, "wb").write(b[: len(b) // 2])
PY
mkdir -p "$(P bad-zstd-garbage)"; printf '\x28\xb5\x2f\xfdnot a zstd frame at all' > "$(P bad-zstd-garbage)/target.tar.zst"
bad_copy bad-prev-dangling crane-zstd-2; ln -sfn "$(P gone)/target.tar.zst" "$(P bad-prev-dangling)/target.tar.zst.prev"
bad_copy bad-prev-loop crane-zstd-2; ln -sfn "$(P bad-prev-loop)" "$(P bad-prev-loop)/target.tar.zst.prev"
bad_copy bad-crane-dir-outside crane-symlink-1; ln -sfn /etc/passwd "$(P bad-crane-dir-outside)/target/release/deps/liba-0123456789abcdef.rlib"
bad_copy bad-crane-dir-dangling crane-symlink-2; ln -sfn "$(P gone)/target/x" "$(P bad-crane-dir-dangling)/target/release/deps/liba-0123456789abcdef.rlib"
# Hostile archives, entry by entry (python's tarfile, fixed mtimes and owners).
# tarball OUT_FILE ZSTD ENTRY...: each ENTRY "d NAME", "f NAME DATA",
# "l NAME TARGET", "h NAME TARGET" or "c NAME".
tarball() {
  python3 - "$@" <<'PY'
import io, sys, tarfile
out, zst, entries = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
    for e in entries:
        kind, name, *rest = e.split(" ", 2)
        i = tarfile.TarInfo(name); i.mtime = 1; i.mode = 0o644; data = None
        if kind == "d": i.type = tarfile.DIRTYPE; i.mode = 0o755
        elif kind == "l": i.type = tarfile.SYMTYPE; i.linkname = rest[0]; i.mode = 0o777
        elif kind == "h": i.type = tarfile.LNKTYPE; i.linkname = rest[0]
        elif kind == "c": i.type = tarfile.CHRTYPE
        else: data = rest[0].encode(); i.size = len(data)
        t.addfile(i, io.BytesIO(data) if data is not None else None)
open(out + (".raw" if zst else ""), "wb").write(buf.getvalue())
PY
  if [ "$2" = 1 ]; then zstd -q -19 --rm "$1.raw" -o "$1"; fi
}
mkdir -p "$(P bad-layer-dotdot)" "$(P bad-layer-absolute)" "$(P bad-layer-hardlink)" "$(P bad-layer-device)" \
         "$(P bad-layer-through-link)" "$(P bad-layer-link-outside)"
tarball "$(P bad-layer-dotdot)/target.tar.zst" 1 "d ./" "d ./release/" "f ./../escaped pwned"
tarball "$(P bad-layer-absolute)/target.tar.zst" 1 "d ./" "f /tmp/heirloom-golden/escaped pwned"
tarball "$(P bad-layer-hardlink)/target.tar.zst" 1 "d ./" "h ./release-app ./nothing-here"
tarball "$(P bad-layer-device)/target.tar.zst" 1 "d ./" "c ./dev"
tarball "$(P bad-layer-through-link)/target.tar.zst" 1 "d ./" "l ./d ." "f ./d/x pwned"
tarball "$(P bad-layer-link-outside)/target.tar.zst" 1 "d ./" "l ./p /etc/passwd"
for b in tar-dotdot tar-outside tar-file tar-relative-escape tar-duplicate tar-order; do
  bad_copy "bad-$b" heirloom-symlinks-1; rm "$(P "bad-$b")/symlinks.tar"
done
own=target/release/deps/liba-0123456789abcdef.rlib
tarball "$(P bad-tar-dotdot)/symlinks.tar" 0 "d target/" "l target/../escaped $own"
tarball "$(P bad-tar-outside)/symlinks.tar" 0 "d target/" "l target/p /etc/passwd"
tarball "$(P bad-tar-file)/symlinks.tar" 0 "d target/" "f target/f data"
tarball "$(P bad-tar-relative-escape)/symlinks.tar" 0 "d target/" "l target/p ../../../etc/passwd"
tarball "$(P bad-tar-duplicate)/symlinks.tar" 0 "d target/" "d target/release/" "l target/release/x target/release/x" "l target/release/x target/release/x"
tarball "$(P bad-tar-order)/symlinks.tar" 0 "d target/" "l target/release/x target/release/x" "d target/release/"
chmod -R a-w "$GOLDEN_STORE"/bad-* "$GOLDEN_STORE"/*-bad-* 2>/dev/null || true

# --- copy into the source tree, then record the expectations
rm -rf "$GOLDEN_DIR/outputs" "$GOLDEN_DIR/expected"
mkdir -p "$GOLDEN_DIR/outputs" "$GOLDEN_DIR/expected"
for d in "$GOLDEN_STORE"/*; do
  name=${d##*/}; name=${name#*-}
  [ "$d" = "$(P "$name")" ] || { echo "regen.sh: '$d' is not at its golden path" >&2; exit 1; }
  cp -a "$d" "$GOLDEN_DIR/outputs/$name"
done
chmod -R u+w "$GOLDEN_DIR/outputs"
(cd "$GOLDEN_DIR/outputs" && find . -type d -empty -printf '%P\n' | sort) > "$GOLDEN_DIR/empty-dirs"

: > "$GOLDEN_DIR/cases"
# valid CASE FROM ORACLE: record unpack's tree, after checking it against ORACLE.
valid() {
  local c=$1 from=$2 oracle=$WORK/oracle-$3
  echo "valid $c $from" >> "$GOLDEN_DIR/cases"
  # (a crane layer or dir hands .rustc_info.json down; heirloom never packs it)
  if [[ $c == crane-* ]]; then find "$oracle" -name '.cargo*lock' -delete; else never_packed "$oracle"; fi
  local src; src=$(golden_path "${from%%/*}")${from#"${from%%/*}"}
  hl unpack --from "$src" --target "$WORK/u-$c"
  hl unpack --from "$src" --target "$WORK/m-$c" --materialize '*'
  diff <(contents "$oracle") <(contents "$WORK/m-$c") \
    || { echo "regen.sh: $c: heirloom's unpack differs from the oracle" >&2; exit 1; }
  describe "$WORK/u-$c" > "$GOLDEN_DIR/expected/$c.tree"
}
# invalid CASE FROM [COMMAND]: record the one-line error.
invalid() {
  local c=$1 from=$2 cmd=${3:-unpack} src err
  echo "invalid $c $from $cmd" >> "$GOLDEN_DIR/cases"
  src=$(golden_path "${from%%/*}")${from#"${from%%/*}"}
  if [ "$cmd" = unpack ]; then
    if "$HEIRLOOM" unpack --store-dir "$GOLDEN_STORE" --quiet --from "$src" --target "$GOLDEN_ROOT/bad-target" 2> "$WORK/err"; then
      echo "regen.sh: $c: unpack succeeded" >&2; exit 1
    fi
  else
    if "$HEIRLOOM" inspect --store-dir "$GOLDEN_STORE" "$src" > /dev/null 2> "$WORK/err"; then
      echo "regen.sh: $c: inspect succeeded" >&2; exit 1
    fi
  fi
  [ "$(wc -l < "$WORK/err")" = 1 ] || { echo "regen.sh: $c: not one line: $(cat "$WORK/err")" >&2; exit 1; }
  [ ! -e "$GOLDEN_ROOT/bad-target" ] || { echo "regen.sh: $c: a target dir was left" >&2; exit 1; }
  cp "$WORK/err" "$GOLDEN_DIR/expected/$c.error"
}
shopt -s extglob
valid heirloom-symlinks-1 heirloom-symlinks-1 heirloom-symlinks-1
valid heirloom-symlinks-2 heirloom-symlinks-2 heirloom-symlinks-2
valid heirloom-zstd-1 heirloom-zstd-1 heirloom-zstd-1
valid heirloom-zstd-2 heirloom-zstd-2 heirloom-zstd-2
valid crane-zstd-1 crane-zstd-1 crane-zstd-1
valid crane-zstd-2 crane-zstd-2 crane-zstd-2
valid crane-bare crane-bare/layer.tar.zst crane-bare
valid crane-zstd-2-bare crane-zstd-2/target.tar.zst crane-zstd-2-bare
valid crane-symlink-1 crane-symlink-1 crane-symlink-1
valid crane-symlink-2 crane-symlink-2 crane-symlink-2
valid crane-symlink-3 crane-symlink-3 crane-symlink-3
for d in "$GOLDEN_DIR"/outputs/bad-*; do
  invalid "${d##*/}" "${d##*/}"
done
invalid bad-json-truncated-inspect bad-json-truncated inspect
invalid bad-zstd-checksum-inspect bad-zstd-checksum inspect
echo "regen.sh: $(grep -c '^valid' "$GOLDEN_DIR/cases") golden and $(grep -c '^invalid' "$GOLDEN_DIR/cases") invalid cases, $(find "$GOLDEN_DIR/outputs" -type f -printf '%s\n' | awk '{s += $1} END {print int(s / 1024)}') KB of files in outputs/"
