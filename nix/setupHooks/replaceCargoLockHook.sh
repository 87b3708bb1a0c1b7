# replaceCargoLock [LOCK]: copies LOCK to ./Cargo.lock (writable); an
# existing Cargo.lock is kept as Cargo.lock.orig.
#   LOCK  default $cargoLock (an error when neither is set)
replaceCargoLock() {
  local lock=${1:-${cargoLock:-}}
  if [ -z "$lock" ]; then
    echo "replaceCargoLock: no lock file: pass one or set cargoLock" >&2
    return 1
  fi
  if [ ! -f "$lock" ]; then
    echo "replaceCargoLock: $lock: not a file" >&2
    return 1
  fi
  if [ -e Cargo.lock ]; then
    echo "replaceCargoLock: $lock replaces Cargo.lock (the source's is kept as Cargo.lock.orig)"
    mv Cargo.lock Cargo.lock.orig
  else
    echo "replaceCargoLock: $lock becomes Cargo.lock"
  fi
  cp --no-preserve=mode,ownership "$lock" Cargo.lock
}

# Before patching, so patches apply to the lock in use; doNotReplaceCargoLock
# turns it off.
if [ -n "${cargoLock:-}" ]; then
  if [ -n "${doNotReplaceCargoLock:-}" ]; then
    echo "replaceCargoLockHook: doNotReplaceCargoLock is set, Cargo.lock stays the source's"
  else
    prePatchHooks+=(replaceCargoLock)
  fi
fi
