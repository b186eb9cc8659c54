"""Signed requests between a commune node and its province (issue 21, docs/NODE.md §3, node_auth.h): every check
of the request head (node, key, time, counter) and of the body (signature), each a 401 naming the header at fault
that applies nothing; the counter taken once; revocation and key rotation; the province's answers signed, and a
node that believes no answer without its province's signature. Requests are signed by `motcua node sign` (the
node's own code), so that the tests can alter any part of them."""
import datetime
import os
import re
import tempfile
import time

import harness
from harness import expect_error, is_vietnamese, own_server

KEYS = tempfile.mkdtemp(prefix="motcua-node-auth-")
STATE = "/api/v1/node/state"


def keys(name, kind="node"):
    sec, pub = os.path.join(KEYS, name + ".key"), os.path.join(KEYS, name + ".pub")
    if not os.path.exists(sec):
        harness.run_cli("node", "keygen" if kind == "node" else "exchange-keygen", "--secret", sec, "--public", pub)
    return sec, pub


def signed(key, node, counter, method="GET", path=STATE, at=None, body_file=None):
    """The five headers of a request signed with `key` as `node` ("04/12")."""
    args = ["node", "sign", "--key", key, "--node", node, "--time", str(int(at if at is not None else time.time())),
            "--counter", str(counter), method, path]
    if body_file:
        args += ["--body", body_file]
    out = harness.run_cli(*args).stdout
    return dict(line.split(": ", 1) for line in out.strip().split("\n"))


def register(s, number, unit, pub):
    with open(pub, encoding="utf-8") as f:
        r = s.post("/api/v1/nodes", {"number": number, "name": "Máy trạm %d" % number, "units": [unit],
                                     "public": f.read()}, token=s.login("admin"))
    assert r.status == 201, r
    return r.json()


def refused(r, header):
    e = expect_error(r, 401, field=header)
    assert is_vietnamese(e["message"]), e
    assert r.header("X-Motcua-Answer-Signature") is None  # nothing was checked, nothing is vouched for
    return e


def test_node_routes_need_the_exchange_key(s):
    """A province started without --node-exchange-key cannot vouch for its answers: it offers no exchange (409),
    whatever is sent."""
    sec, pub = keys("plain")
    r = s.get(STATE, headers=signed(sec, "04/12", 1))
    e = expect_error(r, 409)
    assert "khóa trao đổi" in e["message"], e


def test_every_check_of_a_signed_request(_shared):
    xsec, _ = keys("exchange", kind="exchange")
    with own_server(["--node-exchange-key", xsec]) as s:
        sec, pub = keys("n12")
        other, other_pub = keys("n13")
        register(s, 12, "01273", pub)
        register(s, 13, "01279", other_pub)
        # the happy path: 200, the province's view, a signature on the answer
        r = s.get(STATE, headers=signed(sec, "04/12", 100))
        assert r.status == 200, r
        st = r.json()
        assert (st["province"], st["number"], st["state"], st["acked_seq"]) == ("04", 12, "active", 0), st
        assert abs(st["time"] - time.time()) < 60
        assert re.fullmatch(r"[0-9a-f]{128}", r.header("X-Motcua-Answer-Signature") or ""), r.headers
        # the same request again, or an older counter: replay
        refused(s.get(STATE, headers=signed(sec, "04/12", 100)), "X-Motcua-Counter")
        refused(s.get(STATE, headers=signed(sec, "04/12", 99)), "X-Motcua-Counter")
        # the clock: 300 s accepted either way, not 400
        assert s.get(STATE, headers=signed(sec, "04/12", 101, at=time.time() - 250)).status == 200
        e = refused(s.get(STATE, headers=signed(sec, "04/12", 102, at=time.time() + 400)), "X-Motcua-Time")
        assert "lệch" in e["message"], e
        # another node's key, an unknown node, a node of no such province
        refused(s.get(STATE, headers=signed(other, "04/12", 103)), "X-Motcua-Key")
        refused(s.get(STATE, headers=signed(sec, "04/55", 103)), "X-Motcua-Node")
        refused(s.get(STATE, headers=signed(sec, "20/12", 103)), "X-Motcua-Node")
        # signed for another path, or another method: the signature does not match, and the counter is not spent
        h = signed(sec, "04/12", 104, path="/api/v1/node/pull")
        refused(s.get(STATE, headers=h), "X-Motcua-Signature")
        h = signed(sec, "04/12", 104, method="POST")
        refused(s.get(STATE, headers=h), "X-Motcua-Signature")
        assert s.get(STATE, headers=signed(sec, "04/12", 104)).status == 200
        # a signature changed in one digit
        h = signed(sec, "04/12", 105)
        h["X-Motcua-Signature"] = ("0" if h["X-Motcua-Signature"][0] != "0" else "1") + h["X-Motcua-Signature"][1:]
        refused(s.get(STATE, headers=h), "X-Motcua-Signature")
        # missing or malformed headers
        refused(s.get(STATE), "X-Motcua-Node")
        for name, value in (("X-Motcua-Node", "04-12"), ("X-Motcua-Node", "04/9"), ("X-Motcua-Key", "xyz"),
                            ("X-Motcua-Counter", "-1"), ("X-Motcua-Time", "soon"), ("X-Motcua-Signature", "ab")):
            h = signed(sec, "04/12", 106)
            h[name] = value
            assert s.get(STATE, headers=h).status == 401, (name, value)
        # a session is no substitute for a signature: these routes are not a person's
        e = expect_error(s.get(STATE, token=s.login("admin")), 403)
        assert "máy trạm" in e["message"], e
        # revoked: refused at once, whatever the counter
        assert s.post("/api/v1/nodes/13/revoke", {"reason": "Thử"}, token=s.login("admin")).status == 200
        e = refused(s.get(STATE, headers=signed(other, "04/13", 200)), "X-Motcua-Node")
        assert "thu hồi" in e["message"], e
        # the node's last request and its clock are what the registry shows
        n = s.get("/api/v1/nodes/12", token=s.login("admin")).json()
        assert n["last_seen_at"] is not None


