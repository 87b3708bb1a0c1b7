# vendorCargoDeps end to end: a small project whose Cargo.lock names crates
# served from a local registry (registryUrl = file://…), vendored by the
# library, then built by buildDepsOnly and buildPackage.
#   project      the project directory (Cargo.toml, Cargo.lock, src/)
#   registryUrl  where <name>/<version>/download holds each .crate (the
#                crates.io entry of crateRegistries is replaced with it)
{ heirloomPrefix
, project
, registryUrl
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  # crates.io's packages, downloaded from `registryUrl` instead.
  base = import ../../nix/lib { inherit pkgs heirloom; };
  hl = base.appendCrateRegistries [
    (base.registryFromDownloadUrl { dl = registryUrl; indexUrl = "https://github.com/rust-lang/crates.io-index"; })
  ];
  src = hl.cleanCargoSource project;
  cargoVendorDir = hl.vendorCargoDeps { inherit src; };
in
{
  inherit cargoVendorDir;
  package = hl.buildPackage { inherit src cargoVendorDir; doCheck = false; };
}
