# heirloom's Nix library for one package set: the setup hooks, and the
# crane-style functions built on them. `flake.nix` exposes it as
# `heirloom.lib.mkLib pkgs`, and its craneOverride as
# `heirloom.lib.craneOverride pkgs`.
#   pkgs      a nixpkgs package set
#   heirloom  the heirloom package to use (default: pkgs.heirloom from the
#             overlay, else built from this repository)
{ pkgs
, heirloom ? pkgs.heirloom or (pkgs.callPackage ../package.nix { })
}:
# A scope (nixpkgs' lib.makeScope), like crane's: `overrideScope (final:
# prev: { … })` replaces a member for every function that uses it.
pkgs.lib.makeScope pkgs.newScope (self:
  let
    inherit (self) callPackage;
    # Helpers shared by several functions (not part of the library).
    cargoTomlName = callPackage ./internal/cargoTomlName.nix { };
    sourceName = callPackage ./internal/sourceName.nix { inherit cargoTomlName; };
    toTOML = callPackage ./internal/toTOML.nix { };
  in
  {
    inherit heirloom;

    inheritCargoArtifactsHook = callPackage ../setupHooks/inheritCargoArtifactsHook.nix { };
    installCargoArtifactsHook = callPackage ../setupHooks/installCargoArtifactsHook.nix { };
    heirloomRustcHook = callPackage ../setupHooks/heirloomRustcHook.nix { };
    # crane's shell helpers (cargoWithProfile) and binary installer.
    cargoHelperFunctionsHook = callPackage ../setupHooks/cargoHelperFunctionsHook.nix { };
    installFromCargoBuildLogHook = callPackage ../setupHooks/installFromCargoBuildLogHook.nix { };
    # crane's reference removers, applied by buildPackage after installing.
    removeReferencesToVendoredSourcesHook = callPackage ../setupHooks/removeReferencesToVendoredSourcesHook.nix { };
    removeReferencesToRustToolchainHook = callPackage ../setupHooks/removeReferencesToRustToolchainHook.nix { };
    # crane's environment hooks, which mkCargoDerivation uses: cargo's common
    # variables (postPatch), the vendor dir's source replacement
    # (preConfigure), a given Cargo.lock (prePatch); and the optional
    # --remap-path-prefix of the build dir to $src (preBuild).
    configureCargoCommonVarsHook = callPackage ../setupHooks/configureCargoCommonVarsHook.nix { };
    configureCargoVendoredDepsHook = callPackage ../setupHooks/configureCargoVendoredDepsHook.nix { };
    replaceCargoLockHook = callPackage ../setupHooks/replaceCargoLockHook.nix { };
    remapPathPrefixHook = callPackage ../setupHooks/remapPathPrefixHook.nix { };

    # `final: prev: { … }` for crane's scope: (crane.mkLib pkgs).overrideScope hl.craneOverride
    craneOverride = import ./craneOverride.nix { inherit (self) heirloom; };

    # The crane-style library: one public function per file.
    mkCargoDerivation = callPackage ./mkCargoDerivation.nix { };
    buildDepsOnly = callPackage ./buildDepsOnly.nix { };
    buildPackage = callPackage ./buildPackage.nix { };
    buildDepsBase = callPackage ./buildDepsBase.nix { };
    depsSnapshot = callPackage ./depsSnapshot.nix { };
    cargoBuild = callPackage ./cargoBuild.nix { };
    cargoTest = callPackage ./cargoTest.nix { };
    cargoClippy = callPackage ./cargoClippy.nix { };
    cargoDoc = callPackage ./cargoDoc.nix { };
    cargoDocTest = callPackage ./cargoDocTest.nix { };
    cargoFmt = callPackage ./cargoFmt.nix { };
    taploFmt = callPackage ./taploFmt.nix { };
    cargoNextest = callPackage ./cargoNextest.nix { };
    cargoAudit = callPackage ./cargoAudit.nix { };
    cargoDeny = callPackage ./cargoDeny.nix { };
    cargoLlvmCov = callPackage ./cargoLlvmCov.nix { };
    cargoTarpaulin = callPackage ./cargoTarpaulin.nix { };
    buildTrunkPackage = callPackage ./buildTrunkPackage.nix { };
    # mkCrossToolchainEnv stdenvSelector: the cross-compilation variables
    # (mkCargoDerivation includes them unless doIncludeCrossToolchainEnv = false).
    mkCrossToolchainEnv = callPackage ./mkCrossToolchainEnv.nix { };
    # stdenvSelector pkgs: the stdenv the library's derivations use.
    stdenvSelector = p: p.stdenv;
    devShell = callPackage ./devShell.nix { };
    # overrideToolchain toolchain: the library with `toolchain` (a package
    # with cargo, rustc, clippy and rustfmt, or a function pkgs -> such a
    # package) as its cargo, rustc, clippy and rustfmt.
    overrideToolchain = toolchainArg: self.overrideScope (_final: _prev:
      let toolchain = if pkgs.lib.isFunction toolchainArg then toolchainArg pkgs else toolchainArg;
      in pkgs.lib.genAttrs [ "cargo" "clippy" "rustc" "rustfmt" ] (_: toolchain));
    craneLib = self;
    crateNameFromCargoToml = callPackage ./crateNameFromCargoToml.nix { inherit cargoTomlName; };
    mkDummySrc = callPackage ./mkDummySrc.nix { inherit toTOML; };

    # Sources.
    path = callPackage ./path.nix { inherit sourceName; };
    cleanCargoSource = callPackage ./cleanCargoSource.nix { inherit sourceName; };
    filterCargoSources = callPackage ./filterCargoSources.nix { };
    cleanCargoToml = callPackage ./cleanCargoToml.nix { };
    filters = {
      cargoTomlAggressive = callPackage ./filters/cargoTomlAggressive.nix { };
      cargoTomlConservative = callPackage ./filters/cargoTomlConservative.nix { };
      cargoTomlDefault = self.filters.cargoTomlConservative;
    };
    fileset = {
      cargoTomlAndLock = callPackage ./fileset/cargoTomlAndLock.nix { };
      commonCargoSources = callPackage ./fileset/commonCargoSources.nix { };
      configToml = callPackage ./fileset/configToml.nix { };
      rust = callPackage ./fileset/rust.nix { };
      toml = callPackage ./fileset/toml.nix { };
    };
    # writeTOML writes in Nix (no build step); crane's two build-time
    # writers are there too, and craneUtils is heirloom's crane-json2toml.
    writeTOML = callPackage ./writeTOML.nix { inherit toTOML; };
    writeTOMLViaCraneUtils = callPackage ./writeTOMLViaCraneUtils.nix { };
    writeTOMLViaRemarshal = callPackage ./writeTOMLViaRemarshal.nix { };
    craneUtils = callPackage ../craneUtils { };

    # Vendoring: registries, git sources, the vendor dir.
    vendorCargoDeps = callPackage ./vendorCargoDeps.nix { };
    vendorMultipleCargoDeps = callPackage ./vendorMultipleCargoDeps.nix { };
    vendorCargoRegistries = callPackage ./vendorCargoRegistries.nix { };
    vendorGitDeps = callPackage ./vendorGitDeps.nix { };
    downloadCargoPackage = callPackage ./downloadCargoPackage.nix { };
    downloadCargoPackageFromGit = callPackage ./downloadCargoPackageFromGit.nix { };
    urlForCargoPackage = callPackage ./urlForCargoPackage.nix { };
    findCargoFiles = callPackage ./findCargoFiles.nix { };
    registryFromDownloadUrl = callPackage ./registryFromDownloadUrl.nix { };
    registryFromGitIndex = callPackage ./registryFromGitIndex.nix { };
    registryFromSparse = callPackage ./registryFromSparse.nix { };
    # crateRegistries: { "<registry+ or sparse+><index url>" = { downloadUrl; fetchurlExtraArgs; }; },
    # crates.io's by default; appendCrateRegistries [ entries ] is the
    # library with more.
    crateRegistries = self.registryFromDownloadUrl {
      dl = "https://static.crates.io/crates";
      indexUrl = "https://github.com/rust-lang/crates.io-index";
    };
    appendCrateRegistries = entries: self.overrideScope (_final: prev: {
      crateRegistries = prev.crateRegistries // pkgs.lib.foldl (a: b: a // b) { } entries;
    });
  })
