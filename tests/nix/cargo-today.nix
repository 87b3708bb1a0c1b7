# Today's cargo in Nix: tests/cargo/today built with heirloom's library
# (buildDepsOnly, buildPackage, cargoTest, cargoClippy) against the stand-in
# pkgs, whose cargo, rustc and clippy are the machine's rustup toolchain
# copied into the store (tests/nix/lib.sh: rust_toolchain_store_path).
#   heirloomPrefix  the heirloom that meson just built (a staging prefix)
#   registry        Debian's crate registry in the store
#   toolchain       the rustup toolchain in the store
#   layout          "old": cargo's default build dir; "new": the per-unit
#                   layout of -Zbuild-dir-new-layout
#   salt            makes every derivation distinct
{ heirloomPrefix
, registry
, toolchain
, layout ? "old"
, salt ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; rustToolchain = builtins.storePath toolchain; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  today = builtins.path { path = ../cargo/today; name = "cargo-today"; filter = p: t: baseNameOf p != "target"; };

  # Debian's crates the workspace uses, and its two build-script crates.
  cargoVendorDir = pkgs.runCommand "cargo-today-vendor" { } ''
    bash ${today}/vendor.sh $out ${builtins.storePath registry}
  '';

  # cargo's JSON messages of each step, kept for the test to read.
  json = "--message-format json-render-diagnostics";
  keepMessages = ''
    mkdir -p $out
    sort "$NIX_BUILD_TOP/cargo-messages.json" > $out/cargo-messages.json
  '';

  common = {
    pname = "cargo-today-${layout}";
    version = "0.1.0";
    src = hl.cleanCargoSource ../cargo/today/workspace;
    inherit cargoVendorDir;
    HEIRLOOM_TEST_SALT = salt;
  } // (if layout == "new" then {
    # cargo's per-unit build dir is still behind -Z in 1.95
    RUSTC_BOOTSTRAP = "1";
    CARGO_UNSTABLE_BUILD_DIR_NEW_LAYOUT = "true";
  } else { });

  deps = hl.buildDepsOnly common;
in
{
  inherit deps pkgs;

  # The toolchain runs as a build user, from the store.
  versions = pkgs.runCommand "cargo-today-versions${salt}" { nativeBuildInputs = [ pkgs.cargo pkgs.rustc pkgs.clippy pkgs.rustfmt ]; } ''
    { rustc -vV; cargo -V; rustdoc -V; clippy-driver -V; cargo clippy -V; rustfmt -V; } > $out
  '';

  package = hl.buildPackage (common // {
    cargoArtifacts = deps;
    doCheck = false;
    postInstall = ''
      cp "$NIX_BUILD_TOP/cargo-build.json" "$NIX_BUILD_TOP/cargo-messages.json"
      ${keepMessages}
      $out/bin/app > $out/app-output.txt
    '';
  });

  # Without the shim, the rerun meets hl-flaky's inherited rlib, a store link.
  packageNoShim = hl.buildPackage (common // {
    pname = "cargo-today-${layout}-noshim";
    cargoArtifacts = deps;
    doCheck = false;
    doNotUseHeirloomRustc = true;
  });

  test = hl.cargoTest (common // {
    cargoArtifacts = deps;
    doInstallCargoArtifacts = false;
    cargoTestExtraArgs = "${json} > $NIX_BUILD_TOP/cargo-messages.json";
    postInstall = keepMessages;
  });

  clippy = hl.cargoClippy (common // {
    cargoArtifacts = deps;
    doInstallCargoArtifacts = false;
    cargoClippyExtraArgs = "--all-targets ${json} -- --deny warnings > $NIX_BUILD_TOP/cargo-messages.json";
    postInstall = keepMessages;
  });
}
