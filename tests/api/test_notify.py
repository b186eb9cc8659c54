"""Notifications beyond the mail itself: SMS through a fake gateway (a 500 retried, a 400 dead, the text
unaccented with the code and the link, the bearer token); opt-out from the message's signed link (checked when
the message is put and again when it is sent; a forged link refused); a user's channel preferences; the in-app
list (a citizen sees only their own; officers of a task's lead unit are told of an overdue task); the
administrator's dead-letter list and resend (journaled, 403 for others, the page); and the list limits."""
import os
import re
import subprocess
import tempfile
import urllib.parse

import harness
import notify_util as nu
from harness import expect_error
from notify_util import act, intake, outbox_rows, wait_for

CITIZEN = "0912345678"


def sql(db, q):
    """One value of a query on a server's database."""
    if db.startswith("postgresql://"):
        p = subprocess.run(["psql", "-At", "-d", db, "-c", q], capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        return p.stdout.strip()
    import sqlite3
    c = sqlite3.connect(db)
    v = c.execute(q).fetchone()[0]
    c.close()
    return str(v)


def test_sms_gateway_retries_a_500_and_files_a_400_dead(_):
    gw = nu.Gateway(script=[500])
    fd, token_file = tempfile.mkstemp()
    os.write(fd, b"tok-123\n")
    os.close(fd)
    try:
        with harness.own_server(["--sms-gateway", gw.url(), "--sms-token-file", token_file] + nu.fast_outbox()) as s:
            rcv = s.login(nu.RECEIVER)
            code = intake(s, rcv, phone="0987001234")["code"]
            row = wait_for(lambda: outbox_rows(s.db, "WHERE channel = 'sms' AND state = 'sent'"))[0]
            assert row["attempts"] == 2 and row["recipient"] == "0987001234" and row["ack"] == "200 gw-2", row
            assert [g[0] for g in gw.got] == [500, 200], gw.got
            status, auth, body = gw.got[1]
            assert auth == "Bearer tok-123", auth
            assert body["to"] == "0987001234" and body["ref"] == "motcua-04-%d" % row["id"], body
            text = body["text"]
            assert text.startswith("Ho so %s da duoc tiep nhan, hen tra " % code), text
            assert re.search(r"%s/tra-cuu\?code=%s&key=[A-Z0-9]{8}$" % (re.escape(nu.PUBLIC), code), text), text
            assert all(ord(ch) < 128 for ch in text) and len(text) <= 160, (len(text), text)
            intake(s, rcv, phone="0987000400")  # the fake gateway answers 400 to this number
            dead = wait_for(lambda: outbox_rows(s.db, "WHERE channel = 'sms' AND state = 'dead'"))[0]
            assert dead["attempts"] == 1 and "HTTP 400" in dead["last_error"], dead
    finally:
        gw.stop()
        os.unlink(token_file)


def test_opt_out_link_stops_messages_now_and_later(_):
    sink = nu.Sink().start()
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            rcv = s.login(nu.RECEIVER)
            intake(s, rcv, email_addr="b@example.org")
            intake(s, rcv, email_addr="a@example.org")
            mails = wait_for(lambda: len(sink.messages()) == 2 and sink.messages())
            links = {m["to"]: m["unsubscribe"].strip("<>") for m in mails}
            for m in mails:  # the same link ends the body
                assert links[m["to"]] in m["body"], m["body"]
            path_a = links["a@example.org"][len(nu.PUBLIC):]
            path_b = links["b@example.org"][len(nu.PUBLIC):]
            assert "example" not in path_a, path_a  # never the address in clear
            # The page asks to confirm; a forged or altered link is refused.
            page = s.get(path_a)
            assert page.status == 200 and "Hủy nhận thông báo".encode() in page.body, page
            assert b'action="/thong-bao/huy"' in page.body
            t = urllib.parse.parse_qs(urllib.parse.urlparse(path_a).query)["t"][0]
            forged = t[:-1] + ("0" if t[-1] != "0" else "1")
            bad = s.get("/thong-bao/huy?t=" + forged)
            assert bad.status == 400 and "không hợp lệ".encode() in bad.body, bad
            assert s.request("POST", "/thong-bao/huy?t=" + forged, raw=b"", ctype="application/x-www-form-urlencoded").status == 400
            # The form's POST opts out; a new dossier to that address puts no e-mail at all.
            done = s.request("POST", "/thong-bao/huy", raw=("t=" + t).encode(), ctype="application/x-www-form-urlencoded")
            assert done.status == 200 and "sẽ không nhận".encode() in done.body, done
            intake(s, rcv, email_addr=" A@Example.ORG ")
            assert len(outbox_rows(s.db, "WHERE recipient = 'a@example.org'")) == 1
            # Opting out after a message was put: it is not sent when its turn comes.
            sink.stop()
            intake(s, rcv, email_addr="b@example.org")
            wait_for(lambda: [r for r in outbox_rows(s.db, "WHERE recipient = 'b@example.org'") if r["attempts"] >= 1
                              and r["state"] == "pending"])
            # RFC 8058 one-click: the mail program POSTs to the link itself, without a cookie.
            one = s.request("POST", path_b, raw=b"List-Unsubscribe=One-Click", ctype="application/x-www-form-urlencoded")
            assert one.status == 200, one
            sink.start()
            rows = wait_for(lambda: len(outbox_rows(s.db, "WHERE recipient = 'b@example.org' AND state = 'sent'")) == 2
                            and outbox_rows(s.db, "WHERE recipient = 'b@example.org'"))
            assert rows[-1]["ack"] == "skipped: the recipient opted out", rows
            assert len(sink.messages()) == 2
            assert sql(s.db, "SELECT COUNT(*) FROM notify_optout") == "2"
    finally:
        sink.cleanup()


def online_accepted(s, cit, rcv, email_addr):
    body = {"procedure": nu.PROC, "channel": "online", "receiving_unit": "01273",
            "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": CITIZEN, "email": email_addr},
            "documents": [2, 4, 5, 6, 7, 8]}
    r = s.post("/api/v1/dossiers", body, token=cit)
    assert r.status == 201, r
    code = r.json()["code"]
    act(s, code, "accept", rcv, {"documents": [4, 6]})
    return code


