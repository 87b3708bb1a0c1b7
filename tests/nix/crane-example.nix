# The example service (examples/service) built as a crane user builds it,
# with crane's names only, plus the one line that brings heirloom in:
#   craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);
# crane is the crane-shaped library (./crane-shape), heirloom.lib is what
# heirloom's flake.nix exposes, with the heirloom under test as its package.
# Debian's crate registry is the vendored registry (cargoVendorDir).
#   heirloomPrefix  the heirloom under test, staged as an install prefix
#   salt            makes every derivation distinct
#   registry        Debian's crate registry in the store (debian-registry.nix)
#   editedDir       a copy of examples/service with an edited Cargo.toml and
#                   Cargo.lock: its deps build inherits the first one as a
#                   base (buildDepsOnly { cargoArtifacts = …; })
{ heirloomPrefix
, salt ? ""
, registry ? ""
, editedDir ? null
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  crane = import ./crane-shape;
  heirloom.lib.craneOverride = pkgs: (import ../../nix/lib {
    inherit pkgs;
    heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  }).craneOverride;

  craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);

  commonArgs = {
    pname = "crane-example-service${salt}";
    version = "0.1.0";
    src = builtins.path { path = ../../examples/service; name = "service-src"; };
    strictDeps = true;
    cargoVendorDir = import ./debian-registry.nix { storePath = registry; };
    # One deps build that the package inherits, no test builds.
    doCheck = false;
  };
  cargoArtifacts = craneLib.buildDepsOnly commonArgs;
  keepMessages = "grep '^{' $cargoBuildLog | sort > $out/cargo-messages.json";
  edited = commonArgs // { src = builtins.path { path = editedDir; name = "service-src"; }; };
  # crane's buildDepsOnly with a base: the deps of the edited source over
  # those of the first (a snapshot's, for a user).
  depsOverBase = craneLib.buildDepsOnly (edited // { inherit cargoArtifacts; });
in
{
  inherit cargoArtifacts;
  service = craneLib.buildPackage (commonArgs // {
    inherit cargoArtifacts;
    # cargo's messages of the build ($cargoBuildLog), for the test to read.
    postInstall = keepMessages;
  });
  inherit depsOverBase;
  serviceOverBase = craneLib.buildPackage (edited // { cargoArtifacts = depsOverBase; postInstall = keepMessages; });
}
