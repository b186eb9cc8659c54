"""Hostile traffic (issue 13): slow clients from one address, bodies refused on
the head, memory under a flood of anonymous bodies, ambiguous framing, the
trusted proxy, the body budget, registration and login throttling, tracking-key
guessing from many addresses. Clients take addresses of 127.0.0.0/8 (all
loopback) to stand for different machines."""
import json
import os
import socket
import threading
import time

import harness
from harness import expect_error, is_vietnamese, raw_http

LOGIN = "/api/v1/auth/login"


def rss_peak_kb(pid):
    """The process's peak resident size so far (VmHWM), in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def connect(port, source, timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))


def closed_by_server(sock, within):
    """True when the server closes sock (end of file or reset) within `within` seconds,
    while we keep sending a byte every half second."""
    end = time.time() + within
    sock.settimeout(0.5)
    while time.time() < end:
        try:
            sock.send(b"X")
        except OSError:
            return True
        try:
            b = sock.recv(4096)
            if not b:
                return True
        except socket.timeout:
            pass
        except OSError:
            return True
    return False


def answered(port, source, path="/api/v1/health", timeout=5):
    status, _ = raw_http(port, b"GET " + path.encode() + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                         timeout=timeout, source=source)
    return status


def test_slowloris_from_one_address(s):
    # Defaults but a short head deadline, so that the test does not wait 30 s.
    with harness.own_server(["--head-timeout", "4"]) as s2:
        slow = []
        for _ in range(65):
            c = connect(s2.port, "127.0.0.2")
            c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n")
            slow.append(c)
        # One of the 65 (whichever the server took last) is told to wait, in Vietnamese, at once.
        import select
        refused, end = [], time.time() + 10
        while not refused and time.time() < end:
            ready, _, _ = select.select(slow, [], [], 0.5)
            for c in ready:
                data = c.recv(65536)
                refused.append((c, data))
        assert len(refused) == 1, [d[:40] for _, d in refused]
        c, reply = refused[0]
        assert reply.startswith(b"HTTP/1.1 503"), reply[:300]
        body = json.loads(reply.split(b"\r\n\r\n", 1)[1])
        assert is_vietnamese(body["error"]["message"]), body
        slow.remove(c)
        c.close()
        # Any further one too.
        status, reply = raw_http(s2.port, b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n", timeout=5,
                                 source="127.0.0.2")
        assert status == 503, reply[:300]
        # Meanwhile another address is answered normally, again and again.
        for _ in range(5):
            assert answered(s2.port, "127.0.0.3") == 200
        # Trickling header bytes does not keep a connection: closed at the head deadline.
        t0 = time.time()
        assert closed_by_server(slow[0], within=10)
        assert time.time() - t0 < 9
        for c in slow:
            c.close()
        # Once they are gone the address is served again.
        time.sleep(0.5)
        assert answered(s2.port, "127.0.0.2") == 200


def test_a_nat_office_is_served(s):
    # With the default cap, 20 officers behind one address with two kept-alive connections each.
    conns = [connect(s.port, "127.0.0.4") for _ in range(40)]
    try:
        for c in conns:
            c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n")
        for c in conns:
            c.settimeout(10)
            data = c.recv(65536)
            assert data.startswith(b"HTTP/1.1 200"), data[:200]
    finally:
        for c in conns:
            c.close()


def test_idle_connection_is_closed(s):
    with harness.own_server(["--idle-timeout", "2", "--head-timeout", "60"]) as s2:
        c = connect(s2.port, "127.0.0.32")
        c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n")
        c.settimeout(10)
        assert c.recv(65536).startswith(b"HTTP/1.1 200")
        t0 = time.time()
        assert c.recv(65536) == b""  # kept alive, then closed when nothing comes
        assert time.time() - t0 < 8
        c.close()


def test_trickled_body_is_closed(s):
    with harness.own_server(["--body-window", "3", "--body-min-rate", "200"]) as s2:
        c = connect(s2.port, "127.0.0.5")
        c.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 5000\r\n\r\n{")
        t0 = time.time()
        assert closed_by_server(c, within=15)  # one byte every half second: 2 B/s
        assert time.time() - t0 < 10
        c.close()
        assert answered(s2.port, "127.0.0.5") == 200


def test_bodies_refused_on_the_head(s):
    # Anonymous: the small limit, answered before a byte of body is sent.
    for path in (LOGIN, "/api/v1/auth/register", "/dang-nhap"):
        c = connect(s.port, "127.0.0.6")
        c.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 8388608\r\nExpect: 100-continue\r\n\r\n")
        c.settimeout(5)
        head = c.recv(65536)
        c.close()
        assert head.startswith(b"HTTP/1.1 413"), (path, head[:200])
        assert b"100 Continue" not in head
    # A route that needs a login: 401 before the body, however small.
    status, reply = raw_http(s.port, b"POST /api/v1/dossiers HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 1000000\r\nExpect: 100-continue\r\n\r\n", timeout=5)
    assert status == 401, reply[:300]
    # A logged-in user: 1 MiB of JSON, not 8 (that is for imports).
    tok = s.login("tiepnhan.thucphan")
    status, reply = raw_http(s.port, ("POST /api/v1/dossiers HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                      "Authorization: Bearer %s\r\nContent-Length: 2000000\r\n\r\n" % tok).encode(),
                             timeout=5)
    assert status == 413, reply[:300]
    assert "1 MB" in json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["message"]


def test_memory_stays_bounded_under_anonymous_bodies(s):
    with harness.own_server() as s2:
        pid = s2.proc.pid
        assert answered(s2.port, "127.0.0.7") == 200
        before = rss_kb(pid)
        chunk = b"x" * 65536
        errors = []

        def flood(i, chunked):
            src = "127.0.%d.%d" % (1 + i // 200, 10 + i % 200)  # many addresses: the per-address cap is not what helps
            try:
                c = connect(s2.port, src, timeout=30)
                head = b"POST /api/v1/auth/register HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                head += b"Transfer-Encoding: chunked\r\n\r\n" if chunked else b"Content-Length: 8388608\r\n\r\n"
                c.sendall(head)
                for _ in range(128):  # 8 MiB
                    c.sendall((b"%x\r\n" % len(chunk) + chunk + b"\r\n") if chunked else chunk)
                if chunked:
                    c.sendall(b"0\r\n\r\n")
                c.recv(4096)
                c.close()
            except OSError:
                pass  # refused early and closed: what we want
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=flood, args=(i, i % 2 == 0)) for i in range(150)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors[:3]
        peak = rss_peak_kb(pid)
        grown_mb = (peak - before) / 1024
        print("resident size: %d MB before, peak %d MB (+%.1f MB) for 150 anonymous 8 MB bodies"
              % (before // 1024, peak // 1024, grown_mb))
        assert grown_mb < 60, grown_mb
        assert answered(s2.port, "127.0.0.7") == 200


def test_ambiguous_framing_is_400(s):
    body = b'{"username":"admin","password":"x"}'
    cases = [
        b"Content-Length: %d\r\nContent-Length: %d\r\n" % (len(body), len(body)),
        b"Content-Length: %d\r\nContent-Length: 5\r\n" % len(body),
        b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(body),
        b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n" % len(body),
        b"Transfer-Encoding: gzip\r\n",
        b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
    ]
    for framing in cases:
        req = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + framing + b"\r\n" + body
        status, reply = raw_http(s.port, req, timeout=5)
        assert status == 400, (framing, reply[:300])
        e = json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]
        assert is_vietnamese(e["message"]), e
    # A plain request still works on the same server.
    assert s.post(LOGIN, {"username": "admin", "password": harness.DEMO_PASSWORD}).status == 200


def session_addresses(db):
    if db.startswith("postgresql://"):
        import subprocess
        p = subprocess.run(["psql", "-At", "-d", db, "-c", "SELECT address FROM sessions ORDER BY created_at, address"],
                           capture_output=True, text=True, timeout=60)
        return p.stdout.split()
    import sqlite3
    c = sqlite3.connect(db)
    rows = [r[0] for r in c.execute("SELECT address FROM sessions")]
    c.close()
    return rows


def test_forwarded_for_only_from_the_configured_proxy(s):
    creds = {"username": "giamsat", "password": harness.DEMO_PASSWORD}
    with harness.own_server(["--trust-proxy", "127.0.0.9", "--max-conns-per-addr", "4"]) as s2:
        # A client cannot pick its address by writing the header itself.
        assert s2.post(LOGIN, creds, headers={"X-Forwarded-For": "1.2.3.4"}, source="127.0.0.2").status == 200
        # From the proxy, the address the proxy appended (the client's own entries before it are ignored).
        assert s2.post(LOGIN, creds, headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"},
                       source="127.0.0.9").status == 200
        got = session_addresses(s2.db)
        assert "127.0.0.2" in got and "203.0.113.7" in got, got
        assert "1.2.3.4" not in got and "6.6.6.6" not in got, got
        # The proxy carries many clients: no per-address cap on it (4 here for everyone else).
        conns = [connect(s2.port, "127.0.0.9") for _ in range(10)]
        for c in conns:
            c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n")
        for c in conns:
            c.settimeout(10)
            assert c.recv(65536).startswith(b"HTTP/1.1 200")
            c.close()
        conns = [connect(s2.port, "127.0.0.8") for _ in range(5)]
        for c in conns:
            c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n")
        # All five stay open until every reply is in: closing the first one early would free its
        # place before a slow server (ASan) has accepted the fifth.
        replies = []
        for c in conns:
            c.settimeout(10)
            replies.append(c.recv(65536)[:12])
        for c in conns:
            c.close()
        assert replies.count(b"HTTP/1.1 200") == 4 and replies.count(b"HTTP/1.1 503") == 1, replies
    # Without --trust-proxy the header is never believed.
    assert s.post(LOGIN, creds, headers={"X-Forwarded-For": "5.5.5.5"}, source="127.0.0.12").status == 200
    assert "5.5.5.5" not in session_addresses(s.db)
    # A bare --trust-proxy (the old flag) is refused with a clear message.
    p = harness.run_cli("serve", "--trust-proxy", "nginx", "--listen", "127.0.0.1:0", db=s.db, check=False)
    assert p.returncode == 2 and "--trust-proxy" in p.stderr and is_vietnamese(p.stderr), (p.returncode, p.stderr)


def test_body_budget(s):
    with harness.own_server(["--body-budget", "1"]) as s2:
        tok = s2.login("admin")
        head = ("POST /api/v1/catalog/import HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                "Authorization: Bearer %s\r\nContent-Length: 700000\r\n\r\n" % tok).encode()
        a = connect(s2.port, "127.0.0.13")
        a.sendall(head + b"{" + b" " * 1000)  # holds 700,000 bytes of the 1 MiB budget
        time.sleep(0.3)
        status, reply = raw_http(s2.port, head, timeout=5, source="127.0.0.14")
        assert status == 503, reply[:300]
        e = json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]
        assert e["code"] == "busy" and is_vietnamese(e["message"]), e
        a.close()
        time.sleep(0.5)
        # The budget is given back when the request goes.
        b = connect(s2.port, "127.0.0.14")
        b.sendall(head + b"{" + b" " * 699998 + b"}")
        b.settimeout(30)
        assert not b.recv(65536).startswith(b"HTTP/1.1 503")
        b.close()


def register(s, i, source):
    return s.post("/api/v1/auth/register", {
        "name": "Người Thử %d" % i, "id_number": "0041%08d" % i, "phone": "09%08d" % i,
        "password": "Mat-khau-%d" % i}, source=source)


def test_registrations_throttled_per_address(s):
    # One thread and one queue place for slow work: the throttle must answer before the queue.
    with harness.own_server(["--slow-threads", "1", "--slow-queue", "1"]) as s2:
        for i in range(20):
            r = register(s2, i, "127.0.0.15")
            assert r.status == 201, r
        e = expect_error(register(s2, 20, "127.0.0.15"), 429)
        assert is_vietnamese(e["message"]) and "địa chỉ" in e["message"], e
        statuses = []
        threads = [threading.Thread(target=lambda i=i: statuses.append(register(s2, 30 + i, "127.0.0.15").status))
                   for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert statuses == [429] * 12, statuses  # never 503: refused before being queued
        # The registration page is throttled the same way, its form shown again with the wait.
        page = s2.get("/dang-ky", source="127.0.0.15")
        import re
        csrf = re.search(rb'name="csrf" value="([0-9a-f]+)"', page.body).group(1).decode()
        cookie = page.header("Set-Cookie").split(";")[0]
        from urllib.parse import urlencode
        r = s2.request("POST", "/dang-ky", raw=urlencode({"csrf": csrf, "name": "Người Thử Trang", "id_number": "004100000099",
                                                          "phone": "0900000099", "password": "Mat-khau-99"}).encode(),
                       ctype="application/x-www-form-urlencoded", headers={"Cookie": cookie}, source="127.0.0.15")
        assert r.status == 429 and "Người Thử Trang".encode() in r.body, r
        # Another address registers.
        assert register(s2, 21, "127.0.0.16").status == 201
        # The throttled one wrote nothing.
        assert s2.post(LOGIN, {"username": "0900000020", "password": "Mat-khau-20"}).status == 401


def test_a_stranger_cannot_lock_an_officer_out(s):
    with harness.own_server() as s2:
        s2.login("tiepnhan.thucphan", source="127.0.0.20")  # the office's address becomes known
        codes = []
        for i in range(60):
            codes.append(s2.post(LOGIN, {"username": "tiepnhan.thucphan", "password": "doan-%d" % i},
                                 source="127.0.0.21").status)
        assert codes.count(429) > 40 and codes.count(401) >= 5, codes
        e = expect_error(s2.post(LOGIN, {"username": "tiepnhan.thucphan", "password": "x"}, source="127.0.0.21"), 429)
        assert "thử lại sau" in e["message"], e
        # The officer, at the office, is not locked out.
        s2.login("tiepnhan.thucphan", source="127.0.0.20")
        # Nor are the office's other officers, after many correct logins from the same address.
        for _ in range(40):
            s2.login("chuyenvien.thucphan", source="127.0.0.22")
        assert s2.post(LOGIN, {"username": "lanhdao.thucphan", "password": "go-nham"},
                       source="127.0.0.22").status == 401
        s2.login("lanhdao.thucphan", source="127.0.0.22")


def test_tracking_key_guessing_from_many_addresses(s):
    tok = s.login("tiepnhan.thucphan")
    r = s.post("/api/v1/dossiers", {"procedure": "1.001193", "channel": "direct", "outcome": "accept",
                                     "documents": [4, 6, 7],
                                     "applicant": {"name": "Đoán Thử", "id_number": "004095007777",
                                                   "phone": "0987657777"}}, token=tok)
    assert r.status == 201, r
    d = r.json()
    code, key = d["code"], d["tracking_key"]
    assert s.get("/api/v1/track/%s?key=7777" % code).status == 200
    # Guessers, each from its own address, each under the per-address limit.
    for i in range(30):
        r = s.get("/api/v1/track/%s?key=%04d" % (code, 1000 + i), source="127.0.2.%d" % (1 + i))
        assert r.status == 404, r
    # The phone digits no longer open it, from anywhere; the receipt's key still does.
    r = s.get("/api/v1/track/%s?key=7777" % code, source="127.0.3.1")
    e = expect_error(r, 404)
    assert "8 ký tự" in e["message"], e
    assert s.get("/tra-cuu?code=%s&key=7777" % code, source="127.0.3.2").status == 404
    assert s.get("/api/v1/track/%s?key=%s" % (code, key), source="127.0.3.3").status == 200
    # A wrong key on a code that does not exist is answered the same way.
    e2 = expect_error(s.get("/api/v1/track/%s?key=7777" % (code[:-1] + ("9" if code[-1] != "9" else "8")),
                            source="127.0.3.4"), 404)
    assert e2 == e


def test_global_connection_cap(s):
    with harness.own_server(["--threads", "2", "--max-conns", "8", "--max-conns-per-addr", "0"]) as s2:
        held = [connect(s2.port, "127.0.0.30") for _ in range(8)]
        for c in held:
            c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n")
            c.settimeout(10)
            assert c.recv(65536).startswith(b"HTTP/1.1 200")
        # Eight kept-alive connections fill it: the ninth is closed unanswered.
        status, reply = raw_http(s2.port, b"GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n", timeout=5,
                                 source="127.0.0.31")
        assert status is None, reply[:200]
        for c in held:
            c.close()
        time.sleep(0.5)
        assert answered(s2.port, "127.0.0.31") == 200
    p = harness.run_cli("serve", "--threads", "16", "--max-conns", "8", db=s.db, check=False)
    assert p.returncode == 2 and "--max-conns" in p.stderr, p.stderr


def test_slow_work_waits_in_its_own_queue(s):
    # One thread for password hashing (argon2id at its production cost) and one place in its queue.
    with harness.own_server(["--pwhash", "interactive", "--slow-threads", "1", "--slow-queue", "1"]) as s2:
        # The demo passwords were hashed at the test cost; libsodium verifies them at the cost they carry,
        # so a login is made slow by a user with a production-cost hash.
        admin = None
        for _ in range(3):
            r = s2.post(LOGIN, {"username": "admin", "password": harness.DEMO_PASSWORD})
            if r.status == 200:
                admin = r.json()["token"]
                break
        assert admin
        r = s2.post("/api/v1/users", {"username": "cham.bam", "name": "Chậm Băm", "password": "Mat-khau-cham-2026",
                                      "unit": "04", "roles": ["supervisor"]}, token=admin)
        assert r.status == 201, r
        statuses, lock = [], threading.Lock()

        def attempt(i):
            r = s2.post(LOGIN, {"username": "cham.bam", "password": "Mat-khau-cham-2026"}, source="127.0.4.%d" % (1 + i))
            with lock:
                statuses.append(r.status if r.status != 503 else (503, r.json()["error"]["message"]))

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        # While the hashing thread is busy, every other request is answered at once.
        time.sleep(0.05)
        assert answered(s2.port, "127.0.0.40", "/api/v1/procedures?q=khai%20sinh") == 200
        for t in threads:
            t.join(60)
        busy = [x for x in statuses if isinstance(x, tuple)]
        assert statuses.count(200) >= 2 and busy, statuses
        assert is_vietnamese(busy[0][1]), busy[0]


def test_writes_wait_on_their_own_threads(s):
    """Requests that write run on threads of their own (--write-threads, --write-queue): while they wait
    for the database, reads are answered, and beyond the threads and the queue a write is told to wait."""
    if s.db.startswith("postgresql://"):
        return  # the writer is held below through SQLite's own lock
    import sqlite3
    body = {"procedure": "1.001193", "channel": "direct", "outcome": "accept", "documents": [4, 6],
            "applicant": {"name": "Đàm Văn Chờ", "id_number": "004090001234", "phone": "0987000111"}}
    with harness.own_server(["--write-threads", "1", "--write-queue", "0"]) as s2:
        tok = s2.login("tiepnhan.thucphan")
        lock = sqlite3.connect(s2.db, timeout=0, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # the database's writer, held from outside
        held = {}

        def first():
            held["r"] = s2.post("/api/v1/dossiers", body, token=tok, source="127.0.5.1")

        t = threading.Thread(target=first)
        t.start()
        try:
            time.sleep(0.5)  # the first write now waits for the writer on the only write thread
            r = s2.post("/api/v1/dossiers", body, token=tok, source="127.0.5.2")
            assert r.status == 503, r
            e = r.json()["error"]
            assert e["code"] == "busy" and is_vietnamese(e["message"]), e
            t0 = time.time()
            assert answered(s2.port, "127.0.5.3", "/api/v1/procedures?q=khai%20sinh") == 200
            assert s2.get("/tra-cuu").status == 200
            assert time.time() - t0 < 2
        finally:
            lock.execute("ROLLBACK")
            lock.close()
            t.join(30)
        assert held["r"].status == 201, held["r"]
        # Given back: the next write goes through.
        assert s2.post("/api/v1/dossiers", body, token=tok, source="127.0.5.4").status == 201


def test_idle_write_threads_stop_and_come_back(s):
    """The write threads a burst needed stop after --thread-idle seconds without work, closing their database
    readers; the next writes start threads again."""
    body = {"procedure": "1.001193", "channel": "direct", "outcome": "accept", "documents": [4, 6],
            "applicant": {"name": "Lương Văn Nhàn", "id_number": "004090004321", "phone": "0987000222"}}
    with harness.own_server(["--thread-idle", "1"]) as s2:
        tok = s2.login("tiepnhan.thucphan")
        tasks = lambda: len(os.listdir("/proc/%d/task" % s2.proc.pid))
        base = tasks()
        codes, lock = [], threading.Lock()

        def intake(i):
            r = s2.post("/api/v1/dossiers", body, token=tok, source="127.0.6.%d" % (1 + i % 8))
            with lock:
                codes.append(r.status)

        burst = [threading.Thread(target=intake, args=(i,)) for i in range(24)]
        for t in burst:
            t.start()
        for t in burst:
            t.join(60)
        assert codes == [201] * 24, codes
        grown = tasks()
        assert grown > base, (base, grown)
        deadline = time.time() + 10
        while tasks() > base and time.time() < deadline:
            time.sleep(0.2)
        assert tasks() <= base, (base, grown, tasks())
        # Writes and reads go on (new threads, new readers).
        assert s2.post("/api/v1/dossiers", body, token=tok, source="127.0.6.9").status == 201
        assert s2.get("/api/v1/inbox?per_page=1", token=tok).status == 200


if __name__ == "__main__":
    harness.main(globals())
