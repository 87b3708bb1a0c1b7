# fileset.configToml path: every file named config.toml below path (cargo's
# .cargo/config.toml among them; a file set cannot name a parent directory).
{ lib }:
path: lib.fileset.fileFilter (file: file.name == "config.toml") path
