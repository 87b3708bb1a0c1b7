# The edit-build loop on the example service (examples/service, through
# tests/nix/example.nix), in real nix-builds, for one inheritance mode:
#   1. cold: the deps-only derivation, then the service on top of it;
#   2. add a dependency (anyhow): both rebuild, cargo compiles only the
#      service in the package;
#   3. change a constant: the deps derivation is not rebuilt at all, cargo
#      compiles only the service;
#   4. edit README.md: nothing rebuilds (same derivations).
# Usage: loop.sh MODE [TIMES]  MODE: symlinks | zstd | copy (the baseline
# without heirloom); TIMES: a file to append one JSON line per step to.
# The measured loop builds with doCheck = false, so the package derivation
# runs `cargo build` only, like the floor it is compared with.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_ROOT/tests/lib/example-edits.sh"
MODE=${1:?usage: loop.sh symlinks|zstd|copy [TIMES]}
TIMES=${2:-}
need_example_crates

WORK=$SCRATCH/service
cp -r "$SOURCE_ROOT/examples/service" "$WORK"
rm -rf "$WORK/target"
chmod -R a+rX "$WORK"
# A fresh salt per run: every step-1 build is cold, never reused from the store.
RUN_SALT="-loop-$(date +%s%N)"
EXAMPLE=$SOURCE_ROOT/tests/nix/example.nix

example_args=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg exampleDir "$WORK" --argstr mode "$MODE"
  --argstr salt "$RUN_SALT" --argstr registry "$REGISTRY" --arg doCheck false)

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
greeting() { "$1/bin/service" --print | python3 -c 'import json, sys; print(json.load(sys.stdin)["message"])'; }

# 1. cold
pkg1=$(build 1)
deps1=$(deps_of 1)
deps_built 1 || fail "step 1: the deps derivation was not built"
service_built 1 || fail "step 1: the service was not built"
expect_only_service_rebuilt "$pkg1" 1
expect_eq "$(greeting "$pkg1")" "hello from heirloom" "step 1: the service's greeting"
record 1 "$pkg1"

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
note "mode $MODE: 4 steps passed"
