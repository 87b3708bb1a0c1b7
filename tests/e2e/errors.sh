# Bad input: one clear line naming the path and the reason, exit 1 (2 for
# usage), and nothing half-written left behind.
source "$(dirname "$0")/../lib/common.sh"

run() {  # run EXPECTED_STATUS PATTERN -- heirloom args...
  local want=$1 pattern=$2; shift 3
  set +e
  "$HEIRLOOM" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
  local got=$?
  set -e
  [ "$got" == "$want" ] || fail "'heirloom $*' exited $got, expected $want: $(cat "$SCRATCH/err")"
  grep -qF -- "$pattern" "$SCRATCH/err" || fail "'heirloom $*': message lacks '$pattern': $(cat "$SCRATCH/err")"
  if [ "$want" == 1 ]; then
    expect_eq "$(wc -l < "$SCRATCH/err")" "1" "one-line error for 'heirloom $*'"
    grep -q '^heirloom: error: ' "$SCRATCH/err" || fail "error prefix: $(cat "$SCRATCH/err")"
  fi
}

run 2 "--target is required" -- pack
run 2 "--target" -- pack --out "$SCRATCH/o"
run 2 "--mode" -- pack --target "$SCRATCH" --out "$SCRATCH/o" --mode gzip
run 2 "" -- frobnicate
run 1 "$SCRATCH/nope" -- unpack --from "$SCRATCH/nope" --target "$SCRATCH/t"
[ ! -e "$SCRATCH/t" ] || fail "target created for a missing input"
mkdir "$SCRATCH/empty"
run 1 "not an artifacts output" -- unpack --from "$SCRATCH/empty" --target "$SCRATCH/t"
[ ! -e "$SCRATCH/t" ] || fail "target created for a non-artifacts input"
run 1 "reading target dir '$SCRATCH/missing'" -- pack --target "$SCRATCH/missing" --out "$SCRATCH/o"
[ ! -e "$SCRATCH/o" ] || fail "output created for a missing target"

# An unreadable file in the target dir (as an unprivileged user, since root reads anything).
mkdir -p "$SCRATCH/tgt/release/deps"
echo a > "$SCRATCH/tgt/release/deps/liba-0.rlib"
echo b > "$SCRATCH/tgt/release/deps/libb-0.rlib"
chmod 000 "$SCRATCH/tgt/release/deps/libb-0.rlib"
chown -R nobody "$SCRATCH/tgt"
mkdir -p "$SCRATCH/outs" && chown nobody "$SCRATCH/outs"
set +e
setpriv --reuid=nobody --regid=nogroup --clear-groups "$HEIRLOOM" pack --mode zstd --target "$SCRATCH/tgt" --out "$SCRATCH/outs/o" 2> "$SCRATCH/err"
st=$?
set -e
expect_eq "$st" "1" "pack of an unreadable file"
expect_contains "$SCRATCH/err" "libb-0.rlib': Permission denied" "unreadable file message"
[ ! -e "$SCRATCH/outs/o" ] || fail "partial output left behind: $(ls -R "$SCRATCH/outs/o")"

# A dangling link in the target dir.
mkdir -p "$SCRATCH/tgt2/release"
ln -s "$(store_path gone)/target/x" "$SCRATCH/tgt2/release/x"
run 1 "dangling link" -- pack --store-dir "$STORE" --target "$SCRATCH/tgt2" --out "$SCRATCH/o2"
[ ! -e "$SCRATCH/o2" ] || fail "output left behind after a dangling link"

# A garbage-collected parent: the links of a symlinks output dangle.
mkdir -p "$SCRATCH/tgt3/release/deps"; echo x > "$SCRATCH/tgt3/release/deps/libx-0.rlib"
P=$(store_path parent)
hl pack --quiet --target "$SCRATCH/tgt3" --out "$P"
rm -rf "$P/target"
run 1 "dangling link in artifacts" -- unpack --store-dir "$STORE" --from "$P" --target "$SCRATCH/t3"
[ ! -e "$SCRATCH/t3" ] || fail "half-made target dir after a dangling input"
run 1 "do not resolve" -- inspect --store-dir "$STORE" "$P"

# Hostile or inconsistent outputs: each refused in one line naming the path,
# before a target dir exists.
refuse() {  # refuse PATTERN ARTIFACTS
  run 1 "$1" -- unpack --store-dir "$STORE" --from "$2" --target "$SCRATCH/bad-t"
  [ ! -e "$SCRATCH/bad-t" ] || fail "target left behind for '$2'"
}
need zstd zstd
python3 - "$SCRATCH/dotdot.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
    for name, data in (("./", None), ("./release/", None), ("./../x", b"pwned")):
        i = tarfile.TarInfo(name)
        if data is None:
            i.type = tarfile.DIRTYPE
            t.addfile(i)
        else:
            i.size = len(data)
            t.addfile(i, io.BytesIO(data))
