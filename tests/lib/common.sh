# Shared by the shell test suites: strict mode, a scratch dir per test, a
# fake Nix store with well-formed store path names, and expect_* helpers.
# A missing prerequisite fails the test with what to install; nothing skips.
set -euo pipefail

: "${HEIRLOOM:?HEIRLOOM must name the heirloom binary (run through meson test)}"
SOURCE_ROOT=${HEIRLOOM_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD_ROOT=$(cd "$(dirname "$HEIRLOOM")" && pwd)
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/heirloom-$TEST_NAME-XXXXXX")
chmod 755 "$SCRATCH"
cleanup() {
  chmod -R u+w "$SCRATCH" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
STORE="$SCRATCH/store"
mkdir -p "$STORE"

fail() { echo "FAIL [$TEST_NAME]: $*" >&2; exit 1; }
note() { echo "[$TEST_NAME] $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || fail "'$1' is missing: apt-get install $2"; }

expect_eq() { [ "$1" == "$2" ] || fail "$3: expected '$2', got '$1'"; }
expect_file_eq() { cmp -s "$1" "$2" || fail "$3: '$1' and '$2' differ"; }
expect_contains() { grep -qF -- "$2" "$1" || fail "$3: '$1' does not contain '$2': $(head -c 600 "$1")"; }

# A store path "<store>/<32 chars>-<name>" with a hash derived from the name.
store_path() {
  local hash
  hash=$(printf '%s' "$1" | sha256sum | tr -dc '0-9a-d' | tr 'abcd' 'fghj' | head -c 32)
  while [ ${#hash} -lt 32 ]; do hash="${hash}0"; done
  echo "$STORE/$hash-$1"
}

heirloom() { "$HEIRLOOM" --store-dir "$STORE" "$@"; }
# heirloom's subcommand first, then the store dir.
hl() { local cmd=$1; shift; "$HEIRLOOM" "$cmd" --store-dir "$STORE" "$@"; }

# Read-only, like a store path.
seal() { chmod -R a-w "$1"; }

# A description of a tree as heirloom hands it down (cargo's lock files and
# the root's .rustc_info.json are never packed), one line per entry: type, path, and for files the
# size, mtime and content hash as seen through links. Two trees that print
# the same are the same to cargo.
describe_tree() {
  python3 - "$1" <<'PY'
import hashlib, os, stat, sys
root = sys.argv[1]
paths = []
for dirpath, dirs, files in os.walk(root):
    rel = os.path.relpath(dirpath, root)
    rel = "" if rel == "." else rel + "/"
    for name in dirs + files:
        if name == ".cargo-lock" or (not rel and name == ".rustc_info.json"):
            if name in dirs:
                dirs.remove(name)
            continue
        paths.append((rel + name).encode("utf-8", "surrogateescape"))
out = sys.stdout.buffer
for p in sorted(paths):
    full = os.path.join(root.encode(), p)
    st = os.lstat(full)
    if stat.S_ISDIR(st.st_mode):
        out.write(b"d " + p + b"\n")
        continue
    st = os.stat(full)
    h = hashlib.sha256()
    with open(full, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    out.write(b"f %s %d %d %s\n" % (p, st.st_size, int(st.st_mtime), h.hexdigest()[:16].encode()))
PY
}

# The example service's dependencies, from Debian's packages.
need_example_crates() {
  local c p
  for c in hyper-0.14.19 tokio-1.24.2 clap-4.0.32 serde_json-1.0.87 tracing-subscriber-0.3.16 chrono-0.4.23 url-2.3.1 uuid-1.2.1 sha2-0.10.5 toml-0.5.11 anyhow-1.0.69; do
    p=${c%-*}
    [ -d "/usr/share/cargo/registry/$c" ] || fail "Debian crate $c missing: run tools/setup.sh (apt-get install librust-${p//_/-}-dev)"
  done
}

# The example service's release target dir, built once per build tree (the
# first suite to need it pays ~30 s) and copied for each use. cargo writes
# its caches and locks into a CARGO_HOME of the build tree, not the user's.
example_target() {
  local cache="$BUILD_ROOT/test-cache/example-target"
  if [ ! -f "$cache/.complete" ]; then
    need cargo "cargo (or a rustup toolchain)"
    need_example_crates
    rm -rf "$cache"
    mkdir -p "$cache"
    (cd "$SOURCE_ROOT/examples/service" && CARGO_TARGET_DIR="$cache/target" CARGO_HOME="$cache/cargo-home" \
      cargo --config "$SOURCE_ROOT/tests/lib/debian-registry.toml" build --release --locked --quiet) \
      || fail "building the example service failed"
    touch "$cache/.complete"
  fi
  cp -a "$cache/target" "$1"
}
