"""Dossiers (hồ sơ): counter and online intake, processing through the
template (claim, forward, approve), supplements and pauses, inter-agency
transfer, lateness with an apology, stop, public tracking, permissions and
bad input. Time-dependent tests run on a test clock (`serve --clock-file`)
starting Monday 02/03/2026 09:00 (a working day, no holiday), so every
appointment is exact.

Procedure 1.001193 (đăng ký khai sinh): 1 working day, commune level; its
ward template is receiver 0.5 h, specialist 5 h, leader 1.5 h, return 0.5 h
(decision at step 3). Working hours 07:30-11:30, 13:30-17:00 (7.5 h a day).
"""
import json
import re
from urllib.parse import urlencode

import harness
from harness import clock_server, expect_error, is_vietnamese, run_cli


def demo_entries(s):
    """The journal entries the demo data writes (the tasks of data/tasks.json): none is a dossier's."""
    return int(harness.count_rows(s.db, "journal WHERE dossier_id IS NULL"))


PROC = "1.001193"
MANDATORY = [4, 6]  # documents[].mandatory of 1.001193: the birth certificate, the ID shown
WARD = "01273"
APPLICANT = {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321",
             "email": "lan.nong@example.vn", "address": "Tổ 5, phường Thục Phán"}
KEY_RE = re.compile(r"[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}")

RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"

ST_SUBMITTED = "Đã nộp, chờ cán bộ một cửa kiểm tra, tiếp nhận"
ST_RECEIVED = "Đã tiếp nhận, chờ cơ quan có thẩm quyền xử lý"
ST_PROCESSING = "Đang xử lý"
ST_DECIDED = "Đã có kết quả giải quyết, đang chuyển về bộ phận một cửa"
ST_RESULT_READY = "Đã có kết quả, mời nhận kết quả"
ST_RETURNED = "Đã trả kết quả"
ST_STOPPED = "Đã dừng giải quyết theo đề nghị của người nộp"


def at(day, hm):
    """An instant in the week of Monday 02/03/2026: at(2, "09:00")."""
    return "2026-03-%02dT%s:00+07:00" % (day, hm)


def iso(when):
    return when["iso"] if when else None


def state(d):
    return (d["state"]["name"], d["state"]["portal_status"])


def names(actions):
    return [a["action"] for a in actions]


def ok(resp, status=200):
    assert resp.status == status, "expected %d, got %r" % (status, resp)
    return resp.json()


def intake(s, token, **over):
    """A counter intake at the ward: all mandatory documents, accepted."""
    body = {"procedure": PROC, "channel": "direct", "applicant": dict(APPLICANT), "documents": list(MANDATORY),
            "outcome": "accept"}
    body.update(over)
    return s.post("/api/v1/dossiers", body, token=token)


def act(s, code, action, token, body=None):
    return s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body if body is not None else {}, token=token)


def get(s, code, token):
    return s.get("/api/v1/dossiers/" + code, token=token)


def journal(s, code, token):
    return ok(s.get("/api/v1/dossiers/%s/journal" % code, token=token))["entries"]


def inbox(s, token, **query):
    return ok(s.get("/api/v1/inbox" + ("?" + urlencode(query) if query else ""), token=token))


def track(s, code, key):
    return s.get("/api/v1/track/%s?%s" % (code, urlencode({"key": key})))


class Desk:
    """Tokens of the demo officers on one server."""

    def __init__(self, s):
        self.s = s
        self.tokens = {}

    def __call__(self, username, password=harness.DEMO_PASSWORD):
        if username not in self.tokens:
            self.tokens[username] = self.s.login(username, password)
        return self.tokens[username]


def decide(s, desk, code, clock_times):
    """Specialist claims and forwards, leader claims and approves, at the
    given instants (4 ISO strings)."""
    s.clock.set(clock_times[0])
    ok(act(s, code, "claim", desk(SPECIALIST)))
    s.clock.set(clock_times[1])
    ok(act(s, code, "forward", desk(SPECIALIST)))
    s.clock.set(clock_times[2])
    ok(act(s, code, "claim", desk(LEADER)))
    s.clock.set(clock_times[3])
    return ok(act(s, code, "approve", desk(LEADER)))


# ---- 1. counter intake to return ---------------------------------------------------------------


