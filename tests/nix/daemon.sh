# The real Nix daemon of the `nix` suite (tools/nix-setup.sh): sourced by
# lib.sh and by the tests that only add and check store paths.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

need nix-build "nix-bin (then run tools/nix-setup.sh)"
export NIX_REMOTE=daemon
nix store ping >/dev/null 2>&1 || fail "no nix-daemon answers: run tools/nix-setup.sh (as root) first"
