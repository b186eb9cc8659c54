"""The pages of citizens' feedback (phản ánh, kiến nghị), black-box: a person sends one without an
account and keeps the values and reads the message beside the field when it is refused, gets the
code and tracking key, tracks it; officers list, accept, refuse (a reason is required), transfer
and answer through the pages' forms, record counter and phone feedback; the sender rates the
answer once; the published list has no personal data; CSRF on every form."""
import re
from datetime import datetime, timedelta
from urllib.parse import quote

import harness
from harness import is_vietnamese
from test_web_forms import Browser, html_of

RECEIVER = "tiepnhan.thucphan"
SPECIALIST = "chuyenvien.thucphan"
SUPERVISOR = "giamsat"
CITIZEN = "0912345678"
WARD = "01273"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def send(b, **over):
    """Sends the portal's form; the response."""
    fields = {"csrf": b.csrf("/phan-anh"), "name": "Hoàng Thị Mai", "phone": "0912 000 111",
              "email": "mai@example.vn", "address": "Tổ 3, phường Thục Phán", "title": "Đèn đường hỏng",
              "content": "Đèn đường tổ 3 hỏng đã hai tuần. Liên hệ 0912000111.", "unit": WARD,
              "consent_publish": "1"}
    fields.update(over)
    return b.post("/phan-anh", {k: v for k, v in fields.items() if v is not None})


def sent(b, **over):
    """Sends one that goes through; (code, key)."""
    r = send(b, **over)
    assert r.status == 303, (r, html_of(r)[-1500:])
    m = re.match(r"/phan-anh/da-gui\?code=(PA-[0-9A-Z-]+)&key=([0-9A-Z]{8})$", r.header("Location"))
    assert m, r.header("Location")
    return m.group(1), m.group(2)


def act(b, code, action, **fields):
    fields["csrf"] = b.csrf("/can-bo/phan-anh/" + code)
    return b.post("/can-bo/phan-anh/%s/%s" % (code, action), fields)


def test_a_refused_form_keeps_the_values_and_says_why_beside_the_field(s):
    b = Browser(s)
    r = send(b, phone=None, email=None, address=None)
    assert r.status == 400, r
    html = html_of(r)
    m = re.search(r'<p class="alert" id="loi-phone">([^<]+)</p>', html)
    assert m and is_vietnamese(m.group(1)) and "số điện thoại" in m.group(1), html[-3000:]
    assert 'id="fb-phone"' in html and 'aria-invalid="true" ' not in html.split('id="fb-name"')[1][:200]
    assert re.search(r'id="fb-phone"[^>]*aria-invalid="true"', html), "the field is marked"
    assert 'value="Hoàng Thị Mai"' in html and 'value="Đèn đường hỏng"' in html, "values kept"
    assert "Đèn đường tổ 3 hỏng đã hai tuần." in html
    assert '<option value="01273" selected>' in html, "the unit chosen is kept"
    assert re.search(r'name="consent_publish" value="1" checked', html), "the consent kept"
    # No unit chosen: the message beside the unit.
    r = send(b, unit="")
    assert r.status == 400 and 'id="loi-unit"' in html_of(r), html_of(r)[-2000:]
    # Without the page's token nothing is sent.
    r = b.post("/phan-anh", {"name": "X", "title": "Y", "content": "Z", "unit": WARD, "phone": "0912000111"})
    assert r.status == 403, r


