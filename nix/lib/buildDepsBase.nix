# buildDepsBase { snapshot, … }: the dependencies of a snapshot (a directory
# written by depsSnapshot: the manifests and Cargo.lock of an earlier state),
# built once as an artifacts output. A deps build of the current source that
# inherits it (buildDepsOnly { depsBase = ./deps-base; … }, or crane's
# buildDepsOnly { cargoArtifacts = base; … } through craneOverride) finds
# every unit whose hash did not change and compiles only the rest; its output
# is a layer on top of the base (pack --prev).
#   snapshot  the snapshot directory (a path; read by value)
# plus everything buildDepsOnly takes, which should be the arguments of the
# deps build that inherits the base: the profile, flags and commands make
# the unit hashes. cargoVendorDir defaults to vendorCargoDeps of the
# snapshot's lock.
{ lib, buildDepsOnly, mkDummySrc, vendorCargoDeps, crateNameFromCargoToml }:
{ snapshot, ... }@args:
let
  # NB: the directory's name only: its full path (in a flake, a store path
  # that changes with every commit) would make a new base for every checkout.
  where = baseNameOf (toString snapshot);
  need = rel:
    if builtins.pathExists (snapshot + "/${rel}") then true
    else throw "buildDepsBase: ${toString snapshot}: no ${rel} (a snapshot holds the manifests and Cargo.lock of a workspace: see depsSnapshot)";
  rest = builtins.removeAttrs args [ "snapshot" "src" "dummySrc" "depsBase" "cargoArtifacts" ];
  # NB: cargo parses the lock at build time; its multi-line complaint
  # becomes one line naming the snapshot (a lock that does not parse, or
  # one that does not match the snapshot's manifests under --locked).
  checkSnapshot = ''
    if ! _hlErr=$(cargo metadata --format-version 1 --offline ''${cargoExtraArgs:-} 2>&1 > /dev/null); then
      _hlWhy=$(printf '%s\n' "$_hlErr" | sed -n 's/^ *\(TOML parse error at .*\)$/\1/p' | head -n 1)
      [ -n "$_hlWhy" ] || _hlWhy=$(printf '%s\n' "$_hlErr" | sed -n 's/^error: //p' | head -n 1)
      case $_hlErr in
        *"failed to parse lock file"*) echo "buildDepsBase: error: ${where}/Cargo.lock does not parse: $_hlWhy" >&2 ;;
        *) echo "buildDepsBase: error: ${where}: cargo cannot read the snapshot: $_hlWhy" >&2 ;;
      esac
      exit 1
    fi
  '';
in
assert need "Cargo.toml" && need "Cargo.lock";
buildDepsOnly (rest // {
  src = snapshot;
  dummySrc = mkDummySrc { src = snapshot; };
  cargoVendorDir = args.cargoVendorDir or (vendorCargoDeps { src = snapshot; });
  pname = "${args.pname or (crateNameFromCargoToml { src = snapshot; }).pname}-base";
  preBuild = checkSnapshot + (args.preBuild or "");
})
