"""Each form is dated and signed by the act it records, not by its printing
(issue 13): the receipt by the intake (time and receiving officer), the
supplement request, refusal, apology and stop notice by their own journal
entries. Reprints by another officer on another day are the same file, byte
for byte, with the act's time as the PDF's creation date."""
import datetime
import re
import subprocess
import tempfile

import harness
from harness import clock_server, expect_error, is_vietnamese, own_server
from test_forms import APPLICANT, PROC, WARD, pdf_of, text_of

RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
# Their full names (the demo users): the forms print these, never the username.
NAME = {RECEIVER: "Đàm Thị Hương", SPECIALIST: "Triệu Văn Nam", LEADER: "Hà Văn Quang"}
VN = datetime.timezone(datetime.timedelta(hours=7))


def at(day, hm):
    """An instant of March 2026 in Vietnam time (2 March is a Monday)."""
    return "2026-03-%02dT%s:00+07:00" % (day, hm)


def date_line(when):
    """The place-and-date line of a form dated `when` (a datetime)."""
    w = when.astimezone(VN)
    return "Cao Bằng, ngày %02d tháng %02d năm %04d" % (w.day, w.month, w.year)


def sql(db, statement):
    """Runs one statement on a server's database, behind its back (SQLite file or PostgreSQL URL)."""
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-At", "-d", db, "-c", statement], capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return
    import sqlite3
    c = sqlite3.connect(db, timeout=30)
    c.execute(statement)
    c.commit()
    c.close()


