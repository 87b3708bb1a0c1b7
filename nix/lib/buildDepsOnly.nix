# buildDepsOnly { src | dummySrc, … }: builds only the dependencies of a
# workspace, from mkDummySrc of its source, and installs the target dir as
# an artifacts output. Editing your own code never changes this derivation.
#   dummySrc               default: mkDummySrc of the arguments (src,
#                          cargoLock, cleanCargoTomlFilter, dummyrs, …); when
#                          given, `src` is not needed
#   cargoCheckCommand      default "cargoWithProfile check" ("" skips it)
#   cargoCheckExtraArgs    default "--all-targets" with doCheck, else ""
#                          (the check-mode units clippy and doc inherit)
#   cargoBuildCommand      default "cargoWithProfile build"
#   cargoBuildExtraArgs    default ""
#   cargoTestCommand       default "cargoWithProfile test", run when doCheck
#   cargoTestExtraArgs     default "--no-run": builds the dev-dependencies
#   cargoExtraArgs         default "--locked", in every command
#   buildPhaseCargoCommand, checkPhaseCargoCommand: a caller's replace the above
#   depsBase               a snapshot directory (depsSnapshot): without cargoArtifacts,
#                          inherit buildDepsBase of it (same arguments)
#   cargoArtifacts         default null, or buildDepsBase of depsBase
# plus everything mkCargoDerivation takes; pname/version default to the
# Cargo.toml's, with "-deps" appended to the name. CRANE_BUILD_DEPS_ONLY=1
# is set in the build's environment.
{ lib, mkCargoDerivation, mkDummySrc, crateNameFromCargoToml, vendorCargoDeps, buildDepsBase }:
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
  dummySrc =
    if args ? dummySrc then
      lib.warnIf (args.src or null != null) "buildDepsOnly: `src` is ignored when `dummySrc` is given" args.dummySrc
    else mkDummySrc args;
  # The name, version and lock come from the dummy source when it is given
  # (it keeps the manifests and Cargo.lock), without building a default one.
  nameArgs = if args ? dummySrc then args // { src = args.dummySrc; } else args;
  name = crateNameFromCargoToml nameArgs;
  rest = builtins.removeAttrs args [
    "dummySrc" "cargoBuildCommand" "cargoCheckCommand" "cargoCheckExtraArgs" "cargoBuildExtraArgs"
    "cargoTestCommand" "cargoTestExtraArgs" "cargoExtraArgs" "outputHashes" "outputs" "depsBase"
  ];
in
mkCargoDerivation (rest // {
  pname = args.pname or name.pname;
  version = args.version or name.version;
  pnameSuffix = "-deps";
  src = dummySrc;
  inherit doCheck;
  cargoArtifacts = args.cargoArtifacts or (if args.depsBase or null == null then null
    else buildDepsBase (builtins.removeAttrs args [ "depsBase" ] // { snapshot = args.depsBase; }));
  cargoVendorDir = args.cargoVendorDir or (vendorCargoDeps nameArgs);
  env = (args.env or { }) // { CRANE_BUILD_DEPS_ONLY = args.env.CRANE_BUILD_DEPS_ONLY or 1; };
  buildPhaseCargoCommand = args.buildPhaseCargoCommand or (lib.optionalString (cargoCheckCommand != "") ''
    ${cargoCheckCommand} ${cargoExtraArgs} ${cargoCheckExtraArgs}
  '' + ''
    ${cargoBuildCommand} ${cargoExtraArgs} ${cargoBuildExtraArgs}
  '');
  checkPhaseCargoCommand = args.checkPhaseCargoCommand or ''
    ${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}
  '';
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or true;
})
