# buildTrunkPackage { src, wasm-bindgen-cli, … }: a WASM web application
# built by trunk; $out is trunk's dist directory.
#   trunkExtraArgs       default "": between `trunk` and `build`
#   trunkExtraBuildArgs  default "": after `build` (and --release)
#   trunkIndexPath       default "./index.html": the application's page;
#                        its directory's dist/ is installed
#   wasm-bindgen-cli     the wasm-bindgen-cli package, whose version must be
#                        the Cargo.lock's wasm-bindgen's: default the package
#                        set's, with a warning
#   cargoArtifacts       default buildDepsOnly of the arguments, for
#                        CARGO_BUILD_TARGET (default wasm32-unknown-unknown)
#                        and doCheck false, without their install phase
#   buildPhaseCargoCommand  default: `trunk … build [--release=true] … INDEX`
#                        (--release when CARGO_PROFILE is release; a bare
#                        --release before trunk 0.21)
#   installPhaseCommand  default: copy <index dir>/dist to $out
#   doInstallCargoArtifacts  default false
# binaryen (wasm-opt), dart-sass (sass), trunk and wasm-bindgen-cli are in
# nativeBuildInputs, with the two reference removers (a web bundle has no
# business referencing the toolchain or the vendor dir). Before configure,
# trunk is told which tool versions are on PATH (TRUNK_TOOLS_SASS,
# TRUNK_TOOLS_WASM_BINDGEN, TRUNK_TOOLS_WASM_OPT, and TRUNK_TOOLS_TAILWIND
# when a tailwindcss is on PATH and the variable is unset), so it never
# downloads them; env.TRUNK_SKIP_VERSION_CHECK defaults to "true".
{ lib
, mkCargoDerivation
, buildDepsOnly
, crateNameFromCargoToml
, vendorCargoDeps
, removeReferencesToRustToolchainHook
, removeReferencesToVendoredSourcesHook
, binaryen
, dart-sass
, trunk
, wasm-bindgen-cli
}:
let
  packageSetBindgen = wasm-bindgen-cli;
  bindgenWarning = ''
    buildTrunkPackage: no `wasm-bindgen-cli` given, using the package set's (${packageSetBindgen.version or "unknown version"}).
    wasm-bindgen-cli must have exactly the version of the wasm-bindgen crate in Cargo.lock; pass it, e.g.
      buildTrunkPackage { wasm-bindgen-cli = pkgs.wasm-bindgen-cli_${lib.replaceStrings [ "." ] [ "_" ] (packageSetBindgen.version or "0")}; … }
  '';
in
{ trunkExtraArgs ? ""
, trunkExtraBuildArgs ? ""
, trunkIndexPath ? "./index.html"
, wasm-bindgen-cli ? lib.warn bindgenWarning packageSetBindgen
, ...
}@givenArgs:
let
  own = builtins.removeAttrs givenArgs [ "trunkExtraArgs" "trunkExtraBuildArgs" "trunkIndexPath" "wasm-bindgen-cli" ];
  crateName = crateNameFromCargoToml own;
  # Computed once for the application and its deps build.
  args = own // {
    pname = own.pname or crateName.pname;
    version = own.version or crateName.version;
    cargoVendorDir = own.cargoVendorDir or (vendorCargoDeps own);
  };
  releaseFlag = if lib.versionOlder trunk.version "0.21" then "--release" else "--release=true";
in
mkCargoDerivation (args // {
  pnameSuffix = "-trunk";
  cargoArtifacts = args.cargoArtifacts or (buildDepsOnly ((builtins.removeAttrs args [ "installPhase" "installPhaseCommand" ]) // {
    CARGO_BUILD_TARGET = args.CARGO_BUILD_TARGET or "wasm32-unknown-unknown";
    doCheck = args.doCheck or false;
  }));
  env = (args.env or { }) // {
    TRUNK_SKIP_VERSION_CHECK = args.env.TRUNK_SKIP_VERSION_CHECK or "true";
  };
  preConfigure = ''
    # trunk uses the tools on PATH when told their versions.
    TRUNK_TOOLS_SASS=$(sass --version | head -n 1)
    TRUNK_TOOLS_WASM_BINDGEN=$(wasm-bindgen --version | awk '{ print $2 }')
    TRUNK_TOOLS_WASM_OPT=version_$(wasm-opt --version | awk '{ print $3 }')
    export TRUNK_TOOLS_SASS TRUNK_TOOLS_WASM_BINDGEN TRUNK_TOOLS_WASM_OPT
    if [ -z "''${TRUNK_TOOLS_TAILWIND:-}" ] && command -v tailwindcss > /dev/null; then
      TRUNK_TOOLS_TAILWIND=$(tailwindcss --help | head -n 1 | awk '{ print $3 }')
      export TRUNK_TOOLS_TAILWIND=''${TRUNK_TOOLS_TAILWIND#v}
    fi
    echo "buildTrunkPackage: sass $TRUNK_TOOLS_SASS, wasm-bindgen $TRUNK_TOOLS_WASM_BINDGEN, wasm-opt $TRUNK_TOOLS_WASM_OPT''${TRUNK_TOOLS_TAILWIND:+, tailwindcss $TRUNK_TOOLS_TAILWIND}"
  '' + (args.preConfigure or "");
  buildPhaseCargoCommand = args.buildPhaseCargoCommand or ''
    trunkProfileArgs=
    if [ "$CARGO_PROFILE" = release ]; then
      trunkProfileArgs=${releaseFlag}
    fi
    trunk ${trunkExtraArgs} build $trunkProfileArgs ${trunkExtraBuildArgs} "${trunkIndexPath}"
  '';
  installPhaseCommand = args.installPhaseCommand or ''
    cp -r "$(dirname "${trunkIndexPath}")/dist" "$out"
  '';
  doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [
    binaryen
    dart-sass
    trunk
    wasm-bindgen-cli
    removeReferencesToRustToolchainHook
    removeReferencesToVendoredSourcesHook
  ];
})
