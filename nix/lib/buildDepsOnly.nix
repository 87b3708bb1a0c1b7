# buildDepsOnly { src, … }: builds only the dependencies of a workspace,
# from mkDummySrc of its source, and installs the target dir as an artifacts
# output. Editing your own code never changes this derivation.
#   dummySrc                default: mkDummySrc { inherit src; }
#   cargoBuildCommand       default: "cargo build --profile $CARGO_PROFILE"
#   cargoCheckCommand       default: "cargo check --profile $CARGO_PROFILE --all-targets"
#                           (the check-mode units clippy and doc inherit; "" skips)
#   cargoTestExtraArgs      with doCheck (default true): `cargo test --no-run`
#                           also builds the dev-dependencies
#   cargoExtraArgs          default "--locked"
#   depsBase                a snapshot directory (depsSnapshot): without cargoArtifacts,
#                           inherit buildDepsBase of it (same arguments)
# plus everything mkCargoDerivation takes; pname/version default to the
# Cargo.toml's, with "-deps" appended to the name.
{ lib, mkCargoDerivation, mkDummySrc, crateNameFromCargoToml, vendorCargoDeps, buildDepsBase }:
{ src
, dummySrc ? mkDummySrc { inherit src; }
, cargoBuildCommand ? "cargo build --profile $CARGO_PROFILE"
, cargoCheckCommand ? "cargo check --profile $CARGO_PROFILE --all-targets"
, cargoTestCommand ? "cargo test --profile $CARGO_PROFILE --no-run"
, cargoExtraArgs ? "--locked"
, cargoTestExtraArgs ? ""
, doCheck ? true
, cargoVendorDir ? vendorCargoDeps { inherit src; }
, depsBase ? null
, ...
}@args:
let
  name = crateNameFromCargoToml { inherit src; };
  rest = builtins.removeAttrs args [ "dummySrc" "cargoBuildCommand" "cargoCheckCommand" "cargoTestCommand" "cargoTestExtraArgs" "depsBase" ];
in
mkCargoDerivation (rest // {
  pname = "${args.pname or name.pname}-deps";
  version = args.version or name.version;
  src = dummySrc;
  inherit cargoExtraArgs doCheck cargoVendorDir;
  cargoArtifacts = args.cargoArtifacts or (if depsBase == null then null
    else buildDepsBase (builtins.removeAttrs args [ "depsBase" ] // { snapshot = depsBase; }));
  buildPhaseCargoCommand = lib.optionalString (cargoCheckCommand != "") ''
    ${cargoCheckCommand} ${cargoExtraArgs}
  '' + ''
    ${cargoBuildCommand} ${cargoExtraArgs}
  '';
  checkPhaseCargoCommand = "${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}";
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or true;
})
