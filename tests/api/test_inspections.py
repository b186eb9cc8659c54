"""CCHC inspections (kiểm tra CCHC, issue 15), black-box on a test clock: a year's plan and its
targets; an inspection of ward 01273 whose data drawn from motcua (late dossiers, apology letters
of the period) this test computes itself from the dossiers it made and checks exactly, and against
report II.06a; findings, remedy reports with evidence files, closing on time and late, the
conclusion; the statistics per unit and period, exact; who may do what (another commune's officers
see nothing, a specialist reports but does not close); Vietnamese 4xx messages; the hash-chained
journal of every change, and `motcua journal verify` still passing; the pages.

Procedure 1.001193 (1 working day) at ward 01273; the period inspected is Mon 09 – Fri 13/03/2026.
"""
import re

import harness
from harness import clock_server, expect_error, is_vietnamese
# The same ward, procedure, officers and test clock as the 766 index's generated history.
from test_index766 import Desk, act, at, decide, intake, ok, secs
from test_web_forms import PDF, Browser, html_of
from test_text_limits import check_form_limits

WARD, OTHER = "01273", "01279"
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
SUPERVISOR = "giamsat"
FROM, TO = "2026-03-09", "2026-03-13"


def history(s, desk):
    """Dossiers of the ward around the period; returns their codes and which extended."""
    made, extended = [], []
    x = intake(s, desk, at(6, "09:00"))          # before the period, decided late inside it
    decide(s, desk, x, 10, "10:00")
    a = intake(s, desk, at(9, "09:00"))          # on time
    decide(s, desk, a, 9, "10:00")
    b = intake(s, desk, at(9, "09:05"))          # decided late
    decide(s, desk, b, 11, "10:00")
    c = intake(s, desk, at(11, "09:00"))         # not decided, overdue at the end of the period
    s.clock.set(at(11, "09:30"))
    act(s, c, "claim", desk(SPECIALIST))
    d = intake(s, desk, at(12, "09:00"))         # an apology and a new appointment before it was late
    s.clock.set(at(12, "09:30"))
    act(s, d, "claim", desk(SPECIALIST))
    s.clock.set(at(13, "08:30"))
    act(s, d, "extend", desk(LEADER), {"days": 2, "reason": "Chờ xác minh thông tin cư trú"})
    extended.append(d)
    late_after = intake(s, desk, at(13, "09:00"))  # due Mon 16: neither late nor decided in the period
    other = intake(s, desk, at(10, "09:00"), receiver="tiepnhan.nungtricao")  # another ward: out of scope
    made += [x, a, b, c, d, late_after]
    return made, extended, other


def expected_late(s, desk, codes, start, end, asof):
    """Late dossiers as the test reads the rule: decided in [start, end) after the due time, or not decided by
    end and due before asof (none of these is stopped or paused)."""
    late = {}
    for code in codes:
        d = ok(s.get("/api/v1/dossiers/" + code, token=desk(SPECIALIST)))
        due = secs(d["due_at"]["iso"])
        dec = secs(d["decided_at"]["iso"]) if d.get("decided_at") else None
        if dec is not None and start <= dec < end and dec > due:
            late[code] = "decided_late"
        elif (dec is None or dec >= end) and due < asof:
            late[code] = "open_overdue"
    return late


def plan_body(**kw):
    b = {"year": 2026, "title": "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", "decision_no": "15/QĐ-UBND",
         "decision_date": "2026-01-15", "lead_unit": "04",
         "targets": [{"unit": WARD, "planned_date": "2026-03-16", "areas": ["one_stop", "late_dossiers"],
                      "mode": "on_site"},
                     {"unit": OTHER, "planned_date": "2026-06-10", "areas": ["publicity"], "mode": "by_report"}]}
    b.update(kw)
    return b


def finding(area, due, text):
    return {"area": area, "description": text, "recommendation": "Khắc phục: " + text, "due_date": due}


