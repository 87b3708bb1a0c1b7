# A small library with crane's shape, for testing heirloom as a drop-in
# backend of crane without crane's sources (tests/nix/crane-contract.sh).
# Written from crane's documented contract: the function and variable names,
# the nativeBuildInputs of every derivation (cargo, rustc, zstd, rsync, a
# cargoWithProfile helper and the two artifact hooks, nothing else), the
# phases and hook registration, buildPackage's implicit deps build with
# installPhase = "prepareAndInstallCargoArtifactsDir". Its stock artifact
# hooks re-implement crane's use-symlink mode. Like crane, it is a scope:
#   (import ./crane-shape).mkLib pkgs              the stock library
#   (… .mkLib pkgs).overrideScope (final: prev: …) reaches every builder
let
  hook = name: { makeSetupHook }: makeSetupHook { inherit name; } (./setupHooks + "/${name}.sh");
in
{
  mkLib = pkgs: pkgs.lib.makeScope pkgs.newScope (self: {
    inheritCargoArtifactsHook = self.callPackage (hook "inheritCargoArtifactsHook") { };
    installCargoArtifactsHook = self.callPackage (hook "installCargoArtifactsHook") { };
    cargoHelperFunctionsHook = self.callPackage (hook "cargoHelperFunctionsHook") { };

    mkCargoDerivation = self.callPackage ./mkCargoDerivation.nix { };
    mkDummySrc = self.callPackage ./mkDummySrc.nix { };
    buildDepsOnly = self.callPackage ./buildDepsOnly.nix { };
    buildPackage = self.callPackage ./buildPackage.nix { };
    cargoTest = self.callPackage ./cargoTest.nix { };
    cargoClippy = self.callPackage ./cargoClippy.nix { };
  });
}
