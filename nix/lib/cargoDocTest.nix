# cargoDocTest { cargoArtifacts, … }: `cargoWithProfile test --doc` (the
# documentation tests) in the check phase, on top of cargoArtifacts; $out is
# an artifacts output. As cargoTest otherwise.
#   cargoExtraArgs      default "--locked"
#   cargoTestExtraArgs  default ""
{ mkCargoDerivation }:
{ cargoArtifacts ? null, cargoExtraArgs ? "--locked", cargoTestExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoExtraArgs" "cargoTestExtraArgs" ]) // {
  inherit cargoArtifacts;
  doCheck = args.doCheck or true;
  pnameSuffix = "-doctest";
  buildPhaseCargoCommand = "";
  checkPhaseCargoCommand = "cargoWithProfile test --doc ${cargoExtraArgs} ${cargoTestExtraArgs}";
  preConfigure = ''
    [ -n "''${doCheck:-}" ] || echo "cargoDocTest: doCheck is not set: the doc tests will not run"
  '' + (args.preConfigure or "");
})
