"""Organisation units and users: the demo tree, unit creation, and who may
see or create users (own unit, subtree, whole province)."""
import json
import os
from urllib.parse import urlencode

import harness
from harness import expect_error, is_vietnamese

with open(os.path.join(harness.DATA, "units.json"), encoding="utf-8") as f:
    UNITS = json.load(f)["units"]
# The bodies outside the one-stop tree (Party committees, People's Council, Fatherland Front: issue 16).
with open(os.path.join(harness.DATA, "bodies.json"), encoding="utf-8") as f:
    UNITS += json.load(f)["units"]

DEMO_OFFICERS = {"admin": "04", "giamsat": "04", "tiepnhan.tinh": "TTPVHCC", "chuyenvien.tuphap": "S03",
                 "lanhdao.tuphap": "S03", "tiepnhan.thucphan": "01273", "chuyenvien.thucphan": "01273",
                 "lanhdao.thucphan": "01273", "tiepnhan.nungtricao": "01279",
                 # issue 16: the supervision accounts (read only), the assigning bodies, the news officer
                 "giamsat.hdnd": "HDND-T", "giamsat.mttq": "MTTQ-T", "lanhdao.tinhuy": "TU", "lanhdao.ubnd": "UBND-T",
                 "chuyenvien.noivu": "S02",
                 # issue 17: the chair of the PAR INDEX appraisal council
                 "lanhdao.noivu": "S02"}


def units(s, **params):
    r = s.get("/api/v1/units" + ("?" + urlencode(params) if params else ""))
    assert r.status == 200, (params, r)
    d = r.json()
    assert d["total"] == len(d["items"]), d
    return d["items"]


def users(s, token, unit=None):
    r = s.get("/api/v1/users" + ("?unit=" + unit if unit else ""), token=token)
    return r


def usernames(r):
    assert r.status == 200, r
    return sorted(u["username"] for u in r.json()["items"])


def subtree(code):
    """Codes of code's subtree, from the demo file."""
    out, queue = [], [code]
    while queue:
        c = queue.pop()
        out.append(c)
        queue += [u["code"] for u in UNITS if u["parent"] == c]
    return sorted(out)


# ---- units --------------------------------------------------------------------

def test_demo_unit_tree(s):
    items = units(s)
    assert len(items) == 91, len(items)  # 83 of units.json, 8 of bodies.json
    assert sorted(u["code"] for u in items) == sorted(u["code"] for u in UNITS)
    local = [u for u in items if u["kind"] in ("commune", "ward")]
    assert len(local) == 56, len(local)
    assert len([u for u in items if u["kind"] == "ward"]) == 3
    assert len(units(s, kind="commune")) == 53
    assert sorted(u["code"] for u in units(s, kind="ward")) == ["01273", "01279", "01288"]
    roots = [u for u in items if u["parent"] is None]
    assert [u["code"] for u in roots] == ["04"], roots
    # Parents come before children (listing in tree order).
    seen = set()
    for u in items:
        assert u["parent"] is None or u["parent"] in seen, u
        seen.add(u["code"])


def test_subtree(s):
    assert sorted(u["code"] for u in units(s, root="04")) == sorted(u["code"] for u in UNITS)
    ubnd = units(s, root="UBND-T")
    assert sorted(u["code"] for u in ubnd) == subtree("UBND-T") and len(ubnd) == 17, ubnd
    assert ubnd[0]["code"] == "UBND-T"
    assert sorted(u["code"] for u in units(s, root="S02")) == ["S02", "TTDVVL"]
    assert [u["code"] for u in units(s, root="01273")] == ["01273", "DU-01273"]  # and its Party committee
    assert sorted(u["code"] for u in units(s, root="04", kind="ward")) == ["01273", "01279", "01288"]
    assert units(s, root="UBND-T", kind="commune") == []
    r = s.get("/api/v1/units?root=KHONG-CO")
    assert r.status in (400, 404), r
    expect_error(r, r.status)


