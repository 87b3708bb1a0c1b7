# vendorCargoDeps { src ? null, cargoLock ? src + "/Cargo.lock", … }: the
# vendor directory of one Cargo.lock (vendorMultipleCargoDeps): crates from
# crates.io and the other registries of crateRegistries, fetched with
# fetchurl and checked against the lock's sha256, and git dependencies
# (builtins.fetchGit, or fetchgit checked against outputHashes).
#   cargoLockContents, cargoLockParsed   the lock as text or parsed
#   cargoConfigs   default: src's .cargo/config.toml files (their registries)
#   registries, outputHashes, overrideVendorCargoPackage,
#   overrideVendorGitCheckout            as vendorMultipleCargoDeps takes them
{ lib, findCargoFiles, vendorMultipleCargoDeps }:
args:
let
  src = args.src or null;
  cargoLock = args.cargoLock or (if src == null
    then throw "vendorCargoDeps: no `src` and no `cargoLock`: pass one, or cargoVendorDir = null to vendor nothing"
    else src + "/Cargo.lock");
  lockText = args.cargoLockContents or (if builtins.pathExists cargoLock then builtins.readFile cargoLock
    else throw "vendorCargoDeps: ${toString cargoLock}: no such file (is Cargo.lock committed, or `git add -N`ed in a flake?)");
  lock = args.cargoLockParsed or (builtins.fromTOML lockText);
  # A derivation (a generated source) would be read at evaluation: skipped.
  cargoConfigs = args.cargoConfigs or (if src == null || lib.isDerivation src then [ ] else (findCargoFiles src).cargoConfigs);
in
vendorMultipleCargoDeps ({
  inherit cargoConfigs;
  cargoLockParsedList = [ lock ];
  outputHashes = args.outputHashes or { };
  overrideVendorCargoPackage = args.overrideVendorCargoPackage or (_: drv: drv);
  overrideVendorGitCheckout = args.overrideVendorGitCheckout or (_: drv: drv);
} // lib.optionalAttrs (args ? registries) { inherit (args) registries; })
