# nixpkgs' move-docs.sh: $out/{man,doc,info} move to $out/share. Knob: forceShare.
preFixupHooks+=(_moveToShare)

_moveToShare() {
  local d
  [ -n "${out:-}" ] || return 0
  for d in ${forceShare:-man doc info}; do
    if [ -d "$out/$d" ] && [ ! -d "$out/share/$d" ]; then
      echo "moving $out/$d to $out/share/$d"
      mkdir -p "$out/share"
      mv "$out/$d" "$out/share/"
    fi
  done
}
