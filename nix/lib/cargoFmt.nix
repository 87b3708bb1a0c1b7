# cargoFmt { src, … }: `cargo fmt -- --check`: fails when a file is not
# formatted as rustfmt would. Needs no dependencies: no cargoArtifacts, no
# vendor dir.
#   cargoExtraArgs    default "" (between `cargo fmt` and `--`)
#   rustFmtExtraArgs  default "" (rustfmt's own, after `--check`)
#   rustfmt           the rustfmt package (nativeBuildInputs)
{ mkCargoDerivation, rustfmt }:
{ cargoExtraArgs ? "", rustFmtExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoExtraArgs" "rustFmtExtraArgs" ]) // {
  cargoArtifacts = null;
  cargoVendorDir = null;
  pnameSuffix = "-fmt";
  buildPhaseCargoCommand = "cargo fmt ${cargoExtraArgs} -- --check ${rustFmtExtraArgs}";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ rustfmt ];
  preInstallPhases = [ "ensureTargetDir" ] ++ (args.preInstallPhases or [ ]);
  ensureTargetDir = "mkdir -p \${CARGO_TARGET_DIR:-target}";
})
