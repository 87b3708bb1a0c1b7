# The install and inherit hooks on a synthetic target dir: one derivation
# packs it, the next inherits it and checks what it finds. Needs no cargo.
{ stdenv, hl }:
let
  makeTarget = ''
    mkdir -p target/release/deps target/release/.fingerprint/demo-1 target/release/build/demo-1/out
    echo rlib > target/release/deps/libdemo-1.rlib
    echo meta > target/release/deps/libdemo-1.rmeta
    echo fp > target/release/.fingerprint/demo-1/lib-demo
    echo gen > target/release/build/demo-1/out/generated.rs
    touch target/release/.cargo-lock
  '';
  parent = stdenv.mkDerivation {
    name = "heirloom-check-parent";
    dontUnpack = true;
    nativeBuildInputs = [ hl.installCargoArtifactsHook ];
    doInstallCargoArtifacts = true;
    buildPhase = makeTarget;
    installPhase = ''
      runHook preInstall
      mkdir -p $out
      runHook postInstall
    '';
  };
in
stdenv.mkDerivation {
  name = "heirloom-check-hooks";
  dontUnpack = true;
  nativeBuildInputs = [ hl.inheritCargoArtifactsHook ];
  cargoArtifacts = parent;
  # No source: the inherit hook still runs after the patch phase.
  buildPhase = ''
    fail() { echo "check failed: $*" >&2; exit 1; }
    [ -L target/release/deps/libdemo-1.rlib ] || fail "the rlib is not a link"
    [ "$(cat target/release/deps/libdemo-1.rlib)" = rlib ] || fail "the rlib link is wrong"
    [ -f target/release/.fingerprint/demo-1/lib-demo ] && [ ! -L target/release/.fingerprint/demo-1/lib-demo ] \
      || fail "the fingerprint is not a copy"
    echo changed > target/release/.fingerprint/demo-1/lib-demo || fail "the fingerprint copy is not writable"
    [ ! -e target/release/.cargo-lock ] || fail ".cargo-lock came from the parent"
  '';
  installPhase = "touch $out";
}
