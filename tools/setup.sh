#!/usr/bin/env bash
# Installs everything heirloom's build, tests and example need on Debian 12
# (run as root), and builds heirloom into ./build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  meson ninja-build pkg-config g++ libarchive-dev libzstd-dev nlohmann-json3-dev libcli11-dev catch2
  zstd libarchive-tools rsync python3 util-linux gnuplot-nox e2fsprogs time
  xfsprogs btrfs-progs patchelf openssh-server openssh-client
  cargo rustc rust-clippy rustfmt sccache curl clang libclang-rt-14-dev nodejs
  librust-hyper-dev librust-tokio-dev librust-serde-json-dev librust-serde-derive-dev
  librust-clap-dev librust-anyhow-dev librust-cc-dev
  librust-chrono-dev librust-sha2-dev librust-toml-dev librust-tracing-subscriber-dev
  librust-url-dev librust-uuid-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# taplo (crane's taploFmt) from the npm registry.
# (Debian's nodejs comes without npm, which is its own package there.)
if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
if [ ! -x /usr/bin/taplo ]; then
  echo "setup: installing @taplo/cli" >&2
  # Into /usr, where the stand-in nixpkgs finds host programs.
  npm install -g --prefix /usr --silent @taplo/cli >/dev/null
fi

# A real Nix daemon for the `nix` suite (and the README's main job).
source tools/nix-setup.sh

# The newest cargo on the machine: a rustup toolchain when present, else Debian's.
if [ -x /root/.cargo/bin/cargo ]; then
  export PATH=/root/.cargo/bin:$PATH
fi

if [ ! -f build/build.ninja ]; then
  meson setup build --buildtype=release -Dstatic_shim=true >/dev/null
fi
meson configure build -Dstatic_shim=true >/dev/null
ninja -C build >/dev/null
