{
  # A project flake written in crane's vocabulary only (as crane's README
  # and quick-start use it), with heirloom's library in crane's place:
  #   craneLib = heirloom.lib.mkLib pkgs;
  # tests/nix/crane-flake.sh runs it against the stand-in nixpkgs and this
  # checkout (--override-input).
  description = "wordcount, built with crane's names on heirloom";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    heirloom.url = "path:../../..";
    heirloom.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { self, nixpkgs, heirloom }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      inherit (pkgs) lib;

      craneLib = heirloom.lib.mkLib pkgs;
      src = lib.fileset.toSource {
        root = ./crate;
        fileset = craneLib.fileset.commonCargoSources ./crate;
      };
      # cargo's JSON messages in each build's log, for the test to read.
      json = "--message-format json-render-diagnostics";

      commonArgs = {
        inherit src;
        strictDeps = true;
        # The one dependency, vendored as `cargo vendor` lays it out.
        cargoVendorDir = craneLib.path ./vendor;
      };
      cargoArtifacts = craneLib.buildDepsOnly commonArgs;
      wordcount = craneLib.buildPackage (commonArgs // {
        inherit cargoArtifacts;
        doCheck = false;
        postBuild = ''cat "$cargoBuildLog"'';
      });

      # A workspace (./workspace): members sharing [workspace.package] and
      # [workspace.dependencies], the library's feature enabled by the app;
      # one deps build, then the app alone (`-p wsapp`, with its tests) and
      # the library's tests alone (`-p wscore`).
      wsArgs = commonArgs // {
        src = lib.fileset.toSource {
          root = ./workspace;
          fileset = craneLib.fileset.commonCargoSources ./workspace;
        };
      };
      wsArtifacts = craneLib.buildDepsOnly wsArgs;
      tallyws = craneLib.buildPackage (wsArgs // {
        cargoArtifacts = wsArtifacts;
        cargoExtraArgs = "--locked -p wsapp";
        cargoTestExtraArgs = json;
        postBuild = ''cat "$cargoBuildLog"'';
      });
    in
    {
      packages.${system} = {
        default = wordcount;
        inherit wordcount cargoArtifacts tallyws wsArtifacts;
      };
      checks.${system} = {
        inherit wordcount;
        wordcount-clippy = craneLib.cargoClippy (commonArgs // {
          inherit cargoArtifacts;
          cargoClippyExtraArgs = "--all-targets ${json} -- --deny warnings";
        });
        wordcount-doc = craneLib.cargoDoc (commonArgs // {
          inherit cargoArtifacts;
          cargoDocExtraArgs = "--no-deps ${json}";
          env.RUSTDOCFLAGS = "--deny warnings";
        });
        wordcount-fmt = craneLib.cargoFmt { inherit src; };
        wordcount-toml-fmt = craneLib.taploFmt {
          src = lib.sources.sourceFilesBySuffices src [ ".toml" ];
        };
        wordcount-test = craneLib.cargoTest (commonArgs // {
          inherit cargoArtifacts;
          cargoTestExtraArgs = json;
        });
        wordcount-doctest = craneLib.cargoDocTest (commonArgs // {
          inherit cargoArtifacts;
          cargoTestExtraArgs = json;
        });
        inherit tallyws;
        tallyws-test = craneLib.cargoTest (wsArgs // {
          cargoArtifacts = wsArtifacts;
          cargoExtraArgs = "--locked -p wscore";
          cargoTestExtraArgs = json;
        });
        tallyws-clippy = craneLib.cargoClippy (wsArgs // {
          cargoArtifacts = wsArtifacts;
          cargoClippyExtraArgs = "--all-targets ${json} -- --deny warnings";
        });
      };
      devShells.${system}.default = craneLib.devShell {
        checks = self.checks.${system};
        WORDCOUNT_SHELL = "1";
      };
    };
}
