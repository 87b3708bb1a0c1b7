# The edits of the edit-build loop on a copy of examples/service, shared by
# tests/nix/loop.sh, tests/bench/loop.sh (its floor) and tools/demo.sh.
# Each takes the copy's directory; the caller checks the result.

# example_registry DIR: DIR becomes the registry the edits lock against:
# Debian's crates (symlinks into /usr/share/cargo/registry) and the fixture
# crates of tests/data/crates (heirloom-fixture-mid 0.1.0 and 0.1.1,
# heirloom-fixture-top 0.1.0), which Debian does not ship. With
# EXAMPLE_REGISTRY_WITHOUT=CRATE-VERSION, that one is left out (the
# registry before it was published).
example_registry() {
  local root c
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$1" && ln -s /usr/share/cargo/registry/* "$1/" || return 1
  for c in "$root"/tests/data/crates/*; do
    [ "${c##*/}" = "${EXAMPLE_REGISTRY_WITHOUT:-}" ] || cp -r "$c" "$1/" || return 1
  done
}

# _example_cargo DIR ARGS...: Debian's cargo in DIR, offline, against the
# registry of example_registry (made in a CARGO_HOME of its own, removed
# after: cargo writes its locks there, never into the user's).
_example_cargo() {
  local dir=$1 root home status=0
  shift
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  home=$(mktemp -d "${TMPDIR:-/tmp}/heirloom-cargo-home-XXXXXX")
  example_registry "$home/registry" \
    && (cd "$dir" && CARGO_HOME=$home /usr/bin/cargo --config "$root/tests/lib/debian-registry.toml" \
      --config "source.debian.directory=\"$home/registry\"" "$@") || status=$?
  rm -rf "$home"
  return $status
}

# Adds anyhow (Debian's 1.0.69) as a dependency, used by main.rs, and locks it
# with Debian's cargo against Debian's registry.
example_add_anyhow() {
  sed -i 's/^\[dependencies\]$/&\nanyhow = "=1.0.69"/' "$1/Cargo.toml"
  sed -i 's/^use tracing::info;$/&\n#[allow(unused_imports)]\nuse anyhow::Context as _;/' "$1/src/main.rs"
  _example_cargo "$1" update --workspace --quiet
}

# Adds the fixture crates (tests/nix/loop.sh's starting state): the service
# depends on heirloom-fixture-top 0.1.0, which depends on
# heirloom-fixture-mid "0.1", locked at 0.1.0 (locked against the
# registry without 0.1.1, as before 0.1.1 was published; its dependency
# itoa is Debian's); `--print` writes heirloom_fixture_top::tag() to stderr.
example_add_fixture() {
  sed -i 's/^\[dependencies\]$/&\nheirloom-fixture-top = "=0.1.0"/' "$1/Cargo.toml"
  sed -i 's/^    if args.print {$/&\n        eprintln!("{}", heirloom_fixture_top::tag());/' "$1/src/main.rs"
  grep -q 'heirloom_fixture_top::tag()' "$1/src/main.rs" || return 1
  EXAMPLE_REGISTRY_WITHOUT=heirloom-fixture-mid-0.1.1 _example_cargo "$1" update --workspace --quiet
}

# Upgrades heirloom-fixture-mid (in the middle of the graph: the service
# -> heirloom-fixture-top -> heirloom-fixture-mid -> itoa) from 0.1.0 to
# 0.1.1, the newest in the registry, by `cargo update -p`: only Cargo.lock
# changes.
example_upgrade_fixture() {
  _example_cargo "$1" update --quiet -p heirloom-fixture-mid
  grep -A1 '^name = "heirloom-fixture-mid"$' "$1/Cargo.lock" | grep -qx 'version = "0.1.1"'
}

# Changes the service's greeting to "hello again from heirloom".
example_change_constant() {
  sed -i 's/^const GREETING: &str = "hello from heirloom";$/const GREETING: \&str = "hello again from heirloom";/' "$1/src/main.rs"
}

# Appends a line to README.md, which no build reads.
example_edit_readme() {
  echo "An edit that no build reads." >> "$1/README.md"
}

# _example_relock DIR: Cargo.lock again from the manifest.
_example_relock() {
  _example_cargo "$1" update --workspace --quiet
}

# Enables tokio's `fs` feature (tokio is in the middle of the graph: hyper
# and the service depend on it); the lock does not change.
example_enable_feature() {
  sed -i 's/^\(tokio = { version = "=1.24.2", features = \["rt-multi-thread", "macros", "net", "signal"\)\] }$/\1, "fs"] }/' "$1/Cargo.toml"
  grep -q '"signal", "fs"\] }$' "$1/Cargo.toml"
}

# Removes sha2 (and with it digest, block-buffer, generic-array, typenum,
# crypto-common, cpufeatures): the ETag becomes std's SipHash of the body.
# Relocks with Debian's cargo.
example_remove_sha2() {
  sed -i '/^sha2 = "=0.10.5"$/d' "$1/Cargo.toml"
  python3 - "$1/src/main.rs" <<'PY' || return 1
import sys
p = sys.argv[1]
s = open(p).read()
old_use = "use sha2::{Digest, Sha256};\n"
old_body = ('    let digest = Sha256::digest(body.as_bytes());\n'
            '    format!("\\"{}\\"", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())\n')
new_body = ('    use std::hash::{Hash, Hasher};\n'
            '    let mut hasher = std::collections::hash_map::DefaultHasher::new();\n'
            '    body.hash(&mut hasher);\n'
            '    format!("\\"{:016x}\\"", hasher.finish())\n')
if old_use not in s or old_body not in s:
    sys.exit("example_remove_sha2: main.rs does not hold the sha2 ETag")
open(p, "w").write(s.replace(old_use, "").replace(old_body, new_body))
PY
  _example_relock "$1"
}
