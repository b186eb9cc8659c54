"""Attachments: multipart uploads streamed to disk, typed by content, stored
once per content, downloadable only by those who may read the dossier, and
never half-written."""
import hashlib
import os
import struct
import uuid
import zlib

import harness
from harness import expect_error, own_server, raw_http

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def png_bytes():
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def multipart(fields, files, boundary=None):
    """Builds a multipart/form-data body: fields {name: text}, files [(name, filename, bytes)]."""
    b = boundary or "----motcua" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b, k)).encode() + v.encode() + b"\r\n")
    for name, filename, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (b, name, filename)).encode("utf-8") + data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


DOSSIER = ('{"procedure":"1.001193","channel":"online","receiving_unit":"01273",'
           '"applicant":{"name":"Nguyễn Văn An","id_number":"004090001234","phone":"0912345678"},'
           '"documents":[2,4,5,6,7,8]}')


def count(s, table):
    return harness.count_rows(s.db, table)


def stored_files(s):
    root = s.files
    found = []
    for d, _, names in os.walk(root):
        found += [os.path.join(d, n) for n in names]
    return found


def test_online_submission_with_two_files_and_download(s):
    cit = s.login("0912345678")
    png = png_bytes()
    body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "Giấy chứng sinh.pdf", PDF), ("doc_4", "ảnh.png", png)])
    r = s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit)
    assert r.status == 201, r
    d = r.json()
    assert d["state"]["name"] == "submitted"
    files = d["files"]
    assert [(f["document"], f["name"], f["type"], f["size"]) for f in files] == [
        (2, "Giấy chứng sinh.pdf", "application/pdf", len(PDF)), (4, "ảnh.png", "image/png", len(png))], files
    assert files[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert files[1]["sha256"] == hashlib.sha256(png).hexdigest()
    # The owner downloads the same bytes, with the Vietnamese name encoded.
    r = s.get(files[0]["url"], token=cit)
    assert r.status == 200 and r.body == PDF and r.header("Content-Type") == "application/pdf", r
    assert "filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh.pdf" in r.header("Content-Disposition")
    # The receiving ward's officer may download; another ward's may not, nor another citizen.
    assert s.get(files[1]["url"], token=s.login("tiepnhan.thucphan")).body == png
    expect_error(s.get(files[1]["url"], token=s.login("tiepnhan.nungtricao")), 404)
    expect_error(s.get(files[1]["url"]), 401)
    expect_error(s.get(files[1]["url"].replace("/files/2", "/files/999"), token=cit), 404)


def test_disallowed_type_is_refused_and_nothing_is_written(_shared):
    with own_server() as s:
        cit = s.login("0912345678")
        before = (count(s, "dossiers"), count(s, "dossier_files"))
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "a.pdf", PDF + b"unique-1"),
                                                       ("doc_4", "virus.pdf", b"MZ\x90\x00 not a pdf")])
        e = expect_error(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit), 415, "doc_4")
        assert "virus.pdf" in e["message"], e
        assert (count(s, "dossiers"), count(s, "dossier_files")) == before
        assert stored_files(s) == [], stored_files(s)


def test_a_failed_intake_leaves_no_file(_shared):
    with own_server() as s:
        cit = s.login("0912345678")
        bad = DOSSIER.replace("1.001193", "9.999999")
        body, ctype = multipart({"dossier": bad}, [("doc_2", "a.pdf", PDF + b"unique-2")])
        expect_error(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit), 400, "procedure")
        assert count(s, "dossiers") == 0 and stored_files(s) == []


def test_oversized_and_broken_uploads_leave_nothing(_shared):
    with own_server(["--max-file", "1"]) as s:
        cit = s.login("0912345678")
        big = b"%PDF-1.4\n" + b"x" * (1024 * 1024 + 10)
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "big.pdf", big)])
        expect_error(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit), 413)
        # A body that stops in the middle of a file: 400, and no spooled file remains.
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "a.pdf", PDF)])
        cut = body[: len(body) - 40]
        expect_error(s.request("POST", "/api/v1/dossiers", raw=cut, ctype=ctype, token=cit), 400)
        assert count(s, "dossiers") == 0 and stored_files(s) == [], stored_files(s)
        # Without a session nothing is read at all.
        expect_error(s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype), 401)
        # A route that takes no upload refuses multipart.
        expect_error(s.request("POST", "/api/v1/units", raw=body, ctype=ctype, token=s.login("admin")), 415)
        assert stored_files(s) == []


def test_supplement_files_added_by_the_owner(_shared):
    with own_server() as s:
        cit = s.login("0912345678")
        body, ctype = multipart({"dossier": DOSSIER}, [("doc_2", "a.pdf", PDF)])
        code = s.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=cit).json()["code"]
        recv = s.login("tiepnhan.thucphan")
        r = s.post("/api/v1/dossiers/%s/actions/request_supplement" % code,
                   {"items": ["Ảnh giấy chứng sinh rõ nét hơn"], "reason": "Ảnh mờ"}, token=recv)
        assert r.status == 200 and r.json()["state"]["name"] == "intake_supplement", r
        # The same content twice is stored once.
        body, ctype = multipart({}, [("doc_2", "Giấy chứng sinh (bản rõ).pdf", PDF), ("file", "copy.pdf", PDF)])
        r = s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=cit)
        assert r.status == 201, r
        assert len(r.json()["files"]) == 3
        assert len([p for p in stored_files(s) if "/files/tmp/" not in p]) == 1
        # Another citizen cannot attach to it.
        s.post("/api/v1/auth/register", {"name": "Lý Thị Mai", "id_number": "004190009999", "phone": "0987000333",
                                         "password": "MatKhau@2026"})
        other = s.login("0987000333", "MatKhau@2026")
        expect_error(s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=other), 404)


if __name__ == "__main__":
    harness.main(globals())
