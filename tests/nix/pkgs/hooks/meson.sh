# Stand-in for nixpkgs' meson setup hook: configurePhase runs `meson setup`
# into ./build with the output as prefix, then enters it.
mesonConfigurePhase() {
  runHook preConfigure
  meson setup build --prefix="$out" --libexecdir=libexec ${mesonBuildType:+--buildtype=$mesonBuildType} ${mesonFlags:-}
  cd build
  runHook postConfigure
}
if [ -z "${dontUseMesonConfigure:-}" ] && [ -z "${configurePhase:-}" ]; then
  configurePhase=mesonConfigurePhase
fi
