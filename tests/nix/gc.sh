# 4. GC safety. Each artifacts output refers to the outputs its links point
# into; after a garbage collection with only the newest output as a root,
# unpacking it still gives links that all resolve. The second chain has its
# symlinks.tar compressed, so only the plain-text references file names the
# grandparent: it alone must keep it alive.
source "$(dirname "$0")/lib.sh"
# Own derivations (not shared with other tests), so the GC below decides
# about paths no other test holds.
SALT=-gc-$$-$RANDOM

for chain in symlinks compressed; do
  deps=$(nb "$chain.deps") || fail "$chain: deps did not build"
  tests=$(nb "$chain.tests") || fail "$chain: tests did not build"
  pkg=$(nb "$chain.package") || fail "$chain: package did not build"
  nix-store -q --references "$tests" > "$SCRATCH/refs"
  expect_contains "$SCRATCH/refs" "$deps" "$chain: references of tests"
  nix-store -q --references "$pkg" > "$SCRATCH/refs"
  expect_contains "$SCRATCH/refs" "$tests" "$chain: references of package"
  expect_contains "$SCRATCH/refs" "$deps" "$chain: references of package (grandparent)"
  if [ "$chain" = compressed ]; then
    [ -f "$pkg/symlinks.tar.zst" ] && [ ! -e "$pkg/symlinks.tar" ] || fail "compressed: symlinks.tar was not compressed"
    grep -q "$(basename "$deps")" "$pkg/heirloom.json" && fail "compressed: heirloom.json names the grandparent; the test would prove nothing"
    grep -qF "$deps" "$pkg/references" || fail "compressed: the references file does not name the grandparent"
  fi
  eval "${chain}_deps=\$deps ${chain}_tests=\$tests ${chain}_pkg=\$pkg"
done

# Only the two newest outputs are roots; intermediate .drv files and the
# deps/tests outputs are not.
nix-store --add-root "$SCRATCH/root-symlinks" --indirect -r "$symlinks_pkg" > /dev/null
nix-store --add-root "$SCRATCH/root-compressed" --indirect -r "$compressed_pkg" > /dev/null
# A path nothing refers to, to show that this GC really deletes.
echo "gc probe $SALT" > "$SCRATCH/gc-probe"
unrooted=$(nix-store --add "$SCRATCH/gc-probe")
nix-store --gc > "$SCRATCH/gc.log" 2>&1 || fail "nix-store --gc failed: $(tail -3 "$SCRATCH/gc.log")"
[ ! -e "$unrooted" ] || fail "the GC did not delete an unreferenced path ($unrooted)"

for chain in symlinks compressed; do
  eval "deps=\$${chain}_deps tests=\$${chain}_tests pkg=\$${chain}_pkg"
  for p in "$deps" "$tests" "$pkg"; do
    [ -d "$p" ] || fail "$chain: the GC deleted $p"
  done
  if nix-store --delete "$deps" > "$SCRATCH/delete.log" 2>&1; then
    fail "$chain: deps could be deleted while the newest output refers to it"
  fi
  expect_contains "$SCRATCH/delete.log" "still alive" "$chain: deleting deps"
  "$HEIRLOOM" unpack --from "$pkg" --target "$SCRATCH/$chain-target" --quiet || fail "$chain: unpack after GC failed"
  broken=$(find "$SCRATCH/$chain-target" -xtype l | head -3)
  [ -z "$broken" ] || fail "$chain: links do not resolve after GC: $broken"
  expect_links_resolve "$pkg"
  "$SCRATCH/$chain-target/release/app" | grep -q '"sum":6' || fail "$chain: the app from the collected chain does not run"
done
note "GC deleted the probe and kept both chains; every link resolves"
