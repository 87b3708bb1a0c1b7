# The store name for a cleaned source: the crate's name from its root
# Cargo.toml when there is one that parses, else "source".
{ lib, cargoTomlName }:
src:
let
  root = if src._isLibCleanSourceWith or false then src.origSrc else src;
  manifest = root + "/Cargo.toml";
  parsed = builtins.tryEval (builtins.fromTOML (builtins.unsafeDiscardStringContext (builtins.readFile manifest)));
in
if builtins.pathExists manifest && parsed.success
then (cargoTomlName parsed.value).pname or "source"
else "source"
