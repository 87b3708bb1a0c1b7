# cargoDoc { cargoArtifacts, … }: `cargoWithProfile doc` on top of
# cargoArtifacts, moving the docs into $out/share/doc (not an artifacts
# output unless doInstallCargoArtifacts is set).
#   cargoDocExtraArgs  default "--no-deps"
#   cargoExtraArgs     default "--locked"
#   docInstallRoot     the directory to install; default
#                      $CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/doc when it
#                      exists, else $CARGO_TARGET_DIR/doc (target: `target`)
{ mkCargoDerivation }:
{ cargoExtraArgs ? "--locked", cargoDocExtraArgs ? "--no-deps", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoDocExtraArgs" "cargoExtraArgs" ]) // {
  pnameSuffix = "-doc";
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  docInstallRoot = args.docInstallRoot or "";
  buildPhaseCargoCommand = "cargoWithProfile doc ${cargoExtraArgs} ${cargoDocExtraArgs}";
  installPhaseCommand = ''
    if [ -z "''${docInstallRoot:-}" ]; then
      docInstallRoot=''${CARGO_TARGET_DIR:-target}/''${CARGO_BUILD_TARGET:-}/doc
      [ -d "$docInstallRoot" ] || docInstallRoot=''${CARGO_TARGET_DIR:-target}/doc
    fi
    mkdir -p $out/share
    mv "$docInstallRoot" $out/share/doc
  '';
})
