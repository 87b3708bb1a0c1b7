# filterCargoSources path type: a lib.cleanSourceWith filter keeping every
# directory, *.rs and *.toml files, Cargo.lock and .cargo/config.
{ lib }:
path: type:
let
  name = baseNameOf (toString path);
  inDotCargo = baseNameOf (dirOf (toString path)) == ".cargo";
in
type == "directory"
|| lib.hasSuffix ".rs" name
|| lib.hasSuffix ".toml" name
|| name == "Cargo.lock"
|| (inDotCargo && name == "config")
