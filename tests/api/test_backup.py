"""motcua backup and motcua restore (issue 18, operations).

- A backup taken while several threads keep receiving dossiers through the API restores to a
  database whose journal verifies and which holds every intake acknowledged (201) before the
  backup began; the intake goes on during the copy (the writer is not held: its latency is measured).
  SQLite: motcua backup + motcua restore. PostgreSQL (MOTCUA_TEST_STORE=postgresql): motcua backup runs
  pg_dump; the dump is restored with pg_restore into an empty database, which `journal verify` accepts.
- restore refuses a copy whose journal was altered (naming the entry), a missing file, a schema
  newer than the binary and an existing database without --force; it leaves nothing behind.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time

import harness
import opsutil

RECEIVER = "tiepnhan.thucphan"
APPLICANT = {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321"}
THREADS = 4


def intake_body():
    return {"procedure": "1.001193", "channel": "direct", "applicant": dict(APPLICANT), "documents": [4, 6],
            "outcome": "accept"}


def codes_in(db):
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-d", db, "-c", "SELECT code FROM dossiers"], capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return set(p.stdout.split())
    c = sqlite3.connect(db)
    codes = {r[0] for r in c.execute("SELECT code FROM dossiers")}
    c.close()
    return codes


class Intake:
    """THREADS threads receiving dossiers until stopped; each 201 is recorded with the time it came back."""

    def __init__(self, s, token):
        self.s, self.token = s, token
        self.acked = []  # (time the 201 was read, started, code)
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.loop) for _ in range(THREADS)]

    def loop(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            r = self.s.post("/api/v1/dossiers", intake_body(), token=self.token)
            t1 = time.monotonic()
            with self.lock:
                if r.status == 201:
                    self.acked.append((t1, t0, r.json()["code"]))
                else:
                    self.errors.append(r)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def test_backup_during_concurrent_intake_restores_every_acknowledged_intake():
    pg = harness.on_postgresql()
    with harness.own_server() as s:
        token = s.login(RECEIVER)
        out = tempfile.mkdtemp(prefix="motcua-backup-")
        try:
            dest = os.path.join(out, "motcua-backup.dump" if pg else "motcua-backup.db")
            with Intake(s, token) as work:
                while len(work.acked) < 30:  # intake running at full speed before the copy starts
                    time.sleep(0.05)
                began = time.monotonic()
                p = harness.run_cli("backup", "--to", dest, db=s.db)
                ended = time.monotonic()
                time.sleep(0.3)  # and after it
            assert not work.errors, work.errors[:3]
            before = {code for t, _, code in work.acked if t < began}
            during = [t1 - t0 for t1, t0, _ in work.acked if t0 < ended and t1 > began]
            assert len(before) >= 30, len(before)
            # The writer was not held while the copy ran: every intake overlapping it answered quickly.
            slowest = max(during) if during else 0.0
            print("backup %.2f s; %d intakes before it, %d overlapping it, slowest %.3f s" %
                  (ended - began, len(before), len(during), slowest))
            assert slowest < 3.0, slowest
            if pg:
                with open(dest, "rb") as f:
                    assert f.read(5) == b"PGDMP"  # pg_dump's custom format
                assert "pg_restore" in p.stdout, p.stdout
                restored = harness.new_db(out)
                r = subprocess.run(["pg_restore", "--no-owner", "--dbname=" + restored, dest], capture_output=True,
                                   text=True, timeout=120)
                assert r.returncode == 0, r.stderr
            else:
                assert "nhật ký nguyên vẹn" in p.stdout and "Hồ sơ:" in p.stdout and "chuỗi 04" in p.stdout, p.stdout
                assert "rsync" in p.stdout, p.stdout  # the files folder is named, to copy after
                assert not os.path.exists(dest + ".part")
                restored = os.path.join(out, "restored", "motcua.db")
                r = harness.run_cli("restore", "--from", dest, db=restored)
                assert "Đã khôi phục" in r.stdout, r.stdout
                assert os.listdir(os.path.dirname(restored)) == ["motcua.db"]  # nothing temporary left
            v = harness.run_cli("journal", "verify", db=restored)
            assert "Nhật ký nguyên vẹn" in v.stdout, v.stdout
            have = codes_in(restored)
            missing = before - have
            assert not missing, "acknowledged before the backup but not in it: %s" % sorted(missing)[:5]
            # Nothing that did not exist: every dossier of the copy was acknowledged (or is still in flight).
            assert have <= {code for _, _, code in work.acked}, sorted(have - {c for _, _, c in work.acked})[:5]
        finally:
            shutil.rmtree(out, ignore_errors=True)


# The refusals: motcua restore on SQLite files (whatever store the suite runs on).

class Backup:
    """A demo database and a good backup of it, in a temporary folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="motcua-restore-")
        self.db = os.path.join(self.dir, "live.db")
        harness.run_cli("init", "--demo", "--data", harness.DATA, db=self.db)
        self.file = os.path.join(self.dir, "good.db")
        harness.run_cli("backup", "--to", self.file, db=self.db)

    def copy(self, name):
        path = os.path.join(self.dir, name)
        shutil.copy(self.file, path)
        return path

    def restore(self, src, target, *extra):
        return harness.run_cli("restore", "--from", src, *extra, db=target, check=False)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


