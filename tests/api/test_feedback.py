"""Citizen feedback (phản ánh, kiến nghị; issue 15), black-box on a test clock: the refusal and
answer deadlines on the working-time calendar across Tết 2026 and the 2/9 holidays (computed here
by hand from data/holidays.csv); a transfer between units restarts the deadlines and counts the
item once; the deadline job reminds before the answer deadline and escalates after it, once each;
a refusal needs a reason and comes within its limit; the published answer carries no personal data;
the sender tracks the item and rates the answer once; a citizen cannot read another's feedback;
feedback about an officer's conduct is hidden from that officer and their colleagues and shown to
their head; the hash-chained journal of every change verifies.

Rules version pakn-2021.1 (docs/FEEDBACK.md): refuse within 2 working days, answer within 15,
remind 2 working days before the answer deadline.
"""
import re

import harness
from harness import clock_server, expect_error, is_vietnamese, own_server, run_cli
from test_index766 import Desk, ok

WARD, OTHER = "01273", "01279"
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
OTHER_RECEIVER, SUPERVISOR = "tiepnhan.nungtricao", "giamsat"
CITIZEN = "0912345678"


def iso(d, hm="10:00"):
    return "%sT%s:00+07:00" % (d, hm)


def item(title="Thời gian chờ tại bộ phận một cửa quá lâu", **kw):
    body = {"name": "Hoàng Văn Pả", "phone": "0911222333", "address": "Xóm Nà Rị, phường Thục Phán",
            "title": title, "content": "Tôi chờ hai tiếng mới được tiếp nhận hồ sơ.", "unit": WARD,
            "consent_publish": True}
    body.update(kw)
    return body


def submit(s, token=None, status=201, **kw):
    return ok(s.post("/api/v1/feedback", item(**kw), token=token), status)


def act(s, code, action, token, body=None, status=200):
    r = s.post("/api/v1/feedback/%s/actions/%s" % (code, action), body or {}, token=token)
    return ok(r, status) if status < 400 else expect_error(r, status)


def get(s, code, token):
    return s.get("/api/v1/feedback/" + code, token=token)


def stats(s, token, unit, frm="2026-01-01", to="2026-12-31"):
    return ok(s.get("/api/v1/feedback-stats?unit=%s&from=%s&to=%s" % (unit, frm, to), token=token))["figures"]


def jobs(s, when):
    out = run_cli("jobs", "deadlines", "--at", when, db=s.db).stdout.strip()
    m = re.fullmatch(r"Đã đánh dấu (\d+) hồ sơ, (\d+) phản ánh, kiến nghị, \d+ nhiệm vụ\.", out)
    assert m, out
    return int(m.group(2))


def test_deadlines_across_tet_and_national_day(_):
    # Friday 13/02/2026, the last working day before Tết (off Sat 14 – Sun 22/02).
    with clock_server(iso("2026-02-13")) as s:
        f = submit(s)
        assert re.fullmatch(r"PA-01273-260213-0001", f["code"]), f["code"]
        assert re.fullmatch(r"[0-9A-Z]{8}", f["key"]), f["key"]
        assert f["state"]["name"] == "received" and f["channel"]["name"] == "api" and f["transfers"] == 0
        assert f["rules_version"] == "pakn-2021.1"
        # 2 working days: Mon 23/02, Tue 24/02. 15: 23–27/02, 02–06/03, 09–13/03.
        assert f["deadlines"]["refuse"]["iso"] == iso("2026-02-24"), f["deadlines"]
        assert f["deadlines"]["answer"]["iso"] == iso("2026-03-13"), f["deadlines"]
        assert f["deadlines"]["answer"]["text"].startswith("10:00 13/03/2026"), f["deadlines"]
        # The anonymous sender gets no journal and no officer fields.
        assert "journal" not in f and "concerned" not in f
        # Friday 21/08/2026: the make-up Saturday 22/08 is a working day.
        s.clock.set(iso("2026-08-21"))
        h = submit(s)
        assert h["deadlines"]["refuse"]["iso"] == iso("2026-08-24"), h["deadlines"]
        # Thursday 27/08/2026: Fri 28/08 works; Sat 29/08 – Wed 02/09 are off (Mon 31/08 swapped with Sat 22/08).
        s.clock.set(iso("2026-08-27"))
        g = submit(s)
        assert g["code"] == "PA-01273-260827-0001"
        # 2: Fri 28/08, Thu 03/09. 15: 28/08, 03–04/09, 07–11/09, 14–18/09, 21–22/09.
        assert g["deadlines"]["refuse"]["iso"] == iso("2026-09-03"), g["deadlines"]
        assert g["deadlines"]["answer"]["iso"] == iso("2026-09-22"), g["deadlines"]


