"""Tenants (provinces) on one database, black-box: every table that grows with the dossiers carries
the tenant of the dossier; each tenant's journal is its own hash chain; on PostgreSQL the tenant leads
every key and reference of those tables (what a distributed PostgreSQL, Citus, asks), and a province's
writes do not wait for another province's. Runs on the store under test (MOTCUA_TEST_STORE)."""
import subprocess
import threading
import time

import harness
from harness import own_server
from test_pg_processes import Peer, serve

# The tables that grow with the dossiers (docs/SCALING.md).
LARGE = ["code_sequences", "dossiers", "dossier_documents", "dossier_files", "dossier_requests", "journal"]


def sql(db, query):
    """Rows of a query on a server's database (lists of text), whichever the store."""
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-F", "\t", "-d", db, "-c", query], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        return [line.split("\t") for line in p.stdout.splitlines() if line]
    import sqlite3
    c = sqlite3.connect(db)
    rows = [[str(v) if v is not None else "" for v in row] for row in c.execute(query).fetchall()]
    c.close()
    return rows


def second_province(s):
    """Lạng Sơn (code 20) beside Cao Bằng on the same database: a commune and its receiving officer."""
    admin = s.login("admin")
    r = s.post("/api/v1/units", {"code": "20", "name": "Tỉnh Lạng Sơn", "kind": "province"}, token=admin)
    assert r.status == 201, r
    r = s.post("/api/v1/units", {"code": "06190", "name": "Xã Thử Lạng Sơn", "kind": "commune", "parent": "20"},
               token=admin)
    assert r.status == 201, r
    r = s.post("/api/v1/users", {"username": "tiepnhan.langson", "name": "Hoàng Thị Lạng", "unit": "06190",
                                 "roles": ["receiver"], "password": harness.DEMO_PASSWORD}, token=admin)
    assert r.status == 201, r
    return s.login("tiepnhan.langson")


def intake(s, token, i, unit=None):
    body = {"procedure": "1.001193", "documents": [4, 6], "outcome": "accept",
            "applicant": {"name": "Người Nộp %d" % i, "id_number": "0041900%05d" % i, "phone": "0987000000"}}
    r = s.post("/api/v1/dossiers", body, token=token)
    assert r.status == 201, r
    return r.json()["code"]


