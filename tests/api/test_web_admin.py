"""Administration pages, black-box: units, users and roles, catalog import
(all or nothing, every problem listed) and the calendar, each through the
API's own rules, refused to everyone but administrators."""
import json
import os
import re

import harness
from harness import is_vietnamese
from test_web_forms import Browser, alert, html_of


def admin(s):
    b = Browser(s)
    r = b.login("admin")
    assert r.header("Location") == "/quan-tri/don-vi", "an administrator starts at administration"
    return b


def test_only_administrators(s):
    for who in ("tiepnhan.thucphan", "0912345678"):
        b = Browser(s)
        b.login(who)
        for path in ("/quan-tri/don-vi", "/quan-tri/nguoi-dung", "/quan-tri/danh-muc", "/quan-tri/lich"):
            assert b.get(path).status == 403, (who, path)
    assert Browser(s).get("/quan-tri/don-vi").status == 303


def test_units_and_users(s):
    b = admin(s)
    page = "/quan-tri/don-vi"
    r = b.post(page, {"csrf": b.csrf(page), "code": "01273", "name": "Trùng mã", "kind": "ward", "parent": "04"})
    assert r.status == 409 and is_vietnamese(alert(r) or ""), (r, alert(r))
    assert 'value="Trùng mã"' in html_of(r), "the form is kept"
    r = b.post(page, {"csrf": b.csrf(page), "code": "S99", "name": "Sở Thử nghiệm", "kind": "department",
                      "parent": "04"})
    assert r.status == 303, (r, alert(r))
    listing = html_of(b.get(r.header("Location")))
    assert "Đã thêm đơn vị Sở Thử nghiệm" in listing and "<td>S99</td>" in listing
    page = "/quan-tri/nguoi-dung"
    fields = {"csrf": b.csrf(page), "username": "chuyenvien.thu", "name": "Nông Văn Thử", "unit": "S99",
              "roles": ["specialist", "leader"], "password": "ngan"}
    r = b.post(page, fields)
    assert r.status == 400 and "Mật khẩu" in (alert(r) or ""), alert(r)
    assert 'value="specialist" checked' in html_of(r) and 'value="S99" selected' in html_of(r), "choices kept"
    r = b.post(page, dict(fields, password="MatKhau@2026"))
    assert r.status == 303, (r, alert(r))
    assert "Chuyên viên, Lãnh đạo" in html_of(b.get(page))
    officer = Browser(s)
    assert officer.login("chuyenvien.thu", "MatKhau@2026").header("Location") == "/can-bo"


def test_lock_and_unlock_an_account(s):
    """The users page locks an account with a reason and unlocks it; the officer's open session ends at once."""
    officer = Browser(s)
    officer.login("chuyenvien.tuphap")
    assert officer.get("/can-bo").status == 200
    b = admin(s)
    page = "/quan-tri/nguoi-dung"
    html = html_of(b.get(page))
    assert 'action="/quan-tri/nguoi-dung/chuyenvien.tuphap/khoa"' in html
    assert 'action="/quan-tri/nguoi-dung/admin/khoa"' not in html, "no lock form on one's own row"
    r = b.post(page + "/chuyenvien.tuphap/khoa", {"csrf": b.csrf(page), "reason": " "})
    assert r.status == 400 and "lý do" in (alert(r) or ""), (r, alert(r))
    assert officer.get("/can-bo").status == 200, "nothing changed"
    r = b.post(page + "/chuyenvien.tuphap/khoa", {"csrf": b.csrf(page), "reason": "Chuyển công tác"})
    assert r.status == 303, (r, alert(r))
    listing = html_of(b.get(r.header("Location")))
    assert "Đã khóa tài khoản chuyenvien.tuphap" in listing, listing
    row = re.search(r"<tr><td>chuyenvien\.tuphap</td>.*?</tr>", listing, re.S).group(0)
    assert "Đã khóa" in row and 'action="/quan-tri/nguoi-dung/chuyenvien.tuphap/mo-khoa"' in row, row
    assert officer.get("/can-bo").status == 303, "the locked officer's session is over: back to the login page"
    other = Browser(s)
    r = other.post("/dang-nhap", {"csrf": other.csrf("/dang-nhap"), "username": "chuyenvien.tuphap",
                                  "password": harness.DEMO_PASSWORD})
    assert r.status == 403 and "đã bị khóa" in (alert(r) or ""), (r, alert(r))
    r = b.post(page + "/chuyenvien.tuphap/mo-khoa", {"csrf": b.csrf(page)})
    assert r.status == 303 and "Đã mở khóa" in html_of(b.get(r.header("Location"))), (r, alert(r))
    assert Browser(s).login("chuyenvien.tuphap").header("Location") == "/can-bo"