def test_the_code_and_key_then_tracking(s):
    b = Browser(s)
    code, key = sent(b)
    html = html_of(b.get("/phan-anh/da-gui?code=%s&key=%s" % (code, key)))
    assert '<strong id="ma-phan-anh">%s</strong>' % code in html and '<strong id="ma-tra-cuu">%s</strong>' % key in html
    assert "Hãy ghi lại hai mã này" in html and "Hạn trả lời" in html
    assert 'href="/phan-anh/tra-cuu?code=%s&amp;key=%s"' % (code, key) in html
    # Typed with spaces and in small letters: the page reads it as the API does.
    r = b.get("/phan-anh/tra-cuu?code=%s&key=%s" % (quote(" " + code.lower() + " "), key.lower()))
    assert r.status == 303 and r.header("Location") == "/phan-anh/tra-cuu?code=%s&key=%s" % (code, key), r
    words = text_of(html_of(b.get(r.header("Location"))))
    assert "Chờ tiếp nhận, phân loại" in words and "Phường Thục Phán" in words, words
    assert "Bạn có hài lòng" not in words
    # The last four digits of the phone work as the key; a wrong key is a 404 in Vietnamese.
    assert "Chờ tiếp nhận" in html_of(b.get("/phan-anh/tra-cuu?code=%s&key=0111" % code))
    r = b.get("/phan-anh/tra-cuu?code=%s&key=ZZZZZZZZ" % code)
    assert r.status == 404 and "Không tìm thấy phản ánh" in html_of(r)


def test_officers_accept_answer_and_the_sender_rates_once(s):
    b = Browser(s)
    code, key = sent(b, title="Xin hướng dẫn thủ tục", content="Gọi tôi 0912 000 111 hoặc mai@example.vn")
    o = Browser(s)
    o.login(RECEIVER)
    lst = html_of(o.get("/can-bo/phan-anh"))
    assert 'href="/can-bo/phan-anh/%s"' % code in lst and "Phường Thục Phán" in lst, lst[-3000:]
    assert 'href="/can-bo/phan-anh/moi"' in lst
    assert 'href="/can-bo/phan-anh/%s"' % code in html_of(o.get("/can-bo/phan-anh?state=received"))
    assert 'href="/can-bo/phan-anh/%s"' % code not in html_of(o.get("/can-bo/phan-anh?state=answered"))
    page = html_of(o.get("/can-bo/phan-anh/" + code))
    words = text_of(page)
    assert "Hoàng Thị Mai" in words and "0912000111" in words and "mai@example.vn" in words, "the sender's contact"
    assert "<strong class=\"key\">%s</strong>" % key in page, "the key to give the sender"
    for a in ("accept", "refuse", "transfer"):
        assert 'action="/can-bo/phan-anh/%s/%s"' % (code, a) in page, a
    assert "/answer\"" not in page, "answered only once accepted"
    # A refusal without a reason: the message beside the reason, the form open.
    r = act(o, code, "refuse", reason="")
    html = html_of(r)
    assert r.status == 400, r
    m = re.search(r'<p class="alert" id="loi-refuse-reason">([^<]+)</p>', html)
    assert m and "lý do" in m.group(1), html[-4000:]
    assert re.search(r'<details class="act" open>\s*<summary>Không tiếp nhận', html)
    # Accept without a topic; then with one.
    r = act(o, code, "accept")
    assert r.status == 400 and 'id="loi-accept-topic"' in html_of(r)
    r = act(o, code, "accept", topic="handling")
    assert r.status == 303 and r.header("Location") == "/can-bo/phan-anh/%s?xong=accept" % code, r
    page = html_of(o.get(r.header("Location")))
    assert "Đã tiếp nhận và phân loại" in page and "Việc giải quyết thủ tục hành chính" in page
    assert 'name="publish" value="1" checked' in page, "publication offered: the sender agreed"
    # The answer, published.
    r = act(o, code, "answer", reply="Đề nghị bà liên hệ bộ phận một cửa, số 0206 3852 111.", publish="1")
    assert r.status == 303, (r, html_of(r)[-2000:])
    page = html_of(o.get("/can-bo/phan-anh/" + code))
    assert "Đã trả lời" in page and "đúng hạn" in page and "Đã công khai" in page
    assert "Tiếp nhận, phân loại" in page and "Trả lời" in page, "the journal"
    # The sender tracks, sees the answer, rates it once.
    t = Browser(s)
    track = "/phan-anh/tra-cuu?code=%s&key=%s" % (code, key)
    html = html_of(t.get(track))
    assert "Đề nghị bà liên hệ bộ phận một cửa" in html and "Bạn có hài lòng với câu trả lời không?" in html
    token = t.csrf(track)
    r = t.post("/phan-anh/tra-cuu/danh-gia", {"csrf": token, "code": code, "key": key, "satisfied": "co"})
    assert r.status == 303 and "da_danh_gia=1" in r.header("Location"), r
    html = html_of(t.get(track + "&da_danh_gia=1"))
    assert "Cảm ơn bạn" in html and "<strong>Hài lòng</strong>" in html
    assert "Bạn có hài lòng với câu trả lời không?" not in html, "the form is gone"
    r = t.post("/phan-anh/tra-cuu/danh-gia", {"csrf": token, "code": code, "key": key, "satisfied": "khong"})
    assert r.status == 409 and is_vietnamese(html_of(r)), r
    assert s.get("/api/v1/track-feedback/%s?key=%s" % (code, key)).json()["satisfied"] is True
    # The published answer, without the sender's name, phone or e-mail.
    pub = html_of(Browser(s).get("/phan-anh/da-tra-loi"))
    assert "Xin hướng dẫn thủ tục" in pub and "Đề nghị bà liên hệ bộ phận một cửa" in pub, pub[-2000:]
    for private in ("Hoàng Thị Mai", "0912 000 111", "0912000111", "mai@example.vn", key):
        assert private not in pub, private


