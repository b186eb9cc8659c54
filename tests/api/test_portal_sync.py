"""National portal sync (Cổng DVCQG, issue 18; docs/PORTAL.md): motcua's messages against the conformance
fake of the exchange (portal_fake.py) that the tests start on 127.0.0.1.

- A generated history (several procedures; counter and online intake, supplements at intake and in
  processing, fees paid, liên thông transfers, refusals, stops, extensions, returns, ratings) with
  injected failures (500, a timeout after the portal took the message, a dropped connection, an
  "already received" answer): the fake sees every national status change of each dossier in order,
  each message accepted exactly once, the shape of each one valid; the partner dossiers are not sent;
  every outbox message ends sent with the fake's acknowledgement.
- The reconciliation report lists exactly the dossiers not acknowledged (refused with 400: dead; the
  portal down: pending) with why, as JSON and CSV; 766 indicator 1.4 is the acknowledged share, and
  "not recorded" for a province that never had an acknowledgement.
- `motcua portal pull-catalog` imports the procedures the portal changed since the last pull.
"""
import csv
import datetime
import io
import json
import os
import subprocess
import tempfile
import time

import harness
from harness import expect_error, own_server, run_cli
from portal_fake import PortalFake
from test_web_forms import Browser

WARD = "01273"
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
PROCS = ["1.001193", "1.000110", "1.000894", "1.000419"]
# National codes of motcua's states (domain.md §9; src/domain/dossier_rules.c), written here again on purpose.
CODE = {"submitted": "1", "intake_supplement": "5", "refused": "3", "received": "2", "processing": "4",
        "supplement": "5", "payment": "6", "partner": "4", "decided": "9", "result_ready": "9", "returned": "10",
        "stopped": "7"}


def ok(resp, status=200):
    assert resp.status == status, "expected %d, got %r" % (status, resp)
    return resp.json()


def today():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date().isoformat()


def key_file(fake):
    f = tempfile.NamedTemporaryFile("w", prefix="motcua-portal-key-", delete=False)
    f.write(fake.key + "\n")
    f.close()
    return f.name


def portal_args(fake, kf):
    return ["--portal", fake.url, "--portal-key-file", kf, "--outbox-retry", "1", "--outbox-retry-max", "2",
            "--send-timeout", "1", "--outbox-poll-ms", "50"]


def sql(db, query):
    """Rows of a query on the server's database, whichever the store (values as text)."""
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-F", "\t", "-d", db, "-c", query], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        return [line.split("\t") for line in p.stdout.splitlines() if line]
    import sqlite3
    c = sqlite3.connect(db)
    rows = [[("" if v is None else str(v)) for v in r] for r in c.execute(query).fetchall()]
    c.close()
    return rows


