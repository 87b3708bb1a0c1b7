# Evaluation checks of heirloom's crane-named functions: argument defaults,
# command lines and pure results, without building anything.
#   nix-instantiate --read-write-mode --eval --strict -E 'import tests/nix/crane-api.nix { }'
# (writeTOML's and writeTOMLViaCraneUtils' files are read back) evaluates to the list of failed checks' names ([] when all hold), so a
# failure names what broke; tests/nix/crane-api.sh runs it.
{ system ? builtins.currentSystem }:
let
  pkgs = import ./pkgs { inherit system; };
  inherit (pkgs) lib;
  hl = import ../../nix/lib {
    inherit pkgs;
    # Never built here: only the derivations' attributes are read.
    heirloom = derivation { name = "heirloom-unbuilt"; inherit system; builder = "/bin/false"; };
  };
  src = ./crane-flake/crate;
  vendor = ./crane-flake/vendor;
  common = { inherit src; cargoVendorDir = vendor; };
  deps = hl.buildDepsOnly common;
  has = sub: s: lib.hasInfix sub s;
  words = s: lib.filter (w: w != "") (lib.splitString " " (lib.replaceStrings [ "\n" ] [ " " ] s));
  nextest = hl.cargoNextest (common // { cargoArtifacts = deps; cargoNextestExtraArgs = "--no-fail-fast"; });
  nextest3 = hl.cargoNextest (common // { cargoArtifacts = deps; partitions = 3; });
  manifest = ''
    [package]
    name = "pkg"
    version = { workspace = true }
    description = "dropped by the conservative filter"
    build = "gen.rs"
    [package.metadata.crane]
    name = "renamed"
    [workspace.package]
    version = "4.5.6"
    [dependencies]
    serde = { version = "1", features = [ "derive" ] }
    [[bin]]
    name = "tool"
    test = false
    [badges]
    maintenance = { status = "none" }
  '';
  # crane's names: the attributes of the scope in crane's lib/default.nix at
  # commit 2c71e194474d13de031d729b729c968ddbe3507f (62 with filters.* and
  # fileset.*). Every one must be in heirloom's scope.
  craneNames = [
    "appendCrateRegistries" "buildDepsOnly" "buildPackage" "buildTrunkPackage" "cargoAudit" "cargoBuild"
    "cargoClippy" "cargoDeny" "cargoDoc" "cargoDocTest" "cargoFmt" "cargoHelperFunctionsHook" "cargoLlvmCov"
    "cargoNextest" "cargoTarpaulin" "cargoTest" "cleanCargoSource" "cleanCargoToml" "configureCargoCommonVarsHook"
    "configureCargoVendoredDepsHook" "craneLib" "craneUtils" "crateNameFromCargoToml" "crateRegistries" "devShell"
    "downloadCargoPackage" "downloadCargoPackageFromGit" "filterCargoSources" "findCargoFiles"
    "inheritCargoArtifactsHook" "installCargoArtifactsHook" "installFromCargoBuildLogHook" "mkCargoDerivation"
    "mkCrossToolchainEnv" "mkDummySrc" "overrideToolchain" "path" "remapPathPrefixHook" "registryFromDownloadUrl"
    "registryFromGitIndex" "registryFromSparse" "removeReferencesToRustToolchainHook"
    "removeReferencesToVendoredSourcesHook" "replaceCargoLockHook" "stdenvSelector" "taploFmt" "urlForCargoPackage"
    "vendorCargoDeps" "vendorMultipleCargoDeps" "vendorCargoRegistries" "vendorGitDeps" "writeTOML"
    "writeTOMLViaCraneUtils" "writeTOMLViaRemarshal"
  ] ++ map (n: "filters.${n}") [ "cargoTomlAggressive" "cargoTomlConservative" "cargoTomlDefault" ]
    ++ map (n: "fileset.${n}") [ "cargoTomlAndLock" "commonCargoSources" "configToml" "rust" "toml" ];
  hasName = n: lib.hasAttrByPath (lib.splitString "." n) hl;
  missingNames = lib.filter (n: !(hasName n)) craneNames;

  # A package set that cross-compiles (stand-in: platforms and compiler
  # paths), and the library for it.
  crossPkgs = config: import ./pkgs { inherit system; crossSystem = { inherit config; }; };
  aarch64 = crossPkgs "aarch64-unknown-linux-gnu";
  mingw = crossPkgs "x86_64-w64-mingw32";
  hlFor = p: import ../../nix/lib { pkgs = p; inherit (hl) heirloom; };
  nativeCc = "${pkgs.stdenv.cc}/bin/";
  toolsFor = t: prefix: kind: {
    "__CRANE_EXPORT_CARGO_TARGET_${t}_LINKER" = "${prefix}cc";
    "__CRANE_EXPORT_CC_${t}" = "${prefix}cc";
    "__CRANE_EXPORT_CXX_${t}" = "${prefix}c++";
    "__CRANE_EXPORT_AR_${t}" = "${prefix}ar";
    "__CRANE_EXPORT_${kind}_CC" = "${prefix}cc";
    "__CRANE_EXPORT_${kind}_CXX" = "${prefix}c++";
    "__CRANE_EXPORT_${kind}_AR" = "${prefix}ar";
  };
  aarch64Env = { __CRANE_EXPORT_CARGO_BUILD_TARGET = "aarch64-unknown-linux-gnu"; }
    // toolsFor "X86_64_UNKNOWN_LINUX_GNU" nativeCc "HOST"
    // toolsFor "AARCH64_UNKNOWN_LINUX_GNU" "${aarch64.stdenv.cc}/bin/aarch64-unknown-linux-gnu-" "TARGET"
    // { __CRANE_EXPORT_CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER = "${pkgs.qemu-user}/bin/qemu-aarch64"; };

  trunkArgs = common // {
    wasm-bindgen-cli = pkgs.wasm-bindgen-cli;
    trunkExtraArgs = "--config Web.toml";
    trunkExtraBuildArgs = "--public-url /app/";
    trunkIndexPath = "web/index.html";
    env.OTHER = "kept";
  };
  trunk = hl.buildTrunkPackage trunkArgs;

  tomlValue = {
    package = { name = "x"; version = "1.0.0"; "odd key" = [ 1 2.5 true ]; };
    dependencies.serde = { version = "1"; features = [ "derive" ]; };
    bin = [ { name = "a"; } { name = "b"; path = "src/b.rs"; } ];
    text = "quote \" backslash \\ newline \n tab \t";
  };
  remarshal = hl.writeTOMLViaRemarshal "x.toml" { a.b = 1; };

  checks = {
    # crateNameFromCargoToml
    nameFromMetadata = hl.crateNameFromCargoToml { cargoTomlContents = manifest; } == { pname = "renamed"; version = "4.5.6"; };
    nameFromSrc = hl.crateNameFromCargoToml { inherit src; } == { pname = "wordcount"; version = "0.3.0"; };
    namePlaceholders = hl.crateNameFromCargoToml { cargoTomlContents = "[workspace]\n"; } == { pname = "cargo-package"; version = "0.0.1"; };
    # cleanCargoToml and the filters
    cleanConservative = hl.cleanCargoToml { cargoTomlContents = manifest; } == {
      package = { name = "pkg"; version = { workspace = true; }; };
      workspace.package.version = "4.5.6";
      dependencies.serde = { version = "1"; features = [ "derive" ]; };
      bin = [ { name = "tool"; } ];
    };
    cleanAggressive = hl.cleanCargoToml { cargoTomlContents = manifest; cleanCargoTomlFilter = hl.filters.cargoTomlAggressive; } == {
      package = { name = "pkg"; version = { workspace = true; }; };
      workspace.package.version = "4.5.6";
      dependencies.serde = { version = "1"; features = [ "derive" ]; };
      bin = [ { name = "tool"; } ];
    };
    defaultIsConservative = hl.filters.cargoTomlDefault [ "package" "description" ] == false
      && hl.filters.cargoTomlDefault [ "package" "edition" ];
    aggressiveDropsUnknown = !(hl.filters.cargoTomlAggressive [ "package" "edition2" ])
      && hl.filters.cargoTomlConservative [ "package" "edition2" ];
    # filterCargoSources keeps *.toml, Cargo.lock, .cargo/config, *.rs
    filterKeeps = lib.all (p: hl.filterCargoSources p "regular") [ "/x/taplo.toml" "/x/Cargo.lock" "/x/.cargo/config" "/x/src/a.rs" ];
    filterDrops = !(lib.any (p: hl.filterCargoSources p "regular") [ "/x/README.md" "/x/config" "/x/flake.nix" "/x/a.c" ]);
    # fileset.commonCargoSources: the crate's manifests, Rust files, TOML
    filesetCommon = map (p: lib.removePrefix (toString src + "/") (toString p)) (lib.fileset.toList (hl.fileset.commonCargoSources src))
      == [ "Cargo.lock" "Cargo.toml" "src/lib.rs" "src/main.rs" "tests/cli.rs" ];
    filesetRust = builtins.length (lib.fileset.toList (hl.fileset.rust src)) == 3;
    # writeTOML's text parses back to the same value
    writeTOMLRoundTrip = let v = builtins.fromTOML manifest; in
      builtins.fromTOML (builtins.readFile (hl.writeTOML "Cargo.toml" v)) == v;
    # buildDepsOnly: crane's defaults
    depsTestArgs = has "cargoWithProfile test --locked --no-run" deps.checkPhaseCargoCommand;
    depsCheckArgs = has "cargoWithProfile check --locked --all-targets" deps.buildPhaseCargoCommand;
    depsBuildArgs = has "cargoWithProfile build --locked" deps.buildPhaseCargoCommand;
    depsNoCheckArgs = !(has "--all-targets" (hl.buildDepsOnly (common // { doCheck = false; })).buildPhaseCargoCommand);
    depsExtraArgs = let d = hl.buildDepsOnly (common // { cargoBuildExtraArgs = "--bins"; cargoCheckExtraArgs = "--lib"; }); in
      has "build --locked --bins" d.buildPhaseCargoCommand && has "check --locked --lib" d.buildPhaseCargoCommand;
    depsCallerCommands = let d = hl.buildDepsOnly (common // { buildPhaseCargoCommand = "mine"; checkPhaseCargoCommand = "theirs"; }); in
      d.buildPhaseCargoCommand == "mine" && d.checkPhaseCargoCommand == "theirs";
    depsName = deps.name == "wordcount-deps-0.3.0";
    depsMarker = deps.CRANE_BUILD_DEPS_ONLY == 1;
    depsFromDummySrcOnly = (hl.buildDepsOnly { dummySrc = hl.mkDummySrc { inherit src; }; cargoVendorDir = vendor; }).name == "wordcount-deps-0.3.0";
    # buildPackage
    packageBuildLog = has "--message-format json-render-diagnostics --locked" (hl.buildPackage (common // { cargoArtifacts = deps; })).buildPhaseCargoCommand;
    packageCallerBuild = (hl.buildPackage (common // { cargoArtifacts = deps; buildPhaseCargoCommand = "mine"; })).buildPhaseCargoCommand == "mine";
    packageDefaultDeps = (hl.buildPackage common).cargoArtifacts.name == "wordcount-deps-0.3.0";
    # cargoTest runs in the check phase; doCheck defaults to true
    testInCheckPhase = let t = hl.cargoTest (common // { cargoArtifacts = deps; }); in
      t.buildPhaseCargoCommand == "" && t.checkPhaseCargoCommand == "cargoWithProfile test --locked " && t.doCheck == true;
    docTest = (hl.cargoDocTest (common // { cargoArtifacts = deps; })).checkPhaseCargoCommand == "cargoWithProfile test --doc --locked ";
    clippyDefault = has "cargoWithProfile clippy --locked --all-targets" (hl.cargoClippy (common // { cargoArtifacts = deps; })).buildPhaseCargoCommand;
    fmt = let f = hl.cargoFmt { inherit src; }; in
      f.buildPhaseCargoCommand == "cargo fmt  -- --check " && f.cargoVendorDir == null && f.name == "wordcount-fmt-0.3.0";
    taplo = (hl.taploFmt { inherit src; taploExtraArgs = "--config t.toml"; }).buildPhaseCargoCommand == "taplo fmt --check --config t.toml";
    # cargoNextest: the derivation and its command line
    nextestCommand = words nextest.checkPhaseCargoCommand
      == [ "cargo" "nextest" "run" "\${CARGO_PROFILE:+--cargo-profile" "$CARGO_PROFILE}" "--no-fail-fast" ];
    nextestName = nextest.name == "wordcount-nextest-0.3.0" && nextest.NEXTEST_SHOW_PROGRESS == "counter";
    nextestPartitions = builtins.length nextest3.buildInputs == 3
      && has "--partition count:2/3" (builtins.elemAt nextest3.buildInputs 1).checkPhaseCargoCommand;
    # mkCargoDerivation: pnameSuffix, cargoLockContents, CARGO_PROFILE
    pnameSuffix = (hl.mkCargoDerivation (common // { buildPhaseCargoCommand = ""; pnameSuffix = "-x"; })).name == "wordcount-x-0.3.0";
    lockContents = lib.hasSuffix "Cargo.lock" (hl.mkCargoDerivation (common // { buildPhaseCargoCommand = ""; cargoLockContents = builtins.readFile (src + "/Cargo.lock"); })).cargoLock;
    emptyProfile = (hl.cargoBuild (common // { CARGO_PROFILE = ""; })).CARGO_PROFILE == "";
    helperHook = lib.any (i: lib.hasInfix "cargoHelperFunctionsHook" (toString i)) deps.nativeBuildInputs;
    # devShell and overrideToolchain
    devShellPackages = lib.all (p: lib.elem p (hl.devShell { }).nativeBuildInputs) [ pkgs.cargo pkgs.rustc pkgs.clippy pkgs.rustfmt ];
    overrideToolchain = let t = pkgs.writeText "toolchain" ""; o = hl.overrideToolchain t; in
      lib.elem t (o.buildDepsOnly common).nativeBuildInputs && lib.elem t (o.devShell { }).nativeBuildInputs;
    overrideToolchainFn = let t = pkgs.writeText "toolchain" ""; in
      lib.elem t ((hl.overrideToolchain (_: t)).cargoBuild common).nativeBuildInputs;
    craneLibSelf = (hl.craneLib.buildDepsOnly common).drvPath == deps.drvPath;
    # cargoAudit, cargoDeny, cargoLlvmCov, cargoTarpaulin: the tools are not
    # installable here, so the derivations and command lines are checked.
    audit = let a = hl.cargoAudit { inherit src; advisory-db = "/advisory-db"; }; in
      a.buildPhaseCargoCommand == "cargo audit -n -d /advisory-db --ignore yanked" && a.name == "crate-audit-0.0.0"
      && a.cargoVendorDir == null && !(a ? cargoArtifacts) && a.doInstallCargoArtifacts == false
      && lib.elem pkgs.cargo-audit a.nativeBuildInputs;
    auditSourceLockOnly = builtins.attrNames (builtins.readDir (hl.cargoAudit { inherit src; advisory-db = "/a"; }).src)
      == [ "Cargo.lock" "src" "tests" ];
    deny = let d = hl.cargoDeny (common // { cargoDenyExtraArgs = "--all-features"; }); in
      words d.buildPhaseCargoCommand == [ "cargo" "--offline" "deny" "--all-features" "check" "bans" "licenses" "sources" ]
      && d.name == "wordcount-deny-0.3.0" && d.cargoVendorDir == vendor && !(d ? cargoArtifacts)
      && lib.elem pkgs.cargo-deny d.nativeBuildInputs;
    llvmCov = let c = hl.cargoLlvmCov (common // { cargoArtifacts = deps; }); in
      words c.buildPhaseCargoCommand == [ "cargoWithProfile" "llvm-cov" "\"test\"" "--locked" "--lcov" "--output-path" "$out" ]
      && c.installPhaseCommand == "" && c.doInstallCargoArtifacts == false && c.name == "wordcount-llvm-cov-0.3.0";
    tarpaulin = let t = hl.cargoTarpaulin (common // { cargoArtifacts = deps; }); in
      words t.buildPhaseCargoCommand == [ "cargoWithProfile" "tarpaulin" "--skip-clean" "--out" "xml" "--output-dir" "$out" ]
      && t.doNotLinkInheritedArtifacts == true && t.name == "wordcount-tarpaulin-0.3.0";
    tarpaulinOldXml = has "--out Xml"
      ((hl.overrideScope (_: _: { cargo-tarpaulin = pkgs.cargo-tarpaulin // { version = "0.26.1"; }; })).cargoTarpaulin common).buildPhaseCargoCommand;
    # buildPackage removes references to the vendor dir and the toolchain
    packageRemovesReferences = let p = hl.buildPackage (common // { cargoArtifacts = deps; }); in
      lib.all (h: lib.elem h p.nativeBuildInputs) [ hl.removeReferencesToVendoredSourcesHook hl.removeReferencesToRustToolchainHook ];
    stdenvSelector = hl.stdenvSelector pkgs == pkgs.stdenv;
    # Registries: the download template and urlForCargoPackage's prefixes
    dlDefault = hl.registryFromDownloadUrl { dl = "https://x/c"; indexUrl = "https://x/index"; }
      == { "registry+https://x/index" = { downloadUrl = "https://x/c/{crate}/{version}/download"; fetchurlExtraArgs = { }; }; };
    dlSparse = builtins.attrNames (hl.registryFromDownloadUrl { dl = "https://x/{crate}"; indexUrl = "sparse+https://x/"; registryPrefix = "sparse+"; })
      == [ "sparse+https://x/" ];
    urlPrefixes = let
      r = hl.appendCrateRegistries [ (hl.registryFromDownloadUrl { dl = "https://x/{prefix}|{lowerprefix}|{crate}|{version}|{sha256-checksum}"; indexUrl = "https://x/index"; }) ];
      url = name: (r.urlForCargoPackage { inherit name; version = "1.0.0"; source = "registry+https://x/index"; checksum = "c"; }).url;
    in map url [ "a" "ab" "abc" "SerDe" ]
      == [ "https://x/1|1|a|1.0.0|c" "https://x/2|2|ab|1.0.0|c" "https://x/3/a|3/a|abc|1.0.0|c" "https://x/Se/rD|se/rd|SerDe|1.0.0|c" ];
    # vendorGitDeps / vendorCargoRegistries: the cargo config they write
    # (the checkouts are not fetched: only `config` is read)
    gitConfig = let
      v = hl.vendorGitDeps { lockPackages = [
        { name = "a"; version = "1.0.0"; source = "git+https://h/r?tag=v1#0123456789abcdef0123456789abcdef01234567"; }
        { name = "b"; version = "2.0.0"; source = "git+https://h/r?tag=v1#0123456789abcdef0123456789abcdef01234567"; }
        { name = "c"; version = "0.1.0"; source = "git+https://h/s?branch=feat%2Fx#89abcdef0123456789abcdef0123456789abcdef"; }
      ]; };
      id1 = builtins.hashString "sha256" "https://h/r?tag=v1";
      id2 = builtins.hashString "sha256" "https://h/s?branch=feat/x";
    in builtins.attrNames v.sources == builtins.sort builtins.lessThan [ id1 id2 ]
      && has ''[source."https://h/r?tag=v1"]
        replace-with = "nix-sources-${id1}"
        git = "https://h/r"
        tag = "v1"
      '' (lib.replaceStrings [ "\n" ] [ "\n        " ] v.config)
      && has ''branch = "feat/x"'' v.config;
    gitUnlocked = !(builtins.tryEval (hl.vendorGitDeps { lockPackages = [ { name = "a"; version = "1.0.0"; source = "git+https://h/r"; } ]; }).config).success;
    registriesConfig = let
      v = hl.vendorCargoRegistries {
        registries.mine = "https://m/index";
        lockPackages = [
          { name = "x"; version = "1.0.0"; source = "registry+https://m/index"; checksum = lib.concatStrings (builtins.genList (_: "a") 64); }
          { name = "y"; version = "1.0.0"; }
        ];
      };
      h = builtins.hashString "sha256" "registry+https://m/index";
    in builtins.attrNames v.sources == [ h ]
      && has "[source.\"mine\"]\nregistry = \"https://m/index\"\nreplace-with = \"nix-sources-${h}\"" v.config
      && !(has "crates-io" v.config);
    missingLock = !(builtins.tryEval (hl.vendorCargoDeps { src = ./crane-flake/vendor; }).drvPath).success;
    # buildTrunkPackage: trunk is not installable here, so the derivation,
    # its command line and inputs are checked.
    trunkName = trunk.name == "wordcount-trunk-0.3.0";
    trunkCommand = lib.hasInfix ''trunk --config Web.toml build $trunkProfileArgs --public-url /app/ "web/index.html"'' trunk.buildPhaseCargoCommand
      && lib.hasInfix "trunkProfileArgs=--release=true" trunk.buildPhaseCargoCommand
      && lib.hasInfix ''[ "$CARGO_PROFILE" = release ]'' trunk.buildPhaseCargoCommand;
    trunkOldRelease = lib.hasInfix "trunkProfileArgs=--release\n"
      ((hl.overrideScope (_: _: { trunk = pkgs.trunk // { version = "0.20.3"; }; })).buildTrunkPackage trunkArgs).buildPhaseCargoCommand;
    trunkInstall = words trunk.installPhaseCommand == [ "cp" "-r" ''"$(dirname'' ''"web/index.html")/dist"'' ''"$out"'' ]
      && trunk.doInstallCargoArtifacts == false;
    trunkInputs = lib.all (p: lib.elem p trunk.nativeBuildInputs)
      [ pkgs.trunk pkgs.binaryen pkgs.dart-sass pkgs.wasm-bindgen-cli hl.removeReferencesToRustToolchainHook hl.removeReferencesToVendoredSourcesHook ];
    trunkDeps = trunk.cargoArtifacts.CARGO_BUILD_TARGET == "wasm32-unknown-unknown" && trunk.cargoArtifacts.doCheck == false
      && trunk.cargoArtifacts.name == "wordcount-deps-0.3.0";
    trunkEnv = trunk.TRUNK_SKIP_VERSION_CHECK == "true" && trunk.OTHER == "kept"
      && !(trunk ? trunkExtraArgs) && !(trunk ? trunkIndexPath)
      && lib.hasInfix "TRUNK_TOOLS_WASM_BINDGEN=$(wasm-bindgen --version" trunk.preConfigure;
    # mkCrossToolchainEnv: nothing natively; the variables of both sides of
    # a cross build; the stdenvSelector's compiler; MinGW's pthreads and wine.
    crossNative = hl.mkCrossToolchainEnv (p: p.stdenv) == { };
    crossAarch64 = (hlFor aarch64).mkCrossToolchainEnv (p: p.stdenv) == aarch64Env;
    crossSelector = (hlFor aarch64).mkCrossToolchainEnv (p: p.stdenv // { cc = { outPath = "/clang"; targetPrefix = p.stdenv.cc.targetPrefix; }; })
      == aarch64Env // toolsFor "X86_64_UNKNOWN_LINUX_GNU" "/clang/bin/" "HOST" // toolsFor "AARCH64_UNKNOWN_LINUX_GNU" "/clang/bin/aarch64-unknown-linux-gnu-" "TARGET";
    crossMingw = let e = (hlFor mingw).mkCrossToolchainEnv (p: p.stdenv); in
      e.__CRANE_EXPORT_CARGO_BUILD_TARGET == "x86_64-pc-windows-gnu"
      && e.__CRANE_EXPORT_CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS == "-L native=${mingw.windows.pthreads}/lib"
      && e.__CRANE_EXPORT_CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER == "${pkgs.wine}/bin/wine64";
    crossInDerivation = let b = (hlFor aarch64).cargoBuild common; in
      b.__CRANE_EXPORT_CARGO_BUILD_TARGET == "aarch64-unknown-linux-gnu"
      && !((hlFor aarch64).cargoBuild (common // { doIncludeCrossToolchainEnv = false; }) ? __CRANE_EXPORT_CARGO_BUILD_TARGET)
      && !(hl.cargoBuild common ? __CRANE_EXPORT_CARGO_BUILD_TARGET);
    # writeTOMLViaCraneUtils: built (crane-json2toml) and read back;
    # writeTOMLViaRemarshal: remarshal is not installable here, so the
    # derivation and its command are checked.
    writeTOMLViaCraneUtilsRoundTrip = builtins.fromTOML (builtins.readFile (hl.writeTOMLViaCraneUtils "v.toml" tomlValue)) == tomlValue;
    craneUtilsPrograms = builtins.pathExists "${hl.craneUtils}/bin/crane-json2toml"
      && builtins.pathExists "${hl.craneUtils}/bin/crane-resolve-workspace-inheritance";
    writeTOMLViaRemarshal = remarshal.name == "x.toml" && remarshal.contents == ''{"a":{"b":1}}''
      && lib.elem pkgs.remarshal remarshal.nativeBuildInputs
      && words remarshal.buildCommand == [ "remarshal" "-i" ''"$contentsPath"'' "-if" "json" "-of" "toml" "-o" ''"$out"'' ];
    # mkCargoDerivation's environment comes from crane's hooks.
    envHooks = lib.all (h: lib.elem h deps.nativeBuildInputs)
      [ hl.configureCargoCommonVarsHook hl.configureCargoVendoredDepsHook hl.replaceCargoLockHook ];
    cratesIoUrl = (hl.urlForCargoPackage { name = "itoa"; version = "1.0.1"; source = "registry+https://github.com/rust-lang/crates.io-index"; checksum = "c"; }).url
      == "https://static.crates.io/crates/itoa/1.0.1/download";
  };
in
builtins.attrNames (lib.filterAttrs (_: ok: !ok) checks) ++ map (n: "missing crane name ${n}") missingNames
