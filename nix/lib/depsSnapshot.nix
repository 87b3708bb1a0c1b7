# depsSnapshot { src }: the dependency state of a workspace as a directory
# to commit: every Cargo.toml, Cargo.lock and .cargo/config*, with each
# target replaced by a stub (the dummy source buildDepsOnly compiles).
#   nix-build -A depsSnapshot && rm -rf deps-base && cp -rL --no-preserve=mode result deps-base
# buildDepsBase (or buildDepsOnly's `depsBase`) builds the dependencies of
# such a directory once; refresh it when you choose (a stale one costs
# compile time, never correctness).
{ mkDummySrc }:
{ src, ... }@args:
mkDummySrc args