def test_a_replaced_key_signs_seven_days(_shared):
    """After a rotation the old key still signs; 8 days later only the new one does."""
    xsec, _ = keys("exchange", kind="exchange")
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with harness.clock_server(now.isoformat(), extra_args=["--node-exchange-key", xsec]) as s:
        old, old_pub = keys("r1")
        new, new_pub = keys("r2")
        register(s, 20, "01273", old_pub)
        with open(new_pub, encoding="utf-8") as f:
            assert s.post("/api/v1/nodes/20/keys", {"public": f.read()}, token=s.login("admin")).status == 201
        at = now.timestamp()
        assert s.get(STATE, headers=signed(old, "04/20", 1, at=at)).status == 200
        assert s.get(STATE, headers=signed(new, "04/20", 2, at=at)).status == 200
        later = now + datetime.timedelta(days=8)
        s.clock.set(later.isoformat())
        e = refused(s.get(STATE, headers=signed(old, "04/20", 3, at=later.timestamp())), "X-Motcua-Key")
        assert "hết hiệu lực" in e["message"], e
        assert s.get(STATE, headers=signed(new, "04/20", 4, at=later.timestamp())).status == 200
        # a year on, the new key too must be replaced: refused after 365 days from its registration
        year = now + datetime.timedelta(days=366)
        s.clock.set(year.isoformat())
        e = refused(s.get(STATE, headers=signed(new, "04/20", 5, at=year.timestamp())), "X-Motcua-Key")
        assert "365 ngày" in e["message"], e


def test_a_node_of_another_schema_is_told_to_upgrade(_shared):
    """A dossier's rows travel by column name: a node whose database is of another version than the province's is
    refused at its state request (409 naming the versions), before it pushes or pulls anything; the same version,
    or none said, passes."""
    xsec, _ = keys("exchange", kind="exchange")
    with own_server(["--node-exchange-key", xsec]) as s:
        sec, pub = keys("v1")
        register(s, 22, "01273", pub)
        for n, q in enumerate(("?schema=1", "?schema=99999")):
            path = STATE + q
            e = expect_error(s.get(path, headers=signed(sec, "04/22", 10 + n, path=path)), 409, field="schema")
            assert "nâng cấp máy trạm" in e["message"] and is_vietnamese(e["message"]), e
        assert s.get(STATE, headers=signed(sec, "04/22", 20)).status == 200
        path = STATE + "?head=7"
        assert s.get(path, headers=signed(sec, "04/22", 21, path=path)).status == 200
        assert s.get("/api/v1/nodes/22", token=s.login("admin")).json()["head_seq"] == 7


def test_the_node_believes_only_its_province(_shared):
    """`motcua node call` (the node's client) accepts the answer signed by the exchange key it pinned, and takes an
    answer signed by another key for a network failure; its counter grows across calls (kept in its database)."""
    xsec, xpub = keys("exchange", kind="exchange")
    _, wrong_pub = keys("exchange-other", kind="exchange")
    with own_server(["--node-exchange-key", xsec]) as s:
        sec, pub = keys("c1")
        register(s, 30, "01273", pub)
        folder = tempfile.mkdtemp(prefix="motcua-node-db-")
        db = harness.new_db(folder, "sqlite")
        harness.run_cli("init", db=db)
        url = "http://127.0.0.1:%d" % s.port

        def call(pinned):
            return harness.run_cli("node", "call", "--province", url, "--node", "04/30", "--key", sec,
                                   "--province-key", pinned, "GET", STATE, db=db, check=False)

        p = call(xpub)
        assert p.returncode == 0 and p.stdout.startswith("200\n"), (p.stdout, p.stderr)
        assert '"number":30' in p.stdout
        p = call(wrong_pub)
        assert p.returncode != 0 and "chữ ký hợp lệ" in p.stderr, (p.stdout, p.stderr)
        p = call(xpub)  # the failed call spent its counter; the next one is larger still
        assert p.returncode == 0, p.stderr
        import sqlite3
        c = sqlite3.connect(db)
        counter = int(c.execute("SELECT value FROM meta WHERE key = 'node_counter'").fetchone()[0])
        c.close()
        last = s.get("/api/v1/nodes/30", token=s.login("admin")).json()
        assert counter > time.time() * 1000 - 600000, counter
        assert last["last_seen_at"] is not None


if __name__ == "__main__":
    harness.main(globals())
