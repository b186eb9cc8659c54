"""The per-account quota of attachments, black-box, with a small quota set on
the command line (serve --max-account 1): a citizen's online dossiers' files
and drafts' files count; past the quota an upload is a 413 naming the quota
and what is used, and nothing is half-written (no dossier, no draft, no file
row, no stored file). A draft's files are not counted twice when it is
submitted, and a counter officer's uploads are never a citizen's quota."""
import os
import re

import harness
from harness import expect_error, own_server
from test_uploads import DOSSIER, count, multipart, stored_files
from test_web_forms import Browser, alert

KB = 1024


def pdf(size, tag):
    """A PDF of about `size` bytes, unique by tag (content-addressed storage keeps one copy per content)."""
    head = b"%PDF-1.4\n% " + tag.encode() + b"\n"
    return head + b"0" * (size - len(head))


def files_on_disk(s):
    return sorted(p for p in stored_files(s) if os.sep + "tmp" + os.sep not in p)


def state(s):
    return (count(s, "dossiers"), count(s, "dossier_files"), count(s, "drafts"), count(s, "draft_files"),
            files_on_disk(s))


def test_a_citizen_account_has_a_quota(_shared):
    with own_server(["--max-account", "1"]) as s:
        cit = s.login("0912345678")
        # 600 KB in an online dossier, 300 KB in a draft (from the portal): 900 KB of 1 MB.
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "a.pdf", pdf(600 * KB, "a"))])
        r = s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit)
        assert r.status == 201, r
        code = r.json()["code"]
        b = Browser(s)
        b.login("0912345678")
        fields = {"csrf": b.csrf("/nop-ho-so/1.001193"), "receiving_unit": "01273", "name": "Nguyễn Văn An",
                  "id_number": "004090001234", "phone": "0912345678", "buoc": "xem"}
        r = b.post_multipart("/nop-ho-so/1.001193", fields, {"doc_4": ("b.pdf", pdf(300 * KB, "b"))})
        assert r.status == 303, (r, alert(r))
        draft = r.header("Location")
        assert re.fullmatch(r"/ho-so-nhap/\d+", draft), draft
        before = state(s)
        # 200 KB more: a new dossier, a file added to the dossier, a new draft, a file added to the draft.
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "c.pdf", pdf(200 * KB, "c"))])
        e = expect_error(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit), 413, field="files")
        assert "(1 MB)" in e["message"] and "đã dùng 0,9 MB" in e["message"], e
        assert "tệp vừa gửi 0,2 MB" in e["message"], e
        body, ctype = multipart({}, [("doc_2", "c.pdf", pdf(200 * KB, "c"))])
        expect_error(s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=cit), 413,
                     field="files")
        r = b.post_multipart("/nop-ho-so/1.001193", dict(fields, csrf=b.csrf("/nop-ho-so/1.001193")),
                             {"doc_4": ("c.pdf", pdf(200 * KB, "c"))})
        assert r.status == 413 and "Vượt hạn mức tệp đính kèm của tài khoản (1 MB)" in alert(r), (r, alert(r))
        draft_id = draft.rsplit("/", 1)[1]
        r = b.post_multipart("/nop-ho-so/1.001193", dict(fields, csrf=b.csrf("/nop-ho-so/1.001193"), nhap=draft_id),
                             {"doc_6": ("c.pdf", pdf(200 * KB, "c"))})
        assert r.status == 413 and "hạn mức" in alert(r), (r, alert(r))
        assert state(s) == before, "nothing half-written"
        # Small enough still fits; a form saved without files is never refused.
        body, ctype = multipart({}, [("doc_2", "d.pdf", pdf(50 * KB, "d"))])
        assert s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=cit).status == 201
        r = b.post_multipart("/nop-ho-so/1.001193", dict(fields, csrf=b.csrf("/nop-ho-so/1.001193"), nhap=draft_id),
                             {})
        assert r.status == 303, (r, alert(r))
        # The draft is submitted: its 300 KB move to the dossier and are not counted twice (950 + 300 > 1024).
        r = b.post(draft + "/nop", {"csrf": b.csrf(draft)})
        assert r.status == 303 and "/ho-so-cua-toi/" in r.header("Location"), (r, alert(r))
        # Another citizen has a quota of their own.
        other = s.post("/api/v1/auth/register", {"name": "Lý Thị Hạn", "id_number": "004190002222",
                                                 "phone": "0966000222", "password": "MatKhau@2026"})
        assert other.status == 201, other
        body, ctype = multipart({"dossier": DOSSIER.replace("0912345678", "0966000222")},
                                [("doc_2", "e.pdf", pdf(900 * KB, "e"))])
        r = s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=s.login("0966000222", "MatKhau@2026"))
        assert r.status == 201, r


def test_counter_officers_uploads_are_not_a_citizens_quota(_shared):
    with own_server(["--max-account", "1"]) as s:
        rcv = s.login("tiepnhan.thucphan")
        cit = s.login("0912345678")
        # The citizen's online dossier, near the quota.
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "a.pdf", pdf(900 * KB, "a"))])
        r = s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit)
        assert r.status == 201, r
        code = r.json()["code"]
        # The counter scans 2 MB for the applicant, on a counter dossier and on the citizen's own: allowed.
        counter = ('{"procedure":"1.001193","outcome":"accept","documents":[4,6],'
                   '"applicant":{"name":"Nguyễn Văn An","id_number":"004090001234","phone":"0912345678"}}')
        body, ctype = multipart({"dossier": counter}, [("doc_4", "scan1.pdf", pdf(1100 * KB, "s1"))])
        assert s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=rcv).status == 201
        body, ctype = multipart({}, [("doc_4", "scan2.pdf", pdf(1000 * KB, "s2"))])
        r = s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=rcv)
        assert r.status == 201, r
        # ... and the citizen's own room is what they uploaded themselves: 900 KB used, 100 KB more fits.
        r = s.post("/api/v1/dossiers/%s/actions/request_supplement" % code,
                   {"items": ["Bản rõ hơn"], "reason": "Mờ"}, token=rcv)
        assert r.status == 200, r
        body, ctype = multipart({}, [("doc_2", "b.pdf", pdf(100 * KB, "b"))])
        assert s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=cit).status == 201
        body, ctype = multipart({}, [("doc_2", "c.pdf", pdf(100 * KB, "c"))])
        expect_error(s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=cit), 413)


if __name__ == "__main__":
    harness.main(globals())
