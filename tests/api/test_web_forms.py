"""The portal's forms, black-box: CSRF tokens on every POST, logins that
only go back to this site, pages that need a login or a role, drafts that
belong to one citizen, online submission from a draft, a supplement that can
only change what was asked for, and errors shown on the page in Vietnamese."""
import os
import re
import uuid
from urllib.parse import quote, urlencode

import harness
from harness import DEMO_PASSWORD, expect_error, is_vietnamese

PROC = "1.001193"
WARD = "01273"
RECEIVER = "tiepnhan.thucphan"
CITIZEN = "0912345678"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f"
                    "0005fe02fea7d6a4f60000000049454e44ae426082")


class Browser:
    """Cookies kept between requests, as a browser would."""

    def __init__(self, s):
        self.s = s
        self.cookies = {}

    def _keep(self, r):
        for name, value in r.headers:
            if name.lower() == "set-cookie":
                k, v = value.split(";", 1)[0].split("=", 1)
                if v:
                    self.cookies[k] = v
                else:
                    self.cookies.pop(k, None)
        return r

    def _headers(self, extra=None):
        h = dict(extra or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        return h

    def get(self, path):
        return self._keep(self.s.request("GET", path, headers=self._headers()))

    def post(self, path, fields):
        data = urlencode(fields, doseq=True).encode("utf-8")
        return self._keep(self.s.request("POST", path, raw=data, headers=self._headers(),
                                         ctype="application/x-www-form-urlencoded"))

    def post_multipart(self, path, fields, files):
        boundary = "----motcua" + uuid.uuid4().hex
        out = b""
        for k, v in fields.items():
            for one in (v if isinstance(v, list) else [v]):
                out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                        % (boundary, k, one)).encode("utf-8")
        for k, (fname, content) in files.items():
            out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (boundary, k, fname)).encode("utf-8")
            out += content + b"\r\n"
        out += ("--%s--\r\n" % boundary).encode()
        return self._keep(self.s.request("POST", path, raw=out, headers=self._headers(),
                                         ctype="multipart/form-data; boundary=" + boundary))

    def csrf(self, path):
        html = self.get(path).body.decode("utf-8")
        m = re.search(r'name="csrf" value="([0-9a-f]{32})"', html)
        assert m, (path, html[:500])
        return m.group(1)

    def login(self, username, password=DEMO_PASSWORD):
        r = self.post("/dang-nhap", {"csrf": self.csrf("/dang-nhap"), "username": username, "password": password})
        assert r.status == 303, r
        return r


def html_of(r):
    return r.body.decode("utf-8")


def alert(r):
    m = re.search(r'class="alert" role="alert"[^>]*>([^<]+)<', html_of(r))
    return m.group(1) if m else None


