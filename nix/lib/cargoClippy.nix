# cargoClippy { cargoArtifacts, … }: `cargo clippy` on top of cargoArtifacts.
# clippy-driver compiles workspace members in-process and never calls RUSTC,
# so the build uses heirloom's shim as RUSTC_WRAPPER (unless one is set).
#   cargoClippyExtraArgs  default "--all-targets -- --deny warnings"
#   clippy                the clippy package (nativeBuildInputs)
{ mkCargoDerivation, crateNameFromCargoToml, clippy }:
{ src, cargoExtraArgs ? "--locked", cargoClippyExtraArgs ? "--all-targets -- --deny warnings", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoClippyExtraArgs" ]) // {
  pname = "${args.pname or (crateNameFromCargoToml { inherit src; }).pname}-clippy";
  version = args.version or (crateNameFromCargoToml { inherit src; }).version;
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ clippy ];
  buildPhaseCargoCommand = ''
    export RUSTC_WRAPPER=''${RUSTC_WRAPPER:-$HEIRLOOM_RUSTC_WRAPPER}
    cargo clippy --profile $CARGO_PROFILE ${cargoExtraArgs} ${cargoClippyExtraArgs}
  '';
})
