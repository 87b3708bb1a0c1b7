# heirloom itself: the `heirloom` CLI and the rustc shim, built with meson.
{ lib
, stdenv
, meson
, ninja
, pkg-config
, libarchive
, zstd
, nlohmann_json
, cli11
, catch2
, glibc
, src ? ./..
}:
stdenv.mkDerivation {
  pname = "heirloom";
  version = "0.1.0";

  # Only what meson reads: editing docs or Nix files does not rebuild heirloom.
  src = lib.cleanSourceWith {
    inherit src;
    name = "heirloom-source";
    filter = path: type:
      let rel = lib.removePrefix (toString src + "/") (toString path);
      in rel == "meson.build" || rel == "meson_options.txt"
        || lib.hasPrefix "src" rel || rel == "tests" || lib.hasPrefix "tests/unit" rel
        || rel == "tests/meson.build" || lib.hasPrefix "tests/data" rel
        || rel == "tests/bench" || rel == "tests/bench/floor.cpp";
  };

  nativeBuildInputs = [ meson ninja pkg-config ];
  # glibc.static: the rustc shim is linked statically (-Dstatic_shim), so each
  # rustc call skips the dynamic loader.
  buildInputs = [ libarchive zstd nlohmann_json cli11 catch2 glibc.static ];

  # The unit suite only: the e2e and cargo suites need a toolchain and a
  # writable scratch store, which a sandboxed build does not have.
  mesonFlags = [ "--buildtype=release" "-Dstatic_shim=true" ];
  doCheck = true;
  checkPhase = ''
    runHook preCheck
    meson test --suite unit --print-errorlogs
    runHook postCheck
  '';

  meta = {
    description = "Hands a cargo target dir down from one Nix derivation to the next";
    mainProgram = "heirloom";
    platforms = lib.platforms.linux;
  };
}
