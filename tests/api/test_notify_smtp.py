"""Notifications by e-mail against a real SMTP server (aiosmtpd, started by the test under Debian's python3):
every event of a dossier's life sends one message in correct Vietnamese (RFC 2047 Subject and From, UTF-8
body) with the dossier code and its tracking link, and nothing personal beyond that; an unreachable server
fills the retry queue, which drains when it comes back; a permanent refusal files the message dead; kill -9
of a worker while the server holds its DATA answer delivers the message at most twice (same Message-ID) and
marks it once; several worker processes at once send each message once."""
import os
import re
import signal
import subprocess

import harness
import notify_util as nu
from notify_util import act, intake, outbox_rows, wait_for

ID_NUMBER, ADDRESS = "004190007777", "Tổ 5"


def mails_about(sink, code):
    return [m for m in sink.messages() if code in m["body"]]


def test_each_event_sends_one_mail_in_vietnamese(_):
    sink = nu.Sink().start()
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            rcv, spec, lead = s.login(nu.RECEIVER), s.login(nu.SPECIALIST), s.login(nu.LEADER)
            code = intake(s, rcv, email_addr="Thu.Hoang@Example.org")["code"]
            act(s, code, "claim", spec)
            act(s, code, "request_payment", spec, {"amount": 50000})
            act(s, code, "mark_paid", rcv)
            act(s, code, "extend", lead, {"days": 2, "reason": "Chờ xác minh thông tin cư trú"})
            act(s, code, "forward", spec)
            act(s, code, "claim", lead)
            act(s, code, "approve", lead)
            act(s, code, "result_ready", rcv)
            other = intake(s, rcv, email_addr="thu.hoang@example.org", outcome="supplement",
                           items=["Bản sao giấy chứng sinh có chứng thực"], reason="Thiếu giấy chứng sinh",
                           documents=[6])["code"]
            wait_for(lambda: len(sink.messages()) >= 5)
            wait_for(lambda: len(mails_about(sink, other)) >= 1)
            mine = mails_about(sink, code)
            subjects = [m["subject"] for m in mine]
            assert subjects == ["Hồ sơ %s đã được tiếp nhận" % code,
                                "Hồ sơ %s: đề nghị nộp phí, lệ phí 50.000 đồng" % code,
                                "Thư xin lỗi: hồ sơ %s được hẹn lại ngày trả kết quả" % code,
                                "Hồ sơ %s đã có kết quả" % code], subjects
            sup = mails_about(sink, other)
            assert [m["subject"] for m in sup] == ["Hồ sơ %s cần bổ sung, hoàn thiện" % other], sup
            assert "1. Bản sao giấy chứng sinh có chứng thực" in sup[0]["body"], sup[0]["body"]
            assert "Lý do: Thiếu giấy chứng sinh" in sup[0]["body"], sup[0]["body"]
            fee = mine[1]["body"]
            assert "50.000 đồng" in fee and "HS %s" % code in fee, fee
            late = mine[2]["body"]
            assert "thành thật xin lỗi" in late and "Chờ xác minh thông tin cư trú" in late, late
            d = s.get("/api/v1/dossiers/" + code, token=rcv).json()
            assert d["extensions"] == 1
            for m in mine + sup:
                raw = m["raw"]
                head = raw.split(b"\r\n\r\n", 1)[0]
                # Headers are ASCII: the Vietnamese subject and sender name as RFC 2047 encoded words.
                assert b"Subject: =?UTF-8?B?" in head and b"From: =?UTF-8?B?" in head, head
                assert all(b < 128 for b in head), head
                assert m["from"] == nu.FROM, m["from"]
                assert m["to"] == "thu.hoang@example.org", m["to"]
                assert re.fullmatch(r"<outbox-\d+\.[0-9A-Za-z-]+@caobang\.gov\.vn>", m["message_id"]), m
                assert m["date"].endswith("+0700"), m["date"]
                assert m["unsubscribe"].startswith("<%s/thong-bao/huy?t=" % nu.PUBLIC), m["unsubscribe"]
                assert b"Content-Type: text/plain; charset=UTF-8" in head
                # The tracking link with the dossier's key, and nothing personal.
                c = code if m in mine else other
                link = re.search(r"%s/tra-cuu\?code=%s&key=([A-Z0-9]{8})" % (re.escape(nu.PUBLIC), c), m["body"])
                assert link, m["body"]
                assert ID_NUMBER not in m["body"] and ADDRESS not in m["body"] and "Hoàng Thị Thư" not in m["body"]
                assert harness.is_vietnamese(m["body"])
                page = s.get("/tra-cuu?code=%s&key=%s" % (c, link.group(1)))
                assert page.status == 200 and c.encode() in page.body, page
            # One message per event: the rows are all sent once, the template version is stored on each.
            rows = [r for r in outbox_rows(s.db) if r["channel"] == "email"]
            assert len(rows) == 5 and all(r["state"] == "sent" and r["attempts"] == 1 for r in rows), rows
            assert [r["template"] for r in rows] == ["received@1", "fee@1", "late@1", "result@1", "supplement@1"], rows
            assert all(ID_NUMBER not in r["payload"] and ADDRESS not in r["payload"] for r in rows)
    finally:
        sink.cleanup()


