"""Conflicts between a commune node and its province (issue 21, docs/NODE.md §6): both sides act on the same
dossier while the link is down; when it comes back the province's state stands (here rule K1), the node's acts are
kept in its chain at the province but not applied, and a report names the dossier, the rule, what the province
kept, the acts not applied and what to do, to the officers whose unit it is, until one of them closes it with a
note (journaled)."""
import time

import harness
import nodes
from harness import expect_error, is_vietnamese
from test_node_sync import PROVINCE_DOCS, PROVINCE_PROC, WARD_DOCS, WARD_PROC, intake, verify, wait_for


def act(s, code, action, token, body=None):
    return s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token)


def test_the_applicant_withdraws_while_the_commune_works_offline(_shared):
    """A citizen's online submission, pulled and accepted at the commune's node while its link is down; meanwhile the
    citizen withdraws it online at the province. When the link comes back the withdrawal stands (rule K1): the
    node's acceptance is kept in its chain at the province but not applied, reported to the unit's leader with what
    to do, and the node's copy becomes the province's after its next pull. The province's officers cannot act on a
    dossier the node owns (409) until the node is revoked."""
    with nodes.running(12, ["01273"]) as (p, a):
        cit = p.login("0912345678")
        r = p.post("/api/v1/dossiers", {"procedure": WARD_PROC, "channel": "online", "receiving_unit": "01273",
                                        "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234",
                                                      "phone": "0912345678"}, "documents": [2, 4, 5, 6, 7, 8]},
                   token=cit)
        assert r.status == 201, r
        code = r.json()["code"]
        rcv = a.login("tiepnhan.thucphan")
        wait_for(lambda: a.get("/api/v1/dossiers/" + code, token=rcv).status == 200)
        # the province's counter may not take it: the commune's node owns it
        e = expect_error(act(p, code, "accept", p.login("tiepnhan.thucphan")), 409)
        assert "máy trạm" in e["message"] and is_vietnamese(e["message"]), e
        a.link.down()
        assert act(a, code, "accept", rcv).status == 200
        queued = a.queued()
        assert act(p, code, "stop", cit, {"reason": "Tôi không cần nữa"}).status == 200
        a.link.up()
        a.wait_synced()
        seqs = nodes.sql(p.db, "SELECT status FROM node_journal WHERE node = 12 ORDER BY seq")
        assert [s for (s,) in seqs] == ["conflict"] and len(seqs) == queued, seqs
        d = p.get("/api/v1/dossiers/" + code, token=cit).json()
        assert d["state"]["name"] == "stopped", d["state"]
        hist = [e["action"] for e in p.get("/api/v1/dossiers/%s/journal" % code,
                                           token=p.login("lanhdao.thucphan")).json()["entries"]]
        assert hist == ["submit", "stop", "node_conflict"], hist
        verify(p.db)
        # the report, to the unit's leader; not to another ward's officers
        leader = p.login("lanhdao.thucphan")
        rep = p.get("/api/v1/node-conflicts", token=leader)
        assert rep.status == 200, rep
        items = rep.json()["items"]
        assert len(items) == 1, items
        c = items[0]
        assert (c["code"], c["node"], c["rule"], c["severity"], c["state"]) == (code, 12, "K1", "trung_binh", "open"), c
        assert is_vietnamese(c["summary"]) and is_vietnamese(c["todo"]) and c["unit"] == "Phường Thục Phán", c
        assert [(x["actor"], x["action"]) for x in c["not_applied"]] == [("tiepnhan.thucphan", "accept")], c
        assert c["kept"] == "stopped" and is_vietnamese(c["kept_label"]), c
        assert is_vietnamese(c["not_applied"][0]["action_label"]), c
        assert p.get("/api/v1/node-conflicts", token=p.login("tiepnhan.nungtricao")).json()["items"] == []
        expect_error(p.get("/api/v1/node-conflicts?state=xyz", token=leader), 400, field="state")
        # the page shows it, with what to do
        page = p.get("/can-bo/xung-dot-dong-bo", token=leader)
        text = page.body.decode("utf-8")
        assert page.status == 200 and code in text and "Việc cần làm" in text, page.status
        # the node's copy is the province's after its next pull
        wait_for(lambda: a.get("/api/v1/dossiers/" + code, token=rcv).json()["state"]["name"] == "stopped")
        # closed with a note, journaled; gone from the open list, kept in the whole list
        e = expect_error(p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {}, token=leader), 400, field="note")
        assert is_vietnamese(e["message"])
        assert p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {"note": "Đã báo người nộp"},
                      token=leader).status == 200
        expect_error(p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {"note": "lại"}, token=leader), 404)
        assert p.get("/api/v1/node-conflicts", token=leader).json()["items"] == []
        done = p.get("/api/v1/node-conflicts?state=all", token=leader).json()["items"]
        assert done[0]["state"] == "resolved" and done[0]["resolved_note"] == "Đã báo người nộp"
        rows = nodes.sql(p.db, "SELECT action, actor FROM journal WHERE subject = 'node_conflict'")
        assert rows == [("node_conflict.resolve", "lanhdao.thucphan")], rows
        # a dossier received at the node is the node's; revoking the node frees it for the province's officers
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Tại Xã", "004177777777")
        assert r.status == 201, r
        mine = r.json()["code"]
        a.wait_synced()
        spec = p.login("chuyenvien.thucphan")
        expect_error(act(p, mine, "claim", spec), 409)
        assert p.post("/api/v1/nodes/12/revoke", {"reason": "Máy hỏng"}, token=p.login("admin")).status == 200
        assert act(p, mine, "claim", spec).status == 200
        verify(p.db)


