"""Bank statements matched to dossiers' fees, black-box: a matched line marks
the dossier paid (journaled under the importer's name, the clock resumes);
unmatched, duplicate and wrong-amount lines and dossiers not waiting for a fee
are reported and never applied; an importer touches only the dossiers in
their scope, and another unit's lines read exactly like lines without a code;
through the API, the administration page and the command line."""
import json
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
        assert (last["action"], last["actor"], last["role"]) == ("mark_paid", "tiepnhan.thucphan", "system"), last
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
        p = harness.run_cli("payments", "import", path, "--by", "tiepnhan.thucphan", db=s.db)
    finally:
        os.unlink(path)
    assert "dòng 2\tmatched\t%s" % code in p.stdout and "dòng 3\tduplicate" in p.stdout, p.stdout
    assert "Khớp và đã xác nhận: 1" in p.stdout, p.stdout
    assert s.get("/api/v1/dossiers/" + code, token=rcv).json()["paid_at"] is not None


def at_ward_b(s, amount):
    """A dossier received at commune B (01279) and, with an amount, waiting for that fee."""
    rcv = s.login("tiepnhan.nungtricao")
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"},
               token=rcv)
    assert r.status == 201, r
    code = r.json()["code"]
    assert code.startswith("01279-"), code
    if amount:
        r = s.post("/api/v1/dossiers/%s/actions/request_payment" % code, {"amount": amount}, token=rcv)
        assert r.status == 200 and r.json()["state"]["name"] == "payment", r
    return code


def import_csv(s, token, rows):
    csv = "so_tham_chieu,noi_dung,so_tien\n" + "".join("%s,%s,%s\n" % row for row in rows)
    r = s.request("POST", "/api/v1/payments/import", raw=csv.encode("utf-8"), token=token, ctype="text/csv")
    assert r.status == 200, r
    return r.json()


def test_a_receiver_matches_only_the_dossiers_of_their_unit(s):
    """The RBAC matrix's payment.import, end to end: a receiver of commune A imports a statement with lines
    for dossiers of A and of B; A's are matched and journaled under the receiver's name, B's read exactly
    like lines naming no dossier: no code, no state, no fee."""
    rcv_a, spec_a = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    rcv_b = s.login("tiepnhan.nungtricao")
    a1 = awaiting_fee(s, rcv_a, spec_a, 40000)
    b_due, b_wrong, b_not_due = at_ward_b(s, 40000), at_ward_b(s, 30000), at_ward_b(s, 0)
    b_paid = at_ward_b(s, 25000)
    admin = s.login("admin")
    assert import_csv(s, admin, [("P0", "HS " + b_paid, 25000)])["counts"]["matched"] == 1
    rows = [("P1", "HS " + a1, 40000),
            ("P2", "HS " + b_due, 40000), ("P3", "HS " + b_wrong, 40000), ("P4", "HS " + b_not_due, 40000),
            ("P5", "HS " + b_paid, 25000), ("P6", "HS " + b_due, "abc"),
            # The same lines naming no dossier, to compare with.
            ("P7", "chuyen khoan", 40000), ("P8", "chuyen khoan", 40000), ("P9", "chuyen khoan", 40000),
            ("P10", "chuyen khoan", 25000), ("P11", "chuyen khoan", "abc")]
    rep = import_csv(s, rcv_a, rows)
    lines = rep["lines"]
    assert (lines[0]["outcome"], lines[0]["code"]) == ("matched", a1), lines[0]
    for b_line, twin in zip(lines[1:6], lines[6:11]):
        strip = lambda l: {k: v for k, v in l.items() if k not in ("line", "ref", "note")}
        assert strip(b_line) == strip(twin), (b_line, twin)
        assert b_line["outcome"] == "unmatched" and b_line["code"] is None and b_line["expected"] is None, b_line
    assert rep["counts"] == {"matched": 1, "unmatched": 10, "duplicate": 0, "wrong_amount": 0, "not_due": 0}, rep
    body = json.dumps(rep, ensure_ascii=False)
    for code in (b_due, b_wrong, b_not_due, b_paid):
        assert body.count(code) == sum(1 for row in rows if code in row[1]), "only where the line itself said it"
    # A's dossier: paid, journaled under the receiver's name; B's: untouched.
    last = s.get("/api/v1/dossiers/%s/journal" % a1, token=rcv_a).json()["entries"][-1]
    assert (last["action"], last["actor"], last["unit"]) == ("mark_paid", "tiepnhan.thucphan", "01273"), last
    for code, state in ((b_due, "payment"), (b_wrong, "payment"), (b_not_due, "received")):
        d = s.get("/api/v1/dossiers/" + code, token=rcv_b).json()
        assert d["state"]["name"] == state and d["paid_at"] is None, d
        assert s.get("/api/v1/dossiers/%s/journal" % code, token=rcv_b).json()["entries"][-1]["action"] != "mark_paid"
    # The receiver of B, and an administrator, match B's lines.
    rep_b = import_csv(s, rcv_b, rows[1:3])
    assert [l["outcome"] for l in rep_b["lines"]] == ["matched", "wrong_amount"], rep_b
    assert rep_b["lines"][1]["expected"] == 30000
    last = s.get("/api/v1/dossiers/%s/journal" % b_due, token=rcv_b).json()["entries"][-1]
    assert (last["action"], last["actor"]) == ("mark_paid", "tiepnhan.nungtricao"), last
    # Specialists, leaders and supervisors import nothing.
    for who in ("chuyenvien.thucphan", "lanhdao.thucphan", "giamsat"):
        expect_error(s.request("POST", "/api/v1/payments/import", raw=b"so_tien,noi_dung\n1,x\n", token=s.login(who),
                               ctype="text/csv"), 403)


def test_command_line_acts_as_a_real_user_with_their_scope(s):
    rcv_a, spec_a = s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan")
    a1, b1 = awaiting_fee(s, rcv_a, spec_a, 12000), at_ward_b(s, 12000)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("amount,description\n12000,HS %s\n12000,HS %s\n" % (a1, b1))
        path = f.name
    try:
        p = harness.run_cli("payments", "import", path, "--by", "tiepnhan.thucphan", db=s.db)
        assert "dòng 2\tmatched\t%s" % a1 in p.stdout, p.stdout
        assert "dòng 3\tunmatched\t-" in p.stdout and b1 not in p.stdout, p.stdout
        last = s.get("/api/v1/dossiers/%s/journal" % a1, token=rcv_a).json()["entries"][-1]
        assert (last["action"], last["actor"]) == ("mark_paid", "tiepnhan.thucphan"), last
        assert s.get("/api/v1/dossiers/" + b1, token=s.login("tiepnhan.nungtricao")).json()["paid_at"] is None
        # No --by, an unknown account, an account that may not import: nothing is read.
        p = harness.run_cli("payments", "import", path, db=s.db, check=False)
        assert p.returncode == 2 and "--by" in p.stderr, p.stderr
        p = harness.run_cli("payments", "import", path, "--by", "khong.co.ai", db=s.db, check=False)
        assert p.returncode == 1 and "khong.co.ai" in p.stderr, p.stderr
        p = harness.run_cli("payments", "import", path, "--by", "0912345678", db=s.db, check=False)
        assert p.returncode != 0 and is_vietnamese(p.stderr), p.stderr
        # An administrator: the whole province.
        p = harness.run_cli("payments", "import", path, "--by", "admin", db=s.db)
        assert "dòng 3\tmatched\t%s" % b1 in p.stdout, p.stdout
    finally:
        os.unlink(path)


if __name__ == "__main__":
    harness.main(globals())
