"""Helpers of the notification tests: a real SMTP server (smtp_sink.py under Debian's python3, which has
aiosmtpd), reading what it received, a fake SMS gateway, and dossiers that notify."""
import email
import email.policy
import glob
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import harness

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN_PYTHON = "/usr/bin/python3"  # python3-aiosmtpd is importable only by Debian's interpreter
PUBLIC = "https://dichvucong.caobang.gov.vn"
FROM = "Một cửa điện tử Cao Bằng <motcua@caobang.gov.vn>"
PROC = "1.001193"
MANDATORY = [4, 6]
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"


def wait_for(what, timeout=20, every=0.05):
    """Polls what() until it returns a true value; returns it, or fails after timeout seconds."""
    deadline = time.time() + timeout
    while True:
        v = what()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out waiting for %s" % getattr(what, "__name__", what))
        time.sleep(every)


class Sink:
    """smtp_sink.py on a free port of 127.0.0.1 (or the port given)."""

    def __init__(self, port=None):
        self.port = port or harness.free_port()
        self.dir = tempfile.mkdtemp(prefix="motcua-smtp-")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([DEBIAN_PYTHON, os.path.join(HERE, "smtp_sink.py"), str(self.port), self.dir],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        assert line.strip() == "ready", "SMTP sink did not start: %r" % line
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def control(self, name, text=""):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def uncontrol(self, name):
        try:
            os.unlink(os.path.join(self.dir, name))
        except OSError:
            pass

    def messages(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            out.append({"subject": str(m["Subject"]), "raw_subject": m.get("Subject").__str__(),
                        "from": str(m["From"]), "to": str(m["To"]), "message_id": str(m["Message-ID"]),
                        "unsubscribe": str(m["List-Unsubscribe"] or ""), "date": str(m["Date"] or ""),
                        "body": m.get_content(), "raw": open(path, "rb").read()})
        return out


class Gateway:
    """A fake SMS gateway: POST JSON; answers from a script of statuses (then 200), records what it got."""

    def __init__(self, script=()):
        self.script = list(script)
        self.got = []
        self.lock = threading.Lock()
        gw = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n).decode("utf-8"))
                with gw.lock:
                    status = gw.script.pop(0) if gw.script else 200
                    if isinstance(body.get("to"), str) and body["to"].endswith("400"):
                        status = 400
                    gw.got.append((status, self.headers.get("Authorization"), body))
                data = json.dumps({"id": "gw-%d" % len(gw.got)} if status == 200 else {"error": "x"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self):
        return "http://127.0.0.1:%d/send" % self.port

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def fast_outbox():
    """Worker options that keep a test short: a busy poll, retries after 1-2 s."""
    return ["--outbox-poll-ms", "50", "--outbox-retry", "1", "--outbox-retry-max", "2", "--public-url", PUBLIC]


def mail_args(sink):
    return ["--smtp", sink.url(), "--mail-from", FROM]


def intake(s, token, email_addr=None, phone=None, outcome="accept", **over):
    applicant = {"name": "Hoàng Thị Thư", "id_number": "004190007777", "address": "Tổ 5, phường Thục Phán"}
    if email_addr:
        applicant["email"] = email_addr
    if phone:
        applicant["phone"] = phone
    body = {"procedure": PROC, "channel": "direct", "applicant": applicant, "documents": list(MANDATORY),
            "outcome": outcome}
    body.update(over)
    r = s.post("/api/v1/dossiers", body, token=token)
    assert r.status == 201, r
    return r.json()


def act(s, code, action, token, body=None):
    r = s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body if body is not None else {}, token=token)
    assert r.status == 200, r
    return r.json()


def outbox_rows(db, where=""):
    """The outbox's rows (dicts) of a server's database, whichever the store; the notifications' only (the
    national portal's messages of the same changes are test_portal_sync.py's)."""
    return [r for r in _outbox_rows(db, where) if r["channel"] != "portal"]


def _outbox_rows(db, where):
    cols = ["id", "channel", "event", "state", "attempts", "last_error", "recipient", "template", "payload", "ack",
            "dedup"]
    q = "SELECT %s FROM outbox %s ORDER BY id" % (", ".join(cols), where)
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-F", "\x1f", "-R", "\x1e", "-d", db, "-c", q], capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        rows = [r.split("\x1f") for r in p.stdout.strip("\n\x1e").split("\x1e") if r.strip()]
        out = [dict(zip(cols, r)) for r in rows]
        for r in out:
            r["id"], r["attempts"] = int(r["id"]), int(r["attempts"])
        return out
    import sqlite3
    c = sqlite3.connect(db)
    rows = c.execute(q).fetchall()
    c.close()
    return [dict(zip(cols, r)) for r in rows]
