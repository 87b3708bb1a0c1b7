# nixpkgs' strip.sh: debug symbols are stripped from the files below
# stripDebugList (default: lib lib32 lib64 libexec bin sbin) of each output,
# everything from those below stripAllList (default: none). Knob: dontStrip.
fixupOutputHooks+=(_doStrip)

_doStrip() {
  [ -z "${dontStrip-}" ] || return 0
  type -f "${STRIP:-strip}" > /dev/null 2>&1 || return 0
  _stripDirs "${stripDebugList:-lib lib32 lib64 libexec bin sbin}" "${stripDebugFlags:--S -p}"
  _stripDirs "${stripAllList:-}" "${stripAllFlags:--s -p}"
}

_stripDirs() {
  local dirs="" d
  for d in $1; do
    [ ! -e "$prefix/$d" ] || dirs="$dirs $prefix/$d"
  done
  [ -n "$dirs" ] || return 0
  echo "stripping (with command ${STRIP:-strip} and flags $2) in$dirs"
  # shellcheck disable=SC2086
  find $dirs -type f ! -path "$prefix/lib/debug/*" -print0 | xargs -r -0 -n1 realpath -z | sort -u -z \
    | xargs -r -0 -n1 -P "$NIX_BUILD_CORES" "${STRIP:-strip}" $2 2> /dev/null || true
  # shellcheck disable=SC2086
  find $dirs -name '*.a' -type f -exec "${RANLIB:-ranlib}" {} \; 2> /dev/null
}
