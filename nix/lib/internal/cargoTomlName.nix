# The name and version a parsed Cargo.toml gives, in crane's order of
# preference; an attribute is absent when the manifest has no string for it.
#   pname:   package.metadata.crane.name, package.name,
#            workspace.metadata.crane.name, workspace.package.name
#   version: package.version, workspace.package.version
# (a `name.workspace = true` table is not a string and is skipped).
{ lib }:
toml:
let
  pick = candidates: lib.findFirst builtins.isString null candidates;
  found = {
    pname = pick [
      (toml.package.metadata.crane.name or null)
      (toml.package.name or null)
      (toml.workspace.metadata.crane.name or null)
      (toml.workspace.package.name or null)
    ];
    version = pick [
      (toml.package.version or null)
      (toml.workspace.package.version or null)
    ];
  };
in
lib.filterAttrs (_: v: v != null) found