def test_transfer_answer_publish_and_rate(_):
    with clock_server(iso("2026-03-02", "09:00")) as s:
        desk = Desk(s)
        cit = desk(CITIZEN)
        # The citizen's own online dossier; feedback may cite it, not another's (nor a made-up code).
        d = ok(s.post("/api/v1/dossiers", {"procedure": "1.001193", "channel": "online", "receiving_unit": WARD,
                                           "applicant": {"name": "Hoàng Văn Pả", "id_number": "004090001234",
                                                         "phone": "0912345678"},
                                           "documents": [2, 4, 5, 6, 7, 8]}, token=cit), 201)["code"]
        e = expect_error(s.post("/api/v1/feedback", item(dossier_code="01273-260302-0099", channel="portal"),
                                token=cit), 400, "dossier_code")
        assert "của bạn" in e["message"], e
        # A citizen sends it, by mistake, to the other ward; with contact details in the text.
        f = submit(s, cit, unit=OTHER, dossier_code=d, channel="portal",
                   content="Cán bộ hẹn tôi gọi 0912 345 678 hoặc gửi thư pa.hoang@example.com, số CCCD 004190001234.")
        code = f["code"]
        assert code.startswith("PA-01279-260302-") and f["received_by"]["code"] == OTHER
        assert f["channel"]["name"] == "portal" and f["sender"]["name"] == "Hoàng Văn Pả"
        # The sender reads it by account and by code + key; another citizen and a stranger do not.
        assert ok(get(s, code, cit))["code"] == code
        ok(s.post("/api/v1/auth/register", {"name": "Lý Thị Mai", "id_number": "004190009999",
                                            "phone": "0987000333", "password": "MatKhau@2026"}), 201)
        other = s.login("0987000333", "MatKhau@2026")
        e = expect_error(get(s, code, other), 404)
        assert is_vietnamese(e["message"])
        assert [x["code"] for x in ok(s.get("/api/v1/feedback", token=other))["items"]] == []
        assert [x["code"] for x in ok(s.get("/api/v1/feedback", token=cit))["items"]] == [code]
        expect_error(s.get("/api/v1/track-feedback/%s?key=ZZZZZZZZ" % code), 404)
        t = ok(s.get("/api/v1/track-feedback/%s?key=%s" % (code, f["key"])))
        assert t["state"]["name"] == "received" and "journal" not in t
        # By code + key (the key may be the phone's last 4 digits), no contact of the sender shows.
        assert "sender" not in t and t["sender_has_phone"] is True, t
        assert "sender" not in ok(s.get("/api/v1/track-feedback/%s?key=2333" % code))
        # The other ward's officers cannot act on it; its own receiver transfers it, with a reason.
        act(s, code, "accept", desk(RECEIVER), {"topic": "handling"}, status=404)
        act(s, code, "transfer", desk(OTHER_RECEIVER), {"unit": WARD}, status=400)
        act(s, code, "transfer", desk(OTHER_RECEIVER), {"unit": "99999", "reason": "x"}, status=400)
        s.clock.set(iso("2026-03-04", "15:00"))
        t = act(s, code, "transfer", desk(OTHER_RECEIVER),
                {"unit": WARD, "reason": "Hồ sơ liên quan do phường Thục Phán giải quyết"})
        assert t["handling_unit"]["code"] == WARD and t["received_by"]["code"] == OTHER and t["transfers"] == 1
        # The deadlines start again from the transfer: Wed 04/03 15:00 + 2 and + 15 working days.
        assert t["deadlines"]["refuse"]["iso"] == iso("2026-03-06", "15:00"), t["deadlines"]
        assert t["deadlines"]["answer"]["iso"] == iso("2026-03-25", "15:00"), t["deadlines"]
        # The transfer back is refused (same unit), and the other ward no longer handles it.
        act(s, code, "transfer", desk(RECEIVER), {"unit": WARD, "reason": "x"}, status=400)
        act(s, code, "accept", desk(OTHER_RECEIVER), {"topic": "handling"}, status=403)
        # Counted once: by the unit that holds it, not by both.
        sup = desk(SUPERVISOR)
        assert stats(s, sup, WARD)["received"] == 1 and stats(s, sup, OTHER)["received"] == 0
        assert stats(s, sup, "04")["received"] == 1 and stats(s, sup, "04")["pending"] == 1

        assert ok(get(s, code, desk(SPECIALIST)))["actions"] == ["accept", "refuse", "transfer"]
        act(s, code, "accept", desk(SPECIALIST), {}, status=400)
        a = act(s, code, "accept", desk(SPECIALIST), {"topic": "handling"})
        assert a["state"]["name"] == "accepted" and a["topic"]["name"] == "handling"
        assert ok(get(s, code, desk(SPECIALIST)))["actions"] == ["transfer", "answer"]
        act(s, code, "refuse", desk(SPECIALIST), {"reason": "x"}, status=409)  # accepted: no refusal any more
        act(s, code, "answer", desk(SPECIALIST), {"reply": ""}, status=400)
        s.clock.set(iso("2026-03-10", "10:00"))
        reply = ("Phường đã nhắc nhở bộ phận một cửa. Ông Pả (ĐT 0911222333, pa.hoang@example.com) "
                 "được hướng dẫn nộp trực tuyến.")
        a = act(s, code, "answer", desk(SPECIALIST), {"reply": reply, "publish": True})
        assert a["state"]["name"] == "answered" and a["answered_on_time"] is True and a["published_at"]["iso"]
        assert a["answered_by"] == SPECIALIST
        act(s, code, "answer", desk(SPECIALIST), {"reply": "lần hai"}, status=409)

        # The public list: the answer, without the sender's name, phone, e-mail, ID number or dossier code.
        pub = ok(s.get("/api/v1/public/feedback"))["items"]
        assert [x["code"] for x in pub] == [code], pub
        text = repr(pub)
        for personal in ("Hoàng Văn Pả", "0911222333", "0912 345 678", "pa.hoang", "004190001234", d, "Nà Rị"):
            assert personal not in text, (personal, text)
        assert "Phường đã nhắc nhở bộ phận một cửa." in pub[0]["answer"] and "***" in pub[0]["answer"]
        assert pub[0]["unit"] and pub[0]["topic"] == "Việc giải quyết thủ tục hành chính"

        # The sender rates once; by account, then by key is refused; another citizen cannot.
        expect_error(s.post("/api/v1/feedback/%s/rating" % code, {"satisfied": True}, token=other), 404)
        expect_error(s.post("/api/v1/feedback/%s/rating" % code, {"satisfied": "có"}, token=cit), 400, "satisfied")
        r = ok(s.post("/api/v1/feedback/%s/rating" % code, {"satisfied": True}, token=cit))
        assert r["satisfied"] is True
        expect_error(s.post("/api/v1/feedback/%s/rating" % code, {"satisfied": False}, token=cit), 409)
        expect_error(s.post("/api/v1/track-feedback/%s/rating" % code, {"key": f["key"], "satisfied": False}), 409)

        # The figures, by the unit that answered; the 766 inputs (first received, on time, satisfied).
        st = stats(s, sup, "04")
        assert (st["received"], st["answered"], st["answered_on_time"], st["answered_late"], st["pending"],
                st["satisfied"]) == (1, 1, 1, 0, 0, 1), st
        assert (st["first_received"], st["handled_on_time"], st["handled_satisfied"]) == (1, 1, 1), st
        assert stats(s, sup, OTHER)["answered"] == 0
        # Per unit: the province's figures list its sub-units, each by the same computation.
        prov = ok(s.get("/api/v1/feedback-stats?unit=04&from=2026-01-01&to=2026-12-31", token=sup))
        rows = {x["code"]: x["figures"] for x in prov["units"]}
        assert sum(x["received"] for x in rows.values()) == 1 and len(rows) > 1, rows
        parent = ok(s.get("/api/v1/units/" + WARD, token=sup))["parent"]
        assert rows[parent]["answered_on_time"] == 1 if parent != "04" else rows[WARD]["answered_on_time"] == 1
        # The same figures are the 766 index's items 5.2 and 5.3 (one computation: feedback_stats_of).
        res = ok(s.get("/api/v1/index766?unit=%s&from=2026-03-01&to=2026-03-31" % WARD, token=sup))
        items = {i["id"]: i for g in res["groups"] for i in g["items"]}
        assert (res["inputs"]["feedback"], res["inputs"]["feedback_on_time"], res["inputs"]["feedback_satisfied"]) \
            == (1, 1, 1), res["inputs"]
        assert (items["5.2"]["status"], items["5.2"]["value"], items["5.2"]["points"]) == ("ok", 100, 6), items["5.2"]
        assert (items["5.3"]["status"], items["5.3"]["value"]) == ("ok", 100), items["5.3"]
        other_ward = ok(s.get("/api/v1/index766?unit=%s&from=2026-03-01&to=2026-03-31" % OTHER, token=sup))
        assert {i["id"]: i for g in other_ward["groups"] for i in g["items"]}["5.2"]["status"] == "no_data"

        # Every change is in the hash chain, without the sender's contact; the chain verifies.
        j = ok(get(s, code, desk(SPECIALIST)))["journal"]
        assert [x["action"] for x in j] == ["feedback.submit", "feedback.transfer", "feedback.accept",
                                            "feedback.answer", "feedback.rate"], j
        assert j[1]["unit"] == OTHER and j[1]["to_unit"] == WARD and j[1]["actor"] == OTHER_RECEIVER
        assert j[3]["note"] == "đúng hạn; công khai"
        assert "0911222333" not in repr(j) and "Hoàng Văn Pả" not in repr(j)
        p = run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr


