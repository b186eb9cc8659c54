"""The settings file and the environment (issue 18, operations; docs/OPERATIONS.md#configuration).

- `motcua serve --config FILE` (or $MOTCUA_CONFIG) takes every setting from `name = value` lines
  named like serve's long options; MOTCUA_<NAME> overrides the file, a command-line option both.
- Every long option of `motcua serve --help` is a valid setting (the list is serve's own).
- Other commands take `db` from the file; $MOTCUA_DB overrides it.
- An unknown name, a line without "=", a bad true/false, a setting given twice and a missing file are
  refused with the file name and line, in Vietnamese.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

import harness
import opsutil

_dir = None
_db = None


def workdir():
    """A folder with a demo database, made once."""
    global _dir, _db
    if _dir is None:
        _dir = tempfile.mkdtemp(prefix="motcua-config-")
        _db = harness.new_db(_dir)
        harness.run_cli("init", "--demo", "--data", harness.DATA, db=_db)
    return _dir, _db


def write(name, text):
    d, _ = workdir()
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def clean_env(**extra):
    """The environment without any MOTCUA_ variable of a setting (only the test's own)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    e.update(extra)
    return e


class Serve:
    """motcua serve with exactly the arguments and environment given; the port comes from the settings."""

    def __init__(self, port, args=(), env=None):
        d, _ = workdir()
        self.port = port
        self.log = open(os.path.join(d, "serve-%d.log" % port), "w")
        self.proc = subprocess.Popen([harness.BIN, "serve"] + list(args), stdout=self.log, stderr=subprocess.STDOUT,
                                     env=env)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if self.get("/api/v1/health").status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("serve did not start: " + open(self.log.name).read()[-2000:])

    def request(self, method, path, **kw):
        s = harness.Server.__new__(harness.Server)  # only its request method: no server of its own
        s.port = self.port
        return harness.Server.request(s, method, path, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.log.close()
        assert self.proc.returncode in (0, None), open(self.log.name).read()[-2000:]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def settings(port, **more):
    d, db = workdir()
    lines = ["# motcua settings of the test", "listen = 127.0.0.1:%d" % port, "db = %s" % db,
             "files = %s" % os.path.join(d, "files"), "  web=" + harness.WEB + "  ", "pwhash = test", "",
             "quiet = true", "secure-cookies = true", 'metrics-allow = "127.0.0.2"']
    lines += ["%s = %s" % (k.replace("_", "-"), v) for k, v in more.items()]
    return "\n".join(lines) + "\n"


def test_serve_takes_every_setting_from_the_file():
    port = harness.free_port()
    conf = write("motcua.conf", settings(port))
    with Serve(port, ["--config", conf], env=clean_env()) as s:
        # listen, db (the demo's users), pwhash, secure-cookies: the login cookie is Secure.
        r = s.request("POST", "/api/v1/auth/login", body={"username": "admin", "password": harness.DEMO_PASSWORD})
        assert r.status == 200, r
        assert "Secure" in r.header("Set-Cookie"), r.header("Set-Cookie")
        # web: the portal is served.
        assert s.get("/").status == 200
        # metrics-allow from the file: 127.0.0.2 reads /metrics, 127.0.0.1 does not.
        assert s.get("/metrics", source="127.0.0.2").status == 200
        assert s.get("/metrics").status == 403


def test_environment_overrides_the_file_and_the_command_line_both():
    port = harness.free_port()
    conf = write("precedence.conf", settings(port))
    # $MOTCUA_CONFIG names the file; MOTCUA_METRICS_ALLOW wins over its metrics-allow.
    env = clean_env(MOTCUA_CONFIG=conf, MOTCUA_METRICS_ALLOW="127.0.0.3")
    with Serve(port, [], env=env) as s:
        assert s.get("/metrics", source="127.0.0.3").status == 200
        assert s.get("/metrics", source="127.0.0.2").status == 403
    # The command line wins over both.
    with Serve(port, ["--metrics-allow", "127.0.0.4"], env=env) as s:
        assert s.get("/metrics", source="127.0.0.4").status == 200
        assert s.get("/metrics", source="127.0.0.3").status == 403
    # A flag set in the file is turned off by the environment.
    with Serve(port, [], env=dict(env, MOTCUA_SECURE_COOKIES="false")) as s:
        r = s.request("POST", "/api/v1/auth/login", body={"username": "admin", "password": harness.DEMO_PASSWORD})
        assert r.status == 200 and "Secure" not in r.header("Set-Cookie"), r.header("Set-Cookie")


def test_every_serve_option_is_a_setting():
    p = harness.run_cli("serve", "--help")
    names = re.findall(r"^  --([a-z0-9-]+)( [A-Z])?", p.stdout, re.M)
    assert len(names) >= 30 and ("metrics-allow", " L") in names and ("secure-cookies", "") in names, names
    text = "".join("%s = %s\n" % (n, "x" if value else "false") for n, value in names)
    conf = write("all.conf", text)
    _, db = workdir()
    d = harness.run_cli("doctor", "--config", conf, "--db", db, check=False, env=clean_env())
    assert "tệp cấu hình %s đọc được" % conf in d.stdout, d.stdout + d.stderr


def test_other_commands_take_the_database_from_the_file():
    _, db = workdir()
    conf = write("db-only.conf", "db = %s\n" % db)
    p = subprocess.run([harness.BIN, "journal", "verify", "--config", conf], capture_output=True, text=True,
                       env=clean_env(), timeout=60)
    assert p.returncode == 0 and "Nhật ký nguyên vẹn" in p.stdout, (p.stdout, p.stderr)
    # $MOTCUA_DB over the file.
    p = subprocess.run([harness.BIN, "journal", "verify", "--config", conf], capture_output=True, text=True,
                       env=clean_env(MOTCUA_DB=os.path.join(os.path.dirname(conf), "none.db")), timeout=60)
    assert p.returncode == 1 and "none.db" in p.stderr, (p.stdout, p.stderr)


def refused(text, *expect):
    conf = write("bad.conf", text)
    p = subprocess.run([harness.BIN, "serve", "--config", conf], capture_output=True, text=True, env=clean_env(),
                       timeout=30)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert conf in p.stderr and harness.is_vietnamese(p.stderr), p.stderr
    for e in expect:
        assert e in p.stderr, (e, p.stderr)
    return p


def test_malformed_files_are_refused_with_their_line():
    refused("# ok\nlisten = 127.0.0.1:1\nthreds = 4\n", "dòng 3", '"threds"')
    refused("listen 127.0.0.1:1\n", "dòng 1", "thiếu dấu")
    refused("\n\nsecure-cookies = maybe\n", "dòng 3", "true hoặc false")
    refused("threads = 4\nthreads = 8\n", "dòng 2", "dòng 1")
    refused("--listen = 127.0.0.1:1\n", "dòng 1", "không hợp lệ")
    refused("config = /etc/motcua/motcua.conf\n", "dòng 1", '"config"')
    p = subprocess.run([harness.BIN, "serve", "--config", "/nonexistent/motcua.conf"], capture_output=True, text=True,
                       env=clean_env(), timeout=30)
    assert p.returncode == 2 and "/nonexistent/motcua.conf" in p.stderr and "không đọc được" in p.stderr, p.stderr


def cleanup():
    if _dir:
        shutil.rmtree(_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(opsutil.run_plain(globals(), cleanup))
