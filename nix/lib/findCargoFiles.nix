# findCargoFiles src: { cargoTomls; cargoConfigs; }, the paths of every
# Cargo.toml and every .cargo/config{,.toml} under src (read at evaluation,
# so src is a path or a filtered source, not a derivation).
{ lib }:
src:
let
  walk = dir: inDotCargo: lib.concatLists (lib.mapAttrsToList (name: type:
    let p = "${dir}/${name}"; in
    if type == "directory" then walk p (name == ".cargo")
    else if name == "Cargo.toml" then [ { kind = "cargoTomls"; path = p; } ]
    else if inDotCargo && (name == "config" || name == "config.toml") then [ { kind = "cargoConfigs"; path = p; } ]
    else [ ]) (builtins.readDir dir));
  found = lib.groupBy (f: f.kind) (walk (toString src) false);
in
{
  cargoTomls = map (f: f.path) (found.cargoTomls or [ ]);
  cargoConfigs = map (f: f.path) (found.cargoConfigs or [ ]);
}
