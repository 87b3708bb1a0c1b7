# Target-dir layouts through buildDepsOnly and buildPackage, with Debian's
# cargo: tests/cargo/layouts (a binary with an integration test and an
# example, a library with a build script and a dev-dependency) depending on
# itoa, ryu (Debian's registry) and hl-stamp (a registry crate with a build
# script, tests/cargo/builddir/crates).
#   heirloomPrefix  the heirloom that meson just built (a staging prefix)
#   registry        Debian's crate registry in the store
#   layout          "triple": CARGO_BUILD_TARGET = the host's triple
#                   (artifacts under target/<triple>/release, the build
#                   scripts under target/release/build);
#                   "nested": CARGO_TARGET_DIR = "build/out/target";
#                   "absolute": CARGO_TARGET_DIR = $PWD/abs/target, set by
#                   the derivation's prePatch (a path known only at build time);
#                   "profile": CARGO_PROFILE = "ci" (a profile of Cargo.toml);
#                   "all-targets", "tests": both derivations build with
#                   --all-targets, or --tests;
#                   "chain": none of these; deps (also checked with
#                   --all-targets) -> packageArtifacts -> clippy
#   mode            installCargoArtifactsMode: "symlinks" (default) or "zstd";
#                   or "copy", the baseline without heirloom: each output
#                   holds a plain copy of the whole target dir, copied back
#                   out of it by the next derivation (tests/bench/cache-bytes.sh)
#   srcDir          the workspace (default tests/cargo/layouts; the benchmark
#                   passes an edited copy)
#   salt            makes every derivation distinct
{ heirloomPrefix
, registry
, layout
, mode ? "symlinks"
, srcDir ? ../cargo/layouts
, salt ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };
  builddir = builtins.path { path = ../cargo/builddir; name = "cargo-builddir"; filter = p: t: baseNameOf p != "target"; };
  reg = builtins.storePath registry;

  # Copies, not links into the registry: the chain's closure (what the
  # substitution and remote-builder tests move between stores) is then a
  # few hundred KB of crates instead of the whole 95 MB registry.
  cargoVendorDir = pkgs.runCommand "cargo-layouts-vendor" { } ''
    bash ${builddir}/vendor.sh $out ${reg}
    [ -d ${reg}/ryu-1.0.2 ] || { echo "${reg}/ryu-1.0.2 is missing: apt-get install librust-ryu-dev" >&2; exit 1; }
    rm $out/itoa-1.0.1
    cp -r ${reg}/itoa-1.0.1 ${reg}/ryu-1.0.2 $out/
  '';

  # The host's own triple, named: cargo still puts the artifacts under
  # target/<triple>/ and the build scripts under target/release/build/.
  hostTriple = {
    x86_64-linux = "x86_64-unknown-linux-gnu";
    aarch64-linux = "aarch64-unknown-linux-gnu";
  }.${system} or (throw "layouts.nix: no Rust triple known for the system ${system}");

  flags = {
    all-targets = "--all-targets";
    tests = "--tests";
  }.${layout} or "";

  layoutAttrs = {
    triple = { CARGO_BUILD_TARGET = hostTriple; };
    nested = { CARGO_TARGET_DIR = "build/out/target"; };
    absolute = { prePatch = ''export CARGO_TARGET_DIR=$PWD/abs/target''; };
    profile = { CARGO_PROFILE = "ci"; };
  }.${layout} or { };

  common = {
    pname = "cargo-layouts-${layout}";
    version = "0.1.0";
    src = hl.cleanCargoSource srcDir;
    inherit cargoVendorDir;
    doCheck = false;
    cargoBuildExtraArgs = flags;
    HEIRLOOM_TEST_SALT = salt;
  } // layoutAttrs // (if mode == "copy" then copyAttrs else { installCargoArtifactsMode = mode; });

  copyAttrs = {
    doInstallCargoArtifacts = false;
    dontInheritCargoArtifacts = true;
    dontFixup = true;
    postPatch = ''
      if [ -n "''${cargoArtifacts:-}" ]; then
        # (timestamps kept: cargo compares them between units)
        cp -r --preserve=timestamps "$cargoArtifacts/target" target
        chmod -R u+w target
      fi
    '';
    postInstall = "mkdir -p $out && cp -r target $out/target";
  };

  deps = hl.buildDepsOnly (common // (if layout == "chain"
    then { cargoCheckExtraArgs = "--all-targets"; }
    else { cargoCheckCommand = ""; }));

  # The package as an artifacts output too ($out/bin/app beside the target
  # dir), for the chain.
  packageArtifacts = hl.buildPackage (common // {
    cargoArtifacts = deps;
    doInstallCargoArtifacts = mode != "copy";
  });
in
{
  inherit deps packageArtifacts cargoVendorDir hostTriple;

  clippy = hl.cargoClippy (common // { cargoArtifacts = packageArtifacts; });

  # $out: bin/app (installed from cargo's messages), cargo-messages.json,
  # app-output.txt, and test-output.txt with the output of every test
  # binary cargo built (run in the build, where their target dir is).
  package = hl.buildPackage (common // {
    cargoArtifacts = deps;
    nativeBuildInputs = [ pkgs.jq ];
    postInstall = ''
      mkdir -p $out
      sort "$NIX_BUILD_TOP/cargo-build.json" > $out/cargo-messages.json
      jq -R 'fromjson?' < "$NIX_BUILD_TOP/cargo-build.json" \
        | jq -r 'select(.reason == "compiler-artifact" and .profile.test) | .executable // empty' \
        | sort | while IFS= read -r t; do "$t" >> $out/test-output.txt; done
      touch $out/test-output.txt
      if [ -x $out/bin/app ]; then $out/bin/app > $out/app-output.txt; fi
    '';
  });
}
