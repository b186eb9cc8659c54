"""Every free-text field has a stated limit, black-box: one past its limit is
a 400 naming the field, with the limit, and nothing is stored; a value at the
limit in Vietnamese (3 bytes a character) is taken whole, because limits count
characters; and the portal's forms carry the same limits as maxlength."""
import re

import harness
from harness import expect_error
from test_web_forms import CITIZEN, PROC, RECEIVER, Browser, alert, html_of

# The limits the API states (src/domain/field_limits.c), in characters.
LIMITS = {"name": 200, "id_number": 20, "phone": 20, "email": 254, "address": 500, "username": 254, "password": 256,
          "note": 2000, "reason": 2000, "items": 2000, "procedure": 64, "channel": 16, "outcome": 16,
          "receiving_unit": 64, "competent_unit": 64, "unit": 64, "parent": 64, "code": 64, "kind": 32, "method": 16,
          "key": 16, "q": 200, "source": 1000, "active_from": 10, "active_to": 10, "bin": 6, "bank": 200,
          "account": 19, "hours": 500, "valid_from": 10, "valid_to": 10, "date": 10}
APPLICANT = {"name": "Vi Thị Dài", "id_number": "004190001111", "phone": "0987000111", "address": "Thôn Nà Lẹng"}
WORD = "ệ"  # 3 bytes in UTF-8, one character


def over(key):
    return "x" * (LIMITS[key] + 1)


def too_long(resp, field, key):
    e = expect_error(resp, 400, field=field)
    assert "tối đa %d ký tự" % LIMITS[key] in e["message"] and field in e["message"], e
    return e


def rows(s, *tables):
    return tuple(harness.count_rows(s.db, t) for t in tables)


