"""Commune nodes that keep receiving when the link to the province drops (issue 21, docs/NODE.md §10).

A province and two commune nodes on loopback, each node behind a link the test cuts (tests/api/link.py): a
generated stretch of counter intakes on all three while the links go down, requests are cut mid-transfer,
answers are lost, a request hangs, a node is killed after the province applied its push and before it recorded
so, and the province is killed after it committed a push and before it answered. Afterwards every dossier a
counter acknowledged exists exactly once at the province with its code and applicant, codes are unique and each
in its issuer's space, every journal verifies, each node entry is re-appended once with its origin, report II.06a
counts each dossier once, and the tracking key printed at the node opens the dossier at the province. Then a
tampered queue: the province refuses the chain and suspends the node, applying nothing. The seed of the
generated day is printed; MOTCUA_TEST_SEED replays it."""
import datetime
import os
import random
import re
import sqlite3
import time
from urllib.parse import urlencode

import harness
import nodes
from harness import expect_error

PROVINCE_PROC, PROVINCE_DOCS = "2.002516", [2, 4]  # received at the province's centre (TTPVHCC)
WARD_PROC, WARD_DOCS = "1.001193", [4, 6]           # received at the wards


def intake(s, token, proc, docs, name, idn):
    return s.post("/api/v1/dossiers", {"procedure": proc, "documents": docs, "outcome": "accept", "channel": "direct",
                                       "applicant": {"name": name, "id_number": idn, "phone": "0987000000"}},
                  token=token)


def verify(db):
    p = harness.run_cli("journal", "verify", db=db, check=False)
    assert p.returncode == 0, (db, p.stdout, p.stderr)


def received_today(p):
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date().isoformat()
    q = urlencode({"unit": "04", "from": today, "to": today})
    r = p.get("/api/v1/stats/processing?" + q, token=p.login("giamsat"))
    assert r.status == 200, r
    return r.json()["total"]["received"]["total"]


def province_codes(p):
    return sorted(r[0] for r in nodes.sql(p.db, "SELECT code FROM dossiers"))


def restart_province(p, link_nodes, extra=()):
    """Stops (if running) and starts the province on the same database, the nodes' links pointed at it."""
    p.stop()
    base = [a for a in p.extra_args if a not in ("--fault-point",) and not a.startswith("province.")]
    p.extra_args = base + list(extra)
    for _ in range(5):
        if p._start():
            break
    else:
        raise AssertionError("province did not restart")
    p.extra_args = base
    for n in link_nodes:
        n.link.upstream = ("127.0.0.1", p.port)


def wait_exit(proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            return proc.returncode
        time.sleep(0.1)
    raise AssertionError("the process did not reach its fault point")


def accept_pulled(node, token, accepted):
    """The node's counter accepts every online submission it has pulled."""
    r = node.get("/api/v1/inbox", token=token)
    assert r.status == 200, r
    for item in r.json()["items"]:
        if item["code"] not in accepted and item["state"]["name"] == "submitted":
            a = node.post("/api/v1/dossiers/%s/actions/accept" % item["code"], {}, token=token)
            assert a.status == 200, a
            accepted.add(item["code"])


def check_exactly_once(p, issued, before_codes, before_received, node_list, seed):
    """The invariants of the issue: every acknowledged dossier exactly once, codes unique and in their space,
    journals verify, origins once, II.06a counts each once, tracking keys work."""
    rows = nodes.sql(p.db, "SELECT code, applicant_name FROM dossiers")
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), ("a code twice at the province", seed)
    names = dict(rows)
    new = sorted(set(codes) - set(before_codes))
    assert new == sorted(issued), ("province dossiers differ from the ledger", seed,
                                   sorted(set(new) ^ set(issued)))
    for code, (issuer, name, _) in issued.items():
        assert names[code] == name, (code, names[code], name, seed)
        seq = code.rsplit("-", 1)[1]
        if issuer == 0:
            assert len(seq) <= 5, (code, seed)
        else:
            assert len(seq) == 6 and int(seq) // 10000 == issuer, (code, issuer, seed)
    verify(p.db)
    # the province's copy of each node's chain says what its own chain says (`motcua node verify`)
    out = harness.run_cli("node", "verify", db=p.db).stdout
    for n in node_list:
        assert re.search(r"Máy trạm số %d: %d thao tác, chuỗi băm đúng; \d+ được ghi nhận, mỗi thao tác đúng một lần"
                         % (n.number, n.queued()), out), (out, seed)
    for n in node_list:
        verify(n.db)
        queued = n.queued()
        st = nodes.sql(p.db, "SELECT status, COUNT(*) FROM node_journal WHERE node = %d GROUP BY status" % n.number)
        assert dict(st) == {"applied": str(queued)}, (n.number, st, queued, seed)
        origins = nodes.sql(p.db, "SELECT origin FROM journal WHERE origin LIKE '%d:%%'" % n.number)
        seqs = sorted(int(o[0].split(":")[1]) for o in origins)
        assert seqs == list(range(1, queued + 1)), (n.number, seqs[:10], queued, seed)
    assert received_today(p) == before_received + len(issued), (received_today(p), before_received, len(issued),
                                                                  seed)
    # The key printed at the node opens the dossier at the province, for anyone holding the receipt.
    for code, (issuer, _, key) in list(issued.items())[:6]:
        r = p.get("/api/v1/track/%s?key=%s" % (code, key))
        assert r.status == 200, (code, key, r, seed)


