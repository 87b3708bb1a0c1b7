# vendor.sh DEST REGISTRY: a cargo directory source at DEST with itoa from
# Debian's registry (REGISTRY, linked) and hl-stamp from crates/ (copied, with
# the .cargo-checksum.json a vendored crate carries).
set -euo pipefail
dest=$1 registry=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dest"
[ -d "$registry/itoa-1.0.1" ] || { echo "vendor.sh: '$registry/itoa-1.0.1' is missing: apt-get install librust-itoa-dev" >&2; exit 1; }
ln -s "$registry/itoa-1.0.1" "$dest/itoa-1.0.1"
cp -r "$here/crates/hl-stamp" "$dest/hl-stamp-0.1.0"
chmod -R u+w "$dest/hl-stamp-0.1.0"
printf '{"package":"%s","files":{}}' "$(sha256sum < "$here/crates/hl-stamp/Cargo.toml" | cut -d' ' -f1)" > "$dest/hl-stamp-0.1.0/.cargo-checksum.json"
