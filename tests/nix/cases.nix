# Derivations the `nix` suite builds with the real daemon. Each is the test
# workspace (tests/cargo) built with Debian's cargo, using heirloom's hooks
# the way a user writes them by hand in a stdenv.mkDerivation.
#   heirloomPrefix  the heirloom that meson just built, installed into a
#                   staging prefix (bin/heirloom, libexec/heirloom/rustc)
#   salt            makes every derivation distinct, for tests that must
#                   build (not reuse) their own outputs
#   registry        Debian's crate registry in the store (debian-registry.nix)
{ heirloomPrefix
, salt ? ""
, registry ? ""
, system ? builtins.currentSystem
}:
let
  pkgs = import ./pkgs { inherit system; };
  inherit (pkgs) lib;
  heirloom = builtins.path { path = heirloomPrefix; name = "heirloom-under-test"; };
  hl = import ../../nix/lib { inherit pkgs heirloom; };

  vendorDir = import ./debian-registry.nix { storePath = registry; };

  # tests/cargo without build products: the workspace and its path crates.
  cargoTests = builtins.path {
    path = ../cargo;
    name = "cargo-tests";
    filter = path: type: !(lib.elem (baseNameOf path) [ "target" "Cargo.lock" ]);
  };

  # build: "build" or "test" (cargo test --no-run); edit: sed expression on
  # app/src/main.rs; compress: zstd-compress symlinks.tar after packing.
  workspace =
    { name
    , cargoArtifacts ? null
    , mode ? "symlinks"
    , features ? [ ]
    , build ? "build"
    , edit ? null
    , compress ? false
    , env ? { }
    , extraAttrs ? { }
    }:
    pkgs.stdenv.mkDerivation ({
      name = "${name}${salt}";
      src = cargoTests;
      sourceRoot = "cargo-tests/workspace";
      nativeBuildInputs = [
        pkgs.cargo
        pkgs.rustc
        hl.inheritCargoArtifactsHook
        hl.installCargoArtifactsHook
        hl.heirloomRustcHook
      ] ++ lib.optional compress pkgs.zstd;
      doInstallCargoArtifacts = true;
      installCargoArtifactsMode = mode;
      CARGO_TERM_COLOR = "never";
      CARGO_INCREMENTAL = "0";
      cargoFlags = [ "--release" "--offline" ] ++ lib.optionals (features != [ ]) [ "--features" (lib.concatStringsSep "," features) ];

      # NB: cargo hashes a path dependency outside the workspace root by its
      # absolute path. Without a sandbox every derivation builds in its own
      # /tmp/nix-build-<name>-N (a sandbox always uses /build), so the crates
      # move under the workspace root to keep their unit hashes stable
      # (excluded, or they would become members).
      postUnpack = ''
        chmod -R u+w cargo-tests
        mv cargo-tests/crates cargo-tests/workspace/crates
        sed -i 's|"../../crates/|"../crates/|' cargo-tests/workspace/app/Cargo.toml
        sed -i 's|^members = .*|&\nexclude = ["crates"]|' cargo-tests/workspace/Cargo.toml
      '';

      postPatch = lib.optionalString (edit != null) ''
        sed -i ${lib.escapeShellArg edit} app/src/main.rs
      '';

      # Debian's registry directory is the vendor dir (read-only, shared).
      configurePhase = ''
        runHook preConfigure
        export CARGO_HOME=$TMPDIR/cargo-home
        mkdir -p $CARGO_HOME
        cat > $CARGO_HOME/config.toml <<CFG
        [source.crates-io]
        replace-with = "debian"
        [source.debian]
        directory = "${vendorDir}"
        [net]
        offline = true
        CFG
        runHook postConfigure
      '';

      buildPhase = ''
        runHook preBuild
        ${if build == "test"
          then "cargo test --no-run $cargoFlags --message-format json-render-diagnostics"
          else "cargo build $cargoFlags --message-format json-render-diagnostics"} > $TMPDIR/messages.json
        runHook postBuild
      '';

      installPhase = ''
        runHook preInstall
        mkdir -p $out
        # (sorted: with parallel jobs cargo's message order varies)
        sort $TMPDIR/messages.json > $out/cargo-messages.json
        ${lib.optionalString (build == "build") "target/release/app > $out/app-output.json"}
        runHook postInstall
      '';

      preFixup = lib.optionalString compress ''
        zstd -q --rm -19 $out/symlinks.tar
      '';
    } // lib.optionalAttrs (cargoArtifacts != null) { inherit cargoArtifacts; }
      // env // extraAttrs);

  # crane's use-zstd layout, by crane's own install command (run inside the
  # target dir: entries ./, ./release/...) over a plain cargo build.
  craneZstd = pkgs.stdenv.mkDerivation {
    name = "crane-style-zstd${salt}";
    src = cargoTests;
    sourceRoot = "cargo-tests/workspace";
    nativeBuildInputs = [ pkgs.cargo pkgs.rustc pkgs.zstd ];
    CARGO_INCREMENTAL = "0";
    inherit (workspace { name = "unused"; }) postUnpack configurePhase;
    buildPhase = "cargo build --release --offline";
    installPhase = ''
      mkdir -p $out
      (cd target && tar --sort=name --mtime=@1 --owner=0 --group=0 --mode=u+w --numeric-owner \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -c . \
        | zstd "-T''${NIX_BUILD_CORES:-0}" -o $out/target.tar.zst)
    '';
  };

  gen = mode: suffix: rec {
    deps = workspace { name = "ws-deps-${mode}${suffix}"; inherit mode; };
    tests = workspace { name = "ws-tests-${mode}${suffix}"; inherit mode; cargoArtifacts = deps; build = "test"; };
    package = workspace {
      name = "ws-package-${mode}${suffix}";
      inherit mode;
      cargoArtifacts = tests;
      edit = "s/csys::add(2, 3)/csys::add(2, 4)/";
    };
  };
in
rec {
  inherit heirloom pkgs vendorDir;

  # 1. deps -> package with an edited workspace crate.
  deps = workspace { name = "ws-deps"; };
  package = workspace { name = "ws-package"; cargoArtifacts = deps; edit = "s/csys::add(2, 3)/csys::add(2, 4)/"; };

  # 2. three generations in each mode; crane's format as the input.
  symlinks = gen "symlinks" "";
  zstd = gen "zstd" "";
  fromCraneZstd = workspace { name = "ws-from-crane"; cargoArtifacts = craneZstd; edit = "s/csys::add(2, 3)/csys::add(2, 4)/"; };

  # 3. a build script reruns and rewrites inherited outputs; an env change.
  flakyDeps = workspace { name = "ws-flaky-deps"; features = [ "flaky" ]; };
  flakyRerun = workspace { name = "ws-flaky-rerun"; features = [ "flaky" ]; cargoArtifacts = flakyDeps; };
  flakyRerunNoShim = workspace {
    name = "ws-flaky-rerun-noshim";
    features = [ "flaky" ];
    cargoArtifacts = flakyDeps;
    extraAttrs.doNotUseHeirloomRustc = true;
  };
  envChange = workspace { name = "ws-env-change"; cargoArtifacts = deps; env.HEIRLOOM_TEST_ENV = "changed"; };
  envChangeNoShim = workspace {
    name = "ws-env-change-noshim";
    cargoArtifacts = deps;
    env.HEIRLOOM_TEST_ENV = "changed";
    extraAttrs.doNotUseHeirloomRustc = true;
  };

  # 5. The stdenv's fixup phase: a deps output holding only the artifacts
  # skips the fixupOutput hooks (and runs them with doFixupCargoArtifacts);
  # a package on top of it, installing a binary and a script, gets them all.
  # The log stamps fixup's start and end (nanoseconds).
  fixup =
    let
      stamps = {
        preFixupPhases = [ "stampFixupStart" ];
        stampFixupStart = "echo \"fixup-stamp start $(date +%s%N)\"";
        preDistPhases = [ "stampFixupEnd" ];
        stampFixupEnd = "echo \"fixup-stamp end $(date +%s%N)\"";
      };
      onlyArtifacts = stamps // {
        installPhase = ''
          runHook preInstall
          mkdir -p $out
          runHook postInstall
        '';
      };
    in
    rec {
      deps = workspace { name = "ws-fixup-deps"; extraAttrs = onlyArtifacts; };
      depsFixedUp = workspace { name = "ws-fixup-deps-fixed-up"; extraAttrs = onlyArtifacts // { doFixupCargoArtifacts = true; }; };
      package = workspace {
        name = "ws-fixup-package";
        cargoArtifacts = deps;
        extraAttrs = stamps // {
          doInstallCargoArtifacts = false;
          installPhase = ''
            runHook preInstall
            mkdir -p $out/bin
            sort $TMPDIR/messages.json > $out/cargo-messages.json
            cp target/release/app $out/bin/app
            printf '#!/bin/sh\necho hello\n' > $out/bin/hello
            chmod +x $out/bin/hello
            runHook postInstall
          '';
        };
      };
    };

  # 4. GC: a chain whose symlinks.tar is compressed after packing, so that
  # only the plain-text references file names the grandparent.
  compressed = rec {
    deps = workspace { name = "ws-deps-compressed"; compress = true; };
    tests = workspace { name = "ws-tests-compressed"; cargoArtifacts = deps; build = "test"; compress = true; };
    package = workspace {
      name = "ws-package-compressed";
      cargoArtifacts = tests;
      compress = true;
      edit = "s/csys::add(2, 3)/csys::add(2, 4)/";
    };
  };
}
