# craneOverride: a scope override that makes every crane builder use
# heirloom's hooks:
#
#   craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);
#
# crane's mkCargoDerivation puts its inheritCargoArtifactsHook and
# installCargoArtifactsHook into every derivation; this replaces both with
# heirloom's, built with the scope's own makeSetupHook (so splicing and any
# other override of the scope apply). heirloom's inherit hook brings the
# rustc hook along. docs/API.md lists what heirloom does with each of
# crane's variables and functions.
{ heirloom }:
final: _prev:
let
  heirloomRustcHook = final.callPackage ../setupHooks/heirloomRustcHook.nix { inherit heirloom; };
in
{
  inheritCargoArtifactsHook = final.callPackage ../setupHooks/inheritCargoArtifactsHook.nix {
    inherit heirloom heirloomRustcHook;
  };
  installCargoArtifactsHook = final.callPackage ../setupHooks/installCargoArtifactsHook.nix { inherit heirloom; };
}
