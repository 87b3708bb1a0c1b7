# A small project over a dependency base (tests/nix/base-layers.sh): the
# test writes two states of it, A (itoa and ryu from Debian's registry) and
# B (A plus heirloom-fixture-mid, a crate of tests/data/crates that depends
# on itoa), each with the Cargo.lock Debian's cargo made for it.
#   heirloomPrefix  the heirloom that meson just built (a staging prefix)
#   registry        Debian's crate registry in the store
#   srcDir          the state to build
#   depsBase        a snapshot directory (depsSnapshot of state A), or null
#   mode            installCargoArtifactsMode
#   salt            makes every derivation distinct
{ heirloomPrefix
, registry
, srcDir
, depsBase ? null
, mode ? "symlinks"
, salt ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  inherit (pkgs) lib;
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  reg = builtins.storePath registry;

  # Copies of the three crates, so that a chain's closure (which the test
  # copies into a store of its own) is a few hundred KB, not the registry.
  cargoVendorDir = pkgs.runCommand "base-layers-vendor" { fixtures = ../data/crates; } ''
    mkdir $out
    for c in ${reg}/itoa-1.0.1 ${reg}/ryu-1.0.2 $fixtures/heirloom-fixture-mid-0.1.0; do
      [ -d "$c" ] || { echo "base-layers: $c is missing (apt-get install librust-itoa-dev librust-ryu-dev)" >&2; exit 1; }
      cp -r "$c" $out/
    done
  '';

  src = hl.cleanCargoSource srcDir;
  common = {
    pname = "based";
    version = "0.1.0";
    inherit src cargoVendorDir;
    doCheck = false;
    installCargoArtifactsMode = mode;
    HEIRLOOM_TEST_SALT = salt;
  };
in
rec {
  snapshot = hl.depsSnapshot { inherit src; };
  deps = hl.buildDepsOnly (common // lib.optionalAttrs (depsBase != null) { inherit depsBase; });
  # What the deps derivation inherits: the base (buildDepsBase of depsBase).
  base = deps.cargoArtifacts;
  package = hl.buildPackage (common // {
    cargoArtifacts = deps;
    postInstall = ''
      sort "$NIX_BUILD_TOP/cargo-build.json" > $out/cargo-messages.json
      $out/bin/based > $out/output.txt
    '';
  });
}
