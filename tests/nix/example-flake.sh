# examples/service/flake.nix as a user runs it, with the stand-in as
# `nixpkgs` and this checkout as `heirloom`: it evaluates for every system,
# and `nix flake check` builds the service, its tests and clippy, each
# inheriting the deps-only output (heirloom itself built by nix/package.nix).
source "$(dirname "$0")/lib.sh"
need_example_crates
cd "$SOURCE_ROOT"
git ls-files --error-unmatch examples/service/flake.nix >/dev/null 2>&1 \
  || fail "examples/service/flake.nix is not tracked by git: a flake in a git checkout sees tracked files only"
override=(--no-write-lock-file --override-input nixpkgs "path:$SOURCE_ROOT/tests/nix/pkgs")
flake=$SOURCE_ROOT/examples/service
system=$(nix-instantiate --eval -E builtins.currentSystem | tr -d '"')

nix flake show "$flake" "${override[@]}" > "$SCRATCH/show.txt" 2> "$SCRATCH/show.err" \
  || fail "nix flake show failed: $(tail -3 "$SCRATCH/show.err")"
for want in "package 'heirloom-example-service-0.1.0'" "package 'heirloom-example-service-deps-0.1.0'" \
    "derivation 'heirloom-example-service-clippy-0.1.0'" "derivation 'heirloom-example-service-test-0.1.0'"; do
  expect_contains "$SCRATCH/show.txt" "$want" "nix flake show"
done
nix flake check -L "$flake" "${override[@]}" > "$SCRATCH/check.log" 2>&1 \
  || { tail -n 40 "$SCRATCH/check.log" >&2; fail "nix flake check of the example failed"; }
# Every system's checks evaluate. After the build, not before: `--no-build`
# evaluates in read-only mode, where the filtered source is not added to the
# store, so mkDummySrc's evaluation-time reads of it (Cargo.toml,
# .cargo/config.toml) fail with "path … is not valid" unless some earlier
# build put that source there; before the build this step passed or failed
# by what other tests had built.
nix flake check --no-build "$flake" "${override[@]}" 2> "$SCRATCH/check-eval.err" \
  || fail "nix flake check --no-build failed: $(tail -3 "$SCRATCH/check-eval.err")"
# The two outputs read below, rooted (built again if collected meanwhile).
for attr in cargoArtifacts service; do
  nix build --out-link "$ROOTS/$attr" "$flake#$attr" "${override[@]}" 2> "$SCRATCH/root.err" \
    || fail "nix build of $attr failed: $(tail -3 "$SCRATCH/root.err")"
done
deps=$(readlink "$ROOTS/cargoArtifacts")
service=$(readlink "$ROOTS/service")
[ -d "$deps/target" ] || fail "the deps output $deps has no target dir"
expect_links_resolve "$deps"
out=$("$service/bin/service" --print) || fail "the service built by the flake does not run"
case $out in *'"message":"hello from heirloom"'*) ;; *) fail "unexpected output of the service: $out" ;; esac

# Each check inherited the deps output: its log (this run's or the stored one)
# shows the inherit, and clippy ran through heirloom's wrapper.
for check in service tests clippy; do
  log=$SCRATCH/$check.log
  nix log "$flake#checks.$system.$check" "${override[@]}" > "$log" 2>/dev/null \
    || fail "no build log for checks.$system.$check"
  expect_contains "$log" "inheritCargoArtifacts: $deps -> target" "the $check build's log"
  ! grep -Eq "(Compiling|Checking) tokio " "$log" || fail "the $check build compiled tokio again instead of inheriting it"
done
expect_contains "$SCRATCH/tests.log" "4 passed; 0 failed" "the tests build's log"
note "example flake: service, tests and clippy built on $deps"
