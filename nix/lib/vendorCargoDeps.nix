# vendorCargoDeps { src ? null, cargoLock ? src + "/Cargo.lock", … }: a
# vendor directory for cargo's `directory` source, from Cargo.lock: each
# crates.io package is fetched with fetchurl, checked against the lock's
# sha256 checksum, unpacked to <name>-<version>/ with the
# .cargo-checksum.json cargo expects. Git and path dependencies are not
# handled (pass cargoVendorDir for those).
{ lib, fetchurl, runCommand, gnutar }:
{ src ? null
, cargoLock ? src + "/Cargo.lock"
, registryUrl ? "https://crates.io/api/v1/crates"
, ...
}@args:
let
  lock = args.cargoLockParsed or (builtins.fromTOML (args.cargoLockContents or (builtins.readFile cargoLock)));
  fromRegistry = p: lib.hasPrefix "registry+" (p.source or "");
  packages = lib.filter fromRegistry (lock.package or [ ]);
  # A sha256 is 64 hex digits; anything else (a lock written against a
  # rewritten registry, an old lock without checksums) cannot be fetched.
  validChecksum = c: builtins.isString c && builtins.match "[0-9a-f]{64}" c != null;
  fetch = p:
    if !(validChecksum (p.checksum or null)) then
      throw "vendorCargoDeps: ${toString cargoLock}: ${p.name} ${p.version} has no sha256 checksum (${builtins.toJSON (p.checksum or null)}); pass cargoVendorDir instead"
    else {
    inherit (p) name version checksum;
    tarball = fetchurl {
      name = "${p.name}-${p.version}.tar.gz";
      url = "${registryUrl}/${p.name}/${p.version}/download";
      sha256 = p.checksum;
    };
  };
in
runCommand "vendor-cargo-deps" { nativeBuildInputs = [ gnutar ]; } ''
  mkdir -p $out
  ${lib.concatMapStrings (c: ''
    mkdir -p $out/${c.name}-${c.version}
    tar -xzf ${c.tarball} -C $out/${c.name}-${c.version} --strip-components=1
    printf '{"files":{},"package":"%s"}' ${c.checksum} > $out/${c.name}-${c.version}/.cargo-checksum.json
  '') (map fetch packages)}
''
