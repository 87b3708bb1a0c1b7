# flake.nix evaluates against the stand-in pkgs passed as the nixpkgs input:
# `nix flake show`, `nix flake check --no-build`, then one real check build
# (nix/package.nix builds heirloom with meson and runs its unit tests, and the
# hooks check packs and inherits a synthetic target dir with it).
source "$(dirname "$0")/lib.sh"
cd "$SOURCE_ROOT"
override=(--override-input nixpkgs "path:$SOURCE_ROOT/tests/nix/pkgs" --no-write-lock-file)
system=$(nix-instantiate --eval -E builtins.currentSystem | tr -d '"')

nix flake show "${override[@]}" > "$SCRATCH/show.txt" 2> "$SCRATCH/show.err" || fail "nix flake show failed: $(tail -3 "$SCRATCH/show.err")"
for want in "package 'heirloom-0.1.0'" "Nixpkgs overlay" "derivation 'heirloom-check-hooks'"; do
  expect_contains "$SCRATCH/show.txt" "$want" "nix flake show"
done
nix flake check --no-build "${override[@]}" 2> "$SCRATCH/check.err" || fail "nix flake check --no-build failed: $(tail -3 "$SCRATCH/check.err")"
# mkLib gives the three hooks for any package set.
n=$(nix eval --raw --impure ".#lib" "${override[@]}" --apply "lib:
  toString (builtins.length (builtins.attrNames (builtins.intersectAttrs
    { inheritCargoArtifactsHook = 1; installCargoArtifactsHook = 1; heirloomRustcHook = 1; }
    (lib.mkLib (import $SOURCE_ROOT/tests/nix/pkgs {})))))" 2> "$SCRATCH/eval.err") || fail "evaluating mkLib failed: $(tail -3 "$SCRATCH/eval.err")"
expect_eq "$n" 3 "hooks exposed by mkLib"

nix build --no-link -L ".#checks.$system.hooks" "${override[@]}" > "$SCRATCH/build.log" 2>&1 \
  || { tail -30 "$SCRATCH/build.log" >&2; fail "building checks.$system.hooks failed"; }
# The package's unit tests ran: in this build's log, or in the stored log of
# a package built earlier.
if ! grep -qF "heirloom:unit / unit" "$SCRATCH/build.log"; then
  nix log ".#checks.$system.package" "${override[@]}" > "$SCRATCH/package.log" 2>&1 || true
  expect_contains "$SCRATCH/package.log" "heirloom:unit / unit" "the package's build log"
fi
note "flake evaluates; checks.$system.hooks builds"
