"""The server's log, black-box: text a user sends (a username with CR/LF, through the API and through
the login page) never starts a line of its own in the log; it shows escaped, on the line it belongs to.
The escaping itself (invalid UTF-8 too): tests/unit/core/test_log.c."""
import os
import re

import harness
from test_web_forms import Browser

FORGED = "2026-12-05T10:00:00+07:00 info forged line"


def log_text(s):
    with open(os.path.join(s.dir, "serve.log"), encoding="utf-8", errors="strict", newline="") as f:
        return f.read()


def check_no_forged_line(text, who):
    lines = text.split("\n")
    assert not any(ln.lstrip("\r").startswith(FORGED) for ln in lines), text[-2000:]
    assert "\r" not in text, "a raw CR in the log"
    # The attempt was logged, escaped, on the throttle line.
    want = "login throttled user=%s\\r\\n%s" % (who, FORGED)
    assert any(want in ln for ln in lines), (want, text[-2000:])


# The three tests share one server: 18 failed logins from 127.0.0.1, under the 20 that throttle an address.

def test_username_with_crlf_through_the_api(s):
    for _ in range(6):  # the sixth attempt is throttled, and logged
        r = s.post("/api/v1/auth/login", {"username": "api\r\n" + FORGED, "password": "sai"})
    assert r.status == 429, r
    check_no_forged_line(log_text(s), "api")


def test_username_with_crlf_through_the_login_page(s):
    b = Browser(s)
    for _ in range(6):
        r = b.post("/dang-nhap", {"csrf": b.csrf("/dang-nhap"), "username": "web\r\n" + FORGED, "password": "sai"})
    assert r.status == 429, r
    check_no_forged_line(log_text(s), "web")


def test_other_controls_are_escaped(s):
    # JSON carries any code point: ESC, a C1 control, a line separator, a bidi override.
    for _ in range(6):
        r = s.post("/api/v1/auth/login", {"username": "ctl\x1b[2J\x85\u2028\u202eend", "password": "sai"})
    assert r.status == 429, r
    text = log_text(s)
    assert re.search(r"user=ctl\\x1b\[2J\\u0085\\u2028\\u202eend addr=", text), text[-2000:]
    assert "\x1b" not in text and "\u2028" not in text and "\u202e" not in text


if __name__ == "__main__":
    harness.main(globals())
