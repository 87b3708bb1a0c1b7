# 5. Closure: `nix copy` of the newest output into a file:// binary cache,
# then from that cache into a second, empty store, carries every file a link
# of the chain points at.
source "$(dirname "$0")/lib.sh"

pkg=$(nb symlinks.package) || fail "the symlinks chain did not build"
cache=$SCRATCH/cache
store2=$SCRATCH/store2
nix copy --to "file://$cache" "$pkg" 2> "$SCRATCH/copy1.log" || fail "nix copy to the binary cache failed: $(tail -3 "$SCRATCH/copy1.log")"
nix copy --no-check-sigs --from "file://$cache" --to "$store2" "$pkg" 2> "$SCRATCH/copy2.log" \
  || fail "nix copy into the second store failed: $(tail -3 "$SCRATCH/copy2.log")"

# Every link target of the newest output, resolved inside the second store.
python3 - "$pkg" "$store2" <<'PY' || fail "the copied closure misses linked files"
import sys, tarfile, os
pkg, root = sys.argv[1], sys.argv[2]
missing, links = [], 0
with tarfile.open(os.path.join(pkg, "symlinks.tar")) as t:
    for m in t:
        if m.issym():
            links += 1
            # A link naming itself is a file of this output (FORMAT.md).
            target = pkg + "/" + m.name if m.linkname == m.name else m.linkname
            if not os.path.isfile(root + target):
                missing.append(target)
print(f"{links} links, {len(missing)} missing in the copied store", file=sys.stderr)
if missing or links < 100:
    print("\n".join(missing[:5]), file=sys.stderr)
    sys.exit(1)
PY
note "copied $(ls "$store2/nix/store" | wc -l) store paths"
