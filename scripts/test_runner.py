#!/usr/bin/env python3
"""test_runner.py - runs every test program of `make test`, several at once, and tallies them.

scripts/test.sh calls it. Each program is one job: the unit tests, the API suite on SQLite and on
PostgreSQL and the browser tests, each on the release and on the ASan+UBSan build; the API suite on a
Citus cluster and tests/citus (release build, when Citus is installed); the Makefile's dry runs; the
fuzzers' smoke run. Every program starts its own servers on free ports and its own
temporary folders, so programs run side by side: MOTCUA_TEST_JOBS at once (default: the number of
CPUs, at least 2: most programs wait on their servers more than they compute). The Citus programs
share one cluster, started here (tests/api/citusserver.py: each program makes its own databases on it
and drops them), or the one whose folder MOTCUA_TEST_CITUS_DIR names.

The longest programs start first (the durations of the last run on this machine, kept in
build/test-times.json; without it, a fixed guess by kind), so that the run ends soon after its
longest program. MOTCUA_TEST_ONLY (a regular expression on the programs' names) runs a part.
The result of each program is printed when it ends; the last line is the total,
"N passed, N failed". Exit status 1 when anything failed.
"""
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMES = os.path.join(ROOT, "build", "test-times.json")
# A guess (seconds) by kind of program, for a machine that has not run the suite yet.
GUESS = {"unit": 3, "api": 40, "api-postgresql": 60, "api-citus": 150, "citus": 250, "browser": 90, "build": 5,
         "fuzz": 200}
ASAN_FACTOR = 2.5


