# crane's cargoClippy, in shape: `cargo clippy` with clippy added to
# nativeBuildInputs, and no RUSTC_WRAPPER of its own.
{ mkCargoDerivation, clippy }:
{ cargoArtifacts, cargoClippyExtraArgs ? "--all-targets", cargoExtraArgs ? "--locked", ... }@args:
mkCargoDerivation ((builtins.removeAttrs args [ "cargoClippyExtraArgs" "cargoExtraArgs" ]) // {
  inherit cargoArtifacts;
  pnameSuffix = "-clippy";
  buildPhaseCargoCommand = "cargoWithProfile clippy ${cargoExtraArgs} ${cargoClippyExtraArgs}";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ clippy ];
})
