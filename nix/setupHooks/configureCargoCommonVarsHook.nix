# crane's configureCargoCommonVarsHook: cargo's common environment, set in
# postPatch (configureCargoCommonVarsHook.sh).
{ makeSetupHook }:
makeSetupHook { name = "configureCargoCommonVarsHook"; } ./configureCargoCommonVarsHook.sh
