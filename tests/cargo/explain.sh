# heirloom explain on the three mismatches behind "my dependencies are
# rebuilt": a feature enabled only in the package, a RUSTFLAGS difference and
# another profile setting. Generation 1 of tests/cargo/explain is built, packed
# into a sealed output of a test store and unpacked; generation 2 differs in
# one thing; explain must name the inherited units cargo recompiled and the
# fingerprint field that changed, and nothing when nothing changed.
# Usage: explain.sh TOOLCHAIN   (stable: rustup's; stable-new: the same in
# cargo's -Zbuild-dir-new-layout; debian: /usr/bin/cargo)
source "$(dirname "$0")/../lib/common.sh"
TOOLCHAIN=${1:-stable}
TEST_NAME="explain-$TOOLCHAIN"
: "${HEIRLOOM_SHIM:?HEIRLOOM_SHIM must name the rustc shim}"
need python3 python3

ZFLAGS=()
case "$TOOLCHAIN" in
  stable | stable-new)
    [ "$TOOLCHAIN" == stable-new ] && ZFLAGS=(-Zbuild-dir-new-layout)
    TC_BIN=$(ls -d /root/.rustup/toolchains/stable-*/bin 2>/dev/null | head -1)
    [ -n "$TC_BIN" ] || fail "no rustup stable toolchain under /root/.rustup: rustup toolchain install stable" ;;
  debian)
    [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || fail "Debian's toolchain is missing: apt-get install cargo rustc"
    TC_BIN=/usr/bin ;;
  *) fail "unknown toolchain $TOOLCHAIN" ;;
esac
for c in fnv-1.0.7 cfg-if-1.0.0; do
  [ -d "/usr/share/cargo/registry/$c" ] || fail "Debian crate $c missing: apt-get install librust-${c%-*}-dev"
done

WS=$SCRATCH/ws
cp -a "$SOURCE_ROOT/tests/cargo/explain" "$WS"
mkdir -p "$SCRATCH/cargo-home"
cat > "$SCRATCH/cargo-home/config.toml" <<CFG
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
[net]
offline = true
CFG

# cargo_in ARGS...: cargo in the workspace through the rustc shim (the
# inherited rlibs are store links), with $GEN_ENV added.
GEN_ENV=()
cargo_in() {
  (cd "$WS" && env -i PATH="$TC_BIN:/usr/bin:/bin" HOME="$SCRATCH" CARGO_HOME="$SCRATCH/cargo-home" \
    CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0 RUSTC="$HEIRLOOM_SHIM" HEIRLOOM_RUSTC="$TC_BIN/rustc" \
    HEIRLOOM_STORE_DIR="$STORE" RUSTC_BOOTSTRAP=1 "${GEN_ENV[@]}" "$TC_BIN/cargo" "${ZFLAGS[@]}" "$@") > "$SCRATCH/cargo.log" 2>&1 \
    || fail "cargo $* failed: $(tail -5 "$SCRATCH/cargo.log")"
}

cargo_in build --release --locked
# (a zstd output of the same tree too: explain reads every form unpack reads)
GEN1Z=$(store_path explain-gen1-zstd)
hl pack --quiet --mode zstd --target "$WS/target" --out "$GEN1Z"
seal "$GEN1Z"
GEN1=$(store_path explain-gen1)
hl pack --quiet --target "$WS/target" --out "$GEN1"
seal "$GEN1"

# generation2 LABEL CARGO-ARGS...: a fresh inherit of generation 1, a build,
# and explain's text, summary and JSON in $SCRATCH/LABEL.{txt,summary,json}.
generation2() {
  local label=$1; shift
  rm -rf "$WS/target"
  hl unpack --quiet --from "$GEN1" --target "$WS/target"
  cargo_in "$@"
  cp "$SCRATCH/cargo.log" "$SCRATCH/$label.cargo.log"
  hl explain --from "$GEN1" --target "$WS/target" > "$SCRATCH/$label.txt" || fail "$label: explain failed"
  hl explain --summary --from "$GEN1" --target "$WS/target" > "$SCRATCH/$label.summary" || fail "$label: explain --summary failed"
  hl explain --json --from "$GEN1" --target "$WS/target" > "$SCRATCH/$label.json" || fail "$label: explain --json failed"
  GEN_ENV=()
  note "$label: $(tr '\n' '|' < "$SCRATCH/$label.txt")"
}

