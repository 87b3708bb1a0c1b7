{ makeSetupHook, jq }:
makeSetupHook {
  name = "installFromCargoBuildLogHook";
  substitutions = {
    jq = "${jq}/bin/jq";
  };
} ./installFromCargoBuildLogHook.sh
