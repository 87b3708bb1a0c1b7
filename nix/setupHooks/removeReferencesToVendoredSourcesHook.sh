# removeReferencesToVendoredSources [INSTALL_DIR] [VENDOR_DIR]: rewrites, in
# every file under INSTALL_DIR (default $out), the store hash of the vendor
# dir and of every store path it links to (its source dirs and crates) to
# eeee… (same length, so binaries stay valid). Panic messages keep their
# file paths, but the output no longer depends on the sources at run time.
# Runs after the install phase when cargoVendorDir is set, unless
# doNotRemoveReferencesToVendorDir is.
removeReferencesToVendoredSources() {
  local installLocation="${1:-${out:?not defined}}"
  local vendoredDir="${2:-${cargoVendorDir:?not defined}}"
  local storeDir=@storeDir@ hashes
  # The vendor dir, its entries' link targets, and theirs (two levels:
  # source dirs, then crates).
  hashes=$(
    {
      echo "$vendoredDir"
      find "$vendoredDir" -mindepth 1 -maxdepth 1 -type l -exec readlink {} \;
      find -L "$vendoredDir" -mindepth 2 -maxdepth 2 -type l -exec readlink {} \; 2>/dev/null
    } | grep -o "$storeDir/[a-z0-9]\{32\}" | sed "s|^$storeDir/||" | sort -u | paste -sd'|' - || true
  )
  if [ -z "$hashes" ]; then
    echo "removeReferencesToVendoredSources: $vendoredDir is not in $storeDir, nothing to remove"
    return 0
  fi
  echo "removeReferencesToVendoredSources: $installLocation: $(echo "$hashes" | tr '|' '\n' | wc -l) store paths of $vendoredDir"
  find "$installLocation" -type f -print0 | xargs -0 -r sed -i -E "s#$storeDir/($hashes)#$storeDir/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee#g"
}

if [ -n "${doNotRemoveReferencesToVendorDir:-}" ]; then
  echo "removeReferencesToVendoredSources: disabled (doNotRemoveReferencesToVendorDir)"
elif [ -n "${cargoVendorDir:-}" ]; then
  postInstallHooks+=(removeReferencesToVendoredSources)
fi