def test_inspection_from_plan_to_closure(_):
    with clock_server(at(2, "08:00")) as s:
        desk = Desk(s)
        made, extended, other = history(s, desk)
        s.clock.set(at(16, "08:00"))
        sup = desk(SUPERVISOR)

        # The plan: refusals first, in Vietnamese, naming the field.
        for bad, field in [(plan_body(year=1990), "year"), (plan_body(title=""), "title"),
                           (plan_body(targets=[{"unit": WARD, "planned_date": "2027-01-05", "areas": ["one_stop"]}]),
                            "targets[0].planned_date"),
                           (plan_body(targets=[{"unit": WARD, "planned_date": "2026-05-05", "areas": ["bay"]}]),
                            "targets[0].areas"),
                           (plan_body(targets=[{"unit": "XX", "planned_date": "2026-05-05", "areas": ["one_stop"]}]),
                            "targets[0].unit")]:
            e = expect_error(s.post("/api/v1/inspection-plans", bad, token=sup), 400, field=field)
            assert is_vietnamese(e["message"]), e
        e = expect_error(s.post("/api/v1/inspection-plans", plan_body(), token=desk(LEADER)), 403)
        assert is_vietnamese(e["message"]), e
        assert harness.count_rows(s.db, "insp_plans") == 0, "a refused plan leaves nothing"
        plan = ok(s.post("/api/v1/inspection-plans", plan_body(), token=sup), 201)
        assert [t["unit"]["code"] for t in plan["targets"]] == [WARD, OTHER], plan
        assert plan["targets"][0]["areas"][1] == {"code": "late_dossiers", "label": "Hồ sơ trễ hạn và văn bản xin lỗi"}
        plan = ok(s.post("/api/v1/inspection-plans/%d/targets" % plan["id"],
                         {"unit": "S03", "planned_date": "2026-09-01", "areas": ["procedures", "feedback"],
                          "mode": "ad_hoc"}, token=sup), 201)
        assert len(plan["targets"]) == 3
        assert [x["action"] for x in ok(s.get("/api/v1/inspection-plans/%d" % plan["id"], token=sup))["journal"]] == [
            "plan.create", "plan.target", "plan.target", "plan.target"]
        # The ward's leader reads no provincial plan; nothing of it shows in their list.
        expect_error(s.get("/api/v1/inspection-plans/%d" % plan["id"], token=desk(LEADER)), 404)
        assert ok(s.get("/api/v1/inspection-plans", token=desk(LEADER)))["plans"] == []
        expect_error(s.get("/api/v1/inspection-plans", token=desk(RECEIVER)), 403)

        # The inspection of the ward's target.
        target = plan["targets"][0]["id"]
        body = {"target": target, "period_from": FROM, "period_to": TO, "inspected_on": "2026-03-16",
                "team": "Sở Nội vụ (trưởng đoàn), Văn phòng UBND tỉnh, Sở Tư pháp"}
        expect_error(s.post("/api/v1/inspections", dict(body, period_to="2026-03-01"), token=sup), 400,
                     field="period_to")
        expect_error(s.post("/api/v1/inspections", dict(body, team=""), token=sup), 400, field="team")
        insp = ok(s.post("/api/v1/inspections", body, token=sup), 201)
        iid = insp["id"]
        assert (insp["unit"]["code"], insp["mode"]["name"], insp["status"], insp["plan"]["id"]) == (
            WARD, "on_site", "open", plan["id"]), insp
        e = expect_error(s.post("/api/v1/inspections", body, token=sup), 409, field="target")
        assert is_vietnamese(e["message"])

        # The data drawn from motcua, computed here from the dossiers made.
        start, end = secs("2026-03-09T00:00:00+07:00"), secs("2026-03-14T00:00:00+07:00")
        late = expected_late(s, desk, made, start, end, end)
        assert sorted(late) == sorted([made[0], made[2], made[3]]), late  # X, B decided late; C open overdue
        data = ok(s.get("/api/v1/inspections/%d/data" % iid, token=sup))
        got = {x["code"]: x["kind"] for x in data["late_dossiers"]["items"]}
        assert got == late, (got, late)
        assert data["late_dossiers"]["total"] == 3
        assert data["late_dossiers"]["decided_late"] == 2 and data["late_dossiers"]["open_overdue"] == 1
        assert [x["code"] for x in data["apologies"]["items"]] == extended and data["apologies"]["total"] == 1
        assert data["apologies"]["items"][0]["unit"]["code"] == WARD
        assert other not in got
        # The same count as report II.06a for the ward and the period: late + pending overdue.
        rep = ok(s.get("/api/v1/stats/processing?unit=%s&from=%s&to=%s" % (WARD, FROM, TO), token=sup))
        assert rep["total"]["resolved"]["late"] + rep["total"]["pending"]["overdue"] == data["late_dossiers"]["total"], rep["total"]

        # Findings.
        url = "/api/v1/inspections/%d" % iid
        expect_error(s.post(url + "/findings", finding("bay", "2026-03-20", "x"), token=sup), 400, field="area")
        expect_error(s.post(url + "/findings", finding("one_stop", "2026-03-10", "x"), token=sup), 400,
                     field="due_date")
        expect_error(s.post(url + "/findings", dict(finding("one_stop", "2026-03-20", "x"), description=""),
                            token=sup), 400, field="description")
        e = expect_error(s.post(url + "/findings", finding("one_stop", "2026-03-20", "x"), token=desk(LEADER)), 403)
        assert is_vietnamese(e["message"])
        for area, due, text in [("late_dossiers", "2026-03-20", "3 hồ sơ trễ hạn, 2 hồ sơ không có văn bản xin lỗi"),
                                ("publicity", "2026-03-18", "Chưa niêm yết thủ tục mới tại bộ phận một cửa"),
                                ("staff_conduct", "2026-03-31", "Cán bộ chưa đeo thẻ công chức"),
                                ("one_stop", "2026-03-17", "Sổ theo dõi hồ sơ ghi thiếu")]:
            insp = ok(s.post(url + "/findings", finding(area, due, text), token=sup), 201)
        assert [(f["seq"], f["area"]["code"], f["responsible_unit"]["code"], f["state"]["name"])
                for f in insp["findings"]] == [(1, "late_dossiers", WARD, "open"), (2, "publicity", WARD, "open"),
                                               (3, "staff_conduct", WARD, "open"), (4, "one_stop", WARD, "open")]

        # Who sees it: the ward's leader and specialist (their unit answers for it); not another unit's leader,
        # nor the other ward's receiver.
        assert [i["id"] for i in ok(s.get("/api/v1/inspections", token=desk(LEADER)))["inspections"]] == [iid]
        assert [i["id"] for i in ok(s.get("/api/v1/inspections", token=desk(SPECIALIST)))["inspections"]] == [iid]
        assert ok(s.get("/api/v1/inspections", token=desk("lanhdao.tuphap")))["inspections"] == []
        e = expect_error(s.get(url, token=desk("lanhdao.tuphap")), 404)
        assert is_vietnamese(e["message"])
        expect_error(s.get(url + "/data", token=desk("lanhdao.tuphap")), 404)
        expect_error(s.get("/api/v1/inspections", token=desk("tiepnhan.nungtricao")), 403)
        expect_error(s.get(url, token=desk("tiepnhan.nungtricao")), 404)
        from test_uploads import multipart
        raw, ctype = multipart({"report": "Đã niêm yết"}, [("file", "anh.pdf", PDF)])
        expect_error(s.request("POST", url + "/findings/2/remedies", raw=raw, ctype=ctype,
                               token=desk("lanhdao.tuphap")), 404)

        # Remedies: the ward's specialist reports with evidence (multipart), or without (JSON).
        s.clock.set(at(17, "10:00"))
        raw, ctype = multipart({"report": "Đã gửi văn bản xin lỗi cho 2 hồ sơ; rà soát quy trình"},
                               [("file", "van-ban-xin-loi.pdf", PDF)])
        insp = ok(s.request("POST", url + "/findings/1/remedies", raw=raw, ctype=ctype, token=desk(SPECIALIST)), 201)
        f1 = insp["findings"][0]
        assert f1["state"]["name"] == "in_progress" and len(f1["remedies"]) == 1, f1
        ev = f1["remedies"][0]["files"][0]
        assert ev["name"] == "van-ban-xin-loi.pdf" and ev["mime"] == "application/pdf", ev
        got = s.get(ev["url"], token=desk(LEADER))
        assert got.status == 200 and got.body == PDF
        expect_error(s.get(ev["url"], token=desk("lanhdao.tuphap")), 404)
        ok(s.post(url + "/findings/2/remedies", {"report": "Đang in bảng niêm yết"}, token=desk(LEADER)), 201)
        expect_error(s.post(url + "/findings/2/remedies", {"report": ""}, token=desk(LEADER)), 400, field="report")
        expect_error(s.post(url + "/findings/9/remedies", {"report": "x"}, token=desk(LEADER)), 404)
        # A remedy that fails leaves no file behind.
        files_before = harness.count_rows(s.db, "insp_evidence")
        raw, ctype = multipart({"report": ""}, [("file", "x.pdf", PDF + b"x")])
        expect_error(s.request("POST", url + "/findings/2/remedies", raw=raw, ctype=ctype, token=desk(LEADER)), 400)
        assert harness.count_rows(s.db, "insp_evidence") == files_before

        # Closing: only the inspectors, only with evidence; on time or late by the day of closing.
        e = expect_error(s.post(url + "/findings/1/close", {}, token=desk(LEADER)), 403)
        assert is_vietnamese(e["message"])
        e = expect_error(s.post(url + "/findings/2/close", {}, token=sup), 409)
        assert "minh chứng" in e["message"], e
        s.clock.set(at(19, "15:00"))
        raw, ctype = multipart({"report": "Đã niêm yết đủ 12 thủ tục"}, [("file", "niem-yet.pdf", PDF + b" ")])
        ok(s.request("POST", url + "/findings/2/remedies", raw=raw, ctype=ctype, token=desk(SPECIALIST)), 201)
        insp = ok(s.post(url + "/findings/1/close", {"note": "Đã kiểm tra văn bản"}, token=sup))
        insp = ok(s.post(url + "/findings/2/close", {}, token=sup))
        states = [(f["seq"], f["state"]["name"], f["on_time"]) for f in insp["findings"]]
        assert states == [(1, "done", True), (2, "done_late", False), (3, "open", None), (4, "overdue", None)], states
        expect_error(s.post(url + "/findings/1/close", {}, token=sup), 409)
        expect_error(s.post(url + "/findings/1/remedies", {"report": "thêm"}, token=desk(LEADER)), 409)

        # The conclusion ends the recording of findings.
        expect_error(s.post(url + "/conclude", {"conclusion_no": "12/TB-SNV", "conclusion_date": "2026-03-01"},
                            token=sup), 400, field="conclusion_date")
        insp = ok(s.post(url + "/conclude", {"conclusion_no": "12/TB-SNV", "conclusion_date": "2026-03-20"}, token=sup))
        assert insp["status"] == "concluded" and insp["conclusion"] == {"no": "12/TB-SNV", "date": "2026-03-20"}
        e = expect_error(s.post(url + "/findings", finding("other", "2026-04-30", "x"), token=sup), 409)
        assert is_vietnamese(e["message"])

        # Statistics, exact: as of Wed 25, March; and a past period ending Wed 18.
        s.clock.set(at(25, "09:00"))
        st = ok(s.get("/api/v1/inspections/stats?unit=04&from=2026-03-01&to=2026-03-31", token=sup))
        assert st["total"] == {"raised": 4, "closed_on_time": 1, "closed_late": 1, "open": 2, "overdue": 1}, st
        assert [r["unit"]["code"] for r in st["rows"]] == [WARD], st
        st = ok(s.get("/api/v1/inspections/stats?unit=04&from=2026-03-01&to=2026-03-18", token=sup))
        assert st["total"] == {"raised": 4, "closed_on_time": 0, "closed_late": 0, "open": 4, "overdue": 2}, st
        # A period not yet over counts as of now: finding 3 (due 31/03) is open, not yet overdue.
        st = ok(s.get("/api/v1/inspections/stats?unit=04&from=2026-04-01&to=2026-04-30", token=sup))
        assert st["total"] == {"raised": 0, "closed_on_time": 0, "closed_late": 0, "open": 2, "overdue": 1}, st
        st = ok(s.get("/api/v1/inspections/stats?unit=%s&from=2026-03-01&to=2026-03-31" % OTHER, token=sup))
        assert st["rows"] == [] and st["total"]["raised"] == 0
        ok(s.get("/api/v1/inspections/stats?unit=%s&from=2026-03-01&to=2026-03-31" % WARD, token=desk(LEADER)))
        e = expect_error(s.get("/api/v1/inspections/stats?unit=04", token=desk(LEADER)), 403, field="unit")
        assert is_vietnamese(e["message"])
        expect_error(s.get("/api/v1/inspections/stats?unit=04&from=2026-03-31&to=2026-03-01", token=sup), 400,
                     field="to")

        # The journal: every change, in the hash chain, and the chain still verifies.
        j = ok(s.get(url + "/journal", token=sup))["entries"]
        assert [x["action"] for x in j] == ["inspection.open"] + ["finding.add"] * 4 + [
            "remedy.report", "remedy.report", "remedy.report", "finding.close", "finding.close",
            "inspection.conclude"], [x["action"] for x in j]
        assert [x["to"] for x in j if x["action"] == "finding.close"] == ["done", "done_late"]
        assert all(re.fullmatch(r"[0-9a-f]{64}", x["hash"]) for x in j)
        assert j[0]["actor"] == SUPERVISOR and j[0]["role"] == "supervisor"
        assert j[5]["actor"] == SPECIALIST and j[5]["role"] == "specialist"
        p = harness.run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr

        # The pages: the list, the plan, the record with the drawn data; forms with CSRF and limits.
        b = Browser(s)
        b.login(SUPERVISOR)
        html = html_of(b.get("/can-bo/kiem-tra"))
        assert "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026" in html and 'href="/can-bo/kiem-tra"' in html
        check_form_limits(html, "list")
        html = html_of(b.get("/can-bo/kiem-tra/ke-hoach/%d" % plan["id"]))
        assert "Phường Nùng Trí Cao" in html or OTHER in html
        check_form_limits(html, "plan")
        html = html_of(b.get("/can-bo/kiem-tra/cuoc/%d" % iid))
        assert all(c in html for c in late) and extended[0] in html, "the drawn dossiers are listed"
        assert "Đã khắc phục, trễ hạn" in html and "van-ban-xin-loi.pdf" in html
        r = b.post("/can-bo/kiem-tra/cuoc/%d/phat-hien/3/dong" % iid, {"csrf": "0" * 32})
        assert r.status == 403
        st = html_of(b.get("/can-bo/kiem-tra/thong-ke?unit=04&from=2026-03-01&to=2026-03-31"))
        assert "Tổng" in st
        lb = Browser(s)
        lb.login(LEADER)
        html = html_of(lb.get("/can-bo/kiem-tra/cuoc/%d" % iid))
        assert 'action="/can-bo/kiem-tra/cuoc/%d/phat-hien/3/khac-phuc"' % iid in html
        assert "/dong" not in html, "a leader of the ward reports, does not close"
        check_form_limits(html, "record")
        rb = Browser(s)
        rb.login("tiepnhan.nungtricao")
        assert rb.get("/can-bo/kiem-tra/cuoc/%d" % iid).status == 404
        assert "/can-bo/kiem-tra" not in html_of(rb.get("/can-bo")), "no link for who has no inspections"


