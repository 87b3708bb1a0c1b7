# downloadCargoPackage { name, version, checksum, source, … } (a Cargo.lock
# package): the crate fetched with fetchurl from urlForCargoPackage's URL,
# checked against the lock's sha256, unpacked, with the
# .cargo-checksum.json cargo's directory sources expect.
{ lib, fetchurl, runCommandLocal, gnutar, urlForCargoPackage }:
{ name, version, checksum, ... }@args:
let
  info = urlForCargoPackage args;
  tarball = fetchurl (info.fetchurlExtraArgs // {
    inherit (info) url;
    name = "cargo-src-${name}-${version}";
    sha256 = checksum;
  });
in
runCommandLocal "cargo-package-${name}-${version}" { nativeBuildInputs = [ gnutar ]; } ''
  mkdir -p $out
  tar -xzf ${tarball} -C $out --strip-components=1 --no-same-owner
  printf '{"files":{},"package":"%s"}' ${lib.escapeShellArg checksum} > $out/.cargo-checksum.json
''
