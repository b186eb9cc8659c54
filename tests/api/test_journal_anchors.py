"""The journal against an insider, black-box: whoever can write the database can change an entry and
recompute every hash after it (re-implemented here in Python, hashlib.blake2b), and plain
`journal verify` cannot tell; checkpoints of the chain heads signed with an Ed25519 key kept outside
the database (`journal keygen`, `journal anchor`, `serve --anchor-key`) can:
`journal verify --anchors DIR --public KEY` exits 3. Edited or foreign anchor lines are reported;
a database whose entries were hashed with the old encoding keeps verifying once upgraded.
Runs on the store under test (MOTCUA_TEST_STORE)."""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import harness
from harness import own_server

GENESIS = "0" * 64
COLUMNS = ["id", "tenant", "dossier_id", "at", "user_id", "actor", "role", "unit_code", "action", "from_state",
           "to_state", "step_seq", "step_name", "step_due_at", "timing", "to_unit_code", "note", "prev_hash", "hash",
           "subject", "subject_id", "origin"]


# ---- the two encodings, independently of journal.c ----

def hash_v2(prev, r):
    """The second encoding: a fixed prefix, then each field typed and length-prefixed."""
    h = hashlib.blake2b(digest_size=32)
    h.update(b"motcua-journal/v2\n")

    def text(v):
        if v is None:
            h.update(b"\x00")
        else:
            b = v.encode()
            h.update(b"\x01" + len(b).to_bytes(4, "big") + b)

    def num(v):
        h.update(b"\x02" + int(v).to_bytes(8, "big", signed=True))

    def opt(v):
        if v:
            num(v)
        else:
            h.update(b"\x00")

    text(prev)
    text(r["tenant"])
    num(r["dossier_id"] or 0)  # an entry about another record (a task of the demo) has none
    num(r["at"])
    opt(r["user_id"])
    for k in ("actor", "role", "unit_code", "action", "from_state", "to_state"):
        text(r[k])
    opt(r["step_seq"])
    text(r["step_name"])
    opt(r["step_due_at"])
    for k in ("timing", "to_unit_code", "note"):
        text(r[k])
    if r.get("subject"):  # migration 11: its kind and id follow
        text(r["subject"])
        num(r["subject_id"])
    if r.get("origin"):  # migration 25: a commune node's entry re-appended here, after a tag of its own
        b = r["origin"].encode()
        h.update(b"\x03" + len(b).to_bytes(4, "big") + b)
    return h.hexdigest()


def hash_v1(prev, r):
    """The first encoding, as motcua wrote it until now: text fields and 0x1f after each, NULL 0x00."""
    h = hashlib.blake2b(digest_size=32)
    vals = [prev, r["dossier_id"], r["at"], r["user_id"], r["actor"], r["role"], r["unit_code"], r["action"],
            r["from_state"], r["to_state"], r["step_seq"], r["step_name"], r["step_due_at"], r["timing"],
            r["to_unit_code"], r["note"]]
    for i, v in enumerate(vals):
        if i in (1, 2, 3, 10, 12):
            h.update(str(v or 0).encode())
        elif v is None:
            h.update(b"\x00")
        else:
            h.update(v.encode())
        h.update(b"\x1f")
    return h.hexdigest()


# ---- the database, as an insider sees it ----

def is_pg(db):
    return db.startswith("postgresql://")


def entries(db):
    """Every journal entry as a dict, in id order."""
    if is_pg(db):
        # (Each row made an object where it is: on Citus, a whole-row value coming back from the workers
        # has lost its column names.)
        obj = "json_build_object(%s)" % ", ".join("'%s', %s" % (c, c) for c in COLUMNS)
        p = subprocess.run(["psql", "-At", "-d", db, "-c", "SELECT COALESCE(json_agg(r ORDER BY (r->>'id')::bigint), "
                            "'[]') FROM (SELECT %s AS r FROM journal) j" % obj], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)
    import sqlite3
    c = sqlite3.connect(db)
    rows = c.execute("SELECT %s FROM journal ORDER BY id" % ", ".join(COLUMNS)).fetchall()
    c.close()
    return [dict(zip(COLUMNS, r)) for r in rows]


