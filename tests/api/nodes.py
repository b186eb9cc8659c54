"""Commune nodes for the tests (issue 21, docs/NODE.md §10): a province that answers nodes, nodes made with
`motcua node init` and served with `--node-of` pointing at a Link (tests/api/link.py) the test cuts, and what the
tests read from their databases."""
import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time

import harness
from link import Link

KEYS = tempfile.mkdtemp(prefix="motcua-nodes-")


def keypair(name, kind="node"):
    sec, pub = os.path.join(KEYS, name + ".key"), os.path.join(KEYS, name + ".pub")
    if not os.path.exists(sec):
        harness.run_cli("node", "keygen" if kind == "node" else "exchange-keygen", "--secret", sec, "--public", pub)
    return sec, pub


def province(extra=(), store=None):
    """A province server (demo data) that answers commune nodes."""
    xsec, _ = keypair("exchange", kind="exchange")
    return harness.Server(extra_args=["--node-exchange-key", xsec, "--scan-interval", "0"] + list(extra), store=store)


def register(p, number, units, pub):
    with open(pub, encoding="utf-8") as f:
        r = p.post("/api/v1/nodes", {"number": number, "name": "Máy trạm %d" % number, "units": units,
                                     "public": f.read()}, token=p.login("admin"))
    assert r.status == 201, r


class Node(harness.Server):
    """A commune node: its own SQLite database made by `motcua node init` from the province, served with
    --node-of the link's address, exchanging every second."""

    def __init__(self, p, number, units, extra=()):
        self.number = number
        self.sec, pub = keypair("node%d-%s" % (number, os.getpid()))
        register(p, number, units, pub)
        self.link = Link(p.port)
        self.dir = tempfile.mkdtemp(prefix="motcua-node-")
        self.files = os.path.join(self.dir, "files")
        self.db = os.path.join(self.dir, "node.db")
        self.kind = "sqlite"
        _, xpub = keypair("exchange", kind="exchange")
        harness.run_cli("node", "init", "--province", "http://127.0.0.1:%d" % p.port, "--node", "04/%d" % number,
                        "--key", self.sec, "--province-key", xpub, db=self.db)
        self.extra_args = ["--node-key", self.sec, "--node-of", "http://127.0.0.1:%d" % self.link.port,
                           "--node-interval", "1", "--node-retry-max", "2"] + list(extra)
        self.log = None
        self.proc = None
        self.start()

    def start(self, extra=()):
        args = self.extra_args
        self.extra_args = args + list(extra)
        try:
            for _ in range(5):
                if self._start():
                    return
            raise AssertionError("node %d did not start" % self.number)
        finally:
            self.extra_args = args

    def restart(self, extra=()):
        self.stop()
        self.start(extra)

    def waiting(self):
        """Entries the province has not acknowledged."""
        c = sqlite3.connect(self.db, timeout=30)
        try:
            return c.execute("SELECT COUNT(*) FROM node_outq WHERE acked_at IS NULL").fetchone()[0]
        finally:
            c.close()

    def queued(self):
        c = sqlite3.connect(self.db, timeout=30)
        try:
            return c.execute("SELECT COUNT(*) FROM node_outq").fetchone()[0]
        finally:
            c.close()

    def wait_synced(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError("node %d exited %s" % (self.number, self.proc.returncode))
            if self.waiting() == 0:
                return
            time.sleep(0.2)
        raise AssertionError("node %d: %d entries still waiting after %d s:\n%s" % (
            self.number, self.waiting(), timeout, open(os.path.join(self.dir, "serve.log")).read()[-2000:]))

    def cleanup(self):
        self.link.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def sql(db, query):
    """Rows of a query (written by the test, no input in it) on a database: a SQLite file or a PostgreSQL URI."""
    if db.startswith("postgres"):
        p = subprocess.run(["psql", "-At", "-F", "\t", "-d", db, "-c", query], capture_output=True, text=True,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        return [tuple(line.split("\t")) for line in p.stdout.splitlines() if line]
    c = sqlite3.connect(db, timeout=30)
    try:
        return [tuple("" if v is None else str(v) for v in r) for r in c.execute(query).fetchall()]
    finally:
        c.close()


@contextlib.contextmanager
def running(number, units, province_extra=(), node_extra=(), after=()):
    """A province and one commune node on `units`, stopped and removed afterwards (then each of `after` called)."""
    p = province(extra=province_extra)
    a = None
    try:
        a = Node(p, number, units, extra=node_extra)
        yield p, a
    finally:
        if a is not None:
            a.stop()
            a.cleanup()
        p.stop()
        p.cleanup()
        for fn in after:
            fn()
