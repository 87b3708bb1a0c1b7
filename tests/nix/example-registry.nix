# The registry of the loop test (tests/nix/loop.sh): Debian's crate registry
# (debian-registry.nix, in the store) as symlinks to its crate directories,
# plus the fixture crates of tests/data/crates (heirloom-fixture-mid 0.1.0
# and 0.1.1, heirloom-fixture-top 0.1.0), which Debian does not ship: a
# second version of a crate, for the "upgrade a dependency" step. The same
# registry outside Nix: example_registry in tests/lib/example-edits.sh.
# Every file cargo reads is in the store (mtime 1), as the note in
# debian-registry.nix requires.
{ pkgs, debian }:
pkgs.runCommand "heirloom-example-registry" { inherit debian; crates = ../data/crates; } ''
  mkdir "$out"
  ln -s "$debian"/* "$out"/
  for c in "$crates"/*; do
    [ ! -e "$out/''${c##*/}" ] || { echo "example-registry: ''${c##*/} is in Debian's registry too" >&2; exit 1; }
    cp -r "$c" "$out"/
  done
''
