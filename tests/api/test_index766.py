"""The Decision 766 index (issue 14): a generated history of dossiers made through the API on a
test clock, whose indicators this test computes itself from what it did and from the catalog
file, then checks against /api/v1/index766 exactly; the edge cases (a period without dossiers:
N/A, not 0; a liên thông transfer counted once; the dossiers that cost points); the ranking and
its exports; the public board (no login, its figures the same computation, under 40 KB); who may
read.

Week of Monday 02/03/2026 on the test clock; procedure 1.001193 (1 working day) at ward 01273.
The period judged is 09/03–31/03/2026, as of Friday 20/03 10:00.
"""
import csv
import io
import json
import os
import re
from datetime import datetime

import harness
from harness import clock_server, expect_error
from test_web_forms import Browser

PROC = "1.001193"
WARD, OTHER = "01273", "01279"
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
APPLICANT = {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321"}
FROM, TO = "2026-03-09", "2026-03-31"
NOW = "2026-03-20T10:00:00+07:00"


def at(day, hm):
    return "2026-03-%02dT%s:00+07:00" % (day, hm)


def secs(iso):
    return int(datetime.fromisoformat(iso).timestamp())


def ok(resp, status=200):
    assert resp.status == status, "expected %d, got %r" % (status, resp)
    return resp.json()


class Desk:
    def __init__(self, s):
        self.s, self.tokens = s, {}

    def __call__(self, who):
        if who not in self.tokens:
            self.tokens[who] = self.s.login(who)
        return self.tokens[who]


def act(s, code, action, token, body=None):
    return ok(s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token))


def intake(s, desk, when, receiver=RECEIVER):
    s.clock.set(when)
    return ok(s.post("/api/v1/dossiers", {"procedure": PROC, "channel": "direct", "applicant": dict(APPLICANT),
                                          "documents": [4, 6], "outcome": "accept"}, token=desk(receiver)), 201)["code"]


def decide(s, desk, code, day, hm):
    """Specialist and leader decide at day hm (one step a minute later each)."""
    h, m = hm.split(":")
    for k, (who, action) in enumerate([(SPECIALIST, "claim"), (SPECIALIST, "forward"), (LEADER, "claim"),
                                       (LEADER, "approve")]):
        s.clock.set(at(day, "%s:%02d" % (h, int(m) + k)))
        act(s, code, action, desk(who))
    return at(day, "%s:%02d" % (h, int(m) + 3))


def catalog_measures(unit_code, unit_kind):
    """The catalog inputs for a unit, from the catalog file (not from motcua)."""
    procs = json.load(open(os.path.join(harness.DATA, "catalog.json")))["procedures"]
    n = {"procedures": 0, "procedures_complete": 0, "procedures_online": 0, "procedures_fee": 0, "online_codes": set()}
    for p in procs:
        sel = p["competent_units"]
        if not ("kind:" + unit_kind in sel or unit_code in sel):
            continue
        n["procedures"] += 1
        complete = (len(p["documents"]) > 0 and (p["processing_time"] or {}).get("amount", 0) > 0 and p.get("result")
                    and len(p["legal_basis"]) > 0 and (len(p["fees"]) > 0 or p.get("fees_note") is not None)
                    and p.get("online_level") is not None)
        n["procedures_complete"] += bool(complete)
        if p["online_level"] != "none":
            n["procedures_online"] += 1
            n["online_codes"].add(p["code"])
        if any(f.get("amount") is None or f["amount"] > 0 for f in p["fees"]):
            n["procedures_fee"] += 1
    return n


def points(value, mx, threshold):
    t = threshold or 100.0
    return round(mx if value >= t else value * mx / t, 2)


def ratio(num, den):
    return None if den == 0 else round(num * 100.0 / den, 2)


