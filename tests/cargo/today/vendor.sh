# vendor.sh DEST REGISTRY: a cargo directory source at DEST with the
# workspace's registry crates: the ones it takes from Debian's registry
# (REGISTRY, linked) and the two build-script crates of crates/ (copied,
# with the .cargo-checksum.json a vendored crate carries).
set -euo pipefail
dest=$1 registry=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dest"
for c in itoa-1.0.1 serde-1.0.152 serde_derive-1.0.152 proc-macro2-1.0.47 quote-1.0.21 syn-1.0.107 unicode-ident-1.0.0; do
  [ -d "$registry/$c" ] || { echo "vendor.sh: '$registry/$c' is missing: apt-get install librust-serde-derive-dev librust-itoa-dev" >&2; exit 1; }
  ln -s "$registry/$c" "$dest/$c"
done
for c in hl-gen hl-flaky; do
  cp -r "$here/crates/$c" "$dest/$c-0.1.0"
  chmod -R u+w "$dest/$c-0.1.0"
  # (the checksum a lock file records: here, of the manifest)
  printf '{"package":"%s","files":{}}' "$(sha256sum < "$here/crates/$c/Cargo.toml" | cut -d' ' -f1)" > "$dest/$c-0.1.0/.cargo-checksum.json"
done
