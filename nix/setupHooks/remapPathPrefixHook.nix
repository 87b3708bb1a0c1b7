# crane's remapPathPrefixHook: rustc maps the build directory to the source
# in the store (remapPathPrefixHook.sh).
{ makeSetupHook }:
makeSetupHook {
  name = "remapPathPrefixHook";
  substitutions = { storeDir = builtins.storeDir; };
} ./remapPathPrefixHook.sh
