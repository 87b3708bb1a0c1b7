# fileset.commonCargoSources path: what a cargo build reads in most
# projects: Cargo.toml and Cargo.lock, Rust sources, TOML files. Use it as
#   src = lib.fileset.toSource { root = ./.; fileset = craneLib.fileset.commonCargoSources ./.; };
{ lib, fileset }:
path: lib.fileset.unions [
  (fileset.cargoTomlAndLock path)
  (fileset.rust path)
  (fileset.toml path)
]
