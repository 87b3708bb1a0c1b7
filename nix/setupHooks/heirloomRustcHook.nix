{ makeSetupHook, heirloom }:
makeSetupHook {
  name = "heirloomRustcHook";
  substitutions = {
    shim = "${heirloom}/libexec/heirloom/rustc";
    shimWrapper = "${heirloom}/libexec/heirloom/rustc-wrapper";
  };
} ./heirloomRustcHook.sh