def test_a_day_of_intakes_with_cut_links(_shared):
    seed = int(os.environ.get("MOTCUA_TEST_SEED") or time.time())
    print("MOTCUA_TEST_SEED=%d" % seed)
    rnd = random.Random(seed)
    p = nodes.province(store=harness.store_under_test())
    a = b = None
    try:
        a = nodes.Node(p, 12, ["01273"])
        b = nodes.Node(p, 13, ["01279"])
        before_codes, before_received = province_codes(p), received_today(p)
        counters = {0: (p, "tiepnhan.tinh", PROVINCE_PROC, PROVINCE_DOCS), 12: (a, "tiepnhan.thucphan", WARD_PROC,
                                                                                 WARD_DOCS),
                    13: (b, "tiepnhan.nungtricao", WARD_PROC, WARD_DOCS)}
        tokens = {k: s.login(u) for k, (s, u, _, _) in counters.items()}
        citizen = p.login("0912345678")
        online, accepted = [], set()
        issued = {}  # code -> (issuer, applicant, tracking key): what a counter acknowledged with 201
        n = 0
        # Link events at chosen steps; which request is cut, after how many bytes, from the seed.
        events = {2: lambda: a.link.down(), 4: lambda: b.link.cut_request_after(rnd.randint(40, 3000)),
                  7: lambda: a.link.up(), 8: lambda: a.link.drop_answer(), 10: lambda: b.link.stall(3),
                  12: lambda: b.link.down(), 15: lambda: b.link.up(), 16: lambda: a.link.cut_request_after(
                      rnd.randint(40, 3000)), 18: lambda: b.link.drop_answer()}
        for step in range(20):
            if step in events:
                events[step]()
            for issuer in rnd.sample(sorted(counters), 3):
                s, _, proc, docs = counters[issuer]
                for _ in range(rnd.randint(0, 2)):
                    n += 1
                    name = "Người Nộp %d" % n
                    r = intake(s, tokens[issuer], proc, docs, name, "0041%08d" % n)
                    assert r.status == 201, (r, seed)
                    d = r.json()
                    issued[d["code"]] = (issuer, name, d["tracking_key"])
            # A citizen submits online to a ward now and then; the ward's node pulls it and its counter accepts it,
            # link or no link.
            if rnd.random() < 0.4:
                n += 1
                name = "Người Nộp Trực Tuyến %d" % n
                r = p.post("/api/v1/dossiers", {"procedure": WARD_PROC, "channel": "online", "receiving_unit":
                                                rnd.choice(["01273", "01279"]), "documents": [2, 4, 5, 6, 7, 8],
                                                "applicant": {"name": name, "id_number": "0042%08d" % n,
                                                              "phone": "0912345678"}}, token=citizen)
                assert r.status == 201, (r, seed)
                issued[r.json()["code"]] = (0, name, r.json()["tracking_key"])
                online.append(r.json()["code"])
            for issuer in (12, 13):
                accept_pulled(counters[issuer][0], tokens[issuer], accepted)
            time.sleep(rnd.choice([0.05, 0.3, 0.8]))
        for x in (a, b):
            x.link.up()
        a.wait_synced()
        b.wait_synced()
        # Every online submission reaches its ward's node and is accepted there.
        deadline = time.time() + 60
        while len(accepted) < len(online) and time.time() < deadline:
            for issuer in (12, 13):
                accept_pulled(counters[issuer][0], tokens[issuer], accepted)
            time.sleep(0.3)
        assert sorted(accepted) == sorted(online), (seed, sorted(set(online) - accepted))
        a.wait_synced()
        b.wait_synced()
        for code in online:
            d = p.get("/api/v1/dossiers/" + code, token=citizen).json()
            assert d["state"]["name"] == "received", (code, d["state"], seed)
        assert len(issued) > 10, seed
        assert a.link.requests("/api/v1/node/push") >= 1 and b.link.requests("/api/v1/node/push") >= 1
        check_exactly_once(p, issued, before_codes, before_received, [a, b], seed)
        # Each node works offline: its intakes while its link was down were acknowledged at once (above), and
        # its queue kept them; nothing is lost when a node or the province dies at the worst moment.
        a.restart(["--fault-point", "node.push.answered"])
        r = intake(a, a.login("tiepnhan.thucphan"), WARD_PROC, WARD_DOCS, "Người Nộp Cuối", "004199999999")
        assert r.status == 201, r
        issued[r.json()["code"]] = (12, "Người Nộp Cuối", r.json()["tracking_key"])
        assert wait_exit(a.proc) == 137
        a.proc = None
        a.log.close()
        a.start()
        a.wait_synced()
        restart_province(p, [a, b], ["--fault-point", "province.apply.after_commit"])
        r = intake(b, b.login("tiepnhan.nungtricao"), WARD_PROC, WARD_DOCS, "Người Nộp Sau", "004199999998")
        assert r.status == 201, r
        issued[r.json()["code"]] = (13, "Người Nộp Sau", r.json()["tracking_key"])
        assert wait_exit(p.proc) == 137
        p.proc = None
        p.log.close()
        restart_province(p, [a, b])
        b.wait_synced()
        check_exactly_once(p, issued, before_codes, before_received, [a, b], seed)
    finally:
        for x in (a, b):
            if x is not None:
                x.stop()
                x.cleanup()
        p.stop()
        p.cleanup()