def with_path(body, path, value):
    """A copy of body with body[a][b] (path "a.b") or body[a] set to value."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in body.items()}
    parts = path.split(".")
    if len(parts) == 2:
        out.setdefault(parts[0], {})[parts[1]] = value
    else:
        out[parts[0]] = value
    return out


def test_dossier_intake_fields(s):
    rcv, cit = s.login(RECEIVER), s.login(CITIZEN)
    counter = {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "supplement",
               "items": ["Bản sao giấy chứng sinh"], "reason": "Thiếu", "note": "Ghi chú",
               "representative": {"name": "Vi Văn Thay", "address": "Thôn Nà Lẹng"}}
    before = rows(s, "dossiers", "journal", "dossier_requests")
    for path in ("applicant.name", "applicant.id_number", "applicant.phone", "applicant.email", "applicant.address",
                 "representative.name", "representative.address", "note", "reason", "procedure", "channel",
                 "outcome", "receiving_unit", "competent_unit"):
        key = path.split(".")[-1]
        too_long(s.post("/api/v1/dossiers", with_path(counter, path, over(key)), token=rcv), path, key)
    too_long(s.post("/api/v1/dossiers", dict(counter, items=["ok", over("items")]), token=rcv), "items", "items")
    # The case reported: 130 KB of address and of note, online.
    online = {"procedure": PROC, "channel": "online", "receiving_unit": "01273", "documents": [4, 6],
              "applicant": dict(APPLICANT, phone=CITIZEN)}
    big = "Số 1 đường Hoàng Đình Giong " * 5000
    too_long(s.post("/api/v1/dossiers", with_path(online, "applicant.address", big), token=cit), "applicant.address",
             "address")
    too_long(s.post("/api/v1/dossiers", dict(online, note=big), token=cit), "note", "note")
    assert rows(s, "dossiers", "journal", "dossier_requests") == before, "nothing stored"
    # At the limit, in Vietnamese: taken whole.
    at = dict(online, note=WORD * LIMITS["note"],
              applicant=dict(online["applicant"], name=WORD * LIMITS["name"], address=WORD * LIMITS["address"]))
    r = s.post("/api/v1/dossiers", at, token=cit)
    assert r.status == 201, r
    d = r.json()
    assert d["applicant"]["name"] == WORD * 200 and d["applicant"]["address"] == WORD * 500, d["applicant"]


def test_action_fields(s):
    rcv = s.login(RECEIVER)
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"},
               token=rcv)
    code = r.json()["code"]
    before = rows(s, "journal", "dossier_requests")
    for key in ("note", "reason", "unit", "method"):
        too_long(s.post("/api/v1/dossiers/%s/actions/request_supplement" % code,
                        {"items": ["a"], "reason": "b", key: over(key)}, token=rcv), key, key)
    too_long(s.post("/api/v1/dossiers/%s/actions/request_supplement" % code, {"items": [over("items")], "reason": "b"},
                    token=rcv), "items", "items")
    too_long(s.post("/api/v1/dossiers/%s/actions/stop" % code, {"reason": "x" * 130000}, token=rcv), "reason", "reason")
    assert rows(s, "journal", "dossier_requests") == before
    r = s.post("/api/v1/dossiers/%s/actions/request_supplement" % code,
               {"items": [WORD * 2000], "reason": WORD * 2000}, token=rcv)
    assert r.status == 200, r
    # Searching: the key words have a limit too.
    too_long(s.get("/api/v1/dossiers?q=" + over("q"), token=rcv), "q", "q")
    too_long(s.get("/api/v1/inbox?q=" + over("q"), token=rcv), "q", "q")


def test_account_and_administration_fields(s):
    reg = {"name": "Hà Thị Giới", "id_number": "004190001010", "phone": "0966001010", "email": "gioi@example.vn",
           "username": "ha.thi.gioi", "password": "MatKhau@2026"}
    before = rows(s, "users")
    for key in ("name", "id_number", "phone", "email", "username", "password"):
        too_long(s.post("/api/v1/auth/register", dict(reg, **{key: over(key)})), key, key)
    expect_error(s.post("/api/v1/auth/register", dict(reg, password=WORD * 257)), 400, field="password")
    too_long(s.post("/api/v1/auth/login", {"username": over("username"), "password": "x"}), "username", "username")
    admin = s.login("admin")
    user = {"username": "canbo.gioihan", "name": "Cán Bộ", "unit": "01273", "roles": ["receiver"],
            "password": "MatKhau@2026", "phone": "0966002020", "email": "cb@example.vn", "id_number": "004190002020"}
    for key in ("username", "name", "unit", "phone", "email", "id_number", "password"):
        too_long(s.post("/api/v1/users", dict(user, **{key: over(key)}), token=admin), key, key)
    assert rows(s, "users") == before
    units_before = rows(s, "units")
    unit = {"code": "01998", "name": "Xã Giới Hạn", "kind": "commune", "parent": "04", "active_from": "2026-01-01",
            "active_to": "2026-12-31", "source": "Nghị quyết"}
    for key in ("code", "name", "kind", "parent", "active_from", "active_to", "source"):
        too_long(s.post("/api/v1/units", dict(unit, **{key: over(key)}), token=admin), key, key)
    assert rows(s, "units") == units_before
    acct = {"bin": "970436", "bank": "Vietcombank", "account": "0881000458086", "name": "UBND PHUONG THUC PHAN"}
    for key in ("bin", "bank", "account", "name"):
        too_long(s.request("PUT", "/api/v1/units/01273/bank-account", body=dict(acct, **{key: over(key)}), token=admin),
                 key, key)
    got = s.get("/api/v1/units/01273/bank-account", token=admin).json()
    assert got.get("unit") != "01273", ("no account was stored for the ward; it inherits the province's", got)
    day = {"kind": "off", "name": "Nghỉ thử", "source": "Quyết định"}
    for key in ("kind", "name", "source"):
        too_long(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body=dict(day, **{key: over(key)}),
                           token=admin), key, key)
    sched = {"name": "Hè", "valid_from": "04-15", "valid_to": "10-14", "hours": "1-5=07:00-11:00"}
    for key in ("name", "valid_from", "valid_to", "hours"):
        too_long(s.post("/api/v1/calendar/schedules", dict(sched, **{key: over(key)}), token=admin), key, key)
    holidays = s.get("/api/v1/calendar/holidays?year=2026").json()["days"]
    assert not any(x["date"] == "2026-03-04" for x in holidays)
    assert not any(x["name"] == "Hè" for x in s.get("/api/v1/calendar/schedules").json()["items"])


def test_draft_fields_on_the_portal(s):
    b = Browser(s)
    b.login(CITIZEN)
    page = "/nop-ho-so/" + PROC
    fields = {"csrf": b.csrf(page), "receiving_unit": "01273", "name": "Nguyễn Văn An", "id_number": "004090001234",
              "phone": CITIZEN, "buoc": "luu"}
    before = rows(s, "drafts")
    for key, value in (("address", "Số 1 " * 600), ("note", "x" * 2001), ("name", "x" * 201)):
        r = b.post_multipart(page, dict(fields, **{key: value}), {})
        assert r.status == 400, (key, r)
        field = key if key == "note" else "applicant." + key
        assert field in alert(r) and "tối đa %d ký tự" % LIMITS[key] in alert(r), alert(r)
    # 130 KB in one field stops at the form reader already (64 KiB a field): 413 naming the field.
    r = b.post_multipart(page, dict(fields, address="Số 1 " * 30000), {})
    assert r.status == 413 and "address" in alert(r), (r, alert(r))
    assert rows(s, "drafts") == before, "no draft saved"
    # A refused action on the console says which field, on the page.
    o = Browser(s)
    o.login(RECEIVER)
    code = s.post("/api/v1/dossiers", {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6],
                                       "outcome": "accept"}, token=s.login(RECEIVER)).json()["code"]
    case = "/can-bo/ho-so/" + code
    r = o.post(case + "/stop", {"csrf": o.csrf(case), "reason": "x" * 2001})
    assert r.status == 400 and "reason" in alert(r) and "2000" in alert(r), (r, alert(r))


def check_form_limits(html, where):
    """Every text field of a page's forms carries maxlength, with the API's limit for its name."""
    inputs = re.findall(r"<(?:input|textarea)\b[^>]*>", html)
    found = 0
    for tag in inputs:
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("hidden", "file", "checkbox", "radio", "submit"):
            continue
        name = re.search(r'name="([^"]+)"', tag).group(1)
        m = re.search(r'maxlength="(\d+)"', tag)
        assert m, (where, tag)
        expected = {"items_other": "items", "ten": "name", "tu": "date", "den": "date", "sang": "hours",
                    "chieu": "hours", "date": "date"}.get(name, name)
        if expected in LIMITS:
            assert int(m.group(1)) == LIMITS[expected], (where, tag)
        found += 1
    return found


def test_forms_carry_the_limits(s):
    anon = Browser(s)
    n = sum(check_form_limits(html_of(anon.get(p)), p) for p in ("/", "/dang-ky", "/dang-nhap", "/tra-cuu"))
    cit = Browser(s)
    cit.login(CITIZEN)
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "channel": "online", "receiving_unit": "01273", "documents": [4, 6],
                                    "applicant": dict(APPLICANT, phone=CITIZEN)}, token=s.login(CITIZEN))
    code = r.json()["code"]
    for p in ("/nop-ho-so/" + PROC, "/ho-so-cua-toi/" + code):
        n += check_form_limits(html_of(cit.get(p)), p)
    off = Browser(s)
    off.login(RECEIVER)
    for p in ("/can-bo", "/can-bo/tiep-nhan?thu_tuc=" + PROC, "/can-bo/ho-so/" + code, "/can-bo/thong-ke"):
        n += check_form_limits(html_of(off.get(p)), p)
    adm = Browser(s)
    adm.login("admin")
    for p in ("/quan-tri/don-vi", "/quan-tri/nguoi-dung", "/quan-tri/lich"):
        n += check_form_limits(html_of(adm.get(p)), p)
    assert n >= 40, n
    assert 'maxlength="500"' in html_of(cit.get("/nop-ho-so/" + PROC)), "the address"


if __name__ == "__main__":
    harness.main(globals())