_backup = None


def backup():
    global _backup
    if _backup is None:
        _backup = Backup()
    return _backup


def test_restore_refuses_a_backup_whose_journal_was_altered():
    b = backup()
    bad = b.copy("tampered.db")
    c = sqlite3.connect(bad)
    # The store refuses UPDATE on the journal (a trigger): whoever edits the file drops it first.
    c.execute("DROP TRIGGER journal_no_update")
    victim = c.execute("SELECT id FROM journal ORDER BY id LIMIT 1 OFFSET 20").fetchone()[0]
    c.execute("UPDATE journal SET actor = 'ke.gian' WHERE id = ?", (victim,))
    c.commit()
    c.close()
    target = os.path.join(b.dir, "from-tampered.db")
    p = b.restore(bad, target)
    assert p.returncode == 3, (p.returncode, p.stderr)
    assert "bản ghi số %d" % victim in p.stderr and "không toàn vẹn" in p.stderr, p.stderr
    assert harness.is_vietnamese(p.stderr)
    assert not os.path.exists(target)
    assert [f for f in os.listdir(b.dir) if "restore-" in f] == []  # its temporary copy is gone too
    # motcua backup refuses to finish a copy of a database whose journal does not verify, likewise.
    out = os.path.join(b.dir, "of-tampered.db")
    p = harness.run_cli("backup", "--to", out, db=bad, check=False)
    assert p.returncode == 3 and "bản ghi số %d" % victim in p.stderr, (p.returncode, p.stderr)
    assert not os.path.exists(out) and not os.path.exists(out + ".part")


def test_restore_refuses_a_missing_file():
    b = backup()
    target = os.path.join(b.dir, "never.db")
    p = b.restore(os.path.join(b.dir, "no-such-backup.db"), target)
    assert p.returncode == 1, p
    assert "không tìm thấy tệp sao lưu" in p.stderr and "no-such-backup.db" in p.stderr, p.stderr
    assert not os.path.exists(target)


def test_restore_refuses_a_newer_schema():
    b = backup()
    newer = b.copy("newer.db")
    c = sqlite3.connect(newer)
    c.execute("INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', 0)")
    c.commit()
    c.close()
    target = os.path.join(b.dir, "from-newer.db")
    p = b.restore(newer, target)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert "9999" in p.stderr and "mới hơn" in p.stderr, p.stderr
    assert not os.path.exists(target)


def test_restore_keeps_an_existing_database_unless_forced():
    b = backup()
    target = os.path.join(b.dir, "existing.db")
    harness.run_cli("init", db=target)  # an empty database: no demo units
    before = open(target, "rb").read()
    p = b.restore(b.file, target)
    assert p.returncode == 1 and "--force" in p.stderr, (p.returncode, p.stderr)
    assert open(target, "rb").read() == before
    p = b.restore(b.file, target, "--force")
    assert p.returncode == 0, p.stderr
    assert harness.count_rows(target, "units") == harness.count_rows(b.db, "units") > 1
    v = harness.run_cli("journal", "verify", db=target)
    assert "Nhật ký nguyên vẹn" in v.stdout


def test_backup_keeps_an_existing_file():
    b = backup()
    p = harness.run_cli("backup", "--to", b.file, db=b.db, check=False)
    assert p.returncode == 1 and "--force" in p.stderr, (p.returncode, p.stderr)


def cleanup():
    if _backup is not None:
        _backup.cleanup()


if __name__ == "__main__":
    raise SystemExit(opsutil.run_plain(globals(), cleanup))
