"""Helpers of the operations tests (test_backup, test_metrics, test_config, test_doctor, test_systemd):
tests that start what they need themselves, so no shared server is made for them."""
import os
import sys
import traceback


def run_plain(module_globals, cleanup=None):
    """Runs every test_* function of a module without arguments; prints one line per test and the
    summary harness.run prints; returns the exit code."""
    name = os.path.basename(sys.argv[0])
    tests = [v for k, v in sorted(module_globals.items()) if k.startswith("test_") and callable(v)]
    passed = failed = 0
    try:
        for t in tests:
            try:
                t()
                passed += 1
                print("PASS %s::%s" % (name, t.__name__))
            except Exception:
                failed += 1
                print("FAIL %s::%s" % (name, t.__name__))
                traceback.print_exc(limit=4)
            sys.stdout.flush()
    finally:
        if cleanup:
            cleanup()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
