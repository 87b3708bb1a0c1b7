# vendorCargoDeps beyond crates.io, offline: a project depending on a crate
# in a git repository (a workspace of three crates, on a branch, the one
# used inheriting its version, edition and a dependency on a sibling from
# the workspace: vendored with them resolved) and on a
# crate of a second registry (a git index on file:// whose config.json
# "dl" template points at .crate files), its Cargo.lock written by cargo
# itself. The vendor dir is built, the project built and run; the lock's
# git source is replaced as cargo's config says, the unused crate of the
# repository is left out; a wrong outputHashes entry fails the fetch naming
# the crate, the right one builds; an unlocked git dependency and an
# unknown registry fail evaluation naming the crate; registryFromSparse
# reads a sparse index's config.json.
source "$(dirname "$0")/lib.sh"
need git git
need curl curl
[ -x /usr/bin/cargo ] || fail "the builds use Debian's cargo: apt-get install cargo"
# The lock is written by the cargo that builds it (Debian's).

export CARGO_HOME=$SCRATCH/cargo-home GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
export GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z

# The git repository: a workspace with the crate we use, its sibling it
# depends on, and one we do not. greet and shout inherit from the workspace.
repo=$SCRATCH/gitrepo
mkdir -p "$repo/greet/src" "$repo/shout/src" "$repo/unused/src"
cat > "$repo/Cargo.toml" <<'TOML'
[workspace]
members = ["greet", "shout", "unused"]
resolver = "2"

[workspace.package]
version = "0.2.0"
edition = "2021"

[workspace.dependencies]
shout = { path = "shout", version = "0.1" }
TOML
cat > "$repo/greet/Cargo.toml" <<'TOML'
[package]
name = "greet"
version.workspace = true
edition.workspace = true

[dependencies]
shout = { workspace = true, features = ["loud"] }
TOML
echo 'pub fn greet(who: &str) -> String { format!("hello {} from git", shout::shout(who)) }' > "$repo/greet/src/lib.rs"
printf '[package]\nname = "shout"\nversion = "0.1.0"\nedition.workspace = true\n\n[features]\nloud = []\n' > "$repo/shout/Cargo.toml"
echo 'pub fn shout(s: &str) -> String { if cfg!(feature = "loud") { s.to_uppercase() } else { s.to_string() } }' > "$repo/shout/src/lib.rs"
printf '[package]\nname = "unused"\nversion = "0.1.0"\nedition = "2021"\n' > "$repo/unused/Cargo.toml"
echo 'compile_error!("not in the lock, never vendored");' > "$repo/unused/src/lib.rs"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m one
rev=$(git -C "$repo" rev-parse HEAD)

# The second registry: a .crate made by cargo package, its index in git.
mkdir -p "$SCRATCH/count/src"
printf '[package]\nname = "countdown"\nversion = "1.3.0"\nedition = "2021"\ndescription = "d"\nlicense = "MIT"\n' > "$SCRATCH/count/Cargo.toml"
# The assertion's panic location names the vendored source file.
echo 'pub fn count(n: u32) -> Vec<u32> { assert!(n < 1000, "too many"); (1..=n).rev().collect() }' > "$SCRATCH/count/src/lib.rs"
(cd "$SCRATCH/count" && /usr/bin/cargo package -q --offline --no-verify --allow-dirty) || fail "cargo package of the registry crate failed"
dl=$SCRATCH/dl
mkdir -p "$dl/co/un"
cp "$SCRATCH/count/target/package/countdown-1.3.0.crate" "$dl/co/un/countdown-1.3.0.crate"
sum=$(sha256sum "$dl/co/un/countdown-1.3.0.crate" | cut -d' ' -f1)
index=$SCRATCH/index
mkdir -p "$index/co/un"
printf '{"dl":"file://%s/{lowerprefix}/{crate}-{version}.crate"}\n' "$dl" > "$index/config.json"
printf '{"name":"countdown","vers":"1.3.0","deps":[],"cksum":"%s","features":{},"yanked":false}\n' "$sum" > "$index/co/un/countdown"
git -C "$index" init -q -b main && git -C "$index" add -A && git -C "$index" commit -q -m index
indexRev=$(git -C "$index" rev-parse HEAD)