def test_get_one_unit(s):
    r = s.get("/api/v1/units/01273")
    assert r.status == 200, r
    u = r.json()
    assert (u["code"], u["name"], u["kind"], u["parent"]) == ("01273", "Phường Thục Phán", "ward", "04"), u
    assert u["active_from"] == "2025-07-01" and u["active_to"] is None, u
    src = [x for x in UNITS if x["code"] == "01273"][0]
    assert u["source"] == src["source"]
    # A historical district: end-dated, not deleted.
    hist = s.get("/api/v1/units/HIST-THANH-PHO-CAO-BANG").json()
    assert hist["kind"] == "district" and hist["active_to"] == "2025-06-30", hist
    e = expect_error(s.get("/api/v1/units/KHONG-CO"), 404)
    assert is_vietnamese(e["message"]), e


def test_admin_creates_units(s):
    admin = s.login("admin")
    r = s.post("/api/v1/units", {"code": "01999", "name": "Xã Thử Nghiệm", "kind": "commune", "parent": "04",
                                 "active_from": "2026-01-01"}, token=admin)
    assert r.status == 201, r
    u = r.json()
    assert (u["code"], u["name"], u["kind"], u["parent"], u["active_from"]) == \
        ("01999", "Xã Thử Nghiệm", "commune", "04", "2026-01-01"), u
    assert s.get("/api/v1/units/01999").json()["name"] == "Xã Thử Nghiệm"
    assert len(units(s)) == 92 and len(units(s, root="04")) == 92  # 83 + 8 bodies (data/bodies.json) + 1
    # A child of the new unit: the subtree follows.
    r = s.post("/api/v1/units", {"code": "01999-VP", "name": "Văn phòng xã Thử Nghiệm", "kind": "department",
                                 "parent": "01999"}, token=admin)
    assert r.status == 201, r
    assert [u["code"] for u in units(s, root="01999")] == ["01999", "01999-VP"]
    # The new commune is a competent unit for commune procedures at once.
    d = s.get("/api/v1/procedures?unit=01999&q=khai+sinh").json()
    assert d["items"][0]["code"] == "1.001193", d

    e = expect_error(s.post("/api/v1/units", {"code": "01999", "name": "Trùng mã", "kind": "commune",
                                              "parent": "04"}, token=admin), 409, field="code")
    assert is_vietnamese(e["message"]), e
    e = expect_error(s.post("/api/v1/units", {"code": "01998", "name": "Cha lạ", "kind": "commune",
                                              "parent": "KHONG-CO"}, token=admin), 400, field="parent")
    assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/units", {"code": "01998", "name": "Loại lạ", "kind": "hanh_tinh",
                                          "parent": "04"}, token=admin), 400, field="kind")
    expect_error(s.post("/api/v1/units", {"code": "01998", "kind": "commune", "parent": "04"}, token=admin),
                 400, field="name")
    expect_error(s.post("/api/v1/units", {"name": "Không mã", "kind": "commune", "parent": "04"}, token=admin),
                 400, field="code")
    expect_error(s.post("/api/v1/units", {"code": "01998", "name": "Ngày sai", "kind": "commune", "parent": "04",
                                          "active_from": "2026-05-01", "active_to": "2026-04-01"}, token=admin), 400)
    expect_error(s.post("/api/v1/units", {"code": "01998", "name": "Ngày sai", "kind": "commune", "parent": "04",
                                          "active_from": "2026-02-30"}, token=admin), 400)
    expect_error(s.get("/api/v1/units/01998"), 404)
    assert len(units(s)) == 93


test_admin_creates_units.fresh = True


def test_only_admin_creates_units(s):
    body = {"code": "01997", "name": "Xã Không Được Tạo", "kind": "commune", "parent": "04"}
    expect_error(s.post("/api/v1/units", body), 401)
    for user in ["giamsat", "lanhdao.tuphap", "tiepnhan.thucphan", "0912345678"]:
        e = expect_error(s.post("/api/v1/units", body, token=s.login(user)), 403)
        assert is_vietnamese(e["message"]), e
    expect_error(s.get("/api/v1/units/01997"), 404)


# ---- users ----------------------------------------------------------------------

