# removeReferencesToRustToolchain [INSTALL_DIR]: rewrites, in every file
# under INSTALL_DIR (default $out), the store hash of rustc's sysroot to
# eeee… (same length), so the standard library's panic paths do not keep
# the toolchain in the output's closure. A sysroot outside the store
# (a host toolchain) leaves nothing to do. Runs after the install phase
# unless doNotRemoveReferencesToRustToolchain is set.
removeReferencesToRustToolchain() {
  local installLocation="${1:-${out:?not defined}}"
  local storeDir=@storeDir@ sysroot hash
  sysroot=$(rustc --print sysroot)
  hash=$(echo "$sysroot" | grep -o "^$storeDir/[a-z0-9]\{32\}" | sed "s|^$storeDir/||" || true)
  if [ -z "$hash" ]; then
    echo "removeReferencesToRustToolchain: the sysroot $sysroot is not in $storeDir, nothing to remove"
    return 0
  fi
  echo "removeReferencesToRustToolchain: $installLocation: $storeDir/$hash"
  find "$installLocation" -type f -print0 | xargs -0 -r sed -i "s#$storeDir/$hash#$storeDir/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee#g"
}

if [ -n "${doNotRemoveReferencesToRustToolchain:-}" ]; then
  echo "removeReferencesToRustToolchain: disabled (doNotRemoveReferencesToRustToolchain)"
else
  postInstallHooks+=(removeReferencesToRustToolchain)
fi
