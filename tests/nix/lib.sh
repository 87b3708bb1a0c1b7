# Shared by the `nix` suite: a real Nix daemon (tools/nix-setup.sh), the
# heirloom that meson just built staged as an install prefix, and helpers to
# build tests/nix/cases.nix attributes and read what cargo did.
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"
: "${HEIRLOOM_SHIM:?HEIRLOOM_SHIM must name the rustc shim}"

[ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || fail "the builds use Debian's toolchain: apt-get install cargo rustc"
[ -d /usr/share/cargo/registry/serde-1.0.152 ] || fail "Debian crates missing: apt-get install librust-serde-json-dev librust-serde-derive-dev librust-cc-dev"

CASES=$SOURCE_ROOT/tests/nix/cases.nix

# No flake evaluation cache: it is shared by every run of the user's (one
# sqlite file per flake fingerprint under ~/.cache/nix) and can hand a test
# a store path that another run evaluated but never kept. Each test
# evaluates. (The "path … is not valid" once seen under nix flake check
# --no-build had another cause: read-only evaluation; see example-flake.sh.)
export NIX_CONFIG="${NIX_CONFIG:+$NIX_CONFIG
}eval-cache = false"

# The install layout of the binaries under test (bin/heirloom,
# libexec/heirloom/rustc and rustc-wrapper), keyed by their contents so that
# concurrent tests share one store path.
stage_heirloom() {
  local key dir tmp
  key=$(cat "$HEIRLOOM" "$HEIRLOOM_SHIM" | sha256sum | cut -c1-16)
  dir=$BUILD_ROOT/test-cache/nix-prefix-$key
  if [ ! -d "$dir" ]; then
    tmp=$(mktemp -d "$BUILD_ROOT/test-cache/.nix-prefix-XXXXXX")
    mkdir -p "$tmp/bin" "$tmp/libexec/heirloom"
    cp "$HEIRLOOM" "$tmp/bin/heirloom"
    cp "$HEIRLOOM_SHIM" "$tmp/libexec/heirloom/rustc"
    ln -s rustc "$tmp/libexec/heirloom/rustc-wrapper"
    chmod -R a+rX "$tmp"
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
  fi
  echo "$dir"
}
mkdir -p "$BUILD_ROOT/test-cache"
HEIRLOOM_PREFIX=$(stage_heirloom)
SALT=${SALT:-}

# Debian's registry in the store, added once per change of the registry and
# kept alive by a GC root in the build tree (tests/nix/debian-registry.nix).
registry_store_path() {
  local root=$BUILD_ROOT/test-cache/debian-registry key path
  key=$(ls -l --time-style=+%s /usr/share/cargo/registry | sha256sum | cut -c1-16)
  (
    flock 9
    if [ "$(cat "$root.key" 2>/dev/null)" != "$key" ] || ! nix-store --check-validity "$(readlink "$root")" 2>/dev/null; then
      path=$(nix-instantiate --read-write-mode --eval -E "import $SOURCE_ROOT/tests/nix/debian-registry.nix { }" | tr -d '"') \
        || fail "could not add /usr/share/cargo/registry to the Nix store"
      nix-store --add-root "$root" --indirect --realise "$path" >/dev/null || fail "could not root $path"
      echo "$key" > "$root.key"
    fi
  ) 9> "$root.lock" || return 1
  readlink "$root"
}
REGISTRY=$(registry_store_path) || fail "Debian's crate registry is not in the Nix store"

# Every output a test uses after building it is rooted here (nix-build
# --out-link registers an indirect root): nothing that collects the store
# meanwhile can take it away, and the roots go with $SCRATCH at exit.
ROOTS=$SCRATCH/roots
mkdir -p "$ROOTS"

# build_case ATTR [nix-build args...]: nix-build of a cases.nix attribute,
# rooted at $ROOTS/<attr>; stdout to $SCRATCH/<attr>.out, the log to
# $SCRATCH/<attr>.log.
build_case() {
  local attr=$1; shift
  nix-build "$CASES" -A "$attr" --out-link "$ROOTS/$attr" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr salt "$SALT" --argstr registry "$REGISTRY" "$@" \
    > "$SCRATCH/$attr.out" 2> "$SCRATCH/$attr.log"
}

# stored_log OUT: the build log Nix kept for OUT, without the terminal's
# colour codes (builders write to a pseudo-terminal, so cargo colours its
# "Compiling" lines there; nix-build's own stderr has them filtered out).
stored_log() {
  nix-store -l "$1" 2>/dev/null | sed 's/\x1b\[[0-9;]*[A-Za-z]//g'
}

# A store of the test's own (a chroot store under $SCRATCH), for a real
# garbage collection and `nix copy` that touch nothing of the daemon's store:
# priv ARGS... is nix-store on it; in_private CMD... runs CMD with it mounted
# at /nix/store (in a mount namespace of its own), so that links resolve
# there or nowhere.
PRIVATE=$SCRATCH/private
priv() { nix-store --store "local?root=$PRIVATE" "$@"; }
in_private() {
  unshare --mount --propagation private -- \
    bash -c 'mount --bind "$1/nix/store" /nix/store && shift && exec "$@"' in_private "$PRIVATE" "$@"
}
valid_in_private() { priv --check-validity "$1" 2>/dev/null; }

