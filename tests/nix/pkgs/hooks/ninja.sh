# Stand-in for nixpkgs' ninja setup hook: build, check and install phases.
ninjaBuildPhase() {
  runHook preBuild
  ninja -j"${NIX_BUILD_CORES:-1}" ${ninjaFlags:-}
  runHook postBuild
}
ninjaCheckPhase() {
  runHook preCheck
  ninja -j"${NIX_BUILD_CORES:-1}" test
  runHook postCheck
}
ninjaInstallPhase() {
  runHook preInstall
  ninja install
  runHook postInstall
}
if [ -z "${dontUseNinjaBuild:-}" ] && [ -z "${buildPhase:-}" ]; then buildPhase=ninjaBuildPhase; fi
if [ -z "${dontUseNinjaCheck:-}" ] && [ -z "${checkPhase:-}" ]; then checkPhase=ninjaCheckPhase; fi
if [ -z "${dontUseNinjaInstall:-}" ] && [ -z "${installPhase:-}" ]; then installPhase=ninjaInstallPhase; fi
