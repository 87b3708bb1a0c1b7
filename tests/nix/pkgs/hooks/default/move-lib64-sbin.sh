# nixpkgs' move-lib64.sh and move-sbin.sh: lib64/ and sbin/ of each output
# move into lib/ and bin/, a link left behind. Knobs: dontMoveLib64, dontMoveSbin.
fixupOutputHooks+=('_moveIntoLink lib64 lib dontMoveLib64' '_moveIntoLink sbin bin dontMoveSbin')

_moveIntoLink() {
  local from=$1 to=$2 knob=$3
  [ -z "${!knob-}" ] || return 0
  [ -d "$prefix/$from" ] && [ ! -L "$prefix/$from" ] || return 0
  echo "moving $prefix/$from/* to $prefix/$to"
  mkdir -p "$prefix/$to"
  (shopt -s dotglob nullglob; for f in "$prefix/$from"/*; do mv "$f" "$prefix/$to/"; done)
  rmdir "$prefix/$from"
  ln -s "$to" "$prefix/$from"
}
