# fileset.cargoTomlAndLock path: every Cargo.toml and Cargo.lock below path.
{ lib }:
path: lib.fileset.fileFilter (file: file.name == "Cargo.toml" || file.name == "Cargo.lock") path
