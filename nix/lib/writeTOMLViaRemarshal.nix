# writeTOMLViaRemarshal name contents: a store file `name` holding
# `contents` (an attribute set) as TOML, converted at build time from its
# JSON by remarshal (of the build platform's package set).
{ pkgsBuildBuild }:
name: contents:
pkgsBuildBuild.runCommand name {
  contents = builtins.toJSON contents;
  passAsFile = [ "contents" ];
  nativeBuildInputs = [ pkgsBuildBuild.remarshal ];
} ''
  remarshal -i "$contentsPath" -if json -of toml -o "$out"
''
