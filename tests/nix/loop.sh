# The edit-build loop on the example service (examples/service, through
# tests/nix/example.nix), in real nix-builds, for one inheritance mode. The
# service starts with the fixture crates added (example_add_fixture:
# heirloom-fixture-top 0.1.0 -> heirloom-fixture-mid 0.1.0 -> itoa, from
# the registry of tests/nix/example-registry.nix), for step 10:
#   1. cold: the deps-only derivation, then the service on top of it;
#   2. add a dependency (anyhow): both rebuild, cargo compiles only the
#      service in the package;
#   3. change a constant: the deps derivation is not rebuilt at all, cargo
#      compiles only the service;
#   4. edit README.md: nothing rebuilds (same derivations).
# Then edits over a dependency base (symlinks mode; zstd with LOOP_BASE_ZSTD=1): a
# snapshot of step 1's state (depsSnapshot, copied into a directory as a
# user commits it), each state built with `depsBase` = that directory:
#   5. step 1's state: the base is step 1's deps output (not rebuilt), the
#      deps layer on it compiles only the workspace's stub;
#   6. add anyhow: the deps layer compiles only anyhow and the workspace, the
#      binary answers as step 2's (deps built from scratch);
#   7. change a constant: the deps layer is not rebuilt;
#   8. enable tokio's `fs` feature: only tokio and hyper compile in deps;
#   9. remove sha2: no dependency compiles;
#  10. upgrade heirloom-fixture-mid 0.1.0 -> 0.1.1 (`cargo update -p`, only
#      the lock changes): the deps layer compiles only it, its dependent
#      heirloom-fixture-top and the workspace.
# Usage: loop.sh MODE [TIMES]  MODE: symlinks | zstd | copy (the baseline
# without heirloom); TIMES: a file to append one JSON line per step to.
# The measured loop builds with doCheck = false, so the package derivation
# runs `cargo build` only, like the floor it is compared with.
# LOOP_SALT reuses the derivations of an earlier run with that salt;
# LOOP_BASE_ONLY=1 skips steps 2-4 (step 6 and 7 then compare their replies
# with step 1's and the edited greeting).
source "$(dirname "$0")/lib.sh"
source "$SOURCE_ROOT/tests/lib/example-edits.sh"
MODE=${1:?usage: loop.sh symlinks|zstd|copy [TIMES]}
TIMES=${2:-}
need_example_crates

WORK=$SCRATCH/service
cp -r "$SOURCE_ROOT/examples/service" "$WORK"
rm -rf "$WORK/target"
example_add_fixture "$WORK" || fail "could not add the fixture crates to the service (example_add_fixture)"
chmod -R a+rX "$WORK"
# A fresh salt per run: every step-1 build is cold, never reused from the store.
RUN_SALT=${LOOP_SALT:-"-loop-$(date +%s%N)"}
EXAMPLE=$SOURCE_ROOT/tests/nix/example.nix

example_args=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg exampleDir "$WORK" --argstr mode "$MODE"
  --argstr salt "$RUN_SALT" --argstr registry "$REGISTRY" --arg doCheck false --arg fixtures true)

# build STEP: one nix-build of the service, as a user runs it (it builds the
# deps derivation first when that changed); prints the service's output
# path. Its log, each line stamped with the time it arrived, goes to
# $SCRATCH/STEP.log, and the step's times to $SCRATCH/STEP.times:
# "eval deps package total" in seconds (deps/package 0 when not built).
build() {
  local step=$1 log=$SCRATCH/$1.log t0 t1
  t0=$(date +%s.%N)
  local status=0
  { nix-build "$EXAMPLE" -A service --out-link "$ROOTS/service-$step" "${example_args[@]}" 2>&1 > "$SCRATCH/$step.out" \
      | perl -MTime::HiRes=time -ne '$| = 1; printf "%.3f %s", time, $_' > "$log"; } || status=$?
  t1=$(date +%s.%N)
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    fail "step $step: building the service failed (mode $MODE)"
  fi
  awk -v t0="$t0" -v t1="$t1" '
    NR == 1 { first = $1 }
    /building .*-deps-[^ ]*\.drv/ { deps = $1 }
    /building .*-service-[^ ]*\.drv/ && !/-deps-/ { pkg = $1 }
    END {
      eval_end = deps ? deps : (pkg ? pkg : t1)
      printf "%.3f %.3f %.3f %.3f\n", eval_end - t0, deps ? (pkg ? pkg : t1) - deps : 0, pkg ? t1 - pkg : 0, t1 - t0
    }' "$log" > "$SCRATCH/$step.times"
  tail -n 1 "$SCRATCH/$step.out"
}
# deps_of STEP: the deps output of the current source (already built by
# `build`), rooted as that step's.
deps_of() { nix-build "$EXAMPLE" -A cargoArtifacts --out-link "$ROOTS/deps-$1" "${example_args[@]}" 2>/dev/null | tail -n 1; }
deps_built() { grep -q "building .*-deps-[^ ]*\.drv" "$SCRATCH/$1.log"; }
service_built() { grep "building .*-service-[^ ]*\.drv" "$SCRATCH/$1.log" | grep -vq -- "-deps-"; }
drv_of() { nix-instantiate "$EXAMPLE" -A "$1" "${example_args[@]}" 2>/dev/null; }