def test_csrf_token_is_required_on_forms(s):
    b = Browser(s)
    r = b.get("/dang-nhap")
    assert "motcua_pre" in b.cookies, r.headers
    cookie = [v for k, v in r.headers if k.lower() == "set-cookie"][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    token = b.csrf("/dang-nhap")
    form = {"username": RECEIVER, "password": DEMO_PASSWORD}
    # No token, a wrong token, and the right token from a browser without the cookie: all refused.
    for fields, who in ((form, b), (dict(form, csrf="0" * 32), b), (dict(form, csrf=token), Browser(s))):
        r = who.post("/dang-nhap", fields)
        assert r.status == 403, r
        assert "motcua_session" not in who.cookies
        assert is_vietnamese(html_of(r))
    r = b.post("/dang-nhap", dict(form, csrf=token))
    assert r.status == 303 and r.header("Location") == "/can-bo", r
    assert "motcua_session" in b.cookies
    # Logged in, the token changes with the session: the old one no longer works.
    r = b.post("/dang-xuat", {"csrf": token})
    assert r.status == 403, r
    assert b.get("/can-bo").status == 200, "still logged in"
    r = b.post("/dang-xuat", {"csrf": b.csrf("/can-bo")})
    assert r.status == 303 and r.header("Location") == "/", r
    assert b.get("/can-bo").status == 303, "logged out"


def test_login_goes_back_only_to_this_site(s):
    for nxt, where in (("/thu-tuc?q=khai%20sinh", "/thu-tuc?q=khai%20sinh"), ("//evil.example/x", "/can-bo"),
                       ("https://evil.example/", "/can-bo"), ("/\\evil.example", "/can-bo"),
                       ("/\t/evil.example/x", "/can-bo"), ("/\n/evil.example", "/can-bo")):
        b = Browser(s)
        r = b.post("/dang-nhap", {"csrf": b.csrf("/dang-nhap"), "username": RECEIVER, "password": DEMO_PASSWORD,
                                  "next": nxt})
        assert r.status == 303 and r.header("Location") == where, (nxt, r.header("Location"))
    # Already logged in, the login page sends on at once: the same check, no form needed.
    r = b.get("/dang-nhap?next=" + quote("/\t/evil.example/x"))
    assert r.status == 303 and r.header("Location") == "/can-bo", r.header("Location")
    r = b.get("/dang-nhap?next=" + quote("/can-bo/thong-ke?tu=01/11/2026"))
    assert r.header("Location") == "/can-bo/thong-ke?tu=01/11/2026", r.header("Location")


def test_expired_session_comes_back_to_the_page(s):
    anon = Browser(s)
    r = anon.get("/nop-ho-so/%s?nhap=3" % PROC)
    assert r.status == 303 and r.header("Location") == "/dang-nhap?next=" + quote("/nop-ho-so/%s?nhap=3" % PROC, safe=""), \
        r.header("Location")
    host = "127.0.0.1:%d" % s.port
    case = "/can-bo/ho-so/01273-261129-0001"
    for referer, want in (("http://%s%s" % (host, case), "/dang-nhap?het_phien=1&next=" + quote(case, safe="")),
                          ("http://evil.example%s" % case, "/dang-nhap?het_phien=1"), (None, "/dang-nhap?het_phien=1")):
        h = {"Host": host}
        if referer:
            h["Referer"] = referer
        r = s.request("POST", case + "/accept", raw=b"csrf=x", headers=h, ctype="application/x-www-form-urlencoded")
        assert r.status == 303 and r.header("Location") == want, (referer, r.header("Location"))
    # An upload to a page without a session: the same way back, not a JSON error.
    r = s.request("POST", "/nop-ho-so/" + PROC, raw=b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nx\r\n--b--\r\n",
                  headers={"Host": host, "Referer": "http://%s/nop-ho-so/%s" % (host, PROC)},
                  ctype="multipart/form-data; boundary=b")
    assert r.status == 303 and r.header("Location") == "/dang-nhap?het_phien=1&next=" + quote("/nop-ho-so/" + PROC, safe=""), r


def test_upload_errors_on_pages_are_pages(s):
    with harness.own_server(["--max-file", "1"]) as own:
        b = Browser(own)
        b.login(CITIZEN)
        fields = {"csrf": b.csrf("/nop-ho-so/" + PROC), "receiving_unit": WARD, "name": "Nguyễn Văn An",
                  "id_number": "004090001234", "phone": CITIZEN, "buoc": "xem"}
        r = b.post_multipart("/nop-ho-so/" + PROC, fields, {"doc_4": ("lon.pdf", PDF + b"x" * (1 << 20))})
        assert r.status == 413 and r.header("Content-Type") == "text/html; charset=utf-8", r
        assert "1 MB" in html_of(r) and is_vietnamese(html_of(r)), html_of(r)[-600:]
        r = b.post_multipart("/nop-ho-so/" + PROC, fields, {"doc_4": ("ghi-chu.txt", b"chi la van ban")})
        assert r.status == 415 and "PDF" in (alert(r) or ""), alert(r)
        assert 'value="Nguyễn Văn An"' in html_of(r), "the form is kept"


def test_a_second_server_on_a_busy_port_fails(s):
    p = harness.run_cli("serve", "--listen", "127.0.0.1:%d" % s.port, "--files", s.files, "--quiet", db=s.db,
                        check=False)
    assert p.returncode != 0 and "Không mở được cổng" in p.stderr, (p.returncode, p.stderr)


def test_refused_action_keeps_what_was_typed(s):
    officer = Browser(s)
    officer.login(RECEIVER)
    citizen = Browser(s)
    citizen.login(CITIZEN)
    where = save_draft(citizen, {"doc_4": ("gcs.pdf", PDF), "doc_6": ("cccd.png", PNG)})
    code = re.match(r"/ho-so-cua-toi/([0-9-]+)", citizen.post(where + "/nop", {"csrf": citizen.csrf(where)})
                    .header("Location")).group(1)
    case = "/can-bo/ho-so/" + code
    r = officer.post(case + "/request_supplement", {"csrf": officer.csrf(case), "reason": "Lý do đã gõ",
                                                    "note": "Ghi chú đã gõ"})
    assert r.status == 400, r
    html = html_of(r)
    assert 'value="Lý do đã gõ"' in html and 'value="Ghi chú đã gõ"' in html, "typed text shown again"
    form = html[html.index('action="%s/request_supplement"' % case) - 400:html.index('action="%s/request_supplement"' % case)]
    assert '<details class="act" open>' in form, form
    # The statistics form keeps a mistyped date, with the message.
    r = officer.get("/can-bo/thong-ke?tu=31/02/2026&den=30/11/2026")
    assert r.status == 400 and "ngày/tháng/năm" in (alert(r) or "") and 'value="31/02/2026"' in html_of(r)


def test_a_draft_opens_only_with_its_procedure(s):
    a = Browser(s)
    a.login(CITIZEN)
    where = save_draft(a, {"doc_4": ("gcs.pdf", PDF)}, step="luu")
    html = html_of(a.get("/ho-so-cua-toi"))
    draft = re.search(r'href="/ho-so-nhap/(\d+)"', html).group(1)
    other = s.get("/api/v1/procedures?online=toan_trinh&per_page=1").json()["items"][0]["code"]
    assert other != PROC
    assert a.get("/nop-ho-so/%s?nhap=%s" % (other, draft)).status == 404
    assert a.get("/nop-ho-so/%s?nhap=%s" % (PROC, draft)).status == 200


def test_files_of_deleted_drafts_are_swept(s):
    a = Browser(s)
    a.login(CITIZEN)
    content = PDF + b"%" + uuid.uuid4().hex.encode() + b"\n"  # bytes no other test stores
    import hashlib
    sha = hashlib.sha256(content).hexdigest()
    stored = os.path.join(s.files, sha[:2], sha)
    where = save_draft(a, {"doc_4": ("rieng.pdf", content)})
    assert os.path.exists(stored)
    p = harness.run_cli("jobs", "files", "--min-age", "0", "--files", s.files, db=s.db)
    assert os.path.exists(stored), "a draft still refers to it: " + p.stdout
    assert a.post(where + "/xoa", {"csrf": a.csrf(where), "chac_chan": "1"}).status == 303
    p = harness.run_cli("jobs", "files", "--min-age", "0", "--files", s.files, db=s.db)
    assert not os.path.exists(stored) and "Đã xóa" in p.stdout, p.stdout


def test_wrong_password_is_said_on_the_page(s):
    b = Browser(s)
    r = b.post("/dang-nhap", {"csrf": b.csrf("/dang-nhap"), "username": RECEIVER, "password": "sai-mat-khau"})
    assert r.status == 401, r
    assert is_vietnamese(alert(r) or ""), alert(r)
    html = html_of(r)
    assert 'value="%s"' % RECEIVER in html and "sai-mat-khau" not in html


def test_register_then_my_dossiers(s):
    b = Browser(s)
    token = b.csrf("/dang-ky")
    person = {"name": "Lục Văn Bình", "id_number": "004095003333", "phone": "0977000444", "email": ""}
    r = b.post("/dang-ky", dict(person, csrf=token, password="ngan"))
    assert r.status == 400 and "Mật khẩu phải có từ 8" in (alert(r) or ""), alert(r)
    assert 'value="Lục Văn Bình"' in html_of(r), "what was typed is kept"
    r = b.post("/dang-ky", dict(person, csrf=token, password="MatKhau@2026"))
    assert r.status == 303 and r.header("Location") == "/ho-so-cua-toi?moi_dang_ky=1", r
    r = b.get("/ho-so-cua-toi?moi_dang_ky=1")
    assert r.status == 200 and "Đăng ký thành công" in html_of(r) and "Lục Văn Bình" in html_of(r)
    assert "Bạn chưa nộp hồ sơ nào" in html_of(r)


def test_pages_need_a_login_and_the_right_role(s):
    anon = Browser(s)
    r = anon.get("/ho-so-cua-toi")
    assert r.status == 303 and r.header("Location") == "/dang-nhap?next=%2Fho-so-cua-toi", r.header("Location")
    assert anon.get("/can-bo").status == 303
    r = anon.post_multipart("/nop-ho-so/" + PROC, {"csrf": "x"}, {"doc_4": ("a.pdf", PDF)})
    assert r.status == 303 and r.header("Location").startswith("/dang-nhap"), r
    citizen = Browser(s)
    citizen.login(CITIZEN)
    r = citizen.get("/can-bo")
    assert r.status == 403 and "dành cho cán bộ" in html_of(r)
    officer = Browser(s)
    officer.login(RECEIVER)
    assert officer.get("/nop-ho-so/" + PROC).status == 403
    assert officer.get("/can-bo/thong-ke").status == 200


def save_draft(b, files, step="xem", draft=None):
    fields = {"csrf": b.csrf("/nop-ho-so/" + PROC), "receiving_unit": WARD, "name": "Nguyễn Văn An",
              "id_number": "004090001234", "phone": CITIZEN, "buoc": step}
    if draft:
        fields["nhap"] = draft
    r = b.post_multipart("/nop-ho-so/" + PROC, fields, files)
    assert r.status == 303, (r, alert(r))
    return r.header("Location")


def test_draft_belongs_to_its_citizen_and_submits(s):
    a = Browser(s)
    a.login(CITIZEN)
    where = save_draft(a, {"doc_6": ("căn cước.png", PNG)})
    m = re.fullmatch(r"/ho-so-nhap/(\d+)", where)
    assert m, where
    draft = m.group(1)
    review = html_of(a.get(where))
    assert "căn cước.png" in review and "Phường Thục Phán" in review, review
    assert "Còn 1 giấy tờ bắt buộc chưa có tệp" in review, "the birth certificate"
    # Adding the second file to the same draft, from the form again.
    save_draft(a, {"doc_4": ("giấy chứng sinh.pdf", PDF)}, draft=draft)
    assert "Còn 1 giấy tờ" not in html_of(a.get(where))
    # Without the birth certificate it would say so; the ID card is only shown, never "missing".
    assert "Chưa có tệp (bắt buộc)" not in html_of(a.get(where))
    # Another citizen is not told it exists, and cannot submit or delete it.
    other = Browser(s)
    b_fields = {"name": "Lý Thị Hoa", "id_number": "004190007777", "phone": "0966000555", "password": "MatKhau@2026"}
    assert other.post("/dang-ky", dict(b_fields, csrf=other.csrf("/dang-ky"))).status == 303
    assert other.get(where).status == 404
    token = other.csrf("/ho-so-cua-toi")
    assert other.post(where + "/nop", {"csrf": token}).status == 404
    other.post(where + "/xoa", {"csrf": token})
    assert a.get(where).status == 200, "still there for its owner"
    # Submitted: an online dossier with both files; the draft is gone.
    r = a.post(where + "/nop", {"csrf": a.csrf(where)})
    assert r.status == 303, (r, alert(r))
    code = re.fullmatch(r"/ho-so-cua-toi/([0-9-]+)\?moi=1", r.header("Location")).group(1)
    assert a.get(where).status == 404
    page = html_of(a.get(r.header("Location")))
    assert '<p class="bigcode">%s</p>' % code in page
    d = s.get("/api/v1/dossiers/" + code, token=s.login(CITIZEN)).json()
    assert d["channel"] == "online" and d["state"]["name"] == "submitted", d["state"]
    assert sorted(f["document"] for f in d["files"]) == [4, 6], d["files"]
    assert [x["seq"] for x in d["documents"] if x["provided"]] == [4, 6]


def test_supplement_changes_only_what_was_asked(s):
    a = Browser(s)
    a.login(CITIZEN)
    where = save_draft(a, {"doc_4": ("gcs.pdf", PDF), "doc_6": ("cccd.png", PNG)})
    r = a.post(where + "/nop", {"csrf": a.csrf(where)})
    code = re.match(r"/ho-so-cua-toi/([0-9-]+)", r.header("Location")).group(1)
    officer = Browser(s)
    officer.login(RECEIVER)
    case = "/can-bo/ho-so/" + code
    # Asking without saying what is missing: the page says so, nothing changes.
    r = officer.post(case + "/request_supplement", {"csrf": officer.csrf(case), "reason": "Thiếu"})
    assert r.status == 400 and is_vietnamese(alert(r) or ""), alert(r)
    d = s.get("/api/v1/dossiers/" + code, token=s.login(RECEIVER)).json()
    doc4 = [x["name"] for x in d["documents"] if x["seq"] == 4][0]
    r = officer.post(case + "/request_supplement", {"csrf": officer.csrf(case), "item": doc4, "reason": "Mờ"})
    assert r.status == 303 and r.header("Location") == case + "?xong=request_supplement", r
    mine = "/ho-so-cua-toi/" + code
    page = html_of(a.get(mine))
    assert re.findall(r'type="file" id="(doc_\d+)"', page) == ["doc_4"], "only the document asked for"
    r = a.post_multipart(mine + "/bo-sung", {"csrf": a.csrf(mine)}, {"doc_6": ("khac.png", PNG)})
    assert r.status == 400 and "Chỉ được gửi lại" in (alert(r) or ""), alert(r)
    r = a.post_multipart(mine + "/bo-sung", {"csrf": a.csrf(mine)}, {"doc_4": ("gcs-ro.pdf", PDF + b"%v2\n")})
    assert r.status == 303 and r.header("Location") == mine + "?da_bo_sung=1", (r, alert(r))
    d = s.get("/api/v1/dossiers/" + code, token=s.login(RECEIVER)).json()
    assert d["state"]["name"] == "submitted", d["state"]
    assert sorted(f["name"] for f in d["files"]) == ["cccd.png", "gcs-ro.pdf", "gcs.pdf"], d["files"]


def test_malformed_forms_are_refused(s):
    b = Browser(s)
    b.get("/dang-nhap")
    for body in (b"csrf=%zz&username=a", b"username=%00", b"username=%C3"):
        r = b.s.request("POST", "/dang-nhap", raw=body, headers=b._headers(),
                        ctype="application/x-www-form-urlencoded")
        assert r.status == 400, (body, r)
        assert is_vietnamese(html_of(r))
    r = b.s.request("POST", "/dang-nhap", raw=b'{"username":"a"}', headers=b._headers(), ctype="application/json")
    assert r.status == 415, r


def test_counter_intake_from_the_console(s):
    b = Browser(s)
    b.login(RECEIVER)
    page = html_of(b.get("/can-bo/tiep-nhan?q=" + quote("khai sinh")))
    assert 'href="/can-bo/tiep-nhan?thu_tuc=%s"' % PROC in page
    form = "/can-bo/tiep-nhan?thu_tuc=" + PROC
    fields = {"csrf": b.csrf(form), "procedure": PROC, "name": "Hoàng Thị Mai", "id_number": "004190002222",
              "phone": "0987000111", "doc": ["4"], "outcome": "accept"}
    r = b.post("/can-bo/tiep-nhan", fields)
    assert r.status == 400 and is_vietnamese(alert(r) or ""), alert(r)  # the ID card was not ticked
    assert 'value="4" checked' in html_of(r) and 'value="Hoàng Thị Mai"' in html_of(r), "the form is kept"
    r = b.post("/can-bo/tiep-nhan", dict(fields, doc=["4", "6"]))
    assert r.status == 303 and r.header("Location").endswith("?xong=submit"), (r, alert(r))
    page = html_of(b.get(r.header("Location")))
    assert "Đã tiếp nhận" in page and "Hoàng Thị Mai" in page


def test_inbox_in_pages(s):
    tok = s.login("tiepnhan.nungtricao")
    for i in range(3):
        body = {"procedure": PROC, "applicant": {"name": "Người thứ %d" % i, "id_number": "00419000%04d" % i,
                                                 "phone": "0988000%03d" % i}, "documents": [4, 6], "outcome": "accept"}
        r = s.post("/api/v1/dossiers", body, token=tok)
        assert r.status == 201, r
    box = s.get("/api/v1/inbox?per_page=2", token=tok).json()
    assert (len(box["items"]), box["total"], box["page"], box["pages"]) == (2, 3, 1, 2), box
    assert sum(box["counts"].values()) == 3, box["counts"]
    rest = s.get("/api/v1/inbox?per_page=2&page=2", token=tok).json()
    assert len(rest["items"]) == 1 and rest["items"][0]["code"] not in [x["code"] for x in box["items"]], rest
    expect_error(s.get("/api/v1/inbox?per_page=0", token=tok), 400, field="per_page")
    # Another class asked for: no items, the counts of all classes still there.
    other = s.get("/api/v1/inbox?class=overdue", token=tok).json()
    assert other["items"] == [] and other["total"] == 0 and sum(other["counts"].values()) == 3, other


if __name__ == "__main__":
    harness.main(globals())
