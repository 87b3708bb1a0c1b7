# vendorCargoDeps with a git dependency and a crate of a second registry:
# the library gets the registry through appendCrateRegistries
# (registryFromGitIndex of its index), vendors both, and builds the project
# with buildDepsOnly and buildPackage.
#   project       the project directory (Cargo.toml, Cargo.lock, .cargo/config.toml, src/)
#   indexUrl, indexRev  the second registry's git index (its config.json has "dl")
#   outputHashes  passed to vendorCargoDeps
{ heirloomPrefix
, project
, indexUrl
, indexRev
, outputHashes ? { }
, sparseUrl ? null
, sparseSha256 ? null
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  base = import ../../nix/lib { inherit pkgs heirloom; };
  hl = base.appendCrateRegistries [ (base.registryFromGitIndex { inherit indexUrl; rev = indexRev; }) ];
  src = hl.cleanCargoSource project;
  cargoVendorDir = hl.vendorCargoDeps { inherit src outputHashes; };
  cargoArtifacts = hl.buildDepsOnly { inherit src cargoVendorDir; };
in
{
  inherit cargoVendorDir cargoArtifacts;
  package = hl.buildPackage { inherit src cargoVendorDir cargoArtifacts; doCheck = false; };
  packageKeepingReferences = hl.buildPackage { inherit src cargoVendorDir cargoArtifacts; doCheck = false; doNotRemoveReferencesToVendorDir = true; };
  # Without the registry: urlForCargoPackage names the crate.
  unknownRegistry = base.vendorCargoDeps { inherit src; };
  sparse = base.registryFromSparse { indexUrl = sparseUrl; configSha256 = sparseSha256; };
  gitIndex = base.registryFromGitIndex { inherit indexUrl; rev = indexRev; };
}