# The project; cargo resolves and writes its Cargo.lock.
proj=$SCRATCH/project
mkdir -p "$proj/src" "$proj/.cargo"
cat > "$proj/Cargo.toml" <<TOML
[package]
name = "sources"
version = "0.1.0"
edition = "2021"

[dependencies]
greet = { git = "file://$repo", branch = "main" }
countdown = { version = "1.3", registry = "second" }
TOML
printf '[registries.second]\nindex = "file://%s"\n' "$index" > "$proj/.cargo/config.toml"
echo 'fn main() { println!("{} {:?}", greet::greet("nix"), countdown::count(3)); }' > "$proj/src/main.rs"
(cd "$proj" && /usr/bin/cargo generate-lockfile -q) 2> "$SCRATCH/lock.log" || { cat "$SCRATCH/lock.log" >&2; fail "cargo generate-lockfile failed"; }
gitSource="git+file://$repo?branch=main#$rev"
expect_contains "$proj/Cargo.lock" "source = \"$gitSource\"" "cargo's lock entry for the git crate"
expect_contains "$proj/Cargo.lock" "source = \"registry+file://$index\"" "cargo's lock entry for the registry crate"
chmod -R a+rX "$SCRATCH"

args() { echo --arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg project "$1" --argstr indexUrl "file://$index" --argstr indexRev "$indexRev"; }

