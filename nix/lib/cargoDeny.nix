# cargoDeny { src, cargoDenyChecks ? "bans licenses sources", cargoDenyExtraArgs ? "", cargoExtraArgs ? "", … }:
# `cargo deny check` of the source, offline, with the vendor dir (no
# artifacts inherited or installed).
{ mkCargoDerivation, cargo-deny }:
{ cargoDenyChecks ? "bans licenses sources"
, cargoDenyExtraArgs ? ""
, cargoExtraArgs ? ""
, ...
}@args0:
let
  args = builtins.removeAttrs args0 [ "cargoDenyChecks" "cargoDenyExtraArgs" "cargoExtraArgs" ];
in
mkCargoDerivation (args // {
  pnameSuffix = "-deny";
  cargoArtifacts = null;
  doInstallCargoArtifacts = false;
  buildPhaseCargoCommand = ''
    cargo --offline ${cargoExtraArgs} deny ${cargoDenyExtraArgs} check ${cargoDenyChecks}
  '';
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ cargo-deny ];
})
