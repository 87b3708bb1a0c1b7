# installFromCargoBuildLog [DEST] [LOG]: installs what a `cargo build
# --message-format json…` run built for the workspace's own packages:
# executables into DEST/bin, cdylib/dylib/staticlib files into DEST/lib.
# Test builds and artifact dependencies (deps/artifact/) are left out.
#   DEST  default $out
#   LOG   default $cargoBuildLog
installFromCargoBuildLog() (
  local dest=${1:-$out}
  local log=${2:-${cargoBuildLog:-}}
  if [ -z "$log" ] || [ ! -f "$log" ]; then
    echo "installFromCargoBuildLog: no cargo build log at '${log}' (set cargoBuildLog)" >&2
    return 1
  fi
  local members
  members=$(command cargo metadata --no-deps --offline --format-version 1 | @jq@ -c '.workspace_members')
  local own='select(.reason == "compiler-artifact" and .profile.test == false)
    | select(.package_id as $id | '"$members"' | index([$id]))'
  local notArtifactDep='select(contains("/deps/artifact/") | not)'
  install_into() {
    local dir=$1 file n=0
    while IFS= read -r file; do
      [ -n "$file" ] || continue
      mkdir -p "$dir"
      cp "$file" "$dir/"
      n=$((n + 1))
    done
    echo "installFromCargoBuildLog: $n file(s) into $dir"
  }
  @jq@ -R 'fromjson?' < "$log" | @jq@ -r "$own"'
    | select(.target.kind | index("cdylib") or index("dylib") or index("staticlib"))
    | .filenames[] | select(endswith(".rlib") | not) | '"$notArtifactDep" | install_into "$dest/lib"
  @jq@ -R 'fromjson?' < "$log" | @jq@ -r "$own"' | .executable | select(. != null) | '"$notArtifactDep" | install_into "$dest/bin"
)

# Right after the build (a later `cargo test` may rebuild the same files),
# what the log names is copied to $postBuildInstallFromCargoBuildLogOut;
# the install phase moves it to $out. doNotPostBuildInstallCargoBinaries
# turns this off.
postBuildInstallFromCargoBuildLog() {
  if [ -n "${cargoBuildLog:-}" ] && [ -f "$cargoBuildLog" ]; then
    installFromCargoBuildLog "$postBuildInstallFromCargoBuildLogOut" "$cargoBuildLog"
  else
    echo "installFromCargoBuildLog: \$cargoBuildLog names no file; set doNotPostBuildInstallCargoBinaries and install yourself, or write cargo's JSON messages there" >&2
    return 1
  fi
}

if [ -z "${doNotPostBuildInstallCargoBinaries:-}" ]; then
  postBuildInstallFromCargoBuildLogOut=$(mktemp -d "${NIX_BUILD_TOP:-${TMPDIR:-/tmp}}/install-from-cargo-log.XXXXXX")
  postBuildHooks+=(postBuildInstallFromCargoBuildLog)
fi
