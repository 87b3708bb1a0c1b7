# crane's replaceCargoLockHook: $cargoLock becomes the source's Cargo.lock
# before patching (replaceCargoLockHook.sh).
{ makeSetupHook }:
makeSetupHook { name = "replaceCargoLockHook"; } ./replaceCargoLockHook.sh