# nb ATTR [nix-build args...]: builds an attribute of cases.nix, prints its
# output path; the build log is left in $SCRATCH/<attr>.log.
nb() {
  local attr=$1
  local log=$SCRATCH/$attr.log
  if ! build_case "$@"; then
    tail -n 40 "$log" >&2
    return 1
  fi
  local out
  out=$(tail -n 1 "$SCRATCH/$attr.out")
  # A build reused from the store printed nothing: take its stored log.
  if ! grep -q "Running phase" "$log"; then
    stored_log "$out" >> "$log" || true
  fi
  echo "$out"
}

# nb_fails ATTR: the build must fail; the log is left in $SCRATCH/<attr>.log.
nb_fails() {
  if build_case "$1"; then
    fail "building $1 succeeded, but it must fail"
  fi
}

# rebuilt OUT: the units cargo compiled (not fresh) in that build.
rebuilt() {
  python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$1/cargo-messages.json" | awk '$1 == "rebuilt" { print $2 }' | sort -u | tr '\n' ' '
}
fresh_count() {
  python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$1/cargo-messages.json" | awk '$1 == "fresh"' | wc -l
}

# compiled_crates OUT: the crates cargo compiled or checked in OUT's build
# (a Compiling/Checking line for each unit it did not find fresh), sorted,
# each followed by a space, from the log Nix kept.
compiled_crates() {
  stored_log "$1" | sed -n 's/^ *\(Compiling\|Checking\) \([^ ]*\) v.*/\2/p' | sort -u | tr '\n' ' '
}

# compiled_units OUT: "<crate dir>:<target kinds>" of every unit cargo compiled
# (not fresh) in the build of OUT, sorted, from its cargo-messages.json.
compiled_units() {
  python3 - "$1/cargo-messages.json" <<'PY'
import json, os, sys
seen = set()
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and not m["fresh"]:
        seen.add(os.path.basename(os.path.dirname(m["manifest_path"])) + ":" + ",".join(m["target"]["kind"]))
print(" ".join(sorted(seen)))
PY
}

# All links of an artifacts output resolve (heirloom inspect checks every one).
expect_links_resolve() {
  "$HEIRLOOM" inspect "$1" > "$SCRATCH/inspect.txt" 2>&1 || fail "links of $1 do not all resolve: $(tail -3 "$SCRATCH/inspect.txt")"
}

# rust_toolchain_store_path: the machine's stable rustup toolchain as a store
# path, for builds that need today's cargo and rustc. Rustup keeps it under
# /root (mode 0700), where the build users cannot read; the store copy holds
# what builds run (bin: cargo rustc rustdoc clippy-driver cargo-clippy
# rustfmt cargo-fmt, and lib/ with the sysroot and rust-lld), not share/
# (docs, 800 MB). Added once per toolchain, keyed by `rustc -vV`, and kept
# alive by a GC root in the build tree. RUSTUP_STABLE names another one.
rust_toolchain_store_path() {
  local tc=${RUSTUP_STABLE:-/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu}
  local root=$BUILD_ROOT/test-cache/rust-stable key version tmp copy path p
  [ -x "$tc/bin/rustc" ] && [ -x "$tc/bin/cargo" ] \
    || fail "no rustup stable toolchain at $tc: install one with 'rustup toolchain install stable --profile minimal --component clippy,rustfmt'"
  key=$("$tc/bin/rustc" -vV | sha256sum | cut -c1-16)
  (
    flock 9
    if [ "$(cat "$root.key" 2>/dev/null)" != "$key" ] || ! nix-store --check-validity "$(readlink "$root")" 2>/dev/null; then
      version=$("$tc/bin/rustc" -vV | sed -n 's/^release: //p')
      tmp=$(mktemp -d "$BUILD_ROOT/test-cache/.rust-stable-XXXXXX")
      copy=$tmp/rust-stable-$version
      mkdir -p "$copy/bin"
      for p in cargo rustc rustdoc clippy-driver cargo-clippy rustfmt cargo-fmt; do
        [ -x "$tc/bin/$p" ] || { rm -rf "$tmp"; fail "$tc/bin/$p is missing: rustup component add --toolchain stable clippy rustfmt"; }
        cp -p "$tc/bin/$p" "$copy/bin/"
      done
      cp -a "$tc/lib" "$copy/lib"
      path=$(nix-store --add-fixed --recursive sha256 "$copy") || { rm -rf "$tmp"; fail "could not add $copy to the Nix store"; }
      rm -rf "$tmp"
      nix-store --add-root "$root" --indirect --realise "$path" > /dev/null || fail "could not root $path"
      echo "$key" > "$root.key"
    fi
  ) 9> "$root.lock" || return 1
  readlink "$root"
}
