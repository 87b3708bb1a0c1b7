# 13. The example service with cargo 1.95 (the rustup toolchain in the store)
# in cargo's per-unit build dir (-Zbuild-dir-new-layout): its buildDepsOnly,
# then the service, cargoTest and cargoClippy on that one deps output. From
# cargo's JSON messages, each compiles only the service: no dependency
# (build-script crates and proc-macros included) compiles again after the
# inherit. Prints each step's wall time.
source "$(dirname "$0")/lib.sh"
TOOLCHAIN=$(rust_toolchain_store_path) || exit 1  # (it said why)
NIXFILE=$SOURCE_ROOT/tests/nix/example-today.nix

step() {
  local out start=$SECONDS
  out=$(nix-build "$NIXFILE" -A "$1" --out-link "$ROOTS/$1" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --argstr toolchain "$TOOLCHAIN" --argstr salt "$SALT" 2> "$SCRATCH/$1.log") \
    || { tail -n 40 "$SCRATCH/$1.log" >&2; fail "$1 did not build"; }
  grep -q "Running phase" "$SCRATCH/$1.log" || stored_log "$out" >> "$SCRATCH/$1.log" || true
  note "$1: $((SECONDS - start)) s"
  echo "$out"
}

deps=$(step deps)
expect_links_resolve "$deps"
ls -d "$deps"/target/release/build/tokio/*/out >/dev/null 2>&1 || fail "the deps output has no per-unit build/tokio/<hash>/out: is -Zbuild-dir-new-layout on?"
[ ! -e "$deps/target/release/.fingerprint" ] || fail "the new layout has no global .fingerprint/"
# (what cargo compiled there: build scripts and proc-macros among them)
kinds=$(grep -ho '"kind":\["[a-z-]*"\]' "$SCRATCH/deps.log" 2>/dev/null | sort -u | tr '\n' ' ' || true)

for attr in service tests clippy; do
  out=$(step "$attr")
  expect_contains "$SCRATCH/$attr.log" "inheritCargoArtifacts: $deps -> target" "$attr log"
  units=$(python3 - "$out/cargo-messages.json" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    if line.startswith("{"):
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and not m["fresh"]:
            seen.add(m["target"]["name"] + ":" + ",".join(m["target"]["kind"]))
print(" ".join(sorted(seen)))
PY
  )
  fresh=$(grep -c '"fresh":true' "$out/cargo-messages.json" || true)
  stray=$(tr ' ' '\n' <<< "$units" | grep -Ev '^(service|heirloom[-_]example[-_]service):' | tr '\n' ' ' || true)
  [ -z "$stray" ] || fail "$attr recompiled inherited dependencies: $stray(all compiled: $units)"
  [ -n "$units" ] || fail "$attr compiled nothing: the service should compile"
  [ "$fresh" -ge 90 ] || fail "$attr: only $fresh units fresh; the example has 97 dependencies"
  note "$attr: compiled $units; $fresh units fresh"
done
