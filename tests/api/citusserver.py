"""A throwaway Citus cluster for the tests, as tests/api/pgserver.py's PgServer is a throwaway
PostgreSQL server: scripts/citus.sh start runs a coordinator and two workers on 127.0.0.1 (free
ports) in a temporary folder, and stop() stops them and removes it. Citus must be built and
installed first: scripts/citus.sh build (root, once per machine)."""
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
CITUS_SH = os.path.join(HERE, "..", "..", "scripts", "citus.sh")
# Citus is built against PostgreSQL 15 (scripts/citus.sh), so its tools, not the newest installed.
PGBIN = "/usr/lib/postgresql/15/bin"
NODES = ("coordinator", "worker1", "worker2")


class CitusCluster:
    def __init__(self):
        assert os.path.exists(os.path.join(PGBIN, "pg_ctl")), \
            "PostgreSQL 15 is not installed (scripts/citus.sh build installs it)"
        self.bin = PGBIN
        self.dir = tempfile.mkdtemp(prefix="motcua-citus-")
        p = subprocess.run(["sh", CITUS_SH, "start", self.dir], capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            logs = ""
            for node in NODES:
                try:
                    with open(os.path.join(self.dir, node + ".log")) as f:
                        logs += "\n--- %s.log\n%s" % (node, f.read()[-2000:])
                except OSError:
                    pass
            shutil.rmtree(self.dir, ignore_errors=True)
            raise AssertionError("scripts/citus.sh start failed:\n%s%s" % (p.stderr, logs))
        self.uri = p.stdout.strip().splitlines()[-1]
        ports = {}
        with open(os.path.join(self.dir, "ports")) as f:
            for line in f:
                name, _, port = line.strip().partition("=")
                ports[name] = int(port)
        self.port = ports["coordinator"]
        self.worker_ports = [ports["worker1"], ports["worker2"]]
        self.n = 0
        self.templates = {}

    def _run(self, tool, *args):
        # Clients only (over TCP as the postgres role): they need not run as the postgres user.
        cmd = [os.path.join(self.bin, tool)] + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, (cmd, p.stdout, p.stderr)
        return p

    def _sql(self, port, db, *statements):
        args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                "-d", db]
        for s in statements:
            args += ["-c", s]
        return self._run("psql", *args)

    def new_database(self):
        """A fresh empty database on the coordinator, distributed over both workers; returns its
        postgresql:// URI. Citus's metadata is per database: the extension is created in it on
        every node and the coordinator's copy learns the nodes."""
        self.n += 1
        name = "motcua_%d" % self.n

        def create(port):
            self._run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name)
            self._sql(port, name, "CREATE EXTENSION citus")

        # The three nodes at once: the extension's script takes about half a second on each.
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(create, [self.port] + self.worker_ports))
        self._sql(self.port, name,
                  "SELECT citus_set_coordinator_host('127.0.0.1', %d)" % self.port,
                  *("SELECT citus_add_node('127.0.0.1', %d)" % w for w in self.worker_ports))
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def initialised_database(self, key, init):
        """A fresh database on which init(uri) (motcua init, with or without the demo) has run: the
        first time for `key` it runs on a new database, which then becomes the template that later
        calls copy on each node (CREATE DATABASE ... TEMPLATE: the coordinator's metadata and the
        workers' shards are copied alike, and the copy's queries go to the copies on the workers).
        About 1 s instead of 8 for a migrated and distributed database with the demo data."""
        if key not in self.templates:
            uri = self.new_database()
            init(uri)
            name = uri.rsplit("/", 1)[1]
            # No one may be connected to a template: Citus's maintenance daemon is, on every node.
            for port in [self.port] + self.worker_ports:
                self._sql(port, "postgres", "ALTER DATABASE %s WITH ALLOW_CONNECTIONS false" % name,
                          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s'" % name)
            self.templates[key] = name
        self.n += 1
        name = "motcua_%d" % self.n
        template = self.templates[key]

        def copy(port):
            for attempt in range(50):
                try:
                    self._sql(port, "postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
                    return
                except AssertionError as ex:  # a daemon still leaving the template: again
                    if "being accessed by other users" not in str(ex) or attempt == 49:
                        raise
                    time.sleep(0.1)

        with ThreadPoolExecutor(3) as pool:
            list(pool.map(copy, [self.port] + self.worker_ports))
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        try:
            p = subprocess.run(["sh", CITUS_SH, "stop", self.dir], capture_output=True, text=True, timeout=120)
            if p.returncode != 0:  # whatever happened, no server is left running
                for node in NODES:
                    data = os.path.join(self.dir, node)
                    if os.path.exists(os.path.join(data, "postmaster.pid")):
                        cmd = [os.path.join(self.bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]
                        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
                            cmd = ["runuser", "-u", "postgres", "--"] + cmd
                        subprocess.run(cmd, capture_output=True, timeout=60)
            assert p.returncode == 0, ("scripts/citus.sh stop", p.stdout, p.stderr)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
