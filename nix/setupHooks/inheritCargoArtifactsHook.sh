# inheritCargoArtifacts [ARTIFACTS] [TARGET_DIR]
#
# Recreates a cargo target dir from an artifacts output: heirloom's own
# (symlinks or zstd, with its chain of layers) or crane's (target.tar.zst
# chains, target/ link dirs). Big immutable artifacts become links into the
# store; the files cargo rewrites become writable copies.
#   ARTIFACTS   default: $cargoArtifacts
#   TARGET_DIR  default: $CARGO_TARGET_DIR, then "target"
# With doNotLinkInheritedArtifacts set (crane's cargoTarpaulin sets it: a
# tool that rewrites dependency files in place), every file is a writable
# copy and nothing links into the store.
inheritCargoArtifacts() {
  local artifacts=${1:-${cargoArtifacts:?inheritCargoArtifacts: no artifacts given and cargoArtifacts is unset}}
  local targetDir=${2:-${CARGO_TARGET_DIR:-target}}
  local args=(unpack --from "$artifacts" --target "$targetDir")
  if [ -n "${doNotLinkInheritedArtifacts:-}" ]; then
    args+=(--materialize '*')
  fi

  # NB: heirloom prints the one summary line (links, copies, bytes, seconds).
  # It builds a new TARGET_DIR beside the final path and renames it into
  # place, so a failed inherit never leaves a half-made target dir behind.
  echo "inheritCargoArtifacts: $artifacts -> $targetDir${doNotLinkInheritedArtifacts:+ (every file copied: doNotLinkInheritedArtifacts)}"
  @heirloom@ "${args[@]}" || return
  _heirloomPinBuildDir "$targetDir"
}

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

# NB: decided once, when the hook is sourced (as crane does): the
# derivation's attributes are in the environment then. Registered after
# patching, so that the source tree is final, and before anything
# (configure, build, a preBuild clippy) looks at the target dir.
if [ -n "${cargoArtifacts-}" ] && [ -z "${dontInheritCargoArtifacts-}" ]; then
  postPatchHooks+=(inheritCargoArtifacts)
elif [ -n "${cargoArtifacts-}" ]; then
  echo "inheritCargoArtifacts: dontInheritCargoArtifacts is set, not inheriting $cargoArtifacts"
else
  echo "inheritCargoArtifacts: cargoArtifacts is not set, starting from an empty target dir"
fi

# --- why did it rebuild? ----------------------------------------------------
# heirloomExplainRebuilds [ARTIFACTS] [TARGET_DIR]: after the build, one line
# naming each inherited unit cargo recompiled and the fingerprint fields that
# changed (features, RUSTFLAGS, profile, rustc, ...); silent when none was.
# With heirloomExplain set, also one line per unit with the values. Never
# fails the build. Registered before the install phase (the target dir moves
# into $out after it); dontExplainRebuilds turns it off.
heirloomExplainRebuilds() {
  local artifacts=${1:-${cargoArtifacts:-}}
  local targetDir=${2:-${CARGO_TARGET_DIR:-target}}
  if [ -z "$artifacts" ] || [ ! -d "$targetDir" ]; then
    return 0
  fi
  # NB: heirloom reads the output's file list and the fingerprint JSON files
  # (a few hundred bytes per unit) of the output and of the target dir.
  local line unit
  line=$(@heirloom@ explain --summary --from "$artifacts" --target "$targetDir") || return 0
  if [ -z "$line" ]; then
    return 0
  fi
  if [ -z "${heirloomExplain:-}" ]; then
    echo "$line (or set heirloomExplain = true in the derivation)"
    return 0
  fi
  echo "$line"
  @heirloom@ explain --from "$artifacts" --target "$targetDir" | while IFS= read -r unit; do
    echo "heirloomExplainRebuilds: $unit"
  done || true
}
if [ -n "${cargoArtifacts-}" ] && [ -z "${dontInheritCargoArtifacts-}" ] && [ -z "${dontExplainRebuilds-}" ]; then
  preInstallHooks+=(heirloomExplainRebuilds)
fi
