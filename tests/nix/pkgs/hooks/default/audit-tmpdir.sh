# nixpkgs' audit-tmpdir.sh: no RPATH of an ELF file and no wrapper script in
# an output may name $TMPDIR. Knob: noAuditTmpdir.
fixupOutputHooks+=('if [[ -z "${noAuditTmpdir-}" && -e "$prefix" ]]; then auditTmpdir "$prefix"; fi')

auditTmpdir() {
  local dir=$1 f
  [ -e "$dir" ] || return 0
  echo "checking for references to $TMPDIR/ in $dir..."
  while IFS= read -r -d '' f; do
    case $f in *.build-id*) continue ;; esac
    if isELF "$f" && { printf :; patchelf --print-rpath "$f"; } | grep -qF ":$TMPDIR/"; then
      echo "RPATH of binary $f contains a forbidden reference to $TMPDIR/"
      exit 1
    fi
    if isScript "$f" && [ -e "$(dirname "$f")/.$(basename "$f")-wrapped" ] && grep -qF "$TMPDIR/" "$f"; then
      echo "wrapper script $f contains a forbidden reference to $TMPDIR/"
      exit 1
    fi
  done < <(find "$dir" -type f -print0)
}
