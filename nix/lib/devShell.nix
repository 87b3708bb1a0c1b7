# devShell { checks ? { }, inputsFrom ? [ ], packages ? [ ], … }: a
# mkShell with cargo, rustc, clippy and rustfmt, and the inputs of every
# check (so their hooks and build inputs are there too). Other attributes
# (environment variables, shellHook) go to mkShell.
{ mkShell, cargo, rustc, clippy, rustfmt }:
{ checks ? { }, inputsFrom ? [ ], packages ? [ ], ... }@args:
mkShell ((builtins.removeAttrs args [ "checks" "inputsFrom" "nativeBuildInputs" ]) // {
  inputsFrom = builtins.attrValues checks ++ inputsFrom;
  packages = [ rustc cargo clippy rustfmt ] ++ packages;
})
