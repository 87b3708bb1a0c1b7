# cargoBuild { cargoArtifacts, … }: `cargoWithProfile build` on top of
# cargoArtifacts; $out is an artifacts output (doInstallCargoArtifacts
# defaults to true).
#   cargoExtraArgs     default "--locked"
#   cargoBuildCommand  heirloom's: default "cargoWithProfile build"
{ mkCargoDerivation }:
{ cargoArtifacts ? null, cargoExtraArgs ? "--locked", cargoBuildCommand ? "cargoWithProfile build", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoBuildCommand" "cargoExtraArgs" ]) // {
  inherit cargoArtifacts;
  pnameSuffix = "-build";
  buildPhaseCargoCommand = "${cargoBuildCommand} ${cargoExtraArgs}";
})
