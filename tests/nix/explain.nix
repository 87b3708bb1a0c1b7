# The nix-explain test: tests/cargo/explain through heirloom's library with
# Debian's cargo. `plain` inherits the deps output as it is; `feature`
# enables app's `extra` (fnv's `std`) in the package only, the commonest
# cause of "my dependencies are rebuilt".
{ heirloomPrefix
, salt ? ""
, registry ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  common = {
    pname = "explain-app";
    version = "0.1.0";
    src = builtins.path { path = ../cargo/explain; name = "explain-src"; };
    cargoVendorDir = import ./debian-registry.nix { storePath = registry; };
    doCheck = false;
    HEIRLOOM_TEST_SALT = salt;
  };
in
rec {
  deps = hl.buildDepsOnly common;
  plain = hl.buildPackage (common // { cargoArtifacts = deps; });
  feature = hl.buildPackage (common // { cargoArtifacts = deps; cargoExtraArgs = "--locked --features extra"; });
}
