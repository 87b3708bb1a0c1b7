# filters.cargoTomlConservative keyPath: a cleanCargoToml filter dropping
# only the manifest keys that cannot change how dependencies are built
# (descriptions, authors, links to docs, badges, lints, metadata, target
# auto-discovery switches, the doc/test/bench flags of a target …); every
# other key is kept. The default (filters.cargoTomlDefault).
{ lib }:
let
  dropPerTarget = [ "test" "doctest" "bench" "doc" "plugin" "required-features" "required_features" ];
  # keyPath prefixes to drop.
  dropped =
    [ [ "badges" ] [ "lints" ] [ "workspace" "lints" ] [ "workspace" "metadata" ] ]
    ++ map (k: [ "package" k ]) [
      "authors" "autobenches" "autobins" "autoexamples" "autotests" "build" "categories"
      "default-run" "default_run" "description" "documentation" "exclude" "homepage" "include"
      "keywords" "license" "license-file" "license_file" "links" "metadata" "publish" "readme"
      "repository" "rust-version" "rust_version"
    ]
    ++ lib.concatMap (kind: map (k: [ kind k ]) dropPerTarget) [ "lib" "bin" "example" "test" "bench" ];
in
keyPath: !(builtins.any (d: lib.lists.hasPrefix d keyPath) dropped)
