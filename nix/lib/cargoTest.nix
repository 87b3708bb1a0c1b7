# cargoTest { cargoArtifacts, … }: `cargo test` on top of cargoArtifacts;
# $out is an artifacts output (doInstallCargoArtifacts defaults to true).
#   cargoTestExtraArgs  after `--` handling is the caller's: appended as is
{ mkCargoDerivation, crateNameFromCargoToml }:
{ src, cargoExtraArgs ? "--locked", cargoTestExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoTestExtraArgs" ]) // {
  pname = "${args.pname or (crateNameFromCargoToml { inherit src; }).pname}-test";
  version = args.version or (crateNameFromCargoToml { inherit src; }).version;
  buildPhaseCargoCommand = "cargo test --profile $CARGO_PROFILE ${cargoExtraArgs} ${cargoTestExtraArgs}";
})
