#!/bin/sh
# `make test`: every test, on the release build and on the ASan+UBSan build: the unit tests, the API
# suite on SQLite and on PostgreSQL (a throwaway server per program, tests/api/pgserver.py), the browser
# tests in Chromium (every page checked by axe-core), the Makefile's dry runs (tests/build) and the
# fuzzers' smoke run (tests/fuzz/run.sh). Programs run side by side, MOTCUA_TEST_JOBS at once (default:
# the number of CPUs, at least 2), longest first: scripts/test_runner.py.
# Ends with one line "N passed, N failed"; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
exec python3 scripts/test_runner.py