def test_ad_hoc_inspection_and_page_forms(_):
    """An ad hoc inspection opened, a finding recorded and a remedy with a file sent, all through the pages."""
    with clock_server(at(2, "08:00")) as s:
        b = Browser(s)
        b.login(SUPERVISOR)
        r = b.post("/can-bo/kiem-tra/cuoc", {"csrf": b.csrf("/can-bo/kiem-tra"), "mode": "ad_hoc", "unit": OTHER,
                                             "period_from": "2026-01-01", "period_to": "2026-02-28",
                                             "inspected_on": "2026-03-02", "team": "Văn phòng UBND tỉnh"})
        assert r.status == 303, r
        page = r.header("Location")
        assert re.fullmatch(r"/can-bo/kiem-tra/cuoc/\d+", page), page
        r = b.post(page + "/phat-hien", {"csrf": b.csrf(page), "area": "feedback", "description": "Chưa công khai "
                   "kết quả trả lời phản ánh", "recommendation": "Công khai trên cổng", "responsible_unit": OTHER,
                   "due_date": "2026-02-01"})
        assert r.status == 400 and "Hạn khắc phục" in html_of(r), html_of(r)[:2000]
        r = b.post(page + "/phat-hien", {"csrf": b.csrf(page), "area": "feedback", "description": "Chưa công khai "
                   "kết quả trả lời phản ánh", "recommendation": "Công khai trên cổng", "responsible_unit": OTHER,
                   "due_date": "2026-03-31"})
        assert r.status == 303, r
        r = b.post_multipart(page + "/phat-hien/1/khac-phuc", {"csrf": b.csrf(page), "report": "Đã công khai"},
                             {"file": ("cong-khai.pdf", PDF)})
        assert r.status == 303, r
        r = b.post(page + "/phat-hien/1/dong", {"csrf": b.csrf(page), "note": "Đạt"})
        assert r.status == 303, r
        html = html_of(b.get(page))
        assert "Đã khắc phục đúng hạn" in html and "cong-khai.pdf" in html, html
        iid = int(page.rsplit("/", 1)[1])
        j = ok(s.get("/api/v1/inspections/%d/journal" % iid, token=s.login(SUPERVISOR)))["entries"]
        assert [x["action"] for x in j] == ["inspection.open", "finding.add", "remedy.report", "finding.close"]


if __name__ == "__main__":
    harness.main(globals())
