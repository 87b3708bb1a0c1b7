# The `nix` suite leaves the user's store alone. `begin` runs before every
# other test: it adds a path that nothing refers to and nothing roots, as a
# user's may be, and records it in the build tree. `end` runs after all of
# them (nix-gc included) and checks that the path is still valid, then
# deletes it (it is the suite's own). Without a record of this build tree's
# `begin`, `end` fails: it would have nothing to check.
# Usage: preserve.sh begin|end
source "$(dirname "$0")/daemon.sh"
STEP=${1:?usage: preserve.sh begin|end}
RECORD=$BUILD_ROOT/test-cache/nix-preserve.path

case "$STEP" in
  begin)
    mkdir -p "$BUILD_ROOT/test-cache"
    echo "a user's path: the nix suite must not delete it ($(date -u +%FT%TZ) $$-$RANDOM)" > "$SCRATCH/user-path"
    path=$(nix-store --add "$SCRATCH/user-path") || fail "nix-store --add failed"
    echo "$path" > "$RECORD"
    note "added $path (unrooted)" ;;
  end)
    [ -f "$RECORD" ] || fail "no record of nix-preserve-begin in $RECORD: run it first, e.g. meson test nix-preserve-begin <tests> nix-preserve-end, or the whole suite"
    path=$(cat "$RECORD")
    rm "$RECORD"
    nix-store --check-validity "$path" 2>/dev/null || fail "the suite deleted a path it did not make: $path"
    grep -q "^a user's path" "$path" || fail "$path does not hold what nix-preserve-begin wrote"
    nix-store --delete "$path" > "$SCRATCH/delete.log" 2>&1 || fail "could not delete $path: $(tail -1 "$SCRATCH/delete.log")"
    note "$path survived the suite" ;;
  *) fail "unknown step $STEP (begin or end)" ;;
esac
