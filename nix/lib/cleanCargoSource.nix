# cleanCargoSource src: the source with only what cargo and common build
# scripts read: manifests (Cargo.toml, Cargo.lock, .cargo/config[.toml]),
# Rust files, and C sources and headers for `cc`. Editing README.md, docs or
# Nix files then changes no derivation. A build that reads other files (SQL,
# proto, templates) needs its own lib.cleanSourceWith filter.
{ lib }:
src:
lib.cleanSourceWith {
  inherit src;
  name = "source";
  filter = path: type:
    let base = baseNameOf (toString path);
    in
    if type == "directory" then
      !(lib.elem base [ "target" ".git" ".direnv" "result" ])
    else
      lib.hasSuffix ".rs" base
      || lib.elem base [ "Cargo.toml" "Cargo.lock" "config" "config.toml" ]
      || lib.hasSuffix ".c" base || lib.hasSuffix ".h" base;
}