def expected_items(m):
    """Indicator → (value, points) as the formula set 766-2022.1 says (docs/INDEX766.md); None when N/A."""
    e = {}
    for ind, num, den, mx, thr in [("1.3", "procedures_complete", "procedures", 2, 0),
                                   ("2.1", "on_time", "dossiers", 20, 0),
                                   ("4.1", "e_result", "returned", 6, 0),
                                   ("4.2", "digitised", "received", 4, 80),
                                   ("3.1", "procedures_online", "procedures", 2, 80),
                                   ("3.2", "procedures_online_used", "procedures_online", 4, 0),
                                   ("3.3", "online", "received", 6, 50),
                                   ("3.5", "procedures_fee_payable", "procedures_fee", 4, 80),
                                   ("3.6", "paid_online", "fee", 6, 30)]:
        v = ratio(m[num], m[den])
        e[ind] = None if v is None else (v, points(v, mx, thr))
    if m["dossiers"]:
        v = round(max(0.0, 100.0 - (m["late"] + m["disliked"]) * 100.0 / m["dossiers"]), 2)
        e["5.4"] = (v, points(v, 6, 90))
    else:
        e["5.4"] = None
    return e


def check_result(res, m):
    items = {i["id"]: i for g in res["groups"] for i in g["items"]}
    for k, v in m.items():
        if k in res["inputs"]:
            assert res["inputs"][k] == v, (k, res["inputs"][k], v)
    exp = expected_items(m)
    total = maxa = 0.0
    for ind, want in exp.items():
        got = items[ind]
        if want is None:
            assert got["status"] == "no_data" and got["value"] is None and got["points"] is None, got
            continue
        assert got["status"] == "ok", got
        assert abs(got["value"] - want[0]) < 1e-9 and abs(got["points"] - want[1]) < 1e-9, (ind, got, want)
        total += want[1]
        maxa += got["max"]
    # What motcua does not record is N/A with a reason, never 0.
    for ind in ("1.1", "1.2", "1.4", "4.3", "4.4", "4.5a", "4.5b", "4.6"):
        assert items[ind]["status"] == "not_recorded" and items[ind]["why"], items[ind]
    # Feedback is recorded (test_feedback.py scores it); this history has none: no data, no points.
    for ind in ("5.2", "5.3"):
        assert items[ind]["status"] == "no_data" and items[ind]["points"] is None, items[ind]
    assert abs(res["points"] - round(total, 2)) < 0.011, (res["points"], total)
    assert res["max_available"] == maxa, (res["max_available"], maxa)
    if m["dossiers"]:
        assert abs(res["score"] - round(res["points"] * 100 / maxa, 2)) < 1e-9, res["score"]
    else:
        assert res["score"] is None
    if m["decided"]:
        assert abs(items["2.2"]["value"] - round(m["decided_seconds"] / m["decided"] / 86400.0, 2)) < 1e-9


