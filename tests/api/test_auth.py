"""Authentication: login, sessions (cookie and bearer), logout, expiry,
throttling, citizen registration and the `motcua user` commands."""
import re
import time

import harness
from harness import DEMO_PASSWORD, expect_error, is_vietnamese, run_cli

WRONG_LOGIN_VI = "Tên đăng nhập hoặc mật khẩu không đúng."


def login(s, username, password=DEMO_PASSWORD, headers=None):
    return s.post("/api/v1/auth/login", {"username": username, "password": password}, headers=headers)


def cookie_attrs(set_cookie):
    """Set-Cookie value → (name, value, {attr_lower: value_or_True})."""
    parts = [p.strip() for p in set_cookie.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip() if eq else True
    return name, value, attrs


def test_login_returns_token_user_and_httponly_cookie(s):
    r = login(s, "admin")
    assert r.status == 200, r
    d = r.json()
    assert re.fullmatch(r"[0-9a-f]{64}", d["token"]), d["token"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", d["expires_at"]), d["expires_at"]
    u = d["user"]
    assert u["username"] == "admin"
    assert u["roles"] == ["admin"], u
    assert u["unit"] == "04", u
    assert u["name"] == "Quản trị hệ thống"
    assert "password" not in u and "password_hash" not in u, u
    name, value, attrs = cookie_attrs(r.header("Set-Cookie"))
    assert name == "motcua_session" and value == d["token"], r.header("Set-Cookie")
    assert attrs.get("httponly") is True, attrs
    assert attrs.get("samesite", "").lower() == "lax", attrs
    assert attrs.get("path") == "/", attrs
    assert attrs.get("max-age") == "28800", attrs  # default session: 8 hours
    assert "secure" not in attrs, attrs  # only with --secure-cookies

    # An officer of a commune-level ward: unit and role as seeded.
    r = login(s, "tiepnhan.thucphan")
    assert r.status == 200, r
    u = r.json()["user"]
    assert (u["unit"], u["roles"], u["name"]) == ("01273", ["receiver"], "Đàm Thị Hương"), u
    # Every login is a new session with a new token.
    assert login(s, "admin").json()["token"] != d["token"]


def test_cookie_alone_authenticates_me(s):
    token = login(s, "lanhdao.tuphap").json()["token"]
    r = s.get("/api/v1/auth/me", headers={"Cookie": "motcua_session=" + token})
    assert r.status == 200, r
    u = r.json()["user"]
    assert u["username"] == "lanhdao.tuphap" and u["unit"] == "S03" and u["roles"] == ["leader"], u
    # Among other cookies too.
    r = s.get("/api/v1/auth/me", headers={"Cookie": "theme=dark; motcua_session=%s; lang=vi" % token})
    assert r.status == 200 and r.json()["user"]["username"] == "lanhdao.tuphap", r
    # A wrong cookie value is refused.
    r = s.get("/api/v1/auth/me", headers={"Cookie": "motcua_session=" + "0" * 64})
    e = expect_error(r, 401)
    assert is_vietnamese(e["message"]), e


def test_bearer_authenticates_me_and_no_token_is_401(s):
    token = login(s, "giamsat").json()["token"]
    r = s.get("/api/v1/auth/me", token=token)
    assert r.status == 200, r
    assert r.json()["user"]["roles"] == ["supervisor"]
    r = s.get("/api/v1/auth/me", headers={"Authorization": "bearer " + token})
    assert r.status == 200, r
    e = expect_error(s.get("/api/v1/auth/me"), 401)
    assert is_vietnamese(e["message"]) and e["message"] != e["message_en"], e
    expect_error(s.get("/api/v1/auth/me", token="not-a-token"), 401)
    expect_error(s.get("/api/v1/auth/me", token=token[:-1] + ("0" if token[-1] != "0" else "1")), 401)


def test_wrong_password_and_unknown_user_give_the_same_401(s):
    r1 = login(s, "chuyenvien.tuphap", "sai-mat-khau")
    e1 = expect_error(r1, 401)
    assert e1["message"] == WRONG_LOGIN_VI, e1
    assert e1["code"] == "unauthorized"
    assert r1.header("Set-Cookie") is None, r1.headers
    r2 = login(s, "khong.co.ai", "sai-mat-khau")
    e2 = expect_error(r2, 401)
    # Same answer: the reply does not tell whether the account exists.
    assert (e2["code"], e2["message"], e2["message_en"], e2["field"]) == \
        (e1["code"], e1["message"], e1["message_en"], e1["field"]), (e1, e2)
    assert "token" not in r2.json()


def test_logout_invalidates_only_that_session(s):
    t1 = login(s, "chuyenvien.tuphap").json()["token"]
    t2 = login(s, "chuyenvien.tuphap").json()["token"]
    assert s.get("/api/v1/auth/me", token=t1).status == 200
    r = s.post("/api/v1/auth/logout", token=t1)
    assert r.status == 200, r
    assert r.json() == {"logged_out": True}, r
    name, value, attrs = cookie_attrs(r.header("Set-Cookie"))
    assert name == "motcua_session" and value == "" and attrs.get("max-age") == "0", r.header("Set-Cookie")
    e = expect_error(s.get("/api/v1/auth/me", token=t1), 401)
    assert is_vietnamese(e["message"]), e
    # The other session of the same user still works.
    assert s.get("/api/v1/auth/me", token=t2).status == 200
    # Logout through the cookie alone ends that session too.
    r = s.post("/api/v1/auth/logout", headers={"Cookie": "motcua_session=" + t2})
    assert r.status == 200, r
    expect_error(s.get("/api/v1/auth/me", headers={"Cookie": "motcua_session=" + t2}), 401)


def test_session_expires_after_ttl(s):
    with harness.own_server(["--session-ttl", "2"]) as s2:
        r = login(s2, "tiepnhan.tinh")
        assert r.status == 200, r
        token = r.json()["token"]
        _, _, attrs = cookie_attrs(r.header("Set-Cookie"))
        assert attrs.get("max-age") == "2", attrs
        assert s2.get("/api/v1/auth/me", token=token).status == 200
        time.sleep(3.2)
        e = expect_error(s2.get("/api/v1/auth/me", token=token), 401)
        assert is_vietnamese(e["message"]), e
        # A new login works again.
        assert s2.get("/api/v1/auth/me", token=s2.login("tiepnhan.tinh")).status == 200


def test_throttle_after_five_failures_for_one_user(s):
    for i in range(5):
        e = expect_error(login(s, "chuyenvien.thucphan", "sai-%d" % i), 401)
        assert e["message"] == WRONG_LOGIN_VI, (i, e)
    # Sixth attempt: refused before the password is checked, even the right one.
    r = login(s, "chuyenvien.thucphan")
    e = expect_error(r, 429)
    assert e["code"] == "too_many_requests", e
    assert is_vietnamese(e["message"]) and e["message"] != WRONG_LOGIN_VI, e
    assert re.fullmatch(r"Đăng nhập sai nhiều lần\. Vui lòng thử lại sau \d+ giây\.", e["message"]), e
    assert re.fullmatch(r"Too many failed logins; try again in \d{1,2} s\.", e["message_en"]), e
    assert "token" not in r.json()
    expect_error(login(s, "chuyenvien.thucphan", "sai-nua"), 429)
    # Another user from the same address still logs in.
    r = login(s, "lanhdao.thucphan")
    assert r.status == 200, r
    assert r.json()["user"]["username"] == "lanhdao.thucphan"


test_throttle_after_five_failures_for_one_user.fresh = True


def test_success_resets_the_per_user_count(s):
    for i in range(4):
        expect_error(login(s, "tiepnhan.nungtricao", "sai-%d" % i), 401)
    assert login(s, "tiepnhan.nungtricao").status == 200
    for i in range(4):
        expect_error(login(s, "tiepnhan.nungtricao", "sai-lan-hai-%d" % i), 401)
    assert login(s, "tiepnhan.nungtricao").status == 200


test_success_resets_the_per_user_count.fresh = True


def test_throttle_after_thirty_failures_from_one_address(s):
    # 30 failures spread over names (4 each, under the per-user limit of 5).
    for i in range(30):
        r = login(s, "khach%d" % (i // 4), "sai-%d" % i)
        expect_error(r, 401)
    # Any further attempt from this address is refused: a fresh name, a real user.
    e = expect_error(login(s, "ten.moi.hoan.toan", "bat-ky"), 429)
    assert is_vietnamese(e["message"]), e
    expect_error(login(s, "admin"), 429)
    # Without --trust-proxy a forged X-Forwarded-For does not get around it.
    expect_error(login(s, "admin", headers={"X-Forwarded-For": "198.51.100.9"}), 429)


test_throttle_after_thirty_failures_from_one_address.fresh = True


def test_throttle_by_forwarded_address_behind_proxy(s):
    with harness.own_server(["--trust-proxy", "127.0.0.1,10.0.0.0/8"]) as s2:
        a = {"X-Forwarded-For": "203.0.113.7"}
        b = {"X-Forwarded-For": "203.0.113.8, 10.0.0.1"}  # through a second trusted proxy
        for i in range(30):
            expect_error(login(s2, "khach%d" % (i // 4), "sai", headers=a), 401)
        expect_error(login(s2, "admin", headers=a), 429)
        r = login(s2, "admin", headers=b)
        assert r.status == 200, r


def test_register_citizen_then_login_with_phone(s):
    body = {"name": "Nông Văn Bình", "id_number": "004091234567", "phone": "0987000111",
            "password": "MatKhau@2026"}
    r = s.post("/api/v1/auth/register", body)
    assert r.status == 201, r
    u = r.json()["user"]
    assert u["username"] == "0987000111" and u["phone"] == "0987000111", u
    assert u["roles"] == ["citizen"] and u["unit"] is None, u
    assert u["id_number"] == "004091234567" and u["name"] == "Nông Văn Bình", u
    assert "password" not in u
    r = login(s, "0987000111", "MatKhau@2026")
    assert r.status == 200, r
    me = s.get("/api/v1/auth/me", token=r.json()["token"]).json()["user"]
    assert me["roles"] == ["citizen"] and me["name"] == "Nông Văn Bình", me
    # Registering gives no officer rights.
    expect_error(s.get("/api/v1/users", token=r.json()["token"]), 403)


def test_register_citizen_with_email_only(s):
    r = s.post("/api/v1/auth/register", {"name": "Sầm Thị Én", "id_number": "004091234568",
                                         "email": "sam.thi.en@example.vn", "password": "MatKhau@2026"})
    assert r.status == 201, r
    u = r.json()["user"]
    assert u["username"] == "sam.thi.en@example.vn" and u["phone"] is None and u["roles"] == ["citizen"], u
    assert login(s, "sam.thi.en@example.vn", "MatKhau@2026").status == 200
    expect_error(s.post("/api/v1/auth/register", {"name": "Trùng thư", "id_number": "004091234569",
                                                  "email": "sam.thi.en@example.vn", "password": "MatKhau@2026"}),
                 409, field="email")


def test_secure_cookies_option(s):
    with harness.own_server(["--secure-cookies"]) as s2:
        r = login(s2, "admin")
        assert r.status == 200, r
        _, _, attrs = cookie_attrs(r.header("Set-Cookie"))
        assert attrs.get("secure") is True and attrs.get("httponly") is True, attrs
        r = s2.post("/api/v1/auth/logout", token=r.json()["token"])
        _, _, attrs = cookie_attrs(r.header("Set-Cookie"))
        assert attrs.get("secure") is True and attrs.get("max-age") == "0", attrs


def test_register_rejects_bad_id_number_and_writes_nothing(s):
    admin = s.login("admin")
    for bad in ["12345", "00409123456a", "0040912345678", "00409 123456", ""]:
        r = s.post("/api/v1/auth/register", {"name": "Hà Thị Cúc", "id_number": bad, "phone": "0987000222",
                                             "password": "MatKhau@2026"})
        e = expect_error(r, 400, field="id_number")
        assert is_vietnamese(e["message"]), e
    expect_error(s.get("/api/v1/users/0987000222", token=admin), 404)
    # Other fields are checked too, each naming its field.
    base = {"name": "Hà Thị Cúc", "id_number": "004091234599", "phone": "0987000222", "password": "MatKhau@2026"}
    for field, value in [("name", ""), ("password", "ngan"), ("phone", "12345")]:
        body = dict(base)
        body[field] = value
        expect_error(s.post("/api/v1/auth/register", body), 400, field=field)
    body = dict(base)
    del body["phone"]
    expect_error(s.post("/api/v1/auth/register", body), 400, field="phone")
    expect_error(s.get("/api/v1/users/0987000222", token=admin), 404)


def test_register_duplicate_phone_is_409(s):
    # The demo citizen already uses 0912345678.
    r = s.post("/api/v1/auth/register", {"name": "Người Khác", "id_number": "004090009999", "phone": "0912345678",
                                         "password": "MatKhau@2026"})
    e = expect_error(r, 409)
    assert is_vietnamese(e["message"]), e
    # The citizen form has no username: the conflict is about the phone number.
    assert e["field"] == "phone", e
    # With a username of their own the phone is still taken.
    r = s.post("/api/v1/auth/register", {"name": "Người Khác", "id_number": "004090009999", "phone": "0912345678",
                                         "username": "nguoi.khac", "password": "MatKhau@2026"})
    expect_error(r, 409, field="phone")
    # The original account is untouched.
    assert login(s, "0912345678").status == 200


def test_cli_user_add_and_list_then_login(s):
    env = {"MOTCUA_PASSWORD": "CanBoMoi@2026"}
    p = run_cli("user", "add", "--username", "canbo.moi", "--name", "Lò Văn Mới", "--roles", "specialist,leader",
                "--unit", "01279", db=s.db, env=env)
    assert "canbo.moi" in p.stdout, p.stdout
    r = login(s, "canbo.moi", "CanBoMoi@2026")
    assert r.status == 200, r
    u = r.json()["user"]
    assert u["unit"] == "01279" and sorted(u["roles"]) == ["leader", "specialist"], u
    assert u["name"] == "Lò Văn Mới"
    lines = run_cli("user", "list", db=s.db).stdout.splitlines()
    row = [ln for ln in lines if ln.split()[:1] == ["canbo.moi"]]
    assert len(row) == 1, lines
    assert "01279" in row[0].split() and "Lò Văn Mới" in row[0], row
    assert "specialist" in row[0] and "leader" in row[0], row
    # Every demo account is listed too.
    names = {ln.split()[0] for ln in lines if ln.strip()}
    for n in ["admin", "giamsat", "tiepnhan.tinh", "lanhdao.tuphap", "tiepnhan.nungtricao", "0912345678"]:
        assert n in names, (n, names)
    # Bad input: a non-zero exit and no account.
    p = run_cli("user", "add", "--username", "canbo.sai", "--name", "Sai", "--roles", "thuthu", "--unit", "01279",
                db=s.db, env=env, check=False)
    assert p.returncode != 0 and "canbo.sai" not in run_cli("user", "list", db=s.db).stdout, p
    p = run_cli("user", "add", "--username", "canbo.sai", "--name", "Sai", "--roles", "receiver", "--unit",
                "KHONG-CO", db=s.db, env=env, check=False)
    assert p.returncode != 0, p
    assert "canbo.sai" not in run_cli("user", "list", db=s.db).stdout
    # The same username twice is refused.
    p = run_cli("user", "add", "--username", "canbo.moi", "--name", "Lần hai", "--roles", "receiver", "--unit",
                "01279", db=s.db, env=env, check=False)
    assert p.returncode != 0, p


def test_cli_passwd_ends_old_sessions(s):
    run_cli("user", "add", "--username", "canbo.doimk", "--name", "Vi Thị Lan", "--roles", "receiver", "--unit",
            "01273", db=s.db, env={"MOTCUA_PASSWORD": "MatKhauCu@1"})
    old = login(s, "canbo.doimk", "MatKhauCu@1").json()["token"]
    assert s.get("/api/v1/auth/me", token=old).status == 200
    # A weak new password is refused and changes nothing.
    p = run_cli("user", "passwd", "canbo.doimk", db=s.db, env={"MOTCUA_PASSWORD": "ngan"}, check=False)
    assert p.returncode != 0, p
    assert s.get("/api/v1/auth/me", token=old).status == 200
    run_cli("user", "passwd", "canbo.doimk", db=s.db, env={"MOTCUA_PASSWORD": "MatKhauMoi@2"})
    expect_error(s.get("/api/v1/auth/me", token=old), 401)
    expect_error(login(s, "canbo.doimk", "MatKhauCu@1"), 401)
    r = login(s, "canbo.doimk", "MatKhauMoi@2")
    assert r.status == 200, r
    # passwd of an unknown user fails.
    p = run_cli("user", "passwd", "khong.ton.tai", db=s.db, env={"MOTCUA_PASSWORD": "MatKhauMoi@2"}, check=False)
    assert p.returncode != 0, p


if __name__ == "__main__":
    harness.main(globals())