def meta(db, key):
    if is_pg(db):
        p = subprocess.run(["psql", "-At", "-d", db, "-c", "SELECT value FROM meta WHERE key = '%s'" % key],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return p.stdout.strip() or None
    import sqlite3
    c = sqlite3.connect(db)
    row = c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    c.close()
    return row[0] if row else None


def lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def behind_the_triggers(db, statements):
    """Runs UPDATE/DELETE statements on the journal with its append-only triggers out of the way."""
    if is_pg(db):
        # (On Citus a distributed table's triggers may be switched only with enable_unsafe_triggers; plain
        # PostgreSQL accepts and ignores the setting.)
        script = ("BEGIN; SET LOCAL citus.enable_unsafe_triggers = on; "
                  "ALTER TABLE journal DISABLE TRIGGER journal_no_update; "
                  "ALTER TABLE journal DISABLE TRIGGER journal_no_delete;\n" + ";\n".join(statements) +
                  ";\nALTER TABLE journal ENABLE TRIGGER journal_no_update; "
                  "ALTER TABLE journal ENABLE TRIGGER journal_no_delete; COMMIT;\n")
        p = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", db], input=script, capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return
    import sqlite3
    c = sqlite3.connect(db)
    c.executescript("BEGIN; DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;\n" +
                    ";\n".join(statements) + ";\n"
                    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN "
                    "SELECT RAISE(ABORT, 'journal is append-only'); END;"
                    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN "
                    "SELECT RAISE(ABORT, 'journal is append-only'); END; COMMIT;")
    c.close()


def rehash(db, rows, encoding_of):
    """Recomputes every chain (one per tenant, from the genesis) as the insider would, and writes the
    hashes whose value changed. encoding_of(id) -> hash function."""
    prev_of, stmts = {}, []
    for r in rows:
        prev = prev_of.get(r["tenant"], GENESIS)
        h = encoding_of(r["id"])(prev, r)
        if (prev, h) != (r["prev_hash"], r["hash"]):
            stmts.append("UPDATE journal SET prev_hash = '%s', hash = '%s' WHERE id = %d" % (prev, h, r["id"]))
            r["prev_hash"], r["hash"] = prev, h
        prev_of[r["tenant"]] = h
    if stmts:
        behind_the_triggers(db, stmts)


def rewrite(db, entry_id, **changes):
    """Changes an entry's fields and recomputes every hash after it in its chain (the new encoding)."""
    rows = entries(db)
    v2 = int(meta(db, "journal_hash_v2_from"))
    target = next(r for r in rows if r["id"] == entry_id)
    assert target["id"] >= v2, "this helper forges new-encoding entries"
    behind_the_triggers(db, ["UPDATE journal SET %s WHERE id = %d" % (
        ", ".join("%s = %s" % (k, lit(v)) for k, v in changes.items()), entry_id)])
    target.update(changes)
    rehash(db, rows, lambda i: hash_v2 if i >= v2 else hash_v1)


# ---- the command line ----

def cli(*args, db=None):
    return harness.run_cli(*args, db=db, check=False)


def keygen(folder, name="anchor"):
    sec, pub = os.path.join(folder, name + ".key"), os.path.join(folder, name + ".pub")
    p = cli("journal", "keygen", "--secret", sec, "--public", pub)
    assert p.returncode == 0, p.stdout + p.stderr
    return sec, pub


def verify(db, anchors=None, *pubs):
    args = ["journal", "verify"]
    if anchors:
        args += ["--anchors", anchors]
        for k in pubs:
            args += ["--public", k]
    return cli(*args, db=db)


def anchor_lines(folder):
    lines = []
    for f in sorted(glob.glob(os.path.join(folder, "anchors-*.txt"))):
        lines += [ln for ln in open(f).read().splitlines() if ln and not ln.startswith("#")]
    return lines


def where(folder, last):
    """(file, line number) of the anchor line whose head is entry `last`."""
    for f in sorted(glob.glob(os.path.join(folder, "anchors-*.txt"))):
        for no, ln in enumerate(open(f).read().splitlines(), 1):
            if " last=%d " % last in ln:
                return f, no
    raise AssertionError("no anchor of entry %d" % last)


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split(" ")[1:])


def intake(s, token, i):
    body = {"procedure": "1.001193", "documents": [4, 6], "outcome": "accept",
            "applicant": {"name": "Người Nộp %d" % i, "id_number": "0041900%05d" % i, "phone": "0987000000"}}
    r = s.post("/api/v1/dossiers", body, token=token)
    assert r.status == 201, r
    return r.json()["code"]


