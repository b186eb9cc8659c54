"""The citizen portal's public pages, black-box: HTML from the real server,
escaped, in Vietnamese, small, with the security headers, and the tracking
page telling the state without personal data."""
import re
from urllib.parse import quote

import harness

PROC = "1.001193"
APPLICANT = {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321",
             "address": "Tổ 5, phường Thục Phán"}


def page(s, path, status=200):
    r = s.get(path)
    assert r.status == status, (path, r)
    assert r.header("Content-Type") == "text/html; charset=utf-8", r.headers
    csp = r.header("Content-Security-Policy") or ""
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp
    html = r.body.decode("utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="vi">' in html, html[:200]
    return r, html


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_has_search_fields_hours_and_tracking(s):
    r, html = page(s, "/")
    assert 'action="/thu-tuc"' in html and 'name="q"' in html
    assert 'action="/tra-cuu"' in html and 'name="code"' in html and 'name="key"' in html
    assert '<a href="/thu-tuc?field=H%E1%BB%99%20t%E1%BB%8Bch">Hộ tịch</a>' in html, "field links are URL-encoded"
    rows = re.findall(r'<tr(?: class="today")?><th scope="row">([^<]+)</th><td>([^<]+)', html)
    assert len(rows) == 7, rows
    assert sum(1 for _, h in rows if h == "07:30–11:30, 13:30–17:00") == 5, rows
    assert html.count('class="today"') == 1
    assert "Trung tâm Phục vụ hành chính công tỉnh Cao Bằng" in html
    assert "<title>Trang chủ – Cổng Dịch vụ công tỉnh Cao Bằng</title>" in html


def test_search_without_marks_and_escaped(s):
    r, html = page(s, "/thu-tuc?q=" + quote("dang ky khai sinh"))
    assert '<a href="/thu-tuc/1.001193">Thủ tục đăng ký khai sinh</a>' in html, html
    r, html = page(s, "/thu-tuc?q=" + quote('<script>alert("x")</script>'))
    assert "<script>" not in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html, html
    assert "Không tìm thấy thủ tục nào" in html


def test_procedure_page_in_plain_words(s):
    r, html = page(s, "/thu-tuc/" + PROC)
    words = text_of(html)
    assert "<h1>Thủ tục đăng ký khai sinh</h1>" in html
    assert "Thời hạn giải quyết 1 ngày làm việc" in words, words[:600]
    assert "Trung tâm Phục vụ hành chính công các xã, phường" in words
    assert "kind:" not in html
    assert "Giấy chứng sinh" in words and "bắt buộc" in words
    assert "Căn cứ pháp lý" in words
    r, html = page(s, "/thu-tuc/9.999999", status=404)
    assert "Không tìm thấy thủ tục này" in html


def test_procedure_page_kept_per_version(s):
    """A visitor's procedure page is rendered once per procedure version (web_pages.c keeps it): the second
    answer is the first's bytes, a new version shows at once, a logged-in person gets their own page."""
    from test_catalog import catalog_doc, proc
    admin = s.login("admin")
    doc = catalog_doc([proc("9.000777", "Thủ tục thử trang lưu sẵn Nà Giàng")])
    assert s.post("/api/v1/catalog/import", doc, token=admin).status == 200
    _, first = page(s, "/thu-tuc/9.000777")
    _, again = page(s, "/thu-tuc/9.000777")
    assert again == first and "Thủ tục thử trang lưu sẵn Nà Giàng" in first
    doc["procedures"][0]["name"] = "Thủ tục thử trang lưu sẵn Cốc Xả"
    doc["procedures"][0]["fees"] = [{"name": "Lệ phí", "amount": 12000}]
    assert s.post("/api/v1/catalog/import", doc, token=admin).json()["procedures"]["changed"] == 1
    _, changed = page(s, "/thu-tuc/9.000777")
    assert "Cốc Xả" in changed and "Nà Giàng" not in changed and "12.000 đồng" in text_of(changed), changed[-3000:]
    # Logged in: their own page (their name, a form token), never the visitor's kept one, nor kept for others.
    r = s.get("/thu-tuc/9.000777", token=admin)
    mine = r.body.decode("utf-8")
    assert r.status == 200 and mine != changed and 'name="csrf"' in mine, mine[:2000]
    _, after = page(s, "/thu-tuc/9.000777")
    assert after == changed


def test_fee_amounts_in_words(s):
    # Every fee with an amount is written "50.000 đồng", never as a bare number.
    r = s.get("/api/v1/procedures?per_page=100")
    for hit in r.json()["items"]:
        p = s.get("/api/v1/procedures/" + hit["code"]).json()
        amounts = [f["amount"] for f in p["fees"] if f["amount"]]
        if not amounts:
            continue
        _, html = page(s, "/thu-tuc/" + hit["code"])
        for a in amounts:
            want = "{:,}".format(a).replace(",", ".") + " đồng"
            assert want in html, (hit["code"], want)
        return
    raise AssertionError("no procedure with a fee amount in the demo data")


def test_tracking_page_states_without_personal_data(s):
    token = s.login("tiepnhan.thucphan")
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "channel": "direct", "applicant": APPLICANT,
                                    "documents": [4, 6], "outcome": "accept"}, token=token)
    assert r.status == 201, r
    d = r.json()
    code, key = d["code"], d["tracking_key"]
    r, html = page(s, "/tra-cuu?code=%s&key=%s" % (code, key))
    words = text_of(html)
    assert code in words
    assert "Đã tiếp nhận, chờ cơ quan có thẩm quyền xử lý" in words
    assert "Hẹn trả kết quả " + d["due_at"]["text"] in words, words
    assert "Đang xử lý tại Phường Thục Phán" in words
    for private in (APPLICANT["name"], APPLICANT["id_number"], APPLICANT["phone"], APPLICANT["address"]):
        assert private not in html, private
    # Everything the page needs on the wire, headers included, within one TCP initial window (14 KB).
    wire = 0
    for res in [r, s.get("/static/app.css")] + [s.get(src) for src in re.findall(r'<script src="([^"]+)"', html)]:
        wire += len(res.body) + sum(len(k) + len(v) + 4 for k, v in res.headers) + 17
    assert wire <= 14 * 1024, wire
    assert "<script" not in html, "the tracking page needs no script"
    # the last four digits of the phone open it too; a wrong key is "not found"
    r, html = page(s, "/tra-cuu?code=%s&key=4321" % code)
    assert "Hẹn trả kết quả" in html
    r, html = page(s, "/tra-cuu?code=%s&key=WRONG123" % code, status=404)
    assert 'role="alert"' in html and "Không tìm thấy hồ sơ" in html
    assert "Hẹn trả kết quả" not in html
    r, html = page(s, "/tra-cuu")
    assert 'name="code"' in html and 'role="alert"' not in html


