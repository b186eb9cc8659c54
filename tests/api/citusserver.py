"""A throwaway Citus cluster for the tests, as tests/api/pgserver.py's PgServer is a throwaway
PostgreSQL server: scripts/citus.sh start runs a coordinator and two workers on 127.0.0.1 (free
ports) in a temporary folder, and stop() stops them and removes it. Citus must be built and
installed first: scripts/citus.sh build (root, once per machine).

A test run (scripts/test_runner.py) starts one cluster for all its programs and names its folder in
MOTCUA_TEST_CITUS_DIR: CitusCluster() then attaches to it instead of starting its own, names its
databases after its process, makes each template once for the whole run (under a lock in the
cluster's folder) and drops its databases when done with them (done_with, stop)."""
import fcntl
import hashlib
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
SHARED = "MOTCUA_TEST_CITUS_DIR"


class CitusCluster:
    def __init__(self, shared=None):
        """A cluster of its own, or the one in folder `shared` (default: $MOTCUA_TEST_CITUS_DIR when
        set; "" starts one of its own even then: the test runner's own)."""
        assert os.path.exists(os.path.join(PGBIN, "pg_ctl")), \
            "PostgreSQL 15 is not installed (scripts/citus.sh build installs it)"
        self.bin = PGBIN
        self.n = 0
        self.templates = {}
        self.made = []
        if shared is None:
            shared = os.environ.get(SHARED, "")
        self.shared = bool(shared)
        if self.shared:
            self.dir = shared
            self._ports()
            self.uri = "postgresql://postgres@127.0.0.1:%d/motcua" % self.port
            return
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
        self._ports()

    def _ports(self):
        ports = {}
        with open(os.path.join(self.dir, "ports")) as f:
            for line in f:
                name, _, port = line.strip().partition("=")
                ports[name] = int(port)
        self.port = ports["coordinator"]
        self.worker_ports = [ports["worker1"], ports["worker2"]]

    def _name(self):
        """A database name no other program on the cluster uses."""
        self.n += 1
        name = "motcua_%d_%d" % (os.getpid(), self.n)
        self.made.append(name)
        return name

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

    def new_database(self, name=None):
        """A fresh empty database on the coordinator, distributed over both workers; returns its
        postgresql:// URI. Citus's metadata is per database: the extension is created in it on
        every node and the coordinator's copy learns the nodes."""
        name = name or self._name()

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
        About 1 s instead of 8 for a migrated and distributed database with the demo data. On a
        shared cluster the template is made once for every program of the run."""
        if key not in self.templates:
            template = "tpl_" + hashlib.sha1(key.encode()).hexdigest()[:12]
            if self.shared:
                with open(os.path.join(self.dir, ".lock"), "a") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                    done = os.path.join(self.dir, template + ".done")
                    if not os.path.exists(done):
                        self._template(template, init)
                        open(done, "w").close()
            else:
                self._template(template, init)
            self.templates[key] = template
        name = self._name()
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

    def _template(self, name, init):
        """Database `name`, initialised by init(uri), closed to connections so that it can be copied."""
        for port in [self.port] + self.worker_ports:  # what a failed attempt may have left
            self._sql(port, "postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        uri = self.new_database(name)
        init(uri)
        # No one may be connected to a template: Citus's maintenance daemon is, on every node.
        for port in [self.port] + self.worker_ports:
            self._sql(port, "postgres", "ALTER DATABASE %s WITH ALLOW_CONNECTIONS false" % name,
                      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s'" % name)

    def _drop(self, name):
        """Drops database `name` on every node, coordinator first (its connections to the workers go
        with it)."""
        for port in [self.port] + self.worker_ports:
            self._sql(port, "postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)

    def done_with(self, uri):
        """A server is done with the database at uri: on a shared cluster it is dropped now (the
        cluster outlives this program); a cluster of its own goes as a whole at stop()."""
        name = uri.rsplit("/", 1)[1]
        if self.shared and name in self.made:
            self._drop(name)
            self.made.remove(name)

    def stop(self):
        if self.shared:  # the run's cluster: only this program's databases go
            for name in list(self.made):
                try:
                    self._drop(name)
                except AssertionError:
                    pass
            self.made = []
            return
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
