# urlForCargoPackage { name, version, source, checksum, … } (a Cargo.lock
# package): { url; fetchurlExtraArgs; } from the crateRegistries entry of its
# `source`, the download template's markers filled in. An unknown registry
# fails evaluation naming the crate and the registry.
{ lib, crateRegistries }:
{ name, version, source, checksum, ... }:
let
  len = builtins.stringLength name;
  prefix =
    if len <= 2 then toString len
    else if len == 3 then "3/${builtins.substring 0 1 name}"
    else "${builtins.substring 0 2 name}/${builtins.substring 2 2 name}";
  registry = crateRegistries.${source} or (throw
    "urlForCargoPackage: ${name} ${version}: no registry known for ${source} (known: ${lib.concatStringsSep ", " (builtins.attrNames crateRegistries)}); add it with appendCrateRegistries [ (registryFromDownloadUrl { dl = …; indexUrl = …; }) ]");
in
{
  fetchurlExtraArgs = registry.fetchurlExtraArgs or { };
  url = builtins.replaceStrings
    [ "{crate}" "{version}" "{prefix}" "{lowerprefix}" "{sha256-checksum}" ]
    [ name version prefix (lib.toLower prefix) checksum ]
    registry.downloadUrl;
}
