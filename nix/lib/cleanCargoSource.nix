# cleanCargoSource src: src without what nixpkgs' lib.cleanSource drops
# (.git, editor files, result links) and with only what filterCargoSources
# keeps (Rust and TOML files, Cargo.lock, .cargo/config). Editing README.md
# or a Nix file then changes no derivation. The store path is named after
# the crate. A build that reads other files (SQL, proto, C sources) needs
# its own filter (lib.cleanSourceWith or lib.fileset).
{ lib, filterCargoSources, sourceName }:
src:
lib.cleanSourceWith {
  src = lib.cleanSource src;
  filter = filterCargoSources;
  name = sourceName src;
}
