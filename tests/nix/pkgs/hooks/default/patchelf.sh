# patchelf's setup hook (a default input of nixpkgs' Linux stdenv): every
# ELF file of every output gets `patchelf --shrink-rpath`.
# Knob: dontPatchELF.
fixupOutputHooks+=('if [ -z "${dontPatchELF-}" ]; then patchELF "$prefix"; fi')

patchELF() {
  local dir=$1 f
  echo "shrinking RPATHs of ELF executables and libraries in $dir"
  while IFS= read -r -d '' f; do
    case $f in *.build-id*) continue ;; esac
    isELF "$f" || continue
    echo "shrinking $f"
    patchelf --shrink-rpath "$f" || true
  done < <(find "$dir" -type f -print0)
}
