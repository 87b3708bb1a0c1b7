# The example service (examples/service/default.nix) as the `nix` suite
# builds it: against the stand-in pkgs, with the heirloom under test and
# Debian's crate registry as the vendor dir.
#   exampleDir  a copy of examples/service (the loop test edits its copy)
#   mode        "symlinks" or "zstd" (installCargoArtifactsMode), or "copy":
#               the baseline that copies the whole target dir into the deps
#               output and back out of it, without heirloom
#   salt        makes every derivation distinct, for measured cold builds
#   doCheck     false: no `cargo test` in any derivation (the measured loop)
#   registry    Debian's crate registry in the store (debian-registry.nix)
#   depsBase    a dependency snapshot directory (examples/service's depsBase)
#   extraArgs   more attributes for every derivation (a test's bad input)
#   fixtures    true: the registry also holds the fixture crates of
#               tests/data/crates (example-registry.nix)
{ heirloomPrefix
, exampleDir ? ../../examples/service
, mode ? "symlinks"
, salt ? ""
, doCheck ? true
, registry ? ""
, depsBase ? null
, fixtures ? false
, extraArgs ? { }
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  heirloomLib = import ../../nix/lib { inherit pkgs heirloom; };
  debianDir = import ./debian-registry.nix { storePath = registry; };
  vendorDir = if fixtures then import ./example-registry.nix { inherit pkgs; debian = debianDir; } else debianDir;

  # cargo's JSON messages of buildPackage, sorted, for the tests to read.
  keepMessages = ''
    if [ -f "$NIX_BUILD_TOP/cargo-build.json" ]; then
      sort "$NIX_BUILD_TOP/cargo-build.json" > $out/cargo-messages.json
    fi
  '';

  modeArgs = {
    symlinks = { installCargoArtifactsMode = "symlinks"; postInstall = keepMessages; };
    zstd = { installCargoArtifactsMode = "zstd"; postInstall = keepMessages; };
    copy = {
      doInstallCargoArtifacts = false;
      dontInheritCargoArtifacts = true;
      postPatch = ''
        if [ -n "''${cargoArtifacts:-}" ]; then
          # (timestamps kept: cargo compares them between units)
          cp -r --preserve=timestamps "$cargoArtifacts/target" target
          chmod -R u+w target
        fi
      '';
      postInstall = keepMessages + ''
        case $pname in
          *-deps) cp -r target $out/target ;;
        esac
      '';
    };
  }.${mode};
in
import (exampleDir + "/default.nix") {
  inherit pkgs heirloomLib depsBase;
  cargoVendorDir = vendorDir;
  commonArgs = { HEIRLOOM_TEST_SALT = salt; inherit doCheck; } // modeArgs // extraArgs;
}
