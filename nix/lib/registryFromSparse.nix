# registryFromSparse { indexUrl, configSha256, fetchurlExtraArgs ? { } }:
# the crateRegistries entry of a sparse index: its config.json is fetched
# with fetchurl (checked against configSha256) and its "dl" read at
# evaluation; the key is "sparse+<indexUrl>/".
{ lib, fetchurl, registryFromDownloadUrl }:
{ indexUrl
, configSha256
, fetchurlExtraArgs ? { }
}:
let
  url = if lib.hasSuffix "/" indexUrl then indexUrl else "${indexUrl}/";
  configFile = fetchurl (fetchurlExtraArgs // { url = "${lib.removePrefix "sparse+" url}config.json"; sha256 = configSha256; name = "registry-config.json"; });
  config = builtins.fromJSON (builtins.readFile configFile);
in
registryFromDownloadUrl {
  inherit fetchurlExtraArgs;
  indexUrl = url;
  registryPrefix = "sparse+";
  dl = config.dl or (throw "registryFromSparse: ${url}config.json has no \"dl\" entry");
}
