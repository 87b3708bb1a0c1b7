# cargoBuild { cargoArtifacts, … }: `cargo build` on top of cargoArtifacts;
# $out is an artifacts output (doInstallCargoArtifacts defaults to true).
{ mkCargoDerivation, crateNameFromCargoToml }:
{ src, cargoExtraArgs ? "--locked", cargoBuildCommand ? "cargo build --profile $CARGO_PROFILE", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoBuildCommand" ]) // {
  pname = "${args.pname or (crateNameFromCargoToml { inherit src; }).pname}-build";
  version = args.version or (crateNameFromCargoToml { inherit src; }).version;
  buildPhaseCargoCommand = "${cargoBuildCommand} ${cargoExtraArgs}";
})