def test_receiver_sees_only_own_unit(s):
    t = s.login("tiepnhan.thucphan")
    e = expect_error(users(s, t, "01279"), 403)
    assert is_vietnamese(e["message"]), e
    expect_error(users(s, t, "S03"), 403)
    expect_error(users(s, t, "04"), 403)
    own = usernames(users(s, t, "01273"))
    assert own == ["chuyenvien.thucphan", "lanhdao.thucphan", "tiepnhan.thucphan"], own
    assert all(u["unit"] == "01273" for u in users(s, t, "01273").json()["items"])
    # Without a filter: the same, nobody of another commune (or the citizen).
    r = users(s, t)
    assert usernames(r) == own, usernames(r)
    assert r.json()["total"] == 3
    # One user: a colleague yes, another commune's officer no.
    assert s.get("/api/v1/users/lanhdao.thucphan", token=t).status == 200
    expect_error(s.get("/api/v1/users/tiepnhan.nungtricao", token=t), 403)
    expect_error(s.get("/api/v1/users/0912345678", token=t), 403)
    # The other ward's receiver sees only their own ward.
    t2 = s.login("tiepnhan.nungtricao")
    assert usernames(users(s, t2)) == ["tiepnhan.nungtricao"]
    expect_error(users(s, t2, "01273"), 403)


def test_leader_sees_own_subtree_only(s):
    t = s.login("lanhdao.tuphap")
    expect_error(users(s, t, "01273"), 403)
    expect_error(users(s, t, "04"), 403)
    expect_error(users(s, t, "UBND-T"), 403)
    assert usernames(users(s, t, "S03")) == ["chuyenvien.tuphap", "lanhdao.tuphap"]
    assert usernames(users(s, t)) == ["chuyenvien.tuphap", "lanhdao.tuphap"]
    expect_error(s.get("/api/v1/users/tiepnhan.thucphan", token=t), 403)
    # The commune leader: only the commune.
    t = s.login("lanhdao.thucphan")
    assert usernames(users(s, t)) == ["chuyenvien.thucphan", "lanhdao.thucphan", "tiepnhan.thucphan"]
    expect_error(users(s, t, "S03"), 403)


def test_leader_subtree_reaches_new_child_units(s):
    admin = s.login("admin")
    r = s.post("/api/v1/units", {"code": "S03-HT", "name": "Phòng Hành chính tư pháp", "kind": "department",
                                 "parent": "S03"}, token=admin)
    assert r.status == 201, r
    r = s.post("/api/v1/users", {"username": "chuyenvien.hanhchinh", "name": "Mông Văn Tài", "unit": "S03-HT",
                                 "roles": ["specialist"], "password": "MatKhau@2026"}, token=admin)
    assert r.status == 201, r
    leader = s.login("lanhdao.tuphap")
    assert usernames(users(s, leader, "S03-HT")) == ["chuyenvien.hanhchinh"]
    assert "chuyenvien.hanhchinh" in usernames(users(s, leader))
    assert s.get("/api/v1/users/chuyenvien.hanhchinh", token=leader).status == 200
    # A specialist of S03 sees only S03 itself, not the child unit.
    spec = s.login("chuyenvien.tuphap")
    expect_error(users(s, spec, "S03-HT"), 403)
    assert usernames(users(s, spec)) == ["chuyenvien.tuphap", "lanhdao.tuphap"]
    # The new officer sees their own unit only, not the parent.
    t = s.login("chuyenvien.hanhchinh", "MatKhau@2026")
    expect_error(users(s, t, "S03"), 403)
    assert usernames(users(s, t)) == ["chuyenvien.hanhchinh"]


test_leader_subtree_reaches_new_child_units.fresh = True


def test_supervisor_at_province_root_sees_every_officer(s):
    t = s.login("giamsat")
    assert usernames(users(s, t, "01273")) == ["chuyenvien.thucphan", "lanhdao.thucphan", "tiepnhan.thucphan"]
    assert usernames(users(s, t, "01279")) == ["tiepnhan.nungtricao"]
    assert usernames(users(s, t, "S03")) == ["chuyenvien.tuphap", "lanhdao.tuphap"]
    everyone = usernames(users(s, t))
    assert everyone == sorted(DEMO_OFFICERS), everyone
    assert s.get("/api/v1/users/tiepnhan.nungtricao", token=t).json()["unit"] == "01279"
    # Unknown unit filter.
    r = users(s, t, "KHONG-CO")
    assert r.status in (400, 404), r
    # The admin sees everybody, the citizen included.
    admin = usernames(users(s, s.login("admin")))
    assert admin == sorted(list(DEMO_OFFICERS) + ["0912345678"]), admin


