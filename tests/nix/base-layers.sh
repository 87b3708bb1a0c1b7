# Layers over a dependency base keep what every artifacts output promises
# (tests/nix/base-layers.nix, a project of its own with three small crates):
# a depsSnapshot of state A, then state B (a dependency added) built with
# buildDepsOnly { depsBase = that snapshot }, in both modes:
#   - the deps layer compiles only the added crate and the workspace stub,
#     the package only the workspace, and the binary runs;
#   - `nix-build --check` rebuilds the base and the layer bit for bit;
#   - copied into a store of the test's own (`nix copy`) and collected there
#     with only the layer rooted, the base survives and every link of the
#     layer's tree resolves, in that store alone.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_ROOT/tests/lib/example-edits.sh"
need unshare util-linux
for c in itoa-1.0.1 ryu-1.0.2; do
  [ -d "/usr/share/cargo/registry/$c" ] || fail "Debian crate $c missing: apt-get install librust-itoa-dev librust-ryu-dev"
done
NIXFILE=$SOURCE_ROOT/tests/nix/base-layers.nix
SALT=${SALT:--base-layers-$$-$RANDOM}

# State A: a binary using itoa and ryu. State B: A plus heirloom-fixture-mid.
A=$SCRATCH/state-a B=$SCRATCH/state-b
mkdir -p "$A/src"
cat > "$A/Cargo.toml" <<'TOML'
[package]
name = "based"
version = "0.1.0"
edition = "2021"

[dependencies]
itoa = "=1.0.1"
ryu = "=1.0.2"
TOML
cat > "$A/src/main.rs" <<'RS'
fn main() {
    println!("{} {}", itoa::Buffer::new().format(42u8), ryu::Buffer::new().format(1.5f64));
}
RS
_example_cargo "$A" generate-lockfile --quiet || fail "cargo generate-lockfile failed for state A"
cp -r "$A" "$B"
sed -i 's/^ryu = .*/&\nheirloom-fixture-mid = "=0.1.0"/' "$B/Cargo.toml"
sed -i 's/^    println!.*/&\n    println!("{}", heirloom_fixture_mid::describe(7));/' "$B/src/main.rs"
EXAMPLE_REGISTRY_WITHOUT=heirloom-fixture-mid-0.1.1 _example_cargo "$B" generate-lockfile --quiet \
  || fail "cargo generate-lockfile failed for state B"
grep -q '^name = "heirloom-fixture-mid"$' "$B/Cargo.lock" || fail "state B's lock does not name heirloom-fixture-mid"
chmod -R a+rX "$SCRATCH"

# build NAME ATTR SRC [nix-build args...]: the attribute for state SRC; prints
# its output path, the log (with the stored log of a reused output) in
# $SCRATCH/NAME.log.
build() {
  local name=$1 attr=$2 src=$3 out
  shift 3
  out=$(nix-build "$NIXFILE" -A "$attr" --out-link "$ROOTS/$name" --arg heirloomPrefix "$HEIRLOOM_PREFIX" \
    --argstr registry "$REGISTRY" --arg srcDir "$src" --argstr salt "$SALT" "$@" 2> "$SCRATCH/$name.log") \
    || { tail -n 40 "$SCRATCH/$name.log" >&2; fail "$name did not build"; }
  echo "$out"
}

snap=$(build snapshot snapshot "$A")
SNAP=$SCRATCH/deps-base
cp -rL --no-preserve=mode "$snap" "$SNAP" && chmod -R a+rX "$SNAP"

for mode in symlinks zstd; do
  args=(--argstr mode "$mode" --arg depsBase "$SNAP")
  layer=$(build "$mode-layer" deps "$B" "${args[@]}")
  base=$(build "$mode-base" base "$B" "${args[@]}")
  [ "$base" != "$layer" ] || fail "$mode: the deps derivation is the base itself"
  expect_eq "$(compiled_crates "$base")" "based itoa ryu " "$mode: crates compiled in the base"
  expect_eq "$(compiled_crates "$layer")" "based heirloom-fixture-mid " "$mode: crates compiled in the layer over the base"
  nix-store -q --references "$layer" > "$SCRATCH/$mode-layer.refs"
  expect_contains "$SCRATCH/$mode-layer.refs" "$base" "$mode: references of the layer"

  pkg=$(build "$mode-package" package "$B" "${args[@]}")
  units=$(compiled_units "$pkg")
  [[ "$units" =~ ^[^\ ]+:bin$ ]] && [[ "$units" != *itoa* && "$units" != *ryu* && "$units" != *fixture* ]] \
    || fail "$mode: the package compiled more than the workspace's binary: $units"
  expect_eq "$(cat "$pkg/output.txt")" "42 1.5
heirloom-fixture-mid 0.1.0 counts 7" "$mode: the binary's output"

  for attr in base deps; do
    nix-build "$NIXFILE" -A "$attr" --check --no-out-link --arg heirloomPrefix "$HEIRLOOM_PREFIX" \
      --argstr registry "$REGISTRY" --arg srcDir "$B" --argstr salt "$SALT" "${args[@]}" \
      > /dev/null 2> "$SCRATCH/$mode-$attr-check.log" \
      || { grep -i "differ\|deterministic" "$SCRATCH/$mode-$attr-check.log" >&2 || tail -5 "$SCRATCH/$mode-$attr-check.log" >&2
           fail "$mode: $attr does not rebuild bit for bit (nix-build --check)"; }
  done

  # The real GC, in a store of the test's own: only the layer is rooted.
  rm -rf "$PRIVATE"
  nix copy --no-check-sigs --to "local?root=$PRIVATE" "$layer" 2> "$SCRATCH/copy.log" \
    || fail "$mode: nix copy into the private store failed: $(tail -3 "$SCRATCH/copy.log")"
  in_private true 2> "$SCRATCH/unshare.log" \
    || fail "cannot mount the private store in a mount namespace (needs root and util-linux's unshare): $(tail -1 "$SCRATCH/unshare.log")"
  mkdir -p "$PRIVATE/nix/var/nix/gcroots/heirloom-test"
  ln -s "$layer" "$PRIVATE/nix/var/nix/gcroots/heirloom-test/layer"
  echo "gc probe $SALT $mode" > "$SCRATCH/gc-probe"
  probe=$(priv --add "$SCRATCH/gc-probe")
  priv --gc > "$SCRATCH/gc.log" 2>&1 || fail "$mode: nix-store --gc in the private store failed: $(tail -3 "$SCRATCH/gc.log")"
  ! valid_in_private "$probe" || fail "$mode: the GC did not delete an unreferenced path ($probe)"
  valid_in_private "$base" || fail "$mode: the GC deleted the base $base while the layer over it is rooted"
  tree=$SCRATCH/$mode-target
  in_private "$HEIRLOOM" unpack --from "$layer" --target "$tree" --quiet || fail "$mode: unpack of the layer after the GC failed"
  broken=$(in_private find "$tree" -xtype l | head -3)
  [ -z "$broken" ] || fail "$mode: links of the layer do not resolve after the GC: $broken"
  ls "$tree"/release/deps/libitoa-*.rlib "$tree"/release/deps/libheirloom_fixture_mid-*.rlib > /dev/null 2>&1 \
    || fail "$mode: the unpacked layer lacks the base's itoa or the layer's heirloom-fixture-mid rlib"
  rm -rf "$tree"
done
note "over a dependency base, in both modes: the layer compiled only the added crate and the stub, the package only the workspace; base and layer rebuild bit for bit; a GC with only the layer rooted kept the base, every link resolved"
