# cleanCargoToml { cargoToml | cargoTomlContents, cleanCargoTomlFilter }:
# the parsed manifest with only the keys the filter keeps. The filter gets
# each key's path (a list of keys; the elements of a list, e.g. [[bin]],
# share their list's path) and returns whether to keep it.
#   cleanCargoTomlFilter  default: filters.cargoTomlDefault
{ lib, filters }:
{ cargoToml ? throw "cleanCargoToml: pass cargoToml or cargoTomlContents"
, cargoTomlContents ? builtins.readFile cargoToml
, cleanCargoTomlFilter ? filters.cargoTomlDefault
}:
let
  clean = path: v:
    if builtins.isAttrs v then
      builtins.listToAttrs (lib.concatMap
        (k: lib.optional (cleanCargoTomlFilter (path ++ [ k ])) (lib.nameValuePair k (clean (path ++ [ k ]) v.${k})))
        (builtins.attrNames v))
    else if builtins.isList v then map (clean path) v
    else v;
in
clean [ ] (builtins.fromTOML (builtins.unsafeDiscardStringContext cargoTomlContents))
