# A dependency snapshot that cannot be used (buildDepsBase): evaluation fails
# with one line naming the snapshot and the reason, before anything builds.
#   - a Cargo.lock that does not parse (line 3 opens a string it never
#     closes; a merge conflict marker): "buildDepsBase: PATH/Cargo.lock:
#     line N is not a line of a Cargo.lock (…)";
#   - a snapshot without Cargo.lock: "buildDepsBase: PATH: no Cargo.lock (…)".
# A base given by its output path (a string, as crane users pass
# `cargoArtifacts`) that is no longer in the store (garbage-collected; here
# a store path that never existed): the deps build fails before cargo runs,
# with heirloom's one line naming the path, and leaves no output.
# And a good snapshot of the current state gives the very deps derivation of
# that state (taking a snapshot builds nothing).
source "$(dirname "$0")/lib.sh"
need_example_crates
EXAMPLE=$SOURCE_ROOT/tests/nix/example.nix
WORK=$SCRATCH/service
cp -r "$SOURCE_ROOT/examples/service" "$WORK"
rm -rf "$WORK/target"
chmod -R a+rX "$WORK"
args=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg exampleDir "$WORK" --argstr registry "$REGISTRY" --arg doCheck false
  --argstr salt "-deps-base-$(date +%s%N)")
# NB: nothing here builds a deps derivation; the salt keeps the test's own.

snap=$(nix-build "$EXAMPLE" -A depsSnapshot --out-link "$ROOTS/snapshot" "${args[@]}" 2> "$SCRATCH/snapshot.log") \
  || { cat "$SCRATCH/snapshot.log" >&2; fail "building depsSnapshot failed"; }

# A lock whose third line opens a string it never closes.
bad=$SCRATCH/lock/deps-base
mkdir -p "$(dirname "$bad")"
cp -rL --no-preserve=mode "$snap" "$bad"
sed -i '3s/^version = 3$/version = "3/' "$bad/Cargo.lock"
[ "$(sed -n 3p "$bad/Cargo.lock")" = 'version = "3' ] || fail "could not break the lock: $(sed -n 3p "$bad/Cargo.lock")"
chmod -R a+rX "$SCRATCH/lock"
# bad_eval NAME DIR WHAT: evaluating the service with DIR as depsBase fails
# with exactly one error line, which must contain WHAT.
bad_eval() {
  if nix-instantiate "$EXAMPLE" -A service "${args[@]}" --arg depsBase "$2" > /dev/null 2> "$SCRATCH/$1.log"; then
    fail "$1: a snapshot that cannot be used evaluated"
  fi
  expect_eq "$(grep -c '^error: ' "$SCRATCH/$1.log")" 1 "$1: error lines in: $(cat "$SCRATCH/$1.log")"
  expect_contains "$SCRATCH/$1.log" "$3" "$1: the error"
}
bad_eval lock "$bad" "error: buildDepsBase: $bad/Cargo.lock: line 3 is not a line of a Cargo.lock (\"version = \\\"3\")"

conflict=$SCRATCH/conflict/deps-base
mkdir -p "$(dirname "$conflict")"
cp -rL --no-preserve=mode "$snap" "$conflict"
sed -i '5i <<<<<<< HEAD' "$conflict/Cargo.lock"
chmod -R a+rX "$SCRATCH/conflict"
bad_eval conflict "$conflict" "error: buildDepsBase: $conflict/Cargo.lock: line 5 is not a line of a Cargo.lock (\"<<<<<<< HEAD\")"

# No Cargo.lock at all: an evaluation error, one line.
nolock=$SCRATCH/nolock/deps-base
mkdir -p "$(dirname "$nolock")"
cp -rL --no-preserve=mode "$snap" "$nolock"
rm "$nolock/Cargo.lock"
chmod -R a+rX "$SCRATCH/nolock"
bad_eval nolock "$nolock" "error: buildDepsBase: $nolock: no Cargo.lock"

gone=/nix/store/00000000000000000000000000000000-heirloom-example-service-deps-0.1.0
if nix-build "$EXAMPLE" -A cargoArtifacts --no-out-link "${args[@]}" --arg extraArgs "{ cargoArtifacts = \"$gone\"; }" \
    > /dev/null 2> "$SCRATCH/gone.log"; then
  fail "gone: a deps build over a base that is not in the store succeeded"
fi
expect_contains "$SCRATCH/gone.log" "heirloom: error: '$gone': not in the Nix store (garbage-collected, or never built here)" "gone: the build log"
expect_eq "$(grep -c '^heirloom: error' "$SCRATCH/gone.log")" 1 "gone: heirloom's error lines in: $(tail -n 20 "$SCRATCH/gone.log")"
! grep -q 'Compiling\|Checking' "$SCRATCH/gone.log" || fail "gone: cargo ran over a base that is not there"

# A good snapshot of the current state: its base is that state's deps derivation.
good=$SCRATCH/good/deps-base
mkdir -p "$(dirname "$good")"
cp -rL --no-preserve=mode "$snap" "$good"
chmod -R a+rX "$SCRATCH/good"
layer=$(nix-instantiate "$EXAMPLE" -A cargoArtifacts "${args[@]}" --arg depsBase "$good" 2> /dev/null) || fail "a good snapshot does not evaluate"
plain=$(nix-instantiate "$EXAMPLE" -A cargoArtifacts "${args[@]}" 2> /dev/null)
base=$(nix show-derivation "$layer" | python3 -c 'import json, sys; print(next(iter(json.load(sys.stdin).values()))["env"]["cargoArtifacts"])')
expect_eq "$base" "$(nix-store -q --outputs "$plain")" "the base of a snapshot of the current state"
note "bad snapshots: one line each; a snapshot of the current state is its deps derivation"
