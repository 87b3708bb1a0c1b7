# The source with every Rust file replaced by a stub (`fn main() {}` for
# main.rs and build.rs, empty otherwise): building it compiles the
# dependencies only. Same store name as the source, so that both unpack to
# the same directory name.
{ runCommand }:
{ src, ... }:
let name = builtins.substring 33 (-1) (builtins.unsafeDiscardStringContext (baseNameOf src));
in
runCommand name { inherit src; } ''
  cp -r --no-preserve=mode "$src" "$out"
  find "$out" -name '*.rs' | while IFS= read -r f; do
    case "$f" in
      */main.rs | */build.rs) echo 'fn main() {}' > "$f" ;;
      *) : > "$f" ;;
    esac
  done
''
