"""An applicant's online request to stop their own dossier after it was
accepted, black-box (Decree 118/2025 Art. 21(2), ../shared/domain.md §2.7):
the system stops it at once and issues the notice, in every state before a
decision; the statistics count it as resolved (withdrawn), and the portal
offers the request with a reason."""
import re
import subprocess
import tempfile

import harness
from harness import expect_error, is_vietnamese
from test_web_forms import Browser, alert, html_of

PROC = "1.001193"
CITIZEN = "0912345678"


def online(s, cit):
    body = {"procedure": PROC, "channel": "online", "receiving_unit": "01273", "documents": [4, 6],
            "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": CITIZEN}}
    r = s.post("/api/v1/dossiers", body, token=cit)
    assert r.status == 201, r
    return r.json()["code"]


def accepted(s, cit):
    code = online(s, cit)
    r = s.post("/api/v1/dossiers/%s/actions/accept" % code, {}, token=s.login("tiepnhan.thucphan"))
    assert r.status == 200 and r.json()["state"]["name"] == "received", r
    return code


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        p = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return re.sub(r"\s+", " ", p.stdout.decode("utf-8"))


def stats(s):
    return s.get("/api/v1/stats/processing?unit=01273", token=s.login("giamsat")).json()["total"]


def test_stop_after_acceptance_in_every_undecided_state(s):
    cit = s.login(CITIZEN)
    spec = s.login("chuyenvien.thucphan")
    before = stats(s)
    received = accepted(s, cit)
    processing = accepted(s, cit)
    assert s.post("/api/v1/dossiers/%s/actions/claim" % processing, {}, token=spec).status == 200
    paying = accepted(s, cit)
    assert s.post("/api/v1/dossiers/%s/actions/claim" % paying, {}, token=spec).status == 200
    r = s.post("/api/v1/dossiers/%s/actions/request_payment" % paying, {"amount": 20000}, token=spec)
    assert r.status == 200 and r.json()["state"]["name"] == "payment", r
    supplement = accepted(s, cit)
    assert s.post("/api/v1/dossiers/%s/actions/claim" % supplement, {}, token=spec).status == 200
    r = s.post("/api/v1/dossiers/%s/actions/request_supplement" % supplement,
               {"items": ["Bản sao giấy chứng sinh"], "reason": "Thiếu"}, token=spec)
    assert r.status == 200 and r.json()["state"]["name"] == "supplement", r
    mid = stats(s)
    codes = (received, processing, paying, supplement)
    for code in codes:
        d = s.get("/api/v1/dossiers/" + code, token=cit).json()
        assert "stop" in [a["action"] for a in d["actions"]], (code, d["actions"])
        # A reason is required, as at the counter.
        expect_error(s.post("/api/v1/dossiers/%s/actions/stop" % code, {}, token=cit), 400, field="reason")
        r = s.post("/api/v1/dossiers/%s/actions/stop" % code, {"reason": "Tôi không còn nhu cầu"}, token=cit)
        assert r.status == 200, r
        d = r.json()
        assert (d["state"]["name"], d["state"]["portal_status"], d["outcome"]) == ("stopped", 7, "stopped"), d
        assert d["paused_since"] is None and d["actions"] == [], d
        last = s.get("/api/v1/dossiers/%s/journal" % code, token=cit).json()["entries"][-1]
        assert (last["action"], last["actor"], last["role"], last["note"]) == (
            "stop", CITIZEN, "citizen", "Tôi không còn nhu cầu"), last
        # The notice is the system's, for the citizen to download at once.
        r = s.get("/api/v1/dossiers/%s/forms/stop.pdf" % code, token=cit)
        assert r.status == 200 and r.body.startswith(b"%PDF-"), r
        t = pdf_text(r.body)
        assert "THÔNG BÁO VỀ VIỆC DỪNG GIẢI QUYẾT HỒ SƠ" in t and code in t, t
        assert "gửi trực tuyến" in t and "khoản 2 Điều 21 Nghị định 118/2025/NĐ-CP" in t, t
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in t, "nobody signs it at the counter"
        # Stopped is final, for the citizen and the counter alike.
        e = expect_error(s.post("/api/v1/dossiers/%s/actions/stop" % code, {"reason": "lần hai"}, token=cit), 409)
        assert is_vietnamese(e["message"]), e
    # Statistics (II.06a): stopped at the applicant's request counts as resolved on time, no longer pending.
    after = stats(s)
    assert after["received"]["total"] == before["received"]["total"] + 4, (before, after)
    assert after["received"]["online"] == before["received"]["online"] + 4, (before, after)
    assert after["resolved"]["on_time"] == mid["resolved"]["on_time"] + 4, (mid, after)
    assert after["resolved"]["total"] == mid["resolved"]["total"] + 4, (mid, after)
    assert after["pending"]["total"] + after["paused"] == mid["pending"]["total"] + mid["paused"] - 4, (mid, after)


