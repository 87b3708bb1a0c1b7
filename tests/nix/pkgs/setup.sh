# Stand-in stdenv setup: the subset of nixpkgs' pkgs/stdenv/generic/setup.sh
# that heirloom's hooks and library rely on, with the same names, order and
# semantics (strict mode, runHook with hook arrays, setup hooks sourced from
# inputs, the generic phases and their dontX/doX switches).
# The caller's options, restored at the end as nixpkgs does (nix-shell and
# nix develop source this file into their own shells).
__nixpkgs_setup_set_original=$-
set -eu
set -o pipefail
shopt -s inherit_errexit 2>/dev/null || true

: "${outputs:=out}"
export NIX_BUILD_CORES=${NIX_BUILD_CORES:-1}
[ "$NIX_BUILD_CORES" -gt 0 ] 2>/dev/null || NIX_BUILD_CORES=$(nproc)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800}

# --- hooks -------------------------------------------------------------------

# Evaluates a hook: a function name (called with the arguments) or a string.
_eval() {
  if declare -F "$1" > /dev/null 2>&1; then
    "$@"
  else
    eval "$1"
  fi
}

# Runs the hook <name> (a shell function or a variable holding code), then
# every entry of the array <name>Hooks, in the order they were added.
runHook() {
  local hookName=$1
  shift
  local hooksSlice="${hookName%Hook}Hooks[@]"
  local hook
  for hook in "_callImplicitHook 0 $hookName" ${!hooksSlice+"${!hooksSlice}"}; do
    _eval "$hook" "$@"
  done
  return 0
}

_callImplicitHook() {
  local def=$1 hookName=$2
  if declare -F "$hookName" > /dev/null; then
    "$hookName"
  elif [ -n "${!hookName:-}" ]; then
    eval "${!hookName}"
  else
    return "$def"
  fi
}

addToSearchPath() {
  local varName=$1 dir=$2
  if [ -d "$dir" ]; then
    export "${varName}=${!varName:+${!varName}:}${dir}"
  fi
}

# --- inputs ------------------------------------------------------------------

# nixpkgs' findInputs: every input, then (depth first) what it propagates,
# each once, in the order first met; the setup hooks are sourced in that
# order afterwards (so an input's own hook runs before those it propagates).
_inputs=()
declare -A _found=()
findInputs() {
  local pkg=$1
  [ -n "${_found[$pkg]:-}" ] && return 0
  _found[$pkg]=1
  [ -e "$pkg" ] || { echo "setup: input '$pkg' does not exist" >&2; return 1; }
  _inputs+=("$pkg")
  if [ -f "$pkg/nix-support/propagated-build-inputs" ]; then
    local dep
    for dep in $(< "$pkg/nix-support/propagated-build-inputs"); do
      findInputs "$dep"
    done
  fi
}

activatePackage() {
  local pkg=$1
  addToSearchPath PATH "$pkg/bin"
  if [ -f "$pkg" ]; then
    # nixpkgs sources a plain file input as a setup hook.
    source "$pkg"
  elif [ -f "$pkg/nix-support/setup-hook" ]; then
    source "$pkg/nix-support/setup-hook"
  fi
}

PATH=
for p in ${initialPath:-}; do
  addToSearchPath PATH "$p/bin"
done
export PATH
for p in ${nativeBuildInputs:-} ${propagatedNativeBuildInputs:-} ${buildInputs:-} ${propagatedBuildInputs:-}; do
  findInputs "$p"
done
for p in ${_inputs[@]+"${_inputs[@]}"}; do
  activatePackage "$p"
done
# Where patchShebangs looks for a script's interpreter (no cross builds here).
export HOST_PATH=$PATH
# The bintools wrapper's tool names.
export STRIP=${STRIP:-strip} RANLIB=${RANLIB:-ranlib}

