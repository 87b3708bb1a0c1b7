# The source with every Rust file replaced by a stub (`fn main() {}` for
# main.rs and build.rs, empty otherwise): building it compiles the
# dependencies only. Same store name as the source, so that both unpack to
# the same directory name. As in crane, every package's Cargo.toml names a
# dummy build script by its store path (`package.build`): every store file
# has the same mtime, so cargo, which judges a package's own sources by
# mtime, would take the stubs' build for the real sources' (a bin compiled
# from the stub main.rs would stay "fresh"). The extra build script changes
# the package's units, and the real build compiles it again.
{ runCommand }:
{ src, ... }:
let
  name = builtins.substring 33 (-1) (builtins.unsafeDiscardStringContext (baseNameOf src));
  dummyBuildScript = builtins.toFile "dummy-build.rs" "fn main() {}\n";
in
runCommand name { inherit src; } ''
  cp -r --no-preserve=mode "$src" "$out"
  find "$out" -name '*.rs' | while IFS= read -r f; do
    case "$f" in
      */main.rs | */build.rs) echo 'fn main() {}' > "$f" ;;
      *) : > "$f" ;;
    esac
  done
  # (a workspace root without [package] is left as it is)
  find "$out" -name Cargo.toml | while IFS= read -r f; do
    sed -i -e '/^\[package\]/,/^\[/{/^build[[:space:]]*=/d}' \
      -e '/^\[package\]/a build = "${dummyBuildScript}"' "$f"
  done
''