# The seconds a log line reports: heirloom's summary ("in 0.123 s") or
# cargo's "Finished … in 2m 11s" / "in 14.81s" (the last in the log: the
# service's, as the deps build comes first).
heirloom_seconds() { sed -n "s/^[0-9.]* heirloom: $2.* in \([0-9.]*\) s$/\1/p" "$1" | tail -n 1; }
cargo_seconds() {
  sed -n 's/.*Finished .* in \([0-9m .]*\)s$/\1/p' "$1" | tail -n 1 \
    | awk '{ if (NF == 2) { sub("m", "", $1); print $1 * 60 + $2 } else if ($1 ~ /m$/) { sub("m", "", $1); print $1 * 60 } else print $1 }'
}

# record STEP PKG_OUT: one JSON line of what the step took.
record() {
  local step=$1 log=$SCRATCH/$1.log eval deps pkg total line
  read -r eval deps pkg total < "$SCRATCH/$step.times"
  local db=false pb=false
  deps_built "$step" && db=true
  service_built "$step" && pb=true
  line=$(printf '{"mode":"%s","step":"%s","total_s":%s,"eval_s":%s,"deps_s":%s,"package_s":%s,"deps_built":%s,"package_built":%s,"package_cargo_s":%s,"inherit_s":%s,"deps_install_s":%s,"package_rebuilt":"%s"}' \
    "$MODE" "$step" "$total" "$eval" "$deps" "$pkg" "$db" "$pb" \
    "$( (! $pb && echo null) || cargo_seconds "$log" | grep . || echo null)" \
    "$( (! $pb && echo null) || heirloom_seconds "$log" unpacked | grep . || echo null)" \
    "$( (! $db && echo null) || heirloom_seconds "$log" packed | head -n 1 | grep . || echo null)" \
    "$(rebuilt "$2" | sed 's/ $//')")
  note "$line"
  [ -z "$TIMES" ] || echo "$line" >> "$TIMES"
}

# Only the service compiled in the package build (every dependency fresh).
expect_only_service_rebuilt() {
  expect_eq "$(rebuilt "$1")" "service " "step $2: units cargo compiled in the package"
  [ "$(fresh_count "$1")" -ge 90 ] || fail "step $2: expected at least 90 fresh units, got $(fresh_count "$1")"
}
# fixture_tag OUT: what the service's --print writes to stderr
# (heirloom_fixture_top::tag()).
fixture_tag() { "$1/bin/service" --print 2>&1 > /dev/null; }
greeting() { "$1/bin/service" --print 2> /dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["message"])'; }

# 1. cold
ORIG=$SCRATCH/service-orig
cp -r "$WORK" "$ORIG"
pkg1=$(build 1)
deps1=$(deps_of 1)
if [ -z "${LOOP_SALT:-}" ]; then
  deps_built 1 || fail "step 1: the deps derivation was not built"
  service_built 1 || fail "step 1: the service was not built"
fi
expect_only_service_rebuilt "$pkg1" 1
expect_eq "$(greeting "$pkg1")" "hello from heirloom" "step 1: the service's greeting"
expect_eq "$(fixture_tag "$pkg1")" "heirloom-fixture-mid 0.1.0 counts 1" "step 1: the fixture's tag"
record 1 "$pkg1"
if [ "$MODE" != copy ]; then
  # The snapshot for steps 5-10: depsSnapshot of step 1's state, copied out of
  # the store as a user copies it into a directory of the project.
  nix-build "$EXAMPLE" -A depsSnapshot --out-link "$ROOTS/snapshot" "${example_args[@]}" > /dev/null 2>&1 \
    || fail "building depsSnapshot of the example failed"
  SNAPSHOT=$SCRATCH/deps-base
  cp -rL --no-preserve=mode "$ROOTS/snapshot" "$SNAPSHOT"
  chmod -R a+rX "$SNAPSHOT"
  [ -f "$SNAPSHOT/Cargo.lock" ] && [ -f "$SNAPSHOT/Cargo.toml" ] || fail "the snapshot lacks Cargo.toml or Cargo.lock: $(ls -A "$SNAPSHOT")"
  cmp -s "$SNAPSHOT/Cargo.lock" "$ORIG/Cargo.lock" || fail "the snapshot's Cargo.lock is not step 1's"
  grep -q '^fn main() {}$' "$SNAPSHOT/src/main.rs" || fail "the snapshot's main.rs is not a stub"
