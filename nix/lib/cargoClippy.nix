# cargoClippy { cargoArtifacts, … }: `cargo clippy` on top of cargoArtifacts.
# clippy-driver compiles workspace members in-process and never calls RUSTC;
# heirloom's rustc hook covers it (RUSTC_WRAPPER = the shim's wrapper form).
#   cargoClippyExtraArgs  default "--all-targets -- --deny warnings"
#   clippy                the clippy package (nativeBuildInputs)
{ mkCargoDerivation, crateNameFromCargoToml, clippy }:
{ src, cargoExtraArgs ? "--locked", cargoClippyExtraArgs ? "--all-targets -- --deny warnings", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoClippyExtraArgs" ]) // {
  pname = "${args.pname or (crateNameFromCargoToml { inherit src; }).pname}-clippy";
  version = args.version or (crateNameFromCargoToml { inherit src; }).version;
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ clippy ];
  buildPhaseCargoCommand = ''
    cargo clippy --profile $CARGO_PROFILE ${cargoExtraArgs} ${cargoClippyExtraArgs}
  '';
})
