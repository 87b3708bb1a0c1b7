# Runs one fuzz target: first every regression input in
# tests/fuzz/regressions/<name>/ (each must pass), then fuzzing for SECONDS
# from a corpus seeded with real outputs (tests/fuzz/seeds.py). A crash,
# leak, timeout or invariant violation fails the test; the input is left in
# build-fuzz/fuzz-artifacts/<name>/ to become a regression input.
# Appends "<name> <executions> <seconds> <new crashes>" to fuzz-stats.txt.
# Usage: run.sh FUZZER NAME SECONDS   (SECONDS empty: $HEIRLOOM_FUZZ_SECONDS, default 600)
set -euo pipefail
fuzzer=$1 name=$2 seconds=${3:-${HEIRLOOM_FUZZ_SECONDS:-600}}
src=${HEIRLOOM_SOURCE_ROOT:?}/tests/fuzz
build=$(cd "$(dirname "$fuzzer")/../.." && pwd)
corpus=$build/fuzz-corpus/$name
artifacts=$build/fuzz-artifacts/$name
mkdir -p "$corpus" "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

regressions=("$src/regressions/$name"/*)
if [ -e "${regressions[0]}" ]; then
  "$fuzzer" -runs=1 "${regressions[@]}" > "$build/fuzz-$name-regressions.log" 2>&1 \
    || { tail -n 40 "$build/fuzz-$name-regressions.log" >&2; echo "FAIL [fuzz-$name]: a regression input fails again" >&2; exit 1; }
  echo "[fuzz-$name] ${#regressions[@]} regression inputs pass" >&2
fi

python3 "$src/seeds.py" "$name" "$corpus" || { echo "FAIL [fuzz-$name]: writing the seed corpus failed" >&2; exit 1; }
log=$build/fuzz-$name.log
status=0
"$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
echo "$name ${runs:-0} ${took:-$seconds} $status" >> "$build/fuzz-stats.txt"
if [ "$status" -ne 0 ]; then
  grep -E "ERROR|invariant|threw|SUMMARY|Test unit written" "$log" | head -n 20 >&2
  echo "FAIL [fuzz-$name]: the fuzzer found a failing input (in $artifacts)" >&2
  exit 1
fi
echo "[fuzz-$name] ${runs:-?} executions in ${took:-?} s, corpus $(ls "$corpus" | wc -l) inputs" >&2
