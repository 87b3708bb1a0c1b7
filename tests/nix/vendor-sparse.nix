# vendorCargoDeps with a sparse registry served over HTTP (and a git-index
# one, registryFromGitIndex): the library
# learns the registry from registryFromSparse (its config.json, fetched
# and checked against configSha256), vendors the lock's crates from its
# "dl" URLs, and buildDepsOnly + buildPackage build the project with
# today's cargo (sparse indexes need cargo 1.68 or later).
#   project        the project directory (Cargo.toml, Cargo.lock, .cargo/config.toml, src/)
#   toolchain      the rustup toolchain in the store
#   indexUrl       the sparse index, without "sparse+" (http://…/index/)
#   configSha256   sha256 of its config.json
#   dl             the config's "dl", for registryFromDownloadUrl's entry
#   gitIndexUrl, gitIndexRev  a second registry, a git index (registryFromGitIndex)
{ heirloomPrefix
, project
, toolchain
, indexUrl
, configSha256
, dl ? null
, gitIndexUrl
, gitIndexRev
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; rustToolchain = builtins.storePath toolchain; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  base = import ../../nix/lib { inherit pkgs heirloom; };
  registry = base.registryFromSparse { inherit indexUrl configSha256; };
  gitIndex = base.registryFromGitIndex { indexUrl = gitIndexUrl; rev = gitIndexRev; };
  hl = base.appendCrateRegistries [ registry gitIndex ];
  src = hl.cleanCargoSource project;
  cargoVendorDir = hl.vendorCargoDeps { inherit src; };
  cargoArtifacts = hl.buildDepsOnly { inherit src cargoVendorDir; };
in
{
  inherit cargoVendorDir cargoArtifacts registry;
  package = hl.buildPackage { inherit src cargoVendorDir cargoArtifacts; doCheck = false; };
  # The same registry written out by hand.
  fromDownloadUrl = base.registryFromDownloadUrl { inherit dl; inherit indexUrl; registryPrefix = "sparse+"; };
  # Without the sparse registry: urlForCargoPackage names the crate.
  unknownRegistry = (base.appendCrateRegistries [ gitIndex ]).vendorCargoDeps { inherit src; };
}