fi

if [ -z "${LOOP_BASE_ONLY:-}" ]; then
# 2. add a dependency: anyhow, locked with Debian's cargo against its registry
example_add_anyhow "$WORK" \
  || fail "step 2: cargo could not lock anyhow from Debian's registry"
grep -q '^name = "anyhow"$' "$WORK/Cargo.lock" || fail "step 2: anyhow is not in the updated Cargo.lock"
pkg2=$(build 2)
deps2=$(deps_of 2)
[ "$deps2" != "$deps1" ] || fail "step 2: a new dependency must change the deps derivation"
deps_built 2 || fail "step 2: the deps derivation was not rebuilt"
expect_contains "$SCRATCH/2.log" "Compiling anyhow v1.0.69" "step 2: the deps build"
expect_only_service_rebuilt "$pkg2" 2
record 2 "$pkg2"

# 3. change a constant in the service
example_change_constant "$WORK"
grep -q '"hello again from heirloom"' "$WORK/src/main.rs" || fail "step 3: the edit did not apply"
pkg3=$(build 3)
deps3=$(deps_of 3)
expect_eq "$deps3" "$deps2" "step 3: the deps output"
! deps_built 3 || fail "step 3: the deps derivation was rebuilt for an edit of the service"
service_built 3 || fail "step 3: the service was not rebuilt"
expect_only_service_rebuilt "$pkg3" 3
expect_eq "$(greeting "$pkg3")" "hello again from heirloom" "step 3: the rebuilt service's greeting"
record 3 "$pkg3"

# 4. edit README.md: the cleaned source, hence every derivation, is the same
drv_before=$(drv_of service)
example_edit_readme "$WORK"
expect_eq "$(drv_of service)" "$drv_before" "step 4: the service's derivation after editing README.md"
pkg4=$(build 4)
expect_eq "$pkg4" "$pkg3" "step 4: the service output"
expect_eq "$(deps_of 4)" "$deps3" "step 4: the deps output"
! deps_built 4 || fail "step 4: the deps derivation was rebuilt for a README edit"
! service_built 4 || fail "step 4: the service was rebuilt for a README edit"
record 4 "$pkg4"

if [ "$MODE" != copy ]; then
  expect_links_resolve "$deps3"
  nix-store -q --references "$pkg3" > "$SCRATCH/refs"
  # The service binary needs nothing from the deps output at run time.
  ! grep -q -- "-deps-" "$SCRATCH/refs" || fail "the service output must not refer to the deps output: $(cat "$SCRATCH/refs")"
fi
fi
[ "$MODE" != copy ] || { note "mode $MODE: 4 steps passed"; exit 0; }
# The base steps once per run, in symlinks mode (CI time); LOOP_BASE_ZSTD=1
# runs them in zstd mode too.
[ "$MODE" = symlinks ] || [ -n "${LOOP_BASE_ZSTD:-}" ] || { note "mode $MODE: 4 steps passed (the base steps run in symlinks mode)"; exit 0; }

# base_state EDIT...: $WORK becomes step 1's state with the edits applied.
base_state() {
  rm -rf "$WORK"
  cp -r "$ORIG" "$WORK"
  local e
  for e in "$@"; do "$e" "$WORK" || fail "the edit $e failed"; done
  chmod -R a+rX "$WORK"
}
example_args+=(--arg depsBase "$SNAPSHOT")
# layer_compiled STEP: the crates cargo compiled or checked in that step's deps
# layer (cargo prints a Compiling/Checking line for each unit it does not
# find fresh), from the layer's own log.
layer_compiled() {
  compiled_crates "$(deps_of "$1")"
}
# reply OUT: the service's reply to GET / without the time.
reply_of() { "$1/bin/service" --print 2> /dev/null | python3 -c 'import json, sys; r = json.load(sys.stdin); r.pop("time"); print(json.dumps(r, sort_keys=True))'; }
# base_of STEP: the artifacts the step's deps derivation inherits (its base).
base_of() { nix show-derivation "$(drv_of cargoArtifacts)" | python3 -c 'import json, sys; print(next(iter(json.load(sys.stdin).values()))["env"].get("cargoArtifacts", ""))'; }
# deps_builds STEP: how many deps derivations the step built.
deps_builds() { grep -c "building .*-deps-[^ ]*\.drv" "$SCRATCH/$1.log" || true; }
# The references of step 2 and 3, or of step 1 with LOOP_BASE_ONLY.
ref2=${pkg2:-$pkg1}
ref3=${pkg3:-}

