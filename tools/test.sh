#!/usr/bin/env bash
# Sets up the machine, builds heirloom and runs every test suite. Ends with
# one line "N passed, N failed" counted from meson's test log.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh

status=0
meson test -C build --print-errorlogs "$@" || status=$?
python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["result"] in ("OK", "EXPECTEDFAIL"):
        passed += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed")
PY
exit $status
