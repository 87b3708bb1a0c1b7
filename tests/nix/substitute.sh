# 17. Substitution of a whole chain (tests/nix/layouts.nix, layout "chain":
# deps -> package (also an artifacts output) -> clippy): pushed with
# `nix copy` to a file:// binary cache, then realised in an empty second
# store from that cache alone, with no build allowed (--max-jobs 0): every
# link of each artifacts output resolves inside the second store, and
# `nix-store --verify --check-contents` of that store is clean.
source "$(dirname "$0")/lib.sh"
NIXFILE=$SOURCE_ROOT/tests/nix/layouts.nix

step() {
  local out
  out=$(nix-build "$NIXFILE" -A "$1" --out-link "$ROOTS/$1" --arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" \
    --argstr layout chain --argstr salt "$SALT" 2> "$SCRATCH/$1.log") \
    || { tail -n 40 "$SCRATCH/$1.log" >&2; fail "$1 (chain) did not build"; }
  grep -q "Running phase" "$SCRATCH/$1.log" || stored_log "$out" >> "$SCRATCH/$1.log" || true
  echo "$out"
}

deps=$(step deps)
pkg=$(step packageArtifacts)
clippy=$(step clippy)
# The chain is a chain: each output refers to its parent.
nix-store -q --references "$clippy" | grep -qx "$pkg" || fail "clippy does not refer to the package it inherited"
nix-store -q --references "$pkg" | grep -qx "$deps" || fail "the package does not refer to the deps output it inherited"
# Only the workspace crates were compiled or checked after the deps.
for o in packageArtifacts clippy; do
  stray=$(grep -E '^ *(Compiling|Checking) ' "$SCRATCH/$o.log" | grep -Ev ' (app|core-lib) v' || true)
  [ -z "$stray" ] || fail "$o recompiled inherited units: $stray"
done

# (zstd: faster than nix copy's default xz)
cache=file://$SCRATCH/cache?compression=zstd
store2=$SCRATCH/store2
nix copy --to "$cache" "$clippy" 2> "$SCRATCH/push.log" || fail "nix copy to $cache failed: $(tail -3 "$SCRATCH/push.log")"
[ "$(ls "$SCRATCH/cache/"*.narinfo | wc -l)" -eq "$(nix-store -qR "$clippy" | wc -l)" ] \
  || fail "the cache does not hold one narinfo per path of the closure"
nix-store --store "local?root=$store2" --realise "$clippy" --max-jobs 0 \
  --option substituters "file://$SCRATCH/cache" --option require-sigs false > "$SCRATCH/realise.out" 2> "$SCRATCH/realise.log" \
  || fail "realising the chain in the second store from the cache failed: $(tail -3 "$SCRATCH/realise.log")"
for p in "$deps" "$pkg" "$clippy"; do
  [ -d "$store2$p" ] || fail "$p was not substituted into the second store"
  nix-store --store "local?root=$store2" --check-validity "$p" || fail "$p is not valid in the second store"
done

# Every link of the three artifacts outputs, on disk and in symlinks.tar,
# resolves to a file inside the second store (links may chain).
python3 - "$store2" "$deps" "$pkg" "$clippy" <<'PY' || fail "links of the substituted chain do not resolve in the second store"
import os, sys, tarfile
root, outs = sys.argv[1], sys.argv[2:]
def resolve(target):
    for _ in range(40):
        if not target.startswith("/nix/store/"):
            return None
        p = root + target
        if os.path.islink(p):
            nxt = os.readlink(p)
            target = nxt if nxt.startswith("/") else os.path.normpath(os.path.join(os.path.dirname(target), nxt))
            continue
        return p if os.path.isfile(p) else None
    return None
bad, links = [], 0
for out in outs:
    for d, _, files in os.walk(root + out):
        for f in files:
            p = os.path.join(d, f)
            if os.path.islink(p):
                links += 1
                if resolve(os.readlink(p)) is None:
                    bad.append(p)
    with tarfile.open(root + out + "/symlinks.tar") as t:
        for m in t:
            if m.issym():
                links += 1
                target = out + "/" + m.name if m.linkname == m.name else m.linkname
                if resolve(target) is None:
                    bad.append(out + " symlinks.tar: " + m.name + " -> " + m.linkname)
print(f"{links} links, {len(bad)} unresolved in the second store", file=sys.stderr)
if bad or links < 10:
    print("\n".join(bad[:5]), file=sys.stderr)
    sys.exit(1)
PY

nix-store --store "local?root=$store2" --verify --check-contents > "$SCRATCH/verify.log" 2>&1 \
  || fail "nix-store --verify --check-contents of the second store failed: $(tail -3 "$SCRATCH/verify.log")"
if grep -Eiv '^(reading the Nix store|checking path existence|checking link hashes|checking store hashes)' "$SCRATCH/verify.log" | grep -q .; then
  fail "nix-store --verify of the second store is not clean: $(head -3 "$SCRATCH/verify.log")"
fi
note "substituted $(ls "$store2/nix/store" | grep -vc '\.drv$') store paths from $(du -sb "$SCRATCH/cache" | cut -f1) bytes of cache; verify clean"
