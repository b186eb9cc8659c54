"""Regression tests for the defects a code review found (each test names the
defect it guards against)."""
import json
from urllib.parse import urlencode

import harness
from harness import expect_error, own_server, raw_http, run_cli


def alive(s):
    assert s.get("/api/v1/health").status == 200


def test_invalid_utf8_in_error_text_never_crashes_the_server(s):
    # An invalid query key, an invalid method, a message cut inside a
    # character, and a doubly encoded path segment used to kill the server.
    expect_error(s.get("/api/v1/procedures?%FF=1"), 400)
    alive(s)
    status, reply = raw_http(s.port, b"G\xffT /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status is None or 400 <= status < 500, (status, reply[:200])
    alive(s)
    r = s.get("/api/x/" + "%C4%91" * 200)
    expect_error(r, 404)
    json.loads(r.body.decode("utf-8"))  # valid UTF-8 JSON
    alive(s)
    r = s.get("/x/" + "%C4%91" * 200)  # outside the API: the 404 page, valid UTF-8 too
    assert r.status == 404 and "Không tìm thấy" in r.body.decode("utf-8"), r
    alive(s)
    expect_error(s.get("/api/v1/procedures/%25FF"), 404)
    alive(s)


def test_path_segments_are_decoded_once(s):
    assert s.get("/api/v1/units/04").status == 200
    expect_error(s.get("/api/v1/units/%2530%2534"), 404)


def test_forwarded_address_uses_the_last_hop(_shared):
    # Behind nginx the last X-Forwarded-For entry is the one nginx saw; a client
    # varying the first entry must still be throttled as one address.
    with own_server(["--trust-proxy", "127.0.0.1"]) as s:
        codes = []
        for i in range(32):
            r = s.post("/api/v1/auth/login", {"username": "user%d" % i, "password": "sai-mat-khau"},
                       headers={"X-Forwarded-For": "203.0.113.%d, 198.51.100.7" % i})
            codes.append(r.status)
        assert codes[:30] == [401] * 30, codes
        assert codes[30] == 429 and codes[31] == 429, codes


def test_a_closed_calendar_gives_an_error_not_a_crash(_shared):
    with own_server() as s:
        admin = s.login("admin")
        lines = ["date,kind,name"] + ["%s,off,Nghỉ" % d for d in
                                      [("2031-%02d-%02d" % (m, dd)) for m in range(1, 13) for dd in range(1, 29)]]
        lines += ["2032-01-%02d,off,Nghỉ" % d for d in range(1, 32)] + ["2032-02-%02d,off,Nghỉ" % d for d in range(1, 29)]
        # the 29th-31st of 2031's months stay open: close them too
        for m, last in [(1, 31), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31), (11, 30), (12, 31)]:
            lines += ["2031-%02d-%02d,off,Nghỉ" % (m, d) for d in range(29, last + 1)]
        r = s.request("POST", "/api/v1/calendar/import", raw=("\n".join(lines) + "\n").encode(), ctype="text/csv",
                      token=admin)
        assert r.status == 200, r
        r = s.get("/api/v1/calendar/deadline?" + urlencode({"from": "2031-01-02T09:00:00+07:00", "amount": 1}))
        expect_error(r, 409, "from")
        alive(s)


def test_login_by_phone_or_email_and_no_username_squatting(_shared):
    with own_server() as s:
        r = s.post("/api/v1/auth/register", {"name": "Hoàng Thị Lan", "id_number": "004190000111",
                                             "phone": "+84912000111", "email": "lan+mc@example.vn",
                                             "password": "mat-khau-dai"})
        assert r.status == 201, r
        for login in ["+84912000111", "lan+mc@example.vn"]:
            assert s.post("/api/v1/auth/login", {"username": login, "password": "mat-khau-dai"}).status == 200, login
        # Someone else may not take another person's number as a username.
        r = s.post("/api/v1/auth/register", {"name": "Kẻ mạo danh", "id_number": "004190000222",
                                             "phone": "0988000222", "username": "0911111111",
                                             "password": "mat-khau-dai"})
        expect_error(r, 400, "username")


def test_citizen_cannot_probe_accounts(s):
    citizen = s.login("0912345678")
    expect_error(s.get("/api/v1/users/admin", token=citizen), 403)
    expect_error(s.get("/api/v1/users/khong-ton-tai", token=citizen), 403)
    assert s.get("/api/v1/users/0912345678", token=citizen).status == 200


def catalog(procs, templates=()):
    return {"format": "motcua-catalog/1", "procedures": procs, "templates": list(templates)}


def proc(code, **kw):
    p = {"code": code, "name": "Thủ tục thử " + code, "field": "Thử nghiệm", "levels": ["commune"],
         "competent_units": ["kind:commune"], "processing_time": {"amount": 2, "unit": "working_day"},
         "online_level": "none", "effective_from": "2025-07-01"}
    p.update(kw)
    return p


def test_catalog_rejects_duplicates_and_huge_numbers(_shared):
    with own_server() as s:
        admin = s.login("admin")
        bad = catalog([proc("9.000001", competent_units=["kind:commune", "kind:commune"]),
                       proc("9.000002", sets=4294967298),
                       proc("9.000003", documents=[{"name": "Tờ khai", "form": "original", "count": 4294967297}])])
        r = s.post("/api/v1/catalog/import", bad, token=admin)
        e = expect_error(r, 400)
        fields = {(p["index"], p["field"]) for p in e["problems"]}
        assert (0, "competent_units") in fields and (1, "sets") in fields, fields
        assert (2, "documents[0].count") in fields, fields
        assert s.get("/api/v1/procedures/9.000001").status == 404


def test_long_templates_read_back_whole(_shared):
    with own_server() as s:
        admin = s.login("admin")
        steps = [{"name": "Bước %d" % i, "role": "specialist", "unit": "competent", "hours": 1.0} for i in range(14)]
        steps.append({"name": "Bước cuối", "role": "leader", "unit": "competent", "hours": 1.0})  # 15 h = 2 days
        r = s.post("/api/v1/catalog/import",
                   catalog([proc("9.000010")], [{"procedure": "9.000010", "unit": "kind:commune", "steps": steps}]),
                   token=admin)
        assert r.status == 200, r
        t = s.get("/api/v1/procedures/9.000010").json()["templates"][0]
        assert len(t["steps"]) == 15 and sum(x["hours"] for x in t["steps"]) == t["total_hours"] == 15, t


def test_many_seasonal_schedules_stay_listed(_shared):
    with own_server() as s:
        admin = s.login("admin")
        for i in range(34):
            r = s.post("/api/v1/calendar/schedules", {"name": "Lịch %d" % i, "valid_from": "2040-01-%02d" % (i % 28 + 1),
                                                      "valid_to": "2040-01-%02d" % (i % 28 + 1),
                                                      "hours": "1-5=07:30-11:30"}, token=admin)
            assert r.status == 201, (i, r)
        assert len(s.get("/api/v1/calendar/schedules").json()["items"]) == 35


def test_unauthenticated_schedule_update_is_401(s):
    expect_error(s.request("PUT", "/api/v1/calendar/schedules/abc", body={"name": "x", "hours": "1=07:00-08:00"}), 401)


if __name__ == "__main__":
    harness.main(globals())
