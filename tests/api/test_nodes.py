"""The registry of commune nodes (issue 21, docs/NODE.md §3): an administrator registers a node with its number,
units and public key; numbers, units and keys are each one node's; revoking frees the units for good and never
frees the number; a new key leaves the old one 7 days; each change is journaled and the chain verifies. The
same from the command line."""
import os
import tempfile

import harness
from harness import expect_error, is_vietnamese

KEYS = tempfile.mkdtemp(prefix="motcua-node-keys-")


def keypair(name):
    """A node key pair made by `motcua node keygen`: (secret path, public path, public file text)."""
    sec, pub = os.path.join(KEYS, name + ".key"), os.path.join(KEYS, name + ".pub")
    harness.run_cli("node", "keygen", "--secret", sec, "--public", pub)
    with open(pub, encoding="utf-8") as f:
        return sec, pub, f.read()


def hex_of(text):
    return [line.split(" ")[1] for line in text.splitlines() if line.startswith("motcua-node-public/1 ")][0]


def register(s, admin, number, units, public, name=None):
    return s.post("/api/v1/nodes", {"number": number, "name": name or "Máy trạm %d" % number, "units": units,
                                    "public": public}, token=admin)


def test_admin_registers_a_node(s):
    """The key file's text is accepted as it is; the node lists with its units, key and state, and its
    registration is in its journal."""
    admin = s.login("admin")
    _, _, text = keypair("a")
    r = register(s, admin, 12, ["01273"], text, name="Phường Thục Phán")
    assert r.status == 201, r
    n = r.json()
    assert (n["number"], n["name"], n["state"], n["units"], n["province"]) == (12, "Phường Thục Phán", "active",
                                                                                ["01273"], "04")
    assert len(n["keys"]) == 1 and n["keys"][0]["public"] == hex_of(text) and n["keys"][0]["not_after"] is None
    assert n["acked_seq"] == 0 and n["last_seen_at"] is None
    listed = s.get("/api/v1/nodes", token=admin).json()["items"]
    assert [x["number"] for x in listed if x["number"] == 12] == [12]
    one = s.get("/api/v1/nodes/12", token=admin).json()
    assert [(j["action"], j["to"]) for j in one["journal"]] == [("node.add", "active")], one["journal"]
    assert "01273" in one["journal"][0]["note"] and n["keys"][0]["key_id"] in one["journal"][0]["note"]


def test_only_administrators_manage_nodes(s):
    _, _, text = keypair("b")
    for who in ("tiepnhan.thucphan", "lanhdao.thucphan", "giamsat"):
        tok = s.login(who)
        expect_error(register(s, tok, 20, ["01279"], text), 403)
        expect_error(s.get("/api/v1/nodes", token=tok), 403)
    expect_error(s.get("/api/v1/nodes"), 401)
    assert s.get("/api/v1/nodes", token=s.login("admin")).status == 200


def test_registration_refusals(s):
    """Every refusal names its field in Vietnamese and registers nothing."""
    admin = s.login("admin")
    _, _, text = keypair("c")
    _, _, other = keypair("c2")
    cases = [
        ({"number": 9}, 400, "number"), ({"number": 100}, 400, "number"), ({"number": "21"}, 400, "number"),
        ({"units": []}, 400, "units"), ({"units": ["KHONG-CO"]}, 400, "units"), ({"units": ["01279", "01279"]}, 400, "units"),
        ({"public": "abc"}, 400, "public"), ({"public": "motcua-anchor-public/1 " + "ab" * 32}, 400, "public"),
        ({"name": ""}, 400, "name"),
    ]
    for change, status, field in cases:
        body = {"number": 21, "name": "Xã", "units": ["01279"], "public": text}
        body.update(change)
        e = expect_error(s.post("/api/v1/nodes", body, token=admin), status, field=field)
        assert is_vietnamese(e["message"]), e
    assert all(x["number"] != 21 for x in s.get("/api/v1/nodes", token=admin).json()["items"])
    assert register(s, admin, 21, ["01279"], hex_of(text)).status == 201  # the bare hex digits too
    # a unit is on one node at a time; a key is one node's; a number is given once
    expect_error(register(s, admin, 22, ["01279"], other), 409, field="units")
    expect_error(register(s, admin, 22, ["TTPVHCC"], text), 409, field="public")
    expect_error(register(s, admin, 21, ["TTPVHCC"], other), 409, field="number")


