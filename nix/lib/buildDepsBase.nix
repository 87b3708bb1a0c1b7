# buildDepsBase { snapshot, … }: the dependencies of a snapshot (a directory
# written by depsSnapshot: the manifests and Cargo.lock of an earlier state),
# built once as an artifacts output. A deps build of the current source that
# inherits it (buildDepsOnly { depsBase = ./deps-base; … }, or crane's
# buildDepsOnly { cargoArtifacts = base; … } through craneOverride) finds
# every unit whose hash did not change and compiles only the rest; its output
# is a layer on top of the base (pack --prev).
#   snapshot  the snapshot directory (a path; read by value)
# plus everything buildDepsOnly takes, which should be the arguments of the
# deps build that inherits the base: the profile, flags and commands make
# the unit hashes. cargoVendorDir defaults to vendorCargoDeps of the
# snapshot's lock.
#
# The base is exactly buildDepsOnly of the snapshot: a snapshot taken of the
# current state gives the deps derivation that state already has (mkDummySrc
# of a dummy source is the same dummy source), so taking one builds nothing.
{ lib, buildDepsOnly, mkDummySrc, vendorCargoDeps }:
{ snapshot, ... }@args:
let
  path = toString snapshot;
  need = rel:
    if builtins.pathExists (snapshot + "/${rel}") then true
    else throw "buildDepsBase: ${path}: no ${rel} (a snapshot holds the manifests and Cargo.lock of a workspace: see depsSnapshot)";

  # NB: checked at evaluation, line by line, against the shapes of line
  # cargo writes into a Cargo.lock (formats 1 to 4), so that a snapshot
  # edited by hand or left with merge conflict markers fails with one line
  # naming it, before any build (builtins.fromTOML would fail with several).
  lockShapes = [
    ""
    "#.*"
    "version = [0-9]+"
    "\\[\\[package]]"
    "\\[metadata]"
    "\\[root]"
    "\\[patch\\.unused]"
    "\\[\\[patch\\.unused]]"
    "(name|version|source|checksum|replace) = \"[^\"\\\\]*\""
    "dependencies = \\["
    "dependencies = \\[]"
    " \"[^\"\\\\]*\","
    "]"
    "\"checksum [^\"\\\\]*\" = \"[^\"\\\\]*\""
  ];
  lockLines = lib.splitString "\n" (builtins.readFile (snapshot + "/Cargo.lock"));
  checkLock =
    let
      numbered = builtins.genList (i: { n = i + 1; l = builtins.elemAt lockLines i; }) (builtins.length lockLines);
      bad = lib.findFirst (x: !(lib.any (re: builtins.match re x.l != null) lockShapes)) null numbered;
    in
    if bad == null then true
    else throw "buildDepsBase: ${path}/Cargo.lock: line ${toString bad.n} is not a line of a Cargo.lock (${builtins.toJSON bad.l})";
  rest = builtins.removeAttrs args [ "snapshot" "src" "dummySrc" "depsBase" "cargoArtifacts" ];
in
assert need "Cargo.toml" && need "Cargo.lock" && checkLock;
buildDepsOnly (rest // {
  dummySrc = mkDummySrc { src = snapshot; };
  cargoVendorDir = args.cargoVendorDir or (vendorCargoDeps { src = snapshot; });
})
