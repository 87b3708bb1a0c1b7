# vendorGitDeps { lockPackages, outputHashes ? { }, overrideVendorGitCheckout ? _: drv: drv }:
# { sources; config; } for the lock's git packages (source
# "git+<url>[?branch=|tag=|rev=]#<locked rev>"): one source directory per
# git source (named by the sha256 of its URL and reference) linking the
# locked crates of its checkout, and the cargo config text replacing each
# git source with it ("${placeholder "out"}" stands for the vendor dir).
#   outputHashes   { "<lock source>" = hash; }: fetch that source with
#                  fetchgit checked against the hash (else builtins.fetchGit)
#   overrideVendorGitCheckout  lockPackagesOfTheSource: drv: drv
# A git package without a locked revision fails evaluation naming it.
{ lib, runCommandLocal, downloadCargoPackageFromGit }:
{ lockPackages
, outputHashes ? { }
, overrideVendorGitCheckout ? _: drv: drv
}:
let
  hash = builtins.hashString "sha256";
  # cargo's lock v4 percent-encodes the URLs' query values.
  decode = builtins.replaceStrings [ "%2F" "%2f" "%3A" "%3a" "%40" "%23" "%25" ] [ "/" "/" ":" ":" "@" "#" "%" ];
  parse = p:
    let
      parts = lib.splitString "#" (lib.removePrefix "git+" p.source);
      id = decode (builtins.head parts);
      urlAndQuery = lib.splitString "?" id;
      query = lib.listToAttrs (lib.concatMap (kv:
        let s = lib.splitString "=" kv; in
        lib.optional (builtins.length s == 2 && lib.elem (builtins.head s) [ "branch" "tag" "rev" ])
          (lib.nameValuePair (builtins.head s) (lib.last s)))
        (lib.splitString "&" (if builtins.length urlAndQuery > 1 then lib.last urlAndQuery else "")));
    in
    if builtins.length parts != 2 || lib.last parts == "" then
      throw "vendorGitDeps: ${p.name} ${p.version} has no locked revision in Cargo.lock (source \"${p.source}\"); run `cargo update -p ${p.name}`"
    else query // { inherit id; git = builtins.head urlAndQuery; lockedRev = lib.last parts; package = p; };
  gitPackages = map parse (lib.filter (p: lib.hasPrefix "git+" (p.source or "")) lockPackages);
  groups = lib.groupBy (p: p.id) gitPackages;
  checkout = ps:
    let p = builtins.head ps; in
    downloadCargoPackageFromGit ({
      inherit (p) git;
      rev = p.lockedRev;
      ref = if p ? tag then "refs/tags/${p.tag}" else if p ? branch then "refs/heads/${p.branch}" else null;
      hash = outputHashes.${p.package.source} or
        (lib.warnIf (outputHashes != { }) "vendorGitDeps: no outputHashes entry for ${p.package.source}" null);
      name = "cargo-git-${lib.concatMapStringsSep "-" (q: q.package.name) ps}-${builtins.substring 0 12 p.lockedRev}";
    });
  sources = lib.mapAttrs' (id: ps:
    let crates = overrideVendorGitCheckout (map (q: q.package) ps) (checkout ps); in
    lib.nameValuePair (hash id) (runCommandLocal "vendor-git-source" { } ''
      mkdir -p $out
      ${lib.concatMapStrings (q: let d = "${q.package.name}-${q.package.version}"; in ''
        [ -d ${crates}/${lib.escapeShellArg d} ] || { echo "vendorGitDeps: ${q.git} at ${q.lockedRev} has no crate ${d}" >&2; exit 1; }
        ln -s ${crates}/${lib.escapeShellArg d} $out/${lib.escapeShellArg d}
      '') ps}
    '')) groups;
  config = lib.concatStrings (lib.mapAttrsToList (id: ps:
    let p = builtins.head ps; in ''
      [source.nix-sources-${hash id}]
      directory = "${placeholder "out"}/${hash id}"
      [source."${id}"]
      replace-with = "nix-sources-${hash id}"
      git = "${p.git}"
    '' + lib.concatMapStrings (k: lib.optionalString (p ? ${k}) "${k} = \"${p.${k}}\"\n") [ "branch" "tag" "rev" ]) groups);
in
{ inherit sources config; }
