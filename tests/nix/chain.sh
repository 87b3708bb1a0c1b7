# 2. Three generations (deps -> tests -> package) in each mode, and a
# crane-format (use-zstd) output as the input of a heirloom build.
source "$(dirname "$0")/lib.sh"

for mode in symlinks zstd; do
  deps=$(nb "$mode.deps") || fail "$mode: deps did not build"
  tests=$(nb "$mode.tests") || fail "$mode: tests did not build"
  pkg=$(nb "$mode.package") || fail "$mode: package did not build"

  expect_contains "$SCRATCH/$mode.tests.log" "heirloom: unpacked $mode artifacts" "$mode tests log"
  expect_contains "$SCRATCH/$mode.package.log" "heirloom: unpacked $mode artifacts" "$mode package log"
  # The test build adds test harness units; no library of the deps build is rebuilt.
  # (test harness builds of the workspace crates are new units; every
  # non-test unit was built by deps and must be fresh)
  libs=$(python3 - "$tests/cargo-messages.json" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and not m["fresh"] and not m["profile"]["test"] \
            and m["target"]["kind"] != ["bin"]:
        print(m["target"]["name"])
PY
)
  [ -z "$libs" ] || fail "$mode: the tests build rebuilt inherited units: $libs"
  expect_eq "$(rebuilt "$pkg")" "app " "$mode: units rebuilt in the package"
  expect_contains "$pkg/app-output.json" '"sum":6' "$mode: package binary output"

  nix-store -q --references "$pkg" > "$SCRATCH/$mode.refs"
  expect_contains "$SCRATCH/$mode.refs" "$tests" "$mode: the package refers to its parent"
  if [ "$mode" = symlinks ]; then
    # Chains stay flat: files unchanged since deps link straight to deps.
    expect_contains "$SCRATCH/$mode.refs" "$deps" "symlinks: the package refers to its grandparent"
  else
    [ "$(readlink "$pkg/target.tar.zst.prev")" = "$tests/target.tar.zst" ] || fail "zstd: .prev does not name the parent layer"
    [ "$(readlink "$tests/target.tar.zst.prev")" = "$deps/target.tar.zst" ] || fail "zstd: the parent's .prev does not name deps"
    # Incremental: the package layer is much smaller than the full deps layer.
    [ "$(stat -c %s "$pkg/target.tar.zst")" -lt $(( $(stat -c %s "$deps/target.tar.zst") / 2 )) ] \
      || fail "zstd: the package layer is not incremental ($(stat -c %s "$pkg/target.tar.zst") vs $(stat -c %s "$deps/target.tar.zst") bytes)"
  fi

  # The newest output, unpacked outside Nix, matches a tree cargo accepts.
  "$HEIRLOOM" unpack --from "$pkg" --target "$SCRATCH/$mode-target" --quiet
  [ -x "$SCRATCH/$mode-target/release/app" ] || fail "$mode: no app binary after unpacking the chain"
  "$SCRATCH/$mode-target/release/app" | grep -q '"sum":6' || fail "$mode: the unpacked app is not the package's"
  note "$mode: tests rebuilt [$(rebuilt "$tests")], package rebuilt [$(rebuilt "$pkg")]"
done

crane=$(nb fromCraneZstd) || fail "inheriting a crane use-zstd output failed"
expect_contains "$SCRATCH/fromCraneZstd.log" "heirloom: unpacked crane-zstd artifacts" "crane input log"
expect_eq "$(rebuilt "$crane")" "app " "units rebuilt on top of a crane output"
