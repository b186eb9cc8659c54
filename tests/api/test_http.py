"""HTTP layer: every class of bad input gets the one JSON error shape,
limits hold and the server keeps serving, OpenAPI matches the route table,
failed writes leave nothing behind, concurrent use stays consistent."""
import json
import threading
from urllib.parse import quote, urlencode

import harness
from harness import expect_error, is_vietnamese, raw_http, run_cli

LOGIN = "/api/v1/auth/login"


def alive(s):
    r = s.get("/api/v1/health")
    assert r.status == 200 and r.json()["status"] == "ok", r


def test_malformed_json_is_400(s):
    for raw in [b'{"username":', b"{username: 'admin'}", b'{"username":"admin",}', b"\x7b\x7d\x7d",
                b'{"username":"ad\\u0000min","password":"x"}',
                b'{"username":"admin","username":"x","password":"y"}',  # duplicate key
                b"[" * 60000]:  # deep nesting, under the 64 KiB a body without a session may have
        e = expect_error(s.request("POST", LOGIN, raw=raw, ctype="application/json"), 400)
        assert e["code"] == "invalid_input" and is_vietnamese(e["message"]), (raw[:40], e)
    e = expect_error(s.request("POST", LOGIN, raw=b"", ctype="application/json"), 400)
    assert is_vietnamese(e["message"]), e
    alive(s)


def test_json_that_is_not_an_object_is_400(s):
    for raw in [b"[1,2]", b'"admin"', b"42", b"null", b"true", b'[{"username":"admin"}]']:
        e = expect_error(s.request("POST", LOGIN, raw=raw, ctype="application/json"), 400)
        assert is_vietnamese(e["message"]), (raw, e)
    admin = s.login("admin")
    expect_error(s.request("POST", "/api/v1/users", raw=b"[]", ctype="application/json", token=admin), 400)
    expect_error(s.request("POST", "/api/v1/catalog/import", raw=b"[]", ctype="application/json", token=admin),
                 400)


def test_wrong_types_name_the_field(s):
    e = expect_error(s.post(LOGIN, {"username": 12, "password": "x"}), 400, field="username")
    assert is_vietnamese(e["message"]), e
    expect_error(s.post(LOGIN, {"username": ["admin"], "password": "x"}), 400, field="username")
    expect_error(s.post(LOGIN, {"username": "admin", "password": 2026}), 400, field="password")
    expect_error(s.post(LOGIN, {"username": "admin"}), 400, field="password")
    expect_error(s.post(LOGIN, {"password": "x"}), 400, field="username")
    admin = s.login("admin")
    expect_error(s.post("/api/v1/units", {"code": 1999, "name": "X", "kind": "commune"}, token=admin), 400,
                 field="code")
    expect_error(s.post("/api/v1/users", {"username": "a.b", "name": {"ho": "Lê"}, "unit": "04", "roles": ["admin"],
                                          "password": "MatKhau@2026"}, token=admin), 400, field="name")
    expect_error(s.post("/api/v1/auth/register", {"name": "A", "id_number": 4090001234, "phone": "0987000333",
                                                  "password": "MatKhau@2026"}), 400, field="id_number")
    expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body={"kind": 1, "name": "x"},
                           token=admin), 400, field="kind")
    expect_error(s.post("/api/v1/calendar/schedules", {"name": "Hè", "valid_from": "04-15", "valid_to": "10-14",
                                                       "hours": 7}, token=admin), 400, field="hours")


def test_invalid_utf8_in_body_is_400(s):
    for raw in [b'{"username":"\xff","password":"x"}', b'{"username":"admin","password":"\xc3"}',
                b'{"username":"\xed\xa0\x80","password":"x"}',  # a UTF-16 surrogate
                b'{"username":"\xc0\xaf","password":"x"}']:  # overlong "/"
        e = expect_error(s.request("POST", LOGIN, raw=raw, ctype="application/json"), 400)
        assert is_vietnamese(e["message"]), (raw, e)
    admin = s.login("admin")
    r = s.request("POST", "/api/v1/calendar/import", raw=b"2026-03-10,off,Ng\xe0y l\xe1\n", ctype="text/csv",
                  token=admin)
    expect_error(r, 400)
    assert not [x for x in s.get("/api/v1/calendar/holidays?year=2026").json()["days"] if x["date"] == "2026-03-10"]


