{ makeSetupHook, heirloom }:
makeSetupHook {
  name = "inheritCargoArtifactsHook";
  substitutions = {
    heirloom = "${heirloom}/bin/heirloom";
  };
} ./inheritCargoArtifactsHook.sh