def test_refusal_needs_a_reason_within_its_limit(_):
    with clock_server(iso("2026-03-02", "09:00")) as s:
        desk = Desk(s)
        code = submit(s, consent_publish=False)["code"]
        e = act(s, code, "refuse", desk(RECEIVER), {}, status=400)
        assert e["field"] == "reason" and is_vietnamese(e["message"])
        # Refused within 2 working days (Wed 04/03 09:00) it may be; later it may not.
        s.clock.set(iso("2026-03-04", "09:01"))
        assert ok(get(s, code, desk(RECEIVER)))["actions"] == ["accept", "transfer"]  # the refusal limit is past
        e = act(s, code, "refuse", desk(RECEIVER), {"reason": "Nội dung không thuộc thẩm quyền"}, status=409)
        assert "2 ngày làm việc" in e["message"], e
        late = code
        s.clock.set(iso("2026-03-04", "10:00"))
        code = submit(s, consent_publish=False)["code"]
        r = act(s, code, "refuse", desk(RECEIVER), {"reason": "Nội dung đã được trả lời tại văn bản số 12/UBND"})
        assert r["state"]["name"] == "refused" and r["refuse_reason"].startswith("Nội dung đã được")
        act(s, code, "answer", desk(SPECIALIST), {"reply": "x"}, status=409)
        act(s, code, "accept", desk(SPECIALIST), {"topic": "other"}, status=409)
        # No consent: the answer cannot be published; unpublished it goes to the sender only.
        act(s, late, "accept", desk(SPECIALIST), {"topic": "other"})
        e = act(s, late, "answer", desk(SPECIALIST), {"reply": "Trả lời", "publish": True}, status=409)
        assert e["field"] == "publish"
        a = act(s, late, "answer", desk(SPECIALIST), {"reply": "Trả lời riêng cho người gửi"})
        assert a["published_at"] is None and ok(s.get("/api/v1/public/feedback"))["items"] == []
        st = stats(s, desk(SUPERVISOR), WARD)
        assert (st["received"], st["refused"], st["first_received"], st["answered"]) == (2, 1, 1, 1), st