def test_invalid_utf8_in_query_or_path_is_400(s):
    e = expect_error(s.get("/api/v1/procedures?q=%FF"), 400, field="q")
    assert is_vietnamese(e["message"]), e
    expect_error(s.get("/api/v1/procedures?q=%C3"), 400, field="q")
    expect_error(s.get("/api/v1/procedures?field=ho%ED%A0%80tich"), 400, field="field")
    expect_error(s.get("/api/v1/calendar/deadline?from=2026-03-02T09:00:00%2B07:00&amount=1&unit=%FF"), 400)
    expect_error(s.get("/api/v1/procedures/%FF"), 400)
    expect_error(s.get("/api/v1/units/%C3%28"), 400)
    # Valid percent-encoded UTF-8 is fine.
    r = s.get("/api/v1/procedures?q=" + quote("đăng ký khai sinh"))
    assert r.status == 200 and r.json()["items"][0]["code"] == "1.001193", r


def test_body_over_the_limit_is_413(s):
    # Without a session the anonymous limit holds; an import by a logged-in user has its own (--max-body).
    with harness.own_server(["--max-anon-body", "2048", "--max-body", "2048"]) as s2:
        body = json.dumps({"username": "admin", "password": harness.DEMO_PASSWORD}).encode()
        exact = body[:-1] + b" " * (2048 - len(body)) + b"}"
        assert len(exact) == 2048
        r = s2.request("POST", LOGIN, raw=exact, ctype="application/json")
        assert r.status == 200, r  # at the limit: accepted
        r = s2.request("POST", LOGIN, raw=b"{" + b" " * 4094 + b"}", ctype="application/json")
        e = expect_error(r, 413)
        assert e["code"] == "too_large" and is_vietnamese(e["message"]), e
        expect_error(s2.request("POST", LOGIN, raw=exact + b" ", ctype="application/json"), 413)
        # Without Content-Length (chunked), the limit holds as well.
        data = b"{" + b" " * 4094 + b"}"
        req = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
               b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        for i in range(0, len(data), 1000):
            chunk = data[i:i + 1000]
            req += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        req += b"0\r\n\r\n"
        status, reply = raw_http(s2.port, req)
        assert status == 413, reply[:300]
        # A 4 KiB calendar CSV too.
        admin = s2.login("admin")
        csv = "date,kind,name,source\n" + "".join("2027-03-%02d,off,Nghỉ thử %s,\n" % (d, "x" * 150)
                                                   for d in range(1, 29))
        assert len(csv.encode()) > 4096
        expect_error(s2.request("POST", "/api/v1/calendar/import", raw=csv.encode(), ctype="text/csv",
                                token=admin), 413)
        assert s2.get("/api/v1/calendar/holidays?year=2027").json()["status"] == "proposed"
        alive(s2)
        # The message states the real limit, not "0 MB" (checked last).
        assert " 0 MB" not in e["message"] and " 0 MiB" not in e["message_en"], e


def test_wrong_content_type_is_415(s):
    body = json.dumps({"username": "admin", "password": harness.DEMO_PASSWORD}).encode()
    for ctype in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "text/csv", "application/xml"]:
        e = expect_error(s.request("POST", LOGIN, raw=body, ctype=ctype), 415)
        assert e["code"] == "unsupported_media_type" and is_vietnamese(e["message"]), (ctype, e)
    admin = s.login("admin")
    expect_error(s.request("POST", "/api/v1/users", raw=b"{}", ctype="text/plain", token=admin), 415)
    expect_error(s.request("POST", "/api/v1/calendar/import", raw=b"2026-03-10,off,X\n",
                           ctype="application/json", token=admin), 415)
    r = s.request("POST", LOGIN, raw=body, ctype="application/json; charset=utf-8")
    assert r.status == 200, r
    # Media types are case-insensitive (RFC 9110 §8.3.1).
    r = s.request("POST", LOGIN, raw=body, ctype="Application/JSON")
    assert r.status == 200, r