def test_the_whole_counter_work_offline(_shared):
    """With the link down the commune's counter does all its work (the issue): it receives, asks for supplements at
    intake and during processing, and takes a dossier through processing to the result handed over. When the link
    comes back the province holds each in the state the commune left it, with its times, each act in its journal
    once (with the node's origin), counted in II.06a."""
    def act(s, code, action, token, body=None):
        r = s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token)
        assert r.status == 200, (action, r)
        return r.json()

    with nodes.running(26, ["01273"]) as (p, a):
        rcv, spec, lead = (a.login(u) for u in ("tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"))
        before = received_today(p)
        a.link.down()
        r = a.post("/api/v1/dossiers", {"procedure": WARD_PROC, "documents": [2, 4], "outcome": "supplement",
                                        "items": ["Bản sao giấy chứng sinh"], "reason": "Hồ sơ chưa đủ thành phần",
                                        "applicant": {"name": "Người Nộp Bổ Sung", "id_number": "004244444441",
                                                      "phone": "0987000004"}}, token=rcv)
        assert r.status == 201 and r.json()["state"]["name"] == "intake_supplement", r
        at_intake = r.json()["code"]
        during = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Thiếu Giấy", "004244444442").json()["code"]
        act(a, during, "claim", spec)
        d = act(a, during, "request_supplement", spec, {"items": ["Bản sao sổ hộ khẩu"], "reason": "Thiếu"})
        assert d["state"]["name"] == "supplement", d["state"]
        done = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Nhận Kết Quả", "004244444443").json()["code"]
        act(a, done, "claim", spec)
        act(a, done, "forward", spec, {"note": "Đủ điều kiện"})
        act(a, done, "claim", lead)
        act(a, done, "approve", lead)
        act(a, done, "result_ready", rcv)
        d = act(a, done, "return", rcv, {"method": "counter"})
        assert d["state"]["name"] == "returned", d["state"]
        local = {c: a.get("/api/v1/dossiers/" + c, token=rcv).json() for c in (at_intake, during, done)}
        a.link.up()
        a.wait_synced()
        prov = p.login("lanhdao.thucphan")
        for c, mine in local.items():
            d = p.get("/api/v1/dossiers/" + c, token=prov).json()
            for k in ("state", "received_at", "due_at", "decided_at", "returned_at", "return_method", "supplements"):
                assert d.get(k) == mine.get(k), (c, k, d.get(k), mine.get(k))
            mine_j = [(x["action"], x["at"]) for x in a.get("/api/v1/dossiers/%s/journal" % c, token=rcv).json()["entries"]]
            prov_j = [(x["action"], x["at"]) for x in p.get("/api/v1/dossiers/%s/journal" % c, token=prov).json()["entries"]]
            assert prov_j == mine_j, (c, prov_j, mine_j)
        assert received_today(p) == before + 2  # the two received; the one waiting for papers is not yet
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM node_conflicts WHERE node = 26") == [("0",)]
        assert "Máy trạm số 26: %d thao tác, chuỗi băm đúng; %d được ghi nhận" % (a.queued(), a.queued()) in \
            harness.run_cli("node", "verify", "26", db=p.db).stdout
        verify(p.db)
        verify(a.db)


