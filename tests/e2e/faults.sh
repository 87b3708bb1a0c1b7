# Fault injection: hostile target dirs for pack, interrupted and concurrent
# unpacks. Each case ends in either a correct output or one clear error line
# with no partial OUT (and, for pack, the target dir as it was). The observed
# result of each case goes to build/faults.txt (docs/ARCHITECTURE.md's table).
source "$(dirname "$0")/../lib/common.sh"
REPORT=$BUILD_ROOT/faults.txt
: > "$REPORT"
observed() { echo "$1|$2" >> "$REPORT"; note "$1: $2"; }

# pack_case NAME MODE DIR OUT: runs pack; sets ST and ERR (the stderr text).
pack_case() {
  set +e
  "$HEIRLOOM" pack --quiet --store-dir "$STORE" --mode "$2" --target "$3" --out "$4" 2> "$SCRATCH/err"
  ST=$?
  set -e
  ERR=$(cat "$SCRATCH/err")
}
# One line "heirloom: error: '<path>': <reason>" naming PATH, and no OUT.
expect_clean_error() {
  local name=$1 out=$2 path=$3
  expect_eq "$ST" 1 "$name: exit status"
  expect_eq "$(wc -l < "$SCRATCH/err")" 1 "$name: one error line ($ERR)"
  case $ERR in "heirloom: error: "*"$path"*) ;; *) fail "$name: the error does not name '$path': $ERR" ;; esac
  [ ! -e "$out" ] || fail "$name: a partial output was left: $(find "$out" | head -5)"
}
small_target() {
  rm -rf "$1"
  mkdir -p "$1/release/deps" "$1/release/.fingerprint/a-0"
  head -c 20000 /dev/urandom > "$1/release/deps/liba-0.rlib"
  echo fp > "$1/release/.fingerprint/a-0/lib-a"
}

# 1. Disk full: OUT on a 2 MB tmpfs, 4 MB of incompressible data.
need mount "mount (util-linux)"
mkdir -p "$SCRATCH/small"
mount -t tmpfs -o size=2m tmpfs "$SCRATCH/small" || fail "mounting a tmpfs failed (the test runs as root)"
trap 'umount "$SCRATCH/small" 2>/dev/null; cleanup' EXIT
for mode in zstd symlinks; do
  small_target "$SCRATCH/full"
  head -c 4000000 /dev/urandom > "$SCRATCH/full/release/deps/libbig-0.rlib"
  before=$(describe_tree "$SCRATCH/full")
  pack_case disk-full "$mode" "$SCRATCH/full" "$SCRATCH/small/out"
  expect_clean_error "disk full ($mode)" "$SCRATCH/small/out" "$SCRATCH/small/out"
  case $ERR in *"No space left on device"*) ;; *) fail "disk full ($mode): reason missing: $ERR" ;; esac
  [ "$(describe_tree "$SCRATCH/full")" == "$before" ] || fail "disk full ($mode): the target dir was not put back as it was"
  [ -z "$(ls -A "$SCRATCH/small")" ] || fail "disk full ($mode): leftovers on the full file system: $(ls -A "$SCRATCH/small")"
  observed "pack, $mode, OUT on a full file system" "one error line (No space left on device), no OUT, target dir unchanged"
done

# 2. An unreadable file (as nobody: root reads anything).
small_target "$SCRATCH/unr"
chmod 000 "$SCRATCH/unr/release/deps/liba-0.rlib"
chown -R nobody "$SCRATCH/unr"
mkdir -p "$SCRATCH/outs" && chown nobody "$SCRATCH/outs"
for mode in zstd symlinks; do
  set +e
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$HEIRLOOM" pack --quiet --mode "$mode" --target "$SCRATCH/unr" --out "$SCRATCH/outs/o" 2> "$SCRATCH/err"
  ST=$?
  set -e
  ERR=$(cat "$SCRATCH/err")
  if [ "$ST" = 0 ]; then
    # symlinks mode moves files without reading them: a correct output is fine.
    [ "$mode" = symlinks ] || fail "unreadable file ($mode): pack succeeded"
    [ -e "$SCRATCH/outs/o/target/release/deps/liba-0.rlib" ] || fail "unreadable file: not moved into OUT"
    observed "pack, symlinks, an unreadable file" "correct output (files are moved, not read)"
    rm -rf "$SCRATCH/outs/o"
  else
    expect_clean_error "unreadable file ($mode)" "$SCRATCH/outs/o" "liba-0.rlib"
    observed "pack, $mode, an unreadable file" "one error line (Permission denied), no OUT"
  fi