def test_every_large_table_carries_the_tenant(s):
    ls = second_province(s)
    cb = s.login("tiepnhan.thucphan")
    spec = s.login("chuyenvien.thucphan")
    a = intake(s, cb, 1)
    b = intake(s, ls, 2)
    # A request (supplement at the counter) and a file, so that every large table has rows.
    body = {"procedure": "1.001193", "documents": [4], "outcome": "supplement", "items": ["Bản sao giấy tờ"],
            "applicant": {"name": "Người Bổ Sung", "id_number": "004190012345", "phone": "0987000000"}}
    r = s.post("/api/v1/dossiers", body, token=ls)
    assert r.status == 201, r
    c = r.json()["code"]
    part = (b'--b\r\nContent-Disposition: form-data; name="doc_4"; filename="to-khai.pdf"\r\n'
            b'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--b--\r\n')
    r = s.request("POST", "/api/v1/dossiers/%s/files" % b, token=ls, raw=part, ctype="multipart/form-data; boundary=b")
    assert r.status == 201, r
    assert s.post("/api/v1/dossiers/%s/actions/claim" % a, {}, token=spec).status == 200
    tenants = dict(sql(s.db, "SELECT code, tenant FROM dossiers"))
    assert tenants == {a: "04", b: "20", c: "20"}, tenants
    for t in LARGE:
        rows = sql(s.db, "SELECT tenant, COUNT(*) FROM %s GROUP BY tenant ORDER BY tenant" % t)
        assert rows and all(tenant in ("04", "20") for tenant, _ in rows), (t, rows)
    assert sql(s.db, "SELECT COUNT(*) FROM dossier_files WHERE tenant = '20'") == [["1"]]
    assert sql(s.db, "SELECT COUNT(*) FROM dossier_requests WHERE tenant = '20'") == [["1"]]
    # Child rows have their dossier's tenant.
    for t in ["dossier_documents", "dossier_files", "dossier_requests", "journal"]:
        bad = sql(s.db, "SELECT COUNT(*) FROM %s x WHERE x.dossier_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                        "dossiers d WHERE d.tenant = x.tenant AND d.id = x.dossier_id)" % t)
        assert bad == [["0"]], (t, bad)
    assert dict(sql(s.db, "SELECT code, tenant FROM units WHERE code IN ('04', '01273', '20', '06190')")) == {
        "04": "04", "01273": "04", "20": "20", "06190": "20"}
    # Each province's journal is its own chain, from the genesis; both verify.
    firsts = sql(s.db, "SELECT tenant, prev_hash FROM journal j WHERE id = (SELECT MIN(id) FROM journal k "
                       "WHERE k.tenant = j.tenant) ORDER BY tenant")
    assert [t for t, _ in firsts] == ["04", "20"] and all(set(h) == {"0"} for _, h in firsts), firsts
    p = harness.run_cli("journal", "verify", db=s.db)
    assert p.returncode == 0, p.stdout + p.stderr
    # And one province at a time (on Citus, each read goes to the province's own shards).
    total = int(sql(s.db, "SELECT COUNT(*) FROM journal")[0][0])
    assert ("%d bản ghi" % total) in p.stdout, p.stdout
    each = 0
    for t in ("04", "20"):
        p = harness.run_cli("journal", "verify", "--tenant", t, db=s.db)
        n = int(sql(s.db, "SELECT COUNT(*) FROM journal WHERE tenant = '%s'" % t)[0][0])
        assert p.returncode == 0 and ("Nhật ký của tỉnh %s nguyên vẹn: %d bản ghi." % (t, n)) in p.stdout, \
            p.stdout + p.stderr
        each += n
    assert each == total
    p = harness.run_cli("journal", "verify", "--tenant", "01273", db=s.db, check=False)  # a commune, not a province
    assert p.returncode == 1 and "không có tỉnh" in p.stderr, p.stdout + p.stderr
    if not s.db.startswith("postgresql://"):  # (PostgreSQL's reference (tenant, dossier_id) refuses this)
        # A whole province's chain relabelled as another tenant is still a valid chain, but not its dossiers'.
        import shutil
        import sqlite3
        moved = s.db + ".moved.db"
        assert s.stop() in (0, None), "the server exited badly (a sanitizer report?)"
        shutil.copy(s.db, moved)
        c = sqlite3.connect(moved)
        c.executescript("DROP TRIGGER journal_no_update; UPDATE journal SET tenant = '99' WHERE tenant = '20';")
        c.close()
        p = harness.run_cli("journal", "verify", db=moved, check=False)
        assert p.returncode == 3, p.stdout + p.stderr