def test_bad_input_gets_vietnamese_4xx_and_nothing_written(s):
    before = harness.count_rows(s.db, "feedback")
    for body, status, field in [
        (item(name=""), 400, "name"),
        (item(phone="", address=""), 400, "phone"),
        (item(title="a\nb"), 400, "title"),
        (item(content="x" * 5001), 400, "content"),
        (item(unit="99999"), 400, "unit"),
        (item(topic="ai"), 400, "topic"),
        (item(dossier_code="<script>"), 400, "dossier_code"),
        (item(concerned="chuyenvien.thucphan"), 400, "concerned"),
        (item(channel="counter"), 403, "channel"),
        (item(channel="fax"), 400, "channel"),
    ]:
        e = expect_error(s.post("/api/v1/feedback", body), status, field)
        assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/feedback", item(channel="portal"), token=s.login(RECEIVER)), 400, "channel")
    expect_error(s.post("/api/v1/feedback", item(unit=OTHER), token=s.login(RECEIVER)), 403, "unit")
    assert harness.count_rows(s.db, "feedback") == before
    # An officer's entry is from the counter unless they say by phone.
    assert ok(s.post("/api/v1/feedback", item(), token=s.login(RECEIVER)), 201)["channel"]["name"] == "counter"
    # A dossier code from an anonymous sender is kept as given (checking it would tell a stranger which codes
    # exist); an officer's must exist.
    assert ok(s.post("/api/v1/feedback", item(dossier_code="01273-260302-0099")), 201)["dossier_code"] \
        == "01273-260302-0099"
    expect_error(s.post("/api/v1/feedback", item(dossier_code="01273-260302-0099"), token=s.login(RECEIVER)), 400,
                 "dossier_code")
    # 5,000 characters is the most content one may send.
    ok(s.post("/api/v1/feedback", item(content="ả" * 5000)), 201)
    expect_error(s.post("/api/v1/feedback/PA-none/actions/accept", {"topic": "other"}, token=s.login(LEADER)), 404)
    expect_error(s.post("/api/v1/feedback/PA-none/actions/fly", {}, token=s.login(LEADER)), 404)
    expect_error(s.get("/api/v1/feedback"), 401)


