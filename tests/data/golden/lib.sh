# Shared by regen.sh and the tests that read tests/data/golden (golden.sh,
# golden-bytes.sh): the fixed store the outputs live in, the golden input
# tree, the mutation between generations, crane's install and inherit steps,
# and the tree listing. Sourced; expects `set -euo pipefail`.

# The outputs link into each other by absolute path, so they only resolve at
# one place: every output of outputs/ is copied to "$GOLDEN_STORE/<hash>-<name>"
# (hash from the name, below) before use. The path is fixed, and the tests hold
# $GOLDEN_LOCK while they use it.
GOLDEN_ROOT=/tmp/heirloom-golden
GOLDEN_STORE=$GOLDEN_ROOT/store
GOLDEN_LOCK=/tmp/heirloom-golden.lock
GOLDEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Everything that enters the bytes is fixed: the archive mtime, the modes.
export SOURCE_DATE_EPOCH=1
umask 022
export LC_ALL=C

# golden_path NAME: where output NAME lives ("<store>/<32 nix-base32>-NAME").
golden_path() {
  local hash
  hash=$(printf 'golden:%s' "$1" | sha256sum | tr -dc '0-9a-d' | tr 'abcd' 'fghj' | head -c 32)
  while [ ${#hash} -lt 32 ]; do hash="${hash}0"; done
  echo "$GOLDEN_STORE/$hash-$1"
}

# golden_install: a fresh $GOLDEN_STORE holding every output of outputs/,
# read-only like a store path. Call with $GOLDEN_LOCK held.
golden_install() {
  chmod -R u+w "$GOLDEN_ROOT" 2>/dev/null || true
  rm -rf "$GOLDEN_ROOT"
  mkdir -p "$GOLDEN_STORE"
  local d
  for d in "$GOLDEN_DIR"/outputs/*; do
    cp -a "$d" "$(golden_path "$(basename "$d")")"
  done
  # (git keeps no empty directory: regen.sh lists them in empty-dirs)
  while IFS= read -r d; do
    mkdir -p "$(golden_path "${d%%/*}")/${d#*/}"
  done < "$GOLDEN_DIR/empty-dirs"
  chmod -R a-w "$GOLDEN_STORE"/*
}

# make_tree DIR: the golden input, a small cargo-like target dir with one of
# each thing pack treats differently: rustc outputs, fingerprints, dep-info,
# a build script's OUT_DIR and run record, an executable and its uplifted hard
# link, a relative link, an empty file, a name with a space, a name over 100
# bytes (a pax record in the tar), and what is never packed (a lock,
# .rustc_info.json).
make_tree() {
  local t=$1 long
  long=release/build/gen-0123456789abcdef/out/$(printf 'n%.0s' {1..60})/$(printf 'm%.0s' {1..50}).rs
  mkdir -p "$t"/release/{deps,.fingerprint/app-0123456789abcdef,build/gen-0123456789abcdef/out,build/gen-fedcba9876543210,examples,incremental/app-1x}
  mkdir -p "$(dirname "$t/$long")"
  printf 'Signature: 8a477f597d28d172789f06886806bc55\n' > "$t/CACHEDIR.TAG"
  printf '{"rustc_fingerprint":1}' > "$t/.rustc_info.json"
  : > "$t/release/.cargo-lock"
  printf 'rlib of liba\n' > "$t/release/deps/liba-0123456789abcdef.rlib"
  printf 'rmeta of liba\n' > "$t/release/deps/liba-0123456789abcdef.rmeta"
  printf 'release/deps/app: src/main.rs\n' > "$t/release/deps/app-0123456789abcdef.d"
  printf '#!/bin/sh\necho app 1\n' > "$t/release/deps/app-0123456789abcdef"
  chmod 755 "$t/release/deps/app-0123456789abcdef"
  ln "$t/release/deps/app-0123456789abcdef" "$t/release/app"
  ln -s deps/liba-0123456789abcdef.rlib "$t/release/liba.rlib"
  printf 'with a space\n' > "$t/release/deps/name with space.txt"
  printf '0123456789abcdef' > "$t/release/.fingerprint/app-0123456789abcdef/bin-app"
  printf 'pub const N: u32 = 1;\n' > "$t/release/build/gen-0123456789abcdef/out/table.rs"
  printf 'cargo:rerun-if-changed=build.rs\n' > "$t/release/build/gen-0123456789abcdef/output"
  printf '#!/bin/sh\nexit 0\n' > "$t/release/build/gen-fedcba9876543210/build-script-build"
  chmod 755 "$t/release/build/gen-fedcba9876543210/build-script-build"
  printf 'long\n' > "$t/$long"
  : > "$t/release/incremental/app-1x/empty"
}

# mutate DIR N: what a build on top of an inherited tree does: rewrite a
# fingerprint and a generated file in place, add a library, delete one.
mutate() {
  local t=$1 n=$2 f
  for f in release/.fingerprint/app-0123456789abcdef/bin-app release/build/gen-0123456789abcdef/out/table.rs; do
    chmod u+w "$t/$f" "$(dirname "$t/$f")"
    rm -f "$t/$f"
    printf 'generation %s of %s\n' "$n" "$f" > "$t/$f"
  done
  chmod u+w "$t/release/deps"
  printf 'rlib of libb, generation %s\n' "$n" > "$t/release/deps/libb-$n.rlib"
  rm -f "$t/release/deps/liba-0123456789abcdef.rmeta"
}

CRANE_TAR_FLAGS=(--sort=name --mtime=@1 --owner=0 --group=0 --mode=u+w --numeric-owner
                 --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)

# crane_zstd_install OUT TDIR [PREV_OUTPUT] STAMP_DIR: crane's use-zstd install
# (docs/FORMAT.md, "crane's forms"), run with crane's tar and zstd flags.
crane_zstd_install() {
  local out=$1 tdir=$2 prev=$3 tmp=$4
  mkdir -p "$out"
  local dest=$out/target.tar.zst
  [ -n "$prev" ] && [ -f "$prev/target.tar.zst" ] && prev=$prev/target.tar.zst
  (
    cd "$tdir"
    if [ -z "$prev" ]; then
      tar "${CRANE_TAR_FLAGS[@]}" -c .
    else
      ln -s "$prev" "$dest.prev"
      touch -d @1 "$tmp/.stamp"
      tar --null --no-recursion -T <(find . -newer "$tmp/.stamp" -print0) "${CRANE_TAR_FLAGS[@]}" -c
    fi | zstd -q -T1 -o "$dest"
  )
}

# crane_symlink_install OUT TDIR PREV_TARGET_DIR: crane's use-symlink install
# (TDIR's base name is "target"; PREV may be /dev/null).
crane_symlink_install() {
  local out=$1 tdir=$2 prev=$3 f rel
  mkdir -p "$out"
  if [ -d "$prev" ]; then
    while IFS= read -r -d '' f; do
      rel=${f#"$tdir"}
      if cmp --silent "$prev/${rel#/}" "$f"; then
        ln --symbolic --force "$prev/${rel#/}" "$f"
      fi
    done < <(find "$tdir" -type f -print0)
  fi
  mv "$tdir" --target-directory="$out"
}

# crane_inherit ARCHIVE DIR: crane's extraction of a zstd layer chain.
crane_inherit() {
  local p=$1 dir=$2
  mkdir -p "$dir"
  if [ -f "$p.prev" ]; then crane_inherit "$(realpath "$p.prev")" "$dir"; fi
  zstd -q -d "$p" --stdout | tar -x -C "$dir"
}

# describe DIR: the expected-tree listing, one line per entry, sorted by path,
# tab-separated: path, type (d, f, l), mode (octal), and the link target for a
# link or the content's sha256 for a file. No mtimes: a copy keeps its
# source's, and the source here is a checkout whose mtimes git does not keep.
describe() {
  (cd "$1" && find . -mindepth 1 -printf '%P\0' | sort -z | while IFS= read -r -d '' p; do
    if [ -L "$p" ]; then
      printf '%s\tl\t%s\t%s\n' "$p" "$(stat -c %a -- "$p")" "$(readlink -- "$p")"
    elif [ -d "$p" ]; then
      printf '%s\td\t%s\t-\n' "$p" "$(stat -c %a -- "$p")"
    else
      printf '%s\tf\t%s\t%s\n' "$p" "$(stat -c %a -- "$p")" "$(sha256sum < "$p" | cut -c1-64)"
    fi
  done)
}
