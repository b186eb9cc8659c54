"""Black-box test harness: starts the real motcua binary on a fresh database
and talks to it over HTTP on 127.0.0.1. Standard library only.

Environment:
  MOTCUA_BIN   binary to test (default bin/motcua)
  MOTCUA_DATA  demo data folder (default data)
  MOTCUA_WEB   portal templates and static files (default web)
"""
import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("MOTCUA_BIN", os.path.join(ROOT, "bin", "motcua"))
DATA = os.environ.get("MOTCUA_DATA", os.path.join(ROOT, "data"))
WEB = os.environ.get("MOTCUA_WEB", os.path.join(ROOT, "web"))
DEMO_PASSWORD = "CaoBang@2026"


def free_port():
    """A port on 127.0.0.1 that was free a moment ago. Drawn at random below
    the kernel's ephemeral range (32768-60999 on Debian), so that the client
    connections the tests open never take it, and so that two test programs
    started in parallel rarely draw the same one; Server checks that the
    listener is its own and draws again when it is not."""
    lo, hi = 20000, 32000
    try:
        lo_e = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
        hi = min(hi, lo_e - 1)
    except (OSError, ValueError, IndexError):
        pass
    for _ in range(200):
        port = random.randint(lo, hi)
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listens(pid, port):
    """True when process `pid` holds the listening TCP socket on 127.0.0.1:port
    (read from /proc: the socket's inode among the process's descriptors)."""
    want = ":%04X" % port
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if len(f) > 9 and f[1].endswith(want) and f[3] == "0A":
                inodes.add("socket:[%s]" % f[9])
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)) in inodes:
                return True
        except OSError:
            continue
    return False


def run_cli(*args, db=None, env=None, input=None, check=True):
    """Runs `motcua ARGS` and returns CompletedProcess (text)."""
    e = dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_DATA=DATA)
    if env:
        e.update(env)
    cmd = [BIN] + list(args)
    if db:
        cmd += ["--db", db]
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, input=input, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("motcua %s failed (%d): %s %s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


_pg = {}


def store_under_test():
    """"sqlite" (a file per server), "postgresql" (MOTCUA_TEST_STORE=postgresql: a database per
    server on one throwaway PostgreSQL server for the whole test program) or "citus"
    (MOTCUA_TEST_STORE=citus: the same on a throwaway coordinator with two workers,
    tests/api/citusserver.py; Citus built first with scripts/citus.sh build)."""
    return os.environ.get("MOTCUA_TEST_STORE", "sqlite")


def on_postgresql():
    """Whether the store under test is PostgreSQL, plain or distributed by Citus."""
    return store_under_test() in ("postgresql", "citus")


def new_db(folder, store=None):
    """A new empty database for a server: a file in folder (SQLite), or a database on the program's
    throwaway PostgreSQL server or Citus cluster (one of each at most, started at first need)."""
    kind = store or store_under_test()
    if kind not in ("postgresql", "citus"):
        return os.path.join(folder, "test.db")
    return started(kind).new_database()


def started(kind):
    """The program's PgServer ("postgresql") or CitusCluster ("citus"), started at first need and
    stopped when the program exits."""
    if kind not in _pg:
        import atexit
        if kind == "citus":
            from citusserver import CitusCluster
            _pg[kind] = CitusCluster()
        else:
            from pgserver import PgServer
            _pg[kind] = PgServer()
        atexit.register(_pg[kind].stop)
    return _pg[kind]


def db_server(kind):
    """The program's PgServer or CitusCluster of that kind, once new_db has started it (else None)."""
    return _pg.get(kind)


def count_rows(db, table):
    """Rows in a table of a server's database, whichever the store."""
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-d", db, "-c", "SELECT COUNT(*) FROM " + table], capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return int(p.stdout.strip())
    import sqlite3
    c = sqlite3.connect(db)
    n = c.execute("SELECT COUNT(*) FROM " + table).fetchone()[0]
    c.close()
    return n


class Server:
    """A motcua server on a fresh demo database in a temporary folder."""

    def __init__(self, demo=True, extra_args=(), store=None):
        self.dir = tempfile.mkdtemp(prefix="motcua-api-")
        self.files = os.path.join(self.dir, "files")
        init = ["init"] + (["--demo", "--data", DATA] if demo else [])
        kind = store or store_under_test()
        self.kind = kind
        if kind in ("postgresql", "citus"):  # a copy of a database initialised once by the program
            self.db = started(kind).initialised_database(" ".join(init), lambda uri: run_cli(*init, db=uri))
        else:
            self.db = new_db(self.dir, store)
            run_cli(*init, db=self.db)
        self.extra_args = list(extra_args)
        self.log = None
        for _ in range(5):
            if self._start():
                return
        raise AssertionError("server did not start")

    def _start(self):
        """Starts the server on a fresh port; True once it answers and the
        listener is its own (another test program may have drawn the same
        port a moment earlier), False to draw again."""
        self.port = free_port()
        env = dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_WEB=WEB)
        if self.log:
            self.log.close()
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--files", self.files, "--listen", "127.0.0.1:%d" % self.port, "--quiet"]
            + self.extra_args,
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if self.request("GET", "/api/v1/health").status == 200:
                    if listens(self.proc.pid, self.port):
                        return True
                    break
            except OSError:
                time.sleep(0.05)
        self.stop()
        return False

    def request(self, method, path, body=None, headers=None, token=None, raw=None, ctype=None, source=None):
        """One request on a new connection; `source` picks the client address (any of 127.0.0.0/8)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                       source_address=(source, 0) if source else None)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        if ctype:
            h["Content-Type"] = ctype
        if token:
            h["Authorization"] = "Bearer " + token
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        c.close()
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def login(self, username, password=DEMO_PASSWORD, source=None):
        r = self.post("/api/v1/auth/login", {"username": username, "password": password}, source=source)
        assert r.status == 200, r
        return r.json()["token"]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        rc = self.proc.returncode if self.proc else 0
        self.proc = None
        self.log.close()
        return rc

    def cleanup(self):
        """Removes the server's folder and, on a Citus cluster shared by the run, its database."""
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.kind == "citus" and db_server("citus") is not None:
            db_server("citus").done_with(self.db)


