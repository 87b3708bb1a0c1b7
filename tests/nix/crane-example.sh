# The crane drop-in, end to end: the example service built by a crane-style
# expression (tests/nix/crane-example.nix) that uses crane's names only plus
#   craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);
# over the crane-shaped library: buildDepsOnly, then buildPackage with
# cargoArtifacts. In the package build cargo compiles the service and no
# dependency (its compiler-artifact messages), and the installed binary runs.
source "$(dirname "$0")/lib.sh"
need_example_crates
CASES=$SOURCE_ROOT/tests/nix/crane-example.nix

deps=$(nb cargoArtifacts) || fail "buildDepsOnly of the example failed"
[ -f "$deps/symlinks.tar" ] || fail "the deps build did not install through heirloom (no symlinks.tar in $deps)"
expect_links_resolve "$deps"

service=$(nb service) || fail "buildPackage of the example failed"
log=$SCRATCH/service.log
expect_contains "$log" "inheritCargoArtifacts: $deps -> target" "the package build's log"
expect_contains "$log" "useHeirloomRustcWrapper: RUSTC_WRAPPER=" "the package build's log"
[ -s "$service/cargo-messages.json" ] || fail "the package build kept no cargo messages"
expect_eq "$(rebuilt "$service")" "service " "units cargo compiled in the package build"
fresh=$(fresh_count "$service")
[ "$fresh" -ge 90 ] || fail "expected at least 90 fresh dependency units in the package build, got $fresh"

out=$("$service/bin/service" --print) || fail "the service built through crane's names does not run"
case $out in *'"message":"hello from heirloom"'*) ;; *) fail "unexpected output of the service: $out" ;; esac
note "crane-style example: only the service compiled over $deps ($fresh units fresh)"

# crane's buildDepsOnly { cargoArtifacts = base; }: the deps of the service
# with anyhow added, over the deps above as their base. cargo compiles anyhow
# and no other dependency (its Compiling/Checking lines); the package over
# that layer compiles only the service, which runs.
source "$SOURCE_ROOT/tests/lib/example-edits.sh"
edited=$SCRATCH/edited
cp -r "$SOURCE_ROOT/examples/service" "$edited"
rm -rf "$edited/target"
example_add_anyhow "$edited" || fail "cargo could not lock anyhow from Debian's registry"
chmod -R a+rX "$edited"
layer=$(nb depsOverBase --arg editedDir "$edited") || fail "crane's buildDepsOnly over a base failed"
expect_contains "$SCRATCH/depsOverBase.log" "inheritCargoArtifacts: $deps -> target" "the deps build over the base"
compiled=$(sed -n 's/^ *\(Compiling\|Checking\) \([^ ]*\) v.*/\2/p' "$SCRATCH/depsOverBase.log" | { grep -vx heirloom-example-service || true; } | sort -u | tr '\n' ' ')
expect_eq "$compiled" "anyhow " "dependencies cargo compiled in crane's buildDepsOnly over the base"
expect_links_resolve "$layer"
grep -qxF "$deps" <(nix-store -q --references "$layer") || fail "the deps layer does not refer to its base $deps"
service2=$(nb serviceOverBase --arg editedDir "$edited") || fail "buildPackage over the deps layer failed"
expect_eq "$(rebuilt "$service2")" "service " "units cargo compiled in the package over the deps layer"
out=$("$service2/bin/service" --print) || fail "the service over the deps layer does not run"
case $out in *'"message":"hello from heirloom"'*) ;; *) fail "unexpected output of the service over the layer: $out" ;; esac
note "crane's buildDepsOnly over a base: only anyhow compiled"
