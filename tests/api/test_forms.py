"""The legal forms as PDF, black-box: each renders (pdftoppm), its text
extracts (pdftotext) with exact Vietnamese including stacked marks and
without a warning, the file passes qpdf --check, the
receipt's QR code decodes (zbarimg) to the public tracking address, and a
dossier received under the 2018 rules prints the 2018 forms."""
import os
import re
import subprocess
import tempfile

import harness
from harness import clock_server, expect_error, is_vietnamese, own_server

PROC = "1.001193"
WARD = "01273"
PUBLIC = "https://dichvucong.example.vn"
# Stacked marks a font can lose: Ấ Ế Ồ ễ ỹ ự Đ (all in the name and address below).
APPLICANT = {"name": "Nguyễn Đặng Thị Ấu", "id_number": "004190005555", "phone": "0987000555",
             "address": "Xóm Ếch Ồn, thôn Mỹ Lựu, xã Đức Long, tỉnh Cao Bằng", "email": "au.dang@example.vn"}


def pdf_of(s, code, form, token, status=200):
    r = s.get("/api/v1/dossiers/%s/forms/%s.pdf" % (code, form), token=token)
    assert r.status == status, (form, r)
    if status != 200:
        return None
    assert r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF-"), r.headers
    return r.body


def text_of(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        p = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, timeout=60)
        assert p.returncode == 0 and p.stderr == b"", p.stderr  # no warning (a broken ToUnicode map, say)
        q = subprocess.run(["qpdf", "--check", f.name], capture_output=True, timeout=60)
        assert q.returncode == 0 and b"No syntax or stream encoding errors" in q.stdout, q.stdout + q.stderr
        return re.sub(r"[ \t]+", " ", p.stdout.decode("utf-8"))