out=$(nix-build "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A package --out-link "$ROOTS/package" $(args "$proj") 2> "$SCRATCH/build.log") \
  || { tail -n 30 "$SCRATCH/build.log" >&2; fail "building the project with git and registry dependencies failed"; }
expect_eq "$("$out/bin/sources")" "hello NIX from git [3, 2, 1]" "the project's output (shout's feature loud, added by greet, is on)"
# buildPackage rewrote the vendored sources' store paths out of the binary
# (removeReferencesToVendoredSourcesHook); without it they stay, and the
# vendor dir is a run-time dependency.
grep -aq "/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-vendor-cargo-deps/[0-9a-f]*/countdown-1.3.0/src/lib.rs" "$out/bin/sources" \
  || fail "the binary has no rewritten panic path of countdown-1.3.0/src/lib.rs"
if nix-store -q --references "$out" | grep -q vendor; then fail "the package still refers to the vendor dir: $(nix-store -q --references "$out")"; fi
kept=$(nix-build "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A packageKeepingReferences --out-link "$ROOTS/kept" $(args "$proj") 2> "$SCRATCH/kept.log") \
  || { tail -n 30 "$SCRATCH/kept.log" >&2; fail "building with doNotRemoveReferencesToVendorDir failed"; }
nix-store -q --references "$kept" | grep -q vendor-cargo-deps || fail "with doNotRemoveReferencesToVendorDir the vendor dir is not referenced, so the check above proves nothing"
vendor=$(nix-build "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A cargoVendorDir --out-link "$ROOTS/vendor" $(args "$proj") 2>/dev/null)
expect_contains "$vendor/config.toml" "[source.\"file://$repo?branch=main\"]" "the vendor config's git source"
expect_contains "$vendor/config.toml" 'branch = "main"' "the vendor config's git branch"
expect_contains "$vendor/config.toml" '[source."second"]' "the vendor config's registry"
ls "$vendor"/*/greet-0.2.0/src/lib.rs > /dev/null 2>&1 || fail "the vendor dir has no greet-0.2.0"
ls "$vendor"/*/countdown-1.3.0/src/lib.rs > /dev/null 2>&1 || fail "the vendor dir has no countdown-1.3.0"
if ls -d "$vendor"/*/unused-* > /dev/null 2>&1; then fail "the git repository's crate outside the lock was vendored"; fi
expect_contains "$(ls -d "$vendor"/*/greet-0.2.0)/.cargo-checksum.json" '"package":null' "the git crate's checksum file"
# The vendored manifests inherit nothing: cargo reads no workspace there.
greetToml=$(ls "$vendor"/*/greet-0.2.0/Cargo.toml)
if grep -q workspace "$greetToml" "$(ls "$vendor"/*/shout-0.1.0/Cargo.toml)"; then fail "a vendored manifest still inherits: $(cat "$greetToml")"; fi
expect_contains "$greetToml" 'version = "0.2.0"' "greet's resolved manifest"
expect_contains "$greetToml" 'edition = "2021"' "greet's resolved manifest"
expect_contains "$greetToml" 'path = "../shout"' "greet's resolved dependency"
expect_contains "$greetToml" 'features = ["loud"]' "greet's resolved dependency"

# outputHashes: the checkout's hash (fetchgit), wrong then right.
checkout=$SCRATCH/checkout
git clone -q "$repo" "$checkout" && rm -rf "$checkout/.git"
good=$(nix hash path "$checkout")
bad=$(nix hash path "$SCRATCH/count/src")
if nix-build "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A cargoVendorDir --no-out-link $(args "$proj") --arg outputHashes "{ \"$gitSource\" = \"$bad\"; }" > /dev/null 2> "$SCRATCH/badhash.log"; then
  fail "a git dependency with a wrong outputHashes entry was vendored"
fi
expect_contains "$SCRATCH/badhash.log" "hash mismatch" "the failed git fetch"
expect_contains "$SCRATCH/badhash.log" "cargo-git-greet-" "the failed git fetch's name"
hv=$(nix-build "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A cargoVendorDir --no-out-link $(args "$proj") --arg outputHashes "{ \"$gitSource\" = \"$good\"; }" 2> "$SCRATCH/goodhash.log") \
  || { tail -n 20 "$SCRATCH/goodhash.log" >&2; fail "vendoring with the right outputHashes entry failed"; }
ls "$hv"/*/greet-0.2.0/src/lib.rs > /dev/null 2>&1 || fail "the fetchgit vendor dir has no greet-0.2.0"
if grep -q workspace "$hv"/*/greet-0.2.0/Cargo.toml; then fail "the fetchgit checkout's greet manifest still inherits"; fi

# An unlocked git dependency (no #rev in the lock): evaluation names the crate.
unlocked=$SCRATCH/unlocked
cp -r "$proj" "$unlocked" && rm -rf "$unlocked/target"
sed -i "s|#$rev\"|\"|" "$unlocked/Cargo.lock"
if nix-instantiate "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A cargoVendorDir $(args "$unlocked") > /dev/null 2> "$SCRATCH/unlocked.log"; then
  fail "a git dependency without a locked revision evaluated"
fi
expect_contains "$SCRATCH/unlocked.log" "greet 0.2.0 has no locked revision" "the unlocked dependency's error"

# A registry the library does not know: evaluation names the crate.
if nix-instantiate "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A unknownRegistry $(args "$proj") > /dev/null 2> "$SCRATCH/unknown.log"; then
  fail "a crate of an unknown registry evaluated"
fi
expect_contains "$SCRATCH/unknown.log" "countdown 1.3.0: no registry known for registry+file://$index" "the unknown registry's error"

# registryFromGitIndex and registryFromSparse: the entries they make.
sparse=$SCRATCH/sparse
mkdir -p "$sparse" && cp "$index/config.json" "$sparse/" && chmod -R a+rX "$sparse"
ssum=$(sha256sum "$sparse/config.json" | cut -d' ' -f1)
got=$(nix-instantiate --read-write-mode --eval --strict --json "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A sparse $(args "$proj") \
  --argstr sparseUrl "file://$sparse" --argstr sparseSha256 "$ssum" 2> "$SCRATCH/sparse.log") || fail "registryFromSparse failed: $(grep -m2 error "$SCRATCH/sparse.log")"
expect_eq "$got" "{\"sparse+file://$sparse/\":{\"downloadUrl\":\"file://$dl/{lowerprefix}/{crate}-{version}.crate\",\"fetchurlExtraArgs\":{}}}" "registryFromSparse's entry"
got=$(nix-instantiate --eval --strict --json "$SOURCE_ROOT/tests/nix/vendor-sources.nix" -A gitIndex $(args "$proj") 2>/dev/null)
expect_eq "$got" "{\"registry+file://$index\":{\"downloadUrl\":\"file://$dl/{lowerprefix}/{crate}-{version}.crate\",\"fetchurlExtraArgs\":{}}}" "registryFromGitIndex's entry"
note "vendored git crates inheriting from their workspace (fetchGit and fetchgit) and a second registry's crate, built and ran; unlocked, unknown and wrong-hash inputs rejected"
