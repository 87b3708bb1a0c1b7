# mkCargoDerivation: stdenv.mkDerivation for a cargo build with heirloom's
# three hooks. Every other function of the library is built on it.
#   cargoArtifacts            an artifacts output to inherit (or null)
#   cargoVendorDir            a vendor directory (default: vendorCargoDeps { inherit src; })
#   buildPhaseCargoCommand    required: the cargo command(s) of the build phase
#   checkPhaseCargoCommand    the check phase's command ("" skips; default "")
#   installPhaseCommand       default: `mkdir -p $out`
#   cargoExtraArgs            appended to cargo commands by the functions (default "--locked")
#   CARGO_PROFILE             default "release"
#   doInstallCargoArtifacts   default true: $out is an artifacts output
#   installCargoArtifactsMode "symlinks" (default) or "zstd"
# Other attributes go to stdenv.mkDerivation unchanged.
{ lib
, stdenv
, cargo
, rustc
, vendorCargoDeps
, inheritCargoArtifactsHook
, installCargoArtifactsHook
, heirloomRustcHook
}:
{ buildPhaseCargoCommand
, checkPhaseCargoCommand ? ""
, installPhaseCommand ? "mkdir -p $out"
, cargoArtifacts ? null
, cargoVendorDir ? null
, cargoExtraArgs ? "--locked"
, CARGO_PROFILE ? "release"
, doInstallCargoArtifacts ? true
, installCargoArtifactsMode ? "symlinks"
, nativeBuildInputs ? [ ]
, ...
}@args:
let
  vendorDir = if cargoVendorDir != null then cargoVendorDir else vendorCargoDeps { inherit (args) src; };
  rest = builtins.removeAttrs args [
    "buildPhaseCargoCommand" "checkPhaseCargoCommand" "installPhaseCommand" "cargoVendorDir" "nativeBuildInputs"
    "cargoArtifacts"
  ];
in
stdenv.mkDerivation (rest // {
  inherit cargoExtraArgs CARGO_PROFILE doInstallCargoArtifacts installCargoArtifactsMode
    buildPhaseCargoCommand checkPhaseCargoCommand installPhaseCommand;
  cargoVendorDir = vendorDir;
  nativeBuildInputs = [ cargo rustc inheritCargoArtifactsHook installCargoArtifactsHook heirloomRustcHook ] ++ nativeBuildInputs;
  CARGO_TERM_COLOR = args.CARGO_TERM_COLOR or "never";
  # NB: incremental compilation writes per-session state that would change
  # the outputs of identical builds; Nix builds are from scratch anyway.
  CARGO_INCREMENTAL = args.CARGO_INCREMENTAL or "0";

  # Cargo reads crates from the vendor dir only, offline.
  configurePhase = args.configurePhase or ''
    runHook preConfigure
    export CARGO_HOME=$NIX_BUILD_TOP/.cargo-home
    mkdir -p "$CARGO_HOME"
    {
      echo '[source.crates-io]'
      echo 'replace-with = "vendored-sources"'
      echo '[source.vendored-sources]'
      echo "directory = \"$cargoVendorDir\""
      echo '[net]'
      echo 'offline = true'
    } > "$CARGO_HOME/config.toml"
    # NB: every store file has mtime 1, the inherited fingerprints included.
    # cargo decides whether a workspace crate is fresh by comparing its
    # source mtimes with its fingerprint's, so sources from the store would
    # look unchanged against a dummy or older build of themselves. Sources
    # newer than any inherited fingerprint make the workspace crates compile;
    # dependencies are judged by hashes and stay fresh.
    if [ -n "''${cargoArtifacts:-}" ]; then
      find . -path "./''${CARGO_TARGET_DIR:-target}" -prune -o -type f -exec touch -c {} +
    fi
    runHook postConfigure
  '';
  buildPhase = args.buildPhase or ''
    runHook preBuild
    echo "+ $buildPhaseCargoCommand"
    eval "$buildPhaseCargoCommand"
    runHook postBuild
  '';
  checkPhase = args.checkPhase or ''
    runHook preCheck
    if [ -n "$checkPhaseCargoCommand" ]; then
      echo "+ $checkPhaseCargoCommand"
      eval "$checkPhaseCargoCommand"
    fi
    runHook postCheck
  '';
  installPhase = args.installPhase or ''
    runHook preInstall
    eval "$installPhaseCommand"
    runHook postInstall
  '';
} // lib.optionalAttrs (cargoArtifacts != null) { inherit cargoArtifacts; })
