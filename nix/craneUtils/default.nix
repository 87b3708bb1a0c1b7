# craneUtils: heirloom's stand-in for crane's crane-utils package, with the
# one program the library's functions call: bin/crane-json2toml (a JSON
# object on stdin, its TOML on stdout; writeTOMLViaCraneUtils). It is a
# Python script (./crane-json2toml.py) instead of a Rust program, so it costs
# no compilation. crane-utils' other program,
# crane-resolve-workspace-inheritance, is not provided: heirloom does not
# rewrite git crates' manifests (docs/API.md, downloadCargoPackageFromGit).
{ runCommand, python3 }:
runCommand "crane-utils-heirloom" { } ''
  mkdir -p $out/bin
  { echo "#!${python3}/bin/python3"; tail -n +2 ${./crane-json2toml.py}; } > $out/bin/crane-json2toml
  chmod +x $out/bin/crane-json2toml
''
