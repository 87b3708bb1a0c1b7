# cargoLlvmCov { cargoArtifacts, cargoLlvmCovCommand ? "test", cargoLlvmCovExtraArgs ? "--lcov --output-path $out", cargoExtraArgs ? "--locked", … }:
# a coverage report: `cargo llvm-cov <command>` with the profile, on top of
# cargoArtifacts; $out is the report (no artifacts installed).
{ mkCargoDerivation, cargo-llvm-cov }:
{ cargoExtraArgs ? "--locked"
, cargoLlvmCovCommand ? "test"
, cargoLlvmCovExtraArgs ? "--lcov --output-path $out"
, ...
}@args0:
let
  args = builtins.removeAttrs args0 [ "cargoExtraArgs" "cargoLlvmCovCommand" "cargoLlvmCovExtraArgs" ];
in
mkCargoDerivation (args // {
  pnameSuffix = "-llvm-cov";
  doInstallCargoArtifacts = false;
  buildPhaseCargoCommand = ''
    cargoWithProfile llvm-cov "${cargoLlvmCovCommand}" ${cargoExtraArgs} ${cargoLlvmCovExtraArgs}
  '';
  installPhaseCommand = "";
  nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ [ cargo-llvm-cov ];
})
