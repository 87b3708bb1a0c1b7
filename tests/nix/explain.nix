# The nix-explain test: tests/cargo/explain through heirloom's library with
# Debian's cargo. `plain` inherits the deps output as it is; `feature`
# enables app's `extra` (fnv's `std`) in the package only, the commonest
# cause of "my dependencies are rebuilt". `otherRustc` is the package built
# with another toolchain (`toolchain`: the rustup toolchain in the store,
# rustc 1.95) over the deps output Debian's rustc built: a base built with
# another rustc.
{ heirloomPrefix
, salt ? ""
, registry ? ""
, toolchain ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  pkgsToday = import ./pkgs { inherit system; rustToolchain = builtins.storePath toolchain; };
  hlToday = import ../../nix/lib { pkgs = pkgsToday; inherit heirloom; };
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
  otherRustc = hlToday.buildPackage (common // { cargoArtifacts = deps; });
}
