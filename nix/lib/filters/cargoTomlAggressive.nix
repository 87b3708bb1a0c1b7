# filters.cargoTomlAggressive keyPath: a cleanCargoToml filter keeping only
# the manifest keys that decide which dependencies are built and how
# (dependency tables, features, profiles, patches, the workspace layout,
# each package's name/version/edition and its targets' names, paths and
# kinds). Everything else is dropped. `keyPath` is a list of keys, e.g.
# [ "package" "description" ]; a key is kept when it lies on the way to a
# kept key or below one.
{ lib }:
let
  targetKeys = [ "name" "path" "edition" "crate-type" "crate_type" "proc-macro" "proc_macro" "harness" ];
  perTarget = kind: map (k: [ kind k ]) targetKeys;
  kept =
    map (k: [ k ]) [
      "dependencies" "dev-dependencies" "dev_dependencies" "build-dependencies" "build_dependencies"
      "target" "features" "profile" "patch" "replace" "cargo-features" "cargo_features"
    ]
    ++ map (k: [ "package" k ]) [ "name" "version" "edition" "resolver" "workspace" ]
    ++ map (k: [ "workspace" k ]) [
      "members" "exclude" "default-members" "default_members" "dependencies" "package" "resolver"
    ]
    ++ lib.concatMap perTarget [ "lib" "bin" "example" "test" "bench" ];
  prefixOf = a: c: lib.lists.hasPrefix a c;
in
keyPath: builtins.any (k: prefixOf keyPath k || prefixOf k keyPath) kept
