# 4. GC safety. Each artifacts output refers to every output its links point
# into, so a garbage collection that keeps the newest output keeps all its
# unpacked tree needs. The second chain has its symlinks.tar compressed:
# there only the plain-text references file names the grandparent.
# The test collects nothing it did not make. The real `--gc` runs in a store
# of its own (a chroot store under $SCRATCH, holding copies of the two
# chains); in the daemon's store it only deletes its own paths by name
# (`nix-store --delete` refuses a path that is still alive).
source "$(dirname "$0")/lib.sh"
need unshare util-linux
# Own derivations (not shared with other tests): the paths deleted below
# belong to this run only.
SALT=-gc-$$-$RANDOM


for chain in symlinks compressed; do
  deps=$(nb "$chain.deps") || fail "$chain: deps did not build"
  tests=$(nb "$chain.tests") || fail "$chain: tests did not build"
  pkg=$(nb "$chain.package") || fail "$chain: package did not build"
  nix-store -q --references "$tests" > "$SCRATCH/$chain-tests.refs"
  expect_contains "$SCRATCH/$chain-tests.refs" "$deps" "$chain: references of tests"
  nix-store -q --references "$pkg" > "$SCRATCH/$chain.refs"
  expect_contains "$SCRATCH/$chain.refs" "$tests" "$chain: references of package"
  expect_contains "$SCRATCH/$chain.refs" "$deps" "$chain: references of package (grandparent)"
  if [ "$chain" = compressed ]; then
    [ -f "$pkg/symlinks.tar.zst" ] && [ ! -e "$pkg/symlinks.tar" ] || fail "compressed: symlinks.tar was not compressed"
    grep -q "$(basename "$deps")" "$pkg/heirloom.json" && fail "compressed: heirloom.json names the grandparent; the test would prove nothing"
    grep -qF "$deps" "$pkg/references" || fail "compressed: the references file does not name the grandparent"
  fi
  eval "${chain}_deps=\$deps ${chain}_tests=\$tests ${chain}_pkg=\$pkg"
done

# A path of the daemon's store that nothing refers to and nothing roots, as
# a user's may be: the collections below must leave it alone.
echo "a bystander of nix-gc $SALT" > "$SCRATCH/bystander"
bystander=$(nix-store --add "$SCRATCH/bystander")

# --- the real GC, in the private store --------------------------------------
nix copy --no-check-sigs --to "local?root=$PRIVATE" "$symlinks_pkg" "$compressed_pkg" 2> "$SCRATCH/copy.log" \
  || fail "nix copy into the private store failed: $(tail -3 "$SCRATCH/copy.log")"
in_private true 2> "$SCRATCH/unshare.log" \
  || fail "cannot mount the private store in a mount namespace (needs root and util-linux's unshare): $(tail -1 "$SCRATCH/unshare.log")"
# Only the two newest outputs are roots there; a path nothing refers to
# shows that the GC really deletes.
roots=$PRIVATE/nix/var/nix/gcroots/heirloom-test
mkdir -p "$roots"
ln -s "$symlinks_pkg" "$roots/symlinks"
ln -s "$compressed_pkg" "$roots/compressed"
echo "gc probe $SALT" > "$SCRATCH/gc-probe"
probe=$(priv --add "$SCRATCH/gc-probe")
priv --gc > "$SCRATCH/gc.log" 2>&1 || fail "nix-store --gc in the private store failed: $(tail -3 "$SCRATCH/gc.log")"
! valid_in_private "$probe" && [ ! -e "$PRIVATE$probe" ] || fail "the GC did not delete an unreferenced path ($probe)"
nix-store --check-validity "$bystander" || fail "the private GC deleted $bystander from the daemon's store"

for chain in symlinks compressed; do
  eval "deps=\$${chain}_deps tests=\$${chain}_tests pkg=\$${chain}_pkg"
  for p in "$deps" "$tests" "$pkg"; do
    valid_in_private "$p" || fail "$chain: the GC deleted $p"
  done
  tree=$SCRATCH/$chain-target
  in_private "$HEIRLOOM" unpack --from "$pkg" --target "$tree" --quiet || fail "$chain: unpack after GC failed"
  broken=$(in_private find "$tree" -xtype l | head -3)
  [ -z "$broken" ] || fail "$chain: links do not resolve after GC: $broken"
  in_private "$HEIRLOOM" inspect "$pkg" > "$SCRATCH/inspect.txt" 2>&1 \
    || fail "$chain: links of $pkg do not all resolve after GC: $(tail -3 "$SCRATCH/inspect.txt")"
  in_private "$tree/release/app" | grep -q '"sum":6' || fail "$chain: the app from the collected chain does not run"
  # Each store path the tree links into is the package or one of its
  # references; the grandparent among them (the chain is flat).
  find "$tree" -type l -printf '%l\n' | sed -n 's|^\(/nix/store/[^/]*\).*|\1|p' | sort -u > "$SCRATCH/$chain.linked"
  expect_contains "$SCRATCH/$chain.linked" "$deps" "$chain: store paths the unpacked tree links into"
  while read -r p; do
    [ "$p" = "$pkg" ] || grep -qxF "$p" "$SCRATCH/$chain.refs" || fail "$chain: the tree links into $p, which the package does not refer to"
  done < "$SCRATCH/$chain.linked"
done

# Without its root, the compressed chain goes entirely: nothing but the
# references held its parents; the other chain stays.
rm "$roots/compressed"
priv --gc > "$SCRATCH/gc2.log" 2>&1 || fail "the second nix-store --gc in the private store failed: $(tail -3 "$SCRATCH/gc2.log")"
for p in "$compressed_deps" "$compressed_tests" "$compressed_pkg"; do
  ! valid_in_private "$p" || fail "compressed: $p survived the GC without a root"
done
for p in "$symlinks_deps" "$symlinks_tests" "$symlinks_pkg"; do
  valid_in_private "$p" || fail "symlinks: the second GC deleted $p"
done

# --- the daemon's store: only this test's paths, by name --------------------
for chain in symlinks compressed; do
  eval "deps=\$${chain}_deps tests=\$${chain}_tests pkg=\$${chain}_pkg"
  # Only the newest output stays rooted.
  rm "$ROOTS/$chain.deps" "$ROOTS/$chain.tests"
  if nix-store --delete "$deps" > "$SCRATCH/delete.log" 2>&1; then
    fail "$chain: deps could be deleted while the newest output refers to it"
  fi
  expect_contains "$SCRATCH/delete.log" "still alive" "$chain: deleting deps"
  # Unrooted, the whole chain can go (and does: it was made for this run).
  rm "$ROOTS/$chain.package"
  nix-store --delete "$pkg" "$tests" "$deps" > "$SCRATCH/delete.log" 2>&1 \
    || fail "$chain: deleting the unrooted chain failed: $(tail -3 "$SCRATCH/delete.log")"
  for p in "$deps" "$tests" "$pkg"; do
    ! nix-store --check-validity "$p" 2>/dev/null || fail "$chain: $p is still valid after nix-store --delete"
  done
done
nix-store --check-validity "$bystander" || fail "deleting the test's paths deleted $bystander"
nix-store --delete "$bystander" > /dev/null 2>&1 || fail "could not delete the test's own $bystander"
note "a private GC deleted the probe and kept both chains, every link resolved; an unrooted chain went; in the daemon's store only this test's paths were deleted"