def some_dossiers(s, n, base=0):
    rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    codes = [intake(s, rcv, base + i) for i in range(n)]
    assert s.post("/api/v1/dossiers/%s/actions/claim" % codes[0], {}, token=spec).status == 200
    return codes


QUIET = ["--scan-interval", "0"]  # nothing but the test writes the journal


# ---- the tests ----

def test_rewritten_chain_passes_plain_verify_but_not_the_anchors(_shared):
    with own_server(QUIET) as s:
        some_dossiers(s, 3)
        sec, pub = keygen(s.dir)
        assert oct(os.stat(sec).st_mode & 0o777) == "0o600"
        out = os.path.join(s.dir, "anchors")
        p = cli("journal", "anchor", "--key", sec, "--out", out, db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr
        rows = entries(s.db)
        files = glob.glob(os.path.join(out, "anchors-*.txt"))
        lines = anchor_lines(out)
        assert len(lines) == 1, lines  # one province, no chain from before migration 7
        f = fields(lines[0])
        assert lines[0].startswith("motcua-anchor/1 time=") and f["time"].endswith("Z"), lines[0]
        assert len(files) == 1 and files[0].endswith("anchors-%s.txt" % f["time"][:10]), files  # the UTC day
        assert f["chain"] == "04" and int(f["last"]) == rows[-1]["id"] and int(f["count"]) == len(rows), f
        assert f["head"] == rows[-1]["hash"] and len(f["key"]) == 16 and len(f["sig"]) == 128, f
        # Every entry of this new database is hashed with the new encoding, as re-implemented here.
        assert meta(s.db, "journal_hash_v2_from") == "1"
        prev = GENESIS
        for r in rows:
            assert r["prev_hash"] == prev and r["hash"] == hash_v2(prev, r), r
            prev = r["hash"]
        p = verify(s.db, out, pub)
        assert p.returncode == 0 and "Khớp 1 mốc" in p.stdout, p.stdout + p.stderr
        # Later work is fine, and said to be not covered yet.
        some_dossiers(s, 2, base=10)
        p = verify(s.db, out, pub)
        assert p.returncode == 0 and "chưa có mốc nào bảo vệ" in p.stdout, p.stdout + p.stderr
        # A second anchor covers them.
        assert cli("journal", "anchor", "--key", sec, "--out", out, db=s.db).returncode == 0
        later = entries(s.db)
        p = verify(s.db, out, pub)
        assert p.returncode == 0 and "Khớp 2 mốc" in p.stdout and "chưa có mốc" not in p.stdout, p.stdout
        # The insider changes an entry after the first anchor and recomputes every hash after it.
        rewrite(s.db, later[-2]["id"], note="Đã sửa")
        p = verify(s.db)
        assert p.returncode == 0, p.stdout + p.stderr  # the weakness: the chain alone agrees
        p = verify(s.db, out, pub)
        assert p.returncode == 3, p.stdout + p.stderr
        assert "bị viết lại" in p.stdout and "bản ghi số %d" % later[-1]["id"] in p.stdout, p.stdout
        assert "nằm sau bản ghi số %d" % rows[-1]["id"] in p.stdout, p.stdout
        assert "%s, dòng %d" % where(out, later[-1]["id"]) in p.stdout, p.stdout
        # And one before it, its time moved a day back: the first anchor no longer matches.
        victim = rows[1]["id"]
        rewrite(s.db, victim, note="Đã sửa lùi ngày", at=rows[1]["at"] - 86400)
        assert entries(s.db)[1]["note"] == "Đã sửa lùi ngày"
        p = verify(s.db)
        assert p.returncode == 0, p.stdout + p.stderr
        p = verify(s.db, out, pub)
        assert p.returncode == 3, p.stdout + p.stderr
        assert "bị viết lại" in p.stdout and "bản ghi số %d" % rows[-1]["id"] in p.stdout, p.stdout
        assert "mốc đã ký lúc %s" % f["time"] in p.stdout and "dòng 4" in p.stdout, p.stdout
        assert "từ đầu chuỗi đến bản ghi số %d" % rows[-1]["id"] in p.stdout, p.stdout


def test_a_cut_journal_is_found(_shared):
    """Removing the last entries leaves a chain that verifies; the anchor still names the head."""
    with own_server(QUIET) as s:
        some_dossiers(s, 2)
        sec, pub = keygen(s.dir)
        out = os.path.join(s.dir, "anchors")
        assert cli("journal", "anchor", "--key", sec, "--out", out, db=s.db).returncode == 0
        rows = entries(s.db)
        behind_the_triggers(s.db, ["DELETE FROM journal WHERE id >= %d" % rows[-2]["id"]])
        assert verify(s.db).returncode == 0
        p = verify(s.db, out, pub)
        assert p.returncode == 3 and "không còn bản ghi số %d" % rows[-1]["id"] in p.stdout, p.stdout + p.stderr


def test_edited_and_foreign_anchor_lines(_shared):
    with own_server(QUIET) as s:
        some_dossiers(s, 2)
        sec, pub = keygen(s.dir)
        sec2, pub2 = keygen(s.dir, "other")
        out, other = os.path.join(s.dir, "anchors"), os.path.join(s.dir, "other")
        assert cli("journal", "anchor", "--key", sec, "--out", out, db=s.db).returncode == 0
        assert cli("journal", "anchor", "--key", sec2, "--out", other, db=s.db).returncode == 0
        assert verify(s.db, out, pub).returncode == 0
        # Made with another key: not accepted with this public key; accepted with that one.
        p = verify(s.db, other, pub)
        assert p.returncode == 3 and "không phải khóa công khai đã cho" in p.stdout, p.stdout + p.stderr
        assert verify(s.db, other, pub2).returncode == 0
        assert verify(s.db, other, pub, pub2).returncode == 0
        # An edited line: its signature no longer matches, whatever field was changed.
        path = glob.glob(os.path.join(out, "anchors-*.txt"))[0]
        text = open(path).read()
        n = int(re.search(r" count=(\d+) ", text).group(1))
        open(path, "w").write(text.replace(" count=%d " % n, " count=%d " % (n + 1)))
        p = verify(s.db, out, pub)
        assert p.returncode == 3 and "chữ ký không hợp lệ" in p.stdout and "dòng 4" in p.stdout, p.stdout
        open(path, "w").write(text.replace(" sig=", " sig=00", 1))
        p = verify(s.db, out, pub)
        assert p.returncode == 3 and "không đúng định dạng" in p.stdout, p.stdout
        open(path, "w").write(text)
        assert verify(s.db, out, pub).returncode == 0
        # A public key file that is not one, a secret key others may read, keys never overwritten.
        p = verify(s.db, out, sec)
        assert p.returncode != 0 and p.returncode != 3 and "khóa công khai" in p.stderr, p.stderr
        os.chmod(sec, 0o644)
        p = cli("journal", "anchor", "--key", sec, "--out", out, db=s.db)
        assert p.returncode == 1 and "chmod 600" in p.stderr, p.stdout + p.stderr
        p = cli("journal", "keygen", "--secret", sec, "--public", os.path.join(s.dir, "new.pub"))
        assert p.returncode == 1 and "không ghi đè" in p.stderr and not os.path.exists(os.path.join(s.dir, "new.pub"))
        p = verify(s.db, os.path.join(s.dir, "nowhere"), pub)
        assert p.returncode == 1, p.stdout + p.stderr
        assert verify(s.db, out).returncode == 2  # --anchors needs --public


def test_old_encoding_upgraded_in_place(_shared):
    """A database whose journal was written by the previous version (the first encoding, no
    journal_hash_v2_from) is opened by this one: the old entries verify, the new ones get the new
    encoding from the recorded id on, all verify with anchors, and a change to an old entry is found."""
    with own_server(QUIET) as s:
        some_dossiers(s, 3)
        assert s.stop() in (0, None)
        # As the previous version left it: every hash in the first encoding, no switch recorded; one
        # old note holds the separator, which that encoding cannot tell from a field boundary.
        rows = entries(s.db)
        sep = "Ghi chú" + chr(0x1f) + "cũ"
        behind_the_triggers(s.db, ["DELETE FROM meta WHERE key = 'journal_hash_v2_from'",
                                   "UPDATE journal SET note = %s WHERE id = %d" % (
                                       "E'Ghi chú\\x1fcũ'" if is_pg(s.db) else "'Ghi chú' || char(31) || 'cũ'",
                                       rows[1]["id"])])
        rows[1]["note"] = sep
        rehash(s.db, rows, lambda i: hash_v1)
        assert entries(s.db)[1]["note"] == sep
        old_last = rows[-1]["id"]
        p = verify(s.db)  # opening records the switch
        assert p.returncode == 0, p.stdout + p.stderr
        assert "Cảnh báo: 1 bản ghi mã hóa cũ" in p.stdout and "số %d" % rows[1]["id"] in p.stdout, p.stdout
        assert meta(s.db, "journal_hash_v2_from") == str(old_last + 1)
        # Served again: new entries in the new encoding.
        port = harness.free_port()
        log = open(os.path.join(s.dir, "again.log"), "w")
        proc = subprocess.Popen([harness.BIN, "serve", "--db", s.db, "--files", s.files, "--listen",
                                 "127.0.0.1:%d" % port, "--quiet", "--scan-interval", "0"], stdout=log,
                                stderr=subprocess.STDOUT, env=dict(os.environ, MOTCUA_PWHASH="test"))
        try:
            s.port = port
            deadline = time.time() + 15
            while time.time() < deadline:
                try:
                    if s.get("/api/v1/health").status == 200:
                        break
                except OSError:
                    time.sleep(0.05)
            some_dossiers(s, 2, base=20)
        finally:
            proc.terminate()
            assert proc.wait(timeout=10) in (0, None)
            log.close()
        rows = entries(s.db)
        assert rows[-1]["id"] > old_last
        prev = GENESIS
        for r in rows:
            h = (hash_v2 if r["id"] > old_last else hash_v1)(prev, r)
            assert r["prev_hash"] == prev and r["hash"] == h, r
            prev = r["hash"]
        sec, pub = keygen(s.dir)
        out = os.path.join(s.dir, "anchors")
        assert cli("journal", "anchor", "--key", sec, "--out", out, db=s.db).returncode == 0
        p = verify(s.db, out, pub)
        assert p.returncode == 0, p.stdout + p.stderr
        # An old entry changed without recomputing anything is still found by the chain itself.
        behind_the_triggers(s.db, ["UPDATE journal SET note = 'sửa' WHERE id = %d" % rows[0]["id"]])
        p = verify(s.db)
        assert p.returncode == 3 and "bản ghi số %d" % rows[0]["id"] in p.stdout, p.stdout


def test_server_anchors_periodically(_shared):
    folder = tempfile.mkdtemp(prefix="motcua-anchor-")
    try:
        sec, pub = keygen(folder)
        out = os.path.join(folder, "anchors")
        with own_server(QUIET + ["--anchor-key", sec, "--anchor-dir", out, "--anchor-interval", "1"]) as s:
            for rnd in range(2):  # each new head is signed by a later run of the job
                some_dossiers(s, 2, base=10 * rnd)
                last = entries(s.db)[-1]["id"]
                deadline = time.time() + 60
                while time.time() < deadline:
                    heads = [int(fields(ln)["last"]) for ln in anchor_lines(out)]
                    if last in heads:
                        break
                    time.sleep(0.2)
                assert last in heads, (last, anchor_lines(out))
            # A head is signed once, not again at every run while it stays the same.
            assert len(heads) == len(set(heads)), heads
            p = verify(s.db, out, pub)
            assert p.returncode == 0 and "Khớp" in p.stdout, p.stdout + p.stderr
            log = open(os.path.join(s.dir, "serve.log")).read()
            assert "journal anchors off" not in log, log
        # Without a key the server says once that nothing anchors the journal.
        with own_server(QUIET) as s:
            log = open(os.path.join(s.dir, "serve.log")).read()
            assert log.count("journal anchors off") == 1, log
        # A key others may read, or half of the options, stop the server before it starts.
        os.chmod(sec, 0o640)
        p = cli("serve", "--anchor-key", sec, "--anchor-dir", out, "--listen", "127.0.0.1:%d" % harness.free_port(),
                db=os.path.join(folder, "none.db"))
        assert p.returncode == 1 and "chmod 600" in p.stderr, p.stdout + p.stderr
        p = cli("serve", "--anchor-key", sec, db=os.path.join(folder, "none.db"))
        assert p.returncode == 2 and "--anchor-dir" in p.stderr, p.stdout + p.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    harness.main(globals())
