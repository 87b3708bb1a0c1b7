# configureCargoVendoredDeps [VENDOR_DIR] [CONFIG]: appends to the cargo
# config file CONFIG the source replacement for VENDOR_DIR:
# - VENDOR_DIR/config.toml when there is one (vendorCargoDeps writes one
#   with a replacement per source), as it is;
# - otherwise crates-io replaced by VENDOR_DIR as a directory source.
# The user config ($CARGO_HOME) ranks below a project's .cargo/config.toml,
# so a project's own source replacement still wins.
#   VENDOR_DIR  default $cargoVendorDir (an error when neither is set)
#   CONFIG      default $CARGO_HOME/config.toml
configureCargoVendoredDeps() {
  local vendorDir=${1:-${cargoVendorDir:-}}
  local config=${2:-${CARGO_HOME:+$CARGO_HOME/config.toml}}
  if [ -z "$vendorDir" ]; then
    echo "configureCargoVendoredDeps: no vendor directory: pass one or set cargoVendorDir" >&2
    return 1
  fi
  if [ -z "$config" ]; then
    echo "configureCargoVendoredDeps: no cargo config file: pass one or set CARGO_HOME" >&2
    return 1
  fi
  mkdir -p "$(dirname "$config")"
  if [ -f "$vendorDir/config.toml" ]; then
    echo "configureCargoVendoredDeps: appending $vendorDir/config.toml to $config"
    { echo; cat "$vendorDir/config.toml"; } >> "$config"
  else
    echo "configureCargoVendoredDeps: crates-io from the directory $vendorDir, in $config"
    printf '\n[source.crates-io]\nreplace-with = "nix-sources"\n\n[source.nix-sources]\ndirectory = "%s"\n' "$vendorDir" >> "$config"
  fi
}
# crane's function is also known by the hook's name.
configureCargoVendoredDepsHook() { configureCargoVendoredDeps "$@"; }

# Before the configure phase (CARGO_HOME is set in postPatch), when the
# derivation names a vendor dir.
if [ -n "${cargoVendorDir:-}" ]; then
  preConfigureHooks+=(configureCargoVendoredDeps)
else
  echo "configureCargoVendoredDepsHook: cargoVendorDir is not set, no vendored sources configured"
fi