def test_transfer_and_who_may_act(s):
    b = Browser(s)
    code, _ = sent(b, consent_publish=None, title="Đường liên xã sạt lở")
    o = Browser(s)
    o.login(RECEIVER)
    r = act(o, code, "transfer", unit="S07", reason="")
    assert r.status == 400 and 'id="loi-transfer-reason"' in html_of(r)
    assert '<option value="S07" selected>' in html_of(r), "the unit chosen is kept"
    r = act(o, code, "transfer", unit="S07", reason="Thuộc thẩm quyền Sở Xây dựng")
    assert r.status == 303, (r, html_of(r)[-2000:])
    page = html_of(o.get("/can-bo/phan-anh/" + code))
    assert "Sở Xây dựng" in page and "Chuyển đến cơ quan có thẩm quyền" in page
    assert 'action="/can-bo/phan-anh/%s/' % code not in page, "the ward no longer acts on it"
    # A supervisor reads, acts on nothing; a citizen is no officer.
    g = Browser(s)
    g.login(SUPERVISOR)
    page = html_of(g.get("/can-bo/phan-anh/" + code))
    assert "Đường liên xã sạt lở" in page and "Bạn chỉ được xem phản ánh này." in page
    c = Browser(s)
    c.login(CITIZEN)
    assert c.get("/can-bo/phan-anh").status == 403
    # Not consented: no publication offered when answering.
    t = Browser(s)
    code2, _ = sent(t, consent_publish=None)
    act(o, code2, "accept", topic="regulation")
    page = html_of(o.get("/can-bo/phan-anh/" + code2))
    assert 'name="publish"' not in page and "không đồng ý công khai" in page