def test_catalog_import_all_or_nothing(s):
    b = admin(s)
    page = "/quan-tri/danh-muc"
    with open(os.path.join(harness.DATA, "catalog.json"), "rb") as f:
        catalog = json.load(f)
    bad = dict(catalog, procedures=[dict(catalog["procedures"][0], processing_time=None), catalog["procedures"][1]])
    r = b.post_multipart(page, {"csrf": b.csrf(page)}, {"catalog": ("dm.json", json.dumps(bad).encode())})
    assert r.status == 400 and "chưa nhập" in (alert(r) or ""), alert(r)
    assert "processing_time" in html_of(r), html_of(r)[-1500:]
    r = b.post_multipart(page, {"csrf": b.csrf(page)}, {"catalog": ("dm.json", b"{khong phai json")})
    assert r.status == 400 and "JSON" in (alert(r) or "")
    changed = dict(catalog["procedures"][0], name=catalog["procedures"][0]["name"] + " (sửa đổi)")
    one = dict(catalog, procedures=[changed] + catalog["procedures"][1:])
    r = b.post_multipart(page, {"csrf": b.csrf(page)}, {"catalog": ("dm.json", json.dumps(one).encode())})
    assert r.status == 200, (r, alert(r))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_of(r)))
    assert "Thủ tục: thêm 0, thay đổi 1, giữ nguyên %d" % (len(catalog["procedures"]) - 1) in words, words[-800:]


def test_calendar_days(s):
    b = admin(s)
    page = "/quan-tri/lich?year=2027"
    html = html_of(b.get(page))
    assert "Lịch làm việc năm 2027" in html and "Thứ Hai–Thứ Sáu: 07:30–11:30, 13:30–17:00" in html
    r = b.post("/quan-tri/lich/ngay", {"csrf": b.csrf(page), "date": "31/02/2027", "kind": "off", "name": "Sai"})
    assert r.status == 400 and "ngày/tháng/năm" in (alert(r) or "")
    r = b.post("/quan-tri/lich/ngay", {"csrf": b.csrf(page), "date": "05/07/2027", "kind": "off",
                                       "name": "Nghỉ bù thử nghiệm", "source": "Văn bản thử"})
    assert r.status == 303 and r.header("Location") == "/quan-tri/lich?year=2027&xong=luu", (r, alert(r))
    html = html_of(b.get(r.header("Location")))
    assert "Đã lưu ngày." in html and "<td>05/07/2027</td>" in html and "Nghỉ bù thử nghiệm" in html
    d = s.get("/api/v1/calendar/deadline?from=2027-07-02T16:00:00%2B07:00&amount=1&unit=day").json()
    assert d["due_at"]["iso"].startswith("2027-07-06"), d  # Friday + 1 working day skips Monday 05/07
    r = b.post("/quan-tri/lich/ngay/2027-07-05/xoa", {"csrf": b.csrf(page)})
    assert r.status == 303, r
    assert "Nghỉ bù thử nghiệm" not in html_of(b.get(page))


