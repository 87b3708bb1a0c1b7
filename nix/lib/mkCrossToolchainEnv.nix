# mkCrossToolchainEnv stdenvSelector: the derivation attributes that point
# cargo and the cc crate at the right compilers when the package set
# cross-compiles (its stdenv's build and host platforms differ); `{ }` when
# it does not. stdenvSelector is `pkgs -> stdenv` (the library's
# stdenvSelector, e.g. `p: p.clangStdenv`).
#
# Every attribute is named __CRANE_EXPORT_<VAR>: configureCargoCommonVarsHook
# exports it as <VAR> unless the build already has a non-empty <VAR>.
#   CARGO_BUILD_TARGET       the host platform's rustc target
# then for cargo's host (nixpkgs' build platform: pkgsBuildHost, kind HOST)
# and cargo's target (nixpkgs' host platform: pkgsHostTarget, kind TARGET),
# with T the platform's rust.cargoEnvVarTarget and CC its stdenv's compiler
# by full path (<cc>/bin/<targetPrefix>cc):
#   CARGO_TARGET_<T>_LINKER  CC
#   CC_<T>, CXX_<T>, AR_<T>  cc, c++, ar (the cc crate's per-target variables)
#   <KIND>_CC, <KIND>_CXX, <KIND>_AR  the same by kind
#   CARGO_TARGET_<T>_RUNNER  the platform's emulator (built for the build
#                            platform), when the build platform cannot run
#                            its code and nixpkgs has an emulator for it
#   CARGO_TARGET_<T>_RUSTFLAGS  `-L native=<windows.pthreads>/lib` for MinGW
{ lib, pkgs, pkgsBuildBuild, pkgsBuildHost, pkgsHostTarget }:
stdenvSelector:
let
  export = name: "__CRANE_EXPORT_${name}";
  forPlatform = kind: platformPkgs:
    let
      env = stdenvSelector platformPkgs;
      platform = env.hostPlatform;
      t = platform.rust.cargoEnvVarTarget;
      tool = name: "${env.cc}/bin/${env.cc.targetPrefix}${name}";
      needsRunner = !(env.buildPlatform.canExecute platform) && platform.emulatorAvailable pkgsBuildBuild;
    in
    {
      ${export "CARGO_TARGET_${t}_LINKER"} = tool "cc";
      ${export "CC_${t}"} = tool "cc";
      ${export "CXX_${t}"} = tool "c++";
      ${export "AR_${t}"} = tool "ar";
      ${export "${kind}_CC"} = tool "cc";
      ${export "${kind}_CXX"} = tool "c++";
      ${export "${kind}_AR"} = tool "ar";
    }
    // lib.optionalAttrs needsRunner { ${export "CARGO_TARGET_${t}_RUNNER"} = platform.emulator pkgsBuildBuild; }
    // lib.optionalAttrs platform.isMinGW { ${export "CARGO_TARGET_${t}_RUSTFLAGS"} = "-L native=${platformPkgs.windows.pthreads}/lib"; };
  selected = stdenvSelector pkgs;
in
if selected.buildPlatform == selected.hostPlatform then { }
else
  { ${export "CARGO_BUILD_TARGET"} = selected.hostPlatform.rust.rustcTarget; }
  // forPlatform "HOST" pkgsBuildHost
  // forPlatform "TARGET" pkgsHostTarget
