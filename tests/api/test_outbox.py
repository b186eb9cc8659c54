"""The outbox's settings and commands, black-box (the delivery rules: tests/unit/domain/test_outbox.c; the
channels: test_notify*.py and test_portal_sync.py). Every setting of the worker has bounds, refused with a
Vietnamese message by `motcua serve` and `motcua outbox run` alike; `outbox run --once` sends what is due
and stops; `outbox list` filters by state."""
import subprocess

import harness

BOUNDS = [
    ("--outbox-lease", "4", "5", "86400"),
    ("--outbox-retry", "0", "1", "86400"),
    ("--outbox-retry-max", "0", "1", "604800"),
    ("--send-timeout", "601", "1", "600"),
    ("--outbox-poll-ms", "9", "10", "600000"),
]


def test_worker_settings_are_bounded(s):
    for name, bad, lo, hi in BOUNDS:
        for cmd in (["serve", "--listen", "127.0.0.1:%d" % harness.free_port()], ["outbox", "run", "--once"]):
            p = subprocess.run([harness.BIN] + cmd + ["--db", s.db, name, bad], capture_output=True, text=True,
                               timeout=60)
            assert p.returncode == 2, (cmd, name, p.returncode, p.stderr)
            assert "Lỗi: %s phải là số từ %s đến %s." % (name, lo, hi) in p.stderr, p.stderr
            assert harness.is_vietnamese(p.stderr)


def test_run_once_and_list(s):
    out = harness.run_cli("outbox", "run", "--once", "--outbox-retry", "1", db=s.db).stdout
    assert "Đã xử lý 0 tin nhắn." in out, out
    harness.run_cli("outbox", "list", "--state", "dead", db=s.db)
    p = subprocess.run([harness.BIN, "outbox", "list", "--state", "lost", "--db", s.db], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 2 and "--state phải là pending, sent hoặc dead" in p.stderr, p.stderr
    p = subprocess.run([harness.BIN, "outbox"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "motcua outbox run" in p.stderr


def test_a_server_without_a_sender_serves(s):
    with harness.own_server(["--no-outbox"]) as t:
        assert t.get("/api/v1/health").status == 200


if __name__ == "__main__":
    harness.main(globals())