base_state
pkg5=$(build 5)
deps5=$(deps_of 5)
expect_eq "$(base_of 5)" "$deps1" "step 5: the base (the deps output of the snapshot's state)"
expect_eq "$(deps_builds 5)" 1 "step 5: deps derivations built (the layer only)"
[ "$deps5" != "$deps1" ] || fail "step 5: the deps over the base must be a derivation of their own"
expect_eq "$(layer_compiled 5)" "heirloom-example-service " "step 5: crates compiled in the deps layer over the base"
expect_only_service_rebuilt "$pkg5" 5
expect_eq "$(reply_of "$pkg5")" "$(reply_of "$pkg1")" "step 5: the reply"
expect_links_resolve "$deps5"
record 5 "$pkg5"

base_state example_add_anyhow
pkg6=$(build 6)
deps6=$(deps_of 6)
expect_eq "$(base_of 6)" "$deps1" "step 6: the base"
expect_eq "$(deps_builds 6)" 1 "step 6: deps derivations built (the layer only)"
expect_eq "$(layer_compiled 6)" "anyhow heirloom-example-service " "step 6: crates compiled in the deps layer over the base"
expect_only_service_rebuilt "$pkg6" 6
expect_eq "$(reply_of "$pkg6")" "$(reply_of "$ref2")" "step 6: the reply (against step 2's, deps built from scratch)"
record 6 "$pkg6"

base_state example_add_anyhow example_change_constant
pkg7=$(build 7)
expect_eq "$(deps_of 7)" "$deps6" "step 7: the deps output"
! deps_built 7 || fail "step 7: the deps were rebuilt for an edit of the service"
expect_only_service_rebuilt "$pkg7" 7
expect_eq "$(greeting "$pkg7")" "hello again from heirloom" "step 7: the greeting"
[ -z "$ref3" ] || expect_eq "$(reply_of "$pkg7")" "$(reply_of "$ref3")" "step 7: the reply (against step 3's)"
record 7 "$pkg7"

base_state example_enable_feature
pkg8=$(build 8)
expect_eq "$(deps_builds 8)" 1 "step 8: deps derivations built (the layer only)"
expect_eq "$(layer_compiled 8)" "heirloom-example-service hyper tokio " "step 8: crates compiled in the deps layer over the base"
expect_only_service_rebuilt "$pkg8" 8
expect_eq "$(reply_of "$pkg8")" "$(reply_of "$pkg1")" "step 8: the reply"
record 8 "$pkg8"

base_state example_remove_sha2
! grep -q '^name = "sha2"$' "$WORK/Cargo.lock" || fail "step 9: sha2 is still in the lock"
pkg9=$(build 9)
expect_eq "$(deps_builds 9)" 1 "step 9: deps derivations built (the layer only)"
expect_eq "$(layer_compiled 9)" "heirloom-example-service " "step 9: crates compiled in the deps layer over the base"
expect_only_service_rebuilt "$pkg9" 9
expect_eq "$(reply_of "$pkg9")" "$(reply_of "$pkg1")" "step 9: the reply"
# The layer drops what the lock no longer names: no sha2 unit is listed in the package's messages.
! grep -q '"name":"sha2"' "$pkg9/cargo-messages.json" || fail "step 9: cargo still built sha2 in the package"
expect_links_resolve "$(deps_of 9)"
record 9 "$pkg9"

base_state example_upgrade_fixture
cmp -s "$WORK/Cargo.toml" "$ORIG/Cargo.toml" || fail "step 10: the upgrade changed Cargo.toml"
pkg10=$(build 10)
expect_eq "$(base_of 10)" "$deps1" "step 10: the base"
expect_eq "$(deps_builds 10)" 1 "step 10: deps derivations built (the layer only)"
expect_eq "$(layer_compiled 10)" "heirloom-example-service heirloom-fixture-mid heirloom-fixture-top " "step 10: crates compiled in the deps layer over the base"
expect_only_service_rebuilt "$pkg10" 10
# As a build from scratch of this state behaves (the lock names 0.1.1 only):
# 0.1.1's tag, and every other field of the reply as in step 1.
expect_eq "$(fixture_tag "$pkg10")" "heirloom-fixture-mid 0.1.1 counts [1]" "step 10: the fixture's tag"
expect_eq "$(reply_of "$pkg10")" "$(reply_of "$pkg1")" "step 10: the reply"
grep -q '/heirloom-fixture-mid-0\.1\.1/' "$pkg10/cargo-messages.json" || fail "step 10: no unit of heirloom-fixture-mid 0.1.1 in the package's messages"
! grep -q '/heirloom-fixture-mid-0\.1\.0/' "$pkg10/cargo-messages.json" || fail "step 10: the package still used heirloom-fixture-mid 0.1.0"
expect_links_resolve "$(deps_of 10)"
record 10 "$pkg10"
note "mode $MODE: 10 steps passed"