def test_node_verify_finds_what_does_not_match(_shared):
    """`motcua node verify` at the province: a node entry changed in the province's copy of its chain (its hash no
    longer its content), or an entry of the province's chain claiming to come from a node that never sent it, is
    found and named, exit 3."""
    import shutil
    import tempfile
    with nodes.running(18, ["01273"]) as (p, a):
        rcv = a.login("tiepnhan.thucphan")
        for i in range(2):
            assert intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp %d" % i, "00420000000%d" % i).status == 201
        a.wait_synced()
        ok = harness.run_cli("node", "verify", "18", db=p.db)
        assert "Máy trạm số 18: 4 thao tác, chuỗi băm đúng; 4 được ghi nhận" in ok.stdout, ok.stdout
        if p.db.startswith("postgres"):
            return  # the tampering below edits a SQLite file
        for tamper, said in (
                ("UPDATE node_journal SET note = 'sửa' WHERE node = 18 AND seq = 3", "Thao tác số 3 có mã băm không khớp"),
                ("UPDATE journal SET origin = '18:9:x' WHERE id = (SELECT MAX(id) FROM journal WHERE origin IS NULL)",
                 "ghi nguồn máy trạm số 18")):
            copy = os.path.join(tempfile.mkdtemp(prefix="motcua-verify-"), "p.db")
            src = sqlite3.connect(p.db, timeout=30)
            c = sqlite3.connect(copy)
            src.backup(c)
            src.close()
            for t in ("node_journal_no_update", "journal_no_update"):
                c.execute("DROP TRIGGER IF EXISTS %s" % t)
            assert c.execute(tamper).rowcount == 1
            c.commit()
            c.close()
            bad = harness.run_cli("node", "verify", db=copy, check=False)
            assert bad.returncode == 3 and said in bad.stdout, (bad.returncode, bad.stdout, bad.stderr)
            shutil.rmtree(os.path.dirname(copy))