def test_unknown_route_is_404_json(s):
    for path in ["/api/v1/nothing", "/api/v2/procedures", "/api/v1/procedures/1.001193/nothing",
                 "/api/v1/procedures/", "/api/v1//procedures"]:
        e = expect_error(s.get(path), 404)
        assert e["code"] == "not_found" and is_vietnamese(e["message"]), (path, e)
    expect_error(s.post("/api/v1/nothing", {"a": 1}), 404)
    expect_error(s.post("/index.html", {"a": 1}), 404)
    # outside the API a person is reading: the same 404 as a page
    r = s.get("/index.html")
    assert r.status == 404 and r.header("Content-Type") == "text/html; charset=utf-8", r


def test_wrong_method_is_405_with_allow(s):
    r = s.request("DELETE", "/api/v1/procedures")
    e = expect_error(r, 405)
    assert e["code"] == "method_not_allowed" and is_vietnamese(e["message"]), e
    assert r.header("Allow") == "GET", r.headers
    r = s.request("PUT", "/api/v1/calendar/schedules")
    expect_error(r, 405)
    assert sorted(m.strip() for m in r.header("Allow").split(",")) == ["GET", "POST"], r.headers
    r = s.request("GET", "/api/v1/calendar/exceptions/2026-03-04")
    expect_error(r, 405)
    assert sorted(m.strip() for m in r.header("Allow").split(",")) == ["DELETE", "PUT"], r.headers
    r = s.get("/api/v1/auth/login")
    expect_error(r, 405)
    assert r.header("Allow") == "POST"
    # HEAD is answered like GET.
    assert s.request("HEAD", "/api/v1/health").status == 200


