# nixpkgs' make-symlinks-relative.sh: absolute links into $prefix become
# relative. Knob: dontRewriteSymlinks.
postFixupHooks+=(_makeSymlinksRelative)

_makeSymlinksRelative() {
  local f target
  [ -z "${dontRewriteSymlinks-}" ] || return 0
  while IFS= read -r -d '' f; do
    target=$(readlink "$f")
    [[ "$target/" == "$prefix"/* ]] || continue
    echo "rewriting symlink $f to be relative to $prefix"
    ln -snrf "$target" "$f"
  done < <(find "$prefix" -type l -print0)
}
