# A stand-in for the part of nixpkgs that heirloom's Nix code uses, built on
# the host's tools, for machines with a Nix daemon but no nixpkgs.
#
# It follows nixpkgs' documented behaviour for what it implements:
# - stdenv.mkDerivation: phases, dontX/doX flags, pre/post hooks and hook
#   arrays run by `runHook`, nativeBuildInputs/buildInputs on PATH with their
#   nix-support/setup-hook sourced, propagated inputs, `buildCommand`,
#   passthru, overrideAttrs, `env`;
# - runCommand, writeText, writeShellScript, makeSetupHook (substitutions,
#   propagated deps), symlinkJoin;
# - lib: the functions listed in ./lib.nix;
# - callPackage, newScope and lib.makeScope (scopes with overrideScope);
# - packages as thin wrappers of host programs (cargo and rustc from Debian's
#   packages, zstd, meson, ...) and empty stand-ins for libraries the host
#   provides through pkg-config.
# heirloom's nix/ files must not know they are evaluated against this.
#   rustToolchain  a Rust toolchain in the store (bin/, lib/): cargo, rustc,
#                  clippy and rustfmt come from it instead of Debian's
#                  packages (./rust-toolchain.nix)
#   crossSystem    as nixpkgs' (`{ config = "aarch64-unknown-linux-gnu"; }`):
#                  a package set whose stdenv builds on `system` for that
#                  platform; its pkgsBuildBuild and pkgsBuildHost are the
#                  native set. Only the platform attributes and compiler
#                  paths are modelled (mkCrossToolchainEnv reads them):
#                  building its compiler fails naming the missing program.
{ system ? builtins.currentSystem, hostPrefix ? "/usr", rustToolchain ? null, crossSystem ? null }:
let
  lib = import ./lib.nix;

  # Programs a stdenv build finds on PATH in nixpkgs (coreutils, findutils,
  # diffutils, sed, grep, awk, tar, compressors, patch, make, bash, a C
  # compiler and binutils).
  stdenvTools = [
    "bash" "sh" "env" "cat" "cp" "mv" "rm" "ln" "ls" "mkdir" "rmdir" "chmod" "chown" "touch" "stat"
    "readlink" "realpath" "basename" "dirname" "head" "tail" "tr" "cut" "sort" "uniq" "wc" "tee"
    "echo" "printf" "test" "[" "true" "false" "date" "sleep" "id" "uname" "od" "cmp" "diff" "comm"
    "find" "xargs" "sed" "grep" "awk" "tar" "gzip" "xz" "bzip2" "patch" "make" "install" "mktemp"
    "expr" "seq" "nproc" "du" "df" "sha256sum" "md5sum" "base64" "fold" "join" "paste" "split" "sync"
    "cc" "gcc" "c++" "g++" "cpp" "ar" "as" "ld" "nm" "ranlib" "strip" "objcopy" "objdump" "readelf"
    "pkg-config" "file" "patchelf"
  ];

  # A store path whose bin/ holds links to host programs. A missing program
  # fails the build with the package to install.
  hostTools = name: programs: derivation {
    inherit name system;
    builder = "/bin/bash";
    args = [ "-c" ''
      set -e
      PATH=${hostPrefix}/bin:/bin
      mkdir -p $out/bin
      for p in ${lib.concatMapStringsSep " " (p: "'${p}'") programs}; do
        found=$(type -P "$p" || true)
        case "$found" in
          /*) ln -s "$found" "$out/bin/$p" ;;
          *) echo "stand-in pkgs: host program '$p' is missing (needed by ${name}); install it with apt-get" >&2; exit 1 ;;
        esac
      done
    '' ];
  };

  # A host tool package that also carries nixpkgs' setup hook for it.
  withSetupHook = tools: hook: derivation {
    name = "${tools.name}-with-hook";
    inherit system;
    builder = "/bin/sh";
    args = [ "-c" "${hostPrefix}/bin/mkdir -p $out/nix-support && ${hostPrefix}/bin/ln -s ${tools}/bin $out/bin && ${hostPrefix}/bin/cp ${hook} $out/nix-support/setup-hook" ];
  };

  # A library nixpkgs would build; here the host provides it (headers and
  # pkg-config files under /usr). The store path only records the name.
  hostLibrary = name: derivation {
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" "${hostPrefix}/bin/mkdir $out && echo ${name} is provided by the host > $out/README" ];
  };

  stdenvSetup = derivation {
    name = "stand-in-stdenv";
    inherit system;
    builder = "/bin/sh";
    args = [ "-c" "/bin/mkdir -p $out/default-hooks && /bin/cp ${./setup.sh} $out/setup && /bin/cp ${./default-builder.sh} $out/default-builder.sh && /bin/cp ${./hooks/default}/*.sh $out/default-hooks/" ];
  };

  initialPath = hostTools "stdenv-host-tools" stdenvTools;

  mkDerivation = attrs0:
    let
      attrs = if builtins.isFunction attrs0 then lib.fix (self: attrs0 self) else attrs0;
      name = attrs.name or "${attrs.pname}-${attrs.version}";
      envAttrs = builtins.removeAttrs attrs [ "passthru" "meta" "env" "pos" ];
      drv = derivation ({
        builder = "/bin/bash";
        args = [ "-e" "${stdenvSetup}/default-builder.sh" ];
        stdenv = stdenvSetup;
        inherit initialPath;
      } // envAttrs // (attrs.env or { }) // {
        inherit name system;
      });
      passthru = attrs.passthru or { };
    in
    drv // passthru // {
      inherit passthru;
      meta = attrs.meta or { };
      # f is `prev: { … }` or `final: prev: { … }` (final is taken as prev here).
      overrideAttrs = f:
        let r = f attrs; in mkDerivation (attrs // (if builtins.isFunction r then r attrs else r));
    };

  # nixpkgs' platform records (lib.systems.elaborate), the attributes the
  # library reads: config, system, isLinux/isDarwin/isMinGW/isWindows,
  # rust.rustcTarget and rust.cargoEnvVarTarget, canExecute (here: the same
  # config), emulatorAvailable and emulator (qemu-user for Linux, wine for
  # Windows, as nixpkgs' selectEmulator). One record per platform, so that
  # == compares them as nixpkgs' (the same value when native).
  platformOf = config:
    let
      parts = lib.splitString "-" config;
      cpu = builtins.head parts;
      isMinGW = lib.hasSuffix "mingw32" config;
      isLinux = lib.hasInfix "-linux" config;
      rustcTarget = if isMinGW then "${cpu}-pc-windows-gnu" else config;
      self = {
        inherit config isLinux isMinGW rustcTarget;
        system = if isMinGW then "${cpu}-windows" else "${cpu}-linux";
        isDarwin = false;
        isWindows = isMinGW;
        qemuArch = cpu;
        rust = {
          inherit rustcTarget;
          cargoEnvVarTarget = builtins.replaceStrings ([ "-" ] ++ lib.lowerChars) ([ "_" ] ++ lib.upperChars) rustcTarget;
        };
        canExecute = other: other.config == config;
        emulatorAvailable = _buildPkgs: isLinux || isMinGW;
        emulator = buildPkgs:
          if isMinGW then "${buildPkgs.wine}/bin/wine64"
          else if isLinux then "${buildPkgs.qemu-user}/bin/qemu-${cpu}"
          else throw "Don't know how to run ${config} executables.";
      };
    in
    self;
  nativePlatform = platformOf "${builtins.head (lib.splitString "-" system)}-unknown-linux-gnu";
  hostPlatform = if crossSystem == null then nativePlatform else platformOf crossSystem.config;
  crossPrefix = lib.optionalString (crossSystem != null) "${crossSystem.config}-";
  # A stdenv's cc: the compiler for its host platform, its programs named
  # <targetPrefix>cc, c++, ar, …
  cc = if crossSystem == null then initialPath // { targetPrefix = ""; }
    else hostTools "${crossPrefix}cc-host" (map (p: crossPrefix + p) [ "cc" "c++" "ar" "ld" ]) // { targetPrefix = crossPrefix; };
  buildPkgs = if crossSystem == null then pkgs else import ./. { inherit system hostPrefix rustToolchain; };

  stdenv = {
    inherit mkDerivation system cc hostPlatform;
    shell = "/bin/bash";
    isLinux = true;
    isDarwin = false;
    buildPlatform = nativePlatform;
    targetPlatform = hostPlatform;
  };

  runCommand = name: env: buildCommand:
    mkDerivation ({ inherit name buildCommand; preferLocalBuild = true; allowSubstitutes = false; } // env);

  pkgs = {
    inherit lib stdenv runCommand system pkgs;
    # nixpkgs' spliced package sets, as far as this set models them.
    pkgsBuildBuild = buildPkgs;
    pkgsBuildHost = buildPkgs;
    pkgsHostTarget = pkgs;
    stdenvNoCC = stdenv;
    runCommandLocal = runCommand;
    runCommandNoCC = runCommand;

    callPackage = lib.callPackageWith pkgs;
    # nixpkgs' newScope: a callPackage that also sees `extra`.
    newScope = extra: lib.callPackageWith (pkgs // extra);

    writeText = name: text: runCommand name { inherit text; passAsFile = [ "text" ]; } ''
      cp "$textPath" "$out"
    '';

    writeShellScript = name: text: runCommand name { inherit text; passAsFile = [ "text" ]; } ''
      { echo "#!/bin/bash"; cat "$textPath"; } > "$out"
      chmod +x "$out"
    '';

    symlinkJoin = { name, paths, postBuild ? "", ... }@args: runCommand name (builtins.removeAttrs args [ "name" "paths" "postBuild" ] // { inherit paths; }) ''
      mkdir -p $out
      for p in $paths; do
        (cd "$p" && find . -mindepth 1 -type d) | while read -r d; do mkdir -p "$out/$d"; done
        (cd "$p" && find . -mindepth 1 ! -type d) | while read -r f; do ln -sf "$p/$f" "$out/$f"; done
      done
      ${postBuild}
    '';

    # nixpkgs' makeSetupHook: the script becomes nix-support/setup-hook, with
    # @name@ replaced for each substitution; deps are propagated.
    makeSetupHook = { name ? "hook", deps ? [ ], propagatedBuildInputs ? [ ], substitutions ? { }, meta ? { }, passthru ? { } }:
      script:
      runCommand name (substitutions // {
        inherit passthru meta;
        propagatedBuildInputs = propagatedBuildInputs ++ (if builtins.isList deps then deps else [ deps ]);
      }) (''
        mkdir -p $out/nix-support
        cp ${script} $out/nix-support/setup-hook
        recordPropagatedDependencies
      '' + lib.optionalString (substitutions != { }) ''
        substituteAll ${script} $out/nix-support/setup-hook
      '');

    # Host toolchain: Debian's cargo and rustc packages (readable by the
    # nixbld users, unlike a rustup toolchain under /root).
    cargo = hostTools "cargo-host" [ "cargo" ];
    rustc = hostTools "rustc-host" [ "rustc" "rustdoc" ];
    clippy = hostTools "clippy-host" [ "cargo-clippy" "clippy-driver" ];
    rustfmt = hostTools "rustfmt-host" [ "rustfmt" "cargo-fmt" ];
    zstd = hostTools "zstd-host" [ "zstd" "unzstd" "zstdcat" ];
    gnutar = hostTools "gnutar-host" [ "tar" ];
    rsync = hostTools "rsync-host" [ "rsync" ];
    jq = hostTools "jq-host" [ "jq" ];
    python3 = hostTools "python3-host" [ "python3" ];
    meson = withSetupHook (hostTools "meson-host" [ "meson" ]) ./hooks/meson.sh;
    ninja = withSetupHook (hostTools "ninja-host" [ "ninja" ]) ./hooks/ninja.sh;
    pkg-config = hostTools "pkg-config-host" [ "pkg-config" ];
    # taplo from the npm registry (tools/setup.sh: npm install -g @taplo/cli),
    # a node script: node comes along on PATH.
    taplo = hostTools "taplo-host" [ "taplo" "node" ];
    # Not packaged for Debian 12: building these fails naming the program.
    cargo-nextest = hostTools "cargo-nextest-host" [ "cargo-nextest" ];
    cargo-llvm-cov = hostTools "cargo-llvm-cov-host" [ "cargo-llvm-cov" ];
    cargo-audit = hostTools "cargo-audit-host" [ "cargo-audit" ];
    cargo-deny = hostTools "cargo-deny-host" [ "cargo-deny" ];
    cargo-tarpaulin = hostTools "cargo-tarpaulin-host" [ "cargo-tarpaulin" ] // { version = "0.31.0"; };
    # buildTrunkPackage's tools and writeTOMLViaRemarshal's remarshal: not
    # packaged for Debian 12 either (versions as a nixpkgs of 2025 has them).
    trunk = hostTools "trunk-host" [ "trunk" ] // { version = "0.21.14"; };
    wasm-bindgen-cli = hostTools "wasm-bindgen-cli-host" [ "wasm-bindgen" ] // { version = "0.2.100"; };
    binaryen = hostTools "binaryen-host" [ "wasm-opt" ];
    dart-sass = hostTools "dart-sass-host" [ "sass" ];
    remarshal = hostTools "remarshal-host" [ "remarshal" ];
    # Emulators for platform.emulator.
    qemu-user = hostTools "qemu-user-host" [ "qemu-aarch64" "qemu-riscv64" "qemu-x86_64" ];
    wine = hostTools "wine-host" [ "wine64" ];
    windows.pthreads = hostLibrary "mingw-pthreads";

    # nixpkgs' mkShell: a derivation for nix-shell / nix develop whose
    # inputs are `packages`, its own and those of every `inputsFrom`
    # derivation; their shellHooks run before its own.
    mkShell = { name ? "nix-shell", packages ? [ ], inputsFrom ? [ ], buildInputs ? [ ], nativeBuildInputs ? [ ]
              , propagatedBuildInputs ? [ ], propagatedNativeBuildInputs ? [ ], ... }@attrs:
      let
        fromInputs = n: lib.filter (d: !(lib.elem d inputsFrom)) (lib.flatten (map (d: d.${n} or [ ]) inputsFrom));
        rest = builtins.removeAttrs attrs [ "name" "packages" "inputsFrom" "buildInputs" "nativeBuildInputs"
          "propagatedBuildInputs" "propagatedNativeBuildInputs" "shellHook" ];
      in
      mkDerivation ({
        inherit name;
        buildInputs = buildInputs ++ fromInputs "buildInputs";
        nativeBuildInputs = packages ++ nativeBuildInputs ++ fromInputs "nativeBuildInputs";
        propagatedBuildInputs = propagatedBuildInputs ++ fromInputs "propagatedBuildInputs";
        propagatedNativeBuildInputs = propagatedNativeBuildInputs ++ fromInputs "propagatedNativeBuildInputs";
        shellHook = lib.concatStringsSep "\n" (lib.filter (h: h != null) (map (d: d.shellHook or null) (lib.reverseList inputsFrom ++ [ attrs ])));
        phases = [ "buildPhase" ];
        buildPhase = ''
          { echo "------------------------------------------------------------";
            echo " WARNING: the existence of this path is not guaranteed.";
            echo " It is an internal implementation detail for pkgs.mkShell.";
            echo "------------------------------------------------------------"; } >> "$out"
        '';
        preferLocalBuild = true;
      } // rest);

    # nixpkgs' fetchurl: a fixed-output derivation checked against sha256
    # (hex or SRI hash). The host's curl downloads; offline machines never
    # build one (the tests pass a vendor dir instead).
    fetchurl = { url, sha256 ? null, hash ? null, name ? baseNameOf url, ... }:
      derivation ({
        inherit name system url;
        builder = "/bin/sh";
        args = [ "-c" "PATH=${hostPrefix}/bin:/bin; curl --fail --location --silent --show-error --output \"$out\" \"$url\"" ];
        outputHashMode = "flat";
      } // (if hash != null then { outputHash = hash; } else { outputHashAlgo = "sha256"; outputHash = sha256; }));

    # nixpkgs' fetchgit: a fixed-output derivation (recursive hash of the
    # checkout at `rev`, without .git) made by the host's git.
    fetchgit = { url, rev, hash ? null, sha256 ? null, name ? "git-checkout", fetchSubmodules ? true, ... }:
      derivation ({
        inherit name system url rev;
        builder = "/bin/sh";
        args = [ "-c" ''
          PATH=${hostPrefix}/bin:/bin
          set -e
          export HOME=$PWD
          # The build user reads a repository another user owns (file://).
          git config --global safe.directory '*'
          git init -q "$out"
          cd "$out"
          git fetch -q "$url" "$rev" 2>/dev/null || git fetch -q "$url" '+refs/*:refs/*'
          git checkout -q "$rev"
          ${lib.optionalString fetchSubmodules "git submodule -q update --init --recursive"}
          rm -rf .git
        '' ];
        outputHashMode = "recursive";
      } // (if hash != null then { outputHash = hash; } else { outputHashAlgo = "sha256"; outputHash = sha256; }));

    libarchive = hostLibrary "libarchive";
    boost = hostLibrary "boost";
    nlohmann_json = hostLibrary "nlohmann_json";
    cli11 = hostLibrary "cli11";
    catch2 = hostLibrary "catch2";
    # glibc with its `static` output (libc.a: Debian's libc6-dev).
    glibc = hostLibrary "glibc" // { static = hostLibrary "glibc-static"; };
  } // lib.optionalAttrs (rustToolchain != null)
    (import ./rust-toolchain.nix { toolchain = rustToolchain; inherit system hostPrefix; });
in
pkgs