def test_seasonal_office_hours(s):
    b = admin(s)
    page = "/quan-tri/lich"
    due = "/api/v1/calendar/deadline?from=2027-05-03T06:00:00%2B07:00&amount=1&unit=hour"
    assert "T08:30:00" in s.get(due).json()["due_at"]["iso"], "the default day starts at 07:30"
    fields = {"csrf": b.csrf(page), "ten": "Giờ mùa hè", "tu": "15/4", "den": "31/13", "day": ["1", "2", "3", "4", "5"],
              "sang": "07:00-11:00", "chieu": "13:30 - 17:00"}
    r = b.post("/quan-tri/lich/gio", fields)
    assert r.status == 400 and "ngày/tháng" in (alert(r) or "") and 'value="Giờ mùa hè"' in html_of(r), alert(r)
    r = b.post("/quan-tri/lich/gio", dict(fields, den="14/10"))
    assert r.status == 303, (r, alert(r))
    html = html_of(b.get(r.header("Location")))
    assert "Giờ mùa hè</strong> (từ 15/04 đến 14/10 hằng năm): Thứ Hai–Thứ Sáu: 07:00–11:00, 13:30–17:00" in html, \
        html[html.find("Giờ làm việc</h2>"):][:600]
    assert "T08:00:00" in s.get(due).json()["due_at"]["iso"], "summer hours start at 07:00"
    sid = re.search(r'action="/quan-tri/lich/gio/(\d+)/xoa"', html).group(1)
    r = b.post("/quan-tri/lich/gio/%s/xoa" % sid, {"csrf": b.csrf(page)})
    assert r.status == 303, r
    assert "T08:30:00" in s.get(due).json()["due_at"]["iso"]


def test_statement_upload_and_report_pages(s):
    rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    body = {"procedure": "1.001193", "applicant": {"name": "Lâm Văn Phí", "id_number": "004190009191", "phone": "0987009191"},
            "documents": [4, 6], "outcome": "accept"}
    code = s.post("/api/v1/dossiers", body, token=rcv).json()["code"]
    assert s.post("/api/v1/dossiers/%s/actions/claim" % code, {}, token=spec).status == 200
    assert s.post("/api/v1/dossiers/%s/actions/request_payment" % code, {"amount": 30000}, token=spec).status == 200
    b = admin(s)
    page = "/quan-tri/doi-soat"
    statement = ("so_tien,noi_dung\n30000,HS %s\n5000,tien an trua\n" % code).encode()
    r = b.post_multipart(page, {"csrf": b.csrf(page)}, {"sao_ke": ("sao-ke.csv", statement)})
    # A CSV is plain text, not one of the attachment types: the page route takes it as the statement.
    assert r.status == 200, (r, alert(r))
    html = html_of(r)
    assert "Đã xác nhận 1 hồ sơ nộp phí; 1 dòng cần xem lại" in html, html[-3000:]
    assert 'href="/can-bo/ho-so/%s"' % code in html and "Không khớp" in html
    assert s.get("/api/v1/dossiers/" + code, token=rcv).json()["paid_at"] is not None
    last = s.get("/api/v1/dossiers/%s/journal" % code, token=rcv).json()["entries"][-1]
    assert (last["action"], last["actor"], last["role"]) == ("mark_paid", "admin", "system"), last
    # The statistics page offers the downloads; the late list is a page.
    sup = Browser(s)
    sup.login("giamsat")
    html = html_of(sup.get("/can-bo/thong-ke?unit=04"))
    for link in ("/api/v1/stats/processing.xlsx?unit=04", "/api/v1/stats/processing.csv?unit=04",
                 "/api/v1/reports/tracking-book.pdf?unit=04", "/can-bo/qua-han?unit=04"):
        assert link in html, link
    r = sup.get("/can-bo/qua-han?unit=04")
    assert r.status == 200 and "Hồ sơ quá hạn" in html_of(r)


if __name__ == "__main__":
    harness.main(globals())