def test_entries_carried_by_hand(_shared):
    """The link stays down for days: the commune exports what waits (`motcua node export`, signed by the node's key,
    with the scanned files), an administrator carries the file to the province and imports it (`motcua node
    import`): the dossiers and their files are there, applied as a push would be. A file changed on the way is
    refused whole; importing it twice adds nothing; and when the link comes back the node finds its entries
    acknowledged and sends nothing twice."""
    import json
    import tempfile
    from test_uploads import PDF, multipart
    with nodes.running(23, ["01273"]) as (p, a):
        rcv = a.login("tiepnhan.thucphan")
        a.link.down()
        scan = PDF.replace(b"%%EOF", ("%% carried-%d\n%%%%EOF" % os.getpid()).encode())
        body, ctype = multipart({"dossier": json.dumps({
            "procedure": WARD_PROC, "channel": "direct", "outcome": "accept", "documents": WARD_DOCS,
            "applicant": {"name": "Người Nộp Mang Tay", "id_number": "004211111111", "phone": "0987000003"}})},
            [("doc_4", "giay-to.pdf", scan)])
        r = a.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=rcv)
        assert r.status == 201, r
        first = r.json()["code"]
        second = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Thứ Hai", "004211111112").json()["code"]
        out = tempfile.mkdtemp(prefix="motcua-carry-")
        path = os.path.join(out, "xa-23.motcua")
        r = harness.run_cli("node", "export", "--key", a.sec, "--to", path, "--files", a.files, db=a.db)
        assert "Đã ghi 4 thao tác (từ thao tác số 1) và 1 tệp đính kèm" in r.stdout, r.stdout
        assert os.stat(path).st_mode & 0o077 == 0
        again = harness.run_cli("node", "export", "--key", a.sec, "--to", path, db=a.db, check=False)
        assert again.returncode != 0  # never overwrites
        # a byte changed on the way: refused whole
        with open(path, "rb") as f:
            raw = f.read()
        bad = os.path.join(out, "sua.motcua")
        with open(bad, "wb") as f:
            f.write(raw.replace("Người Nộp Thứ Hai".encode(), "Người Nộp Thứ Ba".encode()))
        r = harness.run_cli("node", "import", bad, "--files", p.files, db=p.db, check=False)
        assert r.returncode == 1 and "Chữ ký của tệp không khớp" in r.stderr, (r.stdout, r.stderr)
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM node_journal WHERE node = 23") == [("0",)]
        # the file as written: applied, with the scan
        r = harness.run_cli("node", "import", path, "--files", p.files, db=p.db)
        assert "Máy trạm số 23: tỉnh đã nhận đến thao tác số 4; 2 giao dịch được ghi nhận, 0 xung đột" in r.stdout, \
            r.stdout
        prov = p.login("tiepnhan.thucphan")
        d = p.get("/api/v1/dossiers/" + first, token=prov).json()
        assert d["applicant"]["name"] == "Người Nộp Mang Tay" and d["state"]["name"] == "received", d
        f = d["files"][0]
        assert p.get("/api/v1/dossiers/%s/files/%d" % (first, f["id"]), token=prov).body == scan
        assert p.get("/api/v1/dossiers/" + second, token=prov).status == 200
        # twice: nothing more
        harness.run_cli("node", "import", path, "--files", p.files, db=p.db)
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM journal WHERE origin LIKE '23:%'") == [("4",)]
        # the link back: the node learns the province holds its entries, sends nothing twice, goes on
        a.link.up()
        a.wait_synced()
        assert intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Sau", "004211111113").status == 201
        a.wait_synced()
        assert nodes.sql(p.db, "SELECT status, COUNT(*) FROM node_journal WHERE node = 23 GROUP BY status") == \
            [("applied", "6")]
        assert "Máy trạm số 23: 6 thao tác, chuỗi băm đúng; 6 được ghi nhận" in \
            harness.run_cli("node", "verify", "23", db=p.db).stdout
        verify(p.db)
        verify(a.db)


def test_a_tampered_queue_is_refused_and_the_node_suspended(_shared):
    """An entry changed in the node's queue after it was hashed (who acted): the province finds the broken chain, applies
    nothing of it, suspends the node; the node stops exchanging and its log says why."""
    with nodes.running(14, ["01273"]) as (p, a):
        a.link.down()
        r = intake(a, a.login("tiepnhan.thucphan"), WARD_PROC, WARD_DOCS, "Người Nộp Thật", "004188888888")
        assert r.status == 201, r
        code = r.json()["code"]
        a.stop()
        c = sqlite3.connect(a.db)
        # the officer named by the intake's entries (a field the chain covers)
        c.execute("UPDATE node_outq SET payload = replace(payload, '\"actor\":\"tiepnhan.thucphan\"', "
                  "'\"actor\":\"lanhdao.thucphan\"')")
        assert c.total_changes == 2
        c.commit()
        c.close()
        a.link.up()
        a.start()
        admin = p.login("admin")
        deadline = time.time() + 30
        while time.time() < deadline and p.get("/api/v1/nodes/14", token=admin).json()["state"] == "active":
            time.sleep(0.2)
        n = p.get("/api/v1/nodes/14", token=admin).json()
        assert n["state"] == "suspended" and "băm" in n["state_note"], n
        assert n["acked_seq"] == 0
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM dossiers WHERE code = '%s'" % code) == [("0",)]
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM node_journal WHERE node = 14") == [("0",)]
        verify(p.db)
        time.sleep(1.5)
        log = open(os.path.join(a.dir, "serve.log")).read()
        assert "suspended" in log or "chain" in log, log[-2000:]