# Return success if the file starts with the ELF magic / with "#!".
isELF() {
  local fd magic=""
  exec {fd}< "$1"
  read -r -n 4 -u "$fd" magic || true
  exec {fd}<&-
  [ "$magic" = $'\177ELF' ]
}
isScript() {
  local fd magic=""
  exec {fd}< "$1"
  read -r -n 2 -u "$fd" magic || true
  exec {fd}<&-
  [[ "$magic" =~ \#! ]]
}

# nixpkgs' stdenv's default inputs, sourced after the derivation's own
# (setup.sh: "Default inputs must be processed last"), in its order; on
# Linux patchelf's hook comes first. Each registers into the fixup phase.
for p in patchelf no-broken-symlinks audit-tmpdir compress-man-pages make-symlinks-relative move-docs \
  move-lib64-sbin multiple-outputs patch-shebangs prune-libtool-files strip; do
  source "$stdenv/default-hooks/$p.sh"
done

# Writes $out/nix-support/propagated-build-inputs, as nixpkgs' fixupPhase
# and makeSetupHook do.
recordPropagatedDependencies() {
  local o
  for o in $outputs; do
    [ -e "${!o}" ] || continue
    if [ -n "${propagatedBuildInputs:-}" ]; then
      mkdir -p "${!o}/nix-support"
      printf '%s ' $propagatedBuildInputs > "${!o}/nix-support/propagated-build-inputs"
    fi
  done
}

prefix=${prefix:-${out:-}}
export HOME=${HOME:-/homeless-shelter}
export TMP=${TMPDIR:-/tmp} TEMP=${TMPDIR:-/tmp} TMPDIR=${TMPDIR:-/tmp}
export NIX_BUILD_TOP=${NIX_BUILD_TOP:-$PWD}

# --- substitution ------------------------------------------------------------

# substitute IN OUT [--replace-fail|--replace A B] [--subst-var NAME] [--subst-var-by NAME VALUE]...
substitute() {
  local input=$1 output=$2
  shift 2
  [ -f "$input" ] || { echo "substitute(): '$input' is not a file" >&2; return 1; }
  local content
  content=$(cat -- "$input"; printf x)
  content=${content%x}
  while [ $# -gt 0 ]; do
    case "$1" in
      --replace | --replace-fail | --replace-quiet)
        if [ "$1" = --replace-fail ] && [[ "$content" != *"$2"* ]]; then
          echo "substitute(): '$input' does not contain '$2'" >&2
          return 1
        fi
        content=${content//"$2"/"$3"}
        shift 3 ;;
      --subst-var)
        local v=$2
        [ -n "${!v+x}" ] || { echo "substitute(): variable '$v' is unset" >&2; return 1; }
        content=${content//"@$v@"/"${!v}"}
        shift 2 ;;
      --subst-var-by)
        content=${content//"@$2@"/"$3"}
        shift 3 ;;
      *) echo "substitute(): unknown argument '$1'" >&2; return 1 ;;
    esac
  done
  printf '%s' "$content" > "$output.tmp$$"
  mv "$output.tmp$$" "$output"
}

substituteInPlace() {
  local file=$1
  shift
  substitute "$file" "$file" "$@"
}

# Replaces @name@ for every environment variable whose name starts with a
# lower-case letter, as nixpkgs' substituteAll does.
substituteAll() {
  local input=$1 output=$2 args=() v
  for v in $(compgen -e); do
    case "$v" in [a-z]*) args+=(--subst-var "$v") ;; esac
  done
  substitute "$input" "$output" "${args[@]}"
}

stripHash() {
  local name
  name=$(basename "$1")
  if [[ "$name" =~ ^[a-z0-9]{32}- ]]; then
    echo "${name:33}"
  else
    echo "$name"
  fi
}

# --- phases ------------------------------------------------------------------

unpackPhase() {
  runHook preUnpack
  local srcsList=${srcs:-${src:-}}
  [ -n "$srcsList" ] || { echo "unpackPhase: variable \$src or \$srcs should point to the source" >&2; return 1; }
  local before s
  before=$(ls -A)
  for s in $srcsList; do
    if [ -d "$s" ]; then
      cp -pr --reflink=auto -- "$s" "$(stripHash "$s")"
    else
      tar xf "$s"
    fi
  done
  if [ -z "${sourceRoot:-}" ]; then
    local created=()
    for s in $(ls -A); do
      [[ $'\n'"$before"$'\n' == *$'\n'"$s"$'\n'* ]] || { [ -d "$s" ] && created+=("$s"); }
    done
    [ ${#created[@]} -eq 1 ] || { echo "unpackPhase: cannot tell the source root among: ${created[*]}" >&2; return 1; }
    sourceRoot=${created[0]}
  fi
  if [ "${dontMakeSourcesWritable:-0}" != 1 ]; then
    chmod -R u+w -- "$sourceRoot"
  fi
  runHook postUnpack
}

patchPhase() {
  runHook prePatch
  local p
  for p in ${patches:-}; do
    echo "applying patch $p"
    patch ${patchFlags:--p1} < "$p"
  done
  runHook postPatch
}

configurePhase() {
  runHook preConfigure
  if [ -x "${configureScript:-./configure}" ]; then
    "${configureScript:-./configure}" --prefix="$out" ${configureFlags:-}
  fi
  runHook postConfigure
}

buildPhase() {
  runHook preBuild
  if [ -f Makefile ] || [ -f makefile ] || [ -f GNUmakefile ]; then
    make ${enableParallelBuilding:+-j$NIX_BUILD_CORES} ${makeFlags:-} ${buildFlags:-}
  else
    echo "no Makefile or custom buildPhase, doing nothing"
  fi
  runHook postBuild
}

checkPhase() {
  runHook preCheck
  if [ -f Makefile ] && make -n check > /dev/null 2>&1; then
    make ${makeFlags:-} check
  fi
  runHook postCheck
}

installPhase() {
  runHook preInstall
  mkdir -p "$out"
  if [ -f Makefile ]; then
    make ${makeFlags:-} ${installFlags:-} install
  fi
  runHook postInstall
}

# As nixpkgs' fixupPhase: make every output writable, then preFixup, then
# the fixupOutput hooks once per output with prefix set to it (strip,
# patchELF, patchShebangs, ...), the propagated inputs, postFixup.
fixupPhase() {
  local output
  for output in $outputs; do
    if [ -e "${!output}" ]; then chmod -R u+w "${!output}"; fi
  done
  runHook preFixup
  for output in $outputs; do
    prefix="${!output}" runHook fixupOutput
  done
  if [ -n "${propagatedBuildInputs:-}" ]; then
    mkdir -p "${!outputDev}/nix-support"
    printf '%s ' $propagatedBuildInputs > "${!outputDev}/nix-support/propagated-build-inputs"
  fi
  runHook postFixup
}

installCheckPhase() {
  runHook preInstallCheck
  runHook postInstallCheck
}

distPhase() {
  runHook preDist
  runHook postDist
}

# The phase list and skip rules of nixpkgs' genericBuild.
genericBuild() {
  if [ -n "${buildCommand:-}" ]; then
    eval "$buildCommand"
    return
  fi
  local phaseList=${phases:-"${prePhases:-} unpackPhase patchPhase ${preConfigurePhases:-} configurePhase ${preBuildPhases:-} buildPhase checkPhase ${preInstallPhases:-} installPhase ${preFixupPhases:-} fixupPhase installCheckPhase ${preDistPhases:-} distPhase ${postPhases:-}"}
  local curPhase
  for curPhase in $phaseList; do
    case "$curPhase" in
      unpackPhase) [ -n "${dontUnpack:-}" ] && continue ;;
      patchPhase) [ -n "${dontPatch:-}" ] && continue ;;
      configurePhase) [ -n "${dontConfigure:-}" ] && continue ;;
      buildPhase) [ -n "${dontBuild:-}" ] && continue ;;
      checkPhase) [ -z "${doCheck:-}" ] && continue ;;
      installPhase) [ -n "${dontInstall:-}" ] && continue ;;
      fixupPhase) [ -n "${dontFixup:-}" ] && continue ;;
      installCheckPhase) [ -z "${doInstallCheck:-}" ] && continue ;;
      distPhase) [ -z "${doDist:-}" ] && continue ;;
    esac
    echo "Running phase: $curPhase"
    if [ -n "${!curPhase:-}" ]; then
      eval "${!curPhase}"
    else
      "$curPhase"
    fi
    if [ "$curPhase" = unpackPhase ]; then
      cd -- "${sourceRoot:-.}"
    fi
  done
}

runHook postHook

# Restore the original options for nix-shell / nix develop.
[[ $__nixpkgs_setup_set_original == *e* ]] || set +e
[[ $__nixpkgs_setup_set_original == *u* ]] || set +u
unset -v __nixpkgs_setup_set_original
