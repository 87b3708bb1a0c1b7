# 6. Determinism: building an artifacts derivation again (`nix-build --check`)
# gives the same output, in both modes and for an inheriting derivation.
source "$(dirname "$0")/lib.sh"

for attr in symlinks.deps symlinks.tests zstd.deps zstd.tests; do
  nb "$attr" > /dev/null || fail "$attr did not build"
  if ! nb "$attr" --check > /dev/null; then
    grep -i "differ\|deterministic" "$SCRATCH/$attr.log" >&2 || true
    fail "$attr is not deterministic (nix-build --check)"
  fi
done
note "symlinks and zstd outputs rebuild bit for bit"