done

# 3. Hard links: two names of one file.
small_target "$SCRATCH/hard"
ln "$SCRATCH/hard/release/deps/liba-0.rlib" "$SCRATCH/hard/release/liba.rlib"
want=$(describe_tree "$SCRATCH/hard")
for mode in zstd symlinks; do
  small_target "$SCRATCH/hard"; ln "$SCRATCH/hard/release/deps/liba-0.rlib" "$SCRATCH/hard/release/liba.rlib"
  cp "$SCRATCH/hard/release/deps/liba-0.rlib" "$SCRATCH/hard-content"
  out=$(store_path "hard-$mode")
  pack_case hardlink "$mode" "$SCRATCH/hard" "$out"
  expect_eq "$ST" 0 "hard link ($mode): $ERR"
  rm -rf "$SCRATCH/rt"
  "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/rt"
  cmp -s "$SCRATCH/rt/release/liba.rlib" "$SCRATCH/hard-content" && cmp -s "$SCRATCH/rt/release/deps/liba-0.rlib" "$SCRATCH/hard-content" \
    || fail "hard link ($mode): a name lost its content"
  observed "pack, $mode, a hard link (two names, one inode)" "correct output: both names unpack with the content"
done

# 4. A FIFO and a socket (a build script could leave one in OUT_DIR): not
# files cargo reads back, so pack skips them with a warning naming each and
# the output is correct without them. A dangling link: one clear error.
for kind in fifo socket dangling; do
  for mode in zstd symlinks; do
    small_target "$SCRATCH/odd"
    case $kind in
      fifo) mkfifo "$SCRATCH/odd/release/pipe"; name=pipe ;;
      socket) python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$SCRATCH/odd/release/sock"; name=sock ;;
      dangling) ln -s "$SCRATCH/nowhere" "$SCRATCH/odd/release/dangle"; name=dangle ;;
    esac
    out=$(store_path "odd-$kind-$mode")
    pack_case "$kind" "$mode" "$SCRATCH/odd" "$out"
    if [ $kind = dangling ]; then
      expect_clean_error "$kind ($mode)" "$out" "release/$name"
      [ -e "$SCRATCH/odd/release/deps/liba-0.rlib" ] || fail "$kind ($mode): the target dir lost a file"
      observed "pack, $mode, a dangling symlink in the target dir" "one error line naming it ($(echo "$ERR" | sed 's/.*: //')), no OUT, target dir unchanged"
      continue
    fi
    expect_eq "$ST" 0 "$kind ($mode): $ERR"
    case $ERR in "heirloom: warning: skipping '$SCRATCH/odd/release/$name'"*) ;; *) fail "$kind ($mode): no warning naming it: $ERR" ;; esac
    rm -rf "$SCRATCH/rt"
    "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/rt" 2> "$SCRATCH/err" \
      || fail "$kind ($mode): the output does not unpack: $(cat "$SCRATCH/err")"
    [ -f "$SCRATCH/rt/release/deps/liba-0.rlib" ] && [ ! -e "$SCRATCH/rt/release/$name" ] \
      || fail "$kind ($mode): the unpacked tree is not the target dir without the $kind"
    observed "pack, $mode, a $kind in the target dir" "correct output without it, one warning line naming it"
  done
done

