# crane's buildPackage, in shape: without cargoArtifacts it builds its own
# deps with installPhase = "prepareAndInstallCargoArtifactsDir" (the caller's
# install hooks would not work on the dummy source); cargo's build log goes
# to $cargoBuildLog and the executables it names are installed into $out/bin.
{ mkCargoDerivation, buildDepsOnly }:
{ cargoBuildCommand ? "cargoWithProfile build"
, cargoExtraArgs ? "--locked"
, cargoBuildExtraArgs ? ""
, cargoTestCommand ? "cargoWithProfile test"
, cargoTestExtraArgs ? ""
, ...
}@args:
mkCargoDerivation ((builtins.removeAttrs args [
  "cargoBuildCommand" "cargoExtraArgs" "cargoBuildExtraArgs" "cargoTestCommand" "cargoTestExtraArgs"
]) // {
  doCheck = args.doCheck or true;
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  cargoArtifacts = args.cargoArtifacts or (buildDepsOnly (args // {
    installPhase = "prepareAndInstallCargoArtifactsDir";
  }));
  buildPhaseCargoCommand = args.buildPhaseCargoCommand or ''
    cargoBuildLog=$(mktemp cargoBuildLogXXXX.json)
    ${cargoBuildCommand} --message-format json-render-diagnostics ${cargoExtraArgs} ${cargoBuildExtraArgs} >"$cargoBuildLog"
  '';
  checkPhaseCargoCommand = args.checkPhaseCargoCommand or ''
    ${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}
  '';
  installPhaseCommand = args.installPhaseCommand or ''
    mkdir -p $out/bin
    grep '"reason":"compiler-artifact"' "$cargoBuildLog" | grep '"executable":"/' \
      | sed 's/.*"executable":"\([^"]*\)".*/\1/' | xargs -r cp -t $out/bin
  '';
})
