# writeTOMLViaCraneUtils name contents: a store file `name` holding
# `contents` (an attribute set) as TOML, written at build time by craneUtils'
# crane-json2toml from the JSON of `contents` (a derivation built for, and
# run on, the build platform).
{ pkgsBuildBuild, craneUtils }:
name: contents:
pkgsBuildBuild.runCommand name {
  contents = builtins.toJSON contents;
  passAsFile = [ "contents" ];
  nativeBuildInputs = [ craneUtils ];
} ''
  crane-json2toml < "$contentsPath" > "$out"
''
