# The builder of every stand-in stdenv derivation, as in nixpkgs.
source "$stdenv/setup"
genericBuild
