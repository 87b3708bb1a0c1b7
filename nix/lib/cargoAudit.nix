# cargoAudit { src, advisory-db, cargoAuditExtraArgs ? "--ignore yanked", … }:
# `cargo audit` of the source's Cargo.lock against `advisory-db` (a checkout
# of RustSec's advisory database), offline. The source is cut down to its
# Cargo.lock and audit.toml files; no artifacts, no vendor dir, nothing
# installed but an empty $out. pname/version default to "crate"/"0.0.0"
# (there is no Cargo.toml to read them from).
{ lib, mkCargoDerivation, cargo-audit }:
{ src
, advisory-db
, cargoAuditExtraArgs ? "--ignore yanked"
, ...
}@args0:
let
  args = builtins.removeAttrs args0 [ "advisory-db" "cargoAuditExtraArgs" ];
in
mkCargoDerivation (args // {
  src = lib.cleanSourceWith {
    inherit src;
    filter = path: type: type == "directory" || lib.hasSuffix "Cargo.lock" path || lib.hasSuffix "audit.toml" path;
  };
  pname = args.pname or "crate";
  version = args.version or "0.0.0";
  pnameSuffix = "-audit";
  cargoArtifacts = null;
  cargoVendorDir = null;
  doInstallCargoArtifacts = false;
  buildPhaseCargoCommand = "cargo audit -n -d ${advisory-db} ${cargoAuditExtraArgs}";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ cargo-audit ];
})
