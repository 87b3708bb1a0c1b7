# craneDepsBase prevBuildDepsOnly: crane's buildDepsOnly, honouring
# `cargoArtifacts`. crane's own sets cargoArtifacts = null whatever it is
# given (a deps build never inherits there); with heirloom's hooks an
# inherited base is what makes a deps build after a change of Cargo.lock
# cheap (buildDepsBase), so craneOverride puts a non-null cargoArtifacts back
# on the derivation, where heirloom's hooks read it when they are sourced.
# Without cargoArtifacts the derivation is crane's, unchanged.
prevBuildDepsOnly: args:
let
  drv = prevBuildDepsOnly (builtins.removeAttrs args [ "cargoArtifacts" ]);
in
if (args.cargoArtifacts or null) == null then drv
else drv.overrideAttrs (_: { inherit (args) cargoArtifacts; })
