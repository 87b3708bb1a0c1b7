# fileset.toml path: every *.toml file below path (cargo's manifests and
# config, and the settings of rustfmt, taplo, clippy, deny …).
{ lib }:
path: lib.fileset.fileFilter (file: file.hasExt "toml") path