def creation_date(pdf):
    """The CreationDate of a PDF as pdfinfo reads it (ISO 8601), or None."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        p = subprocess.run(["pdfinfo", "-isodates", f.name], capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        m = re.search(r"^CreationDate:\s+(\S+)", p.stdout, re.M)
        return m.group(1) if m else None


def intake(s, token, **kw):
    body = {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"}
    body.update(kw)
    r = s.post("/api/v1/dossiers", body, token=token)
    assert r.status == 201, r
    return r.json()


def act(s, code, action, token, body=None):
    r = s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token)
    assert r.status == 200, (action, r)
    return r.json()


def squash(t):
    return re.sub(r"\s+", " ", t)


def test_receipt_keeps_the_intake_date_and_officer(s):
    # Received today by the receiver; the stored intake time is then moved a week back (as if it were last
    # week's): the receipt printed now by the specialist, then by the leader, is last week's and the receiver's.
    with own_server() as s:
        rcv, spec, lead = s.login(RECEIVER), s.login(SPECIALIST), s.login(LEADER)
        d = intake(s, rcv)
        code = d["code"]
        received = datetime.datetime.fromisoformat(d["received_at"]["iso"])
        sql(s.db, "UPDATE dossiers SET received_at = received_at - 604800 WHERE code = '%s'" % code)
        week_ago = received - datetime.timedelta(days=7)
        first = pdf_of(s, code, "receipt", spec)
        t = squash(text_of(first))
        assert date_line(week_ago) in t, (date_line(week_ago), t[:600])
        assert date_line(received) not in t, "not the day it is printed"
        assert "Thời gian nhận hồ sơ: %s" % week_ago.astimezone(VN).strftime("%H:%M ngày %d/%m/%Y") in t, t
        assert "Quyển số: %d," % week_ago.astimezone(VN).year in t, t
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in t and NAME[RECEIVER] in t, t[-600:]
        assert NAME[SPECIALIST] not in t and SPECIALIST not in t and RECEIVER not in t, t[-600:]
        # Another officer's reprint is the same file; its creation date is the intake's.
        again = pdf_of(s, code, "receipt", lead)
        assert again == first, "a reprint is byte-identical"
        assert creation_date(first) == week_ago.astimezone(VN).strftime("%Y-%m-%dT%H:%M:%S+07"), creation_date(first)


def test_each_act_dates_and_signs_its_form(s):
    with clock_server(at(2, "09:00")) as s:
        rcv, spec, lead = s.login(RECEIVER), s.login(SPECIALIST), s.login(LEADER)
        cit = s.login("0912345678")
        # Online: submitted Monday 09:00; the receiver asks for a supplement at 09:30 (the first request).
        body = {"procedure": PROC, "channel": "online", "receiving_unit": WARD,
                "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": "0912345678"},
                "documents": [4]}
        r = s.post("/api/v1/dossiers", body, token=cit)
        assert r.status == 201, r
        code = r.json()["code"]
        pdf_of(s, code, "receipt", rcv, status=409)
        s.clock.set(at(2, "09:30"))
        act(s, code, "request_supplement", rcv, {"items": ["Giấy chứng sinh bản chính"], "reason": "Thiếu giấy chứng sinh"})
        first = {}
        first["supplement1"] = pdf_of(s, code, "supplement", rcv)
        s.clock.set(at(2, "10:30"))
        act(s, code, "resubmit", rcv, {"documents": [6]})
        # Accepted Tuesday 08:15 by the receiver.
        s.clock.set(at(3, "08:15"))
        act(s, code, "accept", rcv)
        receipt = pdf_of(s, code, "receipt", rcv)
        # Reprinted the next day by the leader: the same file. (Later acts that move the appointment change what
        # the receipt says of it, so the byte comparison is made before them.)
        s.clock.set(at(4, "08:00"))
        assert pdf_of(s, code, "receipt", lead) == receipt, "a reprint is byte-identical"
        # The specialist asks for a supplement on Thursday 14:00 (the second request); it comes back on Monday.
        s.clock.set(at(4, "09:00"))
        act(s, code, "claim", spec)
        s.clock.set(at(5, "14:00"))
        act(s, code, "request_supplement", spec, {"items": ["Tờ khai có chữ ký"], "reason": "Tờ khai chưa ký"})
        first["supplement2"] = pdf_of(s, code, "supplement", spec)
        s.clock.set(at(9, "09:00"))
        act(s, code, "resubmit", rcv, {"documents": [4]})

        # A refusal at the counter, Monday 11:00.
        s.clock.set(at(2, "11:00"))
        refused = intake(s, rcv, outcome="refuse", documents=[], items=["Không thuộc thẩm quyền giải quyết"])["code"]
        first["refusal"] = pdf_of(s, refused, "refusal", rcv)
        # A dossier stopped at the applicant's request on Tuesday 16:40.
        stopped = intake(s, rcv)["code"]
        s.clock.set(at(3, "16:40"))
        act(s, stopped, "stop", rcv, {"reason": "Người nộp xin rút hồ sơ"})
        first["stop"] = pdf_of(s, stopped, "stop", rcv)

        # Two weeks later the leader reprints everything: the same files, dated and signed as the acts were.
        s.clock.set(at(16, "10:00"))
        reprint = {
            "receipt": pdf_of(s, code, "receipt", lead),
            "supplement2": pdf_of(s, code, "supplement", lead),
            "refusal": pdf_of(s, refused, "refusal", lead),
            "stop": pdf_of(s, stopped, "stop", lead),
        }
        r = s.get("/api/v1/dossiers/%s/forms/supplement.pdf?n=1" % code, token=lead)
        assert r.status == 200, r
        reprint["supplement1"] = r.body
        want = {  # form: (date, signer, a line of its own)
            "supplement1": (at(2, "09:30"), RECEIVER, "1. Giấy chứng sinh bản chính"),
            "receipt": (at(3, "08:15"), RECEIVER, "Thời gian nhận hồ sơ: 08:15 ngày 03/03/2026"),
            "supplement2": (at(5, "14:00"), SPECIALIST, "1. Tờ khai có chữ ký"),
            "refusal": (at(2, "11:00"), RECEIVER, "1. Không thuộc thẩm quyền giải quyết"),
            "stop": (at(3, "16:40"), RECEIVER, "kể từ 16:40 03/03/2026"),
        }
        for form, (when, who, line) in want.items():
            t = squash(text_of(reprint[form]))
            when = datetime.datetime.fromisoformat(when)
            assert date_line(when) in t, (form, date_line(when), t[:600])
            assert "ngày 16 tháng 03 năm 2026" not in t, (form, "not the day it is reprinted")
            assert NAME[who] in t and NAME[LEADER] not in t, (form, who, t[-700:])
            assert line in t, (form, line, t)
            assert form == "receipt" or reprint[form] == first[form], (form, "a reprint is byte-identical")
            assert creation_date(reprint[form]) == when.strftime("%Y-%m-%dT%H:%M:%S+07"), (form, creation_date(reprint[form]))
        # The supplement form names the officer to contact: who asked, not who prints.
        t = squash(text_of(reprint["supplement2"]))
        assert "liên hệ với %s (cán bộ hướng dẫn)" % NAME[SPECIALIST] in t, t
        # ?n= picks one of the requests; past the last, or on the control slip, it is an error in Vietnamese.
        assert s.get("/api/v1/dossiers/%s/forms/supplement.pdf?n=2" % code, token=lead).body == first["supplement2"]
        e = expect_error(s.get("/api/v1/dossiers/%s/forms/supplement.pdf?n=3" % code, token=lead), 404, field="n")
        assert is_vietnamese(e["message"]) and "2" in e["message"], e
        expect_error(s.get("/api/v1/dossiers/%s/forms/supplement.pdf?n=0" % code, token=lead), 400, field="n")
        expect_error(s.get("/api/v1/dossiers/%s/forms/receipt.pdf?n=2" % code, token=lead), 404, field="n")
        expect_error(s.get("/api/v1/dossiers/%s/forms/control-slip.pdf?n=1" % code, token=lead), 400, field="n")
        # The control slip is dated by the intake and lists who did what, by full name.
        t = squash(text_of(pdf_of(s, code, "control-slip", lead)))
        assert date_line(datetime.datetime.fromisoformat(at(3, "08:15"))) in t, t[:600]
        assert "Giao: %s" % NAME[SPECIALIST] in t and "Giao: %s" % NAME[RECEIVER] in t, t


def test_apology_keeps_the_promised_date(s):
    # Received Monday 09:00 for one working day; late on Tuesday, the leader extends by 2 days at 10:00: the
    # letter promises Thursday 10:00. A supplement asked afterwards moves the dossier's appointment, not the
    # letter's promise, nor its date.
    with clock_server(at(2, "09:00")) as s:
        rcv, spec, lead = s.login(RECEIVER), s.login(SPECIALIST), s.login(LEADER)
        code = intake(s, rcv)["code"]
        act(s, code, "claim", spec)
        s.clock.set(at(3, "10:00"))
        act(s, code, "extend", lead, {"days": 2, "reason": "Chờ xác minh thông tin cư trú"})
        first = pdf_of(s, code, "apology", rcv)
        s.clock.set(at(3, "11:00"))
        act(s, code, "request_supplement", spec, {"items": ["Xác nhận cư trú"], "reason": "Cần xác nhận cư trú"})
        s.clock.set(at(10, "09:00"))
        d = act(s, code, "resubmit", rcv, {"documents": [4]})
        assert d["due_at"]["text"] != "10:00 05/03/2026", d["due_at"]  # the appointment moved with the pause
        again = pdf_of(s, code, "apology", spec)
        t = squash(text_of(again))
        for want in (date_line(datetime.datetime.fromisoformat(at(3, "10:00"))),
                     "Ngày 02/03/2026, Phường Thục Phán tiếp nhận", "hẹn trả kết quả: 09:00 ngày 03/03/2026",
                     "Lý do: Chờ xác minh thông tin cư trú.", "cho ông/bà vào: 10:00 ngày 05/03/2026."):
            assert want in t, (want, t)
        assert again == first, "a reprint is byte-identical"


if __name__ == "__main__":
    harness.main(globals())
