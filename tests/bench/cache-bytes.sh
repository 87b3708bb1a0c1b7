#!/usr/bin/env bash
# Binary-cache bytes per step of an edit loop: the chain deps -> package
# (also an artifacts output) -> clippy of tests/nix/layouts.nix (layout
# "chain", the small workspace tests/cargo/layouts) in real nix-builds, for
# heirloom's symlinks and zstd modes and for the copy baseline (every output
# holds a plain copy of the whole target dir). After each step the step's
# outputs are pushed with `nix copy --to file://CACHE?compression=zstd`, one
# cache per mode that keeps the earlier steps; the table gives the bytes the
# push added (nar/ files and .narinfo) and the NAR size of each artifacts
# output, and the closure size of the last one (clippy's: the chain and
# the vendor dir). The cache is seeded first with the vendor dir (175 KB,
# the same in every mode), not counted.
# Steps: 1 cold, 2 add a dependency (ryu in app: a new Cargo.lock, so a new
# deps derivation), 3 change a constant (core-lib: package and clippy only).
# Run from the repository root after tools/setup.sh:
#   tests/bench/cache-bytes.sh [MODE...]     (default: symlinks zstd copy)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
[ -x build/heirloom ] || { echo "cache-bytes.sh: build/heirloom is missing: run tools/setup.sh first" >&2; exit 1; }
export HEIRLOOM=$ROOT/build/heirloom HEIRLOOM_SHIM=$ROOT/build/src/rustc-shim/rustc HEIRLOOM_SOURCE_ROOT=$ROOT 
export NIX_REMOTE=daemon
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(symlinks zstd copy)
# (a scratch dir, removed at exit, and the store roots under it)
source tests/nix/lib.sh
WORK=$SCRATCH
SALT=bench-$(date +%s)

edit() {
  local dir=$1 step=$2
  case "$step" in
    1) ;;
    2)
      sed -i 's|^itoa = "1"$|&\nryu = "1"|' "$dir/app/Cargo.toml"
      python3 - "$dir/Cargo.lock" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('name = "app"\nversion = "0.1.0"\ndependencies = [\n "core-lib",\n "itoa",\n]',
              'name = "app"\nversion = "0.1.0"\ndependencies = [\n "core-lib",\n "itoa",\n "ryu",\n]')
open(p, "w").write(s)
PY
      ;;
    3) sed -i 's|^    42$|    41|' "$dir/core/src/lib.rs" ;;
  esac
}

bytes() { find "$1" -type f \( -name '*.narinfo' -o -path '*/nar/*' \) -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

OUT=$ROOT/build/bench/cache-bytes.jsonl
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
for mode in "${MODES[@]}"; do
  src=$WORK/src-$mode
  cp -r tests/cargo/layouts "$src"
  chmod -R u+w "$src"
  cache=$WORK/cache-$mode
  seeded=0
  for step in 1 2 3; do
    edit "$src" "$step"
    outs=()
    for a in deps packageArtifacts clippy; do
      o=$(nix-build tests/nix/layouts.nix -A "$a" --out-link "$ROOTS/$mode-$step-$a" --arg heirloomPrefix "$HEIRLOOM_PREFIX" \
        --argstr registry "$REGISTRY" --argstr layout chain --argstr mode "$mode" --arg srcDir "$src" --argstr salt "$SALT" \
        2> "$WORK/$mode-$step-$a.log") || { tail -20 "$WORK/$mode-$step-$a.log" >&2; exit 1; }
      outs+=("$o")
    done
    if [ "$seeded" = 0 ]; then
      nix copy --to "file://$cache?compression=zstd" "$(nix-build tests/nix/layouts.nix -A cargoVendorDir --no-out-link \
        --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" --argstr layout chain --arg srcDir "$src" 2>/dev/null)"
      seeded=1
    fi
    before=$(bytes "$cache")
    nix copy --to "file://$cache?compression=zstd" "${outs[@]}"
    after=$(bytes "$cache")
    closure=$(nix path-info -S "${outs[2]}" | awk '{ print $2 }')
    printf '{"mode":"%s","step":%s,"pushed":%s,"nar_deps":%s,"nar_package":%s,"nar_clippy":%s,"closure_clippy":%s}\n' "$mode" "$step" $((after - before)) \
      "$(nix-store -q --size "${outs[0]}")" "$(nix-store -q --size "${outs[1]}")" "$(nix-store -q --size "${outs[2]}")" "$closure" >> "$OUT"
    tail -n 1 "$OUT" >&2
  done
done

python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
names = {1: "1 cold", 2: "2 add a dependency", 3: "3 change a constant"}
copy = {r["step"]: r["pushed"] for r in rows if r["mode"] == "copy"}
zstd = {r["step"]: r["pushed"] for r in rows if r["mode"] == "zstd"}
kb = lambda n: f"{n / 1024:.1f}"
print("| step | mode | pushed KiB | × copy | × zstd | NAR KiB deps | package | clippy | clippy's closure KiB |")
print("|---|---|---|---|---|---|---|---|---|")
for step in (1, 2, 3):
    for r in rows:
        if r["step"] != step:
            continue
        c = copy.get(step); z = zstd.get(step)
        print(f"| {names[step]} | {r['mode']} | {kb(r['pushed'])} | "
              f"{r['pushed'] / c:.2f} |" if c else f"| {names[step]} | {r['mode']} | {kb(r['pushed'])} | - |", end="")
        print(f" {r['pushed'] / z:.2f} |" if z else " - |", end="")
        print(f" {kb(r['nar_deps'])} | {kb(r['nar_package'])} | {kb(r['nar_clippy'])} | {kb(r['closure_clippy'])} |")
PY
