# A dependency snapshot that cannot be used (buildDepsBase): one line naming
# the snapshot and the reason, and nothing compiled.
#   - a Cargo.lock that does not parse: the base's build fails before cargo
#     compiles anything, with "buildDepsBase: error: deps-base/Cargo.lock does
#     not parse: TOML parse error at line 3, column 13";
#   - a snapshot without Cargo.lock: evaluation fails with one line naming it.
source "$(dirname "$0")/lib.sh"
need_example_crates
EXAMPLE=$SOURCE_ROOT/tests/nix/example.nix
WORK=$SCRATCH/service
cp -r "$SOURCE_ROOT/examples/service" "$WORK"
rm -rf "$WORK/target"
chmod -R a+rX "$WORK"
args=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg exampleDir "$WORK" --argstr registry "$REGISTRY" --arg doCheck false
  --argstr salt "-deps-base-$(date +%s%N)")

snap=$(nix-build "$EXAMPLE" -A depsSnapshot --out-link "$ROOTS/snapshot" "${args[@]}" 2> "$SCRATCH/snapshot.log") \
  || { cat "$SCRATCH/snapshot.log" >&2; fail "building depsSnapshot failed"; }

# A lock whose third line opens a string it never closes.
bad=$SCRATCH/lock/deps-base
mkdir -p "$(dirname "$bad")"
cp -rL --no-preserve=mode "$snap" "$bad"
sed -i '3s/^version = 3$/version = "3/' "$bad/Cargo.lock"
[ "$(sed -n 3p "$bad/Cargo.lock")" = 'version = "3' ] || fail "could not break the lock: $(sed -n 3p "$bad/Cargo.lock")"
chmod -R a+rX "$SCRATCH/lock"
if nix-build "$EXAMPLE" -A service --out-link "$ROOTS/bad" "${args[@]}" --arg depsBase "$bad" > /dev/null 2> "$SCRATCH/bad.log"; then
  fail "a snapshot whose Cargo.lock does not parse built"
fi
grep '^buildDepsBase: ' "$SCRATCH/bad.log" > "$SCRATCH/bad.lines" || true
expect_eq "$(cat "$SCRATCH/bad.lines")" "buildDepsBase: error: deps-base/Cargo.lock does not parse: TOML parse error at line 3, column 13" \
  "the error of a lock that does not parse"
! grep -q "Compiling " "$SCRATCH/bad.log" || fail "cargo compiled something from a snapshot whose lock does not parse"

# No Cargo.lock at all: an evaluation error, one line.
nolock=$SCRATCH/nolock/deps-base
mkdir -p "$(dirname "$nolock")"
cp -rL --no-preserve=mode "$snap" "$nolock"
rm "$nolock/Cargo.lock"
chmod -R a+rX "$SCRATCH/nolock"
if nix-instantiate "$EXAMPLE" -A service "${args[@]}" --arg depsBase "$nolock" > /dev/null 2> "$SCRATCH/nolock.log"; then
  fail "a snapshot without Cargo.lock evaluated"
fi
expect_eq "$(grep -c '^error: buildDepsBase: ' "$SCRATCH/nolock.log")" 1 "lines naming buildDepsBase in: $(cat "$SCRATCH/nolock.log")"
expect_contains "$SCRATCH/nolock.log" "error: buildDepsBase: $nolock: no Cargo.lock" "the error of a snapshot without Cargo.lock"
note "bad snapshots: one line each"