def wait_for(fn, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError("waited %d s in vain" % timeout)


def test_an_online_submission_is_accepted_at_the_node(_shared):
    """A citizen submits online at the province to a commune served by a node: the node pulls it (with the key the
    province printed), its counter accepts it while the link is down, and the province then holds it received by the
    commune, the citizen still its owner, counted once in II.06a as received online."""
    with nodes.running(16, ["01273"]) as (p, a):
        before = received_today(p)
        cit = p.login("0912345678")
        r = p.post("/api/v1/dossiers", {"procedure": WARD_PROC, "channel": "online", "receiving_unit": "01273",
                                        "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234",
                                                      "phone": "0912345678"}, "documents": [2, 4, 5, 6, 7, 8]},
                   token=cit)
        assert r.status == 201, r
        code, key = r.json()["code"], r.json()["tracking_key"]
        assert len(code.rsplit("-", 1)[1]) <= 5  # the province's number
        rcv = a.login("tiepnhan.thucphan")
        got = wait_for(lambda: (lambda x: x.json() if x.status == 200 else None)(a.get("/api/v1/dossiers/" + code,
                                                                                       token=rcv)))
        assert got["state"]["name"] == "submitted" and got["tracking_key"] == key, got
        box = a.get("/api/v1/inbox", token=rcv).json()
        assert code in [i["code"] for i in box["items"]], box
        a.link.down()
        r = a.post("/api/v1/dossiers/%s/actions/accept" % code, {}, token=rcv)
        assert r.status == 200 and r.json()["state"]["name"] == "received", r
        # the commune's officer sees the whole timeline: the citizen's submission at the province, then the counter
        j = a.get("/api/v1/dossiers/%s/journal" % code, token=rcv).json()["entries"]
        assert [(x["action"], x["actor"]) for x in j] == [("submit", "0912345678"), ("accept", "tiepnhan.thucphan")], j
        a.link.up()
        a.wait_synced()
        d = p.get("/api/v1/dossiers/" + code, token=p.login("tiepnhan.thucphan")).json()
        assert d["state"]["name"] == "received", d["state"]
        # and after the exchange, each entry once at the node too (its own, and the province's it did not make)
        wait_for(lambda: nodes.sql(a.db, "SELECT history FROM node_pulled WHERE code = '%s'" % code)[0][0].count(
            '"action"') == 1)
        j = a.get("/api/v1/dossiers/%s/journal" % code, token=rcv).json()["entries"]
        assert [x["action"] for x in j] == ["submit", "accept"], j
        j = p.get("/api/v1/dossiers/%s/journal" % code, token=cit).json()["entries"]
        assert [(x["action"], x["actor"]) for x in j] == [("submit", "0912345678"), ("accept", "tiepnhan.thucphan")], j
        assert nodes.sql(p.db, "SELECT origin FROM journal WHERE action = 'accept' AND origin LIKE '16:%'") != []
        assert received_today(p) == before + 1
        verify(p.db)
        verify(a.db)
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM node_conflicts") == [("0",)]