def test_huge_headers_get_4xx_and_the_server_keeps_serving(s):
    req = (b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n")
    status, reply = raw_http(s.port, req)
    assert status in (413, 431), reply[:200]
    alive(s)
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 100) for i in range(700))
    status, reply = raw_http(s.port, b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" + many +
                             b"\r\n")
    assert status in (413, 431), reply[:200]
    # A huge cookie and a huge URL, too.
    status, _ = raw_http(s.port, b"GET /api/v1/auth/me HTTP/1.1\r\nHost: t\r\nConnection: close\r\nCookie: "
                         b"motcua_session=" + b"c" * 70000 + b"\r\n\r\n")
    assert status is not None and 400 <= status < 500, status
    status, _ = raw_http(s.port, b"GET /api/v1/procedures?q=" + b"x" * 70000 +
                         b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert status is not None and 400 <= status < 500, status
    # Garbage instead of HTTP (the server may wait for more: do not wait long).
    raw_http(s.port, b"\x00\x01\x02 nonsense\r\n\r\n", timeout=3)
    alive(s)
    assert s.login("admin")


def test_long_query_is_rejected_cleanly(s):
    e = expect_error(s.get("/api/v1/procedures?q=" + "a" * 201), 400, field="q")
    assert is_vietnamese(e["message"]), e
    assert s.get("/api/v1/procedures?q=" + "a" * 200).status == 200


def test_openapi_matches_the_route_table(s):
    r = s.get("/api/v1/openapi.json")
    assert r.status == 200, r
    doc = r.json()
    assert doc["openapi"].startswith("3."), doc["openapi"]
    assert doc["info"]["title"] and doc["info"]["version"]
    documented = set()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            documented.add((method.upper(), path))
            for p in [x for x in path.split("/") if x.startswith("{")]:
                names = [q["name"] for q in op.get("parameters", []) if q["in"] == "path"]
                assert p[1:-1] in names, (method, path, names)
            assert op["responses"], (method, path)
    routes = set()
    for line in run_cli("routes").stdout.splitlines():
        if line.strip():
            method, path = line.split()
            routes.add((method, path))
    assert documented == routes, (documented ^ routes)
    assert ("GET", "/api/v1/procedures") in routes and ("POST", "/api/v1/catalog/import") in routes
    # Every documented GET without path parameters is really there.
    for method, path in sorted(documented):
        if method != "GET" or "{" in path:
            continue
        r = s.get(path)
        assert r.status not in (404, 405), (path, r)
        assert r.status < 500, (path, r)
    # Documented query parameters of the search.
    params = {p["name"] for p in doc["paths"]["/api/v1/procedures"]["get"]["parameters"]}
    assert {"q", "field", "level", "unit", "online", "page", "per_page"} <= params, params
    # Routes that need a login say so.
    assert doc["paths"]["/api/v1/users"]["get"].get("security"), doc["paths"]["/api/v1/users"]
    assert "Error" in doc["components"]["schemas"]


def test_failed_user_creation_writes_nothing(s):
    admin = s.login("admin")

    def names():
        r = s.get("/api/v1/users", token=admin)
        assert r.status == 200, r
        return sorted(u["username"] for u in r.json()["items"])

    before = names()
    base = {"username": "canbo.nua.chung", "name": "Nửa Chừng", "unit": "01273", "roles": ["receiver"],
            "password": "MatKhau@2026"}
    for bad in [{"email": "khong-phai-email"}, {"phone": "12"}, {"id_number": "123"}, {"unit": "KHONG-CO"},
                {"roles": ["receiver", "khong-co"]}, {"password": "ngan"}, {"phone": "0912345678"}]:
        r = s.post("/api/v1/users", dict(base, **bad), token=admin)
        assert r.status in (400, 409), (bad, r)
        expect_error(r, r.status)
        assert names() == before, bad
    # The username is still free: nothing half-written blocks it.
    r = s.post("/api/v1/users", base, token=admin)
    assert r.status == 201, r
    assert names() == sorted(before + ["canbo.nua.chung"])
    # A failed citizen registration leaves the phone number free as well.
    reg = {"name": "Đinh Thị Hoa", "id_number": "004095551234", "phone": "0987000444", "password": "MatKhau@2026"}
    expect_error(s.post("/api/v1/auth/register", dict(reg, email="sai email")), 400, field="email")
    r = s.post("/api/v1/auth/register", reg)
    assert r.status == 201, r


test_failed_user_creation_writes_nothing.fresh = True


def test_concurrent_requests_with_calendar_changes(s):
    """Deadlines read by many threads while the admin flips a holiday: every
    answer is one of the two valid ones, and the server survives."""
    admin = s.login("admin")
    q = "/api/v1/calendar/deadline?" + urlencode({"from": "2026-03-02T09:00:00+07:00", "amount": 3, "unit": "day"})
    valid = {"2026-03-05T09:00:00+07:00", "2026-03-06T09:00:00+07:00"}
    errors = []

    def reader():
        try:
            for _ in range(40):
                r = s.get(q)
                if r.status != 200 or r.json()["due"] not in valid:
                    errors.append(r)
                r = s.get("/api/v1/procedures?q=khai+sinh")
                if r.status != 200 or r.json()["items"][0]["code"] != "1.001193":
                    errors.append(r)
        except Exception as ex:  # noqa: BLE001 - report any transport failure
            errors.append(ex)

    def writer():
        try:
            for i in range(15):
                r = s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04",
                              body={"kind": "off", "name": "Nghỉ %d" % i}, token=admin)
                if r.status != 200:
                    errors.append(r)
                r = s.request("DELETE", "/api/v1/calendar/exceptions/2026-03-04", token=admin)
                if r.status != 200:
                    errors.append(r)
        except Exception as ex:  # noqa: BLE001
            errors.append(ex)

    threads = [threading.Thread(target=reader) for _ in range(6)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:5]
    assert s.get(q).json()["due"] == "2026-03-05T09:00:00+07:00"


test_concurrent_requests_with_calendar_changes.fresh = True


if __name__ == "__main__":
    harness.main(globals())
