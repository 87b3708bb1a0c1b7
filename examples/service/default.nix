# The example service, built with heirloom's crane-style library:
#   cargoArtifacts  the dependencies only, from a dummy source (buildDepsOnly)
#   service         the binary, inheriting cargoArtifacts (buildPackage)
#   tests, clippy, doc   chained on cargoArtifacts as well
# Arguments:
#   pkgs            a nixpkgs package set
#   heirloomLib     (heirloom.lib.mkLib pkgs); default: this repository's
#   cargoVendorDir  a vendor dir for the crates; default (null): fetched
#                   from crates.io by Cargo.lock's checksums
#   commonArgs      extra attributes for every derivation
#   depsBase        a dependency snapshot (the `depsSnapshot` attribute,
#                   copied into a directory you commit, e.g. ./deps-base):
#                   its dependencies are built once, and a change of
#                   Cargo.toml or Cargo.lock compiles only what differs
{ pkgs
, heirloomLib ? import ../../nix/lib { inherit pkgs; }
, cargoVendorDir ? null
, commonArgs ? { }
, depsBase ? null
}:
let
  hl = heirloomLib;
  # Only what cargo reads: editing README.md or this file rebuilds nothing.
  src = hl.cleanCargoSource ./.;
  common = { inherit src cargoVendorDir; } // commonArgs;
  cargoArtifacts = hl.buildDepsOnly (common // pkgs.lib.optionalAttrs (depsBase != null) { inherit depsBase; });
in
{
  inherit cargoArtifacts;
  # nix-build -A depsSnapshot && cp -rL --no-preserve=mode result deps-base
  depsSnapshot = hl.depsSnapshot { inherit src; };
  service = hl.buildPackage (common // { inherit cargoArtifacts; });
  tests = hl.cargoTest (common // { inherit cargoArtifacts; });
  clippy = hl.cargoClippy (common // { inherit cargoArtifacts; });
  doc = hl.cargoDoc (common // { inherit cargoArtifacts; });
}
