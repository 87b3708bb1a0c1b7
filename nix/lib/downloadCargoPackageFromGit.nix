# downloadCargoPackageFromGit { git, rev, ref ? null, hash ? null, allRefs ? ref == null }:
# every crate of a git repository at `rev`, one directory per crate named
# <name>-<version> (from `cargo metadata`), each with the
# .cargo-checksum.json of a git source ("package": null). Without `hash`
# the checkout is builtins.fetchGit at evaluation; with it, fetchgit (a
# fixed-output derivation checked against `hash`). The crate directory is
# copied whole (without target/ and .git), its Cargo.toml with what it
# inherits from its workspace (`version.workspace = true`,
# `dep.workspace = true`, `[lints] workspace = true`) resolved, as
# `cargo package` writes it (craneUtils' crane-resolve-workspace-inheritance).
#   name   the fetchgit derivation's name (heirloom: it names the crates
#          in a hash mismatch); default cargo-git-<rev>
{ lib, fetchgit, runCommandLocal, cargo, jq, craneUtils }:
{ git
, rev
, ref ? null
, hash ? null
, allRefs ? ref == null
, name ? "cargo-git-${builtins.substring 0 12 rev}"
}:
let
  repo =
    if hash == null then
      builtins.fetchGit ({ url = git; inherit rev allRefs; submodules = true; } // lib.optionalAttrs (ref != null) { inherit ref; })
    else
      fetchgit { url = git; inherit rev hash name; fetchSubmodules = true; };
in
runCommandLocal "${name}-crates" { nativeBuildInputs = [ cargo jq craneUtils ]; } ''
  export CARGO_HOME=$PWD/.cargo-home
  mkdir -p $out "$CARGO_HOME"
  cd ${repo}
  find "$PWD" \( -name target -o -name .git \) -prune -o -name Cargo.toml -print | sort | while read -r toml; do
    meta=$(cargo metadata --format-version 1 --no-deps --offline --manifest-path "$toml")
    crate=$(jq -r --arg m "$toml" '.packages[] | select(.manifest_path == $m) | "\(.name)-\(.version)"' <<< "$meta")
    [ -n "$crate" ] || continue # a virtual workspace manifest
    if [ -e "$out/$crate" ]; then
      echo "downloadCargoPackageFromGit: ${git}: skipping a second $crate at $toml" >&2
      continue
    fi
    mkdir -p "$out/$crate"
    (cd "$(dirname "$toml")" && find . -mindepth 1 -maxdepth 1 ! -name target ! -name .git -exec cp -rL --no-preserve=mode -t "$out/$crate" {} +)
    crane-resolve-workspace-inheritance "$toml" "$(jq -r .workspace_root <<< "$meta")/Cargo.toml" "$out/$crate"
    printf '{"files":{},"package":null}' > "$out/$crate/.cargo-checksum.json"
  done
''
