# vendorCargoDeps: crates fetched with fetchurl from a registry (a local
# file:// one here), checked against Cargo.lock's checksums and unpacked into
# a vendor dir that buildDepsOnly and buildPackage build from. A lock whose
# checksum is not a sha256 fails evaluation naming the crate; a wrong
# sha256 fails the fetch.
source "$(dirname "$0")/lib.sh"
[ -d /usr/share/cargo/registry/itoa-1.0.1 ] || fail "Debian crate itoa-1.0.1 missing: apt-get install librust-itoa-dev"
need curl curl

# The registry: a reproducible .crate of Debian's itoa 1.0.1.
reg=$SCRATCH/registry
mkdir -p "$reg/itoa/1.0.1"
tar -C /usr/share/cargo/registry --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner \
  --exclude=.cargo-checksum.json -cf - itoa-1.0.1 | gzip -n > "$reg/itoa/1.0.1/download"
sum=$(sha256sum "$reg/itoa/1.0.1/download" | cut -d' ' -f1)
chmod -R a+rX "$reg"

# write_project DIR CHECKSUM: a binary depending on itoa, locked to CHECKSUM.
write_project() {
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<'TOML'
[package]
name = "vendored"
version = "0.1.0"
edition = "2021"

[dependencies]
itoa = "=1.0.1"
TOML
  cat > "$1/Cargo.lock" <<LOCK
version = 3

[[package]]
name = "itoa"
version = "1.0.1"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "$2"

[[package]]
name = "vendored"
version = "0.1.0"
dependencies = [
 "itoa",
]
LOCK
  echo 'fn main() { println!("{}", itoa::Buffer::new().format(4096u32)); }' > "$1/src/main.rs"
  chmod -R a+rX "$1"
}

args() { echo --arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg project "$1" --argstr registryUrl "file://$reg"; }

write_project "$SCRATCH/good" "$sum"
out=$(nix-build "$SOURCE_ROOT/tests/nix/vendor.nix" -A package --out-link "$ROOTS/package" $(args "$SCRATCH/good") 2> "$SCRATCH/good.log") \
  || { tail -n 30 "$SCRATCH/good.log" >&2; fail "building the vendored project failed"; }
expect_eq "$("$out/bin/vendored")" "4096" "the vendored project's output"
vendor=$(nix-build "$SOURCE_ROOT/tests/nix/vendor.nix" -A cargoVendorDir --out-link "$ROOTS/vendor" $(args "$SCRATCH/good") 2>/dev/null)
# crane's layout: config.toml replacing crates-io, one dir per registry.
crates_io=$(printf '%s' "registry+https://github.com/rust-lang/crates.io-index" | sha256sum | cut -d' ' -f1)
[ -f "$vendor/$crates_io/itoa-1.0.1/src/lib.rs" ] || fail "the vendor dir has no $crates_io/itoa-1.0.1/src/lib.rs"
expect_contains "$vendor/$crates_io/itoa-1.0.1/.cargo-checksum.json" "\"package\":\"$sum\"" "the vendored .cargo-checksum.json"
expect_contains "$vendor/config.toml" "replace-with = \"nix-sources-$crates_io\"" "the vendor dir's config.toml"

# Not a sha256: evaluation stops and names the crate.
write_project "$SCRATCH/nosum" "Could not get crate checksum"
if nix-instantiate "$SOURCE_ROOT/tests/nix/vendor.nix" -A package $(args "$SCRATCH/nosum") > /dev/null 2> "$SCRATCH/nosum.log"; then
  fail "a lock without a sha256 checksum evaluated"
fi
expect_contains "$SCRATCH/nosum.log" "itoa 1.0.1 has no sha256 checksum" "the evaluation error"

# A wrong sha256: the fixed-output fetch fails.
write_project "$SCRATCH/badsum" "$(echo "$sum" | tr '0-9a-f' '1-9a-f0')"
if nix-build "$SOURCE_ROOT/tests/nix/vendor.nix" -A cargoVendorDir --no-out-link $(args "$SCRATCH/badsum") > /dev/null 2> "$SCRATCH/badsum.log"; then
  fail "a crate with the wrong checksum was vendored"
fi
expect_contains "$SCRATCH/badsum.log" "hash mismatch" "the failed fetch"
note "vendored itoa 1.0.1 from file://, built and ran; bad checksums rejected"
