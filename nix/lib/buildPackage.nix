# buildPackage { src, … }: builds the workspace on top of `cargoArtifacts`
# (default: buildDepsOnly of the same arguments) and installs what cargo's
# JSON messages report for the workspace's own packages: executables into
# $out/bin, cdylib/dylib/staticlib files into $out/lib
# (installFromCargoBuildLogHook). A workspace without any installs nothing.
#   cargoBuildCommand       default "cargoWithProfile build"
#   cargoBuildExtraArgs     default ""
#   cargoTestCommand        default "cargoWithProfile test", run when doCheck (default true)
#   cargoTestExtraArgs      default ""
#   cargoExtraArgs          default "--locked"
#   buildPhaseCargoCommand  a caller's replaces the build command; to get the
#                           installation, write cargo's JSON messages to
#                           $cargoBuildLog (or set installPhaseCommand)
#   installPhaseCommand     replaces the installation
#   doInstallCargoArtifacts default false (true makes $out also an artifacts output)
# After the install phase, the store hashes of the vendor dir and of rustc's
# sysroot are rewritten out of $out (removeReferencesToVendoredSourcesHook,
# removeReferencesToRustToolchainHook; doNotRemoveReferencesToVendorDir,
# doNotRemoveReferencesToRustToolchain turn them off).
{ lib, mkCargoDerivation, buildDepsOnly, crateNameFromCargoToml, vendorCargoDeps, installFromCargoBuildLogHook
, removeReferencesToVendoredSourcesHook, removeReferencesToRustToolchainHook }:
{ cargoBuildCommand ? "cargoWithProfile build"
, cargoExtraArgs ? "--locked"
, cargoBuildExtraArgs ? ""
, cargoTestCommand ? "cargoWithProfile test"
, cargoTestExtraArgs ? ""
, ...
}@args:
let
  name = crateNameFromCargoToml args;
  rest = builtins.removeAttrs args [
    "cargoBuildCommand" "cargoExtraArgs" "cargoBuildExtraArgs" "cargoTestCommand" "cargoTestExtraArgs" "outputHashes" "depsBase"
  ];
  # Computed once for the package and its default deps build.
  shared = {
    pname = args.pname or name.pname;
    version = args.version or name.version;
  };
  cargoArtifacts = args.cargoArtifacts or (buildDepsOnly (args // shared // {
    # The caller's phases may need files the dummy source does not have.
    installPhase = "prepareAndInstallCargoArtifactsDir";
  }));
in
mkCargoDerivation (rest // shared // {
  inherit cargoArtifacts;
  # NB: a deps build made by buildDepsOnly carries its vendor dir: the same
  # lock, so the same directory, without evaluating it again.
  cargoVendorDir = args.cargoVendorDir or cargoArtifacts.cargoVendorDir or (vendorCargoDeps args);
  doCheck = args.doCheck or true;
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  buildPhaseCargoCommand = args.buildPhaseCargoCommand or ''
    cargoBuildLog=$NIX_BUILD_TOP/cargo-build.json
    ${cargoBuildCommand} --message-format json-render-diagnostics ${cargoExtraArgs} ${cargoBuildExtraArgs} > "$cargoBuildLog"
  '';
  checkPhaseCargoCommand = args.checkPhaseCargoCommand or ''
    ${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}
  '';
  installPhaseCommand = args.installPhaseCommand or ''
    mkdir -p $out
    if [ -d "''${postBuildInstallFromCargoBuildLogOut:-}" ]; then
      find "$postBuildInstallFromCargoBuildLogOut" -mindepth 1 -maxdepth 1 -exec mv -t $out {} +
    fi
  '';
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [
    installFromCargoBuildLogHook removeReferencesToVendoredSourcesHook removeReferencesToRustToolchainHook
  ];
})
