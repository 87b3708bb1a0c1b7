# mkCargoDerivation: stdenv.mkDerivation for a cargo build with heirloom's
# three hooks and crane's (cargoWithProfile; the common variables, the
# vendor dir and the Cargo.lock replacement are set by
# configureCargoCommonVarsHook, configureCargoVendoredDepsHook and
# replaceCargoLockHook). Every other function of the library is built on it.
#   cargoArtifacts            an artifacts output to inherit (or null)
#   cargoVendorDir            a vendor directory (default: vendorCargoDeps of
#                             the arguments; null: none)
#   cargoLock, cargoLockContents, cargoLockParsed
#                             a Cargo.lock (file, text, parsed) replacing the
#                             source's before the build; default none
#   pname, version            default: the Cargo.toml's; pnameSuffix appended
#   buildPhaseCargoCommand    required: the cargo command(s) of the build phase
#   checkPhaseCargoCommand    the check phase's command (default "")
#   installPhaseCommand       default: `mkdir -p $out`
#   cargoExtraArgs            appended to cargo commands by the functions (default "--locked")
#   CARGO_PROFILE             default "release"; "" is cargo's default (dev)
#   doInstallCargoArtifacts   default true: $out is an artifacts output
#   installCargoArtifactsMode "symlinks" (default) or "zstd"
#   doIncludeCrossToolchainEnv default true: mkCrossToolchainEnv's variables
#                             (none unless cross-compiling)
# Other attributes go to stdenv.mkDerivation unchanged.
{ lib
, stdenv
, cargo
, rustc
, writeText
, writeTOML
, vendorCargoDeps
, crateNameFromCargoToml
, mkCrossToolchainEnv
, stdenvSelector
, cargoHelperFunctionsHook
, configureCargoCommonVarsHook
, configureCargoVendoredDepsHook
, replaceCargoLockHook
, inheritCargoArtifactsHook
, installCargoArtifactsHook
, heirloomRustcHook
}:
{ buildPhaseCargoCommand
, checkPhaseCargoCommand ? ""
, installPhaseCommand ? "mkdir -p $out"
, cargoArtifacts ? null
, cargoExtraArgs ? "--locked"
, CARGO_PROFILE ? "release"
, doInstallCargoArtifacts ? true
, installCargoArtifactsMode ? "symlinks"
, nativeBuildInputs ? [ ]
, pnameSuffix ? ""
, ...
}@args:
let
  # null: no vendor dir (cargoFmt, taploFmt); absent: vendored from the lock.
  vendorDir = if args ? cargoVendorDir then args.cargoVendorDir else vendorCargoDeps args;
  cargoLock = args.cargoLock or (
    if args ? cargoLockContents then writeText "Cargo.lock" args.cargoLockContents
    else if args ? cargoLockParsed then writeTOML "Cargo.lock" args.cargoLockParsed
    else null);
  crateName = crateNameFromCargoToml args;
  crossEnv = lib.optionalAttrs (args.doIncludeCrossToolchainEnv or true) (mkCrossToolchainEnv stdenvSelector);
  rest = builtins.removeAttrs args [
    "buildPhaseCargoCommand" "checkPhaseCargoCommand" "installPhaseCommand" "cargoVendorDir" "nativeBuildInputs"
    "cargoArtifacts" "pnameSuffix" "cargoLock" "cargoLockContents" "cargoLockParsed" "outputHashes"
  ];
in
stdenv.mkDerivation (crossEnv // rest // {
  pname = "${args.pname or crateName.pname}${pnameSuffix}";
  version = args.version or crateName.version;
  inherit cargoExtraArgs CARGO_PROFILE doInstallCargoArtifacts installCargoArtifactsMode
    buildPhaseCargoCommand checkPhaseCargoCommand installPhaseCommand;
  cargoVendorDir = vendorDir;
  nativeBuildInputs = nativeBuildInputs ++ [
    cargo rustc cargoHelperFunctionsHook configureCargoCommonVarsHook configureCargoVendoredDepsHook
    replaceCargoLockHook inheritCargoArtifactsHook installCargoArtifactsHook heirloomRustcHook
  ];
  CARGO_TERM_COLOR = args.CARGO_TERM_COLOR or "never";
  # NB: incremental compilation writes per-session state that would change
  # the outputs of identical builds; Nix builds are from scratch anyway.
  CARGO_INCREMENTAL = args.CARGO_INCREMENTAL or "0";

  # By now (hooks): $cargoLock replaced Cargo.lock before patching,
  # CARGO_HOME was set after, and the vendor dir's source replacement was
  # appended to $CARGO_HOME/config.toml before this phase. Cargo stays
  # offline.
  configurePhase = args.configurePhase or ''
    runHook preConfigure
    printf '\n[net]\noffline = true\n' >> "$CARGO_HOME/config.toml"
    # NB: every store file has mtime 1, the inherited fingerprints included.
    # cargo decides whether a workspace crate is fresh by comparing its
    # source mtimes with its fingerprint's, so sources from the store would
    # look unchanged against a dummy or older build of themselves. Sources
    # newer than any inherited fingerprint make the workspace crates compile;
    # dependencies are judged by hashes and stay fresh. The target dir is
    # left alone wherever it lies (relative, nested, or absolute inside the
    # source): touched, its build-script stamps would look newer than the
    # sources and a build script that must run would not.
    if [ -n "''${cargoArtifacts:-}" ]; then
      _heirloomTargetRel=$(realpath -m --relative-base=. "''${CARGO_TARGET_DIR:-target}")
      find . -path "./$_heirloomTargetRel" -prune -o -type f -exec touch -c {} +
    fi
    runHook postConfigure
  '';
  buildPhase = args.buildPhase or ''
    runHook preBuild
    cargo --version
    eval "$buildPhaseCargoCommand"
    runHook postBuild
  '';
  checkPhase = args.checkPhase or ''
    runHook preCheck
    eval "$checkPhaseCargoCommand"
    runHook postCheck
  '';
  installPhase = args.installPhase or ''
    runHook preInstall
    eval "$installPhaseCommand"
    runHook postInstall
  '';
} // lib.optionalAttrs (cargoArtifacts != null) { inherit cargoArtifacts; }
  // lib.optionalAttrs (cargoLock != null) { inherit cargoLock; })