def test_revoke_frees_the_units_never_the_number(s):
    admin = s.login("admin")
    _, _, k1 = keypair("d1")
    _, _, k2 = keypair("d2")
    _, _, k3 = keypair("d3")
    assert register(s, admin, 30, ["S03"], k1).status == 201
    e = expect_error(s.post("/api/v1/nodes/30/revoke", {}, token=admin), 400, field="reason")
    assert is_vietnamese(e["message"])
    r = s.post("/api/v1/nodes/30/revoke", {"reason": "Máy bị mất"}, token=admin)
    assert r.status == 200, r
    n = r.json()
    assert (n["state"], n["units"], n["state_note"]) == ("revoked", [], "Máy bị mất") and n["revoked_at"]
    expect_error(s.post("/api/v1/nodes/30/revoke", {"reason": "lại"}, token=admin), 409)
    expect_error(s.post("/api/v1/nodes/30/keys", {"public": k2}, token=admin), 409)
    expect_error(register(s, admin, 30, ["S03"], k2), 409, field="number")  # never given again
    assert register(s, admin, 31, ["S03"], k2).status == 201  # the unit is free for a new node
    expect_error(s.post("/api/v1/nodes/77/revoke", {"reason": "x"}, token=admin), 404)
    expect_error(s.get("/api/v1/nodes/5", token=admin), 404)
    j = s.get("/api/v1/nodes/30", token=admin).json()["journal"]
    assert [(x["action"], x["from"], x["to"]) for x in j] == [("node.add", None, "active"),
                                                               ("node.revoke", "active", "revoked")], j
    assert register(s, admin, 32, ["S06"], k3).status == 201


def test_a_new_key_leaves_the_old_one_seven_days(s):
    admin = s.login("admin")
    _, _, k1 = keypair("e1")
    _, _, k2 = keypair("e2")
    assert register(s, admin, 40, ["S05"], k1).status == 201
    r = s.post("/api/v1/nodes/40/keys", {"public": k2}, token=admin)
    assert r.status == 201, r
    keys = {k["public"]: k for k in r.json()["keys"]}
    import datetime
    old, new = keys[hex_of(k1)], keys[hex_of(k2)]
    assert new["not_after"] is None
    left = datetime.datetime.fromisoformat(old["not_after"]) - datetime.datetime.fromisoformat(old["added_at"])
    assert 7 * 86400 - 60 <= left.total_seconds() <= 7 * 86400 + 60, left
    expect_error(s.post("/api/v1/nodes/40/keys", {"public": k2}, token=admin), 409, field="public")


def test_command_line_registry(_shared):
    """`motcua node add|list|rotate|revoke` on a database; the journal verifies after."""
    folder = tempfile.mkdtemp(prefix="motcua-node-cli-")
    db = harness.new_db(folder)
    harness.run_cli("init", "--demo", "--data", harness.DATA, db=db)
    _, p1, _ = keypair("f1")
    _, p2, _ = keypair("f2")
    out = harness.run_cli("node", "add", "--number", "15", "--name", "Xã Nùng Trí Cao", "--units", "01279",
                          "--public", p1, db=db).stdout
    assert "số 15" in out, out
    p = harness.run_cli("node", "add", "--number", "16", "--name", "X", "--units", "01279", "--public", p2, db=db,
                        check=False)
    assert p.returncode != 0 and "01279" in p.stderr and "máy trạm số 15" in p.stderr, p.stderr
    harness.run_cli("node", "rotate", "15", "--public", p2, db=db)
    rows = harness.run_cli("node", "list", db=db).stdout.strip().split("\n")
    assert len(rows) == 1 and rows[0].split("\t")[:4] == ["15", "Xã Nùng Trí Cao", "active", "01279"], rows
    assert len(rows[0].split("\t")[4].split(",")) == 2, rows
    p = harness.run_cli("node", "revoke", "15", db=db, check=False)
    assert p.returncode != 0 and "A reason is required" in p.stderr, p.stderr
    harness.run_cli("node", "revoke", "15", "--reason", "Thay máy", db=db)
    assert harness.run_cli("node", "list", db=db).stdout.split("\t")[2] == "revoked"
    assert harness.run_cli("journal", "verify", db=db).returncode == 0


def test_z_journal_verifies_after_every_change(s):
    assert harness.run_cli("journal", "verify", db=s.db).returncode == 0


if __name__ == "__main__":
    harness.main(globals())
