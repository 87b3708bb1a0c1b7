# crane's mkCargoDerivation, in shape: cargoArtifacts is required (null for
# none), doInstallCargoArtifacts defaults to true, and the only hooks are
# crane's helper and the two artifact hooks of the scope.
{ stdenv, cargo, rustc, rsync, zstd, cargoHelperFunctionsHook, inheritCargoArtifactsHook, installCargoArtifactsHook }:
{ cargoArtifacts
, buildPhaseCargoCommand
, checkPhaseCargoCommand ? ""
, installPhaseCommand ? "mkdir -p $out"
, ...
}@args:
stdenv.mkDerivation ((builtins.removeAttrs args [
  "buildPhaseCargoCommand" "checkPhaseCargoCommand" "installPhaseCommand" "pnameSuffix"
]) // {
  inherit cargoArtifacts;
  pname = "${args.pname}${args.pnameSuffix or ""}";
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or true;
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [
    cargo
    cargoHelperFunctionsHook
    inheritCargoArtifactsHook
    installCargoArtifactsHook
    rsync
    rustc
    zstd
  ];
  configurePhase = args.configurePhase or ''
    runHook preConfigure
    runHook postConfigure
  '';
  buildPhase = args.buildPhase or ''
    runHook preBuild
    cargo --version
    ${buildPhaseCargoCommand}
    runHook postBuild
  '';
  checkPhase = args.checkPhase or ''
    runHook preCheck
    ${checkPhaseCargoCommand}
    runHook postCheck
  '';
  installPhase = args.installPhase or ''
    runHook preInstall
    ${installPhaseCommand}
    runHook postInstall
  '';
})
