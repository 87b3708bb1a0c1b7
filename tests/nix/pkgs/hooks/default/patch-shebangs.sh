# nixpkgs' patch-shebangs.sh: the interpreter of every executable script of
# each output is looked up on HOST_PATH (PATH for a dev output) and written
# in as an absolute path; /usr/bin/env PROG becomes PROG's path. Interpreters
# already in the store are left. Knob: dontPatchShebangs.
fixupOutputHooks+=(patchShebangsAuto)

patchShebangs() {
  local pathName=PATH f line old arg0 rest new
  case ${1-} in
    --host) pathName=HOST_PATH; shift ;;
    --build) pathName=PATH; shift ;;
  esac
  [ "${1-}" != -- ] || shift
  echo "patching script interpreter paths in $*"
  while IFS= read -r -d '' f; do
    isScript "$f" || continue
    read -r line < "$f" || [ -n "$line" ]
    read -r old arg0 rest <<< "${line:2}"
    if [[ $old == */bin/env ]]; then
      new=$(PATH=${!pathName} type -P "$arg0" || true)
      rest=${rest:+ $rest}
    else
      [ -n "$old" ] || old=/bin/sh
      new=$(PATH=${!pathName} type -P "$(basename "$old")" || true)
      rest=${arg0:+ $arg0}${rest:+ $rest}
    fi
    [[ -n $new && $new != "$old" && $old != "${NIX_STORE:-/nix/store}"/* ]] || continue
    echo "$f: interpreter directive changed from \"$line\" to \"#!$new$rest\""
    local stamp tmp
    stamp=$(stat --printf %y "$f")
    tmp=$(mktemp)
    { printf '#!%s%s\n' "$new" "$rest"; tail -n +2 "$f"; } > "$tmp"
    cat "$tmp" > "$f"
    rm -f "$tmp"
    touch --date "$stamp" "$f"
  done < <(find "$@" -type f -perm -0100 -print0)
}

patchShebangsAuto() {
  [[ -z "${dontPatchShebangs-}" && -e "$prefix" ]] || return 0
  if [[ "$output" != out && "$output" = "$outputDev" ]]; then
    patchShebangs --build "$prefix"
  else
    patchShebangs --host "$prefix"
  fi
}
