{
  description = "heirloom's example: a small HTTP service built with heirloom's crane-style library";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    # This repository (the example lives two directories below its root).
    heirloom.url = "path:../..";
    heirloom.inputs.nixpkgs.follows = "nixpkgs";
    # The crates: Cargo.lock pins the versions Debian 12 packages
    # (librust-*-dev), so the example builds offline from Debian's registry.
    # Debian rewrites some crates and their checksums, so this lock cannot be
    # fetched from crates.io; a project with a crates.io lock leaves
    # cargoVendorDir out and gets vendorCargoDeps.
    debianCrates = { url = "path:/usr/share/cargo/registry"; flake = false; };
  };

  outputs = { self, nixpkgs, heirloom, debianCrates }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system:
        let pkgs = nixpkgs.legacyPackages.${system};
        in f (import ./. {
          inherit pkgs;
          heirloomLib = heirloom.lib.mkLib pkgs;
          cargoVendorDir = debianCrates;
        }));
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
