# cargoNextest { cargoArtifacts, … }: the tests run by cargo-nextest in the
# check phase, on top of cargoArtifacts. With partitions > 1: one derivation
# builds a nextest archive, one per partition runs its share of it, and the
# result (a runCommand) depends on all of them.
#   cargoExtraArgs                   default ""
#   cargoNextestExtraArgs            default ""
#   cargoNextestArchiveExtraArgs     default "" (archive build only)
#   cargoNextestPartitionsExtraArgs  default "" (each partition's run)
#   partitions                       default 1; partitionType default "count"
#   withLlvmCov                      default false: `cargo llvm-cov nextest
#                                    ${cargoLlvmCovExtraArgs}` instead
#   cargoLlvmCovExtraArgs            default "--lcov --output-path $out/coverage"
#   doInstallCargoArtifacts          default true
# NEXTEST_SHOW_PROGRESS defaults to "counter" (no redrawn progress bar).
{ lib, mkCargoDerivation, runCommand, cargo-nextest, cargo-llvm-cov }:
{ cargoArtifacts ? null
, cargoExtraArgs ? ""
, cargoLlvmCovExtraArgs ? "--lcov --output-path $out/coverage"
, cargoNextestExtraArgs ? ""
, cargoNextestArchiveExtraArgs ? ""
, cargoNextestPartitionsExtraArgs ? ""
, doInstallCargoArtifacts ? true
, partitions ? 1
, partitionType ? "count"
, withLlvmCov ? false
, ...
}@args0:
let
  args = builtins.removeAttrs args0 [
    "cargoExtraArgs" "cargoLlvmCovExtraArgs" "cargoNextestExtraArgs" "cargoNextestArchiveExtraArgs"
    "cargoNextestPartitionsExtraArgs" "partitions" "partitionType" "withLlvmCov"
  ];
  # One nextest derivation: `cargo nextest <cmd>` (or llvm-cov) with `more`.
  nextest = { cmd ? "run", suffix ? "", more ? "", cov ? false }: args // {
    inherit cargoArtifacts;
    pnameSuffix = "-nextest${suffix}";
    doCheck = args.doCheck or true;
    env = lib.optionalAttrs (cmd == "run") { NEXTEST_SHOW_PROGRESS = args.NEXTEST_SHOW_PROGRESS or "counter"; }
      // (args.env or { });
    buildPhaseCargoCommand = args.buildPhaseCargoCommand or ''
      mkdir -p $out
      ${lib.optionalString cov "cargo llvm-cov --version"}
      cargo nextest --version
    '';
    checkPhaseCargoCommand = ''
      ${if cov then "cargo llvm-cov nextest ${cargoLlvmCovExtraArgs}" else "cargo nextest ${cmd}"} ''${CARGO_PROFILE:+--cargo-profile $CARGO_PROFILE} ${cargoExtraArgs} ${cargoNextestExtraArgs} ${more}
    '';
    nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ cargo-nextest ] ++ lib.optional cov cargo-llvm-cov;
    preConfigure = ''
      [ -n "''${doCheck:-}" ] || echo "cargoNextest: doCheck is not set: the tests will not run"
    '' + (args.preConfigure or "");
  };
  archiveFile = dir: "--archive-format tar-zst --archive-file ${dir}/archive.tar.zst";
  archive = mkCargoDerivation (nextest {
    cmd = "archive";
    more = lib.concatStringsSep " " ([ (archiveFile "$out") ] ++ lib.optional (cargoNextestArchiveExtraArgs != "") cargoNextestArchiveExtraArgs);
  });
  partition = i: mkCargoDerivation (nextest {
    cov = withLlvmCov;
    suffix = "-p${toString i}";
    more = lib.concatStringsSep " " ([
      (archiveFile archive)
      "--workspace-remap ."
      "--partition ${partitionType}:${toString i}/${toString partitions}"
    ] ++ lib.optional (cargoNextestPartitionsExtraArgs != "") cargoNextestPartitionsExtraArgs);
  } // {
    # The archive holds the test binaries: nothing to inherit or vendor.
    cargoArtifacts = null;
    cargoVendorDir = null;
    doInstallCargoArtifacts = false;
    # nextest refuses a profile when running from an archive.
    CARGO_PROFILE = "";
  });
in
if partitions < 1 then throw "cargoNextest: partitions must be 1 or more, got ${toString partitions}"
else if partitions == 1 then
  mkCargoDerivation (nextest { cov = withLlvmCov; more = cargoNextestPartitionsExtraArgs; } // { inherit doInstallCargoArtifacts; })
else if withLlvmCov then throw "cargoNextest: withLlvmCov needs partitions = 1"
else
  runCommand "cargo-nextest-tests" {
    inherit doInstallCargoArtifacts;
    buildInputs = builtins.genList (n: partition (n + 1)) partitions;
  } ''
    if [ "''${doInstallCargoArtifacts:-}" = 1 ]; then
      cp -r ${archive} $out
    else
      mkdir -p $out
    fi
  ''
