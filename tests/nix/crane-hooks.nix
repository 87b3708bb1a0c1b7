# crane's environment hooks built for real (tests/nix/crane-hooks.sh reads
# the outputs): each derivation is a stdenv.mkDerivation that lists the hook
# in nativeBuildInputs as a user would, or the library's own use of it.
#   heirloomPrefix  the heirloom under test (staged by tests/nix/lib.sh)
#   registry        Debian's crate registry in the store (debian-registry.nix)
#   project         a crate without dependencies (Cargo.toml, src/main.rs, a
#                   Cargo.lock that does not match it, good.lock that does)
#   depProject      a crate depending on itoa, without a Cargo.lock
{ heirloomPrefix
, registry
, project
, depProject
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  inherit (pkgs) lib;
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  debian = import ./debian-registry.nix { storePath = registry; };
  src = builtins.path { path = project; name = "hooked-src"; filter = p: _: baseNameOf p != "good.lock"; };
  goodLock = builtins.path { path = project + "/good.lock"; name = "good.lock"; };
  depSrc = builtins.path { path = depProject; name = "hooked-dep-src"; };

  # The variables as configureCargoCommonVars leaves them.
  showVars = ''
    for v in NIX_BUILD_TOP NIX_BUILD_CORES CARGO_HOME CARGO_BUILD_JOBS RUST_TEST_THREADS CARGO_BUILD_INCREMENTAL CARGO_PROFILE \
      HEIRLOOM_CROSS_A HEIRLOOM_CROSS_B; do
      echo "$v=''${!v-<unset>}"
    done
  '';

  # A cargo build of depSrc with the vendored-deps hook: the vendor dir's
  # config is the only way cargo, offline, finds itoa.
  vendoredBuild = name: cargoVendorDir: pkgs.stdenv.mkDerivation {
    inherit name cargoVendorDir;
    src = depSrc;
    nativeBuildInputs = [ pkgs.cargo pkgs.rustc hl.configureCargoCommonVarsHook hl.configureCargoVendoredDepsHook ];
    CARGO_TERM_COLOR = "never";
    buildPhase = ''
      runHook preBuild
      cargo build --release --offline
      runHook postBuild
    '';
    installPhase = ''
      mkdir -p $out
      cp "$CARGO_HOME/config.toml" $out/config.toml
      target/release/hooked-dep > $out/output
    '';
  };
  # The crate built with debug info kept, and what the test greps for.
  debugBuild = pname: nativeBuildInputs: hl.mkCargoDerivation {
    inherit src pname nativeBuildInputs;
    cargoVendorDir = null;
    cargoLock = goodLock;
    dontStrip = true;
    doInstallCargoArtifacts = false;
    CARGO_PROFILE_RELEASE_DEBUG = "true";
    buildPhaseCargoCommand = "cargoWithProfile build --locked";
    installPhaseCommand = ''
      mkdir -p $out/bin
      cp target/release/hooked $out/bin/
      pwd > $out/build-dir
      echo "$src" > $out/src
      echo "''${CARGO_BUILD_RUSTFLAGS:-}" > $out/rustflags
    '';
  };
in
{
  # configureCargoCommonVarsHook alone: the defaults, a variable set empty
  # on purpose, and __CRANE_EXPORT_* exported unless already set.
  commonVars = pkgs.stdenv.mkDerivation {
    name = "common-vars";
    dontUnpack = true;
    nativeBuildInputs = [ hl.configureCargoCommonVarsHook ];
    CARGO_BUILD_INCREMENTAL = "";
    __CRANE_EXPORT_HEIRLOOM_CROSS_A = "from-cross-env";
    __CRANE_EXPORT_HEIRLOOM_CROSS_B = "from-cross-env";
    HEIRLOOM_CROSS_B = "mine";
    installPhase = ''
      { ${showVars} } > $out
      [ -d "$CARGO_HOME" ] && echo "CARGO_HOME exists" >> $out
      # exported, so cargo and build scripts see them
      env | grep -E '^(CARGO_BUILD_JOBS|RUST_TEST_THREADS|HEIRLOOM_CROSS_A)=' | sort | sed 's/^/exported /' >> $out
    '';
  };

  # configureCargoVendoredDepsHook: a plain directory of crates (Debian's
  # registry) and a vendor dir with its own config.toml.
  vendoredPlain = vendoredBuild "vendored-plain" debian;
  vendoredConfig = vendoredBuild "vendored-config" (pkgs.runCommand "vendor-with-config" { } ''
    mkdir -p $out
    printf '[source.crates-io]\nreplace-with = "debian-here"\n\n[source.debian-here]\ndirectory = "%s"\n' ${debian} > $out/config.toml
  '');

  # replaceCargoLockHook: the source's Cargo.lock does not match its
  # manifest (cargo --locked refuses it); $cargoLock does.
  lockReplaced = pkgs.stdenv.mkDerivation {
    name = "lock-replaced";
    inherit src;
    cargoLock = goodLock;
    nativeBuildInputs = [ pkgs.cargo pkgs.rustc hl.configureCargoCommonVarsHook hl.replaceCargoLockHook ];
    buildPhase = "cargo build --release --offline --locked";
    installPhase = ''
      mkdir -p $out
      cp Cargo.lock Cargo.lock.orig $out/
      target/release/hooked > $out/output
    '';
  };
  # doNotReplaceCargoLock: the source's lock stays, and --locked fails.
  lockKept = pkgs.stdenv.mkDerivation {
    name = "lock-kept";
    inherit src;
    cargoLock = goodLock;
    doNotReplaceCargoLock = true;
    nativeBuildInputs = [ pkgs.cargo pkgs.rustc hl.configureCargoCommonVarsHook hl.replaceCargoLockHook ];
    buildPhase = "cargo build --release --offline --locked";
    installPhase = "mkdir -p $out";
  };
  # A lock that is not there: one line naming it, the build fails.
  lockMissing = pkgs.stdenv.mkDerivation {
    name = "lock-missing";
    inherit src;
    cargoLock = "/nonexistent/Cargo.lock";
    nativeBuildInputs = [ hl.replaceCargoLockHook ];
    installPhase = "mkdir -p $out";
  };
  # The library's use: mkCargoDerivation with cargoLockContents.
  lockViaLibrary = hl.mkCargoDerivation {
    inherit src;
    cargoVendorDir = null;
    cargoLockContents = builtins.readFile goodLock;
    doInstallCargoArtifacts = false;
    buildPhaseCargoCommand = "cargoWithProfile build --locked";
    installPhaseCommand = "mkdir -p $out && target/release/hooked > $out/output";
  };

  # remapPathPrefixHook: the crate keeps debug info (dontStrip, which also
  # turns the hook on), so the binary records the build directory unless
  # it is remapped to $src. Without the hook, for comparison.
  remapped = debugBuild "remapped" [ hl.remapPathPrefixHook ];
  notRemapped = debugBuild "not-remapped" [ ];
}
