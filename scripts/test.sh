#!/bin/sh
# `make test`: every test, on the release build and on the ASan+UBSan build.
# Ends with one line "N passed, N failed"; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
export MOTCUA_TESTDATA="$PWD/tests/data"
export MOTCUA_DATA="$PWD/data"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=66"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
PASS=0
FAIL=0
LOG=$(mktemp -d)

# Adds the counts a test program printed; a program that crashed or printed no
# summary counts as one failure.
tally() { # name logfile exitcode
    p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$2" | grep -Eo '[0-9]+$' | tail -1)
    f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$2" | grep -Eo '[0-9]+$' | tail -1)
    if [ -z "$p$f" ]; then
        s=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -1)
        [ -n "$s" ] && p=${s%% *} && f=$(echo "$s" | sed -E 's/.* ([0-9]+) failed/\1/')
    fi
    p=${p:-0}
    f=${f:-0}
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    PASS=$((PASS + p))
    FAIL=$((FAIL + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $1 ($p passed, $f failed)"
        tail -40 "$2" | sed 's/^/    /'
    else
        echo "ok   $1 ($p passed)"
    fi
}

for flavour in release asan; do
    for t in build/$flavour/unit/*/test_*; do
        [ -x "$t" ] || continue
        name="$flavour unit $(basename "$(dirname "$t")")/$(basename "$t")"
        out="$LOG/$(echo "$name" | tr ' /' '__').log"
        "$t" > "$out" 2>&1
        tally "$name" "$out" $?
    done
    for t in tests/api/test_*.py; do
        name="$flavour api $(basename "$t")"
        out="$LOG/$(echo "$name" | tr ' /' '__').log"
        MOTCUA_BIN="$PWD/build/$flavour/motcua" python3 "$t" > "$out" 2>&1
        tally "$name" "$out" $?
    done
    # The same API suite on PostgreSQL: a throwaway server per test program (tests/api/pgserver.py).
    for t in tests/api/test_*.py; do
        name="$flavour api-postgresql $(basename "$t")"
        out="$LOG/$(echo "$name" | tr ' /' '__').log"
        MOTCUA_TEST_STORE=postgresql MOTCUA_BIN="$PWD/build/$flavour/motcua" python3 "$t" > "$out" 2>&1
        tally "$name" "$out" $?
    done
    # The browser tests in Chromium, each program against a server of its own of this flavour,
    # every page checked by axe-core (tests/browser/lib.mjs; screenshots in build/screenshots).
    for t in tests/browser/journey.mjs tests/browser/test_*.mjs; do
        [ -f "$t" ] || continue
        name="$flavour browser $(basename "$t")"
        out="$LOG/$(echo "$name" | tr ' /' '__').log"
        MOTCUA_BIN="$PWD/build/$flavour/motcua" node "$t" > "$out" 2>&1
        tally "$name" "$out" $?
    done
done
# The Makefile, by dry runs (tests/build), and the fuzzers built by `make fuzz`: each replays its
# committed corpus, then fuzzes for MOTCUA_FUZZ_SECONDS (default 10) seconds (tests/fuzz/run.sh).
for t in tests/build/test_*.py; do
    name="build $(basename "$t")"
    out="$LOG/$(echo "$name" | tr ' /' '__').log"
    python3 "$t" > "$out" 2>&1
    tally "$name" "$out" $?
done
name="fuzz run.sh"
out="$LOG/fuzz.log"
tests/fuzz/run.sh > "$out" 2>&1
tally "$name" "$out" $?
rm -rf "$LOG"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
