# cargoDoc { cargoArtifacts, … }: `cargo doc` on top of cargoArtifacts,
# installing target/doc into $out/share/doc.
{ mkCargoDerivation, crateNameFromCargoToml }:
{ src, cargoExtraArgs ? "--locked", cargoDocExtraArgs ? "--no-deps", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoDocExtraArgs" ]) // {
  pname = "${args.pname or (crateNameFromCargoToml { inherit src; }).pname}-doc";
  version = args.version or (crateNameFromCargoToml { inherit src; }).version;
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  buildPhaseCargoCommand = "cargo doc --profile $CARGO_PROFILE ${cargoExtraArgs} ${cargoDocExtraArgs}";
  installPhaseCommand = ''
    mkdir -p $out/share
    cp -r ''${CARGO_TARGET_DIR:-target}/doc $out/share/doc
  '';
})