# 5. Names with a newline and with non-UTF-8 bytes.
# same_tree A B: the same names (as bytes) and contents, seen through links.
same_tree() {
  python3 - "$1" "$2" <<'PY'
import os, sys
def walk(root):
    root = os.fsencode(root)
    out = {}
    for d, dirs, files in os.walk(root):
        for f in files:
            full = os.path.join(d, f)
            out[os.path.relpath(full, root)] = open(full, "rb").read()
    return out
sys.exit(0 if walk(sys.argv[1]) == walk(sys.argv[2]) else 1)
PY
}
for mode in zstd symlinks; do
  small_target "$SCRATCH/names"
  printf 'n' > "$SCRATCH/names/release/$(printf 'new\nline')"
  printf 'b' > "$SCRATCH/names/release/$(printf 'bad\xff\xfebytes')"
  cp -a "$SCRATCH/names" "$SCRATCH/names-copy"
  out=$(store_path "names-$mode")
  pack_case names "$mode" "$SCRATCH/names" "$out"
  expect_eq "$ST" 0 "odd names ($mode): $ERR"
  rm -rf "$SCRATCH/rt"
  "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/rt" 2> "$SCRATCH/err" \
    || fail "odd names ($mode): unpacking failed: $(cat "$SCRATCH/err")"
  same_tree "$SCRATCH/rt" "$SCRATCH/names-copy" || fail "odd names ($mode): the unpacked names or contents differ"
  rm -rf "$SCRATCH/names-copy"
  observed "pack, $mode, names with a newline and non-UTF-8 bytes" "correct output: the names unpack byte for byte"
done

# 6. A 4000-byte relative path (16 components of 249 bytes).
for mode in zstd symlinks; do
  small_target "$SCRATCH/long"
  rel=release
  for i in $(seq 1 16); do rel="$rel/$(printf "%0249d" "$i")"; done
  (cd "$SCRATCH/long" && python3 -c 'import os, sys; p = sys.argv[1]; os.makedirs(os.path.dirname(p), exist_ok=True); open(p, "w").write("deep")' "$rel")
  out=$(store_path "long-$mode")
  pack_case long "$mode" "$SCRATCH/long" "$out"
  if [ "$ST" = 0 ]; then
    rm -rf "$SCRATCH/rt"
    set +e
    "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/rt" 2> "$SCRATCH/err"
    ust=$?
    set -e
    if [ "$ust" = 0 ]; then
      got=$(cd "$SCRATCH/rt" && python3 -c 'import sys; print(open(sys.argv[1]).read())' "$rel")
      expect_eq "$got" deep "4000-byte path ($mode): content"
      observed "pack and unpack, $mode, a 4000-byte path" "correct output and unpack"
    else
      expect_eq "$(wc -l < "$SCRATCH/err")" 1 "4000-byte path ($mode): one unpack error line"
      [ ! -e "$SCRATCH/rt" ] || fail "4000-byte path ($mode): half-made target after a failed unpack"
      observed "pack, $mode, a 4000-byte path" "correct output; unpack: one error line ($(sed 's/.*: //' "$SCRATCH/err")), no target dir"
    fi
  else
    expect_clean_error "4000-byte path ($mode)" "$out" "$SCRATCH/long"
    observed "pack, $mode, a 4000-byte path" "one error line ($(echo "$ERR" | sed 's/.*: //')), no OUT"
  fi
done

# 7. Files that vanish or grow while pack walks and reads the tree: a
# correct output (of some consistent view) or one clear error, never a
# broken output.
churn_target() {
  small_target "$1"
  for i in $(seq 1 200); do head -c 3000 /dev/urandom > "$1/release/deps/f$i.rlib"; done
}
for what in vanish grow; do
  for mode in zstd symlinks; do
    ok=0 errs=0
    for round in $(seq 1 10); do
      churn_target "$SCRATCH/churn"
      ( for i in $(seq 1 200); do
          if [ $what = vanish ]; then rm -f "$SCRATCH/churn/release/deps/f$i.rlib"; else head -c 5000 /dev/urandom >> "$SCRATCH/churn/release/deps/f$i.rlib"; fi
        done ) &
      churner=$!
      out=$(store_path "churn-$what-$mode-$round")
      pack_case churn "$mode" "$SCRATCH/churn" "$out"
      wait "$churner" || true
      if [ "$ST" = 0 ]; then
        rm -rf "$SCRATCH/rt"
        "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/rt" 2> "$SCRATCH/err" \
          || fail "$what ($mode): pack succeeded but its output does not unpack: $(cat "$SCRATCH/err")"
        ok=$((ok + 1))
      else
        expect_clean_error "$what ($mode)" "$out" "$SCRATCH"
        errs=$((errs + 1))
      fi
    done
    observed "pack, $mode, files that ${what} during the walk (10 rounds)" "$ok correct outputs, $errs one-line errors with no OUT"
  done
