# The part of nixpkgs' multiple-outputs.sh the stand-in needs: the output
# variables (outputDev, outputBin, ... : the named output when the
# derivation has it, else out). Not moved: docs, headers, pkg-config files.
_outputOr() {
  local var=$1 o
  shift
  [ -z "${!var-}" ] || return 0
  for o in "$@"; do
    if [ -n "${!o-}" ]; then printf -v "$var" %s "$o"; return 0; fi
  done
}
_outputOr outputDev dev out
_outputOr outputBin bin out
_outputOr outputLib lib out
_outputOr outputDoc doc out
_outputOr outputMan man "$outputBin"
_outputOr outputInfo info "$outputBin"