def history(s):
    """Makes the history; returns what the test knows of it."""
    desk = Desk(s)
    rcv = desk(RECEIVER)
    k = {"late": set(), "on_time": set(), "decided_at": {}, "received_at": {}}

    def note(code, when, late):
        k["received_at"][code] = when
        (k["late"] if late else k["on_time"]).add(code)

    # Before the period: X1 decided then (out of scope); X2 received then, decided late in the period.
    x1 = intake(s, desk, at(2, "09:00"))
    decide(s, desk, x1, 2, "10:00")
    x2 = intake(s, desk, at(5, "09:00"))  # due Fri 06 09:00
    k["decided_at"][x2] = decide(s, desk, x2, 9, "10:00")
    k["late"].add(x2)
    k["x2_received"] = at(5, "09:00")
    # A1-A3: on time; A1 returned electronically, A2 at the counter.
    a = []
    for i in range(3):
        c = intake(s, desk, at(9, "09:0%d" % i))
        note(c, at(9, "09:0%d" % i), False)
        k["decided_at"][c] = decide(s, desk, c, 9, "%d:00" % (10 + i))
        a.append(c)
    for c, method in zip(a[:2], ("electronic", "counter")):
        s.clock.set(at(9, "15:00"))
        act(s, c, "result_ready", rcv)
        act(s, c, "return", rcv, {"method": method})
    # Ratings at the counter: A1 "Không hài lòng", A2 "Rất hài lòng"; a second rating of A1 is refused
    # and counts nothing.
    s.clock.set(at(9, "15:30"))
    ok(s.post("/api/v1/dossiers/%s/rating" % a[0], {"overall": "dissatisfied"}, token=rcv), 201)
    ok(s.post("/api/v1/dossiers/%s/rating" % a[1], {"overall": "very_satisfied"}, token=rcv), 201)
    expect_error(s.post("/api/v1/dossiers/%s/rating" % a[0], {"overall": "satisfied"}, token=rcv), 409)
    # B: decided late.
    b = intake(s, desk, at(10, "09:00"))
    note(b, at(10, "09:00"), True)
    k["decided_at"][b] = decide(s, desk, b, 12, "10:00")
    # D: online with a file attached to a component, accepted; overdue at the end.
    from test_uploads import PDF, multipart
    s.clock.set(at(11, "09:00"))
    body, ctype = multipart({"dossier": json.dumps({"procedure": PROC, "channel": "online", "receiving_unit": WARD,
                                                    "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234",
                                                                  "phone": "0912345678"},
                                                    "documents": [2, 4, 6]})}, [("doc_2", "giay.pdf", PDF)])
    d = ok(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=s.login("0912345678")), 201)["code"]
    s.clock.set(at(11, "09:30"))
    act(s, d, "accept", rcv)
    note(d, at(11, "09:30"), True)
    # F1 paid by bank transfer (statement matched), F2 marked paid at the counter; both overdue at the end.
    f = []
    for i in range(2):
        c = intake(s, desk, at(16, "09:0%d" % i))
        note(c, at(16, "09:0%d" % i), True)
        s.clock.set(at(16, "09:30"))
        act(s, c, "claim", desk(SPECIALIST))
        s.clock.set(at(16, "10:00"))
        act(s, c, "request_payment", desk(SPECIALIST), {"amount": 50000})
        f.append(c)
    s.clock.set(at(16, "11:00"))
    st = "Ngày,Nội dung,Số tiền\r\n16/03/2026,HS %s,50.000\r\n" % f[0]
    rep = ok(s.request("POST", "/api/v1/payments/import", raw=st.encode(), token=rcv, ctype="text/csv"))
    assert rep["lines"][0]["outcome"] == "matched", rep
    act(s, f[1], "mark_paid", rcv)
    # T: transferred to S03 (liên thông) and back, decided on time: counted once, at the ward.
    t = intake(s, desk, at(17, "09:00"))
    note(t, at(17, "09:00"), False)
    s.clock.set(at(17, "09:10"))
    act(s, t, "claim", desk(SPECIALIST))
    act(s, t, "transfer", desk(SPECIALIST), {"unit": "S03"})
    child = [c for c in ok(s.get("/api/v1/inbox", token=desk("chuyenvien.tuphap")))["items"]][0]["code"]
    s.clock.set(at(17, "09:20"))
    act(s, child, "claim", desk("chuyenvien.tuphap"))
    act(s, child, "forward", desk("chuyenvien.tuphap"))
    act(s, child, "claim", desk("lanhdao.tuphap"))
    act(s, child, "approve", desk("lanhdao.tuphap"))
    s.clock.set(at(17, "10:00"))
    act(s, t, "forward", desk(SPECIALIST))
    act(s, t, "claim", desk(LEADER))
    s.clock.set(at(17, "10:05"))
    act(s, t, "approve", desk(LEADER))
    k["decided_at"][t] = at(17, "10:05")
    # The other ward: one overdue, one not yet due.
    intake(s, desk, at(16, "09:00"), receiver="tiepnhan.nungtricao")
    intake(s, desk, at(20, "08:30"), receiver="tiepnhan.nungtricao")
    # E: received on the last morning, not yet due.
    e = intake(s, desk, at(20, "08:00"))
    note(e, at(20, "08:00"), False)
    s.clock.set(NOW)
    k.update(a=a, b=b, d=d, f=f, t=t, e=e, child=child, x2=x2)
    return k


def ward_measures(k):
    scope = k["on_time"] | k["late"]
    decided = {c: w for c, w in k["decided_at"].items() if c in scope}
    recv = dict(k["received_at"], **{k["x2"]: k["x2_received"]})
    m = {"dossiers": len(scope), "on_time": len(k["on_time"]), "late": len(k["late"]),
         "received": len(scope) - 1, "online": 1, "fee": 2, "paid_online": 1, "returned": 2, "e_result": 1,
         "digitised": 1, "decided": len(decided),
         "decided_seconds": sum(secs(w) - secs(recv[c]) for c, w in decided.items()),
         "ratings": 2, "disliked": 1, "satisfied": 1}
    cat = catalog_measures(WARD, "ward")
    m.update({x: cat[x] for x in ("procedures", "procedures_complete", "procedures_online", "procedures_fee")})
    m["procedures_online_used"] = 1 if PROC in cat["online_codes"] else 0
    m["procedures_fee_payable"] = m["procedures_fee"]  # the demo province has a bank account: VietQR everywhere
    return m


