# cargoClippy { cargoArtifacts, … }: `cargoWithProfile clippy` on top of
# cargoArtifacts. clippy-driver compiles workspace members in-process and
# never calls RUSTC; heirloom's rustc hook covers it (RUSTC_WRAPPER = the
# shim's wrapper form).
#   cargoClippyExtraArgs  default "--all-targets" (crane's; add
#                         "-- --deny warnings" to fail on lints)
#   cargoExtraArgs        default "--locked"
#   clippy                the clippy package (nativeBuildInputs)
{ mkCargoDerivation, clippy }:
{ cargoArtifacts ? null, cargoExtraArgs ? "--locked", cargoClippyExtraArgs ? "--all-targets", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoClippyExtraArgs" "cargoExtraArgs" ]) // {
  inherit cargoArtifacts;
  pnameSuffix = "-clippy";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ clippy ];
  buildPhaseCargoCommand = "cargoWithProfile clippy ${cargoExtraArgs} ${cargoClippyExtraArgs}";
})
