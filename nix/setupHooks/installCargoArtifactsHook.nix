{ makeSetupHook, heirloom }:
makeSetupHook {
  name = "installCargoArtifactsHook";
  substitutions = {
    heirloom = "${heirloom}/bin/heirloom";
  };
} ./installCargoArtifactsHook.sh
