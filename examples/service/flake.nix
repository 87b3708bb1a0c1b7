{
  description = "heirloom's example: a small HTTP service built with heirloom's crane-style library";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    # This repository (the example lives two directories below its root).
    heirloom.url = "path:../..";
    heirloom.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { self, nixpkgs, heirloom }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system:
        let pkgs = nixpkgs.legacyPackages.${system};
        in f (import ./. { inherit pkgs; heirloomLib = heirloom.lib.mkLib pkgs; }));
    in
    {
      packages = forAllSystems (example: {
        default = example.service;
        inherit (example) service cargoArtifacts doc;
      });
      checks = forAllSystems (example: {
        inherit (example) service tests clippy;
      });
    };
}
