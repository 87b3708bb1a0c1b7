# registryFromDownloadUrl { dl, indexUrl, registryPrefix ? "registry+", fetchurlExtraArgs ? { } }:
# an entry for crateRegistries: { "<registryPrefix><indexUrl>" = { downloadUrl; fetchurlExtraArgs; }; }.
# `dl` is the registry's download template (config.json's "dl", see
# https://doc.rust-lang.org/cargo/reference/registries.html); one without
# any {crate}/{version}/{prefix}/{lowerprefix}/{sha256-checksum} marker gets
# "/{crate}/{version}/download" appended, as cargo does.
{ lib }:
{ dl
, indexUrl
, registryPrefix ? "registry+"
, fetchurlExtraArgs ? { }
}:
let
  markers = [ "{crate}" "{version}" "{prefix}" "{lowerprefix}" "{sha256-checksum}" ];
  downloadUrl = if lib.any (m: lib.hasInfix m dl) markers then dl else "${dl}/{crate}/{version}/download";
  key = if lib.hasPrefix registryPrefix indexUrl then indexUrl else registryPrefix + indexUrl;
in
{ ${key} = { inherit downloadUrl fetchurlExtraArgs; }; }
