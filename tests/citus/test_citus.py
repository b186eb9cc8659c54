"""motcua on a Citus cluster (issue 20), black-box: a coordinator and two workers started by the test
(tests/api/citusserver.py, scripts/citus.sh; Citus built first with scripts/citus.sh build).

- The tables are placed by rule: every table that carries a tenant is sharded by it and co-located
  with the dossiers (but the few named); units, users, the catalog and the calendar are reference
  tables on every node.
- An upgrade in steps (motcua migrate --to): the tables a later migration adds to a database that is
  already distributed are distributed too, and the database then works.
- Two provinces writing at once: codes unique and gapless per unit, nothing lost, each province's
  journal verifies on its own (journal verify --tenant) and as a whole.
- The same history, played on one plain PostgreSQL server and on the cluster on the same test clock,
  gives each province the same report II.06a (by procedure and by unit) and the same 766 index.
- What a province's work sends to more than one shard: the coordinator logs every multi-shard
  query (citus.multi_task_query_log_level); a counter's day (intake, processing, the inbox, the
  tracking page) sends none, nor does a supervisor's look at the province's figures (II.06a from
  the dossiers and from the monthly sums, the 766 index, its ranking and the dossiers that cost
  points, ratings, feedback, inspections, the reform tasks, the public board), nor reading a record
  by the id in a URL (a feedback, survey campaign, PAR INDEX round, inspection, legal document, task).

The API suite itself runs on the cluster as well: tests/api/test_*.py with MOTCUA_TEST_STORE=citus
(make test-citus).
"""
import os
import re
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402
from harness import clock_server, own_server, run_cli  # noqa: E402
from test_index766 import Desk, act, decide, ok  # noqa: E402
from test_tenants import second_province, sql  # noqa: E402
from test_web_forms import Browser  # noqa: E402

PROC = "1.001193"
CB_WARD, LS_COMMUNE = "01273", "06190"
CB_RECEIVER, LS_RECEIVER = "tiepnhan.thucphan", "tiepnhan.langson"
START = "2026-03-02T08:00:00+07:00"
PERIOD = "from=2026-03-01&to=2026-03-31"


def at(day, hm):
    return "2026-03-%02dT%s:00+07:00" % (day, hm)


def new_intake(s, token, i):
    body = {"procedure": PROC, "channel": "direct", "documents": [4, 6], "outcome": "accept",
            "applicant": {"name": "Người Nộp %d" % i, "id_number": "0041900%05d" % i, "phone": "0987000000"}}
    return ok(s.post("/api/v1/dossiers", body, token=token), 201)["code"]


def placement(db):
    """{table: (partmethod, repmodel, distribution column, colocation id)} of the Citus tables."""
    rows = sql(db, "SELECT logicalrelid::text, partmethod, repmodel, "
                   "COALESCE(column_to_column_name(logicalrelid, partkey), ''), colocationid FROM pg_dist_partition")
    return {t: (m, r, col, c) for t, m, r, col, c in rows}


def test_tables_placed_by_rule(_):
    with own_server(store="citus") as s:
        placed = placement(s.db)
        tables = [t for (t,) in sql(s.db, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                                          "AND relkind = 'r' ORDER BY relname")]
        with_tenant = {t for (t,) in sql(s.db, "SELECT table_name FROM information_schema.columns WHERE "
                                               "table_schema = 'public' AND column_name = 'tenant'")}
        colocation = placed["dossiers"][3]
        assert placed["dossiers"][:3] == ("h", "s", "tenant"), placed["dossiers"]
        sharded = 0
        # Kept on the coordinator, tenant or not (docs/SCALING.md): a unit's tenant is the root of its own
        # tree (units is a reference table); a person's in-app notifications are theirs, of no province;
        # the periodic reports' unique key (unit, year, period) does not hold the tenant, and they are a
        # few thousand rows a year.
        kept = {"units", "notifications", "cchc_reports", "cchc_report_sections", "cchc_report_figures"}
        for t in tables:
            if t in with_tenant and t not in kept:
                assert placed.get(t) == ("h", "s", "tenant", colocation), (t, placed.get(t))
                sharded += 1
            else:
                assert placed.get(t, ("",))[0] != "h", (t, placed.get(t))
        assert sharded >= 30, sharded
        for t in ["units", "users", "user_roles", "procedures", "procedure_versions", "calendar_exceptions",
                  "calendar_schedules", "process_templates"]:
            assert placed.get(t, ("",))[:2] == ("n", "t"), (t, placed.get(t))
        # Each shard of dossiers is on a worker (none left on the coordinator), both workers hold some.
        nodes = sql(s.db, "SELECT DISTINCT nodeport FROM citus_shards WHERE table_name = 'dossiers'::regclass")
        workers = harness.db_server("citus").worker_ports
        assert sorted(int(p) for (p,) in nodes) == sorted(workers), (nodes, workers)


