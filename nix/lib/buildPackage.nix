# buildPackage { src, … }: builds the workspace on top of `cargoArtifacts`
# (default: buildDepsOnly of the same arguments) and installs its binaries
# into $out/bin, as cargo reported them.
#   cargoArtifacts          default: buildDepsOnly args
#   cargoBuildCommand       default: "cargo build --profile $CARGO_PROFILE"
#   cargoTestCommand        with doCheck (default true): "cargo test --profile $CARGO_PROFILE"
#   doInstallCargoArtifacts default false (true makes $out also an artifacts output)
{ lib, mkCargoDerivation, buildDepsOnly, crateNameFromCargoToml }:
{ src
, cargoArtifacts ? buildDepsOnly args
, cargoBuildCommand ? "cargo build --profile $CARGO_PROFILE"
, cargoTestCommand ? "cargo test --profile $CARGO_PROFILE"
, cargoExtraArgs ? "--locked"
, cargoTestExtraArgs ? ""
, doCheck ? true
, ...
}@args:
let
  name = crateNameFromCargoToml { inherit src; };
  rest = builtins.removeAttrs args [ "cargoBuildCommand" "cargoTestCommand" "cargoTestExtraArgs" "depsBase" ];
in
mkCargoDerivation (rest // {
  pname = args.pname or name.pname;
  version = args.version or name.version;
  inherit cargoArtifacts cargoExtraArgs doCheck;
  cargoVendorDir = args.cargoVendorDir or cargoArtifacts.cargoVendorDir or null;
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  # NB: cargo's JSON messages name each executable it built; those are what
  # gets installed (a test binary is never an `executable` of a bin target).
  buildPhaseCargoCommand = ''
    ${cargoBuildCommand} ${cargoExtraArgs} --message-format json-render-diagnostics > "$NIX_BUILD_TOP/cargo-build.json"
  '';
  checkPhaseCargoCommand = "${cargoTestCommand} ${cargoExtraArgs} ${cargoTestExtraArgs}";
  installPhaseCommand = args.installPhaseCommand or ''
    mkdir -p $out/bin
    grep '"reason":"compiler-artifact"' "$NIX_BUILD_TOP/cargo-build.json" | grep '"kind":\["bin"\]' \
      | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | while IFS= read -r exe; do
        cp "$exe" $out/bin/
      done
    [ -n "$(ls -A $out/bin)" ] || { echo "buildPackage: cargo built no binary" >&2; exit 1; }
  '';
})