def test_in_app_list_is_each_users_own_and_preferences_apply(_):
    with harness.own_server(nu.fast_outbox()) as s:
        cit, rcv, lead = s.login(CITIZEN), s.login(nu.RECEIVER), s.login(nu.LEADER)
        expect_error(s.get("/api/v1/notifications"), 401)
        expect_error(s.get("/api/v1/me/notify"), 401)
        assert s.get("/api/v1/me/notify", token=cit).json() == {"email": True, "sms": True, "inapp": True}
        code = online_accepted(s, cit, rcv, "an.nguyen@example.org")
        got = wait_for(lambda: s.get("/api/v1/notifications", token=cit).json()["items"] and
                       s.get("/api/v1/notifications", token=cit).json())
        assert got["unread"] == 1 and len(got["items"]) == 1, got
        n = got["items"][0]
        assert n["event"] == "received" and n["title"] == "Hồ sơ %s đã được tiếp nhận" % code, n
        assert n["link"].startswith("/tra-cuu?code=%s&key=" % code) and not n["read"], n
        assert harness.is_vietnamese(n["body"]), n
        # Another user neither sees it nor marks it.
        assert s.get("/api/v1/notifications", token=lead).json() == {"items": [], "unread": 0}
        expect_error(s.post("/api/v1/notifications/%d/read" % n["id"], {}, token=lead), 404)
        expect_error(s.post("/api/v1/notifications/999999/read", {}, token=cit), 404)
        assert s.post("/api/v1/notifications/%d/read" % n["id"], {}, token=cit).status == 200
        assert s.get("/api/v1/notifications", token=cit).json()["unread"] == 0
        # The page lists it too, with the preferences form.
        page = s.get("/thong-bao", token=cit)
        assert page.status == 200 and code.encode() in page.body and b'name="email"' in page.body, page
        # Preferences: e-mail off → the next dossier puts no e-mail, the in-app one still comes.
        expect_error(s.request("PUT", "/api/v1/me/notify", {"email": "no"}, token=cit), 400, field="email")
        expect_error(s.request("PUT", "/api/v1/me/notify", {"fax": True}, token=cit), 400, field="fax")
        r = s.request("PUT", "/api/v1/me/notify", {"email": False}, token=cit)
        assert r.status == 200 and r.json() == {"email": False, "sms": True, "inapp": True}, r
        second = online_accepted(s, cit, rcv, "an.nguyen@example.org")
        rows = [r for r in outbox_rows(s.db) if second in r["payload"]]
        assert sorted(r["channel"] for r in rows) == ["inapp", "sms"], rows
        wait_for(lambda: s.get("/api/v1/notifications", token=cit).json()["unread"] == 1)
        # Limits of the list.
        expect_error(s.get("/api/v1/notifications?limit=101", token=cit), 400)
        assert len(s.get("/api/v1/notifications?limit=1", token=cit).json()["items"]) == 1