def test_counter_and_phone_feedback(s):
    o = Browser(s)
    o.login(RECEIVER)
    form = html_of(o.get("/can-bo/phan-anh/moi"))
    assert '<option value="01273" selected>' in form and 'value="phone"' in form
    r = o.post("/can-bo/phan-anh/moi", {"csrf": o.csrf("/can-bo/phan-anh/moi"), "channel": "phone",
                                        "name": "Lưu Văn Hùng", "phone": "0977 111 222", "title": "Hỏi về lệ phí",
                                        "content": "Ông hỏi lệ phí cấp bản sao", "unit": WARD})
    assert r.status == 303 and r.header("Location").endswith("?moi=1"), (r, html_of(r)[-2000:])
    code = re.search(r"/can-bo/phan-anh/(PA-[0-9A-Z-]+)\?moi=1", r.header("Location")).group(1)
    page = html_of(o.get(r.header("Location")))
    assert "Đã ghi nhận phản ánh" in page and re.search(r'<strong class="key">[0-9A-Z]{8}</strong>', page)
    assert "qua điện thoại" in page
    # Errors keep the values and the channel.
    r = o.post("/can-bo/phan-anh/moi", {"csrf": o.csrf("/can-bo/phan-anh/moi"), "channel": "phone",
                                        "name": "Lưu Văn Hùng", "title": "Hỏi", "content": "Nội dung", "unit": WARD})
    html = html_of(r)
    assert r.status == 400 and 'id="loi-phone"' in html and 'value="Lưu Văn Hùng"' in html
    assert re.search(r'value="phone" checked', html)
    # A specialist does not record; the citizen's portal form is not for officers.
    sp = Browser(s)
    sp.login(SPECIALIST)
    assert sp.get("/can-bo/phan-anh/moi").status == 403
    assert "Ghi nhận phản ánh, kiến nghị" in html_of(o.get("/phan-anh")) and 'action="/phan-anh"' not in html_of(
        o.get("/phan-anh"))
    assert code


def test_alert_badges_and_the_refusal_limit(_):
    # Monday 02/03/2026 09:00; the deadline job marks the item due soon, then overdue (escalated).
    with harness.clock_server("2026-03-02T09:00:00+07:00") as s:
        b = Browser(s)
        code, key = sent(b)
        due = s.get("/api/v1/track-feedback/%s?key=%s" % (code, key)).json()["deadlines"]["answer"]["iso"]
        o = Browser(s)
        o.login(RECEIVER)
        page = html_of(o.get("/can-bo/phan-anh/" + code))
        assert 'action="/can-bo/phan-anh/%s/refuse"' % code in page and "quá hạn xem xét" not in page
        soon = (datetime.fromisoformat(due) - timedelta(hours=1)).isoformat()
        s.clock.set(soon)
        harness.run_cli("jobs", "deadlines", "--at", soon, db=s.db)
        lst = html_of(o.get("/can-bo/phan-anh"))
        assert '<span class="badge cls-due_soon">Sắp đến hạn trả lời</span>' in lst, lst[-2000:]
        page = html_of(o.get("/can-bo/phan-anh/" + code))
        assert 'action="/can-bo/phan-anh/%s/refuse"' % code not in page, "past the refusal limit"
        assert "Đã quá hạn xem xét, tiếp nhận" in page
        assert 'action="/can-bo/phan-anh/%s/accept"' % code in page
        late = (datetime.fromisoformat(due) + timedelta(hours=1)).isoformat()
        s.clock.set(late)
        harness.run_cli("jobs", "deadlines", "--at", late, db=s.db)
        lst = html_of(o.get("/can-bo/phan-anh"))
        assert '<span class="badge cls-overdue">Quá hạn trả lời</span>' in lst, lst[-2000:]
        words = text_of(html_of(o.get("/can-bo/phan-anh/" + code)))
        assert "Quá hạn trả lời" in words and "Đã báo cơ quan cấp trên Tỉnh Cao Bằng" in words, words
        assert "Quá hạn trả lời: báo cơ quan cấp trên → Tỉnh Cao Bằng" in words and "Hệ thống (tự động)" in words


def test_nav_links(s):
    assert 'href="/phan-anh"' in html_of(Browser(s).get("/"))
    o = Browser(s)
    o.login(RECEIVER)
    assert '<a class="nowrap" href="/can-bo/phan-anh">Phản ánh, kiến nghị</a>' in html_of(o.get("/can-bo"))


if __name__ == "__main__":
    harness.main(globals())
