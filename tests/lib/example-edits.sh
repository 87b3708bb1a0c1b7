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

# _example_relock DIR: Cargo.lock again from the manifest, with Debian's cargo
# against Debian's registry (a CARGO_HOME of its own, removed after).
_example_relock() {
  local root home status=0
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  home=$(mktemp -d "${TMPDIR:-/tmp}/heirloom-cargo-home-XXXXXX")
  (cd "$1" && CARGO_HOME=$home /usr/bin/cargo --config "$root/tests/lib/debian-registry.toml" update --workspace --quiet) || status=$?
  rm -rf "$home"
  return $status
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
