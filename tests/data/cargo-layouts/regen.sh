# Regenerates the golden listings of this directory from real cargo builds
# of tests/cargo/today (a bin, a lib, a proc-macro, a build script with a
# 4 MB generated OUT_DIR file, one that reruns): `cargo build --release` and
# `cargo test --release --no-run`, then classify.py lists every file of the
# target dir with the action its class calls for. test_core_policy.cpp runs
# heirloom's policy over each listing.
#   cargo-1.95-old.txt         rustup stable, cargo's default build dir
#   cargo-1.95-new.txt         -Zbuild-dir-new-layout (per-unit directories)
#   cargo-1.95-new-locking.txt -Zfine-grain-locking (new layout, per-unit .lock)
#   cargo-1.97-nightly.txt     rustup nightly's default (.cargo-build-lock, .cargo-artifact-lock)
#   cargo-1.65-debian.txt      Debian's cargo
# Usage: bash tests/data/cargo-layouts/regen.sh [NAME...]   (a few minutes;
# NAMEs, e.g. cargo-1.65-debian, regenerate only those listings)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
today=$here/../../cargo/today
rustup=/root/.rustup/toolchains
for t in stable nightly; do
  [ -x "$rustup/$t-x86_64-unknown-linux-gnu/bin/cargo" ] || { echo "regen.sh: no rustup $t toolchain: rustup toolchain install $t" >&2; exit 1; }
done
[ -x /usr/bin/cargo ] || { echo "regen.sh: no Debian cargo: apt-get install cargo" >&2; exit 1; }
only=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$today/vendor.sh" "$work/vendor" /usr/share/cargo/registry
cat > "$work/config.toml" <<CFG
[source.crates-io]
replace-with = "vendored"
[source.vendored]
directory = "$work/vendor"
[net]
offline = true
CFG

# listing NAME BIN_DIR RUSTFLAGS [cargo flags...]
listing() {
  local name=$1 bin=$2 rustflags=$3; shift 3
  [ ${#only[@]} -eq 0 ] || [[ " ${only[*]} " == *" $name "* ]] || return 0
  local target=$work/$name
  for cmd in "build" "test --no-run"; do
    (cd "$today/workspace" && env -i PATH="$bin:/usr/bin:/bin" HOME="$work" CARGO_HOME="$work/cargo-home" \
      CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1 RUSTFLAGS="$rustflags" \
      cargo --config "$work/config.toml" $cmd --release --locked --message-format json "$@" >> "$work/$name.json")
  done
  python3 "$here/classify.py" "$target" "$work/$name.json" > "$here/$name.txt"
  echo "regen.sh: $name.txt: $(wc -l < "$here/$name.txt") files"
}
stable=$rustup/stable-x86_64-unknown-linux-gnu/bin
listing cargo-1.95-old "$stable" ""
listing cargo-1.95-new "$stable" "" -Zbuild-dir-new-layout
listing cargo-1.95-new-locking "$stable" "" -Zfine-grain-locking
# (Debian's proc-macro2 1.0.47 uses nightly-only APIs of its day when it sees
# a nightly rustc, unless -Zallow-features forbids them)
listing cargo-1.97-nightly "$rustup/nightly-x86_64-unknown-linux-gnu/bin" "-Zallow-features="
listing cargo-1.65-debian /usr/bin ""
