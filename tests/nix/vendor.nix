# vendorCargoDeps end to end: a small project whose Cargo.lock names crates
# served from a local registry (registryUrl = file://…), vendored by the
# library, then built by buildDepsOnly and buildPackage.
#   project      the project directory (Cargo.toml, Cargo.lock, src/)
#   registryUrl  where <name>/<version>/download holds each .crate
{ heirloomPrefix
, project
, registryUrl
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  src = hl.cleanCargoSource project;
  cargoVendorDir = hl.vendorCargoDeps { inherit src registryUrl; };
in
{
  inherit cargoVendorDir;
  package = hl.buildPackage { inherit src cargoVendorDir; doCheck = false; };
}
