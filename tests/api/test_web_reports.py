"""The officers' pages of the periodic CCHC reports (issue 16), black-box through the pages' forms: the
period chooser and the user's own report; who sees what (the specialist writes, the leader also
submits, the receiver reads, another commune's officer gets 404, a citizen 403); a refused save or
submission keeps what was typed and says why beside the field; CSRF on every form; after the ward
submits, its page is read-only with the frozen annex and the province's overview lists it as sent."""
import re

import harness
from harness import is_vietnamese
from test_web_forms import Browser, html_of

WARD, OTHER = "01273", "01279"
RECEIVER, SPECIALIST, LEADER, SUPERVISOR = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan", "giamsat"
OTHER_OFFICER, CITIZEN = "tiepnhan.nungtricao", "0912345678"
SECTIONS = {"chi_dao": "Ban hành Kế hoạch CCHC năm 2026 số 05/KH-UBND.",
            "the_che": "Rà soát 3 văn bản; không phát hiện văn bản trái pháp luật.",
            "tthc": "Niêm yết công khai đầy đủ TTHC tại bộ phận một cửa.\nTiếp nhận, trả lời phản ánh đúng hạn.",
            "bo_may": "Ổn định tổ chức bộ máy phường sau sắp xếp.",
            "cong_vu": "Đánh giá công chức hằng tháng.",
            "tai_chinh": "Thực hiện cơ chế tự chủ theo quy định.",
            "so_hoa": "Đẩy mạnh nộp hồ sơ trực tuyến & thanh toán qua VietQR <100%>.",
            "danh_gia": "Hoàn thành cơ bản nhiệm vụ quý I.",
            "phuong_huong": "Nâng tỷ lệ hồ sơ trực tuyến trong quý II.",
            "kien_nghi": ""}
HEAD = {"number": "12/BC-UBND", "place": "Thục Phán", "signer_title": "Chủ tịch", "signer_name": "Hà Văn Quang",
        "recipients": "UBND tỉnh Cao Bằng;\r\nSở Nội vụ;\r\nLưu: VT."}


def page(unit, year, kind):
    return "/can-bo/bao-cao-cchc/%s/%d/%s" % (unit, year, kind)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def officer(s, username):
    b = Browser(s)
    b.login(username)
    return b


def fields(sections=None, **head):
    f = dict(HEAD, **head)
    for k, v in (SECTIONS if sections is None else sections).items():
        f["muc_" + k] = v
    return f


def post(b, path, f):
    f = dict(f, csrf=b.csrf(path.rsplit("/gui", 1)[0]))
    return b.post(path, f)


def api_report(s, who, unit, year, kind):
    r = s.get("/api/v1/cchc-reports/%s/%d/%s" % (unit, year, kind), token=s.login(who))
    assert r.status == 200, r
    return r.json()


def test_the_period_chooser_and_the_own_report(s):
    b = officer(s, SPECIALIST)
    home = html_of(b.get("/can-bo"))
    assert '<a href="/can-bo/bao-cao-cchc">Báo cáo CCHC</a>' in home, "the officers' nav links it"
    r = b.get("/can-bo/bao-cao-cchc")
    assert r.status == 303 and re.match(r"/can-bo/bao-cao-cchc\?year=20\d\d&kind=(q1|h1|q3|year)$",
                                        r.header("Location")), r.header("Location")
    r = b.get("/can-bo/bao-cao-cchc?kind=h1")  # the year of today kept with the kind asked for
    assert r.status == 303 and r.header("Location").endswith("&kind=h1"), r.header("Location")
    html = html_of(b.get("/can-bo/bao-cao-cchc?year=2027&kind=q3"))
    words = text_of(html)
    assert '<option value="q3" selected>' in html and '<option value="2027" selected>' in html
    assert "Kỳ số liệu từ 15/06/2027 đến 14/09/2027; hạn gửi báo cáo 20/09/2027." in words, words
    assert "Báo cáo quý III năm 2027 của Phường Thục Phán" in words and "Chưa soạn" in words
    assert 'href="%s"' % page(WARD, 2027, "q3") in html and "Soạn báo cáo" in words
    assert "Các đơn vị cấp dưới" not in words, "a ward has no units below"
    r = b.get("/can-bo/bao-cao-cchc?year=2027&kind=q2")
    assert r.status == 400 and "Kỳ báo cáo phải là" in html_of(r), r
    r = b.get("/can-bo/bao-cao-cchc?year=1999&kind=q1")
    assert r.status == 400 and is_vietnamese(text_of(html_of(r))), r


