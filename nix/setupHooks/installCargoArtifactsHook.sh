# Packs a cargo target dir into an artifacts output that a later derivation
# inherits with inheritCargoArtifacts. Defines crane's three functions, with
# crane's arguments and defaults, plus heirloom's installCargoArtifacts; all
# four run `heirloom pack`.
#
# Modes: `symlinks` (crane's name: `use-symlink`): the files move into
# $out/target, unchanged ones become links to the previous output, and
# $out/references keeps every linked store path alive. `zstd` (crane's
# `use-zstd`): $out/target.tar.zst holds what changed since the previous
# heirloom zstd layer, chained with target.tar.zst.prev as crane chains them.
# NB: the default is symlinks, also for crane's functions (whose own default
# is use-zstd): a crane user swaps these hooks in to get it. An explicit
# installCargoArtifactsMode = "use-zstd" is honoured.
#
# Variables read when a function runs: installCargoArtifactsMode,
# cargoArtifacts (the previous output), CARGO_TARGET_DIR,
# doCompressAndInstallFullArchive (zstd: a full layer, no .prev),
# zstdCompressionExtraArgs (zstd: `-N` or `--ultra -N` sets the level).
# Read when this file is sourced: doInstallCargoArtifacts. Read in the fixup
# phase: doFixupCargoArtifacts (see "the fixup phase" below).

# _heirloomPackMode MODE: heirloom's name for an artifacts mode, or an error.
_heirloomPackMode() {
  case "$1" in
    symlinks | use-symlink) echo symlinks ;;
    zstd | use-zstd) echo zstd ;;
    *)
      echo "installCargoArtifacts: error: unknown mode '$1' (use-symlink, use-zstd, symlinks or zstd)" >&2
      return 1
      ;;
  esac
}

