"""packaging/motcua.service and packaging/motcua.conf.example (issue 18, operations).

This container runs no systemd as PID 1, so the unit cannot be started here. What can run does:
- `systemd-analyze verify` loads the unit as systemd would and reports every unknown or misspelt
  directive, bad value and missing executable (ExecStart pointed at the motcua built here): no output.
- `systemd-analyze security --offline=yes` scores its sandbox from the file alone: "OK" (at most 2.0
  of 10) and each required setting is in force (no capabilities, no new privileges, the file system
  read-only but for the state directory, private /tmp, no home, the system-service system calls).
- ExecStart reads /etc/motcua/motcua.conf, and the example settings file parses with this binary.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UNIT = os.path.join(ROOT, "packaging", "motcua.service")
EXAMPLE = os.path.join(ROOT, "packaging", "motcua.conf.example")


def binary():
    for b in (os.environ.get("MOTCUA_BIN"), os.path.join(ROOT, "bin", "motcua"),
              os.path.join(ROOT, "build", "release", "motcua")):
        if b and os.access(b, os.X_OK):
            return os.path.abspath(b)
    raise AssertionError("no motcua binary built (make)")


def local_unit(folder):
    """The unit with ExecStart on the binary built here (verify checks that it exists)."""
    text = open(UNIT, encoding="utf-8").read().replace("/usr/local/bin/motcua", binary())
    path = os.path.join(folder, "motcua.service")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def directives():
    d = {}
    for line in open(UNIT, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith(("#", "[")):
            k, _, v = line.partition("=")
            d.setdefault(k, []).append(v)
    return d


def test_systemd_analyze_verify_accepts_the_unit():
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing (package systemd)"
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(["systemd-analyze", "verify", local_unit(tmp)], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        assert p.stdout.strip() == "" and "motcua.service" not in p.stderr, (p.stdout, p.stderr)


def test_the_sandbox_scores_ok():
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", local_unit(tmp)],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        m = re.search(r"Overall exposure level for motcua\.service: ([0-9.]+) (\w+)", p.stdout)
        assert m, p.stdout[-2000:]
        assert float(m.group(1)) <= 2.0 and m.group(2) == "OK", m.group(0)
        # What the issue asks for, each reported as in force.
        for check in ("NoNewPrivileges=", "PrivateTmp=", "ProtectHome=", "ProtectSystem=", "CapabilityBoundingSet=~CAP_SYS_ADMIN",
                      "SystemCallFilter=~@privileged", "RestrictAddressFamilies=~AF_PACKET"):
            lines = [ln for ln in p.stdout.splitlines() if check in ln]
            assert lines and all(ln.lstrip().startswith("✓") for ln in lines), (check, lines)


def test_the_unit_says_what_the_issue_asks():
    d = directives()
    assert d.get("User") == ["motcua"] or d.get("DynamicUser") == ["yes"], d
    assert d["StateDirectory"] == ["motcua"] and d["ReadWritePaths"] == ["/var/lib/motcua"], d
    assert d["ProtectSystem"] == ["strict"] and d["ProtectHome"] == ["yes"] and d["PrivateTmp"] == ["yes"]
    assert d["NoNewPrivileges"] == ["yes"] and d["CapabilityBoundingSet"] == [""]
    assert "@system-service" in d["SystemCallFilter"] and d["RestrictAddressFamilies"]
    exec_start = d["ExecStart"][0].split()
    assert exec_start[:2] == ["/usr/local/bin/motcua", "serve"], exec_start
    assert exec_start[2:] == ["--config", "/etc/motcua/motcua.conf"], exec_start


def test_the_example_settings_parse():
    p = subprocess.run([binary(), "doctor", "--config", EXAMPLE], capture_output=True, text=True, timeout=60)
    assert "OK       tệp cấu hình %s đọc được" % EXAMPLE in p.stdout, p.stdout + p.stderr
    # Every setting of the example, even commented out, is an option of serve.
    names = set(re.findall(r"^#?([a-z][a-z0-9-]*) = ", open(EXAMPLE, encoding="utf-8").read(), re.M))
    help_text = subprocess.run([binary(), "serve", "--help"], capture_output=True, text=True).stdout
    options = set(re.findall(r"^  --([a-z0-9-]+)", help_text, re.M))
    assert names and names <= options, names - options
    # And the example names every option but the test-only ones (the clock, the fault points).
    assert options - names <= {"clock-file", "fault-point"}, options - names


if __name__ == "__main__":
    passed = failed = 0
    for name, t in sorted(globals().items()):
        if name.startswith("test_") and callable(t):
            try:
                t()
                passed += 1
                print("PASS", name)
            except Exception:
                failed += 1
                print("FAIL", name)
                traceback.print_exc(limit=3)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
