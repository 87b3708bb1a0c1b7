# nixpkgs' no-broken-symlinks.sh: no output may hold a dangling or
# reflexive symlink. Knob: dontCheckForBrokenSymlinks.
postFixupHooks+=(noBrokenSymlinksInAllOutputs)

noBrokenSymlinksInAllOutputs() {
  local o f target bad=0
  [ -z "${dontCheckForBrokenSymlinks-}" ] || return 0
  for o in $outputs; do
    [ -e "${!o}" ] || continue
    while IFS= read -r -d '' f; do
      target=$(readlink "$f")
      [[ $target == /* ]] || target=$(realpath --no-symlinks --canonicalize-missing "$(dirname "$f")/$target")
      if [ "$f" = "$target" ]; then
        echo "the symlink $f is reflexive" >&2; bad=$((bad + 1))
      elif [ ! -e "$target" ]; then
        echo "the symlink $f points to a missing target $target" >&2; bad=$((bad + 1))
      fi
    done < <(find "${!o}" -type l -print0)
  done
  [ "$bad" -eq 0 ] || { echo "found $bad broken symlinks" >&2; exit 1; }
}
