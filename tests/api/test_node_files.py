"""The bytes of dossiers' files between a commune node and its province (issue 21, docs/NODE.md §4-5,
sync/node_files.h): a paper scanned at the counter while the link is down reaches the province with its dossier and
opens there byte for byte; an online submission's attachment reaches the commune counter that must check it; and
the file routes refuse what they should (a name that is not the content's hash, bytes that are not a document, a
body over --max-file read no further than its head, a row that names a path instead of a content, a file of a
dossier the node does not serve)."""
import base64
import hashlib
import json
import os
import tempfile
import time

import harness
import nodes
from harness import expect_error
from test_node_auth import signed
from test_node_sync import wait_for
from test_uploads import PDF, multipart

WARD_PROC = "1.001193"


def pdf(tag):
    """A small PDF whose bytes (and so whose hash) are this test's own."""
    return PDF.replace(b"%%EOF", ("%% %s\n%%%%EOF" % tag).encode())


def files_of(s, code, token):
    r = s.get("/api/v1/dossiers/" + code, token=token)
    assert r.status == 200, r
    return r.json()["files"]


def download(s, code, f, token):
    r = s.get("/api/v1/dossiers/%s/files/%d" % (code, f["id"]), token=token)
    assert r.status == 200, r
    return r.body


def test_files_travel_both_ways(_shared):
    with nodes.running(19, ["01273"]) as (p, a):
        rcv = a.login("tiepnhan.thucphan")
        # A paper scanned at the counter with the link down.
        a.link.down()
        scan = pdf("scan-at-the-counter-%d" % os.getpid())
        body, ctype = multipart({"dossier": json.dumps({
            "procedure": WARD_PROC, "channel": "direct", "outcome": "accept", "documents": [4, 6],
            "applicant": {"name": "Người Nộp Có Tệp", "id_number": "004177777771", "phone": "0987000001"}})},
            [("doc_4", "giay-to.pdf", scan)])
        r = a.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=rcv)
        assert r.status == 201, r
        code = r.json()["code"]
        sha = hashlib.sha256(scan).hexdigest()
        assert not os.path.exists(os.path.join(p.files, sha[:2], sha))
        a.link.up()
        a.wait_synced()
        # At the province: the dossier, its file row, and the bytes, the same.
        prov = p.login("tiepnhan.thucphan")
        got = files_of(p, code, prov)
        assert [(f["name"], f["sha256"], f["document"]) for f in got] == [("giay-to.pdf", sha, 4)], got
        assert download(p, code, got[0], prov) == scan
        # An online submission at the province with an attachment: the node's counter can open it.
        online = pdf("online-attachment-%d" % os.getpid())
        body, ctype = multipart({"dossier": json.dumps({
            "procedure": WARD_PROC, "channel": "online", "receiving_unit": "01273", "documents": [2, 4, 5, 6, 7, 8],
            "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": "0912345678"}})},
            [("doc_2", "don.pdf", online)])
        r = p.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=p.login("0912345678"))
        assert r.status == 201, r
        ocode = r.json()["code"]
        at_node = wait_for(lambda: (lambda x: x.json()["files"] if x.status == 200 else None)(
            a.get("/api/v1/dossiers/" + ocode, token=rcv)))
        assert [f["sha256"] for f in at_node] == [hashlib.sha256(online).hexdigest()], at_node
        assert download(a, ocode, at_node[0], rcv) == online
        nodes_pull = nodes.sql(p.db, "SELECT COUNT(*) FROM node_conflicts")
        assert nodes_pull == [("0",)], nodes_pull


def send(s, sec, node, counter, method, path, data, ctype):
    """A request signed by node `node` ("04/21") with its key `sec`, body `data` (bytes)."""
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(data)
    try:
        h = signed(sec, node, counter, method=method, path=path, body_file=f.name)
    finally:
        os.unlink(f.name)
    return s.request(method, path, raw=data, ctype=ctype, headers=h)


def put(s, sec, node, counter, sha, data):
    return send(s, sec, node, counter, "PUT", "/api/v1/node/files/" + sha, data, "application/octet-stream")


def push(s, sec, counter, body):
    return send(s, sec, "04/21", counter, "POST", "/api/v1/node/push", json.dumps(body).encode(), "application/json")


