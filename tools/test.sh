#!/usr/bin/env bash
# Sets up the machine, builds heirloom and runs every test suite. Ends with
# one line "N passed, N failed" counted from meson's test log.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh

status=0
meson test -C build --print-errorlogs "$@" || status=$?
logs=(build/meson-logs/testlog.json)
extra_failed=0
if [ $# -eq 0 ]; then
  # The fuzz targets need clang and the sanitizers: their own build dir, and
  # a smoke run (every regression input, then a fixed number of executions
  # from a fixed seed: the same result on every machine). The time budget,
  # outside this script: meson test -C build-fuzz --suite fuzz.
  if { [ -d build-fuzz ] || CC=clang CXX=clang++ meson setup build-fuzz -Dfuzz=true -Dtests=false \
         -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null; } \
     && ninja -C build-fuzz >/dev/null; then
    rm -f build-fuzz/fuzz-stats.txt
    meson test -C build-fuzz --suite fuzz-smoke --print-errorlogs || status=$?
    logs+=(build-fuzz/meson-logs/testlog.json)
  else
    echo "test: building the fuzz targets (build-fuzz) failed" >&2
    status=1
    extra_failed=1
  fi
fi
python3 - "$extra_failed" "${logs[@]}" <<'PY'
import json, sys
passed, failed = 0, int(sys.argv[1])
for path in sys.argv[2:]:
    for line in open(path):
        r = json.loads(line)
        if r["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed")
PY
exit $status