def test_generated_history(s):
    with clock_server(at(2, "08:00")) as s:
        k = history(s)
        sup = s.login("giamsat")
        q = "from=%s&to=%s" % (FROM, TO)
        m = ward_measures(k)
        res = ok(s.get("/api/v1/index766?unit=%s&%s" % (WARD, q), token=sup))
        assert res["set"]["version"] == "766-2022.1" and "766/QĐ-TTg" in res["set"]["source"]
        check_result(res, m)

        # Liên thông counted once: S03 holds no dossier of its own; the province is the sum of its wards.
        s03 = ok(s.get("/api/v1/index766?unit=S03&%s" % q, token=sup))
        assert s03["inputs"]["dossiers"] == 0, s03["inputs"]
        other = ok(s.get("/api/v1/index766?unit=%s&%s" % (OTHER, q), token=sup))
        assert (other["inputs"]["dossiers"], other["inputs"]["on_time"]) == (2, 1), other["inputs"]
        prov = ok(s.get("/api/v1/index766?unit=04&%s" % q, token=sup))
        assert prov["inputs"]["dossiers"] == m["dossiers"] + 2
        assert prov["inputs"]["on_time"] == m["on_time"] + 1

        # The dossiers that cost points in 2.1: exactly the late ones, with a reason each.
        costs = ok(s.get("/api/v1/index766/dossiers?unit=%s&%s&indicator=2.1" % (WARD, q), token=sup))
        assert {c["code"] for c in costs["items"]} == k["late"], (costs, k["late"])
        assert all(c["why"] for c in costs["items"]) and not costs["more"]
        nd = ok(s.get("/api/v1/index766/dossiers?unit=%s&%s&indicator=3.6" % (WARD, q), token=sup))
        assert [c["code"] for c in nd["items"]] == [k["f"][1]], nd
        expect_error(s.get("/api/v1/index766/dossiers?unit=%s&%s&indicator=1.1" % (WARD, q), token=sup), 400,
                     field="indicator")

        # The ranking of the two wards and the communes: the same figures, in order.
        rk = ok(s.get("/api/v1/index766/ranking?unit=04&%s&kind=ward,commune" % q, token=sup))
        rows = {r["code"]: r for r in rk["rows"]}
        assert rows[WARD]["score"] == res["score"] and rows[OTHER]["score"] == other["score"]
        scores = [r["score"] for r in rk["rows"] if r["score"] is not None]
        assert scores == sorted(scores, reverse=True)
        ranks = [r["rank"] for r in rk["rows"] if r["rank"]]
        assert ranks[0] == 1 and ranks == sorted(ranks)
        # Closed district units of before 2025 are not ranked.
        assert all(r["kind"] in ("ward", "commune") for r in rk["rows"])
        c = s.get("/api/v1/index766/ranking.csv?unit=04&%s&kind=ward,commune" % q, token=sup)
        assert c.status == 200
        lines = list(csv.reader(io.StringIO(c.body.decode("utf-8-sig"))))
        by_code = {l[1]: l for l in lines[1:]}
        assert by_code[WARD][3] == "%.2f" % res["score"], by_code[WARD]
        x = s.get("/api/v1/index766/ranking.xlsx?unit=04&%s&kind=ward,commune" % q, token=sup)
        assert x.status == 200 and x.body[:2] == b"PK"

        # The public board: no login, the province's month from the same computation, small.
        board = ok(s.get("/api/v1/public/board?month=2026-03"))
        march = ok(s.get("/api/v1/index766?unit=04&from=2026-03-01&to=2026-03-31", token=sup))
        assert board["current"]["score"] == march["score"] and board["months"][-1]["score"] == march["score"]
        on_time = [i for g in march["groups"] for i in g["items"] if i["id"] == "2.1"][0]["value"]
        assert board["months"][-1]["on_time"] == on_time
        assert board["months"][-1]["satisfaction"] == 50.0 and board["months"][-1]["ratings"] == 2
        assert [p["month"] for p in board["months"]][0] == "2025-04" and len(board["months"]) == 12
        page = s.get("/bang-cong-khai?month=2026-03")
        assert page.status == 200 and len(page.body) < 40 * 1024, len(page.body)
        html = page.body.decode()
        assert html.count("<svg") == 4 and html.count("<table") == 4, html.count("<svg")
        assert "<script" not in html
        assert ("%.2f" % march["score"]).replace(".", ",") in html
        home = s.get("/").body.decode()
        assert 'href="/bang-cong-khai"' in home

        # The officers' page shows the same figure and links the dossiers that cost points.
        b = Browser(s)
        b.login("giamsat")
        html = b.get("/can-bo/chi-so-766?unit=%s&%s" % (WARD, q)).body.decode()
        assert ("%.2f" % res["score"]).replace(".", ",") in html
        assert "indicator=2.1" in html
        assert "nguyên vẹn" in harness.run_cli("journal", "verify", db=s.db).stdout