def test_the_file_routes_refuse_what_they_should(_shared):
    p = nodes.province(extra=["--max-file", "1"])
    try:
        sec, pub = nodes.keypair("files-%d" % os.getpid())
        nodes.register(p, 21, ["01273"], pub)
        n = [int(time.time() * 1000)]

        def counter():
            n[0] += 1
            return n[0]

        doc = pdf("route-%d" % os.getpid())
        sha = hashlib.sha256(doc).hexdigest()
        # The happy path: stored by content, the answer signed.
        r = put(p, sec, "04/21", counter(), sha, doc)
        assert r.status == 200 and r.json() == {"sha256": sha, "size": len(doc)}, r
        assert r.header("X-Motcua-Answer-Signature")
        with open(os.path.join(p.files, sha[:2], sha), "rb") as f:
            assert f.read() == doc
        # Bytes that are not the content named: nothing stored.
        other = pdf("other-%d" % os.getpid())
        e = expect_error(put(p, sec, "04/21", counter(), sha.replace(sha[0], "0" if sha[0] != "0" else "1", 1), other),
                         400, field="sha256")
        assert "không khớp" in e["message"], e
        assert not os.path.exists(os.path.join(p.files, hashlib.sha256(other).hexdigest()[:2],
                                               hashlib.sha256(other).hexdigest()))
        # A name that is no hash, and bytes that are no document (any bytes: not read as text).
        expect_error(put(p, sec, "04/21", counter(), "not-a-hash", doc), 400, field="sha256")
        blob = bytes(range(256)) * 4
        e = expect_error(put(p, sec, "04/21", counter(), hashlib.sha256(blob).hexdigest(), blob), 415)
        assert "PDF" in e["message"], e
        # Over --max-file (1 MB here): refused on the head, before the body.
        h = signed(sec, "04/21", counter(), method="PUT", path="/api/v1/node/files/" + sha)
        head = ("PUT /api/v1/node/files/%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                "Content-Length: %d\r\n" % (sha, (1 << 20) + 1)).encode()
        head += b"".join(("%s: %s\r\n" % kv).encode() for kv in h.items()) + b"\r\n"
        status, raw = harness.raw_http(p.port, head, timeout=10)
        assert status == 413, raw[:300]
        # A push whose image names a path instead of a content: refused before anything is looked at.
        bad = {"from": 1, "entries": [{"seq": 1, "txn": 1, "entry": {}, "image": {
            "dossier": {"code": "X"}, "files": [{"sha256": sha, "stored": "../../../etc/passwd"}]}}]}
        expect_error(push(p, sec, counter(), bad), 400, field="files")
        # A push naming a content the province lacks: 409 with what to send, nothing applied.
        missing = "ab" * 32
        bad["entries"][0]["image"]["files"] = [{"sha256": missing, "stored": missing[:2] + "/" + missing}]
        r = push(p, sec, counter(), bad)
        assert r.status == 409 and r.json()["missing"] == [{"sha256": missing, "code": "X"}], r
        assert r.json()["error"]["field"] == "files"
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM node_journal") == [("0",)]
        # A file is given only for a dossier of the node's units: the citizen's file of another commune is not;
        # the same file of a dossier of the node's commune is, base64, signed.
        codes = {}
        for unit in ("01279", "01273"):
            body, ctype = multipart({"dossier": json.dumps({
                "procedure": WARD_PROC, "channel": "online", "receiving_unit": unit, "documents": [2, 4, 5, 6, 7, 8],
                "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": "0912345678"}})},
                [("doc_2", "don.pdf", doc)])
            r = p.request("POST", "/api/v1/dossiers", raw=body, ctype=ctype, token=p.login("0912345678"))
            assert r.status == 201, r
            codes[unit] = r.json()["code"]
        path = "/api/v1/node/files/%s?dossier=%s" % (sha, codes["01279"])
        expect_error(p.get(path, headers=signed(sec, "04/21", counter(), path=path)), 404, field="file")
        path = "/api/v1/node/files/%s?dossier=%s" % (sha, codes["01273"])
        g = p.get(path, headers=signed(sec, "04/21", counter(), path=path))
        assert g.status == 200 and g.json()["sha256"] == sha and g.json()["mime"] == "application/pdf", g
        assert base64.b64decode(g.json()["content"]) == doc
        assert g.header("X-Motcua-Answer-Signature")
    finally:
        p.stop()
        p.cleanup()


if __name__ == "__main__":
    harness.main(globals())
