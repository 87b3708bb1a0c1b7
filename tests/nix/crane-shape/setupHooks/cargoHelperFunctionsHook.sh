# crane's helpers, in shape: cargoWithProfile and the vendored sources.

# cargoWithProfile SUBCOMMAND ARGS...: cargo with --release (CARGO_PROFILE
# "release", the default) or --profile $CARGO_PROFILE after the subcommand.
cargoWithProfile() {
  local profile=${CARGO_PROFILE-release} profileArgs=()
  if [ "$profile" = release ]; then
    profileArgs=(--release)
  elif [ -n "$profile" ]; then
    profileArgs=(--profile "$profile")
  fi
  (set -x; cargo "$1" ${profileArgs[@]+"${profileArgs[@]}"} "${@:2}")
}

# Cargo reads crates-io from $cargoVendorDir, offline.
configureCargoVendoredDeps() {
  export CARGO_HOME=${CARGO_HOME:-$NIX_BUILD_TOP/.cargo-home}
  mkdir -p "$CARGO_HOME"
  printf '[source.crates-io]\nreplace-with = "vendored"\n[source.vendored]\ndirectory = "%s"\n[net]\noffline = true\n' \
    "$cargoVendorDir" >> "$CARGO_HOME/config.toml"
  export CARGO_BUILD_INCREMENTAL=false
}

if [ -n "${cargoVendorDir-}" ]; then
  preConfigureHooks+=(configureCargoVendoredDeps)
fi
