# Debian's crate registry (/usr/share/cargo/registry) as a read-only vendor
# dir in the store, as a Nix vendor dir always is. NB: in the store every
# file's mtime is 1; cargo compares source mtimes with the inherited
# build-script records (also 1 once in the store), so the vendor dir must be
# a store path for inherited units to stay fresh.
#   storePath  the registry already added to the store (tests/nix/lib.sh adds
#              it once per run: importing 95 MB through the daemon costs
#              seconds at every evaluation); "" imports it here
{ storePath ? "" }:
if storePath != ""
then builtins.storePath storePath
else builtins.path { path = /usr/share/cargo/registry; name = "debian-cargo-registry"; }