def test_the_province_takes_back_and_transfers_while_the_commune_works_offline(_shared):
    """The issue's own case: a dossier received at the commune's node; its link goes down; the commune's specialist
    claims it offline. Meanwhile the province's administrator takes it back (thu hồi) to the Department of Justice,
    whose specialist claims it and transfers it to a partner agency (liên thông). When the link comes back the
    province's state stands (rule K2): the commune's claim is kept in its chain at the province, not applied, and
    reported to the commune's leader with what to do; the node's copy follows the province's. A take-back is for
    administrators only, to a unit of the province on no node, with a reason, of a dossier a node holds."""
    with nodes.running(14, ["01273"]) as (p, a):
        rcv = a.login("tiepnhan.thucphan")
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Tại Xã", "004188888881")
        assert r.status == 201, r
        code = r.json()["code"]
        a.wait_synced()
        admin = p.login("admin")
        back = "/api/v1/dossiers/%s/take-back" % code
        # the refusals: not an administrator, no reason, a unit on the node, a dossier no node holds
        expect_error(p.post(back, {"unit": "S03", "reason": "x"}, token=p.login("lanhdao.thucphan")), 403)
        e = expect_error(p.post(back, {"unit": "S03"}, token=admin), 400, field="reason")
        assert is_vietnamese(e["message"]), e
        expect_error(p.post(back, {"unit": "01273", "reason": "Mất kết nối"}, token=admin), 400, field="unit")
        expect_error(p.post(back, {"unit": "KHONG-CO", "reason": "Mất kết nối"}, token=admin), 400, field="unit")
        own = intake(p, p.login("tiepnhan.tinh"), PROVINCE_PROC, PROVINCE_DOCS, "Người Nộp Tại Tỉnh", "004188888882")
        assert own.status == 201, own
        e = expect_error(p.post("/api/v1/dossiers/%s/take-back" % own.json()["code"],
                                {"unit": "S03", "reason": "x"}, token=admin), 409)
        assert is_vietnamese(e["message"]), e
        a.link.down()
        assert act(a, code, "claim", a.login("chuyenvien.thucphan")).status == 200
        # the province's officers may not act on it yet; the administrator takes it back
        spec = p.login("chuyenvien.tuphap")
        assert act(p, code, "claim", spec).status in (404, 409)
        # the administrator does it on the page of the nodes: a wrong unit is said, then the take-back
        from test_web_forms import Browser, alert
        b = Browser(p)
        b.login("admin")
        page = "/quan-tri/may-tram"
        assert "Thu hồi hồ sơ về tỉnh" in b.get(page).body.decode("utf-8")
        r = b.post(page + "/thu-hoi", {"csrf": b.csrf(page), "code": code, "unit": "01273", "reason": "Mất kết nối"})
        assert r.status == 400 and "không đặt trên máy trạm" in (alert(r) or ""), (r.status, alert(r))
        r = b.post(page + "/thu-hoi", {"csrf": b.csrf(page), "code": " " + code + " ", "unit": "S03",
                                       "reason": "Máy trạm xã mất kết nối đã 3 ngày"})
        assert r.status == 303, r
        assert "Đã thu hồi hồ sơ " + code in b.get(r.header("Location")).body.decode("utf-8")
        e = expect_error(p.post(back, {"unit": "S03", "reason": "lại"}, token=admin), 409)
        assert is_vietnamese(e["message"]), e
        r = act(p, code, "claim", spec)
        assert r.status == 200, r
        r = act(p, code, "transfer", spec, {"unit": "S02", "note": "Cần ý kiến Sở Nội vụ"})
        assert r.status == 200 and r.json()["state"]["name"] == "partner", r
        a.link.up()
        a.wait_synced()
        st = nodes.sql(p.db, "SELECT action, status FROM node_journal WHERE node = 14 AND dossier_code = '%s' "
                             "ORDER BY seq" % code)
        assert st[-1] == ("claim", "conflict") and all(x[1] == "applied" for x in st[:-1]), st
        hist = [x["action"] for x in p.get("/api/v1/dossiers/%s/journal" % code,
                                           token=p.login("lanhdao.thucphan")).json()["entries"]]
        assert hist[-4:] == ["take_back", "claim", "transfer", "node_conflict"], hist
        items = p.get("/api/v1/node-conflicts", token=p.login("lanhdao.thucphan")).json()["items"]
        assert len(items) == 1, items
        c = items[0]
        assert (c["code"], c["node"], c["rule"], c["severity"], c["kept"]) == (code, 14, "K2", "trung_binh",
                                                                                "partner"), c
        assert "thu hồi" in c["summary"] and is_vietnamese(c["todo"]), c
        assert [(x["actor"], x["action"]) for x in c["not_applied"]] == [("chuyenvien.thucphan", "claim")], c
        # the report as a spreadsheet: the same row, every cell guarded against formulas
        leader = p.login("lanhdao.thucphan")
        assert p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {"note": "=HYPERLINK(\"http://x\")"},
                      token=leader).status == 200
        import csv
        import io
        r = p.get("/api/v1/node-conflicts.csv?state=all", token=leader)
        assert r.status == 200 and r.header("Content-Type").startswith("text/csv"), r
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"))))
        assert rows[0][:4] == ["Mã hồ sơ", "Đơn vị", "Máy trạm", "Quy tắc"], rows[0]
        assert [(x[0], x[2], x[3], x[8]) for x in rows[1:]] == [(code, "14", "K2", "Đang xử lý liên thông tại cơ quan "
                                                                                   "phối hợp")], rows
        assert "Nhận xử lý" in rows[1][9] and rows[1][13] == "'=HYPERLINK(\"http://x\")", rows[1]
        expect_error(p.get("/api/v1/node-conflicts.csv", token=p.login("0912345678")), 403)
        # the node's copy is the province's after its next pull: no longer the commune's to act on
        wait_for(lambda: a.get("/api/v1/dossiers/" + code, token=rcv).json()["state"]["name"] == "partner")
        verify(p.db)
        verify(a.db)