def wait_until(what, fn, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if fn():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def wait_settled(s, timeout=30):
    """Until no portal message is pending (sent or dead: the worker has nothing left to do)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not sql(s.db, "SELECT id FROM outbox WHERE channel = 'portal' AND state = 'pending'"):
            return
        time.sleep(0.1)
    raise AssertionError("portal messages still pending: %r" %
                         sql(s.db, "SELECT id, event, attempts, last_error FROM outbox WHERE channel = 'portal' "
                                   "AND state = 'pending'"))


class Desk:
    def __init__(self, s):
        self.s, self.t = s, {}

    def __call__(self, who):
        if who not in self.t:
            self.t[who] = self.s.login(who)
        return self.t[who]


class World:
    """Makes dossiers move on one server."""

    def __init__(self, s):
        self.s, self.desk, self.mand = s, Desk(s), {}
        self.keys = {}

    def mandatory(self, proc):
        if proc not in self.mand:
            p = ok(self.s.get("/api/v1/procedures/" + proc))
            self.mand[proc] = [d["seq"] for d in p["documents"] if d["mandatory"]]
        return self.mand[proc]

    def counter(self, proc, outcome="accept", **kw):
        body = {"procedure": proc, "channel": "direct", "outcome": outcome, "documents": self.mandatory(proc),
                "applicant": {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321"}}
        body.update(kw)
        d = ok(self.s.post("/api/v1/dossiers", body, token=self.desk(RECEIVER)), 201)
        self.keys[d["code"]] = d.get("tracking_key")
        return d["code"]

    def online(self, proc):
        body = {"procedure": proc, "channel": "online", "receiving_unit": WARD,
                "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": "0912345678"},
                "documents": self.mandatory(proc)}
        d = ok(self.s.post("/api/v1/dossiers", body, token=self.desk("0912345678")), 201)
        self.keys[d["code"]] = d.get("tracking_key")
        return d["code"]

    def act(self, code, action, who, body=None):
        return ok(self.s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=self.desk(who)))

    def decide(self, code, verdict="approve"):
        self.act(code, "claim", SPECIALIST)
        self.act(code, "forward", SPECIALIST)
        self.act(code, "claim", LEADER)
        body = {"reason": "Không đủ điều kiện", "items": ["Không đủ điều kiện theo quy định"]}
        return self.act(code, verdict, LEADER, body if verdict == "reject" else None)

    def give_back(self, code, rate=None):
        self.act(code, "result_ready", RECEIVER)
        self.act(code, "return", RECEIVER, {"method": "counter"})
        if rate:
            ok(self.s.post("/api/v1/track/%s/rating" % code, {"key": self.keys[code], "overall": rate}), 201)

    def journal(self, code):
        return ok(self.s.get("/api/v1/dossiers/%s/journal" % code, token=self.desk(SPECIALIST)))["entries"]


def expected(entries):
    """What the portal must see of a dossier, from its journal (an implementation apart from the C table)."""
    out = []
    for e in entries:
        frm, to = (e["from"] or {}).get("name"), (e["to"] or {}).get("name")
        if frm is None:
            out.append(("created", CODE[to]))
        elif e["action"] == "rate":
            out.append(("rating", CODE[to]))
        elif e["action"] == "extend":
            out.append(("extend", CODE[to]))
        elif CODE[frm] != CODE[to]:
            out.append(({"decided": "result", "returned": "returned"}.get(to, "status"), CODE[to]))
    return out


def history(w):
    """The generated history: returns the lead dossiers' codes and the partner ones."""
    codes, partners = [], []
    for i, proc in enumerate(PROCS):
        # Counter, processed, returned, rated.
        c = w.counter(proc)
        w.decide(c, "approve" if i % 2 == 0 else "reject")
        w.give_back(c, rate=["very_satisfied", "satisfied", "dissatisfied", "satisfied"][i])
        codes.append(c)
    # In processing: a supplement, a fee paid, an extension, a decision, returned.
    c = w.counter(PROCS[1])
    w.act(c, "claim", SPECIALIST)
    w.act(c, "request_supplement", SPECIALIST, {"items": ["Bản sao giấy tờ tùy thân"], "reason": "Thiếu giấy tờ"})
    w.act(c, "resubmit", RECEIVER, {"documents": w.mandatory(PROCS[1])})
    w.act(c, "request_payment", RECEIVER, {"amount": 50000})
    w.act(c, "mark_paid", RECEIVER)
    w.act(c, "extend", LEADER, {"days": 2, "reason": "Chờ xác minh thông tin"})
    w.act(c, "forward", SPECIALIST)
    w.act(c, "claim", LEADER)
    w.act(c, "approve", LEADER)
    w.give_back(c)
    codes.append(c)
    # A supplement while received, resubmitted, then stopped at the applicant's request.
    c = w.counter(PROCS[3])
    w.act(c, "request_supplement", RECEIVER, {"items": ["Tờ khai"], "reason": "Thiếu tờ khai"})
    w.act(c, "resubmit", RECEIVER, {"documents": w.mandatory(PROCS[3])})
    w.act(c, "stop", RECEIVER, {"reason": "Người nộp xin rút hồ sơ"})
    codes.append(c)
    # Liên thông: transferred to Sở Tư pháp and back, then decided and returned.
    c = w.counter(PROCS[0])
    w.act(c, "claim", SPECIALIST)
    w.act(c, "transfer", SPECIALIST, {"unit": "S03", "note": "Xác minh"})
    child = [j for j in w.journal(c) if j["action"] == "transfer"][-1]["note"].split("hồ sơ liên thông ")[1][:17]
    partners.append(child)
    for who, action in (("chuyenvien.tuphap", "claim"), ("chuyenvien.tuphap", "forward"),
                        ("lanhdao.tuphap", "claim"), ("lanhdao.tuphap", "approve")):
        w.act(child, action, who)
    w.act(c, "forward", SPECIALIST)
    w.act(c, "claim", LEADER)
    w.act(c, "approve", LEADER)
    w.give_back(c, rate="satisfied")
    codes.append(c)
    # Refused at the counter; online refused; online supplemented at intake, accepted, then stopped.
    codes.append(w.counter(PROCS[2], outcome="refuse", documents=[], items=["Không thuộc thẩm quyền"]))
    c = w.online(PROCS[0])
    w.act(c, "refuse", RECEIVER, {"items": ["Người yêu cầu không có quyền đăng ký"], "reason": "Không đủ điều kiện"})
    codes.append(c)
    c = w.online(PROCS[3])
    w.act(c, "request_supplement", RECEIVER, {"items": ["Bản chụp rõ nét"], "reason": "Ảnh mờ"})
    w.act(c, "resubmit", RECEIVER, {"documents": w.mandatory(PROCS[3])})
    w.act(c, "accept", RECEIVER)
    w.act(c, "claim", SPECIALIST)
    w.act(c, "request_supplement", SPECIALIST, {"items": ["Tờ khai"], "reason": "Thiếu chữ ký"})
    w.act(c, "stop", RECEIVER, {"reason": "Người nộp xin rút hồ sơ"})
    codes.append(c)
    return codes, partners


def test_history_in_order_with_failures(s):
    fake = PortalFake()
    kf = key_file(fake)
    # Failures for the first deliveries: each message they hit is sent again.
    fake.faults = ["500", "timeout", "drop", "dup", "500", None, "drop"]
    try:
        with own_server(portal_args(fake, kf)) as s:
            w = World(s)
            codes, partners = history(w)
            wait_settled(s)
            assert fake.problems == [], fake.problems
            for code in codes:
                want = expected(w.journal(code))
                assert fake.statuses(code) == want, (code, fake.statuses(code), want)
            assert all(p not in fake.dossiers for p in partners), partners
            assert set(fake.dossiers) == set(codes), (sorted(fake.dossiers), codes)
            # Each message accepted once; its outbox row sent with the fake's acknowledgement.
            accepted = [m for m, _, o in fake.requests if o == "accepted"]
            assert len(accepted) == len(set(accepted)), accepted
            rows = sql(s.db, "SELECT tenant, id, state, ack, attempts FROM outbox WHERE channel = 'portal'")
            assert len(rows) == len(accepted) == sum(len(fake.dossiers[c]) for c in codes), (len(rows), len(accepted))
            for tenant, mid, state, ack, attempts in rows:
                assert state == "sent" and ack == fake.acks["%s-%s" % (tenant, mid)], (mid, state, ack)
            # The failures happened and were retried; the duplicates answered with the first ack.
            outs = fake.outcomes()
            assert outs.count("500") == 2 and outs.count("drop") == 2 and outs.count("duplicate") >= 1, outs
            # Each failed delivery (2 × 500, 2 dropped, 1 timed out) cost exactly one more attempt.
            assert sum(int(r[4]) for r in rows) - len(rows) == 5, rows
            # A rating only after the return, the last message of its dossier.
            rated = [c for c in codes if fake.statuses(c)[-1][0] == "rating"]
            assert len(rated) == 5 and all(fake.statuses(c)[-2] == ("returned", "10") for c in rated)
            # The index now knows the connection: 1.4 = acknowledged creations / received.
            r = ok(s.get("/api/v1/index766?unit=%s&from=%s&to=%s" % (WARD, today(), today()),
                         token=s.login("giamsat")))
            item = {i["id"]: i for g in r["groups"] for i in g["items"]}["1.4"]
            assert item["status"] == "ok" and item["inputs"]["numerator"]["value"] == \
                item["inputs"]["denominator"]["value"] and item["value"] == 100.0, item
            rec = ok(s.get("/api/v1/portal/reconciliation?unit=%s&from=%s&to=%s" % (WARD, today(), today()),
                           token=s.login("giamsat")))
            assert rec["total"] == 0 and rec["items"] == [], rec
    finally:
        fake.stop()
        os.unlink(kf)


def test_reconciliation_lists_exactly_the_unacknowledged(s):
    fake = PortalFake()
    kf = key_file(fake)
    try:
        with own_server(portal_args(fake, kf)) as s:
            w = World(s)
            good = [w.counter(PROCS[0]), w.counter(PROCS[1])]
            wait_settled(s)
            # One dossier the portal refuses (400: dead, and its later messages wait behind it). Refused by its
            # procedure, set before the intake: the worker may send its first message before the answer is read.
            fake.refuse_procedures.add(PROCS[2])
            refused = w.counter(PROCS[2], applicant={"name": "=HYPERLINK(\"x\")", "id_number": "004190001111",
                                                     "phone": "0987654321"})
            w.act(refused, "claim", SPECIALIST)
            wait_until("the refused dossier's first message dead", lambda: sql(
                s.db, "SELECT o.id FROM outbox o JOIN dossiers d ON d.tenant = o.tenant AND d.id = o.dossier_id "
                      "WHERE d.code = '%s' AND o.state = 'dead'" % refused))
            # The portal down: a dossier whose messages stay pending, retried.
            fake.down = True
            waiting = w.counter(PROCS[3])
            time.sleep(1.5)
            w.act(good[0], "claim", SPECIALIST)  # an acknowledged dossier with a message now pending
            time.sleep(0.5)
            sup = s.login("giamsat")
            q = "unit=%s&from=%s&to=%s" % (WARD, today(), today())
            rec = ok(s.get("/api/v1/portal/reconciliation?" + q, token=sup))
            got = {i["code"]: i for i in rec["items"]}
            assert set(got) == {refused, waiting, good[0]}, sorted(got)
            r = got[refused]
            assert r["dead"] == 1 and r["pending"] == 2 and r["oldest"]["state"] == "dead", r
            assert r["oldest"]["event"] == "created" and r["oldest"]["status"] == 1, r
            assert "không hợp lệ trên Cổng DVCQG" in r["oldest"]["why"] and "400" in r["oldest"]["last_error"], r
            x = got[waiting]
            assert x["dead"] == 0 and x["pending"] >= 2 and x["oldest"]["state"] == "pending", x
            assert "503" in (x["oldest"]["last_error"] or "") and x["oldest"]["why"].startswith("Đang gửi lại"), x
            assert got[good[0]]["oldest"]["event"] == "status" and got[good[0]]["oldest"]["status"] == 4
            # CSV: the same dossiers, every cell quoted.
            c = s.get("/api/v1/portal/reconciliation.csv?" + q, token=sup)
            assert c.status == 200 and c.header("Content-Type").startswith("text/csv"), c
            text = c.body.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text)))
            assert rows[0][0] == "Mã hồ sơ" and {r[0] for r in rows[1:]} == set(got), rows
            assert all(line.startswith('"') for line in text.splitlines() if line), text
            # 766 1.4: the creations acknowledged (3 of 4 received: the refused one's and the waiting one's not).
            r = ok(s.get("/api/v1/index766?" + q, token=sup))
            item = {i["id"]: i for g in r["groups"] for i in g["items"]}["1.4"]
            assert item["status"] == "ok", item
            assert (item["inputs"]["numerator"]["value"], item["inputs"]["denominator"]["value"]) == (2, 4), item
            assert item["value"] == 50.0, item
            # The officers' page: the same dossiers, the portal's words escaped.
            b = Browser(s)
            b.login("giamsat")
            page = b.get("/can-bo/dong-bo-dvcqg?" + q)
            assert page.status == 200, page
            html = page.body.decode()
            assert "Đối soát đồng bộ Cổng Dịch vụ công quốc gia" in html and all(c in html for c in got), html
            assert "không hợp lệ trên Cổng DVCQG" in html and "Tải CSV" in html
            # Scope: the receiver of another ward sees nothing of these; a citizen may not read it.
            expect_error(s.get("/api/v1/portal/reconciliation?" + q, token=s.login("0912345678")), 403)
            other = ok(s.get("/api/v1/portal/reconciliation?unit=S03&from=%s&to=%s" % (today(), today()),
                             token=sup))
            assert other["items"] == [], other
            # The portal back: everything not dead is delivered; the refused dossier stays listed.
            fake.down = False
            deadline = time.time() + 20
            while time.time() < deadline:
                rec = ok(s.get("/api/v1/portal/reconciliation?" + q, token=sup))
                if [i["code"] for i in rec["items"]] == [refused]:
                    break
                time.sleep(0.2)
            assert [i["code"] for i in rec["items"]] == [refused], rec
            assert fake.problems == [], fake.problems
    finally:
        fake.stop()
        os.unlink(kf)