def test_unreachable_server_fills_the_retry_queue_then_drains(_):
    sink = nu.Sink()  # its port is chosen; nobody listens yet
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            code = intake(s, s.login(nu.RECEIVER), email_addr="cho.gui@example.org")["code"]

            def retried():
                rows = [r for r in outbox_rows(s.db) if r["channel"] == "email"]
                return rows if rows and rows[0]["attempts"] >= 2 else None

            rows = wait_for(retried)
            assert rows[0]["state"] == "pending" and "SMTP" in (rows[0]["last_error"] or ""), rows
            sink.start()
            wait_for(lambda: outbox_rows(s.db, "WHERE channel = 'email' AND state = 'sent'"))
            assert [m["subject"] for m in sink.messages()] == ["Hồ sơ %s đã được tiếp nhận" % code]
    finally:
        sink.cleanup()


def test_permanent_refusal_is_dead_and_temporary_is_retried(_):
    sink = nu.Sink().start()
    sink.control("reject4xx")
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            rcv = s.login(nu.RECEIVER)
            intake(s, rcv, email_addr="tam.thoi@example.org")
            rows = wait_for(lambda: [r for r in outbox_rows(s.db) if r["attempts"] >= 2])
            assert rows[0]["state"] == "pending" and "451" in rows[0]["last_error"], rows
            sink.uncontrol("reject4xx")
            wait_for(lambda: outbox_rows(s.db, "WHERE state = 'sent'"))
            sink.control("reject5xx")
            intake(s, rcv, email_addr="khong.co@example.org")
            dead = wait_for(lambda: outbox_rows(s.db, "WHERE state = 'dead'"))
            assert dead[0]["attempts"] == 1 and "550" in dead[0]["last_error"], dead
    finally:
        sink.cleanup()


def worker(s, sink, *extra):
    env = dict(os.environ, MOTCUA_DATA=harness.DATA)
    return subprocess.Popen([harness.BIN, "outbox", "run", "--db", s.db] + nu.mail_args(sink) + nu.fast_outbox()
                            + list(extra), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill9_mid_send_delivers_at_most_twice_and_marks_once(_):
    sink = nu.Sink().start()
    sink.control("stall", "stall@example.org")
    try:
        with harness.own_server(["--no-outbox"]) as s:
            code = intake(s, s.login(nu.RECEIVER), email_addr="stall@example.org")["code"]
            first = worker(s, sink, "--outbox-lease", "5")
            wait_for(lambda: os.path.exists(os.path.join(sink.dir, "stalling")))
            first.send_signal(signal.SIGKILL)  # after the message went, before "250" came back
            first.wait()
            row = outbox_rows(s.db, "WHERE channel = 'email'")[0]
            assert row["state"] == "pending" and row["attempts"] == 1, row
            second = worker(s, sink, "--outbox-lease", "5")
            try:
                wait_for(lambda: outbox_rows(s.db, "WHERE channel = 'email' AND state = 'sent'"), timeout=30)
            finally:
                second.terminate()
                second.wait()
            row = outbox_rows(s.db, "WHERE channel = 'email'")[0]
            assert row["state"] == "sent" and row["attempts"] == 2, row
            copies = mails_about(sink, code)
            assert 1 <= len(copies) <= 2, copies
            assert len({m["message_id"] for m in copies}) == 1, [m["message_id"] for m in copies]
            assert row["ack"].endswith(copies[0]["message_id"]), (row, copies[0]["message_id"])
    finally:
        sink.cleanup()


def test_several_workers_send_each_message_once(_):
    sink = nu.Sink().start()
    try:
        with harness.own_server(["--no-outbox"]) as s:
            rcv = s.login(nu.RECEIVER)
            codes = [intake(s, rcv, email_addr="nguoi.%d@example.org" % i)["code"] for i in range(12)]
            workers = [worker(s, sink) for _ in range(3)]
            try:
                wait_for(lambda: len(outbox_rows(s.db, "WHERE state = 'sent'")) == 12, timeout=30)
            finally:
                for w in workers:
                    w.terminate()
                for w in workers:
                    w.wait()
            rows = outbox_rows(s.db)
            assert len(rows) == 12 and all(r["attempts"] == 1 for r in rows), rows
            got = sink.messages()
            assert len(got) == 12 and len({m["message_id"] for m in got}) == 12, [m["message_id"] for m in got]
            assert sorted(c for c in codes for m in got if c in m["body"]) == sorted(codes)
    finally:
        sink.cleanup()


def test_feedback_answer_is_mailed_to_the_sender(_):
    sink = nu.Sink().start()
    try:
        with harness.own_server(nu.mail_args(sink) + nu.fast_outbox()) as s:
            body = {"name": "Hoàng Văn Pả", "email": "pa.hoang@example.org", "address": "Xóm Nà Rị",
                    "title": "Thời gian chờ quá lâu", "content": "Tôi chờ hai tiếng.", "unit": "01273"}
            r = s.post("/api/v1/feedback", body)
            assert r.status == 201, r
            code = r.json()["code"]
            lead = s.login(nu.LEADER)
            for action, b in (("accept", {"topic": "handling"}), ("answer", {"reply": "Đơn vị đã bố trí thêm quầy."})):
                r = s.post("/api/v1/feedback/%s/actions/%s" % (code, action), b, token=lead)
                assert r.status == 200, r
            m = wait_for(lambda: sink.messages())[0]
            assert m["subject"] == "Phản ánh, kiến nghị %s đã được trả lời" % code, m["subject"]
            assert re.search(r"%s/phan-anh/tra-cuu\?code=%s&key=[A-Z0-9]{8}" % (re.escape(nu.PUBLIC), code),
                             m["body"]), m["body"]
            assert "Xóm Nà Rị" not in m["body"] and "Hoàng Văn Pả" not in m["body"]
            assert len(outbox_rows(s.db)) == 1
    finally:
        sink.cleanup()


if __name__ == "__main__":
    harness.main(globals())