def test_citizen_and_anonymous_cannot_list_users(s):
    t = s.login("0912345678")
    e = expect_error(users(s, t), 403)
    assert is_vietnamese(e["message"]), e
    expect_error(users(s, t, "01273"), 403)
    expect_error(s.get("/api/v1/users/tiepnhan.thucphan", token=t), 403)
    # A citizen may read their own record.
    r = s.get("/api/v1/users/0912345678", token=t)
    assert r.status == 200 and r.json()["id_number"] == "004090001234", r
    expect_error(users(s, None), 401)
    expect_error(s.get("/api/v1/users/admin"), 401)


def test_only_admin_creates_users(s):
    body = {"username": "canbo.trai.phep", "name": "Trái Phép", "unit": "01273", "roles": ["receiver"],
            "password": "MatKhau@2026"}
    expect_error(s.post("/api/v1/users", body), 401)
    for user in ["lanhdao.thucphan", "giamsat", "tiepnhan.thucphan", "lanhdao.tuphap", "0912345678"]:
        e = expect_error(s.post("/api/v1/users", body, token=s.login(user)), 403)
        assert is_vietnamese(e["message"]), e
    expect_error(s.get("/api/v1/users/canbo.trai.phep", token=s.login("admin")), 404)


def test_admin_creates_users_and_bad_roles_are_400(s):
    admin = s.login("admin")
    before = usernames(users(s, admin))
    base = {"username": "tiepnhan.moi", "name": "Lâm Thị Mới", "unit": "01279", "password": "MatKhau@2026"}
    for roles in [["thuthu"], "receiver", [], ["receiver", "citizen"], ["receiver", 3], None]:
        body = dict(base, roles=roles)
        if roles is None:
            del body["roles"]
        e = expect_error(s.post("/api/v1/users", body, token=admin), 400, field="roles")
        assert is_vietnamese(e["message"]), (roles, e)
    expect_error(s.post("/api/v1/users", dict(base, roles=["receiver"], unit=None), token=admin), 400, field="unit")
    expect_error(s.post("/api/v1/users", dict(base, roles=["receiver"], unit="KHONG-CO"), token=admin), 400,
                 field="unit")
    expect_error(s.post("/api/v1/users", dict(base, roles=["receiver"], username="a b"), token=admin), 400,
                 field="username")
    expect_error(s.post("/api/v1/users", dict(base, roles=["receiver"], password="ngan"), token=admin), 400,
                 field="password")
    expect_error(s.post("/api/v1/users", dict(base, roles=["receiver"], username="admin"), token=admin), 409,
                 field="username")
    assert usernames(users(s, admin)) == before
    r = s.post("/api/v1/users", dict(base, roles=["receiver", "specialist"]), token=admin)
    assert r.status == 201, r
    u = r.json()
    assert u["username"] == "tiepnhan.moi" and u["unit"] == "01279", u
    assert sorted(u["roles"]) == ["receiver", "specialist"], u
    assert "password" not in u
    assert usernames(users(s, admin)) == sorted(before + ["tiepnhan.moi"])
    # The new receiver is one of the ward's users for its receiver.
    assert "tiepnhan.moi" in usernames(users(s, s.login("tiepnhan.nungtricao")))
    assert s.login("tiepnhan.moi", "MatKhau@2026")


test_admin_creates_users_and_bad_roles_are_400.fresh = True


