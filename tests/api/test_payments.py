"""Bank statements matched to dossiers' fees, black-box: a matched line marks
the dossier paid (journaled as motcua, the clock resumes); unmatched,
duplicate and wrong-amount lines and dossiers not waiting for a fee are
reported and never applied; through the API and the command line."""
import os
import tempfile

import harness
from harness import expect_error, is_vietnamese

PROC = "1.001193"
APPLICANT = {"name": "Ma Thị Phí", "id_number": "004190006666", "phone": "0987000666"}


def received(s, rcv):
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"},
               token=rcv)
    assert r.status == 201, r
    return r.json()["code"]


def awaiting_fee(s, rcv, spec, amount):
    code = received(s, rcv)
    assert s.post("/api/v1/dossiers/%s/actions/claim" % code, {}, token=spec).status == 200
    r = s.post("/api/v1/dossiers/%s/actions/request_payment" % code, {"amount": amount}, token=spec)
    assert r.status == 200 and r.json()["state"]["name"] == "payment", r
    return code


def test_statement_lines_and_their_outcomes(s):
    rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    c1, c2, c3 = (awaiting_fee(s, rcv, spec, a) for a in (50000, 20000, 8000))
    not_due = received(s, rcv)
    unit, day, seq = c2.split("-")
    csv = ("\ufeffNgày,Số tham chiếu,Nội dung,Số tiền\r\n"
           "29/11/2026,FT001,HS %s,50.000\r\n" % c1 +
           "29/11/2026,FT002,\"CT HS%s %s %s, cam on\",\"20,000.00\"\r\n" % (unit, day, seq) +
           "29/11/2026,FT003,HS %s,9.000\r\n" % c3 +
           "29/11/2026,FT001,HS %s,50.000\r\n" % c1 +
           "29/11/2026,FT004,HS 01273-261129-9999,10.000\r\n"
           "29/11/2026,FT005,chuyen tien hoc phi,10.000\r\n"
           "29/11/2026,FT006,HS %s,10.000\r\n" % not_due +
           "29/11/2026,FT007,HS %s,abc\r\n" % c3)
    r = s.request("POST", "/api/v1/payments/import", raw=csv.encode("utf-8"), token=rcv, ctype="text/csv")
    assert r.status == 200, r
    rep = r.json()
    got = [(l["line"], l["outcome"], l["code"]) for l in rep["lines"]]
    assert got == [(2, "matched", c1), (3, "matched", c2), (4, "wrong_amount", c3), (5, "duplicate", c1),
                   (6, "unmatched", None), (7, "unmatched", None), (8, "not_due", not_due), (9, "unmatched", c3)], got
    assert rep["lines"][2]["expected"] == 8000 and rep["lines"][2]["amount"] == 9000, rep["lines"][2]
    assert rep["counts"] == {"matched": 2, "unmatched": 3, "duplicate": 1, "wrong_amount": 1, "not_due": 1}, rep
    assert all(is_vietnamese(l["reason"]) for l in rep["lines"]), rep
    for code in (c1, c2):
        d = s.get("/api/v1/dossiers/" + code, token=rcv).json()
        assert d["state"]["name"] == "processing" and d["paid_at"] is not None, d["state"]
        last = s.get("/api/v1/dossiers/%s/journal" % code, token=rcv).json()["entries"][-1]
        assert (last["action"], last["actor"], last["role"]) == ("mark_paid", "motcua", "system"), last
        assert "Đối soát sao kê" in last["note"] and "tiepnhan.thucphan" in last["note"], last["note"]
    assert s.get("/api/v1/dossiers/" + c3, token=rcv).json()["state"]["name"] == "payment", "wrong amount: not applied"
    # The same statement again: everything is a duplicate or still wrong; nothing changes twice.
    again = s.request("POST", "/api/v1/payments/import", raw=csv.encode("utf-8"), token=rcv, ctype="text/csv").json()
    assert again["counts"]["matched"] == 0 and again["counts"]["duplicate"] == 3, again["counts"]


def test_who_may_import_and_bad_files(s):
    cit = s.login("0912345678")
    good = "so_tien,noi_dung\n1000,x\n".encode()
    expect_error(s.request("POST", "/api/v1/payments/import", raw=good, token=cit, ctype="text/csv"), 403)
    admin = s.login("admin")
    expect_error(s.request("POST", "/api/v1/payments/import", raw=good, token=admin, ctype="application/json"), 415)
    e = expect_error(s.request("POST", "/api/v1/payments/import", raw=b"ngay,ghi_chu\n1,2\n", token=admin,
                               ctype="text/csv"), 400, field="file")
    assert "so_tien" in e["message"], e
    expect_error(s.request("POST", "/api/v1/payments/import", raw=b'so_tien,noi_dung\n"1,x\n', token=admin,
                           ctype="text/csv"), 400)


def test_command_line(s):
    rcv, spec = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    code = awaiting_fee(s, rcv, spec, 15000)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("amount,description,reference\n15000,HS %s,B1\n15000,HS %s,B1\n" % (code, code))
        path = f.name
    try:
        p = harness.run_cli("payments", "import", path, "--by", "ke.toan", db=s.db)
    finally:
        os.unlink(path)
    assert "dòng 2\tmatched\t%s" % code in p.stdout and "dòng 3\tduplicate" in p.stdout, p.stdout
    assert "Khớp và đã xác nhận: 1" in p.stdout, p.stdout
    assert s.get("/api/v1/dossiers/" + code, token=rcv).json()["paid_at"] is not None


if __name__ == "__main__":
    harness.main(globals())
