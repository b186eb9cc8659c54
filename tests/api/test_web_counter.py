"""The counter and the console as officers use them, black-box: a form sent
twice makes one dossier, the receipt to print, finding a finished dossier,
names instead of account names, and the small things that trip people up
(codes pasted with spaces, phone numbers typed in groups, a review asked for
before the form is complete)."""
import re
import threading
from urllib.parse import quote

import harness
from harness import is_vietnamese
from test_web_forms import CITIZEN, PDF, PNG, PROC, RECEIVER, WARD, Browser, alert, html_of, save_draft


def intake_form(b):
    form = "/can-bo/tiep-nhan?thu_tuc=" + PROC
    html = html_of(b.get(form))
    once = re.search(r'name="once" value="([0-9a-f]{32})"', html)
    assert once, "the counter form carries a one-time token"
    return {"csrf": b.csrf(form), "once": once.group(1), "procedure": PROC, "name": "Đinh Thị Hoa",
            "id_number": "004190 004444", "phone": "0987 000 222", "doc": ["4", "6"], "outcome": "accept"}


def test_a_form_sent_twice_makes_one_dossier(s):
    b = Browser(s)
    b.login(RECEIVER)
    fields = intake_form(b)
    results = []
    threads = [threading.Thread(target=lambda: results.append(b.post("/can-bo/tiep-nhan", fields))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    places = {r.header("Location") for r in results}
    assert all(r.status == 303 for r in results) and len(places) == 1, [(r.status, r.header("Location")) for r in results]
    code = re.search(r"/can-bo/ho-so/([0-9-]+)", places.pop()).group(1)
    box = s.get("/api/v1/dossiers?q=" + quote("Đinh Thị Hoa"), token=s.login(RECEIVER)).json()
    assert [i["code"] for i in box["items"]] == [code], box
    d = s.get("/api/v1/dossiers/" + code, token=s.login(RECEIVER)).json()
    assert d["applicant"]["phone"] == "0987000222" and d["applicant"]["id_number"] == "004190004444", d["applicant"]
    # A new form is a new dossier.
    r = b.post("/can-bo/tiep-nhan", intake_form(b))
    assert r.status == 303 and code not in r.header("Location")


def test_the_receipt_to_print(s):
    b = Browser(s)
    b.login(RECEIVER)
    r = b.post("/can-bo/tiep-nhan", intake_form(b))
    case = r.header("Location")
    page = html_of(b.get(case))
    assert "Hãy in giấy tiếp nhận" in page
    key = re.search(r'<strong class="key">([A-Z0-9]{8})</strong>', page).group(1)
    code = re.search(r"/can-bo/ho-so/([0-9-]+)", case).group(1)
    # The receipt is the legal form, as PDF; the dossier page links it and the other forms it has.
    assert 'href="/api/v1/dossiers/%s/forms/receipt.pdf"' % code in page
    assert 'href="/api/v1/dossiers/%s/forms/control-slip.pdf"' % code in page
    assert "forms/supplement.pdf" not in page, "no supplement was asked"
    slip = b.get("/api/v1/dossiers/%s/forms/receipt.pdf" % code)
    assert slip.status == 200 and slip.body.startswith(b"%PDF-"), slip
    assert Browser(s).get("/api/v1/dossiers/%s/forms/receipt.pdf" % code).status == 401, "officers only"
    assert key


def test_finished_dossiers_are_found_and_people_named(s):
    b = Browser(s)
    b.login(RECEIVER)
    r = b.post("/can-bo/tiep-nhan", dict(intake_form(b), outcome="refuse", doc=[], items="Không thuộc thẩm quyền",
                                        name="Mã Văn Tìm"))
    code = re.search(r"/can-bo/ho-so/([0-9-]+)", r.header("Location")).group(1)
    html = html_of(b.get("/can-bo?q=" + quote("ma van tim")))
    assert "Không có hồ sơ nào cần xử lý" in html and 'href="/can-bo/ho-so/%s"' % code in html, html[-2500:]
    assert "Không được tiếp nhận" in html
    case = html_of(b.get("/can-bo/ho-so/" + code))
    assert "Đàm Thị Hương" in case or "— tiepnhan" not in case, "the officer's name, not the account"
    assert re.search(r"Từ chối tiếp nhận</strong> — [^<]*[a-zà-ỹ]+ [A-ZĐ]", case), case[case.find("Phiếu kiểm soát"):][:800]
    # Citizens do not search others' dossiers.
    c = s.login(CITIZEN)
    assert s.get("/api/v1/dossiers?q=" + code, token=c).status == 403
    assert s.get("/api/v1/dossiers", token=s.login(RECEIVER)).status == 400


def test_codes_and_numbers_with_spaces(s):
    b = Browser(s)
    b.login(RECEIVER)
    r = b.post("/can-bo/tiep-nhan", intake_form(b))
    code = re.search(r"/can-bo/ho-so/([0-9-]+)", r.header("Location")).group(1)
    key = re.search(r'<strong class="key">([A-Z0-9]{8})</strong>', html_of(b.get(r.header("Location")))).group(1)
    anon = Browser(s)
    page = html_of(anon.get("/tra-cuu?code=%s&key=%s" % (quote(" %s " % code), quote(" %s" % key))))
    assert "Đã tiếp nhận" in page and 'role="alert"' not in page, page[-1500:]
    reg = Browser(s)
    r = reg.post("/dang-ky", {"csrf": reg.csrf("/dang-ky"), "name": "Vi Văn Cách", "id_number": "004 095 006 666",
                              "phone": "0966 111 222", "password": "MatKhau@2026"})
    assert r.status == 303, alert(r)
    assert Browser(s).login("0966111222", "MatKhau@2026").status == 303


def test_review_needs_a_complete_form(s):
    a = Browser(s)
    a.login(CITIZEN)
    fields = {"csrf": a.csrf("/nop-ho-so/" + PROC), "receiving_unit": "", "name": "", "id_number": "004090001234",
              "phone": "", "buoc": "xem"}
    r = a.post_multipart("/nop-ho-so/" + PROC, fields, {"doc_4": ("gcs.pdf", PDF)})
    assert r.status == 400, r
    msg = alert(r) or ""
    assert msg.startswith("Đã lưu nháp") and "nơi nộp hồ sơ" in msg and "họ và tên" in msg, msg
    assert "gcs.pdf" in html_of(r), "the file is kept in the draft"
    draft = re.search(r'name="nhap" value="(\d+)"', html_of(r)).group(1)
    where = "/ho-so-nhap/" + draft
    r = a.post(where + "/xoa", {"csrf": a.csrf(where)})
    assert r.status == 400 and "xác nhận" in (alert(r) or ""), "deleting asks to confirm"
    assert a.get(where).status == 200


def test_public_timeline_keeps_officers_notes_private(s):
    rcv, spec = s.login(RECEIVER), s.login("chuyenvien.thucphan")
    body = {"procedure": PROC, "applicant": {"name": "Lò Thị Riêng", "id_number": "004190001212", "phone": "0987001212"},
            "documents": [4, 6], "outcome": "accept"}
    d = s.post("/api/v1/dossiers", body, token=rcv).json()
    assert s.post("/api/v1/dossiers/%s/actions/claim" % d["code"], {}, token=spec).status == 200
    private = "Đã gọi ông Tòng Văn A (0912000111) xác minh"
    r = s.post("/api/v1/dossiers/%s/actions/request_payment" % d["code"], {"amount": 8000, "note": "Lệ phí đăng ký"},
               token=spec)
    assert r.status == 200, r
    assert s.post("/api/v1/dossiers/%s/actions/mark_paid" % d["code"], {"note": private}, token=rcv).status == 200
    officers = [e["note"] for e in s.get("/api/v1/dossiers/%s/journal" % d["code"], token=rcv).json()["entries"]]
    assert private in officers
    public = s.get("/api/v1/track/%s?key=%s" % (d["code"], d["tracking_key"])).json()
    notes = [e.get("note") for e in public["timeline"]]
    assert private not in notes and "Số tiền: 8.000 đồng. Lệ phí đăng ký" in notes, notes
    page = html_of(Browser(s).get("/tra-cuu?code=%s&key=%s" % (d["code"], d["tracking_key"])))
    assert "0912000111" not in page


if __name__ == "__main__":
    harness.main(globals())