def test_period_without_dossiers_is_na_not_zero(s):
    sup = s.login("giamsat")
    res = ok(s.get("/api/v1/index766?unit=%s&from=2025-01-06&to=2025-01-10" % WARD, token=sup))
    items = {i["id"]: i for g in res["groups"] for i in g["items"]}
    for ind in ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.4"):
        assert items[ind]["status"] == "no_data" and items[ind]["value"] is None, items[ind]
    # The catalog's indicators still have their data; the score is over them only.
    assert items["1.3"]["status"] == "ok" and res["max_available"] == 2 + 2 + 4 + 4, res["max_available"]
    assert res["groups"][1]["max_available"] == 0
    # Without a dossier there is nothing of the service to judge: no total, no band, no rank.
    assert res["score"] is None and res["band"] is None, (res["score"], res["band"])
    rk = ok(s.get("/api/v1/index766/ranking?unit=04&from=2025-01-06&to=2025-01-10&kind=commune,ward", token=sup))
    assert all(r["rank"] is None and r["score"] is None for r in rk["rows"]), rk["rows"][:2]


def test_who_may_read(s):
    expect_error(s.get("/api/v1/index766?unit=04"), 401)
    expect_error(s.get("/api/v1/index766?unit=04", token=s.login("0912345678")), 403)
    # A ward's receiver reads their ward, not the province.
    rcv = s.login(RECEIVER)
    assert s.get("/api/v1/index766?unit=%s" % WARD, token=rcv).status == 200
    expect_error(s.get("/api/v1/index766?unit=04", token=rcv), 403)
    expect_error(s.get("/api/v1/index766?unit=04&from=2026-13-01", token=s.login("giamsat")), 400, field="from")
    expect_error(s.get("/api/v1/public/board?month=2026-13"), 400, field="month")
    sets = ok(s.get("/api/v1/index766/sets"))["sets"]
    assert sum(g["max"] for g in sets[0]["groups"]) == 100
    for g in sets[0]["groups"]:
        assert sum(i["max"] for i in sets[0]["indicators"] if i["group"] == g["key"]) == g["max"], g


def test_pages(s):
    b = Browser(s)
    b.login("giamsat")
    r = b.get("/can-bo/chi-so-766?unit=04")
    assert r.status == 200, r
    html = r.body.decode()
    assert "Chỉ số phục vụ người dân" in html and "Công khai, minh bạch" in html and "chưa có kết nối" in html
    r = b.get("/can-bo/chi-so-766/xep-hang?unit=04&kind=commune,ward")
    assert r.status == 200 and "Xếp hạng" in r.body.decode(), r
    r = b.get("/can-bo/chi-so-766?unit=04&tu=01/03/2026&den=31/03/2026")
    assert r.status == 303 and "from=2026-03-01&to=2026-03-31" in r.header("Location"), r
    r = b.get("/can-bo/chi-so-766?unit=04&tu=32/03/2026")
    assert r.status == 400 and "ngày/tháng/năm" in r.body.decode(), r
    # A citizen is sent away.
    c = Browser(s)
    c.login("0912345678")
    assert c.get("/can-bo/chi-so-766?unit=04").status == 403


if __name__ == "__main__":
    harness.main(globals())