def test_who_sees_what(s):
    url = page(WARD, 2027, "h1")
    spec = html_of(officer(s, SPECIALIST).get(url))
    assert '<form method="post" action="%s" class="form">' % url in spec
    assert 'name="muc_so_hoa"' in spec and 'maxlength="20000"' in spec and "Lưu bản nháp" in spec
    assert "/gui" not in spec and "Gửi báo cáo" not in spec, "a specialist drafts, does not submit"
    assert "Hạn gửi" in text_of(spec) or "hạn gửi" in text_of(spec)
    for link in ("report.pdf", "report.docx", "annex.xlsx"):
        assert 'href="/api/v1/cchc-reports/%s/2027/h1/%s"' % (WARD, link) in spec, link
    assert "tính đến" in spec and "Đơn vị chưa gửi" not in spec
    lead = html_of(officer(s, LEADER).get(url))
    assert 'formaction="%s/gui"' % url in lead and 'name="xac_nhan"' in lead
    assert "không sửa được nữa" in lead, "the warning that the report freezes"
    # The receiver of the ward reads it: no form but the logout's.
    rec = officer(s, RECEIVER).get(url)
    assert rec.status == 200, rec
    rec = html_of(rec)
    assert "<textarea" not in rec and 'method="post" action="%s' % url not in rec, rec[-3000:]
    assert "1. Công tác chỉ đạo, điều hành cải cách hành chính" in rec and "(chưa viết)" in rec
    # Another commune's officer: the page, its form and its files are not there for them.
    o = officer(s, OTHER_OFFICER)
    r = o.get(url)
    assert r.status == 404 and "Không tìm thấy báo cáo" in html_of(r), r
    nowhere = o.get(page("99999", 2027, "h1"))
    assert (nowhere.status, nowhere.body) == (r.status, r.body), "a unit out of reach reads as one that does not exist"
    r = o.post(url, {"csrf": o.csrf("/can-bo"), "number": "1/BC"})
    assert r.status == 404, r
    assert o.get(page(OTHER, 2027, "h1")).status == 200, "their own commune's"
    # A citizen: not for them; nobody logged in: the login page, coming back here.
    c = Browser(s)
    c.login(CITIZEN)
    assert c.get(url).status == 403
    r = Browser(s).get(url)
    assert r.status == 303 and r.header("Location").startswith("/dang-nhap?next="), r
    assert api_report(s, SUPERVISOR, WARD, 2027, "h1")["state"] == "none", "reading changes nothing"


def test_csrf_is_required(s):
    url = page(WARD, 2025, "q3")
    b = officer(s, LEADER)
    r = b.post(url, fields())
    assert r.status == 403, r
    r = b.post(url + "/gui", dict(fields(), xac_nhan="1"))
    assert r.status == 403, r
    r = b.post(url, dict(fields(), csrf="0" * 32))
    assert r.status == 403, r
    assert api_report(s, LEADER, WARD, 2025, "q3")["state"] == "none", "nothing saved"


def test_a_refused_save_keeps_what_was_typed(s):
    url = page(WARD, 2025, "h1")
    b = officer(s, SPECIALIST)
    r = post(b, url, fields(number="x" * 65))
    assert r.status == 400, r
    html = html_of(r)
    m = re.search(r'<p class="alert" id="loi-number">([^<]+)</p>', html)
    assert m and is_vietnamese(m.group(1)) and "64" in m.group(1), html[-3000:]
    assert re.search(r'id="so"[^>]*aria-invalid="true"', html), "the field is marked"
    assert 'value="%s"' % HEAD["signer_name"] in html and "Đẩy mạnh nộp hồ sơ trực tuyến &amp; thanh toán" in html
    assert 'id="loi-so_hoa"' not in html and html.count('class="alert"') == 2, "one message beside the field, one on top"
    assert api_report(s, SPECIALIST, WARD, 2025, "h1")["state"] == "none"
    # The receiver may not write: the form is refused with the reason.
    rec = officer(s, RECEIVER)
    r = rec.post(url, dict(fields(), csrf=rec.csrf(url)))
    assert r.status == 403 and "không có quyền" in html_of(r), r