def test_admin_disables_and_enables_an_officer(s):
    """A departed officer's account is disabled: their open session ends, login is refused with a message that
    says so, the change and its reason are in the journal; enabling lets them in again."""
    admin = s.login("admin")
    officer = s.login("tiepnhan.nungtricao")
    assert s.get("/api/v1/inbox", token=officer).status == 200
    url = "/api/v1/users/tiepnhan.nungtricao"
    # Who may not: a receiver of another ward, a supervisor (read only), anyone on their own account; a reason is required.
    expect_error(s.post(url + "/disable", {"reason": "x"}, token=s.login("tiepnhan.thucphan")), 403)
    expect_error(s.post(url + "/disable", {"reason": "x"}, token=s.login("giamsat")), 403)
    e = expect_error(s.post("/api/v1/users/admin/disable", {"reason": "x"}, token=admin), 409, field="username")
    assert is_vietnamese(e["message"]), e
    expect_error(s.post(url + "/disable", {}, token=admin), 400, field="reason")
    expect_error(s.post(url + "/disable", {"reason": "   "}, token=admin), 400, field="reason")
    expect_error(s.post("/api/v1/users/khong.co/disable", {"reason": "x"}, token=admin), 404)
    assert s.get("/api/v1/inbox", token=officer).status == 200  # nothing changed by the refusals

    r = s.post(url + "/disable", {"reason": "Chuyển công tác từ 01/12/2026"}, token=admin)
    assert r.status == 200, r
    assert r.json()["active"] is False and r.json()["username"] == "tiepnhan.nungtricao", r.json()
    expect_error(s.get("/api/v1/inbox", token=officer), 401)  # the session ended
    e = expect_error(s.post("/api/v1/auth/login", {"username": "tiepnhan.nungtricao", "password": harness.DEMO_PASSWORD}),
                     403)
    assert "khóa" in e["message"], e
    # A wrong password still gets the usual answer: the account's state is told only to whoever knows it.
    e = expect_error(s.post("/api/v1/auth/login", {"username": "tiepnhan.nungtricao", "password": "Sai@12345"}), 401)
    assert "khóa" not in e["message"], e
    expect_error(s.post(url + "/disable", {"reason": "lần nữa"}, token=admin), 409)
    listed = {u["username"]: u["active"] for u in users(s, admin).json()["items"]}
    assert listed["tiepnhan.nungtricao"] is False and listed["tiepnhan.thucphan"] is True

    r = s.post(url + "/enable", {"reason": "Quay lại làm việc"}, token=admin)
    assert r.status == 200 and r.json()["active"] is True, r
    expect_error(s.post(url + "/enable", {}, token=admin), 409)
    assert s.get("/api/v1/inbox", token=s.login("tiepnhan.nungtricao")).status == 200

    # The account's history, for whoever manages it, in the province's chain.
    j = s.get(url, token=admin).json()["journal"]
    assert [(x["action"], x["from"], x["to"], x["actor"], x["note"]) for x in j] == [
        ("user.disable", "active", "disabled", "admin", "Chuyển công tác từ 01/12/2026"),
        ("user.enable", "disabled", "active", "admin", "Quay lại làm việc")], j
    assert "journal" not in s.get(url, token=s.login("tiepnhan.nungtricao")).json()
    assert harness.run_cli("journal", "verify", db=s.db).returncode == 0


test_admin_disables_and_enables_an_officer.fresh = True


def test_cli_disables_an_officer(s):
    """`motcua user disable|enable` for the operator at the console, journaled as motcua itself."""
    token = s.login("chuyenvien.tuphap")
    p = harness.run_cli("user", "disable", "chuyenvien.tuphap", db=s.db, check=False)
    assert p.returncode != 0 and "lý do" in p.stderr, (p.stdout, p.stderr)
    p = harness.run_cli("user", "disable", "chuyenvien.tuphap", "--reason", "Nghỉ hưu", db=s.db)
    assert "Đã khóa" in p.stdout, p.stdout
    expect_error(s.get("/api/v1/inbox", token=token), 401)
    assert "(đã khóa)" in harness.run_cli("user", "list", db=s.db).stdout
    harness.run_cli("user", "enable", "chuyenvien.tuphap", db=s.db)
    j = s.get("/api/v1/users/chuyenvien.tuphap", token=s.login("admin")).json()["journal"]
    assert [(x["action"], x["actor"], x["role"]) for x in j] == [("user.disable", "motcua", "system"),
                                                                 ("user.enable", "motcua", "system")], j


test_cli_disables_an_officer.fresh = True


if __name__ == "__main__":
    harness.main(globals())