# expect_unit LABEL PACKAGE UNIT FIELD TEXT: explain's JSON names that unit
# recompiled with a change of FIELD, and its text line holds TEXT.
expect_unit() {
  local label=$1 pkg=$2 unit=$3 field=$4 text=$5
  python3 - "$SCRATCH/$label.json" "$pkg" "$unit" "$field" <<'PY' || fail "$label: explain --json does not name $pkg $unit with a change of $field: $(cat "$SCRATCH/$label.json")"
import json, sys
e = json.load(open(sys.argv[1]))
_, pkg, unit, field = sys.argv[1:]
ok = any(r["package"] == pkg and r["unit"] == unit and any(c["field"] == field for c in r["changes"]) for r in e["recompiled"])
sys.exit(0 if ok else 1)
PY
  grep -qF -- "$pkg ($unit, release): " "$SCRATCH/$label.txt" || fail "$label: no line for $pkg $unit: $(cat "$SCRATCH/$label.txt")"
  grep -F -- "$pkg ($unit, release): " "$SCRATCH/$label.txt" | grep -qF -- "$text" \
    || fail "$label: $pkg's line does not say '$text': $(cat "$SCRATCH/$label.txt")"
  grep -qF "$pkg $unit (" "$SCRATCH/$label.summary" || fail "$label: the summary does not name $pkg $unit: $(cat "$SCRATCH/$label.summary")"
}
recompiled_count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["recompiled"]))' "$SCRATCH/$1.json"; }
cfg_if_unit=$(find "$GEN1/target/release" -path '*cfg-if*' -name 'lib-*.json' -printf '%f\n' | sed 's|\.json$||')
[ -n "$cfg_if_unit" ] || fail "generation 1 has no fingerprint of cfg-if"
if [ "$TOOLCHAIN" == stable-new ]; then
  find "$GEN1/target/release/build/fnv" -path '*/fingerprint/lib-fnv.json' | grep -q . || fail "-Zbuild-dir-new-layout did not take effect"
fi

# Nothing differs: nothing to explain, and the summary stays silent.
generation2 same build --release
expect_eq "$(recompiled_count same)" 0 "units explained when nothing changed"
[ ! -s "$SCRATCH/same.summary" ] || fail "the summary spoke although nothing was recompiled: $(cat "$SCRATCH/same.summary")"
expect_contains "$SCRATCH/same.txt" "no inherited unit was recompiled" "explain's text when nothing changed"

# 1. A feature of a dependency enabled only in the package (app's `extra`
# enables fnv's `std`): fnv gets a new unit hash.
generation2 feature build --release --features extra
expect_unit feature fnv lib-fnv features 'features [] -> ["std"]'
expect_unit feature app bin-app features 'features [] -> ["extra"]'
grep -q "^cfg-if " "$SCRATCH/feature.txt" && fail "feature: cfg-if was not recompiled, yet explained: $(cat "$SCRATCH/feature.txt")"
expect_eq "$(recompiled_count feature)" 2 "units explained after enabling a feature"
hl explain --from "$GEN1Z" --target "$WS/target" > "$SCRATCH/feature-zstd.txt" || fail "explain over the zstd output failed"
expect_file_eq "$SCRATCH/feature-zstd.txt" "$SCRATCH/feature.txt" "explain over the zstd and the symlinks output"

# 2. RUSTFLAGS differ: every unit, with the flags before and after.
GEN_ENV=(RUSTFLAGS="-C debug-assertions=on")
generation2 rustflags build --release
expect_unit rustflags fnv lib-fnv rustflags 'RUSTFLAGS [] -> ["-C","debug-assertions=on"]'
expect_unit rustflags cfg-if "$cfg_if_unit" rustflags 'RUSTFLAGS [] -> ["-C","debug-assertions=on"]'
expect_eq "$(recompiled_count rustflags)" 3 "units explained after a RUSTFLAGS change"

# 3. Another profile setting (opt-level of the release profile).
GEN_ENV=(CARGO_PROFILE_RELEASE_OPT_LEVEL=2)
generation2 profile build --release
expect_unit profile fnv lib-fnv profile 'profile ('
expect_unit profile cfg-if "$cfg_if_unit" profile 'profile ('
grep -F "fnv (lib-fnv" "$SCRATCH/profile.txt" | grep -q "features\|RUSTFLAGS" && fail "profile: a field that did not change is named: $(cat "$SCRATCH/profile.txt")"

# 4. --log: cargo's own words where it has them. Debian's cargo keeps the unit
# hash when RUSTFLAGS change and its fingerprint log says so; cargo 1.95 -v
# prints `Dirty` for a unit rebuilt under the same hash (here: a touched source).
if [ "$TOOLCHAIN" == debian ]; then
  GEN_ENV=(RUSTFLAGS="-C debug-assertions=on" CARGO_LOG=cargo::core::compiler::fingerprint=info)
  generation2 log build --release
  want='fnv v1.0.7 (cargo): RUSTFLAGS has changed: previously [], now ["-C", "debug-assertions=on"]'
else
  touch "$WS/app/src/main.rs"
  generation2 log build --release -v
  want='app v0.1.0 (cargo): the file `app/src/main.rs` has changed'
fi
hl explain --log "$SCRATCH/log.cargo.log" --from "$GEN1" --target "$WS/target" > "$SCRATCH/log-reasons.txt" || fail "explain --log failed"
expect_contains "$SCRATCH/log-reasons.txt" "$want" "explain --log"
note "log: $(grep -F "(cargo)" "$SCRATCH/log-reasons.txt" | tr "\n" "|")"
grep -q "failed to read" "$SCRATCH/log-reasons.txt" && fail "explain --log kept cargo's 'failed to read': $(cat "$SCRATCH/log-reasons.txt")"

# The summary line as the hooks print it: the count, and how to get each reason.
expect_contains "$SCRATCH/feature.summary" "heirloom: 2 inherited units recompiled: " "the summary line"
expect_contains "$SCRATCH/feature.summary" "heirloom explain --from $GEN1" "the summary line"
note "ok ($("$TC_BIN/cargo" --version))"