def test_index_without_connection_is_not_recorded(s):
    """No acknowledgement ever (no --portal): 1.4 is "not recorded", with why, not 0 — the messages wait."""
    w = World(s)
    w.counter(PROCS[0])
    r = ok(s.get("/api/v1/index766?unit=%s&from=%s&to=%s" % (WARD, today(), today()), token=s.login("giamsat")))
    item = {i["id"]: i for g in r["groups"] for i in g["items"]}["1.4"]
    assert item["status"] == "not_recorded" and "chưa có kết nối Cổng DVCQG" in item["why"], item
    assert "synced" not in r["inputs"], r["inputs"]
    assert harness.count_rows(s.db, "outbox WHERE channel = 'portal' AND state = 'pending'") >= 2
    rec = ok(s.get("/api/v1/portal/reconciliation?unit=%s&from=%s&to=%s" % (WARD, today(), today()),
                   token=s.login("giamsat")))
    assert rec["items"] and rec["items"][0]["oldest"]["why"] == "Chưa gửi: đang chờ kết nối Cổng DVCQG", rec


def test_pull_catalog(s):
    """`motcua portal pull-catalog`: the procedures changed since the last pull, imported as new versions; the
    cursor remembered in the database; nothing changed, nothing imported."""
    fake = PortalFake()
    kf = key_file(fake)
    try:
        cat = json.load(open(os.path.join(harness.DATA, "catalog.json")))
        proc = dict(next(p for p in cat["procedures"] if p["code"] == "1.000894"))
        proc["name"] = "Thủ tục đăng ký kết hôn (cập nhật từ Cổng DVCQG)"
        proc["effective_from"] = today()
        fake.catalog.append(("c1", [proc]))
        before = ok(s.get("/api/v1/procedures/1.000894/versions"))["versions"]
        args = ["portal", "pull-catalog", "--portal", fake.url, "--portal-key-file", kf]
        out = run_cli(*args, db=s.db).stdout
        assert "1 thủ tục thay đổi" in out and "«c1»" in out, out
        after = ok(s.get("/api/v1/procedures/1.000894/versions"))["versions"]
        assert len(after) == len(before) + 1, (before, after)
        assert ok(s.get("/api/v1/procedures/1.000894"))["name"] == proc["name"]
        out = run_cli(*args, db=s.db).stdout
        assert "0 thủ tục thay đổi" in out, out
        assert len(ok(s.get("/api/v1/procedures/1.000894/versions"))["versions"]) == len(after)
        assert fake.catalog_since == ["", "c1"], fake.catalog_since
        # A wrong key: refused, the cursor kept.
        bad = tempfile.NamedTemporaryFile("w", delete=False)
        bad.write("sai\n")
        bad.close()
        p = run_cli("portal", "pull-catalog", "--portal", fake.url, "--portal-key-file", bad.name, db=s.db,
                    check=False)
        os.unlink(bad.name)
        assert p.returncode != 0 and "401" in p.stderr, (p.stdout, p.stderr)
        run_cli(*args, db=s.db)
        assert fake.catalog_since[-1] == "c1", fake.catalog_since
    finally:
        fake.stop()
        os.unlink(kf)


if __name__ == "__main__":
    harness.main(globals())