def test_an_officer_disabled_at_the_province_is_locked_out_at_the_node(_shared):
    """The province disables an officer who left: at the node, once it compared its reference data (every second
    here, 5 minutes by default), the officer's session ends and the login says the account is locked; the other
    officers keep working."""
    with nodes.running(17, ["01273"], node_extra=["--node-reference-interval", "1"]) as (p, a):
        spec = a.login("chuyenvien.thucphan")
        rcv = a.login("tiepnhan.thucphan")
        assert a.get("/api/v1/inbox", token=spec).status == 200
        r = p.post("/api/v1/users/chuyenvien.thucphan/disable", {"reason": "Chuyển công tác"}, token=p.login("admin"))
        assert r.status == 200, r
        wait_for(lambda: a.get("/api/v1/inbox", token=spec).status == 401)
        e = expect_error(a.post("/api/v1/auth/login", {"username": "chuyenvien.thucphan",
                                                       "password": harness.DEMO_PASSWORD}), 403)
        assert "khóa" in e["message"], e
        assert a.get("/api/v1/inbox", token=rcv).status == 200
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Sau Khi Khóa", "004155555555")
        assert r.status == 201, r
        a.wait_synced()
        verify(a.db)


def test_node_requests_are_checked_before_the_body(_shared):
    """A push whose signature headers are wrong is refused on its head, before a byte of its (large) body is read;
    a signed one is held to the JSON limit, not the 64 KiB of an anonymous body."""
    p = nodes.province()
    try:
        status, raw = harness.raw_http(p.port, b"POST /api/v1/node/push HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                               b"application/json\r\nContent-Length: 900000\r\nX-Motcua-Node: 04/12"
                                               b"\r\n\r\n", timeout=10)
        assert status == 401, raw[:300]
    finally:
        p.stop()
        p.cleanup()


def receipt_text(s, code, token):
    from test_forms import text_of
    r = s.get("/api/v1/dossiers/%s/forms/receipt.pdf" % code, token=token)
    assert r.status == 200, r
    return " ".join(text_of(r.body).split())


