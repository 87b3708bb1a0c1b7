# crane's cargoTest, in shape: nothing in the build phase, `cargo test` in
# the check phase.
{ mkCargoDerivation }:
{ cargoArtifacts, cargoExtraArgs ? "--locked", cargoTestExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoExtraArgs" "cargoTestExtraArgs" ]) // {
  inherit cargoArtifacts;
  doCheck = args.doCheck or true;
  pnameSuffix = "-test";
  buildPhaseCargoCommand = "";
  checkPhaseCargoCommand = "cargoWithProfile test ${cargoExtraArgs} ${cargoTestExtraArgs}";
})
