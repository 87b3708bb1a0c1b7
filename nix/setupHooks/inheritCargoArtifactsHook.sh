# inheritCargoArtifacts [ARTIFACTS] [TARGET_DIR]
#
# Recreates a cargo target dir from an artifacts output: heirloom's own
# (symlinks or zstd, with its chain of layers) or crane's (target.tar.zst
# chains, target/ link dirs). Big immutable artifacts become links into the
# store; the files cargo rewrites become writable copies.
#   ARTIFACTS   default: $cargoArtifacts
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target"
inheritCargoArtifacts() {
  local artifacts=${1:-${cargoArtifacts:?inheritCargoArtifacts: no artifacts given and cargoArtifacts is unset}}
  local targetDir=${2:-${CARGO_TARGET_DIR:-target}}

  # NB: heirloom prints the one summary line (links, copies, bytes, seconds).
  # It builds a new TARGET_DIR beside the final path and renames it into
  # place, so a failed inherit never leaves a half-made target dir behind.
  echo "inheritCargoArtifacts: $artifacts -> $targetDir"
  @heirloom@ unpack --from "$artifacts" --target "$targetDir"
}

inheritCargoArtifactsHook() {
  # NB: decided when the hook runs, not when it is sourced, so that
  # preBuild code or another hook may still set cargoArtifacts.
  if [ -n "${cargoArtifacts:-}" ]; then
    inheritCargoArtifacts "$cargoArtifacts" "${CARGO_TARGET_DIR:-target}"
  else
    echo "inheritCargoArtifacts: cargoArtifacts is not set, starting from an empty target dir"
  fi
}

# NB: after patching, so that the source tree is final and before anything
# (configure, build) looks at the target dir.
if [ -z "${dontInheritCargoArtifacts:-}" ]; then
  postPatchHooks+=(inheritCargoArtifactsHook)
fi
