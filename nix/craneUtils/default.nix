# craneUtils: heirloom's stand-in for crane's crane-utils package, with its
# two programs, Python scripts instead of Rust ones (no compilation):
#   bin/crane-json2toml   a JSON object on stdin, its TOML on stdout
#                         (writeTOMLViaCraneUtils)
#   bin/crane-resolve-workspace-inheritance MEMBER_TOML ROOT_TOML DEST_DIR
#                         a git crate's manifest with what it inherits from
#                         its workspace filled in (downloadCargoPackageFromGit)
# Both write TOML with the one module ./toml_out.py.
{ runCommand, python3 }:
runCommand "crane-utils-heirloom" { } ''
  mkdir -p $out/bin $out/lib/crane-utils
  cp ${./toml_out.py} $out/lib/crane-utils/toml_out.py
  for prog in crane-json2toml crane-resolve-workspace-inheritance; do
    cp ${./.}/$prog.py $out/lib/crane-utils/$prog.py
    printf '#!/bin/sh\nexec %s %s "$@"\n' ${python3}/bin/python3 $out/lib/crane-utils/$prog.py > $out/bin/$prog
    chmod +x $out/bin/$prog
  done
''
