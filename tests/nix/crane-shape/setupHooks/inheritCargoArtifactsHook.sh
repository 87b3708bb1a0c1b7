# The stock inherit hook, in shape (crane's use-symlink reading side): every
# file of the previous output's target/ is copied writable, except the
# dependencies' deps/*.rlib and deps/*.rmeta, which become links into that
# output. Nothing unlinks them before rustc writes there.
inheritCargoArtifacts() {
  local artifacts=${1:-${cargoArtifacts:?inheritCargoArtifacts: cargoArtifacts is unset}}
  local targetDir=${2:-${CARGO_TARGET_DIR:-target}}
  local from=$artifacts/target
  [ -d "$from" ] || { echo "stock inheritCargoArtifacts: '$artifacts' has no target/ (only use-symlink is re-implemented)" >&2; return 1; }
  echo "stock inheritCargoArtifacts: $from -> $targetDir"
  mkdir -p "$targetDir"
  if [ -n "${doNotLinkInheritedArtifacts-}" ]; then
    cp -r --dereference --preserve=timestamps --no-preserve=ownership --no-target-directory "$from" "$targetDir"
    chmod -R u+w "$targetDir"
    find "$targetDir" -name '.cargo*lock' -delete
    return 0
  fi
  rsync --recursive --links --times --chmod=u+w --executability \
    --exclude 'deps/*.rlib' --exclude 'deps/*.rmeta' "$from/" "$targetDir/"
  find "$targetDir" -name '.cargo*lock' -delete
  (cd "$from" && find . \( -path '*/deps/*.rlib' -o -path '*/deps/*.rmeta' \) -printf '%P\n') | while IFS= read -r rel; do
    mkdir -p "$targetDir/$(dirname "$rel")"
    ln -s "$from/$rel" "$targetDir/$rel"
  done
}

if [ -n "${cargoArtifacts-}" ]; then
  postPatchHooks+=(inheritCargoArtifacts)
fi
