"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder
(as the postgres user when the tests run as root), listening on 127.0.0.1
only on a free port, stopped and removed afterwards."""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile

import harness


class PgServer:
    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        assert bins, "PostgreSQL server is not installed (scripts/deps.sh --test installs it)"
        self.bin = os.path.dirname(bins[-1])
        self.dir = tempfile.mkdtemp(prefix="motcua-pg-")
        self.as_user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = "postgres"
        self.port = harness.free_port()
        data = os.path.join(self.dir, "data")
        self._run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        opts = ("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=200" % (self.port, self.dir))
        self._run("pg_ctl", "-D", data, "-o", opts, "-l", os.path.join(self.dir, "log"), "-w", "start")
        self.n = 0
        self.templates = {}

    def _run(self, tool, *args):
        cmd = [os.path.join(self.bin, tool)] + list(args)
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--"] + cmd
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, (cmd, p.stdout, p.stderr)
        return p

    def new_database(self):
        """A fresh empty database; returns its postgresql:// URI."""
        self.n += 1
        name = "motcua_%d" % self.n
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def initialised_database(self, key, init):
        """A fresh database on which init(uri) (motcua init, with or without the demo) has run: the
        first time for `key` on a new database, which later calls copy (CREATE DATABASE ... TEMPLATE,
        a copy of its files: a few tens of milliseconds instead of a second of init)."""
        if key not in self.templates:
            uri = self.new_database()
            init(uri)
            self.templates[key] = uri.rsplit("/", 1)[1]
        self.n += 1
        name = "motcua_%d" % self.n
        self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", "-d", "postgres", "-c", "CREATE DATABASE %s TEMPLATE %s" % (name, self.templates[key]))
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        try:
            self._run("pg_ctl", "-D", os.path.join(self.dir, "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