def test_who_may_stop_online(s):
    cit = s.login(CITIZEN)
    code = accepted(s, cit)
    # Another citizen: the dossier does not exist for them.
    other = s.post("/api/v1/auth/register", {"name": "Lý Thị Dừng", "id_number": "004190003333", "phone": "0966000333",
                                             "password": "MatKhau@2026"})
    assert other.status == 201, other
    expect_error(s.post("/api/v1/dossiers/%s/actions/stop" % code, {"reason": "x"}, token=s.login("0966000333", "MatKhau@2026")), 404)
    # A dossier received at the counter has no online owner: the applicant asks there.
    rcv = s.login("tiepnhan.thucphan")
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "documents": [4, 6], "outcome": "accept",
                                    "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234",
                                                  "phone": CITIZEN}}, token=rcv)
    counter = r.json()["code"]
    expect_error(s.post("/api/v1/dossiers/%s/actions/stop" % counter, {"reason": "x"}, token=cit), 404)
    # After the decision it is too late, online as at the counter.
    spec, lead = s.login("chuyenvien.thucphan"), s.login("lanhdao.thucphan")
    for action, token, body in (("claim", spec, {}), ("forward", spec, {}), ("claim", lead, {}), ("approve", lead, {})):
        r = s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body, token=token)
        assert r.status == 200, (action, r)
    assert s.get("/api/v1/dossiers/" + code, token=cit).json()["state"]["name"] == "decided"
    e = expect_error(s.post("/api/v1/dossiers/%s/actions/stop" % code, {"reason": "Muộn"}, token=cit), 409)
    assert is_vietnamese(e["message"]), e


def test_the_portal_offers_the_request_with_a_reason(s):
    b = Browser(s)
    b.login(CITIZEN)
    code = accepted(s, s.login(CITIZEN))
    page = "/ho-so-cua-toi/" + code
    html = html_of(b.get(page))
    assert 'action="/ho-so-cua-toi/%s/dung"' % code in html, html[-3000:]
    assert re.search(r'<textarea id="reason" name="reason"[^>]*maxlength="\d+"', html), "the reason has its limit"
    token = b.csrf(page)
    # Without the confirmation, or without a reason: said on the page, nothing stopped.
    r = b.post(page + "/dung", {"csrf": token, "reason": "Tôi nộp nhầm"})
    assert r.status == 400 and "xác nhận" in alert(r), alert(r)
    r = b.post(page + "/dung", {"csrf": token, "reason": "", "chac_chan": "1"})
    assert r.status == 400 and is_vietnamese(alert(r)), alert(r)
    assert s.get("/api/v1/dossiers/" + code, token=s.login(CITIZEN)).json()["state"]["name"] == "received"
    r = b.post(page + "/dung", {"csrf": token, "reason": "Tôi nộp nhầm thủ tục", "chac_chan": "1"})
    assert r.status == 303 and r.header("Location") == page + "?da_dung=1", r
    html = html_of(b.get(r.header("Location")))
    assert "Hồ sơ đã được dừng giải quyết theo đề nghị của bạn" in html
    assert 'href="/api/v1/dossiers/%s/forms/stop.pdf"' % code in html
    assert "/dung\"" not in html, "no request to stop a stopped dossier"
    assert s.get("/api/v1/dossiers/" + code, token=s.login(CITIZEN)).json()["state"]["name"] == "stopped"
    # The notice opens with the browser's own session.
    assert b.get("/api/v1/dossiers/%s/forms/stop.pdf" % code).status == 200


if __name__ == "__main__":
    harness.main(globals())
