# configureRustcRemapPathPrefix [TO] [FROM] [neuter]: appends
# `--remap-path-prefix=FROM=TO` to CARGO_BUILD_RUSTFLAGS (the lowest-ranked
# source of rustflags in cargo, so a user's own flags are kept), so that the
# paths rustc records (debug info, panic locations) name the source in the
# store instead of the build directory.
#   TO      default $src (an error when neither is set)
#   FROM    default the working directory
#   neuter  (the default; anything else turns it off) when TO is a store
#           path, its hash is replaced by a fixed placeholder of the same
#           length in the flag, so that the flags, and so cargo's unit
#           hashes, are the same for a deps build (src = the dummy source)
#           and the package build; after the build
#           fixupNeuteredRustcRemapPathPrefix puts TO back into every file of
#           the target dir. Debug sections are then linked uncompressed, so
#           the placeholder can be found in them.
_heirloomRemapPlaceholder=heirloom-remap-source-placeholdr

_heirloomRemapHash() {
  # The 32-character hash of a store path, or nothing.
  local re="^@storeDir@/([0-9a-z]{32})-"
  if [[ "$1" =~ $re ]]; then
    echo "${BASH_REMATCH[1]}"
  fi
}

configureRustcRemapPathPrefix() {
  local to=${1:-${src:-}}
  local from=${2:-$PWD}
  local neuter=${3:-neuter}
  if [ -z "$to" ]; then
    echo "configureRustcRemapPathPrefix: no path to map to: pass one or set src" >&2
    return 1
  fi
  local hash
  hash=$(_heirloomRemapHash "$to")
  local mapped=$to
  if [ "$neuter" = neuter ] && [ -n "$hash" ]; then
    mapped=${to/"$hash"/$_heirloomRemapPlaceholder}
    # First in postBuildHooks: before the binaries are copied out of the
    # target dir (installFromCargoBuildLogHook).
    postBuildHooks=("fixupNeuteredRustcRemapPathPrefix $(printf '%q' "$to")" ${postBuildHooks[@]+"${postBuildHooks[@]}"})
    if [ -z "${_heirloomRemapUncompressed:-}" ]; then
      CARGO_BUILD_RUSTFLAGS="${CARGO_BUILD_RUSTFLAGS:-} -C link-arg=-Wl,--compress-debug-sections=none"
      _heirloomRemapUncompressed=1
    fi
  fi
  CARGO_BUILD_RUSTFLAGS="${CARGO_BUILD_RUSTFLAGS:-} --remap-path-prefix=$from=$mapped"
  export CARGO_BUILD_RUSTFLAGS
  echo "configureRustcRemapPathPrefix: $from -> $mapped (CARGO_BUILD_RUSTFLAGS=$CARGO_BUILD_RUSTFLAGS)"
}

# fixupNeuteredRustcRemapPathPrefix TO [DIR]: replaces the placeholder of
# TO's hash by the hash in every regular file below DIR (default
# $CARGO_TARGET_DIR, then target). Inherited files that are links into the
# store are left alone: they are not this build's.
fixupNeuteredRustcRemapPathPrefix() {
  local to=${1:-}
  local dir=${2:-${CARGO_TARGET_DIR:-target}}
  local hash
  hash=$(_heirloomRemapHash "$to")
  if [ -z "$hash" ]; then
    echo "fixupNeuteredRustcRemapPathPrefix: '$to' is not a store path" >&2
    return 1
  fi
  local neutered=${to/"$hash"/$_heirloomRemapPlaceholder}
  [ -d "$dir" ] || return 0
  echo "fixupNeuteredRustcRemapPathPrefix: $neutered -> $to in the files of $dir"
  local files
  # (grep -l exits 1 when a batch of files has no match: xargs says 123)
  files=$(find "$dir" -type f -print0 | { xargs -0 --no-run-if-empty grep -lF -- "$neutered" || [ $? -eq 123 ]; })
  local n=0 f
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    sed -i "s|$neutered|$to|g" "$f"
    n=$((n + 1))
  done <<< "$files"
  echo "fixupNeuteredRustcRemapPathPrefix: $n file(s) rewritten"
}

# Right before the build, after every configure hook: when doRemapPathPrefix
# is non-empty, or is not set at all and dontStrip is (debug info is kept,
# so it should point at real sources). doRemapPathPrefix = "" turns it off.
if [ -n "${doRemapPathPrefix-${dontStrip:-}}" ]; then
  preBuildHooks+=(configureRustcRemapPathPrefix)
else
  echo "remapPathPrefixHook: neither doRemapPathPrefix nor dontStrip is set, no path remapping"
fi
