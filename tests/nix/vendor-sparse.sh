# vendorCargoDeps with registries over HTTP: a sparse registry made of two
# of Debian's crates (form_urlencoded, which depends on percent-encoding),
# its sparse index in cargo's index format, and a git-index registry
# (itoa), both served by python3's http.server on 127.0.0.1 for this test
# only. A project declares both in .cargo/config.toml and also depends on
# a git crate inheriting its fields and [lints] from its workspace; today's
# cargo writes its Cargo.lock, registryFromSparse reads the sparse
# registry's config.json, registryFromGitIndex the git index, and the
# project is vendored, built (buildDepsOnly + buildPackage) and run
# offline. registryFromDownloadUrl gives the same entry; without the sparse
# registry, evaluation names the crate.
source "$(dirname "$0")/lib.sh"
need curl curl
need git git
TOOLCHAIN=$(rust_toolchain_store_path) || exit 1  # (it said why)
CARGO=$TOOLCHAIN/bin/cargo
DEB=/usr/share/cargo/registry
for c in form_urlencoded-1.1.0:form-urlencoded percent-encoding-2.2.0:percent-encoding itoa-1.0.1:itoa; do
  [ -d "$DEB/${c%%:*}" ] || fail "Debian crate ${c%%:*} missing: apt-get install librust-${c#*:}-dev"
done

# The server: port 0 lets the kernel pick a free one; http.server prints it.
www=$SCRATCH/www
mkdir -p "$www"
: > "$SCRATCH/http.log"  # (read below before the server may have opened it)
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$www" > "$SCRATCH/http.log" 2>&1 &
server=$!
# (common.sh's cleanup still runs: the trap replaces its own)
stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true  # (143: it ended on our SIGTERM)
  cleanup
}
trap stop_server EXIT
port=
for _ in $(seq 50); do
  port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p' "$SCRATCH/http.log")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || fail "python3 -m http.server did not start: $(cat "$SCRATCH/http.log")"
  sleep 0.1
done
[ -n "$port" ] || fail "python3 -m http.server printed no port: $(cat "$SCRATCH/http.log")"
url=http://127.0.0.1:$port
python3 "$SOURCE_ROOT/tests/nix/make-registry.py" "$www" "sparse+$url/index/" "$url/dl" "$url/" "$DEB/form_urlencoded-1.1.0" "$DEB/percent-encoding-2.2.0" \
  || fail "make-registry.py failed"
curl -fsS "$url/index/config.json" > "$SCRATCH/config.json" || fail "the server does not serve the index's config.json"
expect_eq "$(cat "$SCRATCH/config.json")" "{\"dl\": \"$url/dl\", \"api\": \"$url/\"}" "the served config.json"

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
export GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
# A second registry, a git index over HTTP (git's dumb protocol: the files
# of a bare repository, as http.server serves them), with itoa.
python3 "$SOURCE_ROOT/tests/nix/make-registry.py" "$www/alt" "$url/alt/index.git" "$url/alt/dl" "$url/" "$DEB/itoa-1.0.1" \
  || fail "make-registry.py failed (git index)"
# Its branch is master, as crates.io's git index has it: builtins.fetchGit
# (registryFromGitIndex; Nix 2.8) takes refs/heads/master when the server
# does not say which branch HEAD is (git's dumb protocol does not).
git -C "$www/alt/index" init -q -b master && git -C "$www/alt/index" add -A && git -C "$www/alt/index" commit -q -m index
git clone -q --bare "$www/alt/index" "$www/alt/index.git" && git -C "$www/alt/index.git" update-server-info
altRev=$(git -C "$www/alt/index" rev-parse HEAD)

# A git dependency for today's cargo: a workspace member inheriting its
# package fields (a readme outside the crate among them) and its [lints].
repo=$SCRATCH/gitrepo
mkdir -p "$repo/tally/src"
cat > "$repo/Cargo.toml" <<'TOML'
[workspace]
members = ["tally"]
resolver = "2"

[workspace.package]
version = "0.3.0"
edition = "2021"
rust-version = "1.70"
license = "MIT"
readme = "README.md"

[workspace.lints.rust]
unsafe_code = "forbid"
TOML
cat > "$repo/tally/Cargo.toml" <<'TOML'
[package]
name = "tally"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
readme.workspace = true

[lints]
workspace = true
TOML
echo 'tally: counts' > "$repo/README.md"
cat > "$repo/tally/src/lib.rs" <<'RS'
pub fn tally(s: &str) -> usize { s.split('&').count() }
RS
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m one

# The project; today's cargo resolves it from the sparse index.
proj=$SCRATCH/project
mkdir -p "$proj/src" "$proj/.cargo"
cat > "$proj/Cargo.toml" <<TOML
[package]
name = "sparse-user"
version = "0.1.0"
edition = "2021"

[dependencies]
form_urlencoded = { version = "1.1", registry = "local" }
tally = { git = "file://$repo" }
itoa = { version = "1", registry = "alt" }
TOML
printf '[registries.local]\nindex = "sparse+%s/index/"\n[registries.alt]\nindex = "%s/alt/index.git"\n' "$url" "$url" > "$proj/.cargo/config.toml"
cat > "$proj/src/main.rs" <<'RS'
fn main() {
    let q: String = form_urlencoded::Serializer::new(String::new()).append_pair("who", "nix & cargo").append_pair("n", "1").finish();
    println!("{q} {} {}", tally::tally(&q), itoa::Buffer::new().format(65536));
}
RS
# (cargo's own git client has no dumb HTTP: git's does)
(cd "$proj" && CARGO_HOME=$SCRATCH/cargo-home CARGO_NET_GIT_FETCH_WITH_CLI=true "$CARGO" generate-lockfile) > "$SCRATCH/lock.log" 2>&1 \
  || { cat "$SCRATCH/lock.log" >&2; fail "cargo generate-lockfile against the sparse registry failed"; }
