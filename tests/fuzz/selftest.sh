# The harness's own invariants must fire: one input laid out by the harness,
# then (HEIRLOOM_FUZZ_SELFTEST) a change outside the target dir made as a
# faulty heirloom would make it; each must end the fuzzer with the invariant
# it breaks, and the input without a change must pass.
#
#   selftest.sh FUZZER
set -euo pipefail
fuzzer=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# heirloom.json (kind 2) and an owned file target/deps/lib.rs (kind 6): the
# harness makes OUT/target/deps, which it must watch too.
python3 - "$scratch/input" <<'PY'
import struct, sys
def rec(kind, data):
    return bytes([kind]) + struct.pack("<H", len(data)) + data
open(sys.argv[1], "wb").write(rec(2, b'{"format": 2}') + rec(6, b"deps/lib.rs\0fn main() {}\n"))
PY
out=a/b/store/0000000000000000000000000000000a-artifacts
failed=0
run() {  # SELFTEST EXPECTED-MESSAGE (empty: must pass)
  local rc=0
  HEIRLOOM_FUZZ_SELFTEST=$1 ASAN_OPTIONS=detect_leaks=1 "$fuzzer" -runs=1 -artifact_prefix="$scratch/" "$scratch/input" > "$scratch/log" 2>&1 || rc=$?
  if [ -z "$2" ]; then
    [ "$rc" -eq 0 ] || { echo "FAIL: the unchanged input failed (exit $rc):"; tail -n 5 "$scratch/log"; failed=1; }
  elif [ "$rc" -eq 0 ]; then
    echo "FAIL: '$1' went unnoticed"; failed=1
  elif ! grep -q -F "heirloom-fuzz: invariant: $2" "$scratch/log"; then
    echo "FAIL: '$1' ended the fuzzer (exit $rc) without the invariant '$2':"; grep heirloom-fuzz "$scratch/log" || true; failed=1
  else
    echo "ok: '$1' -> $(grep -m1 -o 'heirloom-fuzz: invariant: .*' "$scratch/log")"
  fi
}
run none ""
run create:a/b/store/stray "an entry was created or removed outside the target dir, in /dev/shm/heirloom-fuzz-unpack/a/b/store (which now holds: 0000000000000000000000000000000a-artifacts, stray)"
run create:$out/target/deps/stray "an entry was created or removed outside the target dir, in /dev/shm/heirloom-fuzz-unpack/$out/target/deps"
run remove:$out/heirloom.json "an entry was created or removed outside the target dir, in /dev/shm/heirloom-fuzz-unpack/$out (which now holds: target)"
run create:a/b/work/stray "created outside the target dir: /dev/shm/heirloom-fuzz-unpack/a/b/work/stray"
exit $failed
