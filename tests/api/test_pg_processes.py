"""Two motcua servers on one PostgreSQL database, black-box: sessions made on
one are valid on the other, and concurrent intakes on both get distinct
codes with nothing lost. (Runs on PostgreSQL whatever MOTCUA_TEST_STORE says.)"""
import calendar
import os
import re
import subprocess
import tempfile
import threading
import time

import harness
from pgserver import PgServer


def serve(db, files, log):
    port = harness.free_port()
    env = dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_WEB=harness.WEB)
    p = subprocess.Popen([harness.BIN, "serve", "--db", db, "--files", files, "--listen", "127.0.0.1:%d" % port,
                          "--quiet"], stdout=log, stderr=subprocess.STDOUT, env=env)
    return p, port


class Peer:
    """Enough of harness.Server to talk to a server started here."""
    request = harness.Server.request
    get = harness.Server.get
    post = harness.Server.post
    login = harness.Server.login

    def __init__(self, port):
        self.port = port
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.get("/api/v1/health").status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("server did not start")


def test_two_servers_one_database(_s):
    pg = PgServer()
    folder = tempfile.mkdtemp(prefix="motcua-two-")
    procs = []
    try:
        db = pg.new_database()
        harness.run_cli("init", "--demo", "--data", harness.DATA, db=db)
        log = open(os.path.join(folder, "serve.log"), "w")
        for _ in range(2):
            procs.append(serve(db, os.path.join(folder, "files"), log))
        a, b = Peer(procs[0][1]), Peer(procs[1][1])
        token = a.login("tiepnhan.thucphan")
        assert b.get("/api/v1/auth/me", token=token).status == 200, "a session made on one server works on the other"
        codes, errors = [], []

        def intakes(peer, n):
            for i in range(n):
                body = {"procedure": "1.001193", "documents": [4, 6], "outcome": "accept",
                        "applicant": {"name": "Người %d" % i, "id_number": "0041900%05d" % i, "phone": "0987000000"}}
                r = peer.post("/api/v1/dossiers", body, token=token)
                if r.status == 201:
                    codes.append(r.json()["code"])
                else:
                    errors.append(r)

        threads = [threading.Thread(target=intakes, args=(peer, 25)) for peer in (a, b, a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors[:3]
        assert len(codes) == 100 and len(set(codes)) == 100, (len(codes), len(set(codes)))
        seqs = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
        assert seqs == list(range(1, 101)), seqs[:5]
        assert harness.count_rows(db, "dossiers") == 100
        # The same dossiers accepted at once on both servers: each exactly once; the journal stays one chain.
        online = []
        cit = a.login("0912345678")
        for i in range(10):
            body = {"procedure": "1.001193", "channel": "online", "receiving_unit": "01273", "documents": [4, 6],
                    "applicant": {"name": "Trực Tuyến %d" % i, "id_number": "0040900%05d" % i, "phone": "0912345678"}}
            r = b.post("/api/v1/dossiers", body, token=cit)
            assert r.status == 201, r
            online.append(r.json()["code"])
        results = {}

        def accept(peer, code, key):
            results[(code, key)] = peer.post("/api/v1/dossiers/%s/actions/accept" % code, {}, token=token).status

        threads = [threading.Thread(target=accept, args=(peer, code, k)) for code in online
                   for k, peer in enumerate((a, b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for code in online:
            assert sorted([results[(code, 0)], results[(code, 1)]]) == [200, 409], (code, results)
        p = harness.run_cli("journal", "verify", db=db)
        assert p.returncode == 0, p.stdout + p.stderr
        # One process runs the periodic jobs; when it stops, the other takes over.
        jobs = [peer.get("/api/v1/health").json()["jobs"] for peer in (a, b)]
        assert sorted(jobs) == [False, True], jobs
        leader = jobs.index(True)
        procs[leader][0].terminate()
        procs[leader][0].wait(timeout=10)
        other = (a, b)[1 - leader]
        deadline = time.time() + 10
        while not other.get("/api/v1/health").json()["jobs"] and time.time() < deadline:
            time.sleep(0.2)
        assert other.get("/api/v1/health").json()["jobs"], "the other server took over the jobs"
    finally:
        for p, _ in procs:
            p.terminate()
            p.wait(timeout=10)
        pg.stop()


def test_migrate_store_round_trip(_s):
    """A province's SQLite database copied into PostgreSQL: the same dossiers, journal and accounts,
    and work goes on there (codes and ids continue)."""
    pg = PgServer()
    procs = []
    try:
        with harness.own_server(store="sqlite") as s:  # the source is a SQLite file, whatever store is tested
            rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
            codes = []
            for i in range(5):
                body = {"procedure": "1.001193", "documents": [4, 6], "outcome": "accept",
                        "applicant": {"name": "Chuyển Nhà %d" % i, "id_number": "0041900%05d" % i, "phone": "0987000001",
                                      # what the copy must escape: tab, new line, backslash, and \N as text
                                      "address": "Tổ 5\tphường Thục Phán\nSố 1 \\ ngõ \\N"}}
                codes.append(s.post("/api/v1/dossiers", body, token=rcv).json()["code"])
            assert s.post("/api/v1/dossiers/%s/actions/claim" % codes[0], {}, token=spec).status == 200
            # A row in the tables of the later modules too: feedback, an inspection, a report.
            assert s.post("/api/v1/feedback", {"name": "Chuyển Nhà", "phone": "0987000001", "unit": "01273",
                                               "title": "Hỏi", "content": "Nội dung"}).status == 201
            sup = s.login("giamsat")
            assert s.post("/api/v1/inspections", {"unit": "01273", "period_from": "2026-01-01",
                                                  "period_to": "2026-01-31", "inspected_on": "2026-02-02",
                                                  "team": "Sở Nội vụ"}, token=sup).status == 201
            assert s.post("/api/v1/cchc-reports/04/2026/q1", {"number": "1/BC-UBND"}, token=sup).status == 200
            # This month's II.06a and 766 index (whole months: from the monthly sums), to compare after the
            # sums are built again on PostgreSQL (store_load: COPY, then one statement that sums).
            vn = time.gmtime(time.time() + 7 * 3600)
            month = "from=%04d-%02d-01&to=%04d-%02d-%02d" % (vn.tm_year, vn.tm_mon, vn.tm_year, vn.tm_mon,
                                                              calendar.monthrange(vn.tm_year, vn.tm_mon)[1])
            reports = ["/api/v1/stats/processing?unit=04&group=procedure&" + month,
                       "/api/v1/stats/processing?unit=04&" + month, "/api/v1/index766?unit=04&" + month]
            figures = [s.get(r, token=sup).json() for r in reports]
            assert figures[0]["total"]["received"]["total"] == 5, figures[0]
            before = {c: s.get("/api/v1/dossiers/" + c, token=rcv).json() for c in codes}
            journal = s.get("/api/v1/dossiers/%s/journal" % codes[0], token=rcv).json()
            src = s.db
            s.stop()
            uri = pg.new_database()
            p = harness.run_cli("migrate-store", "--from", src, "--to", uri)
            assert "số dòng từng bảng khớp" in p.stdout and "chuỗi băm đúng" in p.stdout, p.stdout
            # Every table of the schema came along, row for row (a module's table missing from the copy list
            # would be lost silently).
            import sqlite3
            con = sqlite3.connect(src)
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                "LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
            lost = {t: (con.execute("SELECT COUNT(*) FROM " + t).fetchone()[0], harness.count_rows(uri, t))
                    for t in tables}
            con.close()
            lost = {t: n for t, n in lost.items() if n[0] != n[1] and t != "schema_migrations"}
            assert lost == {}, lost
            assert harness.count_rows(uri, "feedback") == 1 and harness.count_rows(uri, "cchc_reports") == 1
            again = harness.run_cli("migrate-store", "--from", src, "--to", uri, check=False)
            assert again.returncode != 0 and "đã có 5 hồ sơ" in again.stderr, again.stderr
            # The monthly sums built again from the dossiers on PostgreSQL (what opening an older database does).
            pg._run("psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", uri.rsplit("/", 1)[1],
                    "-c", "DELETE FROM meta WHERE key IN ('stats_months_version', 'i766_months_version'); "
                    "DELETE FROM stats_months; DELETE FROM i766_months; DELETE FROM i766_counted")
            harness.run_cli("migrate", db=uri)
            assert harness.count_rows(uri, "i766_counted") == 5 and harness.count_rows(uri, "stats_months") >= 1
            log = open(os.path.join(s.dir, "pg.log"), "w")
            procs.append(serve(uri, s.files, log))
            peer = Peer(procs[0][1])
            sup = peer.login("giamsat")
            for r, was in zip(reports, figures):
                assert peer.get(r, token=sup).json() == was, r
            rcv = peer.login("tiepnhan.thucphan")  # users and passwords came along
            for c in codes:
                assert peer.get("/api/v1/dossiers/" + c, token=rcv).json() == before[c], c
            assert peer.get("/api/v1/dossiers/%s/journal" % codes[0], token=rcv).json() == journal
            body = {"procedure": "1.001193", "documents": [4, 6], "outcome": "accept",
                    "applicant": {"name": "Sau Khi Chuyển", "id_number": "004190099999", "phone": "0987000002"}}
            r = peer.post("/api/v1/dossiers", body, token=rcv)
            assert r.status == 201, r
            assert int(r.json()["code"].rsplit("-", 1)[1]) == int(codes[-1].rsplit("-", 1)[1]) + 1, r.json()["code"]
    finally:
        for p, _ in procs:
            p.terminate()
            p.wait(timeout=10)
        pg.stop()


def test_reports_planned_with_their_values(_s):
    """The reports over a period and a subtree are planned with their values on every run (store_pg.c
    planned_each_run): a prepared statement's generic plan, kept after five runs, scanned every dossier
    (bench/README.md). The server logs each statement: prepared ones as "execute q<N>", the others as
    "execute <unnamed>"."""
    pg = PgServer()
    folder = tempfile.mkdtemp(prefix="motcua-plans-")
    proc = None
    try:
        db = pg.new_database()
        harness.run_cli("init", "--demo", "--data", harness.DATA, db=db)
        pg._run("psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-c",
                "ALTER DATABASE %s SET log_statement = 'all'" % db.rsplit("/", 1)[1])
        proc = serve(db, os.path.join(folder, "files"), open(os.path.join(folder, "serve.log"), "w"))
        peer = Peer(proc[1])
        sup = peer.login("giamsat")
        for _ in range(7):
            for path in ("/api/v1/stats/processing?unit=04&from=2026-02-01&to=2026-02-28&group=procedure",
                         "/api/v1/index766?unit=04&from=2026-02-01&to=2026-02-28"):
                r = peer.get(path, token=sup)
                assert r.status == 200, r
        log = open(os.path.join(pg.dir, "log"), encoding="utf-8", errors="replace").read()
        unnamed = [line for line in log.splitlines() if "execute <unnamed>:" in line]
        prepared = [line for line in log.splitlines() if re.search(r"execute q[0-9]+:", line)]
        for table in ("FROM stats_months m", "FROM i766_months m", "FROM dossiers d WHERE (d.decided_at IS NULL"):
            assert sum(table in line for line in unnamed) >= 7, (table, unnamed[:3])
            assert not [line for line in prepared if table in line], table
        assert prepared, "the other queries stay prepared"
    finally:
        if proc:
            proc[0].terminate()
            proc[0].wait(timeout=10)
        pg.stop()


if __name__ == "__main__":
    harness.main(globals())