def test_an_offline_receipt_says_so(_shared):
    """A receipt printed while the node has not reached the province for more than 2 minutes says it was issued
    offline, at which node and when; printed again at the province after the exchange, it says the same. A receipt
    issued while the link works does not."""
    vn = datetime.timezone(datetime.timedelta(hours=7))
    start = datetime.datetime.now(vn).replace(microsecond=0)
    clock = harness.Clock(start.isoformat())
    at = ["--clock-file", clock.path]
    with nodes.running(15, ["01273"], province_extra=at, node_extra=at, after=(clock.remove,)) as (p, a):
        rcv = a.login("tiepnhan.thucphan")
        # The node does the counter's work; online services, feedback, ratings and reports stay at the province.
        assert a.get("/can-bo", token=rcv).status == 200
        assert a.get("/api/v1/procedures", token=rcv).status == 200
        for path in ("/api/v1/feedback", "/api/v1/stats/processing", "/api/v1/nodes", "/api/v1/node/state"):
            e = expect_error(a.get(path, token=rcv), 409)
            assert "hệ thống một cửa điện tử của tỉnh" in e["message"], e
        page = a.get("/can-bo/phan-anh", token=rcv)
        assert page.status == 409 and "của tỉnh" in page.body.decode("utf-8"), page
        time.sleep(2.5)  # an exchange has happened at the start
        first = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Khi Có Mạng", "004166666661").json()
        online, online_key = first["code"], first["tracking_key"]
        a.wait_synced()
        banner = a.get("/can-bo", token=rcv).body.decode("utf-8")
        assert "Máy trạm một cửa xã số 15: đã đồng bộ với hệ thống tỉnh lúc" in banner, banner[:3000]
        assert "/can-bo/thong-ke" not in banner and "/can-bo/phan-anh" not in banner  # the province's pages
        track = "/tra-cuu?" + urlencode({"code": online, "key": online_key})
        assert "mất kết nối" not in p.get(track).body.decode("utf-8")
        # A transfer (liên thông) opens a dossier at another agency: the province's work, refused at the node.
        e = expect_error(a.post("/api/v1/dossiers/%s/actions/transfer" % online, {"to_unit": "000.00.04.H04"},
                                token=rcv), 409)
        assert "của tỉnh" in e["message"], e
        a.link.down()
        later = start + datetime.timedelta(minutes=10)
        clock.set(later.isoformat())
        r = intake(a, rcv, WARD_PROC, WARD_DOCS, "Người Nộp Khi Mất Mạng", "004166666662")
        assert r.status == 201, r
        offline = r.json()["code"]
        note = "Tiếp nhận ngoại tuyến tại Phường Thục Phán (máy trạm số 15) lúc " + later.strftime("%H:%M %d/%m/%Y")
        # the province sees the commune offline (public, for the portal; and the administrators' page)
        conn = p.get("/api/v1/units/01273/connectivity").json()
        assert (conn["node"], conn["online"]) == (15, False) and conn["last_seen"], conn
        assert p.get("/api/v1/units/01279/connectivity").json() == {"unit": "01279", "node": None, "online": True}
        expect_error(p.get("/api/v1/units/KHONG/connectivity"), 404)
        page = p.get("/quan-tri/may-tram", token=p.login("admin")).body.decode("utf-8")
        assert "Mất kết nối" in page and "Máy trạm 15" in page, page[-1500:]
        # and the citizen choosing where to submit online is told
        form = p.get("/nop-ho-so/" + WARD_PROC, token=p.login("0912345678")).body.decode("utf-8")
        assert "Phường Thục Phán (đang mất kết nối)" in form and "Bộ phận một cửa Phường Thục Phán đang mất kết nối" \
            in form, form[:3000]
        assert "Phường Nùng Trí Cao (đang mất kết nối)" not in form
        assert note in receipt_text(a, offline, rcv)
        # the node's officers see it on every page, with what waits; the citizen tracking a dossier held there too
        banner = a.get("/can-bo", token=rcv).body.decode("utf-8")
        assert re.search(r"Mất kết nối với hệ thống tỉnh từ \d\d:\d\d \d\d/\d\d/\d{4}</strong> — vẫn tiếp nhận, "
                         r"xử lý hồ sơ bình thường; [1-9]\d* thao tác chờ đồng bộ", banner), banner[:3000]
        page = p.get(track).body.decode("utf-8")
        assert "Hồ sơ đang được xử lý tại Phường Thục Phán, nơi đang mất kết nối với hệ thống tỉnh từ" in page, page
        # and the monitoring: at the node, what waits and since when; at the province, when it was last heard of
        m = a.get("/metrics").body.decode("utf-8")
        assert re.search(r"^motcua_node_waiting [1-9]\d*$", m, re.M), m[-800:]
        age = int(re.search(r"^motcua_node_last_exchange_age_seconds (\d+)$", m, re.M).group(1))
        assert age >= 590, age
        m = p.get("/metrics").body.decode("utf-8")
        seen = int(re.search(r'^motcua_node_last_seen_seconds\{province="04",node="15"\} (\d+)$', m, re.M).group(1))
        assert seen >= 590, seen
        assert "ngoại tuyến" not in receipt_text(a, online, rcv)
        a.link.up()
        a.wait_synced()
        assert p.get("/api/v1/units/01273/connectivity").json()["online"] is True
        assert "mất kết nối" not in p.get(track).body.decode("utf-8")
        # (the banner follows at the end of the exchange round that acknowledged the entries)
        wait_for(lambda: "đã đồng bộ với hệ thống tỉnh" in a.get("/can-bo", token=rcv).body.decode("utf-8"))
        assert nodes.sql(p.db, "SELECT head_seq, acked_seq FROM nodes WHERE number = 15") == [(str(a.queued()),) * 2]
        time.sleep(5.5)  # the province's figures in /metrics are at most 5 s old
        m = p.get("/metrics").body.decode("utf-8")
        assert 'motcua_node_pending{province="04",node="15"} 0' in m and \
            'motcua_node_conflicts_open{province="04",node="15"} 0' in m, m[-1500:]
        assert re.search(r"^motcua_node_waiting 0$", a.get("/metrics").body.decode("utf-8"), re.M)
        assert "đang mất kết nối" not in p.get("/nop-ho-so/" + WARD_PROC, token=p.login("0912345678")).body.decode()
        assert "Đang kết nối" in p.get("/quan-tri/may-tram", token=p.login("admin")).body.decode("utf-8")
        prov = p.login("tiepnhan.thucphan")
        assert note in receipt_text(p, offline, prov)
        assert "ngoại tuyến" not in receipt_text(p, online, prov)
        assert nodes.sql(p.db, "SELECT node, offline FROM dossier_origin ORDER BY offline") == [("15", "0"), ("15", "1")]


if __name__ == "__main__":
    harness.main(globals())