def test_senders_without_an_office_are_counted_per_address(_):
    with own_server() as s:
        for i in range(20):
            ok(s.post("/api/v1/feedback", item(title="Phản ánh số %d" % (i + 1))), 201)
        e = expect_error(s.post("/api/v1/feedback", item()), 429)
        # The wait is the window's rest: a minute, less the time the twenty took (a loaded machine: seconds).
        m = re.fullmatch(r"Too many feedback items from this address; try again in (\d+) s\.", e["message_en"])
        assert m and 30 <= int(m.group(1)) <= 60, e
        wait = "1 phút" if int(m.group(1)) == 60 else "%s giây" % m.group(1)
        assert "quá nhiều phản ánh" in e["message"] and wait in e["message"], e
        # A logged-in citizen on the same address waits too; the counter officer does not.
        expect_error(s.post("/api/v1/feedback", item(channel="portal"), token=s.login(CITIZEN)), 429)
        ok(s.post("/api/v1/feedback", item(), token=s.login(RECEIVER)), 201)
        assert harness.count_rows(s.db, "feedback") == 21


def test_reminder_and_escalation_by_the_deadline_job(_):
    with clock_server(iso("2026-03-02", "09:00")) as s:
        desk = Desk(s)
        code = submit(s)["code"]
        act(s, code, "accept", desk(SPECIALIST), {"topic": "regulation"})
        # Answer due Mon 23/03 09:00. Wed 18/03 is 3 working days before it: nothing yet.
        assert jobs(s, iso("2026-03-18", "09:00")) == 0
        assert jobs(s, iso("2026-03-19", "09:00")) == 1       # 2 working days before: reminded
        assert jobs(s, iso("2026-03-20", "09:00")) == 0       # once
        f = ok(get(s, code, desk(SPECIALIST)))
        assert f["alert"] == "due_soon" and f["escalated_to"] is None
        assert [x["code"] for x in ok(s.get("/api/v1/feedback", token=desk(SPECIALIST)))["items"]
                if x["alert"] == "due_soon"] == [code]
        assert jobs(s, iso("2026-03-23", "09:00")) == 0       # at the deadline: still on time
        assert jobs(s, iso("2026-03-23", "09:01")) == 1       # past it: overdue, escalated
        assert jobs(s, iso("2026-03-24", "09:00")) == 0
        parent = ok(s.get("/api/v1/units/" + WARD))["parent"]
        f = ok(get(s, code, desk(SPECIALIST)))
        assert f["alert"] == "overdue" and f["escalated_to"] == parent, f
        marks = [(x["action"], x["actor"], x["unit"], x["to_unit"]) for x in f["journal"]
                 if x["action"] in ("feedback.remind", "feedback.escalate")]
        assert marks == [("feedback.remind", "motcua", WARD, None), ("feedback.escalate", "motcua", WARD, parent)]
        assert f["journal"][-1]["note"] == "hạn trả lời 09:00 23/03/2026"
        s.clock.set(iso("2026-03-24", "09:00"))
        st = stats(s, desk(SUPERVISOR), WARD, to="2026-03-31")
        assert (st["pending"], st["overdue"]) == (1, 1), st
        # An inspection of the ward over March draws the same figures (feedback_stats_of).
        insp = ok(s.post("/api/v1/inspections", {"unit": WARD, "period_from": "2026-03-01", "period_to": "2026-03-31",
                                                 "inspected_on": "2026-03-24", "team": "Sở Nội vụ"},
                         token=desk(SUPERVISOR)), 201)
        drawn = ok(s.get("/api/v1/inspections/%d/data" % insp["id"], token=desk(SUPERVISOR)))["feedback"]
        assert drawn == {k: st[k] for k in drawn} and (drawn["received"], drawn["overdue"]) == (1, 1), drawn
        # Answered late: counted late, the mark cleared.
        s.clock.set(iso("2026-03-25", "14:00"))
        a = act(s, code, "answer", desk(SPECIALIST), {"reply": "Quy định do Bộ Tư pháp ban hành."})
        assert a["answered_on_time"] is False and a["alert"] is None
        st = stats(s, desk(SUPERVISOR), WARD, to="2026-03-31")
        assert (st["answered_late"], st["pending"], st["overdue"], st["handled_on_time"]) == (1, 0, 0, 0), st
        assert jobs(s, iso("2026-03-26", "09:00")) == 0
        assert run_cli("journal", "verify", db=s.db).returncode == 0


