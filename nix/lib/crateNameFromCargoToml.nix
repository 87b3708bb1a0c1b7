# crateNameFromCargoToml { src ? null, cargoToml ? src + "/Cargo.toml", cargoTomlContents ? … }
# -> { pname, version }: the package name and version from a Cargo.toml
# ([package], or [workspace.package] for the version of a virtual
# manifest), with "cargo-package" / "0.0.0" when absent.
{ lib }:
{ src ? null
, cargoToml ? src + "/Cargo.toml"
, cargoTomlContents ? builtins.readFile cargoToml
, ...
}:
let
  toml = builtins.fromTOML cargoTomlContents;
  pkg = toml.package or { };
  wsPkg = toml.workspace.package or { };
  version = pkg.version or null;
in
{
  pname = pkg.name or "cargo-package";
  version =
    if builtins.isString version then version
    else if builtins.isAttrs version && (version.workspace or false) then wsPkg.version or "0.0.0"
    else wsPkg.version or "0.0.0";
}
