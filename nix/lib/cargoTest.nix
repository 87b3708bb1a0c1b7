# cargoTest { cargoArtifacts, … }: `cargoWithProfile test` in the check
# phase, on top of cargoArtifacts; $out is an artifacts output
# (doInstallCargoArtifacts defaults to true). doCheck defaults to true; with
# it unset the tests do not run, and the build says so.
#   cargoExtraArgs      default "--locked"
#   cargoTestExtraArgs  default "" (appended as is: `-- --skip x` works)
{ mkCargoDerivation }:
{ cargoArtifacts ? null, cargoExtraArgs ? "--locked", cargoTestExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoExtraArgs" "cargoTestExtraArgs" ]) // {
  inherit cargoArtifacts;
  doCheck = args.doCheck or true;
  pnameSuffix = "-test";
  buildPhaseCargoCommand = "";
  checkPhaseCargoCommand = "cargoWithProfile test ${cargoExtraArgs} ${cargoTestExtraArgs}";
  preConfigure = ''
    [ -n "''${doCheck:-}" ] || echo "cargoTest: doCheck is not set: the tests will not run"
  '' + (args.preConfigure or "");
})
