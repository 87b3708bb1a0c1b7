{
  description = "heirloom: hands a cargo target dir down from one Nix derivation to the next";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      overlays.default = final: _prev: {
        heirloom = final.callPackage ./nix/package.nix { };
      };

      # (heirloom.lib.mkLib pkgs).<name>: the setup hooks and the
      # crane-style functions; docs/API.md describes each.
      lib.mkLib = pkgs: import ./nix/lib { inherit pkgs; };
      # heirloom's hooks in every crane builder:
      #   craneLib = (crane.mkLib pkgs).overrideScope (heirloom.lib.craneOverride pkgs);
      lib.craneOverride = pkgs: (self.lib.mkLib pkgs).craneOverride;

      packages = forAllSystems (pkgs: rec {
        heirloom = pkgs.callPackage ./nix/package.nix { };
        default = heirloom;
      });

      checks = forAllSystems (pkgs:
        let hl = self.lib.mkLib (pkgs // { heirloom = self.packages.${pkgs.system}.heirloom; });
        in {
          # Builds heirloom and runs its unit tests.
          package = self.packages.${pkgs.system}.heirloom;
          # The hooks on a synthetic target dir: pack in one derivation,
          # inherit in the next; no cargo needed.
          hooks = pkgs.callPackage ./nix/checks/hooks.nix { inherit hl; };
        });
    };
}
