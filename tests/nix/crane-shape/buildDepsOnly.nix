# crane's buildDepsOnly, in shape: `cargo check` then `cargo build` of the
# dummy source, `cargo test --no-run` when doCheck; always an artifacts output.
{ mkCargoDerivation, mkDummySrc }:
{ cargoBuildCommand ? "cargoWithProfile build"
, cargoCheckCommand ? "cargoWithProfile check"
, cargoExtraArgs ? "--locked"
, cargoBuildExtraArgs ? ""
, cargoTestCommand ? "cargoWithProfile test"
, cargoTestExtraArgs ? "--no-run"
, ...
}@args:
let
  doCheck = args.doCheck or true;
  cargoCheckExtraArgs = args.cargoCheckExtraArgs or (if doCheck then "--all-targets" else "");
in
mkCargoDerivation ((builtins.removeAttrs args [
  "cargoBuildCommand" "cargoCheckCommand" "cargoCheckExtraArgs" "cargoExtraArgs" "cargoBuildExtraArgs"
  "cargoTestCommand" "cargoTestExtraArgs" "dummySrc"
]) // {
  inherit doCheck;
  src = args.dummySrc or (mkDummySrc args);
  pnameSuffix = "-deps";
  cargoArtifacts = null;
  env = (args.env or { }) // { CRANE_BUILD_DEPS_ONLY = 1; };
  buildPhaseCargoCommand = args.buildPhaseCargoCommand or ''
    ${cargoCheckCommand} ${cargoExtraArgs} ${cargoCheckExtraArgs}
    ${cargoBuildCommand} ${cargoExtraArgs} ${cargoBuildExtraArgs}
  '';
  checkPhaseCargoCommand = args.checkPhaseCargoCommand or ''
    ${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}
  '';
  doInstallCargoArtifacts = true;
})
