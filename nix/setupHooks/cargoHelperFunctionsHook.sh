# Shell helpers for cargo commands, with crane's names.

# cargo ARGS...: runs cargo, printing the command line first (in a
# subshell, so the trace does not leak into the caller).
cargo() {
  (
    set -x
    command cargo "$@"
  )
}

# cargoWithProfile SUBCOMMAND ARGS...: cargo SUBCOMMAND with the profile of
# $CARGO_PROFILE: `--release` for "release", `--profile NAME` for another
# name, nothing when it is empty or unset (cargo's own default, dev).
cargoWithProfile() {
  local profile=()
  case "${CARGO_PROFILE:-}" in
    "") ;;
    release) profile=(--release) ;;
    *) profile=(--profile "$CARGO_PROFILE") ;;
  esac
  cargo "$1" ${profile[@]+"${profile[@]}"} "${@:2}"
}