def test_officers_of_the_lead_unit_hear_of_an_overdue_task(_):
    # The worker's "now" is the test clock, the deadline job's too: the messages are due when put.
    with harness.clock_server("2026-12-31T09:00:00+07:00", nu.fast_outbox()) as s:
        harness.run_cli("jobs", "deadlines", "--at", "2026-12-31T09:00:00+07:00", db=s.db)
        rows = wait_for(lambda: outbox_rows(s.db, "WHERE event = 'task_overdue' AND channel = 'inapp' AND "
                                                  "state = 'sent'"))
        uid = int(rows[0]["recipient"])
        name = sql(s.db, "SELECT username FROM users WHERE id = %d" % uid)
        mine = s.get("/api/v1/notifications", token=s.login(name)).json()["items"]
        assert mine and mine[0]["event"] == "task_overdue" and "quá hạn" in mine[0]["title"], mine
        assert mine[0]["link"].startswith("/can-bo/nhiem-vu/"), mine[0]
        # One per officer and task: the same job again puts nothing.
        before = len(outbox_rows(s.db))
        harness.run_cli("jobs", "deadlines", "--at", "2026-12-31T09:05:00+07:00", db=s.db)
        assert len(outbox_rows(s.db)) == before


def test_dead_letters_listed_and_resent_by_the_administrator(_):
    sink = nu.Sink().start()
    sink.control("reject5xx")
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            admin, rcv = s.login("admin"), s.login(nu.RECEIVER)
            code = intake(s, rcv, email_addr="tu.choi@example.org")["code"]
            wait_for(lambda: outbox_rows(s.db, "WHERE state = 'dead'"))
            expect_error(s.get("/api/v1/outbox?state=dead", token=rcv), 403)
            expect_error(s.get("/api/v1/outbox?state=lost", token=admin), 400, field="state")
            expect_error(s.get("/api/v1/outbox?limit=501", token=admin), 400)
            dead = s.get("/api/v1/outbox?state=dead", token=admin).json()["items"]
            assert len(dead) == 1 and dead[0]["channel"] == "email" and dead[0]["event"] == "received", dead
            assert dead[0]["recipient"] == "tu.choi@example.org" and "550" in dead[0]["last_error"], dead
            assert "payload" not in dead[0]
            mid = dead[0]["id"]
            # The page lists it with a button; a receiver may not see it.
            page = s.get("/quan-tri/thu-gui?state=dead", token=admin)
            assert page.status == 200 and b"tu.choi@example.org" in page.body, page
            assert ("/quan-tri/thu-gui/%d/gui-lai" % mid).encode() in page.body
            assert s.get("/quan-tri/thu-gui?state=dead", token=rcv).status == 403
            expect_error(s.post("/api/v1/outbox/%d/resend" % mid, {}, token=rcv), 403)
            expect_error(s.post("/api/v1/outbox/999999/resend", {}, token=admin), 404)
            sink.uncontrol("reject5xx")
            r = s.post("/api/v1/outbox/%d/resend" % mid, {}, token=admin)
            assert r.status == 200 and r.json() == {"id": mid, "state": "pending"}, r
            wait_for(lambda: outbox_rows(s.db, "WHERE state = 'sent'"))
            assert [m["subject"] for m in sink.messages()] == ["Hồ sơ %s đã được tiếp nhận" % code]
            expect_error(s.post("/api/v1/outbox/%d/resend" % mid, {}, token=admin), 409)
            assert sql(s.db, "SELECT COUNT(*) FROM journal WHERE subject = 'outbox' AND action = 'outbox.resend' "
                             "AND actor = 'admin'") == "1"
            # Through the page: dead again, then the button sends it again.
            sink.control("reject5xx")
            intake(s, rcv, email_addr="lan.hai@example.org")
            wait_for(lambda: outbox_rows(s.db, "WHERE state = 'dead'"))
            page = s.get("/quan-tri/thu-gui?state=dead", token=admin).body.decode()
            csrf = re.search(r'name="csrf" value="([0-9a-f]{32})"', page).group(1)
            mid2 = int(re.search(r"/quan-tri/thu-gui/(\d+)/gui-lai", page).group(1))
            r = s.request("POST", "/quan-tri/thu-gui/%d/gui-lai" % mid2, raw=("csrf=" + csrf).encode(), token=admin,
                          ctype="application/x-www-form-urlencoded")
            assert r.status == 303, r
            assert s.get("/api/v1/outbox?state=dead", token=admin).json()["items"] == [] or \
                outbox_rows(s.db, "WHERE id = %d" % mid2)[0]["attempts"] >= 1
            assert sql(s.db, "SELECT COUNT(*) FROM journal WHERE subject = 'outbox' AND action = 'outbox.resend'") == "2"
    finally:
        sink.cleanup()


if __name__ == "__main__":
    harness.main(globals())
