# The inherit hook carries heirloom's rustc hook with it: a derivation that
# inherits store links gets the shim that unlinks them before rustc writes
# (crane's builders list only the two artifact hooks in nativeBuildInputs).
{ makeSetupHook, heirloom, heirloomRustcHook }:
makeSetupHook {
  name = "inheritCargoArtifactsHook";
  propagatedBuildInputs = [ heirloomRustcHook ];
  substitutions = {
    heirloom = "${heirloom}/bin/heirloom";
  };
} ./inheritCargoArtifactsHook.sh
