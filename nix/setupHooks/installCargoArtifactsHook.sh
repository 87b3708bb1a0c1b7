# installCargoArtifacts [MODE] [OUT] [TARGET_DIR]
#
# Packs a cargo target dir into an artifacts output that a later derivation
# inherits with inheritCargoArtifacts.
#   MODE        symlinks (default) or zstd; default: $installCargoArtifactsMode
#   OUT         default: $out
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target"
# When $cargoArtifacts is set, it is the previous layer: files unchanged since
# then are linked to (symlinks) or left in (zstd) that output, not stored again.
installCargoArtifacts() {
  local mode=${1:-${installCargoArtifactsMode:-symlinks}}
  local dest=${2:-${out:?installCargoArtifacts: no output given and out is unset}}
  local targetDir=${3:-${CARGO_TARGET_DIR:-target}}

  case "$mode" in
    symlinks | zstd) ;;
    *)
      echo "installCargoArtifacts: error: installCargoArtifactsMode '$mode' is not 'symlinks' or 'zstd'" >&2
      return 1
      ;;
  esac
  if [ ! -d "$targetDir" ]; then
    echo "installCargoArtifacts: error: '$targetDir': no target dir to install (did the build run cargo?)" >&2
    return 1
  fi

  local args=(pack --mode "$mode" --target "$targetDir" --out "$dest")
  if [ -n "${cargoArtifacts:-}" ]; then
    args+=(--prev "$cargoArtifacts")
  fi
  # NB: in symlinks mode the target dir's files move into the output (the
  # build is over); heirloom prints the one summary line.
  echo "installCargoArtifacts: $targetDir -> $dest ($mode)"
  @heirloom@ "${args[@]}"
}

installCargoArtifactsHook() {
  if [ "${doInstallCargoArtifacts:-}" = 1 ]; then
    installCargoArtifacts "${installCargoArtifactsMode:-symlinks}" "$out" "${CARGO_TARGET_DIR:-target}"
  fi
}

postInstallHooks+=(installCargoArtifactsHook)
