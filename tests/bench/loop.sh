#!/usr/bin/env bash
# The edit-build loop on the example service, measured in one run:
#   - in real nix-builds (tests/nix/loop.sh) for heirloom's symlinks and zstd
#     modes and for the copy baseline (the whole target dir copied into the
#     deps output and back out of it);
#   - the floor: a plain `cargo build --release` (CARGO_INCREMENTAL=0) in a
#     warm target dir outside Nix, with the same toolchain and crates.
# Steps: 1 cold, 2 add a dependency (anyhow), 3 change a constant, 4 edit
# README.md; then over a dependency base of step 1's state (buildDepsBase):
# 5 the snapshot's state, 6 add anyhow, 7 change a constant, 8 enable a feature (tokio's
# fs), 9 remove a dependency (sha2), 10 upgrade a dependency
# (heirloom-fixture-mid 0.1.0 -> 0.1.1, in the middle of the graph). Step 1's
# state is examples/service with the fixture crates added
# (example_add_fixture), everywhere. The floor of 6-7 is that of 2-3; 8, 9
# and 10 start from a copy of step 1's warm target dir, as their Nix builds
# start from the base. Prints a markdown table and writes the raw lines to
# build/bench/loop.jsonl. Run from the repository root after tools/setup.sh:
#   tests/bench/loop.sh [MODE...]     (default: symlinks zstd copy)
# LOOP_APPEND=1 keeps the lines of an earlier run (to add or redo a mode);
# LOOP_FLOOR_ONLY=1 runs the floor only; LOOP_FLOOR_FROM=DIR starts the
# floor from DIR, a copy of examples/service with the fixture crates added
# and a warm target dir of that state (step 1 not measured then), built
# against the registry DIR.registry (made by example_registry).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
[ -x build/heirloom ] || { echo "loop.sh: build/heirloom is missing: run tools/setup.sh first" >&2; exit 1; }
export HEIRLOOM=$ROOT/build/heirloom HEIRLOOM_SHIM=$ROOT/build/src/rustc-shim/rustc HEIRLOOM_SOURCE_ROOT=$ROOT
export NIX_REMOTE=daemon
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(symlinks zstd copy)

mkdir -p build/bench
OUT=build/bench/loop.jsonl
[ -n "${LOOP_APPEND:-}" ] || : > "$OUT"
[ -z "${LOOP_FLOOR_ONLY:-}" ] || MODES=()
for mode in "${MODES[@]}"; do
  echo "loop.sh: mode $mode" >&2
  LOOP_BASE_ZSTD=1 bash tests/nix/loop.sh "$mode" "$ROOT/$OUT"
done

# The floor, with the same edits as tests/nix/loop.sh.
source tests/lib/example-edits.sh
echo "loop.sh: floor (cargo outside Nix)" >&2
FLOOR=$(mktemp -d /tmp/heirloom-loop-floor-XXXXXX)
trap 'rm -rf "$FLOOR"' EXIT
# The floor's registry stays at one path: cargo's records name its files.
if [ -n "${LOOP_FLOOR_FROM:-}" ]; then
  cp -a "$LOOP_FLOOR_FROM" "$FLOOR/service"
  REG=$LOOP_FLOOR_FROM.registry
else
  cp -r examples/service "$FLOOR/service"
  rm -rf "$FLOOR/service/target"
  example_add_fixture "$FLOOR/service"
  REG=$FLOOR/registry
  example_registry "$REG"
fi
floor_step() {
  local step=$1 dir=${2:-$FLOOR/service} t0 t1
  t0=$(date +%s.%N)
  (cd "$dir" && CARGO_INCREMENTAL=0 RUSTC=/usr/bin/rustc \
    /usr/bin/cargo --config "$ROOT/tests/lib/debian-registry.toml" \
      --config "source.debian.directory=\"$REG\"" build --release --locked --quiet)
  t1=$(date +%s.%N)
  printf '{"mode":"floor","step":"%s","package_s":%s}\n' "$step" "$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')" >> "$OUT"
}
[ -n "${LOOP_FLOOR_FROM:-}" ] || floor_step 1
cp -a "$FLOOR/service" "$FLOOR/orig"
example_add_anyhow "$FLOOR/service"
floor_step 2
example_change_constant "$FLOOR/service"
floor_step 3
example_edit_readme "$FLOOR/service"
floor_step 4
for e in 8:example_enable_feature 9:example_remove_sha2 10:example_upgrade_fixture; do
  rm -rf "$FLOOR/edit"
  cp -a "$FLOOR/orig" "$FLOOR/edit"
  "${e#*:}" "$FLOOR/edit"
  floor_step "${e%%:*}" "$FLOOR/edit"
done

python3 tests/bench/loop_report.py "$OUT"