def test_a_day_off_decided_while_the_commune_is_offline(_shared):
    """Deadlines follow the same calendar on both sides (docs/NODE.md §7). While the commune's link is down the
    province declares Tuesday a day off (flood); the node, still on its calendar, receives a dossier on Monday and
    prints an appointment that ignores it. At the push the province sees that the node's calendar differs (by its
    digest), computes the appointment again on its own calendar (rule F3), applies the dossier with it and reports
    the change so that the applicant is told. Once the node has the new calendar (its next reference check), its
    appointments are the province's and nothing more is reported."""
    from urllib.parse import urlencode
    import datetime
    monday = "2026-12-14T09:00:00+07:00"
    clock = harness.Clock(datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat())

    def due(s, frm, pt):
        r = s.get("/api/v1/calendar/deadline?" + urlencode({"from": frm, "amount": pt["amount"], "unit": pt["unit"]
                                                            .replace("working_", "")}))
        assert r.status == 200, r
        return r.json()["due"]

    with nodes.running(11, ["01273"], province_extra=["--clock-file", clock.path],
                       node_extra=["--clock-file", clock.path, "--node-reference-interval", "1"],
                       after=(clock.remove,)) as (p, a):
        a.link.down()
        clock.set(monday)  # after `node init`, which signs with the system clock
        rcv = a.login("tiepnhan.thucphan")
        r = p.request("PUT", "/api/v1/calendar/exceptions/2026-12-15", body={"kind": "off", "name": "Nghỉ do lũ"},
                      token=p.login("admin"))
        assert r.status == 200, r
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Ngày Lũ", "004199999991")
        assert r.status == 201, r
        code, printed, pt = r.json()["code"], r.json()["due_at"]["iso"], r.json()["processing_time"]
        assert printed == due(a, monday, pt) != due(p, monday, pt), (printed, due(p, monday, pt))
        a.link.up()
        a.wait_synced()
        d = p.get("/api/v1/dossiers/" + code, token=p.login("lanhdao.thucphan")).json()
        assert d["due_at"]["iso"] == due(p, monday, pt) != printed, (d["due_at"], printed)
        items = p.get("/api/v1/node-conflicts", token=p.login("lanhdao.thucphan")).json()["items"]
        assert [(c["code"], c["rule"], c["not_applied"]) for c in items] == [(code, "F3", [])], items
        assert "hẹn trả kết quả tính lại" in items[0]["summary"] and is_vietnamese(items[0]["todo"]), items
        assert nodes.sql(p.db, "SELECT DISTINCT status FROM node_journal WHERE node = 11") == [("applied",)]
        # The node takes the province's calendar, and its copy of the dossier, at its next exchanges.
        wait_for(lambda: a.get("/api/v1/dossiers/" + code, token=rcv).json()["due_at"] == d["due_at"])

        wait_for(lambda: due(a, monday, pt) == due(p, monday, pt))
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Sau Khi Cập Nhật Lịch", "004199999992")
        assert r.status == 201 and r.json()["due_at"] == d["due_at"], r
        a.wait_synced()
        assert len(p.get("/api/v1/node-conflicts", token=p.login("lanhdao.thucphan")).json()["items"]) == 1
        verify(p.db)
        verify(a.db)


