# The stock install hook, in shape (crane's use-symlink writing side): files
# identical to the previous output's are replaced by links to it (cmp, then
# ln --symbolic --force --logical), and the target dir moves into the output.
dedupAndInstallCargoArtifactsDir() {
  local dest=${1:?} targetDir=${2:?} prevTargetDir=${3:?}
  mkdir -p "$dest"
  if [ -d "$prevTargetDir" ]; then
    find "$targetDir" -type f | while IFS= read -r file; do
      local rel=${file#"$targetDir"}
      local orig=$prevTargetDir/${rel#/}
      if cmp --silent "$orig" "$file"; then
        ln --symbolic --force --logical "$orig" "$file"
      fi
    done
  fi
  echo "stock dedupAndInstallCargoArtifactsDir: $targetDir -> $dest"
  mv "$targetDir" --target-directory="$dest"
}

prepareAndInstallCargoArtifactsDir() {
  local dir=${1:-$out} targetDir=${2:-${CARGO_TARGET_DIR:-target}}
  local mode=${3:-${installCargoArtifactsMode:-use-zstd}} prev=${4:-${cargoArtifacts:-}}
  mkdir -p "$dir"
  case "$mode" in
    use-symlink)
      local prevTargetDir=/dev/null
      if [ -n "$prev" ] && [ -d "$prev/target" ]; then
        prevTargetDir=$prev/target
      fi
      dedupAndInstallCargoArtifactsDir "$dir" "$targetDir" "$prevTargetDir"
      ;;
    *) echo "stock prepareAndInstallCargoArtifactsDir: mode '$mode' is not re-implemented (use-symlink only)" >&2; return 1 ;;
  esac
}

if [ "${doInstallCargoArtifacts-}" = 1 ]; then
  postInstallHooks+=(prepareAndInstallCargoArtifactsDir)
fi
