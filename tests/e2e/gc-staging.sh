# Staging-dir liveness: an unpack locks (flock) its hidden staging dir
# `.NAME.heirloom-XXXXXX` from creation to commit. A killed unpack's dir is
# removed by the next unpack of that target and by `heirloom gc-staging`; a
# dir whose lock a live process holds is left alone, and so is anything
# else named like one (another target's, a link, a file, a near miss).
source "$(dirname "$0")/../lib/common.sh"
need flock "util-linux"
need setpriv "util-linux"

# An output whose unpack (every file copied, one job) runs long enough to be
# caught in the middle.
mkdir -p "$SCRATCH/src/release/deps" "$SCRATCH/src/release/.fingerprint/a-0"
for i in $(seq 1 600); do echo "fingerprint $i" > "$SCRATCH/src/release/.fingerprint/a-0/f$i"; done
for i in $(seq 1 300); do head -c 3000 /dev/urandom > "$SCRATCH/src/release/deps/f$i.rlib"; done
out=$(store_path big)
"$HEIRLOOM" pack --quiet --store-dir "$STORE" --target "$SCRATCH/src" --out "$out"
unpack_args=(unpack --quiet --jobs 1 --materialize '*' --store-dir "$STORE" --from "$out" --target)
UNPACK_KT=("$HEIRLOOM" "${unpack_args[@]}" "$SCRATCH/kt")
# Every name, type, mode and size, and all contents (one process each).
tree_sig() {
  (cd "$1" && find . -printf '%y %m %s %p\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256sum)
}
"$HEIRLOOM" "${unpack_args[@]}" "$SCRATCH/ref"
want=$(tree_sig "$SCRATCH/ref")
staging_dirs() { find "$SCRATCH" -maxdepth 1 -type d -name '.kt.heirloom-??????' ! -name '.kt.heirloom-Held42' | sort; }
locked() { ! flock -n "$1" true; }
held="$SCRATCH/.kt.heirloom-Held42"  # (made in 2)

# caught SIGNAL: starts an unpack of kt and sends it SIGNAL once its staging
# dir exists and is locked; sets PID and DIR. A few tries: an unpack may end
# before it is seen.
caught() {
  local try
  for try in $(seq 1 30); do
    rm -rf "$SCRATCH/kt"
    "${UNPACK_KT[@]}" 2>/dev/null &
    PID=$!
    DIR=
    while kill -0 "$PID" 2>/dev/null; do
      for DIR in "$SCRATCH"/.kt.heirloom-??????; do  # (a glob: no process per look)
        if [ "$DIR" != "$held" ] && [ -d "$DIR" ] && locked "$DIR"; then
          kill "-$1" "$PID"
          note "caught an unpack ($1) at try $try"
          return 0
        fi
      done
    done
    wait "$PID" 2>/dev/null || true
    rm -rf "$SCRATCH/kt"
  done
  fail "no unpack was caught with a locked staging dir in 30 tries (is the staging dir locked at all?)"
}

# 1. SIGKILL leaves the staging dir, unlocked.
caught KILL
wait "$PID" 2>/dev/null || true
killed=$DIR
[ -d "$killed" ] || fail "the killed unpack left no staging dir"
[ ! -e "$SCRATCH/kt" ] || fail "the killed unpack left a target dir"
locked "$killed" && fail "the killed unpack's staging dir is still locked"

# 2. A staging dir whose lock a live process holds, and look-alikes.
mkdir -p "$held/release" && echo x > "$held/release/f"
# (flock -o: the lock is flock's own, not inherited by the sleep it runs)
flock -o "$held" sleep 600 &
holder=$!
trap 'kill $holder $(pgrep -P $holder) 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do locked "$held" && break; sleep 0.05; done
locked "$held" || fail "flock did not take the lock of $held"
sleeper=$(pgrep -P "$holder")
mkdir -p "$SCRATCH/outside" && echo kept > "$SCRATCH/outside/keep"
lookalikes=(.kt.heirloom-abc .kt.heirloom-abcdefg .kt.heirloom-abcdef.old kt.heirloom-abcdef .kt2.heirloom-abcdef .other.heirloom-abcdef)
for n in "${lookalikes[@]}"; do mkdir -p "$SCRATCH/$n" && echo x > "$SCRATCH/$n/f"; done
ln -s "$SCRATCH/outside" "$SCRATCH/.kt.heirloom-Link12"
echo x > "$SCRATCH/.kt.heirloom-File12"
untouched() {
  [ -f "$held/release/f" ] || fail "$1: the staging dir whose lock is held was removed"
  local n
  for n in "${lookalikes[@]}"; do [ -f "$SCRATCH/$n/f" ] || fail "$1: '$n' (not a staging dir of kt) was touched"; done
  [ -L "$SCRATCH/.kt.heirloom-Link12" ] || fail "$1: a symlink named like a staging dir was removed"
  [ "$(cat "$SCRATCH/outside/keep")" == kept ] || fail "$1: a symlink named like a staging dir was followed"
  [ -f "$SCRATCH/.kt.heirloom-File12" ] || fail "$1: a file named like a staging dir was removed"
}

# 3. The next unpack of kt removes the killed run's dir, and only that.
"${UNPACK_KT[@]}" 2> "$SCRATCH/err" || fail "the unpack after a killed one failed: $(cat "$SCRATCH/err")"
expect_eq "$(tree_sig "$SCRATCH/kt")" "$want" "the unpack after a killed one"
[ ! -e "$killed" ] || fail "the next unpack left the killed run's staging dir $killed"
untouched "the next unpack"
expect_eq "$(staging_dirs)" "" "staging dirs left after the next unpack"

# 4. gc-staging removes a killed run's dir, and only that.
caught KILL
wait "$PID" 2>/dev/null || true
killed=$DIR
"$HEIRLOOM" gc-staging "$SCRATCH/kt" 2> "$SCRATCH/err" || fail "gc-staging failed: $(cat "$SCRATCH/err")"
expect_eq "$(cat "$SCRATCH/err")" "heirloom: removed 1 staging dirs of dead unpacks, left 1 in use" "gc-staging's line"
[ ! -e "$killed" ] || fail "gc-staging left the killed run's staging dir $killed"
untouched "gc-staging"

# 5. A stopped (live) unpack keeps its staging dir through gc-staging, then
# finishes.
caught STOP
stopped=$DIR
"$HEIRLOOM" gc-staging --quiet "$SCRATCH/kt" 2> "$SCRATCH/err" || { kill -CONT "$PID"; fail "gc-staging failed: $(cat "$SCRATCH/err")"; }
[ -d "$stopped" ] || { kill -CONT "$PID"; fail "gc-staging removed the staging dir of a live (stopped) unpack"; }
kill -CONT "$PID"
wait "$PID" || fail "the stopped unpack failed once continued"
expect_eq "$(tree_sig "$SCRATCH/kt")" "$want" "the stopped unpack's tree"
expect_eq "$(staging_dirs)" "" "staging dirs left after the stopped unpack"

# 6. Once its holder is gone, the held dir goes too.
kill "$sleeper" "$holder"
wait "$holder" 2>/dev/null || true
"$HEIRLOOM" gc-staging "$SCRATCH/kt" 2> "$SCRATCH/err" || fail "gc-staging failed: $(cat "$SCRATCH/err")"
expect_eq "$(cat "$SCRATCH/err")" "heirloom: removed 1 staging dirs of dead unpacks, left 0 in use" "gc-staging's line, holder gone"
[ ! -e "$held" ] || fail "gc-staging left a staging dir whose holder is gone"

# 7. As an unprivileged owner: read-only trees (store modes) are removed; what
# cannot be removed is one error line naming it, exit 1.
mkdir -p "$SCRATCH/own"
d="$SCRATCH/own/.kt.heirloom-RoRo12"
mkdir -p "$d/release/deps" && echo x > "$d/release/deps/f"
chmod 444 "$d/release/deps/f" && chmod 555 "$d/release/deps" "$d/release"
chown -R nobody "$SCRATCH/own"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$HEIRLOOM" gc-staging "$SCRATCH/own/kt" 2> "$SCRATCH/err" \
  || fail "gc-staging as the owner of a read-only staging dir failed: $(cat "$SCRATCH/err")"
[ ! -e "$d" ] || fail "gc-staging left a read-only staging dir"
mkdir -p "$d/theirs" && echo x > "$d/theirs/f"
chown nobody "$d"
set +e
setpriv --reuid=nobody --regid=nogroup --clear-groups "$HEIRLOOM" gc-staging --quiet "$SCRATCH/own/kt" 2> "$SCRATCH/err"
st=$?
set -e
expect_eq "$st" 1 "gc-staging that cannot remove: exit status"
expect_eq "$(cat "$SCRATCH/err")" "heirloom: error: removing '$d/theirs/f': Permission denied" "gc-staging that cannot remove"
set +e
"$HEIRLOOM" gc-staging "$SCRATCH/none/kt" 2> "$SCRATCH/err"
st=$?
set -e
expect_eq "$st" 1 "gc-staging without a parent: exit status"
expect_eq "$(cat "$SCRATCH/err")" "heirloom: error: opening directory '$SCRATCH/none': No such file or directory" "gc-staging without a parent"
# 8. A parent unpack may write but not list (d-wx): the unpack works, and
# says in one warning line that it could not look for staging dirs.
mkdir -p "$SCRATCH/wx" && chown nobody "$SCRATCH/wx" && chmod 333 "$SCRATCH/wx"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$HEIRLOOM" "${unpack_args[@]}" "$SCRATCH/wx/kt" 2> "$SCRATCH/err" \
  || fail "unpack into a parent it cannot list failed: $(cat "$SCRATCH/err")"
expect_eq "$(cat "$SCRATCH/err")" "heirloom: warning: opening directory '$SCRATCH/wx': Permission denied" "unpack into a parent it cannot list"
chmod 755 "$SCRATCH/wx"
expect_eq "$(tree_sig "$SCRATCH/wx/kt")" "$want" "unpack into a parent it cannot list"
note "ok"