def test_upgrade_in_steps_distributes_the_new_tables(_):
    db = harness.new_db(None, "citus")
    p = run_cli("migrate", "--to", "21", db=db)
    assert "phiên bản 19" in p.stdout, p.stdout  # (20 and 21 are not numbers of this schema)
    placed = placement(db)
    assert placed["dossiers"][0] == "h" and "stats_months" not in placed, placed
    p = run_cli("migrate", db=db)
    placed = placement(db)
    for t in ["stats_months", "i766_months", "i766_counted", "inbox_items", "inbox_counts"]:
        assert placed.get(t) == ("h", "s", "tenant", placed["dossiers"][3]), (t, placed.get(t))
    # The foreign keys of the tables already in place stayed; those dropped came back.
    fks = sql(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace")
    assert int(fks[0][0]) > 30, fks
    # And it works: the demo data loads, a second migrate has nothing to do.
    run_cli("init", "--demo", "--data", harness.DATA, db=db)
    assert sql(db, "SELECT count(*) FROM procedures") != [["0"]]
    p = run_cli("migrate", db=db)
    assert "phiên bản 24 (mới nhất 24)" in p.stdout or "(mới nhất" in p.stdout, p.stdout
    p = run_cli("migrate", "--to", "0", db=db, check=False)
    assert p.returncode == 2 and "--to" in p.stderr, p.stdout + p.stderr


def play(s):
    """A month's history for two provinces on the server's test clock: on each of four days, 6 intakes in
    each province at once (threads), then about half of each day's dossiers decided (specialist, leader)
    at Cao Bằng's ward, the others left open. Returns the codes by province."""
    desk = Desk(s)
    ls = second_province(s)
    desk.tokens[LS_RECEIVER] = ls
    codes = {"04": [], "20": []}
    errors = []
    n = 0
    for day in (2, 3, 4, 9):
        s.clock.set(at(day, "08:30"))

        def many(tenant, token, base):
            for i in range(6):
                try:
                    codes[tenant].append(new_intake(s, token, base + i))
                except Exception as ex:  # noqa: BLE001 - report any failure after the threads
                    errors.append(ex)

        threads = [threading.Thread(target=many, args=("04", desk(CB_RECEIVER), n)),
                   threading.Thread(target=many, args=("20", ls, n + 100))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        n += 6
        today = sorted(c for c in codes["04"] if c not in decided_codes(s))
        for k, code in enumerate(today[:3]):
            decide(s, desk, code, day + 1 if k == 2 else day, "1%d:00" % k)
    return codes


def decided_codes(s):
    return {c for (c,) in sql(s.db, "SELECT code FROM dossiers WHERE decided_at IS NOT NULL")}


def figures(s):
    """The reports of both provinces, as the API gives them."""
    admin = s.login("admin")
    out = {}
    for unit in ("04", CB_WARD, "20", LS_COMMUNE):
        for group in ("procedure", "unit"):
            r = ok(s.get("/api/v1/stats/processing?unit=%s&%s&group=%s" % (unit, PERIOD, group), token=admin))
            r.pop("generated_at", None)
            out["II.06a %s %s" % (unit, group)] = r
        r = ok(s.get("/api/v1/index766?unit=%s&%s" % (unit, PERIOD), token=admin))
        r.pop("generated_at", None)
        out["766 %s" % unit] = r
    return out


def test_two_provinces_at_once_and_reports_equal_to_one_server(_):
    played = {}
    for store in ("postgresql", "citus"):
        with clock_server(START, store=store) as s:
            codes = play(s)
            # Codes unique and gapless per unit, nothing lost.
            for tenant, unit in (("04", CB_WARD), ("20", LS_COMMUNE)):
                seqs = sorted(int(c.rsplit("-", 1)[1]) for c in codes[tenant])
                assert len(codes[tenant]) == 24 and len(set(codes[tenant])) == 24, codes[tenant]
                assert all(c.startswith(unit) for c in codes[tenant]), codes[tenant]
                days = {}
                for c in codes[tenant]:
                    days.setdefault(c.rsplit("-", 1)[0], []).append(int(c.rsplit("-", 1)[1]))
                assert all(sorted(v) == list(range(1, len(v) + 1)) for v in days.values()), days
                assert seqs
            s.clock.set(at(20, "10:00"))
            played[store] = figures(s)
            if store == "citus":
                for tenant in ("04", "20"):
                    p = run_cli("journal", "verify", "--tenant", tenant, db=s.db)
                    assert "Nhật ký của tỉnh %s nguyên vẹn" % tenant in p.stdout, p.stdout
                p = run_cli("journal", "verify", db=s.db)
                assert "Nhật ký nguyên vẹn" in p.stdout, p.stdout
    pg, citus = played["postgresql"], played["citus"]
    assert pg.keys() == citus.keys()
    for k in pg:
        assert pg[k] == citus[k], (k, pg[k], citus[k])
    # The history is not empty: each province received its 24, Cao Bằng decided some.
    t = pg["II.06a 04 procedure"]["total"]
    assert t["received"]["total"] == 24 and t["resolved"]["total"] == 12, t
    assert pg["II.06a 20 procedure"]["total"]["received"]["total"] == 24


MULTI = re.compile(r"multi-task query about to be executed\n(?:.*\n)*?.*STATEMENT:\s+(.*)")
# Work for every province at once, by design (docs/SCALING.md): the outbox worker looks for the messages
# due in all of them.
ACROSS = ("SELECT id, tenant FROM outbox WHERE state = 'pending'",)


def logging_multi_shard(s):
    """Makes the coordinator log every multi-shard query of the server's database and restarts the server
    (new connections take the setting). Returns a function giving the statements logged since, less the
    ones that are across provinces by design."""
    cluster = harness.db_server("citus")
    name = s.db.rsplit("/", 1)[1]
    sql(s.db, "ALTER DATABASE %s SET citus.multi_task_query_log_level = 'log'" % name)
    assert s.stop() in (0, None)
    assert s._start(), "the server did not start again"
    log = os.path.join(cluster.dir, "coordinator.log")
    seen = os.path.getsize(log)

    def since():
        with open(log, errors="replace") as f:
            f.seek(seen)
            text = f.read()
        return sorted({q for q in MULTI.findall(text) if not q.startswith(ACROSS)})
    return since


def test_a_counter_day_stays_on_its_shards(_):
    with clock_server(START, store="citus") as s:
        multi_since = logging_multi_shard(s)
        desk = Desk(s)
        s.clock.set(at(2, "09:00"))
        code = new_intake(s, desk(CB_RECEIVER), 1)
        key = ok(s.get("/api/v1/dossiers/%s" % code, token=desk(CB_RECEIVER)))["tracking_key"]
        decide(s, desk, code, 2, "10:00")
        act(s, code, "result_ready", desk(CB_RECEIVER))
        act(s, code, "return", desk(CB_RECEIVER), {"method": "counter"})
        assert s.get("/tra-cuu?code=%s&key=%s" % (code, key)).status == 200
        b = Browser(s)
        b.login("chuyenvien.thucphan")
        assert b.get("/can-bo").status == 200
        assert b.get("/can-bo/ho-so/%s" % code).status == 200
        multi = multi_since()
        assert not multi, "queries sent to every shard during a counter's day:\n" + "\n".join(multi)


def test_a_supervisors_figures_stay_on_their_shards(_):
    with clock_server(START, store="citus") as s:
        desk = Desk(s)
        codes = []
        for i in range(3):
            codes.append(new_intake(s, desk(CB_RECEIVER), 10 + i))
        decide(s, desk, codes[0], 2, "10:00")
        decide(s, desk, codes[1], 3, "10:00")
        second_province(s)
        s.clock.set(at(20, "10:00"))
        multi_since = logging_multi_shard(s)
        admin = s.login("admin")
        answered = []
        for unit in ("04", CB_WARD):
            for group in ("unit", "procedure", "field"):
                answered.append(s.get("/api/v1/stats/processing?unit=%s&%s&group=%s" % (unit, PERIOD, group),
                                      token=admin))
            # a period of whole months is read from the monthly sums, any other from the dossiers
            answered.append(s.get("/api/v1/stats/processing?unit=%s&from=2026-03-02&to=2026-03-20" % unit,
                                  token=admin))
            answered.append(s.get("/api/v1/index766?unit=%s&%s" % (unit, PERIOD), token=admin))
            answered.append(s.get("/api/v1/index766?unit=%s&from=2026-03-02&to=2026-03-20" % unit, token=admin))
            for ind in ("2.1", "3.3", "3.6", "4.1", "4.2"):
                answered.append(s.get("/api/v1/index766/dossiers?unit=%s&%s&indicator=%s" % (unit, PERIOD, ind),
                                      token=admin))
            answered.append(s.get("/api/v1/ratings/summary?unit=%s&%s" % (unit, PERIOD), token=admin))
            answered.append(s.get("/api/v1/feedback-stats?unit=%s&%s" % (unit, PERIOD), token=admin))
            answered.append(s.get("/api/v1/inspections/stats?unit=%s&%s" % (unit, PERIOD), token=admin))
        answered.append(s.get("/api/v1/index766/ranking?unit=04&%s" % PERIOD, token=admin))
        answered.append(s.get("/bang-cong-khai"))
        b = Browser(s)
        b.login("lanhdao.thucphan")
        answered.append(b.get("/can-bo/nhiem-vu"))
        answered.append(b.get("/can-bo/thong-ke?unit=%s&%s" % (CB_WARD, PERIOD)))
        assert all(r.status == 200 for r in answered), [r for r in answered if r.status != 200]
        multi = multi_since()
        assert not multi, "queries sent to every shard for a province's figures:\n" + "\n".join(multi)


def test_records_read_by_id_stay_on_their_shards(_):
    """The record named by an id or code in a URL is asked first in the province of who asks (of the unit
    a feedback code names): a feedback, survey campaign, PAR INDEX round, inspection, legal document and
    task, their lists and the writes that begin by reading one, send no query to every shard."""
    from test_feedback import item
    from test_inspections import plan_body
    from test_parindex import ROUND
    from test_tasks import add, new_doc, report
    with clock_server(START, store="citus") as s:
        desk = Desk(s)
        second_province(s)
        fb = ok(s.post("/api/v1/feedback", item(), token=None), 201)["code"]
        sup = desk("giamsat")
        cid = ok(s.post("/api/v1/surveys", {"name": "Khảo sát thử", "from": "2026-01-01", "to": "2026-12-31",
                                            "unit": "04", "sample_size": 10}, token=sup), 201)["id"]
        rid = ok(s.post("/api/v1/par/rounds", ROUND, token=desk("lanhdao.noivu")), 201)["id"]
        plan = ok(s.post("/api/v1/inspection-plans", plan_body(), token=sup), 201)
        iid = ok(s.post("/api/v1/inspections", {"target": plan["targets"][0]["id"], "period_from": "2026-01-01",
                                                "period_to": "2026-02-28", "inspected_on": "2026-03-16",
                                                "team": "Sở Nội vụ"}, token=sup), 201)["id"]
        keeper = desk("chuyenvien.tuphap")
        ld = ok(s.get("/api/v1/legal-docs?per_page=200", token=keeper))["docs"][0]["id"]
        ubnd = desk("lanhdao.ubnd")
        doc = new_doc(s, ubnd)["id"]
        multi_since = logging_multi_shard(s)
        answered = [s.get("/api/v1/feedback/%s" % fb, token=desk("lanhdao.thucphan")),
                    s.get("/api/v1/surveys/%d" % cid, token=sup), s.get("/api/v1/surveys", token=sup),
                    s.get("/api/v1/par/rounds/%d" % rid, token=desk("lanhdao.noivu")),
                    s.get("/api/v1/par/rounds", token=desk("lanhdao.noivu")),
                    s.get("/api/v1/inspections/%d" % iid, token=sup),
                    s.get("/api/v1/legal-docs/%d" % ld, token=keeper)]
        tid = add(s, ubnd, doc, due_on="2026-04-30")["id"]
        report(s, desk("chuyenvien.thucphan"), tid, percent=50, text="Đã làm một nửa")
        answered.append(s.get("/api/v1/tasks/%d" % tid, token=ubnd))
        # the writes that follow such a read: a feedback accepted and answered, the officers' list of feedback
        spec = desk("chuyenvien.thucphan")
        for action, body in (("accept", {"topic": "handling"}), ("answer", {"reply": "Đã nhắc nhở bộ phận một cửa."})):
            answered.append(s.post("/api/v1/feedback/%s/actions/%s" % (fb, action), body, token=spec))
        answered.append(s.get("/api/v1/feedback", token=spec))
        assert all(r.status == 200 for r in answered), [r for r in answered if r.status != 200]
        multi = multi_since()
        assert not multi, "queries sent to every shard for records read by id:\n" + "\n".join(multi)


if __name__ == "__main__":
    harness.main(globals())
