# The edits of the edit-build loop on a copy of examples/service, shared by
# tests/nix/loop.sh, tests/bench/loop.sh (its floor) and tools/demo.sh.
# Each takes the copy's directory; the caller checks the result.

# Adds anyhow (Debian's 1.0.69) as a dependency, used by main.rs, and locks it
# with Debian's cargo against Debian's registry (with a CARGO_HOME of its own,
# removed after: cargo writes its locks there, never into the user's).
example_add_anyhow() {
  local root home status=0
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  sed -i 's/^\[dependencies\]$/&\nanyhow = "=1.0.69"/' "$1/Cargo.toml"
  sed -i 's/^use tracing::info;$/&\n#[allow(unused_imports)]\nuse anyhow::Context as _;/' "$1/src/main.rs"
  home=$(mktemp -d "${TMPDIR:-/tmp}/heirloom-cargo-home-XXXXXX")
  (cd "$1" && CARGO_HOME=$home /usr/bin/cargo --config "$root/tests/lib/debian-registry.toml" update --workspace --quiet) || status=$?
  rm -rf "$home"
  return $status
}

# Changes the service's greeting to "hello again from heirloom".
example_change_constant() {
  sed -i 's/^const GREETING: &str = "hello from heirloom";$/const GREETING: \&str = "hello again from heirloom";/' "$1/src/main.rs"
}

# Appends a line to README.md, which no build reads.
example_edit_readme() {
  echo "An edit that no build reads." >> "$1/README.md"
}
