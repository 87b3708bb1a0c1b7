# heirloom's Nix library for one package set: the setup hooks, and the
# crane-style functions built on them. `flake.nix` exposes it as
# `heirloom.lib.mkLib pkgs`.
#   pkgs      a nixpkgs package set
#   heirloom  the heirloom package to use (default: pkgs.heirloom from the
#             overlay, else built from this repository)
{ pkgs
, heirloom ? pkgs.heirloom or (pkgs.callPackage ../package.nix { })
}:
let
  inherit (pkgs) lib;
  callPackage = lib.callPackageWith (pkgs // self);
  self = {
    inherit heirloom callPackage;

    inheritCargoArtifactsHook = callPackage ../setupHooks/inheritCargoArtifactsHook.nix { };
    installCargoArtifactsHook = callPackage ../setupHooks/installCargoArtifactsHook.nix { };
    heirloomRustcHook = callPackage ../setupHooks/heirloomRustcHook.nix { };
  };
in
self
