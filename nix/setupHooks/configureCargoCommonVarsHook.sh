# configureCargoCommonVars: the variables every cargo build of the library
# shares; a variable the derivation (or an earlier hook) already set is kept.
#   CARGO_HOME               $NIX_BUILD_TOP/.cargo-home (created); crane's
#                            default is $PWD/.cargo-home, inside the source,
#                            where taplo and the source touch would see it
#   CARGO_BUILD_JOBS         $NIX_BUILD_CORES
#   RUST_TEST_THREADS        $NIX_BUILD_CORES
#   CARGO_BUILD_INCREMENTAL  false (a set but empty value is kept: the
#                            profile decides)
#   CARGO_PROFILE            release (not exported: cargoWithProfile reads it;
#                            set but empty means cargo's default profile)
# Then every __CRANE_EXPORT_<VAR> (mkCrossToolchainEnv's variables) is
# exported as <VAR> unless <VAR> is already non-empty, listed once.
configureCargoCommonVars() {
  echo "configureCargoCommonVars: setting cargo's common variables"
  if [ -z "${CARGO_HOME:-}" ]; then
    CARGO_HOME=${NIX_BUILD_TOP:-$PWD}/.cargo-home
  fi
  export CARGO_HOME
  mkdir -p "$CARGO_HOME"
  export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-$NIX_BUILD_CORES}
  export RUST_TEST_THREADS=${RUST_TEST_THREADS:-$NIX_BUILD_CORES}
  export CARGO_BUILD_INCREMENTAL=${CARGO_BUILD_INCREMENTAL-false}
  CARGO_PROFILE=${CARGO_PROFILE-release}

  local exported target listed=""
  for exported in $(compgen -v __CRANE_EXPORT_ || true); do
    target=${exported#__CRANE_EXPORT_}
    [ -n "$target" ] || continue
    [ -z "${!target:-}" ] || continue
    if [ -z "$listed" ]; then
      listed=1
      echo "configureCargoCommonVars: cross-compilation variables (a non-empty value of your own wins;"
      echo "  doIncludeCrossToolchainEnv = false leaves them all out):"
    fi
    export "$target=${!exported}"
    echo "  $target=${!exported}"
  done
}

# After patching and before any configure hook, so that everything later
# sees the values.
postPatchHooks+=(configureCargoCommonVars)