# _heirloomZstdLevel: the level named by zstdCompressionExtraArgs, if any.
# heirloom compresses in-process and takes a level only (1-19); everything
# else is reported on one line and ignored.
_heirloomZstdLevel() {
  local arg level="" ignored=()
  # shellcheck disable=SC2086
  for arg in ${zstdCompressionExtraArgs:-}; do
    case "$arg" in
      --ultra) ;;
      -[0-9] | -[0-9][0-9]) level=${arg#-} ;;
      *) ignored+=("$arg") ;;
    esac
  done
  if [ ${#ignored[@]} -gt 0 ]; then
    echo "installCargoArtifacts: zstdCompressionExtraArgs: ignoring '${ignored[*]}' (heirloom takes only a level, -1 to -19)" >&2
  fi
  if [ -n "$level" ]; then
    level=$((10#$level))
    if [ "$level" -gt 19 ]; then
      echo "installCargoArtifacts: zstdCompressionExtraArgs: level $level is above heirloom's maximum, using 19" >&2
      level=19
    elif [ "$level" -eq 0 ]; then
      echo "installCargoArtifacts: zstdCompressionExtraArgs: level 0 is zstd's default, using heirloom's default" >&2
      return 0
    fi
    echo "$level"
  fi
}

# _heirloomPack MODE DEST TARGET_DIR [PREV]: the one place that runs pack.
# A missing target dir is not an error (a build that ran no cargo command):
# one line, nothing installed.
_heirloomPack() {
  local mode dest=$2 targetDir=$3 prev=${4:-}
  mode=$(_heirloomPackMode "$1") || return 1
  if [ ! -d "$targetDir" ]; then
    echo "installCargoArtifacts: '$targetDir' does not exist, installing no cargo artifacts to $dest"
    return 0
  fi
  local args=(pack --mode "$mode" --target "$targetDir" --out "$dest")
  if [ "$mode" = zstd ]; then
    local level
    level=$(_heirloomZstdLevel)
    if [ -n "$level" ]; then
      args+=(--zstd-level "$level")
    fi
    if [ -n "${doCompressAndInstallFullArchive:-}" ]; then
      prev=""
    fi
  fi
  # NB: crane names the previous output by its target.tar.zst or target/;
  # heirloom takes the output itself.
  case "$prev" in
    */target.tar.zst | */target) prev=${prev%/*} ;;
  esac
  if [ -n "$prev" ]; then
    args+=(--prev "$prev")
  fi
  # NB: in symlinks mode the target dir's files move into the output (the
  # build is over); heirloom prints the one summary line.
  echo "installCargoArtifacts: $targetDir -> $dest ($mode${prev:+, previous $prev})"
  @heirloom@ "${args[@]}"
  _heirloomNoteArtifactsOutput "$dest"
}

# --- the fixup phase ---------------------------------------------------------
# The stdenv's fixupPhase runs every fixupOutput hook on every output: strip,
# `patchelf --shrink-rpath` and an RPATH audit of each ELF file, patchShebangs
# of each executable, ... For an output that holds nothing but the artifacts
# this is pure cost (seconds and a wall of `shrinking` lines on a big target
# dir) and rewrites files a later build links to. So an output heirloom packed
# into, and that holds only what pack wrote, gets none of those hooks; every
# other output gets them all, unchanged. doFixupCargoArtifacts=1 keeps the
# stdenv's behaviour. The knobs (dontStrip, dontPatchELF, ...) cannot do this:
# they hold for every output.
_heirloomArtifactsOutputs=()

# _heirloomNoteArtifactsOutput DIR: remembers DIR when it is an output of
# this derivation; the first one registers the fixup guard.
_heirloomNoteArtifactsOutput() {
  local dir=$1 o
  for o in ${outputs:-out}; do
    if [ "${!o-}" = "$dir" ]; then
      if [ ${#_heirloomArtifactsOutputs[@]} -eq 0 ]; then
        preFixupHooks+=(_heirloomGuardFixupOutputs)
      fi
      _heirloomArtifactsOutputs+=("$dir")
      return 0
    fi
  done
}

# _heirloomOnlyArtifacts DIR: DIR is an output heirloom packed into, and every
# name in it is one pack writes (symlinks or zstd mode).
_heirloomOnlyArtifacts() {
  local dir=$1 d name found=""
  for d in ${_heirloomArtifactsOutputs[@]+"${_heirloomArtifactsOutputs[@]}"}; do
    [ "$d" != "$dir" ] || found=1
  done
  [ -n "$found" ] && [ -f "$dir/heirloom.json" ] || return 1
  while IFS= read -r -d '' name; do
    case ${name##*/} in
      heirloom.json | references | target | symlinks.tar | symlinks.tar.* | target.tar.zst | target.tar.zst.prev | target.index) ;;
      *) return 1 ;;
    esac
  done < <(find "$dir" -mindepth 1 -maxdepth 1 -print0)
}

# preFixup: the fixupOutput hooks registered so far run through
# _heirloomFixupOutput, which skips them for an artifacts-only output.
_heirloomGuardFixupOutputs() {
  [ -z "${doFixupCargoArtifacts-}" ] || return 0
  _heirloomFixupOutputHooks=(${fixupOutputHooks[@]+"${fixupOutputHooks[@]}"})
  fixupOutputHooks=(_heirloomFixupOutput)
}

_heirloomFixupOutput() {
  local hook
  if _heirloomOnlyArtifacts "$prefix"; then
    echo "installCargoArtifacts: $prefix holds only cargo artifacts, skipping its ${#_heirloomFixupOutputHooks[@]} fixupOutput hooks (strip, patchELF, patchShebangs, ...; doFixupCargoArtifacts=1 runs them)"
    return 0
  fi
  for hook in ${_heirloomFixupOutputHooks[@]+"${_heirloomFixupOutputHooks[@]}"}; do
    # NB: as the stdenv's runHook: a function is called, a string is eval'ed.
    if declare -F "$hook" > /dev/null; then
      "$hook"
    else
      eval "$hook"
    fi
  done
}

# prepareAndInstallCargoArtifactsDir [DIR] [TARGET_DIR] [MODE] [PREV]
#   DIR         default: $out
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target"
#   MODE        default: $installCargoArtifactsMode, then symlinks
#   PREV        default: $cargoArtifacts (may be empty)
prepareAndInstallCargoArtifactsDir() {
  local dir=${1:-${out:?prepareAndInstallCargoArtifactsDir: no output given and out is unset}}
  local targetDir=${2:-${CARGO_TARGET_DIR:-target}}
  local mode=${3:-${installCargoArtifactsMode:-symlinks}}
  local prev=${4:-${cargoArtifacts:-}}
  mkdir -p "$dir"
  _heirloomPack "$mode" "$dir" "$targetDir" "$prev"
}

