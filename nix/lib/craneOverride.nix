# craneOverride: a scope override that makes every crane builder use
# heirloom's hooks:
#
#   craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);
#
# crane's mkCargoDerivation puts its inheritCargoArtifactsHook and
# installCargoArtifactsHook into every derivation; this replaces both with
# heirloom's, built with the scope's own makeSetupHook (so splicing and any
# other override of the scope apply). heirloom's inherit hook brings the
# rustc hook along, and buildDepsOnly honours cargoArtifacts (a
# dependency base, buildDepsBase). docs/API.md lists what heirloom does with each of
# crane's variables and functions.
{ heirloom }:
final: prev:
let
  heirloomRustcHook = final.callPackage ../setupHooks/heirloomRustcHook.nix { inherit heirloom; };
in
{
  inheritCargoArtifactsHook = final.callPackage ../setupHooks/inheritCargoArtifactsHook.nix {
    inherit heirloom heirloomRustcHook;
  };
  installCargoArtifactsHook = final.callPackage ../setupHooks/installCargoArtifactsHook.nix { inherit heirloom; };
  # buildDepsOnly { cargoArtifacts = base; }: inherits the base (craneDepsBase.nix).
  buildDepsOnly = import ./craneDepsBase.nix prev.buildDepsOnly;
}
