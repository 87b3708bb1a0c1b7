# crateNameFromCargoToml { src | cargoToml | cargoTomlContents } -> { pname, version }
# from a Cargo.toml read at evaluation time: the name is
# package.metadata.crane.name, package.name, workspace.metadata.crane.name
# or workspace.package.name (the first that is a string), the version
# package.version or workspace.package.version. A missing value is
# "cargo-package" / "0.0.1", with a warning naming the manifest.
#   src                a source (a cleaned source is read at its origSrc)
#   cargoToml          default: src + "/Cargo.toml"
#   cargoTomlContents  default: the file's contents
{ lib, cargoTomlName }:
args:
let
  missing = throw ''
    crateNameFromCargoToml: no Cargo.toml to read the crate's name and version from:
    pass `src` with a Cargo.toml at its root, `cargoToml`, `cargoTomlContents`, or `pname` and `version`'';
  src0 = args.src or missing;
  src = if src0._isLibCleanSourceWith or false then src0.origSrc else src0;
  cargoToml = args.cargoToml or (src + "/Cargo.toml");
  contents = args.cargoTomlContents
    or (if builtins.pathExists cargoToml then builtins.readFile cargoToml else missing);
  where = if args ? cargoTomlContents then "the given Cargo.toml contents" else toString cargoToml;
  found = cargoTomlName (builtins.fromTOML (builtins.unsafeDiscardStringContext contents));
  placeholder = attr: key: value:
    lib.warn "crateNameFromCargoToml: no ${key} in ${where}; using ${value} (set `${attr}` to silence this)" value;
in
{
  pname = found.pname or (placeholder "pname" "package.name" "cargo-package");
  version = found.version or (placeholder "version" "package.version" "0.0.1");
}