@contextlib.contextmanager
def own_server(extra_args=(), demo=True, store=None):
    """A Server with its own options for one test, e.g.
    `with own_server(["--session-ttl", "2"]) as s: ...`. Stopped and removed
    afterwards; a non-zero exit (sanitizer report) fails the test."""
    s = Server(demo=demo, extra_args=extra_args, store=store)
    ok = False
    try:
        yield s
        ok = True
    finally:
        rc = s.stop()
        log = open(os.path.join(s.dir, "serve.log")).read()[-3000:]
        s.cleanup()
        if ok and rc not in (0, None):
            raise AssertionError("server exit %s (sanitizer?):\n%s" % (rc, log))


class Clock:
    """The instant a server started with `--clock-file` takes for "now": an
    ISO 8601 line in a file; set() moves it (written atomically)."""

    def __init__(self, start):
        fd, self.path = tempfile.mkstemp(prefix="motcua-clock-")
        os.close(fd)
        self.set(start)

    def set(self, iso):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write(iso + "\n")
        os.replace(tmp, self.path)
        self.now = iso

    def remove(self):
        for p in (self.path, self.path + ".tmp"):
            try:
                os.unlink(p)
            except OSError:
                pass


@contextlib.contextmanager
def clock_server(start, extra_args=(), store=None):
    """own_server() on a test clock starting at `start` (ISO 8601); the
    Clock is s.clock. Sessions are made to outlive the clock moving days."""
    clock = Clock(start)
    try:
        # The periodic deadline scan is off: the tests run `motcua jobs deadlines`.
        with own_server(["--clock-file", clock.path, "--session-ttl", str(30 * 86400), "--scan-interval", "0"]
                        + list(extra_args), store=store) as s:
            s.clock = clock
            yield s
    finally:
        clock.remove()


def raw_http(port, data, timeout=30, source=None):
    """Sends raw bytes on a new connection and returns (status or None, raw
    reply bytes). None when the server closed without answering."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except OSError:
                break
            if not b:
                break
            chunks.append(b)
    finally:
        s.close()
    reply = b"".join(chunks)
    status = None
    if reply.startswith(b"HTTP/1."):
        try:
            status = int(reply.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = None
    return status, reply


VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def is_vietnamese(text):
    """True when text carries Vietnamese letters (a translated message)."""
    return bool(text) and any(ch in VIETNAMESE_LETTERS for ch in text.lower())


def expect_error(resp, status, field=None):
    """Checks the one error shape: status, code, a Vietnamese message."""
    assert resp.status == status, "expected %d, got %r" % (status, resp)
    assert resp.header("Content-Type").startswith("application/json"), resp.headers
    e = resp.json()["error"]
    assert e["code"] and e["message"] and "message_en" in e, e
    if field is not None:
        assert e["field"] == field, "expected field %r, got %r" % (field, e["field"])
    return e


def run(tests, shared_server=True):
    """Runs test functions; each gets a Server (shared unless a test has
    attribute fresh=True). Prints one line per test and the summary."""
    passed = failed = 0
    server = None
    name = os.path.basename(sys.argv[0])
    for t in tests:
        fresh = getattr(t, "fresh", False)
        s = None
        began = time.time()
        try:
            if fresh or not shared_server:
                s = Server()
            else:
                if server is None:
                    server = Server()
                s = server
            t(s)
            passed += 1
            print("PASS %s::%s (%.1f s)" % (name, t.__name__, time.time() - began))
        except Exception:
            failed += 1
            print("FAIL %s::%s" % (name, t.__name__))
            traceback.print_exc(limit=3)
        finally:
            if s is not None and s is not server:
                rc = s.stop()
                if rc not in (0, None):
                    print("FAIL %s::%s server exit %s (sanitizer?)" % (name, t.__name__, rc))
                    sys.stdout.write(open(os.path.join(s.dir, "serve.log")).read()[-3000:])
                    failed += 1
                s.cleanup()
    if server is not None:
        rc = server.stop()
        if rc not in (0, None):
            failed += 1
            print("FAIL %s: shared server exit %s" % (name, rc))
            sys.stdout.write(open(os.path.join(server.dir, "serve.log")).read()[-3000:])
        server.cleanup()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main(module_globals):
    tests = [v for k, v in sorted(module_globals.items()) if k.startswith("test_") and callable(v)]
    sys.exit(run(tests))
