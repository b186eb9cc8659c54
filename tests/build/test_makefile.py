"""The Makefile, checked without building (make -n -B prints every command it would run): plain
`make` builds bin/motcua, as its own comment says, and `make fuzz` builds every fuzzer of
tests/fuzz with clang's libFuzzer and the project's flags."""
import glob
import os
import subprocess
import sys
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def dry_run(*targets):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES")}
    p = subprocess.run(["make", "-n", "-B", "--no-print-directory"] + list(targets), cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_default_goal_is_the_binary():
    out = dry_run()
    assert "-o build/release/motcua" in out, out[-1500:]
    assert "build/release/motcua bin/motcua.tmp" in out and "bin/motcua" in out.splitlines()[-1], out[-1500:]
    assert dry_run("all") == out


def test_fuzz_builds_every_target_with_the_project_flags():
    out = dry_run("fuzz")
    targets = sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "fuzz_*.c")))
    assert len(targets) >= 3, targets
    for src in targets:
        name = os.path.basename(src)[:-2]
        lines = [ln for ln in out.splitlines() if ("tests/fuzz/%s.c" % name) in ln and "-o build/fuzz/" + name in ln]
        assert len(lines) == 1, (name, out[-1500:])
        for flag in ("-fsanitize=fuzzer", "-fsanitize=address,undefined", "-D_GNU_SOURCE", "-Werror", "-std=c17"):
            assert flag in lines[0].split(), (flag, lines[0])
    # The library the fuzzers link is compiled with the same flags, by clang.
    lib = [ln for ln in out.splitlines() if "-c src/web/tmpl.c" in ln and "build/fuzz/obj/" in ln]
    assert len(lib) == 1 and "-D_GNU_SOURCE" in lib[0] and "-fsanitize=fuzzer-no-link" in lib[0], lib


def test_test_builds_the_fuzzers():
    out = dry_run("build-tests")
    for src in glob.glob(os.path.join(ROOT, "tests", "fuzz", "fuzz_*.c")):
        assert "-o build/fuzz/" + os.path.basename(src)[:-2] in out, src


def main():
    passed = failed = 0
    for name, fn in sorted(globals().items()):
        if not (name.startswith("test_") and callable(fn)):
            continue
        try:
            fn()
            passed += 1
            print("PASS test_makefile.py::" + name)
        except Exception:
            failed += 1
            print("FAIL test_makefile.py::" + name)
            traceback.print_exc(limit=3)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
