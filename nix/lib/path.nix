# path input: builtins.path of `input`, named after the crate in its
# Cargo.toml (else "source"), so that the store path does not carry the
# checkout's directory name. `input` is a path, or an attribute set of
# builtins.path's arguments (path, and optionally name, filter, sha256).
{ lib, sourceName }:
input:
let
  args = if lib.isAttrs input && !(input ? outPath) then input else { path = input; };
in
builtins.path ({ name = sourceName args.path; } // args)