def test_conduct_is_hidden_from_the_officer_concerned(_):
    with clock_server(iso("2026-03-02", "09:00")) as s:
        desk = Desk(s)
        # Recorded by the receiver from a phone call, naming the specialist: classified as conduct.
        f = submit(s, desk(RECEIVER), channel="phone", concerned=SPECIALIST, title="Cán bộ thiếu tôn trọng")
        code = f["code"]
        assert f["topic"]["name"] == "conduct" and f["channel"]["name"] == "phone"
        # Neither the officer concerned, nor their colleagues, nor the supervisor: only their head.
        for who in (SPECIALIST, RECEIVER, SUPERVISOR, OTHER_RECEIVER):
            expect_error(get(s, code, desk(who)), 404)
            assert code not in [x["code"] for x in ok(s.get("/api/v1/feedback", token=desk(who)))["items"]], who
        act(s, code, "accept", desk(SPECIALIST), {"topic": "conduct"}, status=404)
        assert ok(get(s, code, desk(LEADER)))["concerned"] == SPECIALIST
        assert code in [x["code"] for x in ok(s.get("/api/v1/feedback", token=desk(LEADER)))["items"]]
        act(s, code, "accept", desk(LEADER), {"topic": "conduct"})
        act(s, code, "answer", desk(LEADER), {"reply": "Đã kiểm điểm cán bộ."})

        # Sent on the portal, then classified as conduct by the head, naming the officer.
        g = submit(s, title="Thái độ khi tiếp nhận hồ sơ")["code"]
        assert ok(get(s, g, desk(SPECIALIST)))["code"] == g       # not yet classified: the unit reads it
        act(s, g, "accept", desk(LEADER), {"topic": "regulation", "concerned": SPECIALIST}, status=400)
        act(s, g, "accept", desk(LEADER), {"topic": "conduct", "concerned": "khong.co"}, status=400)
        act(s, g, "accept", desk(LEADER), {"topic": "conduct", "concerned": SPECIALIST})
        expect_error(get(s, g, desk(SPECIALIST)), 404)
        expect_error(get(s, g, desk(RECEIVER)), 404)
        # Classified as conduct without naming anyone: the unit's heads only.
        h = submit(s, title="Thái độ của cán bộ")["code"]
        act(s, h, "accept", desk(RECEIVER), {"topic": "conduct"})
        expect_error(get(s, h, desk(RECEIVER)), 404)
        assert ok(get(s, h, desk(LEADER)))["topic"]["name"] == "conduct"
        assert run_cli("journal", "verify", db=s.db).returncode == 0


if __name__ == "__main__":
    harness.main(globals())