done

# 8. unpack killed (SIGKILL) at random points: never a half-made target,
# and a rerun completes. Trees are compared by tree_sig (names, types, link
# targets, contents and modes; fast enough to run every round).
tree_sig() {
  python3 - "$1" <<'PY'
import hashlib, os, stat, sys
root = os.fsencode(sys.argv[1])
h = hashlib.sha256()
for d, dirs, files in sorted(os.walk(root)):
    dirs.sort()
    for name in sorted(dirs + files):
        full = os.path.join(d, name)
        st = os.lstat(full)
        h.update(os.path.relpath(full, root) + b"\0" + str(stat.S_IFMT(st.st_mode)).encode())
        if stat.S_ISLNK(st.st_mode):
            h.update(os.readlink(full))
        elif stat.S_ISREG(st.st_mode):
            h.update(open(full, "rb").read() + str(st.st_mode & 0o777).encode())
print(h.hexdigest())
PY
}
small_target "$SCRATCH/big"
for i in $(seq 1 600); do echo "fingerprint $i" > "$SCRATCH/big/release/.fingerprint/a-0/f$i"; done
for i in $(seq 1 300); do head -c 3000 /dev/urandom > "$SCRATCH/big/release/deps/f$i.rlib"; done
for mode in symlinks zstd; do
  cp -a "$SCRATCH/big" "$SCRATCH/big-$mode"
  out=$(store_path "kill-$mode")
  "$HEIRLOOM" pack --quiet --store-dir "$STORE" --mode "$mode" --target "$SCRATCH/big-$mode" --out "$out"
  rm -rf "$SCRATCH/ref-$mode"
  "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/ref-$mode"
  want=$(tree_sig "$SCRATCH/ref-$mode")
  complete=0 absent=0 leftovers=0
  for round in $(seq 1 20); do
    rm -rf "$SCRATCH/kt"
    "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/kt" 2>/dev/null &
    pid=$!
    sleep "$(printf '0.%03d' $((RANDOM % 150)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -e "$SCRATCH/kt" ]; then
      expect_eq "$(tree_sig "$SCRATCH/kt")" "$want" "unpack killed ($mode, round $round): the target dir that exists"
      complete=$((complete + 1))
    else
      absent=$((absent + 1))
    fi
    # (a SIGKILL leaves the killed run's hidden staging dir beside the target)
    leftovers=$((leftovers + $(find "$SCRATCH" -maxdepth 1 -name '.kt.heirloom-*' | wc -l)))
    # The rerun, over whatever the killed run left beside the target: it
    # removes the dead run's staging dir (tests/e2e/gc-staging.sh has the rest).
    rm -rf "$SCRATCH/kt"
    "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/kt" 2> "$SCRATCH/err" \
      || fail "unpack killed ($mode, round $round): the rerun failed: $(cat "$SCRATCH/err")"
    expect_eq "$(tree_sig "$SCRATCH/kt")" "$want" "unpack killed ($mode, round $round): the rerun's tree"
    expect_eq "$(find "$SCRATCH" -maxdepth 1 -name '.kt.heirloom-*')" "" "unpack killed ($mode, round $round): staging dirs left after the rerun"
  done
  observed "unpack, $mode, SIGKILL at a random point (20 rounds)" "target absent $absent times, complete $complete times, never half made; every rerun correct; $leftovers killed runs left a hidden staging dir, each removed by the rerun"

  # 9. Two unpacks of one output into different targets at once.
  rm -rf "$SCRATCH/c1" "$SCRATCH/c2"
  "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/c1" & p1=$!
  "$HEIRLOOM" unpack --quiet --store-dir "$STORE" --from "$out" --target "$SCRATCH/c2" & p2=$!
  wait "$p1" || fail "concurrent unpack 1 ($mode) failed"
  wait "$p2" || fail "concurrent unpack 2 ($mode) failed"
  expect_eq "$(tree_sig "$SCRATCH/c1")" "$want" "concurrent unpack 1 ($mode)"
  expect_eq "$(tree_sig "$SCRATCH/c2")" "$want" "concurrent unpack 2 ($mode)"
  observed "unpack, $mode, two at once from one output" "both trees correct"
done
