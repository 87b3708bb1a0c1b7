{
  description = "A stand-in for the part of nixpkgs heirloom uses (tests only)";
  outputs = { self }: {
    lib = import ./lib.nix;
    legacyPackages = self.lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (system: import ./. { inherit system; });
  };
}
