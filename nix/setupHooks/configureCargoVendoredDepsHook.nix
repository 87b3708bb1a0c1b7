# crane's configureCargoVendoredDepsHook: cargo reads crates from
# $cargoVendorDir (configureCargoVendoredDepsHook.sh).
{ makeSetupHook }:
makeSetupHook { name = "configureCargoVendoredDepsHook"; } ./configureCargoVendoredDepsHook.sh
