# mkDummySrc { src, … }: a source with the same manifests as `src` and
# every target replaced by a stub, so that a build of it compiles exactly the
# dependencies. Only Cargo.toml files, Cargo.lock and .cargo/config* are
# read from `src`, by value at evaluation time: editing any other file, or a
# manifest key the filter drops, leaves this derivation (and a buildDepsOnly
# of it) unchanged.
#   cargoLock             a Cargo.lock to use instead of src's (default null)
#   cleanCargoTomlFilter  which manifest keys to keep (cleanCargoToml);
#                         default filters.cargoTomlDefault. A package's
#                         `build` key is kept, pointing at its stub.
#   dummyrs               the stub for every target (default: `fn main() {}`
#                         for binaries, examples and harness-less tests and
#                         benches, an empty file for libraries, tests, benches)
#   dummyBuildrs          the stub for build scripts (default: dummyrs, else
#                         `fn main() {}`)
#   extraDummyScript      shell code run last in the derivation, in $out
#
# A member's own build script becomes a stub too: its real work (codegen,
# linking a C library) belongs to the member, which the dependency build
# never compiles; its [build-dependencies] are built with the others.
{ lib, runCommand, cleanCargoToml, filters, toTOML }:
{ src
, cargoLock ? null
, cleanCargoTomlFilter ? filters.cargoTomlDefault
, dummyrs ? null
, dummyBuildrs ? null
, extraDummyScript ? ""
, ...
}:
let
  root = toString src;

  # Relative directories holding a Cargo.toml (no target/ or hidden dirs).
  manifestDirs = dir:
    let
      entries = builtins.readDir (root + (if dir == "" then "" else "/" + dir));
      sub = name: if dir == "" then name else dir + "/" + name;
      here = lib.optional (entries ? "Cargo.toml") dir;
      deeper = lib.concatLists (lib.mapAttrsToList
        (name: type:
          if type == "directory" && name != "target" && !(lib.hasPrefix "." name)
          then manifestDirs (sub name) else [ ])
        entries);
    in
    here ++ deeper;

  mainStub = if dummyrs != null then dummyrs else builtins.toFile "main-stub.rs" "fn main() {}\n";
  libStub = if dummyrs != null then dummyrs else builtins.toFile "lib-stub.rs" "\n";
  buildStub = if dummyBuildrs != null then dummyBuildrs else mainStub;

  # The stub files one manifest needs, as { path (relative to the member) = stub; }.
  stubsFor = dir:
    let
      prefix = if dir == "" then "" else dir + "/";
      toml = builtins.fromTOML (builtins.readFile (root + "/" + prefix + "Cargo.toml"));
      has = rel: builtins.pathExists (root + "/" + prefix + rel);
      pkg = toml.package or null;
      buildScript =
        if pkg == null then [ ]
        else if builtins.isString (pkg.build or null) then [ { path = pkg.build; stub = buildStub; } ]
        else if (pkg.build or true) != false && has "build.rs" then [ { path = "build.rs"; stub = buildStub; } ]
        else [ ];
      libTarget =
        if toml ? lib then [ { path = toml.lib.path or "src/lib.rs"; stub = libStub; } ]
        else lib.optional (pkg != null && has "src/lib.rs") { path = "src/lib.rs"; stub = libStub; };
      bins =
        (map (b: { path = b.path or "src/bin/${b.name}.rs"; stub = mainStub; }) (toml.bin or [ ]))
        ++ lib.optional (pkg != null && has "src/main.rs") { path = "src/main.rs"; stub = mainStub; };
      declared = kind: stub: map (t: {
        path = t.path or "${kind}/${t.name}.rs";
        stub = if (t.harness or true) then stub else mainStub;
      }) (toml.${if kind == "benches" then "bench" else if kind == "examples" then "example" else "test"} or [ ]);
      others = declared "tests" libStub ++ declared "benches" libStub
        ++ map (t: t // { stub = mainStub; }) (declared "examples" mainStub);
    in
    map (s: s // { path = prefix + s.path; }) (buildScript ++ libTarget ++ bins ++ others);

  dirs = manifestDirs "";
  stubs = lib.unique (lib.concatMap stubsFor dirs);
  manifests = map (d: (if d == "" then "" else d + "/") + "Cargo.toml") dirs;
  # A manifest cleaned by the filter, with the package's `build` key as the
  # original has it (the stub sits at that path).
  cleanManifest = rel:
    let
      contents = builtins.unsafeDiscardStringContext (builtins.readFile (root + "/" + rel));
      orig = builtins.fromTOML contents;
      cleaned = cleanCargoToml { cargoTomlContents = contents; inherit cleanCargoTomlFilter; };
      withBuild =
        if orig ? package && orig.package ? build
        then lib.recursiveUpdate cleaned { package.build = orig.package.build; }
        else cleaned;
    in
    builtins.toFile "Cargo.toml" (toTOML withBuild);
  keep = lib.filter (p: builtins.pathExists (root + "/" + p))
    ([ ".cargo/config.toml" ".cargo/config" ] ++ lib.optional (cargoLock == null) "Cargo.lock");
  # NB: by value, without the source's store path as context: the dummy
  # source must depend on these bytes only, not on every file of `src`.
  copyFile = rel: builtins.toFile (baseNameOf rel)
    (builtins.unsafeDiscardStringContext (builtins.readFile (root + "/" + rel)));
in
runCommand "dummy-src" { } ''
  mkdir -p $out
  ${lib.concatMapStrings (rel: ''
    mkdir -p "$out/$(dirname ${lib.escapeShellArg rel})"
    cp ${copyFile rel} $out/${lib.escapeShellArg rel}
  '') keep}
  ${lib.concatMapStrings (rel: ''
    mkdir -p "$out/$(dirname ${lib.escapeShellArg rel})"
    cp ${cleanManifest rel} $out/${lib.escapeShellArg rel}
  '') manifests}
  ${lib.optionalString (cargoLock != null) "cp ${cargoLock} $out/Cargo.lock"}
  ${lib.concatMapStrings (s: ''
    mkdir -p "$out/$(dirname ${lib.escapeShellArg s.path})"
    cp ${s.stub} $out/${lib.escapeShellArg s.path}
  '') stubs}
  ${lib.optionalString (extraDummyScript != "") ''
    chmod -R u+w $out
    ${extraDummyScript}
  ''}
''
