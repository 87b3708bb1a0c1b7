# A user's build dir outside the target dir, with cargo 1.95 (the rustup
# toolchain in the store): tests/cargo/builddir through buildDepsOnly, then
# buildPackage on its output.
#   heirloomPrefix  the heirloom that meson just built (a staging prefix)
#   registry        Debian's crate registry in the store
#   toolchain       the rustup toolchain in the store
#   variant         "config": the workspace's .cargo/config.toml sets
#                   build.build-dir = "{cargo-cache-home}/build";
#                   "config-new": the same in -Zbuild-dir-new-layout;
#                   "env": no config file, the derivation sets
#                   CARGO_BUILD_BUILD_DIR to a directory beside the source
#   salt            makes every derivation distinct
{ heirloomPrefix
, registry
, toolchain
, variant ? "config"
, salt ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; rustToolchain = builtins.storePath toolchain; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  crates = builtins.path { path = ../cargo/builddir; name = "cargo-builddir"; filter = p: t: baseNameOf p != "target"; };
  workspace = hl.cleanCargoSource ../cargo/builddir/workspace;

  cargoVendorDir = pkgs.runCommand "cargo-builddir-vendor" { } ''
    bash ${crates}/vendor.sh $out ${builtins.storePath registry}
  '';

  common = {
    pname = "cargo-builddir-${variant}";
    version = "0.1.0";
    src = if variant == "env"
      then pkgs.lib.cleanSourceWith { src = workspace; filter = p: t: baseNameOf p != ".cargo"; }
      else workspace;
    inherit cargoVendorDir;
    doCheck = false;
    HEIRLOOM_TEST_SALT = salt;
  } // (if variant == "env" then {
    # relative: cargo reads it against its working directory
    CARGO_BUILD_BUILD_DIR = "../user-build-dir";
  } else { }) // (if variant == "config-new" then {
    RUSTC_BOOTSTRAP = "1";
    CARGO_UNSTABLE_BUILD_DIR_NEW_LAYOUT = "true";
  } else { });

  deps = hl.buildDepsOnly (common // { cargoCheckCommand = ""; });
in
{
  inherit deps;

  package = hl.buildPackage (common // {
    cargoArtifacts = deps;
    postInstall = ''
      mkdir -p $out
      sort "$NIX_BUILD_TOP/cargo-build.json" > $out/cargo-messages.json
      $out/bin/app > $out/app-output.txt
    '';
  });
}
