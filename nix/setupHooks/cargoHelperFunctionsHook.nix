{ makeSetupHook }:
makeSetupHook { name = "cargoHelperFunctionsHook"; } ./cargoHelperFunctionsHook.sh
