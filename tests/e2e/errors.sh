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
