# vendorMultipleCargoDeps { cargoLockList ? [ ], cargoLockContentsList ? [ ], cargoLockParsedList ? [ ], … }:
# one vendor directory for the packages of several Cargo.locks (each
# name/version/source once): a config.toml replacing the registries and
# git sources, and one directory per source beside it
# (vendorCargoRegistries, vendorGitDeps). mkCargoDerivation appends the
# config.toml to cargo's config.
#   cargoConfigs, registries, overrideVendorCargoPackage: for vendorCargoRegistries
#   outputHashes, overrideVendorGitCheckout: for vendorGitDeps
{ lib, runCommandLocal, vendorCargoRegistries, vendorGitDeps }:
{ cargoConfigs ? [ ]
, cargoLockContentsList ? [ ]
, cargoLockList ? [ ]
, cargoLockParsedList ? [ ]
, outputHashes ? { }
, overrideVendorCargoPackage ? _: drv: drv
, overrideVendorGitCheckout ? _: drv: drv
, registries ? null
}:
let
  locks = map (f: builtins.fromTOML (builtins.readFile f)) cargoLockList
    ++ map builtins.fromTOML cargoLockContentsList ++ cargoLockParsedList;
  trim = p: lib.filterAttrs (k: _: lib.elem k [ "name" "version" "source" "checksum" ]) p;
  all = lib.concatMap (l: map trim ((l.package or [ ]) ++ (l.patch.unused or [ ]))) locks;
  lockPackages = builtins.attrValues (lib.listToAttrs (map (p:
    lib.nameValuePair "${p.name}:${p.version}:${p.source or "path"}" p) all));
  fromRegistries = vendorCargoRegistries ({ inherit cargoConfigs lockPackages overrideVendorCargoPackage; }
    // lib.optionalAttrs (registries != null) { inherit registries; });
  fromGit = vendorGitDeps { inherit lockPackages outputHashes overrideVendorGitCheckout; };
  link = sources: lib.concatStrings (lib.mapAttrsToList (n: d: ''
    ln -s ${d} $out/${n}
  '') sources);
in
runCommandLocal "vendor-cargo-deps" {
  config = fromRegistries.config + fromGit.config;
  passAsFile = [ "config" ];
} ''
  mkdir -p $out
  cp "$configPath" $out/config.toml
  ${link fromRegistries.sources}
  ${link fromGit.sources}
''