def citus_wanted():
    """Whether the Citus programs run: MOTCUA_TEST_CITUS=1 or 0, else when Citus is installed into
    PostgreSQL 15 (scripts/citus.sh build, which make test runs first)."""
    flag = os.environ.get("MOTCUA_TEST_CITUS", "")
    if flag in ("0", "1"):
        return flag == "1"
    return subprocess.call(["sh", os.path.join(ROOT, "scripts", "citus.sh"), "installed"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0


def jobs():
    """The programs to run: (name, kind, argv, extra environment)."""
    out = []
    citus = citus_wanted()
    for flavour in ("release", "asan"):
        for t in sorted(glob.glob("build/%s/unit/*/test_*" % flavour)):
            if os.access(t, os.X_OK):
                name = "%s unit %s/%s" % (flavour, os.path.basename(os.path.dirname(t)), os.path.basename(t))
                out.append((name, "unit", [t], {}))
        binary = os.path.join(ROOT, "build", flavour, "motcua")
        for t in sorted(glob.glob("tests/api/test_*.py")):
            base = os.path.basename(t)
            out.append(("%s api %s" % (flavour, base), "api", [sys.executable, t], {"MOTCUA_BIN": binary}))
            out.append(("%s api-postgresql %s" % (flavour, base), "api-postgresql", [sys.executable, t],
                        {"MOTCUA_BIN": binary, "MOTCUA_TEST_STORE": "postgresql"}))
            # On Citus, the release build only: the C code is the same as on PostgreSQL (ASan runs it
            # there); what differs is the SQL the cluster accepts and where it sends it.
            # One cluster serves the whole run (started in main), so the whole suite runs on it.
            if citus and flavour == "release":
                out.append(("%s api-citus %s" % (flavour, base), "api-citus", [sys.executable, t],
                            {"MOTCUA_BIN": binary, "MOTCUA_TEST_STORE": "citus"}))
        if citus and flavour == "release":
            for t in sorted(glob.glob("tests/citus/test_*.py")):
                out.append(("%s citus %s" % (flavour, os.path.basename(t)), "citus", [sys.executable, t],
                            {"MOTCUA_BIN": binary}))
        for t in ["tests/browser/journey.mjs"] + sorted(glob.glob("tests/browser/test_*.mjs")):
            if os.path.isfile(t):
                out.append(("%s browser %s" % (flavour, os.path.basename(t)), "browser", ["node", t],
                            {"MOTCUA_BIN": binary}))
    for t in sorted(glob.glob("tests/build/test_*.py")):
        out.append(("build %s" % os.path.basename(t), "build", [sys.executable, t], {}))
    out.append(("fuzz run.sh", "fuzz", ["tests/fuzz/run.sh"], {}))
    return out


def counts(log, rc):
    """(passed, failed) from a program's output: cmocka's summary or our "N passed, N failed" line.
    A program that crashed or printed no summary counts as one failure."""
    p = f = None
    m = re.findall(r"^\[  PASSED  \] (\d+)", log, re.M)
    if m:
        p = int(m[-1])
    m = re.findall(r"^\[  FAILED  \] (\d+)", log, re.M)
    if m:
        f = int(m[-1])
    if p is None and f is None:
        m = re.findall(r"^(\d+) passed, (\d+) failed$", log, re.M)
        if m:
            p, f = int(m[-1][0]), int(m[-1][1])
    p, f = p or 0, f or 0
    if rc != 0 and f == 0:
        f = 1
    return p, f


def main():
    os.chdir(ROOT)
    env = dict(os.environ)
    env.setdefault("MOTCUA_TESTDATA", os.path.join(ROOT, "tests", "data"))
    env.setdefault("MOTCUA_DATA", os.path.join(ROOT, "data"))
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=66")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    try:
        width = int(os.environ.get("MOTCUA_TEST_JOBS", "0"))
    except ValueError:
        width = 0
    if width <= 0:
        width = max(2, os.cpu_count() or 2)
    try:
        with open(TIMES) as f:
            known = json.load(f)
    except (OSError, ValueError):
        known = {}

    def expected(job):
        name, kind = job[0], job[1]
        if name in known:
            return known[name]
        return GUESS[kind] * (ASAN_FACTOR if name.startswith("asan ") else 1)

    todo = sorted(jobs(), key=expected, reverse=True)
    only = os.environ.get("MOTCUA_TEST_ONLY")  # a regular expression on the names, to run a part
    if only:
        todo = [j for j in todo if re.search(only, j[0])]
    lock = threading.Lock()
    totals = {"passed": 0, "failed": 0}
    took = {}
    logdir = tempfile.mkdtemp(prefix="motcua-test-")

    def run(job):
        name, _, argv, extra = job
        e = dict(env)
        e.update(extra)
        path = os.path.join(logdir, re.sub(r"[ /]", "_", name) + ".log")
        start = time.monotonic()
        with open(path, "wb") as log:
            try:
                rc = subprocess.call(argv, stdout=log, stderr=subprocess.STDOUT, env=e, cwd=ROOT)
            except OSError as ex:
                log.write(("cannot run %s: %s\n" % (argv[0], ex)).encode())
                rc = 127
        took[name] = round(time.monotonic() - start, 1)
        with open(path, "rb") as log:
            text = log.read().decode("utf-8", "replace")
        p, f = counts(text, rc)
        with lock:
            totals["passed"] += p
            totals["failed"] += f
            if f:
                print("FAIL %s (%d passed, %d failed)" % (name, p, f))
                for line in text.splitlines()[-40:]:
                    print("    " + line)
            else:
                print("ok   %s (%d passed, %.0f s)" % (name, p, took[name]))
            sys.stdout.flush()
        os.unlink(path)

    # One Citus cluster for every program that needs one (tests/api/citusserver.py): starting a cluster
    # and migrating its first database cost each program about 10 s.
    cluster = None
    try:
        # a cluster named from outside (MOTCUA_TEST_CITUS_DIR, started with scripts/citus.sh start) is used as is
        if any(j[1] in ("api-citus", "citus") for j in todo) and not env.get("MOTCUA_TEST_CITUS_DIR"):
            sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
            from citusserver import CitusCluster, SHARED
            try:
                cluster = CitusCluster(shared="")
                env[SHARED] = cluster.dir
            except AssertionError as ex:  # each program then tries its own, and says why it cannot
                print("the run's Citus cluster did not start: %s" % ex)
        with concurrent.futures.ThreadPoolExecutor(max_workers=width) as pool:
            list(pool.map(run, todo))
    finally:
        if cluster is not None:
            cluster.stop()
    os.rmdir(logdir)
    known.update(took)
    try:
        os.makedirs(os.path.dirname(TIMES), exist_ok=True)
        with open(TIMES, "w") as f:
            json.dump(known, f, indent=0, sort_keys=True)
    except OSError:
        pass
    print("%d passed, %d failed" % (totals["passed"], totals["failed"]))
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