def fresh_page(s, path):
    """The page as a second server process on the same database renders it: nothing kept yet."""
    import os
    import subprocess
    import time
    port = harness.free_port()
    env = dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_WEB=harness.WEB)
    p = subprocess.Popen([harness.BIN, "serve", "--db", s.db, "--files", s.files, "--listen", "127.0.0.1:%d" % port,
                          "--quiet"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import http.client
        deadline = time.time() + 15
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", path)
                r = c.getresponse()
                body = r.read()
                c.close()
                return r.status, body
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        p.terminate()
        assert p.wait(timeout=10) == 0


def test_tracking_page_kept_per_stamp(s):
    """A visitor's tracking page is kept under the dossier's stamp (web_pages.c): at every step of a dossier's
    life the kept page equals what a server with nothing kept renders, and the page with the rating form (it
    holds the browser's token) is never kept."""
    from test_ratings import act, counter_dossier, RECEIVER, SPECIALIST, LEADER
    code, key = counter_dossier(s, "Hà Thị Mai")
    url = "/tra-cuu?code=%s&key=%s" % (code, key)
    short = "/tra-cuu?code=%s&key=4321" % code
    rec, spec, lead = s.login(RECEIVER), s.login(SPECIALIST), s.login(LEADER)
    steps = [("claim", spec, None), ("forward", spec, None), ("claim", lead, None), ("approve", lead, None),
             ("result_ready", rec, None)]
    seen = set()
    for action, token, body in [(None, None, None)] + steps:
        if action:
            act(s, code, action, token, body)
        for path in (url, short):
            first = s.get(path)
            again = s.get(path)
            assert first.status == again.status == 200, (action, first)
            assert again.body == first.body, action
            assert fresh_page(s, path) == (200, first.body), action
            assert first.header("Set-Cookie") is None and again.header("Set-Cookie") is None, action
            seen.add(first.body)
    assert len(seen) >= 5, "each step changes the page"
    # Returned: the page holds the rating form with this browser's token, so it is rendered for each browser.
    act(s, code, "return", rec, {"method": "counter"})
    one, two = s.get(url), s.get(url)
    assert 'name="csrf"' in one.body.decode() and one.header("Set-Cookie"), one.body[-2000:]
    assert one.body != two.body, "a page with a form token must not be kept for others"
    # Nor when the browser already has its cookie (no Set-Cookie then): another browser gets its own token.
    cookie_a = one.header("Set-Cookie").split(";")[0]
    cookie_b = two.header("Set-Cookie").split(";")[0]
    a1 = s.get(url, headers={"Cookie": cookie_a})
    a2 = s.get(url, headers={"Cookie": cookie_a})
    b1 = s.get(url, headers={"Cookie": cookie_b})
    assert a1.header("Set-Cookie") is None and a1.body == a2.body, a1.headers
    assert b1.body != a1.body, "one browser's form token served to another"
    # Rated: no form any more; kept again, and equal to a fresh rendering.
    r = s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "satisfied",
                                                   "answers": {"convenience": "satisfied", "general": "satisfied"}})
    assert r.status == 201, r
    first, again = s.get(url), s.get(url)
    assert 'name="csrf"' not in first.body.decode() and again.body == first.body
    assert fresh_page(s, url) == (200, first.body)
    # Logged in: never the visitor's kept page.
    mine = s.get(url, token=rec)
    assert mine.status == 200 and mine.body != first.body


def test_static_css_cached_with_etag(s):
    r = s.get("/static/app.css")
    assert r.status == 200 and r.header("Content-Type") == "text/css; charset=utf-8", r.headers
    assert "max-age" in r.header("Cache-Control")
    etag = r.header("ETag")
    assert etag and etag.startswith('"'), etag
    again = s.get("/static/app.css", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"", again
    r, html = page(s, "/static/../../etc/passwd", status=404)
    assert "root:" not in html
    r, html = page(s, "/static/nope.css", status=404)
    r, html = page(s, "/khong-co-trang-nay", status=404)
    assert "Không tìm thấy trang này" in html
    assert s.get("/api/v1/khong-co").header("Content-Type").startswith("application/json")


def test_pages_are_not_in_the_api_description(s):
    doc = s.get("/api/v1/openapi.json").json()
    assert "/" not in doc["paths"] and "/tra-cuu" not in doc["paths"], list(doc["paths"])[:5]
    assert s.get("/api/v1").json(), "the API index moved to /api/v1"


if __name__ == "__main__":
    harness.main(globals())
