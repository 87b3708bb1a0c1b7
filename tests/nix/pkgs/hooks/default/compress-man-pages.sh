# nixpkgs' compress-man-pages.sh: gzip share/man of each output. Knob: dontGzipMan.
fixupOutputHooks+=('if [ -z "${dontGzipMan-}" ]; then compressManPages "$prefix"; fi')

compressManPages() {
  local dir=$1
  [ -d "$dir/share/man" ] && [ ! -L "$dir/share" ] && [ ! -L "$dir/share/man" ] || return 0
  echo "gzipping man pages under $dir/share/man/"
  find "$dir/share/man/" -type f ! -regex '.*\.\(bz2\|gz\|xz\)$' -print0 | xargs -0 -r -n1 -P "$NIX_BUILD_CORES" gzip -f
}
