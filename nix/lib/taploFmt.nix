# taploFmt { src, … }: `taplo fmt --check`: fails when a TOML file is not
# formatted as taplo would. No cargoArtifacts, no vendor dir.
#   taploExtraArgs  default "" (e.g. "--config ./taplo.toml")
#   taplo           the taplo package (nativeBuildInputs)
{ mkCargoDerivation, taplo }:
{ taploExtraArgs ? "", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "taploExtraArgs" ]) // {
  cargoArtifacts = null;
  cargoVendorDir = null;
  pnameSuffix = "-tomlfmt";
  buildPhaseCargoCommand = "taplo fmt --check ${taploExtraArgs}";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ taplo ];
  preInstallPhases = [ "ensureTargetDir" ] ++ (args.preInstallPhases or [ ]);
  ensureTargetDir = "mkdir -p \${CARGO_TARGET_DIR:-target}";
})
