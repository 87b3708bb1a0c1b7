# The stand-in's Rust packages from a toolchain already in the store (a
# rustup toolchain copied there by the tests): `cargo`, `rustc`, `clippy`
# and `rustfmt` link to its programs, the way nixpkgs' packages each put
# theirs on PATH. Each program finds its sysroot and libraries through its
# own location (the links resolve into the toolchain).
#   toolchain  a store path with bin/{cargo,rustc,…} and lib/
{ toolchain, system, hostPrefix }:
let
  # "…/<hash>-rust-stable-1.95.0" -> "1.95.0"
  version = builtins.elemAt (builtins.match ".*-([0-9][^-]*)" (baseNameOf toolchain)) 0;
  programs = name: names: derivation {
    name = "${name}-${version}";
    inherit system;
    builder = "/bin/sh";
    args = [ "-c" ''
      set -e
      ${hostPrefix}/bin/mkdir -p $out/bin
      for p in ${builtins.concatStringsSep " " names}; do
        ${hostPrefix}/bin/ln -s ${toolchain}/bin/$p $out/bin/$p
      done
    '' ];
  };
in
{
  cargo = programs "cargo" [ "cargo" ];
  rustc = programs "rustc" [ "rustc" "rustdoc" ];
  clippy = programs "clippy" [ "cargo-clippy" "clippy-driver" ];
  rustfmt = programs "rustfmt" [ "rustfmt" "cargo-fmt" ];
}
