#!/usr/bin/env bash
# The main job, end to end on the example service (examples/service):
#   1. build its dependencies (generation 1) and pack the target dir into a
#      read-only output under a store directory,
#   2. inherit it into a fresh target dir as an unprivileged user,
#   3. change a constant in the service and rebuild through the rustc shim:
#      only the service's own crate compiles, every dependency stays linked.
# Prints what heirloom did at each step. Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
ROOT=$PWD

DEMO=$(mktemp -d /tmp/heirloom-demo-XXXXXX)
chmod 755 "$DEMO"
trap 'chmod -R u+w "$DEMO"; rm -rf "$DEMO"' EXIT
STORE=$DEMO/store          # stands in for /nix/store: read-only outputs, root-owned
OUT=$STORE/0c9mq3cw8xx7b3v4pz2cnxl4kbsbnqrs-service-deps
mkdir -p "$STORE" "$DEMO/bin" "$DEMO/home/.cargo"
cp build/heirloom build/src/rustc-shim/rustc "$DEMO/bin/"
cp -a examples/service "$DEMO/src"
rm -rf "$DEMO/src/target"
cp "$DEMO/src/.cargo/config.toml" "$DEMO/home/.cargo/config.toml"
chown -R nobody "$DEMO/src" "$DEMO/home"

TC=$(dirname "$(command -v rustc)")
if [[ $TC == /root/* ]]; then   # /root is 0700: mirror the toolchain where nobody can read it
  src=$(ls -d /root/.rustup/toolchains/stable-* | head -1)
  TC=/opt/heirloom-test/$(basename "$src")
  [ -f "$TC/.complete" ] || { mkdir -p /opt/heirloom-test; cp -al "$src" "$TC" 2>/dev/null || cp -a "$src" "$TC"; chmod -R a+rX "$TC"; touch "$TC/.complete"; }
  TC=$TC/bin
fi
as_nobody() {
  (cd "$DEMO/src" && setpriv --reuid=nobody --regid=nogroup --clear-groups env -i PATH="$TC:/usr/bin:/bin" \
    HOME="$DEMO/home" CARGO_HOME="$DEMO/home/.cargo" CARGO_INCREMENTAL=0 HEIRLOOM_STORE_DIR="$STORE" "$@")
}

echo "== 1. generation 1: cargo build --release, then heirloom pack"
as_nobody cargo build --release --quiet
"$DEMO/bin/heirloom" pack --store-dir "$STORE" --target "$DEMO/src/target" --out "$OUT"
chmod -R a-w "$OUT"
rm -rf "$DEMO/src/target"
"$DEMO/bin/heirloom" inspect --store-dir "$STORE" "$OUT"

echo "== 2. inherit into a fresh target dir (as nobody)"
as_nobody "$DEMO/bin/heirloom" unpack --store-dir "$STORE" --from "$OUT" --target "$DEMO/src/target"

echo "== 3. change a constant and rebuild through the rustc shim (as nobody)"
sed -i 's/hello from heirloom/hello again from heirloom/' "$DEMO/src/src/main.rs"
as_nobody env RUSTC="$DEMO/bin/rustc" HEIRLOOM_RUSTC="$TC/rustc" \
  cargo build --release --message-format json > "$DEMO/build.json"
python3 "$ROOT/tests/cargo/cargo_report.py" "$DEMO/build.json" | awk '{n[$1]++; if ($1=="rebuilt") r=r" "$2} END {printf "cargo: %d units fresh, %d rebuilt:%s\n", n["fresh"], n["rebuilt"], r}'
as_nobody ./target/release/service --print
echo "== done: dependencies inherited as links into $OUT, only the service recompiled"