def test_the_ward_submits_and_the_province_sees_it(s):
    url = page(WARD, 2026, "q1")
    spec = officer(s, SPECIALIST)
    r = post(spec, url, fields(sections=dict(SECTIONS, so_hoa="")))
    assert r.status == 303 and r.header("Location") == url + "?xong=luu", r
    html = html_of(spec.get(r.header("Location")))
    assert "Đã lưu bản nháp." in html and "Đang soạn" in html
    rep = api_report(s, SPECIALIST, WARD, 2026, "q1")
    assert rep["recipients"] == "UBND tỉnh Cao Bằng;\nSở Nội vụ;\nLưu: VT.", "CR LF of the textarea as LF"
    assert {x["key"]: x["text"] for x in rep["sections"]}["tthc"] == SECTIONS["tthc"]

    # The leader submits with a section empty: the message beside it, nothing sent.
    lead = officer(s, LEADER)
    r = post(lead, url + "/gui", dict(fields(sections={"so_hoa": ""}), xac_nhan="1"))
    assert r.status == 400, r
    html = html_of(r)
    m = re.search(r'<p class="alert" id="loi-so_hoa">([^<]+)</p>', html)
    assert m and "7. Xây dựng" in m.group(1) and is_vietnamese(m.group(1)), html[-4000:]
    assert re.search(r'id="muc-so_hoa"[^>]*aria-invalid="true"', html)
    assert re.search(r'<p class="alert" role="alert">Chưa gửi được: [^<]+ <a href="#muc-so_hoa">', html), "top links it"
    # Without the confirmation box: the message beside it, and what was typed kept.
    r = post(lead, url + "/gui", fields(sections={"so_hoa": SECTIONS["so_hoa"]}))
    assert r.status == 400 and 'id="loi-xac_nhan"' in html_of(r), r
    assert "thanh toán qua VietQR &lt;100%&gt;" in html_of(r)
    assert api_report(s, LEADER, WARD, 2026, "q1")["state"] == "draft"
    # Completed and confirmed: what the form holds is saved, then sent.
    r = post(lead, url + "/gui", dict(fields(sections={"so_hoa": SECTIONS["so_hoa"]}), xac_nhan="1"))
    assert r.status == 303 and r.header("Location") == url + "?xong=gui", (r, html_of(r)[-3000:])
    html = html_of(lead.get(r.header("Location")))
    words = text_of(html)
    assert "Đã gửi báo cáo." in words and "Đã gửi số 12/BC-UBND" in words and "bởi Hà Văn Quang" in words, words
    assert "<textarea" not in html and "/gui" not in html, "frozen: read only"
    assert "Đẩy mạnh nộp hồ sơ trực tuyến &amp; thanh toán qua VietQR &lt;100%&gt;." in html
    assert "giữ nguyên khi gửi" in words and "Hồ sơ tiếp nhận trong kỳ" in words
    rep = api_report(s, LEADER, WARD, 2026, "q1")
    assert rep["state"] == "submitted" and rep["number"] == "12/BC-UBND"
    r = post(spec, url, fields())
    assert r.status == 409 and "không sửa được nữa" in html_of(r), r

    # The province: the ward listed as sent, with its number and date; the counts.
    sup = officer(s, SUPERVISOR)
    html = html_of(sup.get("/can-bo/bao-cao-cchc?year=2026&kind=q1"))
    row = re.search(r'<tr><td><a href="%s">Phường Thục Phán</a></td>(.*?)</tr>' % url, html)
    assert row and "Đã gửi" in row.group(1) and "12/BC-UBND" in row.group(1), html[-5000:]
    assert re.search(r'<tr><td><a href="%s">[^<]+</a></td><td><span class="badge st-open">Chưa soạn'
                     % page(OTHER, 2026, "q1"), html)
    m = re.search(r"Các đơn vị cấp dưới: đã gửi (\d+)/(\d+)", html)
    assert m and m.group(1) == "1" and int(m.group(2)) > 50, m and m.group(0)
    assert "Báo cáo quý I năm 2026 của Tỉnh Cao Bằng" in text_of(html), "the supervisor's own: the province's"
    prov = html_of(sup.get(page("04", 2026, "q1")))
    words = text_of(prov)
    assert "Đơn vị cấp dưới đã gửi báo cáo: 1/%s" % m.group(2) in words, words[:3000]
    missing = re.search(r"Đơn vị chưa gửi: ([^<]+)</p>", prov).group(1)
    assert "Sở Tư pháp" in missing and "Phường Thục Phán" not in missing
    assert 'formaction="%s/gui"' % page("04", 2026, "q1") in prov, "the supervisors submit the province's"
    # The supervisor reads the ward's report, frozen.
    assert "Đã gửi" in text_of(html_of(sup.get(url)))


if __name__ == "__main__":
    harness.main(globals())
