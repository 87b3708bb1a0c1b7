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