def test_codes_and_journals_of_two_provinces_at_once(s):
    """Concurrent intakes in two provinces: codes gapless per unit, nothing lost, both chains intact."""
    ls = second_province(s)
    cb = s.login("tiepnhan.thucphan")
    codes, errors = [], []

    def many(token, base):
        for i in range(15):
            try:
                codes.append(intake(s, token, base + i))
            except AssertionError as e:
                errors.append(e)

    threads = [threading.Thread(target=many, args=(tok, k * 100)) for k, tok in enumerate((cb, ls, cb, ls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:2]
    for unit in ("01273", "06190"):
        seqs = sorted(int(c.rsplit("-", 1)[1]) for c in codes if c.startswith(unit + "-"))
        assert seqs == list(range(1, 31)), (unit, seqs)
    p = harness.run_cli("journal", "verify", db=s.db)
    assert p.returncode == 0, p.stdout + p.stderr


def test_citus_keys(s):
    """PostgreSQL: in every table that grows with the dossiers the tenant is NOT NULL with no default,
    leads every primary key and unique constraint, and is part of every reference among them."""
    if not s.db.startswith("postgresql://"):
        # SQLite: the column is there in every such table (its keys stay the rowid).
        for t in LARGE:
            cols = [r[1] for r in sql(s.db, "PRAGMA table_info(%s)" % t)]
            assert "tenant" in cols, (t, cols)
        return
    names = "'" + "', '".join(LARGE) + "'"
    cols = sql(s.db, "SELECT table_name, is_nullable, COALESCE(column_default, '') FROM information_schema.columns "
                     "WHERE column_name = 'tenant' AND table_name IN (%s) ORDER BY table_name" % names)
    assert sorted(c[0] for c in cols) == sorted(LARGE), cols
    assert all(c[1] == "NO" and c[2] == "" for c in cols), cols
    keys = sql(s.db, "SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                     "WHERE contype IN ('p', 'u', 'f') AND conrelid::regclass::text IN (%s) ORDER BY 1, 2" % names)
    kinds = {}
    for table, kind, definition in keys:
        kinds.setdefault(table, set()).add(kind)
        if kind in ("p", "u"):
            assert definition.split("(", 1)[1].startswith("tenant"), (table, definition)
        else:
            refs = definition.split("REFERENCES ", 1)[1]
            if refs.split("(", 1)[0] in LARGE:  # a reference to a reference table (units, users…) may be plain
                assert definition.startswith("FOREIGN KEY (tenant,") and "(tenant, id)" in refs, (table, definition)
    assert all("p" in kinds.get(t, ()) for t in LARGE), kinds
    assert "f" in kinds["journal"] and "f" in kinds["dossier_documents"], kinds
    # The tenant leads the keys, so reads by dossier need their own index (a full scan per read otherwise).
    for t in ["dossier_documents", "dossier_files", "dossier_requests", "journal"]:
        idx = sql(s.db, "SELECT indexname FROM pg_indexes WHERE tablename = '%s' AND indexdef LIKE '%%(dossier_id%%'" % t)
        assert idx, t
    assert sql(s.db, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'dossiers' AND indexdef LIKE '%(code)'") == [["1"]]
    # Catalog search has its trigram index, and search answers the same.
    idx = sql(s.db, "SELECT indexdef FROM pg_indexes WHERE indexname = 'procedure_versions_search'")
    assert idx and "gin_trgm_ops" in idx[0][0], idx
    r = s.get("/api/v1/procedures?q=khai+sinh")
    assert r.status == 200 and r.json()["items"], r


def test_one_province_writes_while_another_waits(s):
    """PostgreSQL: while Cao Bằng's write lock is held (here by another session on the server), a Lạng Sơn
    intake goes through at once and a Cao Bằng intake waits, then goes through when it is released."""
    if not s.db.startswith("postgresql://"):
        return  # SQLite has one writer for the whole file: nothing to show
    ls = second_province(s)
    cb = s.login("tiepnhan.thucphan")
    holder = subprocess.Popen(["psql", "-At", "-d", s.db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        holder.stdin.write("SELECT pg_advisory_lock(7263202, hashtext('04'));\nSELECT 'held';\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == ""  # pg_advisory_lock returns void
        assert holder.stdout.readline().strip() == "held"
        # More of Cao Bằng's intakes waiting than the process has writer connections (8)…
        done = []
        waiters = [threading.Thread(target=lambda i=i: done.append(intake(s, cb, 2 + i))) for i in range(12)]
        for w in waiters:
            w.start()
        time.sleep(1.5)
        assert not done, "Cao Bằng's intakes wait for their province's lock"
        # …and yet another province's intake and a login go through at once.
        t0 = time.time()
        intake(s, ls, 1)
        s.login("tiepnhan.thucphan")
        assert time.time() - t0 < 3, "another province does not wait"
        assert not done
        holder.stdin.write("SELECT pg_advisory_unlock_all();\n")
        holder.stdin.flush()
        for w in waiters:
            w.join(20)
        assert len(done) == 12 and all(c.startswith("01273-") for c in done), done
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    p = harness.run_cli("journal", "verify", db=s.db)
    assert p.returncode == 0, p.stdout + p.stderr


def old_chain(db):
    """Rewrites a SQLite database's journal as motcua wrote it before migration 7: one BLAKE2b chain for
    the whole database, in id order (journal.c's entry hash: fields as text, 0x1f after each, NULL 0x00)."""
    import hashlib
    import sqlite3
    c = sqlite3.connect(db)
    rows = c.execute("SELECT id, dossier_id, at, user_id, actor, role, unit_code, action, from_state, to_state, "
                     "step_seq, step_name, step_due_at, timing, to_unit_code, note FROM journal ORDER BY id").fetchall()
    prev = "0" * 64
    c.execute("DROP TRIGGER journal_no_update")
    for r in rows:
        h = hashlib.blake2b(digest_size=32)
        for i, v in enumerate((prev,) + tuple(r[1:16])):
            if i in (1, 2, 3, 10, 12):  # numbers; NULL counts as 0
                h.update(str(v or 0).encode())
            elif v is None:
                h.update(b"\x00")
            else:
                h.update(v.encode())
            h.update(b"\x1f")
        c.execute("UPDATE journal SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h.hexdigest(), r[0]))
        prev = h.hexdigest()
    c.execute("CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN "
              "SELECT RAISE(ABORT, 'journal is append-only'); END")
    c.commit()
    c.close()


# Migration 11 taken back: the journal as migrations 2 and 7 made it (dossier_id required, no subject).
JOURNAL_COLS = ("id, dossier_id, at, user_id, actor, role, unit_code, action, from_state, to_state, step_seq,"
                " step_name, step_due_at, timing, to_unit_code, note, prev_hash, hash, tenant")
JOURNAL_BEFORE_11 = (
    "CREATE TABLE journal_before (id INTEGER PRIMARY KEY, dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
    " at BIGINT NOT NULL, user_id BIGINT, actor TEXT NOT NULL, role TEXT NOT NULL, unit_code TEXT,"
    " action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, step_seq INTEGER, step_name TEXT,"
    " step_due_at BIGINT, timing TEXT, to_unit_code TEXT, note TEXT, prev_hash TEXT NOT NULL,"
    " hash TEXT NOT NULL, tenant TEXT NOT NULL DEFAULT '');"
    "INSERT INTO journal_before(%s) SELECT %s FROM journal WHERE subject IS NULL;"  # (the demo's tasks' entries)
    "DROP TABLE journal; ALTER TABLE journal_before RENAME TO journal;"
    "CREATE INDEX journal_dossier ON journal(dossier_id, id); CREATE INDEX journal_tenant ON journal(tenant, id);"
    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"
    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"
) % (JOURNAL_COLS, JOURNAL_COLS)


def test_upgrade_keeps_the_journal(_shared):
    """SQLite: a database as it was before the tenant, with two provinces and one journal chain for both
    (migration 7 taken back after real work, the chain rewritten as it was then), is upgraded in place:
    every row gets its province, the old chain and the new per-province ones verify, and a change to
    an old entry is still found."""
    if harness.store_under_test() != "sqlite":
        return
    import shutil
    import sqlite3
    with own_server(store="sqlite") as s:
        ls = second_province(s)
        rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
        codes = [intake(s, rcv, i) for i in range(3)] + [intake(s, ls, 7)]
        assert s.post("/api/v1/dossiers/%s/actions/claim" % codes[0], {}, token=spec).status == 200
        assert s.stop() in (0, None), "the server exited badly (a sanitizer report?)"
        c = sqlite3.connect(s.db)
        c.executescript(JOURNAL_BEFORE_11 + "DROP INDEX journal_tenant; DROP INDEX code_sequences_tenant;" + "".join(
            "ALTER TABLE %s DROP COLUMN tenant;" % t for t in LARGE + ["units"]) +
            "DELETE FROM schema_migrations WHERE version = 7; DELETE FROM meta WHERE key = 'journal_chains_from';"
            # and every migration after 7, as the database was then
            "DROP TABLE throttle; DROP TABLE login_known;"
            "DROP TABLE ratings; DROP TABLE rating_sets;"  # migration 9
            "DROP TABLE survey_events; DROP TABLE survey_responses; DROP TABLE survey_invites;"  # migration 10
            "DROP TABLE survey_campaigns; DROP TABLE questionnaires;"
            "DROP TABLE feedback;"  # migration 12
            "DROP TABLE insp_evidence; DROP TABLE insp_remedies; DROP TABLE insp_findings;"  # migration 13
            "DROP TABLE inspections; DROP TABLE insp_targets; DROP TABLE insp_plans;"
            "DROP TABLE cchc_report_figures; DROP TABLE cchc_report_sections; DROP TABLE cchc_reports;"  # 16
            "DROP TABLE legal_doc_keepers; DROP TABLE legal_proc_flags; DROP TABLE legal_doc_reviews;"  # migration 14
            "DROP TABLE legal_doc_changes; DROP TABLE legal_docs;"
            "DROP TABLE news; DROP TABLE task_evidence; DROP TABLE task_reports;"  # migration 15
            "DROP TABLE task_units; DROP TABLE tasks; DROP TABLE task_docs;"
            "DROP TABLE par_evidence; DROP TABLE par_scores; DROP TABLE par_assessments;"  # migration 17
            "DROP TABLE par_rounds; DROP TABLE par_bands; DROP TABLE par_criteria; DROP TABLE par_sets;"
            "DROP TABLE par_national_rows; DROP TABLE par_national;"  # migration 18
            "DROP TABLE notify_optout; DROP TABLE notify_prefs; DROP TABLE notifications;"  # migration 19
            "DROP TABLE outbox;"
            "DROP TABLE stats_months; DROP INDEX dossiers_open;"  # migration 22
            "DROP TABLE i766_months; DROP TABLE i766_counted;"  # migration 23
            "DROP TABLE inbox_items; DROP TABLE inbox_counts;"  # migration 24
            "DROP TABLE nodes; DROP TABLE node_keys; DROP TABLE node_units; DROP TABLE node_journal;"  # 25
            "DROP TABLE node_conflicts; DROP TABLE dossier_origin; DROP TABLE node_outq; DROP TABLE node_pulled;"
            "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL);"
            "DELETE FROM schema_migrations WHERE version > 7;"
            # and what this version records on opening: the first entry of the new hash encoding
            "DELETE FROM meta WHERE key = 'journal_hash_v2_from';")
        c.close()
        old_chain(s.db)
        assert int(sql(s.db, "SELECT COUNT(*) FROM journal")[0][0]) >= 6
        tampered = s.db + ".tampered.db"
        shutil.copy(s.db, tampered)
        c = sqlite3.connect(tampered)
        c.executescript("DROP TRIGGER journal_no_update; UPDATE journal SET note = 'sửa' WHERE id = "
                        "(SELECT id FROM journal ORDER BY id LIMIT 1 OFFSET 1);"  # the second entry
                        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN "
                        "SELECT RAISE(ABORT, 'journal is append-only'); END;")
        c.close()
        p = harness.run_cli("journal", "verify", db=tampered, check=False)  # opening migrates
        assert p.returncode == 3, p.stdout + p.stderr
        assert sql(s.db, "SELECT MAX(version) FROM schema_migrations") == [["6"]]
        p = harness.run_cli("journal", "verify", db=s.db)  # opening migrates
        assert p.returncode == 0, p.stdout + p.stderr
        assert int(sql(s.db, "SELECT MAX(version) FROM schema_migrations")[0][0]) >= 7
        for t in LARGE + ["units"]:
            assert sql(s.db, "SELECT COUNT(*) FROM %s WHERE tenant NOT IN ('04', '20')" % t) == [["0"]], t
        for t in ["units", "code_sequences", "dossiers", "dossier_documents", "journal"]:
            assert sql(s.db, "SELECT COUNT(DISTINCT tenant) FROM %s" % t) == [["2"]], t
        log = open(s.dir + "/again.log", "w")
        proc, port = serve(s.db, s.files, log)  # the same database served again
        try:
            peer = Peer(port)
            code = intake(peer, peer.login("tiepnhan.thucphan"), 9)
            assert int(code.rsplit("-", 1)[1]) == 4, code
            code = intake(peer, peer.login("tiepnhan.langson"), 10)
            assert code.startswith("06190-") and int(code.rsplit("-", 1)[1]) == 2, code
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        p = harness.run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr
        # Signed anchors cover the old chain too (test_journal_anchors.py tests them at length).
        sec, pub, out = s.dir + "/a.key", s.dir + "/a.pub", s.dir + "/anchors"
        harness.run_cli("journal", "keygen", "--secret", sec, "--public", pub)
        harness.run_cli("journal", "anchor", "--key", sec, "--out", out, db=s.db)
        p = harness.run_cli("journal", "verify", "--anchors", out, "--public", pub, db=s.db)
        assert "Khớp 3 mốc" in p.stdout, p.stdout  # the old chain and both provinces'


# Each of these adds the second province to its own server.
for _t in (test_every_large_table_carries_the_tenant, test_codes_and_journals_of_two_provinces_at_once,
           test_one_province_writes_while_another_waits):
    _t.fresh = True

if __name__ == "__main__":
    harness.main(globals())
