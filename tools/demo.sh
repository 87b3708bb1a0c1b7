#!/usr/bin/env bash
# The main job, end to end, as a user runs it: the example service
# (examples/service) built by its flake with heirloom's crane-style library,
# in real Nix builds by the daemon's build users:
#   1. `nix build .#service`: heirloom itself (nix/package.nix, unit tests
#      included), the deps-only derivation (buildDepsOnly, packed by
#      heirloom), then the service inheriting it (buildPackage);
#   2. a copy of the example with a constant changed, built the same way:
#      the deps output is reused untouched and cargo compiles only the service.
# Prints what heirloom did at each step. Run as root on Debian 12.
# No nixpkgs is reachable offline: tests/nix/pkgs stands in for it, unless
# HEIRLOOM_DEMO_NIXPKGS names a nixpkgs flake (e.g. github:NixOS/nixpkgs/nixos-unstable).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
ROOT=$PWD
export NIX_REMOTE=daemon

DEMO=$(mktemp -d /tmp/heirloom-demo-XXXXXX)
trap 'rm -rf "$DEMO"' EXIT
NIXPKGS=${HEIRLOOM_DEMO_NIXPKGS:-path:$ROOT/tests/nix/pkgs}
# heirloom from this checkout (tracked files, uncommitted edits included).
flake_args=(--no-write-lock-file --override-input nixpkgs "$NIXPKGS" --override-input heirloom "git+file://$ROOT")

# show LOG: what heirloom did, and what cargo compiled, in a build log.
show() {
  grep -E '(inheritCargoArtifacts|installCargoArtifacts|useHeirloomRustc|useHeirloomRustcWrapper):|heirloom: |Compiling heirloom-example-service|Finished release' "$1" \
    | sed -e 's/^[a-z0-9.-]*> //' -e 's/^/    /' || true
  echo "    cargo: $(grep -c ' Compiling ' "$1" || true) compile steps in this run (a crate built and tested counts twice)"
}

echo "== 1. nix build ./examples/service#service (nixpkgs: $NIXPKGS)"
git -C "$ROOT" ls-files --error-unmatch examples/service/flake.nix >/dev/null 2>&1 \
  || { echo "demo: examples/service/flake.nix is not tracked by git; a flake inside a git checkout sees tracked files only" >&2; exit 1; }
nix build -L "$ROOT/examples/service#service" "${flake_args[@]}" --out-link "$DEMO/result-1" > "$DEMO/build-1.log" 2>&1 \
  || { tail -n 40 "$DEMO/build-1.log" >&2; echo "demo: building the example failed" >&2; exit 1; }
show "$DEMO/build-1.log"
deps=$(nix eval --raw "$ROOT/examples/service#cargoArtifacts" "${flake_args[@]}" 2>/dev/null)
echo "    deps output: $deps"
"$ROOT/build/heirloom" inspect "$deps" | sed 's/^/    /'
echo "    the service says: $("$DEMO/result-1/bin/service" --print)"

echo "== 2. change a constant in a copy of the example, nix build again"
cp -r "$ROOT/examples/service" "$DEMO/service"
rm -rf "$DEMO/service/target"
source "$ROOT/tests/lib/example-edits.sh"
example_change_constant "$DEMO/service"
nix build -L "path:$DEMO/service#service" "${flake_args[@]}" --out-link "$DEMO/result-2" > "$DEMO/build-2.log" 2>&1 \
  || { tail -n 40 "$DEMO/build-2.log" >&2; echo "demo: rebuilding the edited example failed" >&2; exit 1; }
show "$DEMO/build-2.log"
deps2=$(nix eval --raw "path:$DEMO/service#cargoArtifacts" "${flake_args[@]}" 2>/dev/null)
if [ "$deps2" = "$deps" ] && ! grep -q -- "-deps-0.1.0.drv" "$DEMO/build-2.log"; then
  echo "    deps output reused, not rebuilt: $deps2"
else
  echo "demo: the deps derivation changed for an edit of the service ($deps2)" >&2
  exit 1
fi
echo "    the service says: $("$DEMO/result-2/bin/service" --print)"
echo "== done: dependencies built once and inherited as links into $deps"