def test_counter_intake_to_return(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        d = ok(intake(s, desk(RECEIVER), note="Nộp tại quầy số 2"), 201)
        code = d["code"]
        assert code == "01273-260302-0001", code
        assert re.fullmatch(r"\d{5}-\d{6}-\d{4}", code)
        assert state(d) == ("received", 2), d["state"]
        assert d["state"]["label"] == ST_RECEIVED
        assert d["rules_version"] == "ND118/2025"
        assert d["channel"] == "direct" and d["procedure"] == {"code": PROC, "name": "Thủ tục đăng ký khai sinh"}
        assert iso(d["submitted_at"]) == at(2, "09:00") and iso(d["received_at"]) == at(2, "09:00")
        assert iso(d["due_at"]) == at(3, "09:00"), d["due_at"]  # 1 working day
        assert d["due_at"]["text"] == "09:00 03/03/2026"
        assert d["original_due_at"] is None and d["extensions"] == 0 and d["paused_seconds"] == 0
        assert d["processing_time"] == {"amount": 1, "unit": "working_day"}
        key = d["tracking_key"]
        assert KEY_RE.fullmatch(key), key
        assert d["receiving_unit"] == {"code": WARD, "name": "Phường Thục Phán"} == d["competent_unit"]
        assert d["holder_unit"]["code"] == WARD and d["holder_user"] is None
        # The file waits at the specialist step (5 working hours from 09:00).
        assert d["step"] == {"seq": 2, "name": "Thẩm định, xử lý hồ sơ", "role": "specialist"}, d["step"]
        assert iso(d["step_due_at"]) == at(2, "16:00"), d["step_due_at"]
        assert d["applicant"] == APPLICANT, d["applicant"]
        assert [x["seq"] for x in d["documents"] if x["provided"]] == MANDATORY
        assert [x["seq"] for x in d["documents"] if x["mandatory"]] == MANDATORY
        assert d["requests"] == [] and d["outcome"] is None
        assert names(d["actions"]) == ["request_supplement", "request_payment", "stop"], d["actions"]
        # The key is stable.
        assert ok(get(s, code, desk(RECEIVER)))["tracking_key"] == key

        # The specialist's inbox lists it, with claim among the actions.
        box = inbox(s, desk(SPECIALIST))
        assert box["total"] == 1 and [i["code"] for i in box["items"]] == [code], box
        item = box["items"][0]
        assert "claim" in names(item["actions"]), item["actions"]
        assert item["applicant"] == APPLICANT["name"] and iso(item["due_at"]) == at(3, "09:00")
        assert item["class"]["name"] == "due_soon", item["class"]
        assert box["counts"] == {"overdue": 0, "due_today": 0, "due_soon": 1, "on_track": 0}, box["counts"]
        # Filters: name without diacritics, state; a miss is empty.
        assert [i["code"] for i in inbox(s, desk(SPECIALIST), q="nong thi lan")["items"]] == [code]
        assert [i["code"] for i in inbox(s, desk(SPECIALIST), q="260302-0001")["items"]] == [code]
        assert inbox(s, desk(SPECIALIST), q="Hoàng Văn Không")["total"] == 0
        assert inbox(s, desk(SPECIALIST), state="received")["total"] == 1
        assert inbox(s, desk(SPECIALIST), state="processing")["total"] == 0

        s.clock.set(at(2, "10:00"))
        d = ok(act(s, code, "claim", desk(SPECIALIST)))
        assert state(d) == ("processing", 4) and d["holder_user"]["username"] == SPECIALIST, d
        assert names(d["actions"]) == ["request_supplement", "forward", "transfer", "request_payment"], d["actions"]
        s.clock.set(at(2, "11:00"))
        d = ok(act(s, code, "forward", desk(SPECIALIST), {"note": "Đủ điều kiện đăng ký"}))
        assert d["step"]["seq"] == 3 and d["step"]["role"] == "leader" and d["holder_user"] is None, d
        assert iso(d["step_due_at"]) == at(2, "14:30"), d["step_due_at"]  # 1.5 h over the lunch break
        d = ok(act(s, code, "claim", desk(LEADER)))
        assert d["holder_user"]["username"] == LEADER and "approve" in names(d["actions"]), d
        s.clock.set(at(2, "14:00"))
        d = ok(act(s, code, "approve", desk(LEADER)))
        assert state(d) == ("decided", 9) and d["outcome"] == "approved", d["state"]
        assert iso(d["decided_at"]) == at(2, "14:00")
        assert d["step"]["seq"] == 4 and d["holder_unit"]["code"] == WARD
        s.clock.set(at(2, "15:00"))
        d = ok(act(s, code, "result_ready", desk(RECEIVER)))
        assert state(d) == ("result_ready", 9) and iso(d["result_ready_at"]) == at(2, "15:00"), d
        assert names(d["actions"]) == ["return"], d["actions"]
        s.clock.set(at(3, "08:00"))
        d = ok(act(s, code, "return", desk(RECEIVER), {"method": "counter"}))
        assert state(d) == ("returned", 10) and d["return_method"] == "counter", d
        assert iso(d["returned_at"]) == at(3, "08:00") and d["actions"] == []

        # The journal, in order, with actors and timings.
        got = [(e["action"], e["actor"], e["role"], e["unit"], e["from"] and e["from"]["name"], e["to"]["name"],
                e["timing"], iso(e["at"])) for e in journal(s, code, desk(RECEIVER))]
        want = [
            ("submit", RECEIVER, "receiver", WARD, None, "submitted", None, at(2, "09:00")),
            ("accept", RECEIVER, "receiver", WARD, "submitted", "received", "on_time", at(2, "09:00")),
            ("claim", SPECIALIST, "specialist", WARD, "received", "processing", None, at(2, "10:00")),
            ("forward", SPECIALIST, "specialist", WARD, "processing", "processing", "on_time", at(2, "11:00")),
            ("claim", LEADER, "leader", WARD, "processing", "processing", None, at(2, "11:00")),
            ("approve", LEADER, "leader", WARD, "processing", "decided", "early", at(2, "14:00")),
            ("result_ready", RECEIVER, "receiver", WARD, "decided", "result_ready", None, at(2, "15:00")),
            ("return", RECEIVER, "receiver", WARD, "result_ready", "returned", "on_time", at(3, "08:00")),
        ]
        assert got == want, "\n".join(map(repr, got))
        entries = journal(s, code, desk(RECEIVER))
        assert entries[0]["note"] == "Nộp tại quầy số 2" and entries[3]["note"] == "Đủ điều kiện đăng ký"
        assert all(re.fullmatch(r"[0-9a-f]{64}", e["hash"]) for e in entries)
        assert len({e["hash"] for e in entries}) == 8

        # The process-control slip: one row per handoff and claim.
        slip = ok(s.get("/api/v1/dossiers/%s/control-slip" % code, token=desk(LEADER)))
        assert slip["title"] == "Phiếu kiểm soát quá trình giải quyết hồ sơ" and slip["code"] == code
        assert slip["procedure"] == "Thủ tục đăng ký khai sinh"
        assert slip["lead_unit"] == {"code": WARD, "name": "Phường Thục Phán"}
        assert iso(slip["received_at"]) == at(2, "09:00") and iso(slip["due_at"]) == at(3, "09:00")
        rows = [(r["no"], iso(r["at"]), r["giver"]["actor"], r["giver"]["unit"], r["receiver"]["unit"], r["action"],
                 r["result"]) for r in slip["rows"]]
        assert rows == [
            (1, at(2, "09:00"), RECEIVER, WARD, WARD, "Nộp hồ sơ", None),
            (2, at(2, "09:00"), RECEIVER, WARD, WARD, "Tiếp nhận hồ sơ", "on_time"),
            (3, at(2, "10:00"), SPECIALIST, WARD, WARD, "Nhận xử lý", None),
            (4, at(2, "11:00"), SPECIALIST, WARD, WARD, "Chuyển bước tiếp theo", "on_time"),
            (5, at(2, "11:00"), LEADER, WARD, WARD, "Nhận xử lý", None),
            (6, at(2, "14:00"), LEADER, WARD, WARD, "Phê duyệt", "early"),
        ], "\n".join(map(repr, rows))

        # Public tracking with the key: the result is returned, nobody is named.
        r = track(s, code, key)
        t = ok(r)
        assert t["code"] == code and t["state"]["label"] == ST_RETURNED and t["state"]["portal_status"] == 10, t
        assert t["status_text"] == "Đã trả kết quả.", t["status_text"]
        assert t["outcome"] == "approved" and t["held_by"] is None and iso(t["due_at"]) == at(3, "09:00")
        assert [e["action"] for e in t["timeline"]] == [w[0] for w in want]
        text = r.body.decode("utf-8")
        for secret in list(APPLICANT.values()) + [RECEIVER, SPECIALIST, LEADER, key]:
            assert secret not in text, (secret, text)
        assert "Nông" not in text and "0987654321" not in text and "004190001111" not in text
        for e in t["timeline"]:
            assert "actor" not in e and "hash" not in e and "unit" not in e, e

        p = run_cli("journal", "verify", db=s.db, check=False)
        assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
        # 8 entries of this dossier's, after those the demo data writes (its directive's and plans' tasks)
        assert p.stdout.strip() == "Nhật ký nguyên vẹn: %d bản ghi." % (demo_entries(s) + 8), p.stdout


# ---- 2. intake checks: completeness, supplement once, refusal -------------------------------------


def test_intake_completeness_supplement_once_and_refusal(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        rcv = desk(RECEIVER)
        # Accepting without a mandatory document (6, the ID) is refused and writes nothing.
        e = expect_error(intake(s, rcv, documents=[2, 4, 5, 7]), 400, field="documents")
        assert is_vietnamese(e["message"]) and "số 6" in e["message"], e
        e = expect_error(intake(s, rcv, documents=[]), 400, field="documents")
        assert "số 4" in e["message"], e  # the first missing one
        # Supplement at intake: numbered items, no appointment yet.
        body = {"outcome": "supplement", "documents": [2, 4, 5],
                "items": ["Tờ khai đăng ký khai sinh theo mẫu", "Mẫu hộ tịch điện tử tương tác"],
                "reason": "Hồ sơ chưa đủ thành phần"}
        expect_error(intake(s, rcv, outcome="supplement", documents=[2]), 400, field="items")
        d = ok(intake(s, rcv, **body), 201)
        code = d["code"]
        assert code == "01273-260302-0001", code  # the refused attempts used no number
        assert state(d) == ("intake_supplement", 5), d["state"]
        assert d["due_at"] is None and d["received_at"] is None and d["supplements"] == {"at_intake": 1,
                                                                                      "in_processing": 0}
        assert len(d["requests"]) == 1, d["requests"]
        req = d["requests"][0]
        assert req["kind"] == "supplement" and req["reason"] == "Hồ sơ chưa đủ thành phần", req
        assert req["items"] == "1. Tờ khai đăng ký khai sinh theo mẫu\n2. Mẫu hộ tịch điện tử tương tác", req
        assert iso(req["created_at"]) == at(2, "09:00") and req["resolved_at"] is None
        assert names(d["actions"]) == ["resubmit", "stop"], d["actions"]
        entries = journal(s, code, rcv)
        assert [(x["action"], x["to"]["name"]) for x in entries] == [("submit", "submitted"),
                                                                      ("request_supplement", "intake_supplement")]
        assert entries[1]["note"] == req["items"]

        # The applicant comes back with the documents.
        s.clock.set(at(2, "10:30"))
        d = ok(act(s, code, "resubmit", rcv, {"documents": [6, 7]}))
        assert state(d) == ("submitted", 1), d["state"]
        assert iso(d["requests"][0]["resolved_at"]) == at(2, "10:30"), d["requests"]
        assert [x["seq"] for x in d["documents"] if x["provided"]] == [2, 4, 5, 6, 7]
        assert names(d["actions"]) == ["accept", "request_supplement", "refuse", "stop"], d["actions"]
        # A second supplement request at intake is refused: only once.
        r = act(s, code, "request_supplement", rcv, {"items": ["Bản sao giấy chứng sinh"], "reason": "Mờ"})
        e = expect_error(r, 409)
        assert "một lần" in e["message"] and is_vietnamese(e["message"]), e
        # Refusal (with reasons) ends it.
        expect_error(act(s, code, "refuse", rcv, {}), 400, field="reason")
        d = ok(act(s, code, "refuse", rcv, {"items": ["Người yêu cầu không có quyền đăng ký"],
                                            "reason": "Không đủ điều kiện"}))
        assert state(d) == ("refused", 3) and d["outcome"] == "refused", d
        assert d["state"]["label"] == "Không được tiếp nhận" and d["actions"] == []
        assert [(q["kind"], q["items"]) for q in d["requests"]] == [
            ("supplement", req["items"]), ("refusal", "1. Người yêu cầu không có quyền đăng ký")], d["requests"]
        # Refusal directly at the counter.
        d = ok(intake(s, rcv, outcome="refuse", documents=[], items=["Không thuộc thẩm quyền giải quyết"]), 201)
        assert d["code"] == "01273-260302-0002" and state(d) == ("refused", 3) and d["outcome"] == "refused", d
        assert d["requests"][0]["kind"] == "refusal" and d["requests"][0]["items"] == \
            "1. Không thuộc thẩm quyền giải quyết"
        expect_error(intake(s, rcv, outcome="refuse", documents=[]), 400, field="items")


def test_accept_action_checks_mandatory_documents_too(s):
    """The counter intake refuses to accept an incomplete file; accepting it
    later with the accept action must apply the same rule."""
    with clock_server(at(2, "09:00")) as s:
        rcv = s.login(RECEIVER)
        d = ok(intake(s, rcv, outcome="supplement", documents=[2, 4, 5], items=["Tờ khai"], reason="Thiếu"), 201)
        code = d["code"]
        d = ok(act(s, code, "resubmit", rcv, {"documents": [7]}))  # 6 is still missing
        assert [x["seq"] for x in d["documents"] if x["mandatory"] and not x["provided"]] == [6]
        expect_error(act(s, code, "accept", rcv), 400, field="documents")
        assert state(ok(get(s, code, rcv))) == ("submitted", 1)


# ---- 3. supplement during processing ---------------------------------------------------------------


def test_supplement_pauses_the_clock_exactly(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        s.clock.set(at(2, "09:30"))
        ok(act(s, code, "claim", desk(SPECIALIST)))
        s.clock.set(at(2, "10:00"))
        expect_error(act(s, code, "request_supplement", desk(SPECIALIST), {"reason": "Mờ"}), 400, field="items")
        expect_error(act(s, code, "request_supplement", desk(SPECIALIST), {"items": ["Giấy chứng sinh"]}), 400,
                     field="reason")
        d = ok(act(s, code, "request_supplement", desk(SPECIALIST),
                   {"items": ["Bản chính Giấy chứng sinh rõ nét", "Giấy tờ chứng minh nơi cư trú"],
                    "reason": "Bản chụp không đọc được"}))
        assert state(d) == ("supplement", 5), d["state"]
        assert iso(d["paused_since"]) == at(2, "10:00") and d["paused_seconds"] == 0
        assert iso(d["due_at"]) == at(3, "09:00")  # unchanged while paused
        assert d["supplements"] == {"at_intake": 0, "in_processing": 1}
        assert d["requests"][-1]["items"] == "1. Bản chính Giấy chứng sinh rõ nét\n2. Giấy tờ chứng minh nơi cư trú"
        t = ok(track(s, code, "4321"))
        assert t["state"]["portal_status"] == 5 and t["status_text"] == \
            "Chờ công dân bổ sung hồ sơ (tạm dừng tính thời gian)", t

        # Wednesday 09:00, still paused: past the old appointment but not overdue,
        # because the 6.5 working hours left move with the pause (→ Thu 08:30).
        s.clock.set(at(4, "09:00"))
        box = inbox(s, desk(RECEIVER))
        assert [i["code"] for i in box["items"]] == [code] and box["items"][0]["class"]["name"] == "due_soon", box
        assert names(box["items"][0]["actions"]) == ["resubmit", "stop"], box["items"][0]["actions"]

        s.clock.set(at(4, "10:00"))
        d = ok(act(s, code, "resubmit", desk(RECEIVER), {"documents": [1]}))
        assert state(d) == ("processing", 4), d["state"]
        assert d["paused_since"] is None
        assert d["paused_seconds"] == 2 * 27000, d["paused_seconds"]  # Mon 10:00 → Wed 10:00
        assert iso(d["due_at"]) == at(5, "09:00"), d["due_at"]  # +2 working days
        assert iso(d["step_due_at"]) == at(4, "16:00"), d["step_due_at"]
        assert d["holder_user"]["username"] == SPECIALIST  # the step is still the specialist's
        assert iso(d["requests"][-1]["resolved_at"]) == at(4, "10:00")
        q = urlencode({"from": at(3, "09:00"), "to": iso(d["due_at"])})
        el = ok(s.get("/api/v1/calendar/elapsed?" + q))
        assert el["working_seconds"] == d["paused_seconds"] == 54000, el
        q = urlencode({"from": at(2, "10:00"), "to": at(4, "10:00")})
        assert ok(s.get("/api/v1/calendar/elapsed?" + q))["working_seconds"] == 54000
        # Once in processing, a second supplement request is refused.
        e = expect_error(act(s, code, "request_supplement", desk(SPECIALIST), {"items": ["x"], "reason": "y"}), 409)
        assert "một lần" in e["message"] or "lần thứ hai" in e["message"], e
        kinds = [(x["action"], x["to"]["name"]) for x in journal(s, code, desk(SPECIALIST))]
        assert kinds == [("submit", "submitted"), ("accept", "received"), ("claim", "processing"),
                         ("request_supplement", "supplement"), ("resubmit", "processing")], kinds


# ---- 4. online submission ---------------------------------------------------------------------------


def test_online_submission_by_citizen(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        cit = desk("0912345678")
        body = {"procedure": PROC, "channel": "online", "receiving_unit": WARD,
                "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": "0912345678"},
                "documents": [2, 4, 5, 6, 7, 8]}
        d = ok(s.post("/api/v1/dossiers", body, token=cit), 201)
        code = d["code"]
        assert code == "01273-260302-0001", code
        assert state(d) == ("submitted", 1) and d["state"]["label"] == ST_SUBMITTED, d["state"]
        assert d["channel"] == "online" and iso(d["submitted_at"]) == at(2, "09:00")
        assert d["received_at"] is None and d["due_at"] is None
        assert names(d["actions"]) == ["stop"], d["actions"]
        # The citizen sees it; another citizen does not.
        assert state(ok(get(s, code, cit))) == ("submitted", 1)
        ok(s.post("/api/v1/auth/register", {"name": "Lý Thị Mai", "id_number": "004190009999",
                                            "phone": "0987000333", "password": "MatKhau@2026"}), 201)
        other = desk("0987000333", "MatKhau@2026")
        expect_error(get(s, code, other), 404)
        expect_error(s.get("/api/v1/dossiers/%s/journal" % code, token=other), 404)
        # A citizen cannot accept, not even their own; a stranger is not told it exists.
        e = expect_error(act(s, code, "accept", cit), 403)
        assert is_vietnamese(e["message"]), e
        expect_error(act(s, code, "accept", other), 404)
        # A citizen cannot take the counter channel, an officer not the online one.
        expect_error(s.post("/api/v1/dossiers", dict(body, channel="direct", outcome="accept"), token=cit), 403)
        expect_error(intake(s, desk(RECEIVER), channel="online"), 403, field="channel")
        # The receiver has it in the inbox, and accepts at 14:00.
        box = inbox(s, desk(RECEIVER))
        assert [i["code"] for i in box["items"]] == [code], box
        assert names(box["items"][0]["actions"]) == ["accept", "request_supplement", "refuse", "stop"]
        s.clock.set(at(2, "14:00"))
        d = ok(act(s, code, "accept", desk(RECEIVER)))
        assert state(d) == ("received", 2), d["state"]
        assert iso(d["received_at"]) == at(2, "14:00") and iso(d["due_at"]) == at(3, "14:00"), d
        assert iso(d["submitted_at"]) == at(2, "09:00")
        d = ok(get(s, code, cit))
        # Accepted, the citizen may still ask online to stop it (Decree 118/2025 Art. 21(2)); nothing else.
        assert state(d) == ("received", 2) and names(d["actions"]) == ["stop"], d["actions"]
        assert [(x["action"], x["actor"], x["role"]) for x in journal(s, code, cit)] == [
            ("submit", "0912345678", "citizen"), ("accept", RECEIVER, "receiver")]
        # Accepting twice is a state conflict.
        e = expect_error(act(s, code, "accept", desk(RECEIVER)), 409)
        assert ST_RECEIVED in e["message"], e


# ---- 5. inter-agency transfer -------------------------------------------------------------------------


def test_transfer_to_partner_and_back(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        s.clock.set(at(2, "10:00"))
        ok(act(s, code, "claim", desk(SPECIALIST)))
        expect_error(act(s, code, "transfer", desk(SPECIALIST), {}), 400, field="unit")
        expect_error(act(s, code, "transfer", desk(SPECIALIST), {"unit": "KHONG-CO"}), 400, field="unit")
        expect_error(act(s, code, "transfer", desk(SPECIALIST), {"unit": WARD}), 400, field="unit")
        d = ok(act(s, code, "transfer", desk(SPECIALIST), {"unit": "S03", "note": "Xác minh thông tin hộ tịch"}))
        assert state(d) == ("partner", 4), d["state"]
        assert d["state"]["label"] == "Đang xử lý liên thông tại cơ quan phối hợp"
        assert d["actions"] == [], d["actions"]
        last = journal(s, code, desk(SPECIALIST))[-1]
        assert (last["action"], last["to_unit"]["code"], last["to"]["name"]) == ("transfer", "S03", "partner")
        child = "01273-260302-0002"
        assert last["note"] == "Chuyển liên thông tới Sở Tư pháp, hồ sơ liên thông %s: Xác minh thông tin hộ tịch" \
            % child, last["note"]

        # The child is held by S03 and waits in its specialist's inbox.
        tp = desk("chuyenvien.tuphap")
        box = inbox(s, tp)
        assert [i["code"] for i in box["items"]] == [child], box
        assert "claim" in names(box["items"][0]["actions"])
        c = ok(get(s, child, tp))
        assert c["parent"] == code and state(c) == ("received", 2), c
        assert c["holder_unit"]["code"] == "S03" and c["competent_unit"]["code"] == "S03"
        assert c["receiving_unit"]["code"] == WARD and iso(c["due_at"]) == at(3, "09:00")
        assert c["step"]["role"] == "specialist" and c["applicant"]["name"] == APPLICANT["name"]
        cj = journal(s, child, tp)
        assert [(x["action"], x["actor"], x["note"]) for x in cj] == [
            ("transfer", SPECIALIST, "Nhận liên thông từ hồ sơ %s: Xác minh thông tin hộ tịch" % code)], cj
        # Counted once: the ward has nothing to move while S03 works.
        assert inbox(s, desk(SPECIALIST))["total"] == 0
        assert inbox(s, desk(LEADER))["total"] == 0

        s.clock.set(at(2, "13:30"))
        ok(act(s, child, "claim", tp))
        ok(act(s, child, "forward", tp, {"note": "Thông tin khớp"}))
        ok(act(s, child, "claim", desk("lanhdao.tuphap")))
        s.clock.set(at(2, "14:00"))
        c = ok(act(s, child, "approve", desk("lanhdao.tuphap")))
        # The child's result goes straight back to the lead unit.
        assert state(c) == ("returned", 10) and c["outcome"] == "approved" and c["return_method"] == "lien_thong", c
        assert inbox(s, tp)["total"] == 0
        p = ok(get(s, code, desk(SPECIALIST)))
        assert state(p) == ("processing", 4), p["state"]
        assert p["holder_user"]["username"] == SPECIALIST and p["step"]["seq"] == 2
        assert "forward" in names(p["actions"]), p["actions"]
        last = journal(s, code, desk(SPECIALIST))[-1]
        assert (last["action"], last["actor"], last["role"], last["from"]["name"], last["to"]["name"]) == \
            ("partner_done", "motcua", "system", "partner", "processing"), last
        assert last["note"] == "Cơ quan phối hợp Sở Tư pháp đã xử lý xong hồ sơ %s (approved)" % child, last
        assert [i["code"] for i in inbox(s, desk(SPECIALIST))["items"]] == [code]
        assert run_cli("journal", "verify", db=s.db).stdout.strip() == \
            "Nhật ký nguyên vẹn: %d bản ghi." % (demo_entries(s) + 11)


def test_transfer_by_leader_is_journaled_as_leader(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        ok(act(s, code, "claim", desk(SPECIALIST)))
        ok(act(s, code, "forward", desk(SPECIALIST)))
        ok(act(s, code, "claim", desk(LEADER)))
        ok(act(s, code, "transfer", desk(LEADER), {"unit": "S03"}))
        assert journal(s, code, desk(LEADER))[-1]["role"] == "leader"
        child = ok(get(s, "01273-260302-0002", desk("chuyenvien.tuphap")))
        assert child["parent"] == code
        first = journal(s, child["code"], desk("chuyenvien.tuphap"))[0]
        assert (first["actor"], first["role"]) == (LEADER, "leader"), first


def test_stopping_a_child_does_not_strand_the_parent(s):
    """The ward's receiver may stop the child (it is the child's receiving
    unit); the parent must not be left in `partner` with nothing to do."""
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        ok(act(s, code, "claim", desk(SPECIALIST)))
        ok(act(s, code, "transfer", desk(SPECIALIST), {"unit": "S03"}))
        child = "01273-260302-0002"
        r = act(s, child, "stop", desk(RECEIVER), {"reason": "Người nộp rút yêu cầu xác minh"})
        if r.status == 200:
            p = ok(get(s, code, desk(SPECIALIST)))
            assert state(p) != ("partner", 4), \
                "child stopped, parent still waits for it (actions %s)" % names(p["actions"])
        else:
            assert r.status in (403, 409), r


# ---- 6. late dossier, apology and extension ----------------------------------------------------------


def test_overdue_marked_then_extended_once(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        s.clock.set(at(2, "09:30"))
        ok(act(s, code, "claim", desk(SPECIALIST)))
        # Tuesday 10:00: an hour past the appointment.
        s.clock.set(at(3, "10:00"))
        box = inbox(s, desk(SPECIALIST))
        assert box["counts"] == {"overdue": 1, "due_today": 0, "due_soon": 0, "on_track": 0}, box["counts"]
        assert box["items"][0]["class"] == {"name": "overdue", "label": "Quá hạn"}, box["items"][0]["class"]
        assert [i["code"] for i in inbox(s, desk(SPECIALIST), **{"class": "overdue"})["items"]] == [code]
        assert inbox(s, desk(SPECIALIST), **{"class": "on_track"})["total"] == 0
        # The deadline job marks it once and journals it.
        p = run_cli("jobs", "deadlines", "--at", at(3, "10:00"), db=s.db)
        assert p.stdout.strip().startswith("Đã đánh dấu 1 hồ sơ, 0 phản ánh, kiến nghị, "), p.stdout
        p = run_cli("jobs", "deadlines", "--at", at(3, "10:05"), db=s.db)
        assert p.stdout.strip() == "Đã đánh dấu 0 hồ sơ, 0 phản ánh, kiến nghị, 0 nhiệm vụ.", p.stdout
        assert ok(get(s, code, desk(SPECIALIST)))["alert"] == "overdue"
        marks = [x for x in journal(s, code, desk(SPECIALIST)) if x["action"].startswith("mark_")]
        assert [(x["action"], x["actor"], x["role"], iso(x["at"]), x["note"]) for x in marks] == [
            ("mark_overdue", "motcua", "system", at(3, "10:00"), "Hồ sơ đã quá hạn giải quyết")], marks
        assert marks[0]["label"] == "Đánh dấu quá hạn" and marks[0]["to"]["name"] == "processing"

        # The leader apologises and sets a new appointment, once.
        ld = desk(LEADER)
        assert names(ok(get(s, code, ld))["actions"]) == ["request_supplement", "extend"]
        expect_error(act(s, code, "extend", ld, {"days": 0, "reason": "Chờ xác minh"}), 400, field="days")
        expect_error(act(s, code, "extend", ld, {"days": 2}), 400, field="reason")
        expect_error(act(s, code, "extend", desk(SPECIALIST), {"days": 2, "reason": "x"}), 403)
        d = ok(act(s, code, "extend", ld, {"days": 2, "reason": "Chờ xác minh thông tin cư trú"}))
        assert iso(d["original_due_at"]) == at(3, "09:00"), d["original_due_at"]
        # Already late: the 2 working days count from now (Tue 10:00).
        assert iso(d["due_at"]) == at(5, "10:00"), d["due_at"]
        assert d["extensions"] == 1 and d["alert"] is None and state(d) == ("processing", 4)
        last = journal(s, code, ld)[-1]
        assert (last["action"], last["actor"], last["label"]) == ("extend", LEADER, "Xin lỗi và gia hạn")
        assert last["note"] == "Xin lỗi và hẹn lại: 09:00 03/03/2026 → 10:00 05/03/2026. " \
                               "Lý do: Chờ xác minh thông tin cư trú", last["note"]
        e = expect_error(act(s, code, "extend", ld, {"days": 1, "reason": "Lần nữa"}), 409)
        assert "một lần" in e["message"], e
        assert iso(ok(get(s, code, ld))["due_at"]) == at(5, "10:00")
        assert inbox(s, desk(SPECIALIST))["counts"] == {"overdue": 0, "due_today": 0, "due_soon": 1, "on_track": 0}
        t = ok(track(s, code, "4321"))
        assert iso(t["original_due_at"]) == at(3, "09:00") and iso(t["due_at"]) == at(5, "10:00"), t

        # Decided Thursday 09:00: on time against the new appointment (late against the old).
        s.clock.set(at(5, "09:00"))
        ok(act(s, code, "forward", desk(SPECIALIST)))
        ok(act(s, code, "claim", ld))
        ok(act(s, code, "approve", ld))
        # Returned Thursday 14:00, after the new appointment: late.
        s.clock.set(at(5, "13:45"))
        ok(act(s, code, "result_ready", desk(RECEIVER)))
        s.clock.set(at(5, "14:00"))
        ok(act(s, code, "return", desk(RECEIVER), {"method": "post"}))
        timing = {x["action"]: x["timing"] for x in journal(s, code, ld)}
        assert timing["forward"] == "late", timing  # the step was due Monday 16:00
        assert timing["approve"] == "on_time", timing
        assert timing["return"] == "late", timing
        rows = ok(s.get("/api/v1/dossiers/%s/control-slip" % code, token=ld))["rows"]
        assert [r["result"] for r in rows if r["action"] == "Phê duyệt"] == ["on_time"], rows
        assert run_cli("journal", "verify", db=s.db).returncode == 0


# ---- 7. stop at the applicant's request --------------------------------------------------------------


def test_stop_before_decision_only(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        ok(act(s, code, "claim", desk(SPECIALIST)))
        expect_error(act(s, code, "stop", desk(RECEIVER), {}), 400, field="reason")
        expect_error(act(s, code, "stop", desk(SPECIALIST), {"reason": "x"}), 403)
        s.clock.set(at(2, "10:00"))
        d = ok(act(s, code, "stop", desk(RECEIVER), {"reason": "Người nộp đề nghị rút hồ sơ"}))
        assert state(d) == ("stopped", 7) and d["state"]["label"] == ST_STOPPED, d["state"]
        assert d["outcome"] == "stopped" and d["actions"] == []
        assert [(q["kind"], q["reason"], iso(q["created_at"])) for q in d["requests"]] == [
            ("stop", "Người nộp đề nghị rút hồ sơ", at(2, "10:00"))], d["requests"]
        last = journal(s, code, desk(RECEIVER))[-1]
        assert (last["action"], last["from"]["name"], last["to"]["name"], last["note"]) == \
            ("stop", "processing", "stopped", "Người nộp đề nghị rút hồ sơ"), last
        t = ok(track(s, code, "4321"))
        assert t["status_text"] == ST_STOPPED and t["held_by"] is None and t["state"]["portal_status"] == 7, t
        assert inbox(s, desk(SPECIALIST))["total"] == 0
        e = expect_error(act(s, code, "stop", desk(RECEIVER), {"reason": "lần hai"}), 409)
        assert ST_STOPPED in e["message"], e

        # After a decision it is too late: the message names the state.
        code2 = ok(intake(s, desk(RECEIVER)), 201)["code"]
        decide(s, desk, code2, [at(2, "10:30"), at(2, "11:00"), at(2, "11:00"), at(2, "14:00")])
        e = expect_error(act(s, code2, "stop", desk(RECEIVER), {"reason": "Muộn"}), 409)
        assert ST_DECIDED in e["message"] and is_vietnamese(e["message"]), e
        assert state(ok(get(s, code2, desk(RECEIVER)))) == ("decided", 9)
        # The citizen may stop their own online submission before acceptance.
        cit = desk("0912345678")
        body = {"procedure": PROC, "channel": "online", "receiving_unit": WARD,
                "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"}, "documents": [2]}
        code3 = ok(s.post("/api/v1/dossiers", body, token=cit), 201)["code"]
        d = ok(act(s, code3, "stop", cit, {"reason": "Tôi nộp nhầm thủ tục"}))
        assert state(d) == ("stopped", 7), d


# ---- 8. public tracking ---------------------------------------------------------------------------------


def test_tracking_keys_and_throttle(s):
    with clock_server(at(2, "09:00")) as s:
        d = ok(intake(s, s.login(RECEIVER)), 201)
        code, key = d["code"], d["tracking_key"]
        t = ok(track(s, code, key))
        assert t["code"] == code and t["state"]["label"] == ST_RECEIVED and t["status_text"] == ST_RECEIVED
        assert t["held_by"] == {"code": WARD, "name": "Phường Thục Phán"} and iso(t["due_at"]) == at(3, "09:00")
        # Last 4 digits of the applicant's phone work too; 3 or 5 digits do not.
        assert ok(track(s, code, "4321"))["code"] == code
        wrong = track(s, code, "ABCDEFGH" if key != "ABCDEFGH" else "HGFEDCBA")
        unknown = track(s, "01273-260302-0099", key)
        e = expect_error(wrong, 404, field="code")
        assert is_vietnamese(e["message"]), e
        expect_error(unknown, 404, field="code")
        assert wrong.body == unknown.body, (wrong.body, unknown.body)  # same shape, same words
        assert track(s, code, "321").body == wrong.body
        assert track(s, code, "54321").body == wrong.body
        assert s.get("/api/v1/track/" + code).body == wrong.body  # no key
        # 5 failures so far; 25 more reach the limit of 30 per 15 minutes.
        for i in range(25):
            expect_error(track(s, code, "WRONG%03d" % i), 404)
        e = expect_error(track(s, code, "WRONG999"), 429)
        assert e["code"] == "too_many_requests" and is_vietnamese(e["message"]), e
        expect_error(track(s, code, key), 429)  # even the right key, from this address
        # 15 minutes later the window has passed.
        s.clock.set(at(2, "09:15"))
        assert track(s, code, key).status == 200



# ---- 9. denials ---------------------------------------------------------------------------------------


def test_denials_across_units_and_steps(s):
    with clock_server(at(2, "09:00")) as s:
        desk = Desk(s)
        code = ok(intake(s, desk(RECEIVER)), 201)["code"]
        other = desk("tiepnhan.nungtricao")
        e = expect_error(get(s, code, other), 404, field="code")
        assert is_vietnamese(e["message"]), e
        expect_error(s.get("/api/v1/dossiers/%s/journal" % code, token=other), 404)
        expect_error(s.get("/api/v1/dossiers/%s/control-slip" % code, token=other), 404)
        expect_error(act(s, code, "stop", other, {"reason": "x"}), 404)
        expect_error(act(s, code, "request_supplement", other, {"items": ["x"], "reason": "y"}), 404)
        assert inbox(s, other)["total"] == 0
        # The department's specialist: not their file.
        tp = desk("chuyenvien.tuphap")
        expect_error(act(s, code, "claim", tp), 404)
        expect_error(get(s, code, tp), 404)
        # A specialist cannot approve: not in this state, not at this step, not in this role.
        e = expect_error(act(s, code, "approve", desk(SPECIALIST)), 409, field="action")
        assert ST_RECEIVED in e["message"], e
        ok(act(s, code, "claim", desk(SPECIALIST)))
        e = expect_error(act(s, code, "approve", desk(SPECIALIST)), 409, field="action")
        assert "bước" in e["message"], e
        # Another specialist of the ward cannot take over a claimed step.
        run_cli("user", "add", "--username", "chuyenvien2.thucphan", "--name", "Lục Văn Hai", "--roles",
                "specialist", "--unit", WARD, db=s.db, env={"MOTCUA_PASSWORD": "MatKhau@2026"})
        sp2 = desk("chuyenvien2.thucphan", "MatKhau@2026")
        for action in ("forward", "claim"):
            e = expect_error(act(s, code, action, sp2), 403)
            assert "chuyenvien.thucphan" in e["message"] and "Triệu Văn Nam" in e["message"], e
            assert "chuyenvien.thucphan" in e["message_en"], e
        assert "claim" not in names(ok(get(s, code, sp2))["actions"])
        ok(act(s, code, "forward", desk(SPECIALIST)))
        # At the decision step, still not the specialist's to sign.
        e = expect_error(act(s, code, "approve", desk(SPECIALIST)), 403)
        assert is_vietnamese(e["message"]), e
        e = expect_error(act(s, code, "approve", desk(LEADER)), 403)  # not claimed yet
        ok(act(s, code, "claim", desk(LEADER)))
        # Supervisor and admin: read-only or nothing.
        assert ok(get(s, code, desk("giamsat")))["actions"] == []
        expect_error(act(s, code, "approve", desk("giamsat")), 403)
        expect_error(s.get("/api/v1/inbox", token=desk("0912345678")), 403)
        d = ok(act(s, code, "approve", desk(LEADER)))
        assert state(d) == ("decided", 9)


def test_unreadable_dossier_is_404_for_every_action(s):
    """An officer of another commune is told nothing about a dossier, not
    even its state: an action the table forbids in that state must be 404
    too, not a 409 naming the dossier's state."""
    with clock_server(at(2, "09:00")) as s:
        code = ok(intake(s, s.login(RECEIVER)), 201)["code"]
        other = s.login("tiepnhan.nungtricao")
        missing = act(s, "01273-260302-0099", "approve", other)
        expect_error(missing, 404)
        for action in ("approve", "return", "mark_paid", "resubmit"):
            r = act(s, code, action, other)
            e = expect_error(r, 404)
            assert ST_RECEIVED not in e["message"], (action, e)
        cit = s.login("0912345678")
        r = act(s, code, "approve", cit)
        expect_error(r, 404)


# ---- 10. bad input ------------------------------------------------------------------------------------


def test_bad_input(s):
    rcv = s.login(RECEIVER)
    expect_error(s.post("/api/v1/dossiers", {"procedure": PROC}), 401)
    e = expect_error(s.post("/api/v1/dossiers", raw=b'{"procedure": "1.001193",', ctype="application/json",
                            token=rcv), 400)
    assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/dossiers", raw=b"[1, 2]", ctype="application/json", token=rcv), 400)
    e = expect_error(intake(s, rcv, procedure="9.999999"), 400, field="procedure")
    assert "9.999999" in e["message"], e
    expect_error(intake(s, rcv, documents=["2", "4"]), 400, field="documents")
    expect_error(intake(s, rcv, documents="2,4"), 400, field="documents")
    expect_error(intake(s, rcv, documents=MANDATORY + [99]), 400, field="documents")
    expect_error(intake(s, rcv, documents=[0]), 400, field="documents")
    expect_error(intake(s, rcv, applicant="Nông Thị Lan"), 400, field="applicant")
    expect_error(intake(s, rcv, applicant=None), 400, field="applicant")
    expect_error(intake(s, rcv, applicant={"phone": "0987654321"}), 400, field="applicant.name")
    expect_error(intake(s, rcv, applicant={"name": "   ", "phone": "0987654321"}), 400, field="applicant.name")
    expect_error(intake(s, rcv, applicant={"name": 7, "phone": "0987654321"}), 400, field="applicant.name")
    expect_error(intake(s, rcv, applicant=dict(APPLICANT, id_number="12345")), 400, field="applicant.id_number")
    expect_error(intake(s, rcv, applicant=dict(APPLICANT, phone="abc")), 400, field="applicant.phone")
    expect_error(intake(s, rcv, applicant={"name": "Nông Thị Lan"}), 400, field="applicant.phone")
    expect_error(intake(s, rcv, channel="fax"), 400, field="channel")
    expect_error(intake(s, rcv, outcome="maybe"), 400, field="outcome")
    expect_error(intake(s, rcv, outcome="supplement", items="Tờ khai"), 400, field="items")
    expect_error(intake(s, rcv, competent_unit="S03"), 400, field="competent_unit")
    expect_error(intake(s, rcv, receiving_unit="01279"), 403, field="receiving_unit")
    expect_error(intake(s, rcv, procedure=12), 400, field="procedure")

    code = ok(intake(s, rcv), 201)["code"]
    assert re.fullmatch(r"01273-\d{6}-\d{4}", code), code
    for name in ("fly", "submit", "partner_done", "Accept"):
        e = expect_error(act(s, code, name, rcv), 404, field="action")
        assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/dossiers/%s/actions/claim" % code, raw=b"{bad", ctype="application/json",
                        token=rcv), 400)
    expect_error(get(s, "01273-000000-9999", rcv), 404)
    expect_error(act(s, "01273-000000-9999", "claim", rcv), 404)
    # Not in this state: 409 with the state's label.
    for action in ("return", "result_ready", "approve", "accept", "mark_paid"):
        e = expect_error(act(s, code, action, rcv), 409, field="action")
        assert ST_RECEIVED in e["message"] and code in e["message"], (action, e)
    expect_error(act(s, code, "request_payment", rcv, {}), 400, field="amount")
    expect_error(act(s, code, "request_payment", rcv, {"amount": 0}), 400, field="amount")
    expect_error(act(s, code, "request_payment", rcv, {"amount": "50000"}), 400, field="amount")
    expect_error(act(s, code, "request_supplement", rcv, {"items": "abc", "reason": "x"}), 400, field="items")
    expect_error(act(s, code, "request_supplement", rcv, {"items": [1], "reason": "x"}), 400, field="items")
    expect_error(act(s, code, "request_supplement", rcv, {"items": [], "reason": "x"}), 400, field="items")
    ld = s.login(LEADER)
    for days in (0, -1, 366, "2", 1.5):
        expect_error(act(s, code, "extend", ld, {"days": days, "reason": "Chờ xác minh"}), 400, field="days")
    expect_error(act(s, code, "extend", ld, {"reason": "Chờ xác minh"}), 400, field="days")
    expect_error(inbox_raw(s, rcv, "class=late"), 400, field="class")
    expect_error(inbox_raw(s, rcv, "state=flying"), 400, field="state")
    # Nothing above changed the dossier.
    d = ok(get(s, code, rcv))
    assert state(d) == ("received", 2) and d["extensions"] == 0 and d["fee_amount"] is None, d
    assert [x["action"] for x in journal(s, code, rcv)] == ["submit", "accept"]


def inbox_raw(s, token, query):
    return s.get("/api/v1/inbox?" + query, token=token)



# ---- statistics: report II.06a on a hand-counted month ---------------------------------------

def test_ii06a_statistics_match_a_hand_count(s):
    """March 2026, procedure 1.001193 (1 working day). By hand:
    A carried over (received 27/02, decided 02/03 08:00, due 02/03 09:00): on time;
    B received 02/03 09:00, decided 02/03 15:00 (due 03/03 09:00): early;
    C received 02/03, decided 04/03 (due 03/03): late;
    D received 02/03 at the other ward, never decided: pending, overdue;
    E received 31/03 09:00 (due 01/04): pending, on time;
    F received 03/03, waiting for a supplement since 03/03: paused;
    G received 02/03, stopped 02/03 at the applicant's request: resolved on time."""
    with clock_server("2026-02-27T09:00:00+07:00") as s:
        desk = Desk(s)
        recv = desk(RECEIVER)
        a = ok(intake(s, recv), 201)["code"]
        decide(s, desk, a, ["2026-03-02T07:40:00+07:00", "2026-03-02T07:45:00+07:00", "2026-03-02T07:50:00+07:00",
                            "2026-03-02T08:00:00+07:00"])
        s.clock.set("2026-03-02T09:00:00+07:00")
        b, c, g = (ok(intake(s, recv), 201)["code"] for _ in range(3))
        ok(intake(s, desk("tiepnhan.nungtricao")), 201)
        decide(s, desk, b, ["2026-03-02T13:30:00+07:00", "2026-03-02T14:00:00+07:00", "2026-03-02T14:30:00+07:00",
                            "2026-03-02T15:00:00+07:00"])
        s.clock.set("2026-03-02T10:00:00+07:00")
        ok(act(s, g, "stop", recv, {"reason": "Người nộp xin rút hồ sơ"}))
        s.clock.set("2026-03-03T09:00:00+07:00")
        f = ok(intake(s, recv), 201)["code"]
        s.clock.set("2026-03-03T09:30:00+07:00")
        ok(act(s, f, "claim", desk(SPECIALIST)))
        s.clock.set("2026-03-03T10:00:00+07:00")
        ok(act(s, f, "request_supplement", desk(SPECIALIST), {"items": ["Bản sao giấy tờ"], "reason": "Thiếu"}))
        decide(s, desk, c, ["2026-03-04T08:00:00+07:00", "2026-03-04T08:10:00+07:00", "2026-03-04T08:20:00+07:00",
                            "2026-03-04T09:00:00+07:00"])
        s.clock.set("2026-03-31T09:00:00+07:00")
        desk = Desk(s)  # sessions of February have expired by the test clock
        ok(intake(s, desk(RECEIVER)), 201)
        s.clock.set("2026-04-15T09:00:00+07:00")
        q = urlencode({"unit": "04", "from": "2026-03-01", "to": "2026-03-31"})
        rep = ok(s.get("/api/v1/stats/processing?" + q, token=desk("giamsat")))
        t = rep["total"]
        assert t["received"] == {"total": 7, "carried_over": 1, "online": 0, "direct_postal": 6}, t
        assert t["resolved"] == {"total": 4, "early": 1, "on_time": 2, "late": 1}, t
        assert t["pending"] == {"total": 2, "on_time": 1, "overdue": 1}, t
        assert t["paused"] == 1, t
        rows = {r["key"]: r for r in rep["rows"]}
        assert set(rows) == {"01273", "01279"} and rows["01273"]["label"] == "Phường Thục Phán", rows
        assert rows["01273"]["received"]["total"] == 6 and rows["01279"]["pending"]["overdue"] == 1, rows
        by_proc = ok(s.get("/api/v1/stats/processing?" + q + "&group=procedure", token=desk("giamsat")))
        assert [(r["key"], r["received"]["total"]) for r in by_proc["rows"]] == [("1.001193", 7)], by_proc
        # February alone: A is new there and still pending at the end of the month (due 02/03).
        feb = ok(s.get("/api/v1/stats/processing?" + urlencode({"unit": "04", "from": "2026-02-01", "to": "2026-02-28"}),
                       token=desk("giamsat")))["total"]
        assert feb["received"]["total"] == 1 and feb["pending"] == {"total": 1, "on_time": 1, "overdue": 0}, feb
        # A ward receiver reads only its own ward.
        other = desk("tiepnhan.nungtricao")
        own = ok(s.get("/api/v1/stats/processing?" + urlencode({"unit": "01279", "from": "2026-03-01", "to": "2026-03-31"}),
                       token=other))
        assert own["total"]["received"]["total"] == 1, own
        expect_error(s.get("/api/v1/stats/processing?" + q.replace("unit=04", "unit=01273"), token=other), 403)
        expect_error(s.get("/api/v1/stats/processing?" + q + "&group=week", token=desk("giamsat")), 400, "group")
        expect_error(s.get("/api/v1/stats/processing?unit=04&from=2026-03-31&to=2026-03-01", token=desk("giamsat")),
                     400, "to")

if __name__ == "__main__":
    harness.main(globals())