for c in form_urlencoded percent-encoding; do
  grep -A2 "^name = \"$c\"" "$proj/Cargo.lock" | grep -qF "source = \"sparse+$url/index/\"" \
    || fail "Cargo.lock has no $c from sparse+$url/index/: $(cat "$proj/Cargo.lock")"
done
grep -A2 '^name = "itoa"' "$proj/Cargo.lock" | grep -qF "source = \"registry+$url/alt/index.git\"" \
  || fail "Cargo.lock has no itoa from registry+$url/alt/index.git: $(cat "$proj/Cargo.lock")"
grep -q "GET /index/fo/rm/form_urlencoded " "$SCRATCH/http.log" || fail "cargo did not read the sparse index over HTTP: $(cat "$SCRATCH/http.log")"
chmod -R a+rX "$SCRATCH"

sum=$(sha256sum "$SCRATCH/config.json" | cut -d' ' -f1)
args=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --arg project "$proj" --argstr toolchain "$TOOLCHAIN"
  --argstr indexUrl "$url/index/" --argstr configSha256 "$sum" --argstr dl "$url/dl"
  --argstr gitIndexUrl "$url/alt/index.git" --argstr gitIndexRev "$altRev")
SPARSE=$SOURCE_ROOT/tests/nix/vendor-sparse.nix

# The entry: registryFromSparse read config.json's "dl" (no markers:
# cargo's default /{crate}/{version}/download is appended).
entry="{\"sparse+$url/index/\":{\"downloadUrl\":\"$url/dl/{crate}/{version}/download\",\"fetchurlExtraArgs\":{}}}"
got=$(nix-instantiate --read-write-mode --eval --strict --json "$SPARSE" -A registry "${args[@]}" 2> "$SCRATCH/entry.log") \
  || fail "registryFromSparse failed: $(grep -m2 error "$SCRATCH/entry.log")"
expect_eq "$got" "$entry" "registryFromSparse's entry"
got=$(nix-instantiate --eval --strict --json "$SPARSE" -A fromDownloadUrl "${args[@]}" 2> "$SCRATCH/dlentry.log") \
  || fail "registryFromDownloadUrl failed: $(grep -m2 error "$SCRATCH/dlentry.log")"
expect_eq "$got" "$entry" "registryFromDownloadUrl's entry for the same registry"

vendor=$(nix-build "$SPARSE" -A cargoVendorDir --out-link "$ROOTS/vendor" "${args[@]}" 2> "$SCRATCH/vendor.log") \
  || { tail -n 30 "$SCRATCH/vendor.log" >&2; fail "vendoring from the sparse registry failed"; }
expect_contains "$vendor/config.toml" '[source."local"]' "the vendor config's registry"
expect_contains "$vendor/config.toml" "registry = \"sparse+$url/index/\"" "the vendor config's registry URL"
for c in form_urlencoded-1.1.0 percent-encoding-2.2.0; do
  ls "$vendor"/*/$c/src/lib.rs > /dev/null 2>&1 || fail "the vendor dir has no $c"
done
# The .crate the server holds (cargo publish's registry-index in it).
expect_contains "$(ls "$vendor"/*/form_urlencoded-1.1.0/Cargo.toml)" "registry-index = \"sparse+$url/index/\"" "the vendored form_urlencoded manifest"

out=$(nix-build "$SPARSE" -A package --out-link "$ROOTS/package" "${args[@]}" 2> "$SCRATCH/build.log") \
  || { tail -n 30 "$SCRATCH/build.log" >&2; fail "building the project with sparse-registry dependencies failed"; }
expect_eq "$("$out/bin/sparse-user")" "who=nix+%26+cargo&n=1 2 65536" "the project's output"
expect_contains "$vendor/config.toml" "registry = \"$url/alt/index.git\"" "the vendor config's git-index registry"
tallyDir=$(ls -d "$vendor"/*/tally-0.3.0)
if grep -q workspace "$tallyDir/Cargo.toml"; then fail "the vendored git crate still inherits: $(cat "$tallyDir/Cargo.toml")"; fi
expect_contains "$tallyDir/Cargo.toml" 'unsafe_code = "forbid"' "the git crate's resolved lints"
expect_contains "$tallyDir/Cargo.toml" 'rust-version = "1.70"' "the git crate's resolved manifest"
expect_eq "$(cat "$tallyDir/README.md" 2>&1)" "tally: counts" "the workspace readme copied into the git crate"

# Without the registry: evaluation names the crate and the registry.
if nix-instantiate "$SPARSE" -A unknownRegistry "${args[@]}" > /dev/null 2> "$SCRATCH/unknown.log"; then
  fail "a crate of an unknown sparse registry evaluated"
fi
expect_contains "$SCRATCH/unknown.log" "form_urlencoded 1.1.0: no registry known for sparse+$url/index/" "the unknown registry's error"
note "sparse and git-index registries on $url and a git crate inheriting its lints: Cargo.lock by $("$CARGO" -V | cut -d' ' -f1-2), vendored, built and ran offline"
