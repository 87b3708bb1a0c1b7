# cargoTarpaulin { cargoArtifacts, cargoTarpaulinExtraArgs ? "--skip-clean --out xml --output-dir $out", cargoExtraArgs ? "", … }:
# a coverage report by `cargo tarpaulin` with the profile, on top of
# cargoArtifacts. The inherited target dir is copied, not linked
# (doNotLinkInheritedArtifacts): tarpaulin rewrites dependency files in
# place. The report format is spelled "Xml" for cargo-tarpaulin older than
# 0.27.0, as it wants.
{ lib, mkCargoDerivation, cargo-tarpaulin }:
let
  xml = if lib.versionOlder (cargo-tarpaulin.version or "0.27.0") "0.27.0" then "Xml" else "xml";
in
{ cargoExtraArgs ? ""
, cargoTarpaulinExtraArgs ? "--skip-clean --out ${xml} --output-dir $out"
, ...
}@args0:
let
  args = builtins.removeAttrs args0 [ "cargoExtraArgs" "cargoTarpaulinExtraArgs" ];
in
mkCargoDerivation (args // {
  pnameSuffix = "-tarpaulin";
  doNotLinkInheritedArtifacts = args.doNotLinkInheritedArtifacts or true;
  buildPhaseCargoCommand = "cargoWithProfile tarpaulin ${cargoExtraArgs} ${cargoTarpaulinExtraArgs}";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ cargo-tarpaulin ];
})
