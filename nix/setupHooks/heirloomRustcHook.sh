# Puts heirloom's rustc shim in front of the real compiler. Before each
# compile the shim unlinks the store links at the outputs rustc is about to
# write (an inherited .rlib/.rmeta when a dependency's build script reruns),
# then execs the compiler with the same arguments. Two forms:
#
# useHeirloomRustcWrapper: exports RUSTC_WRAPPER = the shim's wrapper form.
# cargo runs every compile through it, clippy-driver's in-process checks of
# workspace members included. What the hook uses when no RUSTC_WRAPPER is set.
#
# useHeirloomRustc [REAL_RUSTC]: exports RUSTC = the shim and HEIRLOOM_RUSTC
# = the real rustc; a RUSTC_WRAPPER (sccache) is left alone and cargo runs it
# around the shim. What the hook uses when a RUSTC_WRAPPER is set and the
# shim's wrapper form cannot run it next (HEIRLOOM_RUSTC_WRAPPER_NEXT).
#   REAL_RUSTC  default: $RUSTC when it is not the shim, else rustc on PATH
#
# Both export HEIRLOOM_RUSTC_WRAPPER, the wrapper form's path.
useHeirloomRustcWrapper() {
  # NB: cargo hands the wrapper $RUSTC (default: a bare `rustc`), which the
  # wrapper executes without searching PATH: name it by absolute path. A
  # derivation without rustc (one that only reads the artifacts) is fine.
  local real note=""
  case "${RUSTC:-rustc}" in
    */*) ;;
    *)
      if real=$(type -P "${RUSTC:-rustc}"); then
        export RUSTC=$real
      else
        note=" (no ${RUSTC:-rustc} on PATH: RUSTC left as it is)"
      fi
      ;;
  esac
  export HEIRLOOM_RUSTC_WRAPPER=@shimWrapper@
  export RUSTC_WRAPPER=@shimWrapper@
  echo "useHeirloomRustcWrapper: RUSTC_WRAPPER=$RUSTC_WRAPPER${RUSTC:+, RUSTC=$RUSTC}$note"
}

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

# _heirloomWrapperChains: whether this shim's wrapper form can run a user's
# wrapper after it (HEIRLOOM_RUSTC_WRAPPER_NEXT): then it runs
# `$HEIRLOOM_RUSTC_WRAPPER_NEXT true`, else `true` is skipped and `false` runs.
_heirloomWrapperChains() {
  local t f
  t=$(type -P true) && f=$(type -P false) || return 1
  HEIRLOOM_RUSTC_WRAPPER_NEXT=$t @shimWrapper@ "$f" 2> /dev/null
}

heirloomRustcHook() {
  # NB: registered at several phases because any of them may be disabled;
  # the first one that runs does the work.
  if [ -n "${_heirloomRustcDone-}" ]; then
    return 0
  fi
  _heirloomRustcDone=1
  if [ -z "${RUSTC_WRAPPER:-}" ]; then
    useHeirloomRustcWrapper
  elif [ "$RUSTC_WRAPPER" = @shimWrapper@ ]; then
    return 0
  elif _heirloomWrapperChains; then
    # The shim first, then the user's wrapper (sccache): clippy-driver's
    # compiles are covered as well.
    export HEIRLOOM_RUSTC_WRAPPER_NEXT=$RUSTC_WRAPPER
    echo "heirloomRustcHook: RUSTC_WRAPPER=$RUSTC_WRAPPER runs after the shim"
    useHeirloomRustcWrapper
  else
    useHeirloomRustc
  fi
}

# NB: decided once, when the hook is sourced (the derivation's attributes
# are in the environment then). Nothing inherited means no store links at
# rustc's outputs: the shim is only put in place when cargoArtifacts is set.
if [ -n "${cargoArtifacts-}" ] && [ -z "${doNotUseHeirloomRustc-}" ]; then
  postPatchHooks+=(heirloomRustcHook)
  preConfigureHooks+=(heirloomRustcHook)
  preBuildHooks+=(heirloomRustcHook)
  preCheckHooks+=(heirloomRustcHook)
fi
