# Evaluation checks of the crane-named functions (tests/nix/crane-api.nix):
# argument defaults (buildDepsOnly's cargoTestExtraArgs "--no-run", …),
# crateNameFromCargoToml and cleanCargoToml results, cargoNextest's
# derivations and command line (cargo-nextest is not installable here, so
# it is checked by evaluation only). The expression lists the names of the
# checks that do not hold.
source "$(dirname "$0")/daemon.sh"
out=$(nix-instantiate --read-write-mode --eval --strict -E "import $SOURCE_ROOT/tests/nix/crane-api.nix { }" 2> "$SCRATCH/eval.err") \
  || fail "evaluating tests/nix/crane-api.nix failed: $(grep -m3 error "$SCRATCH/eval.err")"
[ "$out" = "[ ]" ] || fail "crane-api checks that do not hold: $out"
note "crane-api: every evaluation check holds"
