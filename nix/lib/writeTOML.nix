# writeTOML name contents: a store file `name` holding `contents` (an
# attribute set, e.g. a parsed Cargo.toml) as TOML. Written by Nix itself,
# no tool at build time.
{ writeText, toTOML }:
name: contents: writeText name (toTOML contents)
