#!/usr/bin/env bash
# How many dependency units of examples/service keep their unit hash when
# the target dir of the previous state is present, for each edit of the
# loop's dependency steps (tests/lib/example-edits.sh): add anyhow, enable
# tokio's fs feature, remove sha2. One cold `cargo build --release` of the
# example, then per edit a copy of the source and of the warm target dir,
# the edit, and a build; tests/bench/unit_survival.py compares cargo's JSON
# messages (compiler-artifact: fresh, file names). Debian's cargo and crates,
# outside Nix. Prints one JSON line per edit. Run from the repository root:
#   tests/bench/unit-survival.sh [WORKDIR]   (default: a fresh /tmp dir, removed after)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
source tests/lib/example-edits.sh
WORK=${1:-}
if [ -z "$WORK" ]; then
  WORK=$(mktemp -d /tmp/heirloom-unit-survival-XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi
build() {
  (cd "$1" && CARGO_INCREMENTAL=0 RUSTC=/usr/bin/rustc /usr/bin/cargo --config "$ROOT/tests/lib/debian-registry.toml" \
    build --release --locked --message-format json > "$2" 2> "$2.err") || { tail -n 20 "$2.err" >&2; exit 1; }
}
if [ ! -f "$WORK/before.json" ]; then
  rm -rf "$WORK/before"
  cp -r examples/service "$WORK/before"
  rm -rf "$WORK/before/target"
  build "$WORK/before" "$WORK/before.json"
fi
for edit in add_anyhow enable_feature remove_sha2; do
  rm -rf "$WORK/$edit"
  mkdir "$WORK/$edit"
  cp -r examples/service/. "$WORK/$edit/"
  rm -rf "$WORK/$edit/target"
  cp -a "$WORK/before/target" "$WORK/$edit/target"
  "example_$edit" "$WORK/$edit"
  build "$WORK/$edit" "$WORK/$edit.json"
  python3 tests/bench/unit_survival.py "$WORK/before.json" "$WORK/$edit.json" "$edit"
done
