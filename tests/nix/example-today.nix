# The example service (examples/service/default.nix) with today's cargo: the
# stand-in pkgs with the rustup toolchain in the store (cargo 1.95) and
# cargo's per-unit build dir (-Zbuild-dir-new-layout, RUSTC_BOOTSTRAP=1).
# One deps output (the example's cargoArtifacts), then the service, its
# tests and clippy on it, each keeping cargo's JSON messages.
#   heirloomPrefix  the heirloom that meson just built (a staging prefix)
#   registry        Debian's crate registry in the store
#   toolchain       the rustup toolchain in the store
#   salt            makes every derivation distinct
{ heirloomPrefix
, registry
, toolchain
, salt ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; rustToolchain = builtins.storePath toolchain; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  cargoVendorDir = import ./debian-registry.nix { storePath = registry; };
  commonArgs = {
    HEIRLOOM_TEST_SALT = salt;
    RUSTC_BOOTSTRAP = "1";
    CARGO_UNSTABLE_BUILD_DIR_NEW_LAYOUT = "true";
  };
  example = import ../../examples/service/default.nix { inherit pkgs cargoVendorDir commonArgs; heirloomLib = hl; };
  common = commonArgs // { src = hl.cleanCargoSource ../../examples/service; inherit cargoVendorDir; inherit (example) cargoArtifacts; };
  json = "--message-format json-render-diagnostics";
  keepMessages = ''
    mkdir -p $out
    sort "$NIX_BUILD_TOP/cargo-messages.json" > $out/cargo-messages.json
  '';
in
{
  deps = example.cargoArtifacts;
  # (its tests run in `tests`, on the same deps output)
  service = example.service.overrideAttrs (old: {
    doCheck = false;
    postInstall = (old.postInstall or "") + ''
      cp "$NIX_BUILD_TOP/cargo-build.json" "$NIX_BUILD_TOP/cargo-messages.json"
      ${keepMessages}
    '';
  });
  tests = hl.cargoTest (common // {
    doInstallCargoArtifacts = false;
    cargoTestExtraArgs = "${json} > $NIX_BUILD_TOP/cargo-messages.json";
    postInstall = keepMessages;
  });
  clippy = hl.cargoClippy (common // {
    doInstallCargoArtifacts = false;
    cargoClippyExtraArgs = "--all-targets ${json} -- --deny warnings > $NIX_BUILD_TOP/cargo-messages.json";
    postInstall = keepMessages;
  });
}
