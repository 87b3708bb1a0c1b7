# Runs one fuzz target: first every regression input in
# tests/fuzz/regressions/<name>/ (each must pass), then fuzzing from a
# corpus seeded with real outputs (tests/fuzz/seeds.py). A crash, leak,
# timeout or invariant violation fails the test; the input is left in
# build-fuzz/fuzz-artifacts/<name>/ to become a regression input.
#
#   run.sh FUZZER NAME smoke RUNS      RUNS executions from seed 1, from an
#       emptied corpus, one process: the same executions, so the same result,
#       on every machine and every run of one commit (tools/test.sh, CI).
#   run.sh FUZZER NAME budget [SECONDS]  SECONDS of fuzzing (default
#       $HEIRLOOM_FUZZ_SECONDS, else 600) on a random seed, growing the
#       corpus kept in build-fuzz/fuzz-corpus/<name> across runs. With
#       HEIRLOOM_FUZZ_RUNS=N, it also ends after N executions.
#
# Appends "<name> <executions> <seconds> <status>" to fuzz-stats.txt.
set -euo pipefail
fuzzer=$1 name=$2 mode=$3
src=${HEIRLOOM_SOURCE_ROOT:?}/tests/fuzz
build=$(cd "$(dirname "$fuzzer")/../.." && pwd)
artifacts=$build/fuzz-artifacts/$name
case "$mode" in
  smoke)
    runs=${4:?RUNS}
    corpus=$build/fuzz-corpus/smoke-$name
    rm -rf "$corpus"
    # Fixed, not inherited: sanitizer options change what counts as a failure.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # -use_counters=0: an input is new for the edges it takes, not for how
    # often: hit counts of code that heirloom's zstd reader thread shares
    # with the main thread vary from run to run (racing counter updates).
    # -reload=0: never read back the corpus dir (written only by this run).
    # -timeout is generous: a slow machine must not fail where a fast one passes.
    budget=(-seed=1 -runs="$runs" -use_counters=0 -reload=0 -timeout=60)
    # Without address space randomization: otherwise addresses reach the
    # values libFuzzer records from comparisons and feeds back into inputs.
    norandom=(setarch "$(uname -m)" -R)
    "${norandom[@]}" true 2>/dev/null || { echo "FAIL [fuzz-$name]: 'setarch -R' cannot turn off address space randomization (needs personality(2); util-linux; in a container allow the syscall, e.g. docker --security-opt seccomp=unconfined)" >&2; exit 1; } ;;
  budget)
    seconds=${4:-${HEIRLOOM_FUZZ_SECONDS:-600}}
    corpus=$build/fuzz-corpus/$name
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    budget=(-max_total_time="$seconds" -timeout=10)
    [ -z "${HEIRLOOM_FUZZ_RUNS:-}" ] || budget+=(-runs="$HEIRLOOM_FUZZ_RUNS")
    norandom=() ;;
  *) echo "run.sh: MODE is smoke or budget, not '$mode'" >&2; exit 2 ;;
esac
mkdir -p "$corpus" "$artifacts"

regressions=("$src/regressions/$name"/*)
if [ -e "${regressions[0]}" ]; then
  "$fuzzer" -runs=1 "${regressions[@]}" > "$build/fuzz-$name-regressions.log" 2>&1 \
    || { tail -n 40 "$build/fuzz-$name-regressions.log" >&2; echo "FAIL [fuzz-$name]: a regression input fails again" >&2; exit 1; }
  echo "[fuzz-$name] ${#regressions[@]} regression inputs pass" >&2
fi

python3 "$src/seeds.py" "$name" "$corpus" || { echo "FAIL [fuzz-$name]: writing the seed corpus failed" >&2; exit 1; }
log=$build/fuzz-$name-$mode.log
status=0
start=$SECONDS
"${norandom[@]}" "$fuzzer" "$corpus" "${budget[@]}" -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?
took=$((SECONDS - start))
executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
echo "$name ${executed:-0} $took $status" >> "$build/fuzz-stats.txt"
if [ "$status" -ne 0 ]; then
  grep -E "ERROR|invariant|harness|threw|SUMMARY|Test unit written" "$log" | head -n 20 >&2
  echo "FAIL [fuzz-$name]: the fuzzer found a failing input (in $artifacts; log $log)" >&2
  exit 1
fi
coverage=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*\(cov: [0-9]* ft: [0-9]* corp: [0-9]*\).*/\1/p' "$log" | tail -n 1)
echo "[fuzz-$name] ${executed:-?} executions in $took s ($mode), ${coverage:-?}" >&2