# compressAndInstallCargoArtifactsDir DIR TARGET_DIR [PREV]: zstd mode.
compressAndInstallCargoArtifactsDir() {
  local dir=${1:?compressAndInstallCargoArtifactsDir: no output directory given}
  local targetDir=${2:?compressAndInstallCargoArtifactsDir: no target dir given}
  mkdir -p "$dir"
  _heirloomPack zstd "$dir" "$targetDir" "${3:-}"
}

# dedupAndInstallCargoArtifactsDir DEST TARGET_DIR PREV_TARGET_DIR: symlinks
# mode. PREV_TARGET_DIR is the previous output's target/ or /dev/null.
dedupAndInstallCargoArtifactsDir() {
  local dest=${1:?dedupAndInstallCargoArtifactsDir: no output directory given}
  local targetDir=${2:?dedupAndInstallCargoArtifactsDir: no target dir given}
  local prevTargetDir=${3:?dedupAndInstallCargoArtifactsDir: no previous target dir given (/dev/null for none)}
  local prev=""
  if [ -d "$prevTargetDir" ]; then
    prev=$prevTargetDir
  fi
  mkdir -p "$dest"
  _heirloomPack symlinks "$dest" "$targetDir" "$prev"
}

# installCargoArtifacts [MODE] [OUT] [TARGET_DIR]: heirloom's argument order.
#   MODE        default: $installCargoArtifactsMode, then symlinks
#   OUT         default: $out
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target"
# The previous output is $cargoArtifacts when set.
installCargoArtifacts() {
  local mode=${1:-${installCargoArtifactsMode:-symlinks}}
  local dest=${2:-${out:?installCargoArtifacts: no output given and out is unset}}
  local targetDir=${3:-${CARGO_TARGET_DIR:-target}}
  _heirloomPack "$mode" "$dest" "$targetDir" "${cargoArtifacts:-}"
}

# NB: decided once, when the hook is sourced (as crane does): the
# derivation's attributes are in the environment then.
if [ "${doInstallCargoArtifacts-}" = 1 ]; then
  postInstallHooks+=(prepareAndInstallCargoArtifactsDir)
fi

# --- cargo's build dir: pinned to the target dir --------------------------
# _heirloomPinBuildDir [TARGET_DIR]: exports CARGO_BUILD_BUILD_DIR = the
# target dir (absolute), so that a user's build.build-dir (.cargo/config.toml,
# e.g. "{cargo-cache-home}/build") or CARGO_BUILD_BUILD_DIR does not put
# cargo's intermediate artifacts (deps, fingerprints, build script runs)
# outside the tree that is packed and inherited. The variable outranks the
# config file; cargo before 1.91 ignores it. Said on one line when it changes.
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target" (relative: to $PWD)
_heirloomPinBuildDir() {
  local dir=${1:-${CARGO_TARGET_DIR:-target}}
  case "$dir" in
    /*) ;;
    *) dir=$PWD/$dir ;;
  esac
  if [ "${CARGO_BUILD_BUILD_DIR-}" != "$dir" ]; then
    echo "heirloom: CARGO_BUILD_BUILD_DIR=$dir (cargo's build dir is the target dir${CARGO_BUILD_BUILD_DIR:+; was $CARGO_BUILD_BUILD_DIR})"
    export CARGO_BUILD_BUILD_DIR=$dir
  fi
}

# NB: the target dir is installed, so cargo must build into it: pinned after
# patching and again before configure and build (any phase may be disabled,
# CARGO_TARGET_DIR may be set late).
if [ "${doInstallCargoArtifacts-}" = 1 ]; then
  postPatchHooks+=(_heirloomPinBuildDir)
  preConfigureHooks+=(_heirloomPinBuildDir)
  preBuildHooks+=(_heirloomPinBuildDir)
fi
