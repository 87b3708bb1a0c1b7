# useHeirloomRustc [REAL_RUSTC]
#
# Puts heirloom's rustc shim in front of the real compiler: exports
# RUSTC = the shim and HEIRLOOM_RUSTC = the real rustc. Before each compile
# the shim unlinks the store links at the outputs rustc is about to write
# (an inherited .rlib/.rmeta when a dependency's build script reruns), then
# execs the real rustc with the same arguments. RUSTC_WRAPPER (sccache) is
# left alone: cargo runs it around the shim.
#   REAL_RUSTC  default: $RUSTC when it is not the shim, else rustc on PATH
# Also exports HEIRLOOM_RUSTC_WRAPPER, the same shim in RUSTC_WRAPPER form,
# for tools that bypass RUSTC (clippy-driver compiles workspace members
# in-process); cargo clippy needs RUSTC_WRAPPER=$HEIRLOOM_RUSTC_WRAPPER.
useHeirloomRustc() {
  local shim=@shim@
  local real=${1:-}
  if [ -z "$real" ] && [ -n "${RUSTC:-}" ] && [ "$RUSTC" != "$shim" ]; then
    real=$RUSTC
  fi
  if [ -z "$real" ]; then
    real=$(command -v rustc || true)
  fi
  if [ -z "$real" ]; then
    echo "useHeirloomRustc: error: no rustc: RUSTC is unset and rustc is not on PATH (add rustc to nativeBuildInputs)" >&2
    return 1
  fi
  # NB: an absolute path, because cargo may run rustc from another directory.
  case "$real" in
    */*) ;;
    *) real=$(command -v "$real") || { echo "useHeirloomRustc: error: '$1': not found on PATH" >&2; return 1; } ;;
  esac
  export HEIRLOOM_RUSTC=$real
  export RUSTC=$shim
  export HEIRLOOM_RUSTC_WRAPPER=@shimWrapper@
  echo "useHeirloomRustc: RUSTC=$shim, real rustc $real${RUSTC_WRAPPER:+, RUSTC_WRAPPER=$RUSTC_WRAPPER kept}"
}

heirloomRustcHook() {
  # NB: registered at several phases because any of them may be disabled;
  # the first one that runs does the work.
  if [ -n "${doNotUseHeirloomRustc:-}" ] || [ "${RUSTC:-}" = @shim@ ]; then
    return 0
  fi
  useHeirloomRustc
}

postPatchHooks+=(heirloomRustcHook)
preConfigureHooks+=(heirloomRustcHook)
preBuildHooks+=(heirloomRustcHook)
preCheckHooks+=(heirloomRustcHook)