def render_and_scan(pdf):
    """Renders page 1 to PNG and returns the QR codes zbarimg reads from it."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "f.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        p = subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", path, os.path.join(d, "p")],
                           capture_output=True, timeout=60)
        assert p.returncode == 0, p.stderr
        png = [x for x in os.listdir(d) if x.endswith(".png")]
        assert png, os.listdir(d)
        assert os.path.getsize(os.path.join(d, png[0])) > 10000, "a page with something on it"
        z = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(d, png[0])], capture_output=True, timeout=60)
        return [line for line in z.stdout.decode("utf-8").splitlines() if line]


def intake(s, token, **kw):
    body = {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"}
    body.update(kw)
    r = s.post("/api/v1/dossiers", body, token=token)
    assert r.status == 201, r
    return r.json()


def test_receipt_2025_text_and_qr(s):
    with own_server(["--public-url", PUBLIC]) as s:
        rcv = s.login("tiepnhan.thucphan")
        d = intake(s, rcv)
        code, key = d["code"], d["tracking_key"]
        pdf = pdf_of(s, code, "receipt", rcv)
        # What a citizen downloads on a phone: fonts embedded with only the glyphs drawn (149 KB with whole fonts).
        assert len(pdf) <= 30 * 1024, len(pdf)
        t = text_of(pdf)
        for want in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHƯỜNG THỤC PHÁN",
                     "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: " + code, "Ông/Bà: Nguyễn Đặng Thị Ấu",
                     "Số định danh cá nhân/tổ chức: 004190005555",
                     "Địa chỉ: Xóm Ếch Ồn, thôn Mỹ Lựu, xã Đức Long, tỉnh Cao Bằng",
                     "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh", "1 ngày làm việc",
                     "Đăng ký nhận kết quả tại: Phường Thục Phán", "Mẫu số 01 ban hành kèm theo Thông tư 03/2025/TT-VPCP",
                     "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", key):
            assert want in t, (want, t[:3000])
        due = d["due_at"]["text"]  # "17:00 30/11/2026"
        hm, dmy = due.split(" ")
        assert "Thời gian trả kết quả giải quyết hồ sơ: %s ngày %s" % (hm, dmy) in t, t
        assert re.search(r"Cao Bằng, ngày \d\d tháng \d\d năm \d{4}", t), t[:400]
        assert render_and_scan(pdf) == ["%s/tra-cuu?code=%s&key=%s" % (PUBLIC, code, key)]
        # Every form of a received dossier that applies renders; the others say why not, in Vietnamese.
        t = text_of(pdf_of(s, code, "control-slip", rcv))
        assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in t and "Tiếp nhận hồ sơ" in t and "Mẫu số 06" in t, t
        for form in ("supplement", "refusal", "apology", "stop"):
            e = expect_error(s.get("/api/v1/dossiers/%s/forms/%s.pdf" % (code, form), token=rcv), 409, field="form")
            assert is_vietnamese(e["message"]), e
        expect_error(s.get("/api/v1/dossiers/%s/forms/khong-co.pdf" % code, token=rcv), 404, field="form")
        expect_error(s.get("/api/v1/dossiers/%s/forms/receipt" % code, token=rcv), 404, field="form")
        # Only those who may read the dossier get its forms.
        assert s.get("/api/v1/dossiers/%s/forms/receipt.pdf" % code).status == 401
        other = s.login("tiepnhan.nungtricao")
        assert s.get("/api/v1/dossiers/%s/forms/receipt.pdf" % code, token=other).status == 404


def test_supplement_refusal_and_stop(s):
    rcv = s.login("tiepnhan.thucphan")
    d = intake(s, rcv, outcome="supplement", documents=[4], items=["Bản chính giấy chứng sinh", "Tờ khai có chữ ký"],
               reason="Thiếu giấy tờ bắt buộc")
    t = text_of(pdf_of(s, d["code"], "supplement", rcv))
    for want in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "1. Bản chính giấy chứng sinh", "2. Tờ khai có chữ ký",
                 "Lý do: Thiếu giấy tờ bắt buộc", "NGƯỜI HƯỚNG DẪN", "Mẫu số 02"):
        assert want in t, (want, t)
    pdf_of(s, d["code"], "receipt", rcv, status=409)
    d = intake(s, rcv, outcome="refuse", documents=[], items=["Không thuộc thẩm quyền giải quyết"])
    t = text_of(pdf_of(s, d["code"], "refusal", rcv))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in t and "1. Không thuộc thẩm quyền giải quyết" in t, t
    d = intake(s, rcv)
    r = s.post("/api/v1/dossiers/%s/actions/stop" % d["code"], {"reason": "Người nộp xin rút hồ sơ"}, token=rcv)
    assert r.status == 200, r
    t = text_of(pdf_of(s, d["code"], "stop", rcv))
    assert "THÔNG BÁO VỀ VIỆC DỪNG GIẢI QUYẾT HỒ SƠ" in t and "Mẫu số 05" in t, t


def test_2018_dossier_prints_2018_forms(s):
    with clock_server("2025-03-03T09:00:00+07:00") as s:
        rcv = s.login("tiepnhan.thucphan")
        d = intake(s, rcv)
        assert d["rules_version"] == "ND61/2018", d["rules_version"]
        t = text_of(pdf_of(s, d["code"], "receipt", rcv))
        assert "Mẫu số 01 ban hành kèm theo Thông tư 01/2018/TT-VPCP" in t, t
        assert re.search(r"Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 03 tháng 03 năm 2025", t), t
        assert "Số định danh cá nhân/tổ chức" not in t, "the 2018 receipt has no ID number line"
        t = text_of(pdf_of(s, d["code"], "control-slip", rcv))
        assert "Mẫu số 05 ban hành kèm theo Thông tư 01/2018/TT-VPCP" in t, t
        # The 2018 circular has no notice of stopping.
        e = expect_error(s.get("/api/v1/dossiers/%s/forms/stop.pdf" % d["code"], token=rcv), 404, field="form")
        assert "ND61/2018" in e["message"], e
        book = s.get("/api/v1/reports/tracking-book.pdf?unit=%s&from=2025-03-01&to=2025-03-31" % WARD,
                     token=s.login("giamsat"))
        t = text_of(book.body)
        assert d["code"] in t and "Mẫu số 06 ban hành kèm theo Thông tư 01/2018/TT-VPCP" in t, t


def test_tracking_book(s):
    rcv, sup = s.login("tiepnhan.thucphan"), s.login("giamsat")
    d = intake(s, rcv, applicant=dict(APPLICANT, name="Hoàng Văn Sổ"))
    day = d["received_at"]["iso"][:10]
    r = s.get("/api/v1/reports/tracking-book.pdf?unit=%s&from=%s&to=%s" % (WARD, day, day), token=sup)
    assert r.status == 200 and r.body.startswith(b"%PDF-"), r
    assert "so-theo-doi-%s.pdf" % WARD in r.header("Content-Disposition")
    t = text_of(r.body)
    for want in ("SỔ THEO DÕI HỒ SƠ", d["code"], "Hoàng Văn Sổ", "Thủ tục đăng ký khai",  # the cell wraps the rest
                 "Mẫu số 07 ban hành kèm theo Thông tư 03/2025/TT-VPCP", "PHƯỜNG THỤC PHÁN"):
        assert want in t, (want, t[:2000])
    # Another ward's book does not have it; a citizen gets no book; the period must make sense.
    other = s.get("/api/v1/reports/tracking-book.pdf?unit=01279&from=%s&to=%s" % (day, day), token=sup)
    assert d["code"] not in text_of(other.body)
    expect_error(s.get("/api/v1/reports/tracking-book.pdf?unit=%s" % WARD, token=s.login("0912345678")), 403)
    expect_error(s.get("/api/v1/reports/tracking-book.pdf?unit=%s&from=2026-03-10&to=2026-03-01" % WARD, token=sup),
                 400, field="to")


def test_apology_after_an_extension(s):
    # Received Monday 2 March 2026 09:00 for one working day; late on Tuesday; the leader extends by 2 days.
    with clock_server("2026-03-02T09:00:00+07:00") as s:
        rcv, spec, lead = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan"), s.login("lanhdao.thucphan")
        code = intake(s, rcv)["code"]
        assert s.post("/api/v1/dossiers/%s/actions/claim" % code, {}, token=spec).status == 200
        pdf_of(s, code, "apology", rcv, status=409)
        s.clock.set("2026-03-03T10:00:00+07:00")
        r = s.post("/api/v1/dossiers/%s/actions/extend" % code, {"days": 2, "reason": "Chờ xác minh thông tin cư trú"},
                   token=lead)
        assert r.status == 200, r
        t = text_of(pdf_of(s, code, "apology", rcv))
        for want in ("PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Kính gửi: Ông/Bà Nguyễn Đặng Thị Ấu",
                     "hẹn trả kết quả: 09:00 ngày 03/03/2026", "Lý do: Chờ xác minh thông tin cư trú.",
                     "10:00 ngày 05/03/2026", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "Mẫu số 04"):
            assert want in re.sub(r"\s+", " ", t), (want, t)


def tlv(payload):
    """Splits an EMVCo payload into {id: value} (one level)."""
    out, i = {}, 0
    while i < len(payload):
        tag, n = payload[i:i + 2], int(payload[i + 2:i + 4])
        out[tag] = payload[i + 4:i + 4 + n]
        i += 4 + n
    return out


def crc16(data):
    crc = 0xFFFF
    for b in data.encode("ascii"):
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return "%04X" % crc


def test_fee_by_vietqr(s):
    with own_server(["--public-url", PUBLIC]) as s:
        rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
        d = intake(s, rcv)
        code = d["code"]
        assert s.post("/api/v1/dossiers/%s/actions/claim" % code, {}, token=spec).status == 200
        r = s.post("/api/v1/dossiers/%s/actions/request_payment" % code, {"amount": 50000}, token=spec)
        assert r.status == 200, r
        acct = s.get("/api/v1/units/%s/bank-account" % WARD, token=rcv).json()
        assert acct["unit"] == "04" and acct["bin"] == "970415", acct  # the province's, inherited
        # The receipt carries both codes; the VietQR payload, field by field.
        codes = render_and_scan(pdf_of(s, code, "receipt", rcv))
        assert "%s/tra-cuu?code=%s&key=%s" % (PUBLIC, code, d["tracking_key"]) in codes, codes
        pay = [c for c in codes if c.startswith("000201")]
        assert len(pay) == 1, codes
        p = pay[0]
        f = tlv(p)
        assert f["00"] == "01" and f["01"] == "12" and f["53"] == "704" and f["58"] == "VN", f
        assert f["54"] == "50000", f
        m = tlv(f["38"])
        assert m["00"] == "A000000727" and m["02"] == "QRIBFTTA", m
        assert tlv(m["01"]) == {"00": acct["bin"], "01": acct["account"]}, m
        assert tlv(f["62"]) == {"08": "HS " + code}, f
        assert p.endswith("6304" + f["63"]) and f["63"] == crc16(p[:-4]), (p, crc16(p[:-4]))
        t = text_of(pdf_of(s, code, "receipt", rcv))
        assert "50.000 đồng" in t and acct["account"] in t, t
        # The same code on the dossier's page and on the public tracking page.
        html = s.get("/tra-cuu?code=%s&key=%s" % (code, d["tracking_key"])).body.decode()
        assert "Nộp phí, lệ phí: 50.000 đồng" in html and 'src="data:image/png;base64,' in html, html[-2000:]
        # Paid: no code any more.
        r = s.post("/api/v1/dossiers/%s/actions/mark_paid" % code, {}, token=rcv)
        assert r.status == 200, r
        html = s.get("/tra-cuu?code=%s&key=%s" % (code, d["tracking_key"])).body.decode()
        assert "Nộp phí" not in html
        assert [c for c in render_and_scan(pdf_of(s, code, "receipt", rcv)) if c.startswith("000201")] == []


def test_bank_accounts_of_units(s):
    admin, rcv = s.login("admin"), s.login("tiepnhan.thucphan")
    body = {"bin": "970436", "bank": "Vietcombank", "account": "0881000458086", "name": "UBND PHUONG THUC PHAN"}
    expect_error(s.request("PUT", "/api/v1/units/%s/bank-account" % WARD, body=body, token=rcv), 403)
    expect_error(s.request("PUT", "/api/v1/units/%s/bank-account" % WARD, body=dict(body, bin="97043"), token=admin),
                 400, field="bin")
    expect_error(s.request("PUT", "/api/v1/units/%s/bank-account" % WARD, body=dict(body, account="08 81"),
                           token=admin), 400, field="account")
    r = s.request("PUT", "/api/v1/units/%s/bank-account" % WARD, body=body, token=admin)
    assert r.status == 200, r
    got = s.get("/api/v1/units/%s/bank-account" % WARD, token=rcv).json()
    assert got == dict(body, unit=WARD), got
    assert s.get("/api/v1/units/01279/bank-account", token=rcv).json()["unit"] == "04", "others keep the province's"


if __name__ == "__main__":
    harness.main(globals())
