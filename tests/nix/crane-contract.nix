# The derivations of crane-contract.sh: a small workspace built by the
# crane-shaped library (./crane-shape), once with its stock hooks and once
# through `overrideScope (heirloom.lib.craneOverride pkgs)`, the one line a
# crane user adds. Every derivation takes crane's arguments only.
#   heirloomPrefix  the heirloom under test, staged as an install prefix
#   salt            makes every derivation distinct
{ heirloomPrefix
, salt ? ""
, registry ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  craneShape = import ./crane-shape;

  stock = craneShape.mkLib pkgs;
  withHeirloom = (craneShape.mkLib pkgs).overrideScope hl.craneOverride;

  # The workspace and its two registry crates (a vendor dir, as crane's
  # vendorCargoDeps makes one): leaf-dep never changes, rerun-dep's build
  # script reruns in every build.
  common = {
    pname = "shaped${salt}";
    version = "0.1.0";
    src = builtins.path { path = ./crane-shape/workspace; name = "shaped-src"; };
    cargoVendorDir = builtins.path { path = ./crane-shape/vendor; name = "shaped-vendor"; };
    installCargoArtifactsMode = "use-symlink";
  };
  # cargo's JSON messages of the command, kept in $out.
  messages = "--message-format json-render-diagnostics >> $NIX_BUILD_TOP/cargo-messages.json";
  zstdDeps = withHeirloom.buildDepsOnly (common // {
    installCargoArtifactsMode = "use-zstd";
    zstdCompressionExtraArgs = "-T0 --long -1";
  });
  keepMessages = ''
    mkdir -p $out
    grep '^{' $NIX_BUILD_TOP/cargo-messages.json | sort > $out/cargo-messages.json
  '';

  chain = craneLib: rec {
    # buildPackage without cargoArtifacts: its implicit deps build, whose
    # installPhase is prepareAndInstallCargoArtifactsDir, is the chain's deps.
    packageImplicit = craneLib.buildPackage common;
    deps = packageImplicit.cargoArtifacts;
    package = craneLib.buildPackage (common // {
      cargoArtifacts = deps;
      pnameSuffix = "-explicit";
      postInstall = "grep '^{' $cargoBuildLog | sort > $out/cargo-messages.json";
    });
    test = craneLib.cargoTest (common // {
      cargoArtifacts = deps;
      cargoTestExtraArgs = messages;
      installPhaseCommand = keepMessages;
    });
    clippy = craneLib.cargoClippy (common // {
      cargoArtifacts = deps;
      cargoClippyExtraArgs = "--all-targets ${messages}";
      installPhaseCommand = keepMessages;
    });
  };
  heirloomChain = chain withHeirloom;
in
{
  heirloom = heirloomChain // {
    # Every inherited file is a writable copy: no link in the target dir.
    testNoLinks = withHeirloom.cargoTest (common // {
      cargoArtifacts = heirloomChain.deps;
      pnameSuffix = "-nolinks";
      doNotLinkInheritedArtifacts = true;
      doInstallCargoArtifacts = false;
      preBuild = ''
        links=$(find target -type l | wc -l)
        files=$(find target -type f | wc -l)
        echo "target dir: $files files, $links links"
        [ "$links" = 0 ] && [ "$files" -gt 0 ]
      '';
    });
    # A user's own RUSTC_WRAPPER (sccache's place) keeps running, and the
    # rerunning dependency still compiles over its inherited links.
    testUserWrapper = withHeirloom.cargoTest (common // {
      cargoArtifacts = heirloomChain.deps;
      pnameSuffix = "-userwrapper";
      RUSTC_WRAPPER = pkgs.writeShellScript "user-rustc-wrapper" ''
        echo "$*" >> "$NIX_BUILD_TOP/user-wrapper.log"
        exec "$@"
      '';
      doInstallCargoArtifacts = false;
      cargoTestExtraArgs = messages;
      installPhaseCommand = keepMessages + "cp $NIX_BUILD_TOP/user-wrapper.log $out/";
    });
    # Migrating: a deps output written by the stock hooks (crane's use-symlink
    # target/ dir), inherited by heirloom's.
    fromStock = withHeirloom.buildPackage (common // {
      cargoArtifacts = (chain stock).deps;
      pnameSuffix = "-fromstock";
      postInstall = "grep '^{' $cargoBuildLog | sort > $out/cargo-messages.json";
    });
    # A build that never ran cargo: nothing to install, and no failure.
    noTarget = withHeirloom.mkCargoDerivation {
      pname = "no-target${salt}";
      version = "0.1.0";
      src = common.src;
      cargoArtifacts = null;
      buildPhaseCargoCommand = "echo no cargo here";
    };
    # use-zstd: the deps as a zstd layer (crane's zstd flags: the level is
    # taken, the rest reported), a package on top that installs a full
    # archive of its own (doCompressAndInstallFullArchive: no .prev).
    inherit zstdDeps;
    zstdPackage = withHeirloom.buildPackage (common // {
      cargoArtifacts = zstdDeps;
      installCargoArtifactsMode = "use-zstd";
      doInstallCargoArtifacts = true;
      doCompressAndInstallFullArchive = true;
      postInstall = "grep '^{' $cargoBuildLog | sort > $out/cargo-messages.json";
    });
  };
  stock = chain stock;
}
