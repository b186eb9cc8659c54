#!/bin/sh
# Smoke run of every fuzzer built by `make fuzz` (build/fuzz/fuzz_*), for `make test`:
# each replays its committed corpus (tests/fuzz/corpus/NAME, every input once), then fuzzes for
# MOTCUA_FUZZ_SECONDS seconds (default 10) starting from that corpus. New inputs go to a
# temporary folder, never into the committed corpus; a crashing input is kept as build/fuzz/NAME-crash-*.
# Prints one line per check and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
SECONDS_EACH=${MOTCUA_FUZZ_SECONDS:-10}
PASS=0
FAIL=0
check() { # name exitcode logfile
    if [ "$2" -eq 0 ]; then
        PASS=$((PASS + 1))
        echo "PASS $1"
    else
        FAIL=$((FAIL + 1))
        echo "FAIL $1 (exit $2)"
        grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$3" | head -20 | sed 's/^/    /'
    fi
}
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    short=${name#fuzz_}
    bin=build/fuzz/$name
    corpus=tests/fuzz/corpus/$short
    if [ ! -x "$bin" ]; then
        FAIL=$((FAIL + 1))
        echo "FAIL $name: $bin not built (make fuzz)"
        continue
    fi
    if [ ! -d "$corpus" ]; then
        FAIL=$((FAIL + 1))
        echo "FAIL $name: no corpus $corpus"
        continue
    fi
    work=$(mktemp -d)
    n=$(find "$corpus" -type f | wc -l)
    "$bin" -runs=0 -artifact_prefix="build/fuzz/$short-" "$corpus" > "$work/replay.log" 2>&1
    check "$name corpus ($n inputs)" $? "$work/replay.log"
    mkdir "$work/new"
    "$bin" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build/fuzz/$short-" "$work/new" "$corpus" > "$work/fuzz.log" 2>&1
    rc=$?
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$work/fuzz.log" | grep -Eo '[0-9]+$')
    check "$name ${SECONDS_EACH}s (${runs:-?} runs)" $rc "$work/fuzz.log"
    rm -rf "$work"
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