PY
B1=$(store_path bad-dotdot); mkdir -p "$B1"; zstd -q "$SCRATCH/dotdot.tar" -o "$B1/target.tar.zst"
refuse "'$B1/target.tar.zst'" "$B1"
expect_contains "$SCRATCH/err" "./../x" "the entry is named"
[ ! -e "$SCRATCH/x" ] || fail "an entry escaped"

mkdir -p "$SCRATCH/gt/release/deps"; echo a > "$SCRATCH/gt/release/deps/liba-0.rlib"
B2=$(store_path bad-loop); mkdir -p "$B2"
tar -C "$SCRATCH/gt" -c . | zstd -q -o "$B2/target.tar.zst"
ln -s "$B2" "$B2/target.tar.zst.prev"
refuse "loops back on itself" "$B2"
expect_contains "$SCRATCH/err" "$B2" "the loop is named"
B3=$(store_path bad-missing); mkdir -p "$B3"; cp "$B2/target.tar.zst" "$B3/"
ln -s "$(store_path gone)" "$B3/target.tar.zst.prev"
refuse "'$B3/target.tar.zst.prev': No such file or directory" "$B3"

cp -a "$SCRATCH/gt" "$SCRATCH/gt2"
G=$(store_path good-symlinks); hl pack --quiet --target "$SCRATCH/gt2" --out "$G"
cp -a "$G" "$(store_path bad-json)"; B4=$(store_path bad-json)
printf '{"format": ' > "$B4/heirloom.json"
refuse "'$B4/heirloom.json': malformed heirloom.json" "$B4"
cp -a "$G" "$(store_path bad-format)"; B5=$(store_path bad-format)
sed -i 's/"format": 2/"format": 7/' "$B5/heirloom.json"
refuse "'$B5/heirloom.json': format 7 is not supported" "$B5"
cp -a "$G" "$(store_path bad-mode)"; B6=$(store_path bad-mode)
sed -i 's/"mode": "symlinks"/"mode": "zstd"/' "$B6/heirloom.json"
refuse "'$B6/heirloom.json': says mode 'zstd'" "$B6"
cp -a "$G" "$(store_path bad-count)"; B7=$(store_path bad-count)
sed -i 's/"files": 1,/"files": 2,/' "$B7/heirloom.json"
refuse "'$B7/heirloom.json': says 2 files" "$B7"
cp -a "$G" "$(store_path bad-refs)"; B8=$(store_path bad-refs)
echo "$(store_path unrelated)" > "$B8/references"
refuse "'$B8/references': lists '$(store_path unrelated)'" "$B8"
# A second generation links into the first: its references must say so.
hl unpack --quiet --from "$G" --target "$SCRATCH/gt3"; echo b > "$SCRATCH/gt3/release/deps/libb-0.rlib"
G2=$(store_path good-second); hl pack --quiet --prev "$G" --target "$SCRATCH/gt3" --out "$G2"
expect_eq "$(cat "$G2/references")" "$G" "references of a second generation"
cp -a "$G2" "$(store_path bad-norefs)"; B9=$(store_path bad-norefs)
: > "$B9/references"
refuse "'$B9/references': does not list '$G'" "$B9"

# A full disk while packing: a 1 MiB tmpfs as the output file system.
if mount -t tmpfs -o size=1m heirloom-test "$SCRATCH/outs" 2>/dev/null; then
  example_target "$SCRATCH/big"
  run 1 "No space left on device" -- pack --mode zstd --zstd-level 1 --target "$SCRATCH/big" --out "$SCRATCH/outs/full"
  [ -z "$(ls -A "$SCRATCH/outs")" ] || { ls -la "$SCRATCH/outs"; umount "$SCRATCH/outs"; fail "partial output on a full disk"; }
  # symlinks mode moves across file systems by copying: DIR must stay complete.
  describe_tree "$SCRATCH/big" > "$SCRATCH/big.before"
  run 1 "No space left on device" -- pack --target "$SCRATCH/big" --out "$SCRATCH/outs/full"
  describe_tree "$SCRATCH/big" > "$SCRATCH/big.after"
  umount "$SCRATCH/outs"
  diff -q "$SCRATCH/big.before" "$SCRATCH/big.after" >/dev/null || fail "DIR changed by a failed pack"
else
  fail "mounting a tmpfs failed: run the tests as root (mount is needed for the full-disk case)"
fi
note "ok: every bad input gave one line and left nothing behind"