def rules_of(p, code):
    items = p.get("/api/v1/node-conflicts", token=p.login("lanhdao.thucphan")).json()["items"]
    return sorted((c["rule"], c["severity"]) for c in items if c["code"] == code), items


def test_findings_that_apply_and_are_reported(_shared):
    """What a citizen handed in is never dropped, but some findings need a person's look (rules F1, F5): an officer
    disabled at the province who went on working at the node before it heard (F1, cao), and the same applicant's
    same procedure received at the province and, offline, at the commune within two working days (F5). The node's
    entries are applied; each finding is a row of the report with what to do."""
    with nodes.running(24, ["01273"]) as (p, a):
        rcv, spec = a.login("tiepnhan.thucphan"), a.login("chuyenvien.thucphan")
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Một", "004222222221")
        assert r.status == 201, r
        code = r.json()["code"]
        a.wait_synced()
        a.link.down()
        assert p.post("/api/v1/users/chuyenvien.thucphan/disable", {"reason": "Nghỉ việc"},
                      token=p.login("admin")).status == 200
        assert act(a, code, "claim", spec).status == 200  # the node has not heard yet
        # the same person, the same procedure, at another ward at the province, then at the commune offline
        r = intake(p, p.login("tiepnhan.nungtricao"), WARD_PROC, WARD_DOCS, "Người Nộp Hai", "004222222222")
        assert r.status == 201, r
        other = r.json()["code"]
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Hai", "004222222222")
        assert r.status == 201, r
        twice = r.json()["code"]
        a.link.up()
        a.wait_synced()
        assert nodes.sql(p.db, "SELECT DISTINCT status FROM node_journal WHERE node = 24") == [("applied",)]
        assert p.get("/api/v1/dossiers/" + code, token=p.login("lanhdao.thucphan")).json()["state"]["name"] == \
            "processing"
        got, items = rules_of(p, code)
        assert got == [("F1", "cao")], items
        f1 = [c for c in items if c["code"] == code][0]
        assert "chuyenvien.thucphan" in f1["summary"] and "bị khóa" in f1["summary"] and f1["not_applied"] == [], f1
        got, items = rules_of(p, twice)
        assert got == [("F5", "trung_binh")], items
        assert other in [c for c in items if c["code"] == twice][0]["summary"]
        verify(p.db)


def test_a_node_whose_clock_runs_fast(_shared):
    """A node whose clock is 20 minutes ahead (accepted here by a wide --node-skew): its entries are applied, and
    rule F6 reports the offset so that its clock is set right and the times checked."""
    import datetime
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    fast = harness.Clock((now + datetime.timedelta(minutes=20)).isoformat())
    with nodes.running(25, ["01273"], province_extra=["--node-skew", "3600"], node_extra=["--clock-file", fast.path],
                       after=(fast.remove,)) as (p, a):
        r = intake(a, a.login("tiepnhan.thucphan"), WARD_PROC, WARD_DOCS, "Người Nộp Giờ Nhanh", "004233333331")
        assert r.status == 201, r
        code = r.json()["code"]
        a.wait_synced()
        got, items = rules_of(p, code)
        assert got == [("F6", "trung_binh")], items
        assert "nhanh" in items[0]["summary"] and is_vietnamese(items[0]["todo"]), items
        assert nodes.sql(p.db, "SELECT DISTINCT status FROM node_journal WHERE node = 25") == [("applied",)]


if __name__ == "__main__":
    harness.main(globals())
