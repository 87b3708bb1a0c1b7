# mkDummySrc { src, cargoLock ? src + "/Cargo.lock" }: a source with the same
# manifests as `src` and every target replaced by a stub, so that a build of
# it compiles exactly the dependencies. Only Cargo.toml files, Cargo.lock and
# .cargo/config* are read from `src`: editing any other file leaves this
# derivation (and a buildDepsOnly of it) unchanged.
#
# Stubs: `fn main() {}` for binaries, build scripts, examples and benches
# without the test harness; an empty file for libraries and tests. A member's
# own build script becomes a stub too: its real work (codegen, linking a C
# library) belongs to the member, which the dependency build never compiles.
{ lib, runCommand }:
{ src
, cargoLock ? null
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

  mainStub = builtins.toFile "main-stub.rs" "fn main() {}\n";
  libStub = builtins.toFile "lib-stub.rs" "\n";

  # The stub files one manifest needs, as { path (relative to the member) = stub; }.
  stubsFor = dir:
    let
      prefix = if dir == "" then "" else dir + "/";
      toml = builtins.fromTOML (builtins.readFile (root + "/" + prefix + "Cargo.toml"));
      has = rel: builtins.pathExists (root + "/" + prefix + rel);
      pkg = toml.package or null;
      buildScript =
        if pkg == null then [ ]
        else if builtins.isString (pkg.build or null) then [ { path = pkg.build; stub = mainStub; } ]
        else if (pkg.build or true) != false && has "build.rs" then [ { path = "build.rs"; stub = mainStub; } ]
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
  '') (manifests ++ keep)}
  ${lib.optionalString (cargoLock != null) "cp ${cargoLock} $out/Cargo.lock"}
  ${lib.concatMapStrings (s: ''
    mkdir -p "$out/$(dirname ${lib.escapeShellArg s.path})"
    cp ${s.stub} $out/${lib.escapeShellArg s.path}
  '') stubs}
''
