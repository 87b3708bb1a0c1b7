# vendorCargoRegistries { lockPackages, cargoConfigs ? [ ], registries ? <from cargoConfigs>, overrideVendorCargoPackage ? _: drv: drv }:
# { sources; config; } for the lock's registry packages ("registry+<index>"
# or "sparse+<index>" sources): one source directory per registry (named by
# the sha256 of the lock's source string) linking each crate's
# downloadCargoPackage, and the cargo config text replacing each named
# registry with it ("${placeholder "out"}" stands for the vendor dir).
#   registries     { <name> = "<index url>"; }: the registries' names as
#                  the project's cargo config declares them; default: the
#                  [registries.<name>] index entries of cargoConfigs (the
#                  .cargo/config.toml files), plus crates-io
# A registry package without a sha256 checksum fails evaluation naming it;
# a registry missing from `registries` is warned about.
{ lib, runCommandLocal, downloadCargoPackage }:
{ lockPackages
, cargoConfigs ? [ ]
, overrideVendorCargoPackage ? _: drv: drv
, ...
}@args:
let
  hash = builtins.hashString "sha256";
  isRegistry = s: lib.hasPrefix "registry+" s || lib.hasPrefix "sparse+" s;
  withPrefix = url: if isRegistry url then url else "registry+${url}";
  packages = lib.filter (p: isRegistry (p.source or "")) lockPackages;
  validChecksum = c: builtins.isString c && builtins.match "[0-9a-f]{64}" c != null;
  checked = p: if validChecksum (p.checksum or null) then p else
    throw "vendorCargoRegistries: ${p.name} ${p.version} has no sha256 checksum (${builtins.toJSON (p.checksum or null)}) in Cargo.lock; pass cargoVendorDir instead";
  bySource = lib.groupBy (p: p.source) (map checked packages);

  configured = lib.foldl (acc: file:
    acc // lib.mapAttrs (_: r: r.index) (lib.filterAttrs (_: r: r ? index) ((builtins.fromTOML (builtins.readFile file)).registries or { })))
    { } cargoConfigs;
  registries = { crates-io = "https://github.com/rust-lang/crates.io-index"; } // (args.registries or configured);
  known = map withPrefix (builtins.attrValues registries);
  unknown = lib.filter (s: !(lib.elem s known)) (builtins.attrNames bySource);

  sources = lib.mapAttrs' (source: ps: lib.nameValuePair (hash source) (runCommandLocal "vendor-registry" { } ''
    mkdir -p $out
    ${lib.concatMapStrings (p: ''
      ln -s ${overrideVendorCargoPackage p (downloadCargoPackage p)} $out/${lib.escapeShellArg "${p.name}-${p.version}"}
    '') ps}
  '')) bySource;
  config = lib.concatStrings (lib.mapAttrsToList (source: _: ''
    [source.nix-sources-${hash source}]
    directory = "${placeholder "out"}/${hash source}"
  '') bySource) + lib.concatStrings (lib.mapAttrsToList (name: url:
    lib.optionalString (bySource ? ${withPrefix url}) ''
      [source.${builtins.toJSON name}]
      registry = "${url}"
      replace-with = "nix-sources-${hash (withPrefix url)}"
    '') registries);
in
lib.warnIf (unknown != [ ])
  "vendorCargoRegistries: no registry name for ${lib.concatStringsSep ", " unknown}: declare it in .cargo/config.toml ([registries.<name>] index = …) or pass `registries`; cargo will not find these crates"
  { inherit sources config; }
